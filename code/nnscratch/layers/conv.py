"""Layers for images (chapters 15-17): Conv2d, the pooling layers,
BatchNorm2d and the Residual block. Images are (N, C, H, W) arrays; each
layer is a thin wrapper over the math in ``nnscratch.functional``."""

import numpy as np

from .. import functional, init
from .base import Layer, Parameter
from .dense import BatchNorm1d

_INITS = init.INITIALIZERS  # Conv2d's argument `init` hides the module


def _pair_text(k):
    return f"{k}x{k}"


class Conv2d(Layer):
    """2-D convolution: F filters of shape (C, k, k) slid over the image.

    Parameters
    ----------
    in_channels, out_channels : int
        C and F: x is (N, C, H, W), out is (N, F, OH, OW) with
        OH = (H + 2*padding - k) // stride + 1 (OW likewise).
    kernel_size : int, k (square kernels)
    rng : np.random.Generator that draws the initial weights
    stride, padding : int
    init : a name from ``nnscratch.init.INITIALIZERS``, drawn with
        fan_in = C * k * k inputs per output and fan_out = F (so
        "he_normal", the default, has std sqrt(2 / (C k k)))
    dtype : float dtype of the parameters; bias : bool

    Attributes
    ----------
    W : Parameter, shape (F, C, k, k)
    b : Parameter, shape (F,), or None
    """

    def __init__(self, in_channels, out_channels, kernel_size, rng,
                 stride=1, padding=0, init="he_normal", dtype=np.float64,
                 bias=True):
        if init not in _INITS:
            raise ValueError(f"Conv2d: unknown init {init!r}; expected "
                             f"one of: {', '.join(sorted(_INITS))}")
        for name, v, low in (("kernel_size", kernel_size, 1),
                             ("stride", stride, 1), ("padding", padding, 0)):
            if not isinstance(v, (int, np.integer)) or v < low:
                raise ValueError(f"Conv2d: {name} must be an int >= {low}, "
                                 f"got {v!r}")
        C, F, k = in_channels, out_channels, kernel_size
        self.in_channels, self.out_channels = C, F
        self.kernel_size, self.stride, self.padding = k, stride, padding
        # the initializers draw a (fan_in, fan_out) matrix: one column
        # per filter, which is then laid out as F filters of (C, k, k)
        W = _INITS[init](C * k * k, F, rng).T.reshape(F, C, k, k)
        self.W = Parameter(W.astype(dtype), name="W")
        self.b = Parameter(np.zeros(F, dtype), name="b") if bias else None
        self._cache = None

    def forward(self, x):
        """x : (N, C, H, W) -> out : (N, F, OH, OW)."""
        b = None if self.b is None else self.b.data
        try:
            out, self._cache = functional.conv2d_forward(
                x, self.W.data, b, self.stride, self.padding)
        except ValueError as err:
            raise ValueError(f"{self!r}: {err}") from None
        return out

    def backward(self, dout, need_input_grad=True):
        """dout : (N, F, OH, OW) -> dx : (N, C, H, W); adds into
        W.grad and b.grad. need_input_grad=False skips dx (returns
        None), as for Linear."""
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dx, dW, db = functional.conv2d_backward(
            np.asarray(dout), self._cache, need_input_grad)
        self.W.accumulate(dW)
        if self.b is not None:
            self.b.accumulate(db)
        return dx

    def __repr__(self):
        extra = "".join(f", {name}={v}" for name, v, default in
                        (("stride", self.stride, 1),
                         ("padding", self.padding, 0)) if v != default)
        return (f"Conv2d({self.in_channels} -> {self.out_channels}, "
                f"{_pair_text(self.kernel_size)}{extra})")


class _Pool(Layer):
    """Shared by MaxPool2d and AvgPool2d: size x size windows moved by
    stride (default: size, windows that do not overlap)."""

    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self._cache = None

    def forward(self, x):
        try:
            out, self._cache = self._forward(x, self.size, self.stride)
        except ValueError as err:
            raise ValueError(f"{self!r}: {err}") from None
        return out

    def backward(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return self._backward(np.asarray(dout), self._cache)

    def __repr__(self):
        extra = "" if self.stride == self.size else f", stride={self.stride}"
        return f"{type(self).__name__}({_pair_text(self.size)}{extra})"


class MaxPool2d(_Pool):
    """The largest value of each window: (N, C, H, W) -> (N, C, OH, OW).
    No parameters; backward sends each gradient to one input per window."""

    _forward = staticmethod(functional.max_pool2d_forward)
    _backward = staticmethod(functional.max_pool2d_backward)


class AvgPool2d(_Pool):
    """The mean of each window: (N, C, H, W) -> (N, C, OH, OW)."""

    _forward = staticmethod(functional.avg_pool2d_forward)
    _backward = staticmethod(functional.avg_pool2d_backward)


class GlobalAvgPool2d(Layer):
    """The mean of each channel: (N, C, H, W) -> (N, C). No parameters."""

    def __init__(self):
        self._shape = None

    def forward(self, x):
        out, self._shape = functional.global_avg_pool2d_forward(x)
        return out

    def backward(self, dout):
        if self._shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return functional.global_avg_pool2d_backward(np.asarray(dout),
                                                     self._shape)


class BatchNorm2d(BatchNorm1d):
    """Batch normalization for images: one mean and variance per channel,
    taken over the batch and every position (N*H*W values each).

    x : (N, C, H, W) -> out : same shape. Parameters and running
    statistics are BatchNorm1d's, of shape (C,): a BatchNorm1d applied
    to the (N*H*W, C) matrix of pixels.
    """

    def forward(self, x):
        x = np.asarray(x)
        if x.ndim != 4 or x.shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: x must have shape (N, {self.num_features}, "
                f"H, W), got {x.shape}")
        self._shape = x.shape
        rows = super().forward(functional.channels_to_rows(x))
        return functional.rows_to_channels(rows, x.shape)

    def backward(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        rows = super().backward(functional.channels_to_rows(dout))
        return functional.rows_to_channels(rows, self._shape)

    def __repr__(self):
        return f"BatchNorm2d({self.num_features})"


class Residual(Layer):
    """A residual block: out = body(x) + shortcut(x) (He et al. 2016).

    body : a Layer (usually a Sequential of Conv2d, BatchNorm2d, ReLU)
    shortcut : None for the identity, or a Layer (a 1x1 Conv2d, the
        "projection") when body changes the number of channels or the
        size. The two outputs must have the same shape.

    backward: dx = body.backward(dout) + shortcut.backward(dout); with
    the identity shortcut dout itself reaches x unchanged, which is why
    deep residual networks still train (chapter 17).
    """

    def __init__(self, body, shortcut=None):
        for name, layer in (("body", body), ("shortcut", shortcut)):
            if layer is not None and not isinstance(layer, Layer):
                raise TypeError(f"Residual: {name} must be a Layer, got "
                                f"{type(layer).__name__}")
        self.body = body
        self.shortcut = shortcut

    def forward(self, x):
        out = self.body.forward(x)
        skip = x if self.shortcut is None else self.shortcut.forward(x)
        if out.shape != skip.shape:
            raise ValueError(
                f"Residual: the body gives shape {out.shape} but the "
                f"shortcut gives {skip.shape}; they are added, so they "
                "must match (use a projection shortcut, e.g. a 1x1 "
                "Conv2d with the body's stride and channels)")
        return out + skip

    def backward(self, dout):
        dx = self.body.backward(dout)
        if self.shortcut is None:
            return dx + dout
        return dx + self.shortcut.backward(dout)

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in
                          getattr(self.body, "layers", [self.body]))
        skip = "identity" if self.shortcut is None else repr(self.shortcut)
        return f"Residual([{inner}] + {skip})"
