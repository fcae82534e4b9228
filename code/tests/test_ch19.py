"""Chapter 19's checkers accept right answers and name the usual mistakes."""

import numpy as np
import pytest

from nnscratch.exercises import ch19
from reporting import failed_lines, words


def gram_reshape(F):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    return Fm @ Fm.transpose(0, 2, 1) / (H * W)


def gram_einsum(F):
    return np.einsum("nchw,ndhw->ncd", F, F) / (F.shape[2] * F.shape[3])


def gram_loop(F):
    out = []
    for f in F:
        m = f.reshape(f.shape[0], -1)
        out.append(m @ m.T / m.shape[1])
    return np.stack(out)


def gram_positions(F):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    return Fm.transpose(0, 2, 1) @ Fm / (H * W)


def gram_unnormalised(F):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    return Fm @ Fm.transpose(0, 2, 1)


def gram_mixed(F):
    N, C, H, W = F.shape
    Fm = F.transpose(1, 0, 2, 3).reshape(C, -1)
    return np.stack([Fm @ Fm.T / Fm.shape[1]] * N)


def gram_stub(F):
    raise NotImplementedError


@pytest.mark.parametrize("answer", [gram_reshape, gram_einsum, gram_loop])
def test_gram_accepts_right_answers(answer):
    report = ch19.check_gram_matrix(answer)
    assert report and report.total == 3, str(report)


@pytest.mark.parametrize("broken, named", [
    (gram_positions, "positions by positions"),
    (gram_unnormalised, "divide by the number of positions"),
    (gram_mixed, "mixes the images of a batch"),
])
def test_gram_names_the_mistake(broken, named):
    report = ch19.check_gram_matrix(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def test_gram_stub():
    report = ch19.check_gram_matrix(gram_stub)
    assert not report and "not implemented yet" in words(report)


def grad_reference(F, G_t):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    D = gram_reshape(F) - G_t
    return ((2 / (H * W)) * (D + D.transpose(0, 2, 1)) @ Fm).reshape(F.shape)


def grad_four(F, G_t):
    """G is symmetric, so (D + D^T) = 2 D: just as right."""
    M = F.shape[2] * F.shape[3]
    D = gram_einsum(F) - G_t
    return 4 / M * np.einsum("ncd,ndhw->nchw", D, F)


def grad_loop(F, G_t):
    out = np.zeros_like(F)
    for n in range(F.shape[0]):
        f = F[n].reshape(F.shape[1], -1)
        D = f @ f.T / f.shape[1] - G_t[n]
        out[n] = (2 / f.shape[1] * (D + D.T) @ f).reshape(F.shape[1:])
    return out


def grad_one_side(F, G_t):
    return grad_reference(F, G_t) / 2


def grad_sign(F, G_t):
    return -grad_reference(F, G_t)


def grad_no_M(F, G_t):
    return grad_reference(F, G_t) * F.shape[2] * F.shape[3]


@pytest.mark.parametrize("answer", [grad_reference, grad_four, grad_loop])
def test_gradient_accepts_right_answers(answer):
    report = ch19.check_style_loss_gradient(answer)
    assert report and report.total == 2, str(report)


@pytest.mark.parametrize("broken, named", [
    (grad_one_side, "one of the two places"),
    (grad_sign, "sign"),
    (grad_no_M, "1 / M"),
])
def test_gradient_names_the_mistake(broken, named):
    report = ch19.check_style_loss_gradient(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def test_style_images_ship_with_the_package():
    from nnscratch.data import load_style_images
    content, style = load_style_images()
    for img in (content, style):
        assert img.shape == (3, 64, 64) and img.dtype == np.float32
        assert 0.0 <= img.min() and img.max() <= 1.0
    # the cat is bright; the wooden table is orange-brown: red above green
    # above blue (means about 0.64, 0.33, 0.16)
    assert content.mean() > 0.3
    red, green, blue = style.mean(axis=(1, 2))
    assert red > green + 0.2 and green > blue + 0.1, (red, green, blue)
