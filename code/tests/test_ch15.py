"""Chapter 15's checkers accept right answers (the reference and other
correct ways) and name the usual mistakes: a forgotten padding, a true
convolution instead of the cross-correlation, an off-by-one size."""

import math

import numpy as np
import pytest

from nnscratch import functional as F
from nnscratch.exercises import ch15
from reporting import failed_lines, words
from test_conv import naive_conv  # the four loops, the definition


# ------------------------------------------------------------ output size

def size_reference(n, k, padding, stride):
    return (n + 2 * padding - k) // stride + 1


def size_by_counting(n, k, padding, stride):
    """Another correct way: count the start positions that fit."""
    return len(range(0, n + 2 * padding - k + 1, stride))


def size_library(n, k, padding, stride):
    return F.conv_output_size(n, k, padding, stride)


@pytest.mark.parametrize("answer", [size_reference, size_by_counting,
                                    size_library])
def test_size_accepts_right_answers(answer):
    report = ch15.check_conv_output_size(answer)
    assert report and report.total == 7, str(report)


@pytest.mark.parametrize("broken, named", [
    (lambda n, k, p, s: (n + 2 * p - k) // s, "forgets the + 1"),
    (lambda n, k, p, s: (n + p - k) // s + 1, "padding only once"),
    (lambda n, k, p, s: (n - k) // s + 1, "ignores the padding"),
    (lambda n, k, p, s: math.ceil((n + 2 * p - k) / s) + 1, "rounds the division up"),
])
def test_size_names_common_mistakes(broken, named):
    report = ch15.check_conv_output_size(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def test_size_rejects_true_division():
    report = ch15.check_conv_output_size(lambda n, k, p, s: (n + 2 * p - k) / s + 1)
    assert not report and "not a whole number" in words(report)


# ------------------------------------------------------------ forward



def conv_einsum(x, W, b, stride, padding):
    """A correct alternative: all windows as a view, one einsum."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    kh, kw = W.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))
    win = win[:, :, ::stride, ::stride]
    return np.einsum("ncpqij,fcij->nfpq", win, W) + b[None, :, None, None]


def conv_true_convolution(x, W, b, stride, padding):
    return naive_conv(x, W[:, :, ::-1, ::-1], b, stride, padding)


def conv_no_padding(x, W, b, stride, padding):
    return naive_conv(x, W, b, stride, 0)


def conv_off_by_one(x, W, b, stride, padding):
    out = naive_conv(x, W, b, stride, padding)
    return out[:, :, :-1, :-1]


def conv_no_bias(x, W, b, stride, padding):
    return naive_conv(x, W, np.zeros_like(b), stride, padding)


@pytest.mark.parametrize("answer", [naive_conv, conv_einsum])
def test_conv2d_accepts_right_answers(answer):
    report = ch15.check_conv2d(answer)
    assert report and report.total == 4, str(report)


@pytest.mark.parametrize("broken, named", [
    (conv_true_convolution, "true convolution"),
    (conv_no_padding, "forgets the padding"),
    (conv_off_by_one, "off-by-one"),
    (conv_no_bias, "forgets the bias"),
])
def test_conv2d_names_common_mistakes(broken, named):
    report = ch15.check_conv2d(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def test_conv2d_survives_an_exception_and_a_missing_return():
    report = ch15.check_conv2d(lambda *a: 1 / 0)
    assert not report and "ZeroDivisionError" in words(report)
    report = ch15.check_conv2d(lambda *a: None)
    assert not report and "forget `return`" in words(report)


# ------------------------------------------------------------ backward

def backward_reference(x, W, dout, stride, padding):
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    N, Fn, OH, OW = dout.shape
    kh, kw = W.shape[2:]
    for n in range(N):
        for f in range(Fn):
            for p in range(OH):
                for q in range(OW):
                    r = slice(p * stride, p * stride + kh)
                    c = slice(q * stride, q * stride + kw)
                    dW[f] += dout[n, f, p, q] * xp[n, :, r, c]
                    dxp[n, :, r, c] += dout[n, f, p, q] * W[f]
    H, Wd = x.shape[2:]
    return (dxp[:, :, padding:padding + H, padding:padding + Wd], dW,
            dout.sum(axis=(0, 2, 3)))


def backward_library(x, W, dout, stride, padding):
    cache = F.conv2d_forward(x, W, None, stride, padding)[1]
    return F.conv2d_backward(dout, cache)


def backward_flipped_dW(x, W, dout, stride, padding):
    dx, dW, db = backward_reference(x, W, dout, stride, padding)
    return dx, dW[:, :, ::-1, ::-1], db


def backward_first_image_db(x, W, dout, stride, padding):
    dx, dW, _ = backward_reference(x, W, dout, stride, padding)
    return dx, dW, dout[0].sum(axis=(1, 2))


def backward_in_place(x, W, dout, stride, padding):
    grads = backward_reference(x, W, dout, stride, padding)
    dout *= 0
    return grads


@pytest.mark.parametrize("answer", [backward_reference, backward_library])
def test_backward_accepts_right_answers(answer):
    report = ch15.check_conv2d_backward(answer)
    assert report and report.total == 12, str(report)


@pytest.mark.parametrize("broken, named", [
    (backward_flipped_dW, "dW (it is flipped)"),
    (backward_first_image_db, "only the first image"),
    (backward_in_place, "changed its inputs"),
])
def test_backward_names_common_mistakes(broken, named):
    report = ch15.check_conv2d_backward(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def backward_dx_unflipped(x, W, dout, stride, padding):
    """dx of the correlation with the kernel rotated: the wrong way round."""
    dx, _, _ = backward_library(x, W[:, :, ::-1, ::-1], dout, stride, padding)
    _, dW, db = backward_reference(x, W, dout, stride, padding)
    return dx, dW, db


def test_backward_names_a_kernel_used_the_wrong_way_round():
    report = ch15.check_conv2d_backward(backward_dx_unflipped)
    assert not report and "wrong way round" in words(report)
