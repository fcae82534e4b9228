"""Checkers for chapter 16, Pooling and the CNN pipeline.

All pooling here uses square windows of ``size`` x ``size`` that do not
overlap (the stride is ``size``) on images ``x`` of shape (N, C, H, W)
whose H and W are multiples of ``size``.

- ``check_max_pool_forward(fn)``: ``fn(x, size)`` returns the
  (N, C, H // size, W // size) array of window maxima.
- ``check_max_pool_backward(fn)``: ``fn(x, dout, size)`` returns dL/dx,
  shape like x: each window's gradient goes to ONE input, its maximum,
  the first in reading order when several tie (as the library and
  PyTorch do).
- ``check_avg_pool_backward(fn)``: ``fn(dout, x_shape, size)`` returns
  dL/dx for average pooling: every input gets 1 / size**2 of its
  window's gradient.
"""

import numpy as np

from ..functional import (avg_pool2d_backward, avg_pool2d_forward,
                          max_pool2d_backward, max_pool2d_forward)
from ._report import Report, find_mistake


def _windows(x, size):
    """(N, C, H, W) -> (N, C, H/size, W/size, size*size): the windows,
    each one flattened in reading order."""
    N, C, H, W = x.shape
    w = x.reshape(N, C, H // size, size, W // size, size)
    return w.transpose(0, 1, 2, 4, 3, 5).reshape(
        N, C, H // size, W // size, size * size)


def _unwindows(w, shape, size):
    """The inverse of _windows."""
    N, C, H, W = shape
    w = w.reshape(N, C, H // size, W // size, size, size)
    return w.transpose(0, 1, 2, 4, 3, 5).reshape(shape)


# ------------------------------------------------------------ test inputs

# The chapter's 4 x 4 example: one image, one channel, all maxima unique.
SMALL = np.array([[1., 3., 2., 0.],
                  [4., 2., 1., 5.],
                  [0., 1., 3., 2.],
                  [2., 6., 1., 1.]]).reshape(1, 1, 4, 4)

# After a ReLU: the top-left window is all zeros, the top-right one has
# a tie of two 2s, the bottom-left is unique, the bottom-right ties 3s.
TIED = np.array([[0., 0., 2., 1.],
                 [0., 0., 0., 2.],
                 [1., 0., 3., 3.],
                 [0., 4., 3., 0.]]).reshape(1, 1, 4, 4)


def _random(shape, seed, relu=False, dtype=np.float64):
    x = np.random.default_rng(seed).normal(size=shape).astype(dtype)
    return np.maximum(x, 0) if relu else x


# ------------------------------------------------------------ forward

_FWD_MISTAKES = [
    (lambda x, s: _windows(x, s).mean(axis=-1),
     "it averages the window instead of taking its maximum",
     "max pooling keeps the LARGEST value of each window: .max, not .mean"),
    (lambda x, s: x.reshape(x.shape[0], x.shape[1], x.shape[2] // s, s,
                            x.shape[3] // s, s).max(axis=(2, 4)),
     "it takes the maximum over the wrong axes",
     "after x.reshape(N, C, H // size, size, W // size, size) the axes "
     "INSIDE a window are 3 and 5: .max(axis=(3, 5))"),
    (lambda x, s: x.reshape(x.shape[0], x.shape[1], -1, s * s).max(axis=-1)
     .reshape(x.shape[0], x.shape[1], x.shape[2] // s, x.shape[3] // s),
     "its windows are runs of size*size pixels in memory, not squares",
     "a reshape to (..., -1, size * size) groups neighbours of a ROW only: "
     "reshape to (N, C, H // size, size, W // size, size) and reduce axes "
     "3 and 5"),
    (lambda x, s: np.abs(_windows(x, s)).max(axis=-1),
     "it takes the largest absolute value",
     "keep the sign: a window of negative numbers has a negative maximum"),
]


def _cases_forward():
    return [
        ("the 4 x 4 example, size 2", SMALL, 2),
        ("random negative and positive values, (2, 3, 6, 8), size 2",
         _random((2, 3, 6, 8), 16), 2),
        ("windows of size 3 on (1, 2, 6, 9)", _random((1, 2, 6, 9), 3), 3),
        ("float32 input (the dtype must stay float32)",
         _random((2, 4, 4, 4), 7, dtype=np.float32), 2),
    ]


def check_max_pool_forward(fn):
    """Exercise: ``fn(x, size)`` returns the maximum of every size x
    size window of x (N, C, H, W), windows not overlapping: an array
    (N, C, H // size, W // size) of the same dtype."""
    r = Report("check_max_pool_forward")
    general = ("reshape x to (N, C, H // s, s, W // s, s) and take "
               ".max(axis=(3, 5)), or loop over the output positions")
    for what, x, size in _cases_forward():
        want = max_pool2d_forward(x, size)[0]
        ran, got = r.answer(what, lambda: fn(x.copy(), size), general)
        if not ran:
            continue
        got = np.asarray(got)
        if got.shape != want.shape:
            r.check(False, f"{what}: got shape {got.shape}, expected "
                    f"{want.shape}", "one output per window: "
                    "(N, C, H // size, W // size)")
            continue
        if np.allclose(got, want):
            if got.dtype != x.dtype:
                r.check(False, f"{what}: right values but dtype "
                        f"{got.dtype}, expected {x.dtype}",
                        "build the output with the input's dtype "
                        "(np.zeros(..., dtype=x.dtype) or np.empty_like)")
            else:
                r.check(True, what)
            continue
        name, hint = find_mistake(_FWD_MISTAKES, got, (x, size))
        r.check(False, what + (f" ({name})" if name else " (wrong values)"),
                hint or general)
    return r


# ------------------------------------------------------------ backward

def _reshape_trick(x, dout, s):
    N, C, H, W = x.shape
    out = x.reshape(N, C, H // s, s, W // s, s).max(axis=(3, 5))
    mask = x == np.repeat(np.repeat(out, s, axis=2), s, axis=3)
    return mask * np.repeat(np.repeat(dout, s, axis=2), s, axis=3)


def _shared_among_ties(x, dout, s):
    w = _windows(x, s)
    mask = w == w.max(axis=-1, keepdims=True)
    share = mask / mask.sum(axis=-1, keepdims=True)
    return _unwindows(share * dout[..., None], x.shape, s)


def _last_max(x, dout, s):
    w = _windows(x, s)
    k = w.shape[-1] - 1 - np.argmax(w[..., ::-1], axis=-1)
    dw = np.zeros_like(w)
    np.put_along_axis(dw, k[..., None], dout[..., None], axis=-1)
    return _unwindows(dw, x.shape, s)


def _like_average(x, dout, s):
    return avg_pool2d_backward(dout, avg_pool2d_forward(x, s)[1])


def _not_routed(x, dout, s):
    return np.repeat(np.repeat(dout, s, axis=2), s, axis=3)


_BWD_MISTAKES = [
    (_reshape_trick,
     "it sends a window's gradient to EVERY input that ties for the "
     "maximum (the mask x == max)",
     "after a ReLU whole windows are 0 and x == max is True four times: "
     "the gradient would count four times. Give it to one input only, "
     "the first maximum: np.argmax over the flattened window"),
    (_shared_among_ties,
     "it shares a window's gradient among the tied inputs",
     "that sums to the right total but is not what the library does: "
     "give the whole gradient to the FIRST maximum (np.argmax)"),
    (_last_max,
     "it gives a tied window's gradient to the LAST maximum",
     "np.argmax returns the first maximum in reading order; a loop must "
     "stop at the first match (or compare with > rather than >=)"),
    (_like_average,
     "it spreads the gradient evenly, as average pooling does",
     "max pooling passes the gradient to the maximum only; the other "
     "inputs did not change the output, their gradient is 0"),
    (_not_routed,
     "it copies dout to every input of the window",
     "only the input that was the maximum gets dout; the others get 0"),
]


def _cases_backward():
    rng = np.random.default_rng(160)
    return [
        ("the 4 x 4 example (no ties), size 2", SMALL,
         np.array([[[[1., 2.], [3., 4.]]]])),
        ("a window of four zeros after a ReLU, and two ties", TIED,
         np.array([[[[1., 2.], [3., 4.]]]])),
        ("random input after a ReLU, (2, 3, 6, 8), size 2 (many zero "
         "windows)", _random((2, 3, 6, 8), 161, relu=True),
         rng.normal(size=(2, 3, 3, 4))),
        ("windows of size 3 on (1, 2, 6, 9), all-zero windows after a ReLU",
         np.maximum(_random((1, 2, 6, 9), 162) - 1.0, 0),
         rng.normal(size=(1, 2, 2, 3))),
    ]


def check_max_pool_backward(fn):
    """Exercise: ``fn(x, dout, size)`` returns dL/dx for max pooling
    with size x size windows (stride size): the gradient dout of each
    window goes to the input that was its maximum, only one, the first
    in reading order when several tie. x, dx : (N, C, H, W); dout :
    (N, C, H // size, W // size)."""
    r = Report("check_max_pool_backward")
    general = ("for each window find the position of its first maximum "
               "(np.argmax of the flattened window) and put that window's "
               "dout there; every other position gets 0")
    for what, x, dout in _cases_backward():
        size = x.shape[2] // dout.shape[2]
        want = max_pool2d_backward(dout, max_pool2d_forward(x, size)[1])
        x_in, d_in = x.copy(), dout.copy()
        ran, got = r.answer(what, lambda: fn(x_in, d_in, size), general)
        if not ran:
            continue
        if not (np.array_equal(x_in, x) and np.array_equal(d_in, dout)):
            r.check(False, f"{what}: your function changed x or dout",
                    "a backward pass must not write into its inputs: "
                    "build dx in a new array (np.zeros_like(x))")
            continue
        got = np.asarray(got)
        if got.shape != want.shape:
            r.check(False, f"{what}: got shape {got.shape}, expected "
                    f"{want.shape}", "dx has the shape of x")
            continue
        if np.allclose(got, want):
            r.check(True, what)
            continue
        name, hint = find_mistake(_BWD_MISTAKES, got, (x, dout, size))
        r.check(False, what + (f" ({name})" if name else " (wrong values)"),
                hint or general)
    return r


# ------------------------------------------------------------ average pooling

_AVG_MISTAKES = [
    (lambda d, shape, s: np.repeat(np.repeat(d, s, axis=2), s, axis=3),
     "it forgets to divide by the window's size",
     "each input contributes 1 / size**2 of the window's mean: divide "
     "dout by size * size"),
    (lambda d, shape, s: np.repeat(np.repeat(d, s, axis=2), s, axis=3) / s,
     "it divides by size instead of size * size",
     "a window holds size * size inputs"),
    (lambda d, shape, s: np.tile(d, (1, 1, s, s)) / (s * s),
     "it tiles dout instead of repeating each value over its window",
     "np.tile copies the WHOLE map side by side; each value belongs to "
     "its own window: np.repeat along axes 2 and 3"),
]


def check_avg_pool_backward(fn):
    """Exercise: ``fn(dout, x_shape, size)`` returns dL/dx (shape
    x_shape) for average pooling with size x size windows (stride
    size): each input gets dout of its window divided by size**2."""
    r = Report("check_avg_pool_backward")
    general = ("repeat each value of dout over its size x size window "
               "(np.repeat along axes 2 and 3) and divide by size * size")
    rng = np.random.default_rng(1616)
    cases = [("a 2 x 2 map of gradients, size 2",
              np.array([[[[1., 2.], [3., 4.]]]]), (1, 1, 4, 4), 2),
             ("random (2, 3, 3, 4) gradients, size 2",
              rng.normal(size=(2, 3, 3, 4)), (2, 3, 6, 8), 2),
             ("size 3, (1, 2, 2, 3) gradients",
              rng.normal(size=(1, 2, 2, 3)), (1, 2, 6, 9), 3)]
    for what, dout, shape, size in cases:
        want = avg_pool2d_backward(dout, (shape, np.float64, size, size))
        ran, got = r.answer(what, lambda: fn(dout.copy(), shape, size),
                            general)
        if not ran:
            continue
        got = np.asarray(got)
        if got.shape != want.shape:
            r.check(False, f"{what}: got shape {got.shape}, expected "
                    f"{want.shape}", "dx has the shape x_shape")
            continue
        if np.allclose(got, want):
            r.check(True, what)
            continue
        name, hint = find_mistake(_AVG_MISTAKES, got, (dout, shape, size))
        r.check(False, what + (f" ({name})" if name else " (wrong values)"),
                hint or general)
    return r
