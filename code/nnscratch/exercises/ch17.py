"""Checkers for chapter 17, Architectures: LeNet, AlexNet, ResNet.

- ``check_param_count(fn)``: ``fn(in_channels, out_channels, kernel_size,
  bias=True)`` returns the number of parameters of a Conv2d layer.
- ``check_receptive_field(fn)``: ``fn(layers)`` takes a list of
  ``(kernel_size, stride)`` pairs, first layer first, and returns how many
  input pixels (along one side) one output unit sees.
- ``check_residual_backward(fn)``: ``fn(dout, body_backward)`` returns
  dL/dx of the block out = x + F(x), given dL/dout and the function
  ``body_backward`` that turns dL/dF(x) into dL/dx through F alone.
"""

import numpy as np

from ._report import Report


# ---------------------------------------------------------------- parameters

def _conv_params(in_channels, out_channels, kernel_size, bias=True):
    """F filters of C * k * k weights, and one bias per filter."""
    return (out_channels * in_channels * kernel_size ** 2
            + (out_channels if bias else 0))


# (C, F, k, bias, what): LeNet's and AlexNet's layers, and a 1x1 conv
_PARAM_CASES = [
    (1, 6, 5, True, "LeNet-5 C1: 6 filters 5x5 on 1 channel"),
    (6, 16, 5, True, "LeNet-5 C3: 16 filters 5x5 on 6 channels"),
    (3, 96, 11, True, "AlexNet conv1: 96 filters 11x11 on 3 channels"),
    (64, 128, 1, True, "a 1x1 convolution, 64 -> 128 channels"),
    (64, 64, 3, False, "ResNet 3x3 conv without bias (before a BatchNorm)"),
]

_PARAM_MISTAKES = [
    (lambda C, F, k, bias=True: F * C * k * k,
     "it forgets the biases",
     "each of the F filters has one bias: add F when bias=True"),
    (lambda C, F, k, bias=True: F * C * k * k + F,
     "it adds the biases even when bias=False",
     "with bias=False the layer has weights only: F * C * k * k"),
    (lambda C, F, k, bias=True: F * k * k + (F if bias else 0),
     "it forgets the input channels",
     "each filter spans ALL C input channels: C * k * k weights"),
    (lambda C, F, k, bias=True: F * C * k + (F if bias else 0),
     "it counts k weights per channel instead of k * k",
     "a k x k kernel has k * k weights per input channel"),
    (lambda C, F, k, bias=True: C * k * k + (F if bias else 0),
     "it counts one filter only",
     "there are F filters (out_channels), each with C * k * k weights"),
    (lambda C, F, k, bias=True: F * C * k * k + (F * C * k * k if bias else 0),
     "it gives every weight its own bias",
     "a bias belongs to a filter (an output channel), not to a weight: F"),
]


def _diagnose(fn_mistakes, got, args):
    for mistake, name, hint in fn_mistakes:
        try:
            if mistake(*args) == got:
                return name, hint
        except Exception:  # noqa: BLE001 - a known mistake may not apply
            continue
    return None, None


def check_param_count(fn):
    """Exercise: ``fn(in_channels, out_channels, kernel_size, bias=True)``
    returns the number of learned numbers of a Conv2d layer:
    F * C * k * k weights, plus F biases when bias is True."""
    r = Report("check_param_count")
    general = "F filters, each C x k x k weights, plus one bias per filter"
    for C, F, k, bias, what in _PARAM_CASES:
        want = _conv_params(C, F, k, bias)
        ran, got = r.answer(what, lambda: fn(C, F, k, bias=bias), general)
        if not ran:
            continue
        try:
            ok = float(got) == want and float(got).is_integer()
        except (TypeError, ValueError):
            ok = False
        if ok:
            r.check(True, f"{what}: {want:,}")
            continue
        name, hint = _diagnose(_PARAM_MISTAKES, got, (C, F, k, bias))
        text = f"{what}: got {got}, expected {want:,}"
        r.check(False, text + (f" ({name})" if name else ""),
                hint or general)
    return r


# ------------------------------------------------------------ receptive field

def _receptive_field(layers):
    """1 + sum of (k_l - 1) * (product of the strides below layer l)."""
    field, jump = 1, 1
    for k, s in layers:
        field += (k - 1) * jump
        jump *= s
    return field


_RF_CASES = [
    ([(3, 1)], "one 3x3 layer"),
    ([(3, 1), (3, 1)], "two 3x3 layers (VGG): a 5x5 field"),
    ([(3, 1), (3, 1), (3, 1)], "three 3x3 layers: a 7x7 field"),
    ([(3, 2), (3, 1)], "3x3 stride 2, then 3x3"),
    ([(5, 1), (2, 2), (5, 1), (2, 2)],
     "LeNet-5: conv 5x5, pool 2x2, conv 5x5, pool 2x2"),
    ([(11, 4), (3, 2), (5, 1), (3, 2), (3, 1), (3, 1), (3, 1)],
     "AlexNet conv1 ... conv5 with its pools"),
]


def _rf_no_strides(layers):
    return 1 + sum(k - 1 for k, _ in layers)


def _rf_sum_kernels(layers):
    return sum(k for k, _ in layers)


def _rf_own_stride(layers):
    field, jump = 1, 1
    for k, s in layers:
        jump *= s
        field += (k - 1) * jump
    return field


def _rf_product(layers):
    field = 1
    for k, _ in layers:
        field *= k
    return field


_RF_MISTAKES = [
    (_rf_no_strides, "it ignores the strides",
     "a layer above a stride-s layer moves s input pixels per step: "
     "multiply its (k - 1) by the product of the strides BELOW it"),
    (_rf_sum_kernels, "it adds the kernel sizes",
     "two 3x3 layers see 5 pixels, not 6: each layer adds k - 1, and "
     "the field starts at 1"),
    (_rf_own_stride, "it multiplies by the layer's own stride too",
     "a layer's own stride spaces its OUTPUTS; its kernel is spread "
     "only by the strides of the layers below it"),
    (_rf_product, "it multiplies the kernel sizes",
     "receptive fields grow by adding (k - 1) * jump, not by "
     "multiplying"),
]


def check_receptive_field(fn):
    """Exercise: ``fn(layers)`` with ``layers`` a list of (kernel_size,
    stride) pairs, first layer first, returns the receptive field (in
    input pixels, along one side) of one unit of the last layer."""
    r = Report("check_receptive_field")
    general = ("start at r = 1 and jump = 1; for each layer: r += (k - 1) "
               "* jump, then jump *= s")
    for layers, what in _RF_CASES:
        want = _receptive_field(layers)
        ran, got = r.answer(what, lambda: fn(list(layers)), general)
        if not ran:
            continue
        try:
            ok = float(got) == want
        except (TypeError, ValueError):
            ok = False
        if ok:
            r.check(True, f"{what}: {want}")
            continue
        name, hint = _diagnose(
            [(m, n, h) for m, n, h in _RF_MISTAKES], got, (layers,))
        r.check(False, f"{what}: got {got}, expected {want}"
                + (f" ({name})" if name else ""), hint or general)
    return r


# -------------------------------------------------------- residual backward

def _residual_backward(dout, body_backward):
    return body_backward(dout) + dout


def _residual_cases():
    """(what, dout, body_backward, x_shape)."""
    rng = np.random.default_rng(17)
    J = rng.normal(size=(4, 4)) * 0.5
    cases = [
        ("a linear body F(x) = x @ J, dout (3, 4)",
         rng.normal(size=(3, 4)), lambda d: d @ J.T),
        ("a body whose gradient is zero (a dead branch)",
         rng.normal(size=(2, 4)), lambda d: np.zeros_like(d)),
    ]
    # a real body: Linear -> ReLU from the library, images-shaped dout
    from ..layers import Linear, ReLU, Sequential
    body = Sequential(Linear(4, 4, np.random.default_rng(3)), ReLU())
    x = rng.normal(size=(5, 4))
    body(x)

    def library_body(d):
        return body.backward(d)

    cases.append(("the library's Linear -> ReLU as the body",
                  rng.normal(size=(5, 4)), library_body))
    return cases


_RES_MISTAKES = [
    (lambda dout, bb: bb(dout), "it forgets the identity path",
     "out = x + F(x): x reaches out directly too, so dL/dx gets dout "
     "itself as well as the gradient through F"),
    (lambda dout, bb: dout, "it forgets the path through F",
     "the gradient also flows through the body: add body_backward(dout)"),
    (lambda dout, bb: dout * bb(dout), "it multiplies the two paths",
     "two paths into one sum ADD their gradients (the sum rule): "
     "dout + body_backward(dout)"),
    (lambda dout, bb: bb(dout) + bb(dout), "it sends dout through F twice",
     "the identity path's Jacobian is I: it passes dout unchanged"),
]


def check_residual_backward(fn):
    """Exercise: ``fn(dout, body_backward)`` returns dL/dx for the
    residual block out = x + F(x), where body_backward(d) = d @ (dF/dx)
    turns a gradient at F's output into one at its input."""
    r = Report("check_residual_backward")
    general = "dL/dx = dL/dout (I + dF/dx) = dout + body_backward(dout)"
    for what, dout, body_backward in _residual_cases():
        want = _residual_backward(dout.copy(), body_backward)
        given = dout.copy()
        ran, got = r.answer(what, lambda: fn(given, body_backward), general)
        if not ran:
            continue
        got = np.asarray(got)
        if got.shape == want.shape and np.allclose(got, want, atol=1e-10):
            unchanged = np.array_equal(given, dout)
            r.check(unchanged, what + ("" if unchanged else
                                       ": but it changed dout in place"),
                    "backward must not change dout: write dx = dout + ..., "
                    "not dout += ...")
            continue
        hint = general
        name = None
        for mistake, mname, mhint in _RES_MISTAKES:
            m = np.asarray(mistake(dout.copy(), body_backward))
            if m.shape == got.shape and np.allclose(m, got, atol=1e-10):
                name, hint = mname, mhint
                break
        detail = (f" (got shape {got.shape}, expected {want.shape})"
                  if got.shape != want.shape else "")
        r.check(False, f"{what}: wrong dL/dx{detail}"
                + (f" ({name})" if name else ""), hint)
    return r
