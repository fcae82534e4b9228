"""Checkers for chapter 15, Convolution.

Every convolution here is a cross-correlation, as in every deep-learning
library: the kernel is NOT flipped. Images are NCHW, x : (N, C, H, W);
filters W : (F, C, kh, kw); biases b : (F,).

- ``check_conv_output_size(fn)``: ``fn(n, k, padding, stride)`` returns
  the output length floor((n + 2 * padding - k) / stride) + 1, an int.
- ``check_conv2d(fn)``: ``fn(x, W, b, stride, padding)`` returns the
  (N, F, OH, OW) output of the convolution, loops allowed.
- ``check_conv2d_backward(fn)``: ``fn(x, W, dout, stride, padding)``
  returns (dx, dW, db), the gradients of the loss with respect to x, W
  and b, given dout = dL/d(output).
"""

import math

import numpy as np

from ..functional import conv2d_backward, conv2d_forward
from ._report import Report, find_mistake


# ------------------------------------------------------------ output size

_SIZE_CASES = [
    # (n, k, padding, stride)
    (5, 3, 0, 1),     # the chapter's 5 x 5 image, 3 x 3 kernel
    (28, 5, 2, 1),    # "same" padding keeps 28
    (28, 3, 1, 2),    # stride 2 halves
    (7, 3, 0, 2),
    (10, 4, 1, 3),    # the division does not come out even
    (32, 5, 0, 1),
    (6, 2, 0, 2),     # a 2 x 2 pooling window
]

_SIZE_MISTAKES = [
    (lambda n, k, p, s: (n + 2 * p - k) // s,
     "it forgets the + 1",
     "count the positions: with n = k the kernel fits exactly once, "
     "so the formula must give 1 there"),
    (lambda n, k, p, s: (n + p - k) // s + 1,
     "it adds the padding only once",
     "padding adds p zeros on EACH side: n + 2 * p"),
    (lambda n, k, p, s: (n - k) // s + 1,
     "it ignores the padding",
     "the kernel slides over the padded input, n + 2 * padding long"),
    (lambda n, k, p, s: n + 2 * p - k + 1,
     "it ignores the stride",
     "with stride s only every s-th position is kept: divide by s"),
    (lambda n, k, p, s: math.ceil((n + 2 * p - k) / s) + 1,
     "it rounds the division up",
     "a window that would stick out of the padded input is dropped: "
     "round DOWN, with //"),
]


def check_conv_output_size(fn):
    """Exercise: ``fn(n, k, padding, stride)`` returns the length of a
    convolution's output along one axis, for an input of length n and a
    kernel of length k: an int."""
    r = Report("check_conv_output_size")
    general = "floor((n + 2 * padding - k) / stride) + 1, with // for floor"
    for n, k, p, s in _SIZE_CASES:
        what = f"n={n}, k={k}, padding={p}, stride={s}"
        want = (n + 2 * p - k) // s + 1
        ran, got = r.answer(what, lambda: fn(n, k, p, s), general)
        if not ran:
            continue
        if isinstance(got, (float, np.floating)) and got != int(got):
            r.check(False, f"{what}: got {got}, not a whole number",
                    "a size is a count: use // (floor division), not /")
            continue
        if got == want:
            r.check(True, f"{what} -> {want}")
            continue
        hint = general
        name = None
        for mistake, mname, mhint in _SIZE_MISTAKES:
            if mistake(n, k, p, s) == got:
                name, hint = mname, mhint
                break
        r.check(False, f"{what}: got {got}, expected {want}"
                + (f" ({name})" if name else ""), hint)
    return r


# ------------------------------------------------------------ forward

# The chapter's 5 x 5 image and a kernel that is not symmetric, so that
# a flipped kernel (a true convolution) gives other numbers.
IMAGE = np.array([[3., 0., 1., 2., 7.],
                  [1., 5., 8., 9., 3.],
                  [2., 7., 2., 5., 1.],
                  [0., 1., 3., 1., 7.],
                  [4., 2., 1., 6., 2.]]).reshape(1, 1, 5, 5)
KERNEL = np.array([[1., 0., -1.],
                   [2., 0., -2.],
                   [1., 0., -1.]]).reshape(1, 1, 3, 3)


def _random(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


def _cases_forward():
    return [
        ("the 5 x 5 example, a 3 x 3 Sobel kernel, no padding, stride 1",
         IMAGE, KERNEL, np.zeros(1), 1, 0),
        ("the 5 x 5 example with padding 1", IMAGE, KERNEL, np.array([0.5]),
         1, 1),
        ("(2, 3, 7, 7) images, 4 filters (4, 3, 3, 3), stride 2, padding 1",
         _random((2, 3, 7, 7), 1), _random((4, 3, 3, 3), 2),
         _random(4, 3), 2, 1),
        ("a 2 x 3 kernel on (1, 2, 6, 5), stride 1, padding 0",
         _random((1, 2, 6, 5), 4), _random((3, 2, 2, 3), 5),
         _random(3, 6), 1, 0),
    ]


_FWD_MISTAKES = [
    (lambda x, W, b, s, p: conv2d_forward(x, W[:, :, ::-1, ::-1], b, s, p)[0],
     "it flips the kernel: a true convolution, not the cross-correlation",
     "deep-learning libraries do NOT flip the kernel: multiply "
     "W[f, c, i, j] with xp[n, c, p*stride + i, q*stride + j]"),
    (lambda x, W, b, s, p: conv2d_forward(x, W, b, s, 0)[0],
     "it forgets the padding",
     "pad first: xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))), and "
     "slide the kernel over xp"),
    (lambda x, W, b, s, p: conv2d_forward(x, W, b, 1, p)[0],
     "it ignores the stride",
     "output (p, q) starts at row p * stride and column q * stride"),
    (lambda x, W, b, s, p: conv2d_forward(x, W, b, s, p)[0][:, :, :-1, :-1],
     "its output is one row and one column too small (an off-by-one)",
     "OH = (H + 2 * padding - kh) // stride + 1: do not forget the + 1"),
    (lambda x, W, b, s, p: conv2d_forward(x, W, None, s, p)[0],
     "it forgets the bias",
     "add b[f] to every position of filter f's map"),
    (lambda x, W, b, s, p: conv2d_forward(x[:, :1], W[:, :1], b, s, p)[0],
     "it uses only the first input channel",
     "sum over ALL channels c (and i, j): a filter sees every channel"),
]


def check_conv2d(fn):
    """Exercise: ``fn(x, W, b, stride, padding)`` returns the
    convolution (cross-correlation) of images x (N, C, H, W) with
    filters W (F, C, kh, kw) plus biases b (F,): an array (N, F, OH,
    OW)."""
    r = Report("check_conv2d")
    general = ("pad x, then for every image n, filter f and output "
               "position (p, q): out[n, f, p, q] = b[f] + sum of "
               "W[f] * xp[n, :, p*s:p*s+kh, q*s:q*s+kw]")
    for what, x, W, b, s, p in _cases_forward():
        want = conv2d_forward(x, W, b, s, p)[0]
        args = (x.copy(), W.copy(), b.copy(), s, p)
        ran, got = r.answer(what, lambda: fn(*args), general)
        if not ran:
            continue
        got = np.asarray(got)
        if got.shape == want.shape and np.allclose(got, want):
            r.check(True, what)
            continue
        name, hint = find_mistake(_FWD_MISTAKES, got, (x, W, b, s, p))
        if name is None and got.shape != want.shape:
            r.check(False, f"{what}: got shape {got.shape}, expected "
                    f"{want.shape}", "(N, F, OH, OW) with OH = (H + 2 * "
                    "padding - kh) // stride + 1, OW likewise")
            continue
        r.check(False, what + (f" ({name})" if name else " (wrong values)"),
                hint or general)
    return r


# ------------------------------------------------------------ backward

def _flipped_dx(x, W, dout, s, p):
    """dx computed with the kernel not flipped (a correlation)."""
    cache = conv2d_forward(x, W[:, :, ::-1, ::-1], None, s, p)[1]
    return conv2d_backward(dout, cache)[0]


def _check_part(r, what, part, got, want, mistakes, hint):
    got = np.asarray(got)
    if got.shape == want.shape and np.allclose(got, want):
        return r.check(True, f"{what}: {part}")
    for wrong, name, mhint in mistakes:
        if wrong is not None and np.shape(got) == np.shape(wrong) \
                and np.allclose(got, wrong):
            return r.check(False, f"{what}: {part} ({name})", mhint)
    if got.shape != want.shape:
        return r.check(False, f"{what}: {part} has shape {got.shape}, "
                       f"expected {want.shape}", hint)
    return r.check(False, f"{what}: {part} (wrong values)", hint)


def check_conv2d_backward(fn):
    """Exercise: ``fn(x, W, dout, stride, padding)`` returns (dx, dW,
    db) for the convolution out = conv2d(x, W, b, stride, padding),
    given dout = dL/dout (N, F, OH, OW)."""
    r = Report("check_conv2d_backward")
    general = ("loop as in the forward pass; at every (n, f, p, q) add "
               "dout[n, f, p, q] * W[f] to the window of dxp and "
               "dout[n, f, p, q] * window to dW[f]; db[f] sums dout")
    for what, x, W, b, s, p in _cases_forward():
        out, cache = conv2d_forward(x, W, b, s, p)
        dout = _random(out.shape, 7)
        dx, dW, db = conv2d_backward(dout, cache)
        args = (x.copy(), W.copy(), dout.copy(), s, p)
        ran, got = r.attempt(what, lambda: fn(*args), general)
        if not ran:
            continue
        if got is None or len(got) != 3:
            r.check(False, f"{what}: expected a tuple (dx, dW, db)",
                    "return dx, dW, db")
            continue
        if not all(np.array_equal(a, c) for a, c in
                   zip(args[:3], (x, W, dout))):
            r.check(False, f"{what}: your function changed its inputs",
                    "build the gradients in new arrays (np.zeros_like)")
            continue
        gx, gW, gb = got
        _check_part(r, what, "dx", gx, dx, [
            (_flipped_dx(x, W, dout, s, p),
             "the kernel is used the wrong way round",
             "dx is a FULL convolution of dout with the flipped kernel; "
             "in loops: dxp[window] += dout[n, f, p, q] * W[f], unflipped"),
            ], general)
        _check_part(r, what, "dW", gW, dW, [
            (dW[:, :, ::-1, ::-1], "it is flipped",
             "dW[f, c, i, j] sums dout[n, f, p, q] * xp[n, c, p*s + i, "
             "q*s + j]: the window, not flipped"),
            (dW / x.shape[0], "it is averaged over the batch",
             "the loss sums over the images: add, do not average")],
            general)
        _check_part(r, what, "db", gb, db, [
            (dout[0].sum(axis=(1, 2)), "it uses only the first image",
             "sum dout over images AND positions: axis=(0, 2, 3)"),
            (dout.sum(axis=(0, 2, 3)) / np.prod(dout.shape[2:]),
             "it averages over positions",
             "every position adds b[f]: sum, do not average")],
            "db[f] = dout[:, f].sum()")
    return r
