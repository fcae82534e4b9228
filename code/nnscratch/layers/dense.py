"""Layers for vectors: Linear, the activations, Flatten, Dropout and
BatchNorm1d (chapters 4, 9 and 11). Each is a thin wrapper over the math in
``nnscratch.functional``."""

import numpy as np

from .. import activations, functional, init
from .._validate import as_float_array
from .base import Layer, Parameter


_INITS = init.INITIALIZERS  # Linear's argument `init` hides the module's name


class Linear(Layer):
    """Fully connected layer: out = x @ W + b.

    Parameters
    ----------
    in_features, out_features : int
        n_in and n_out: x is (m, n_in), out is (m, n_out).
    rng : np.random.Generator
        Draws the initial weights: np.random.default_rng(seed).
    init : str
        A name from ``nnscratch.init.INITIALIZERS``.
        The bias starts at zero.
    dtype : float dtype of the parameters (float64 for gradchecks).
    bias : bool; False leaves out b (e.g. before a BatchNorm).

    Attributes
    ----------
    W : Parameter, shape (n_in, n_out)
    b : Parameter, shape (n_out,), or None without a bias
    """

    def __init__(self, in_features, out_features, rng,
                 init="xavier_uniform", dtype=np.float64, bias=True):
        if init not in _INITS:
            known = ", ".join(sorted(_INITS))
            raise ValueError(f"Linear: unknown init {init!r}; "
                             f"expected one of: {known}")
        self.in_features = in_features
        self.out_features = out_features
        W = _INITS[init](in_features, out_features, rng)
        self.W = Parameter(W.astype(dtype), name="W")
        self.b = None
        if bias:
            self.b = Parameter(np.zeros(out_features, dtype), name="b")
        self._cache = None

    def forward(self, x):
        """x : (m, n_in), one row per sample -> out : (m, n_out)."""
        x = as_float_array(x, "x", repr(self))
        if x.ndim != 2 or x.shape[1] != self.in_features:
            hint = ""
            if x.ndim == 1:
                hint = " (one sample? use x.reshape(1, -1))"
            raise ValueError(
                f"{self!r}: x must have shape "
                f"(m, {self.in_features}), got {x.shape}{hint}")
        b = None if self.b is None else self.b.data
        out, self._cache = functional.linear_forward(
            x, self.W.data, b)
        return out

    def backward(self, dout, need_input_grad=True):
        """dout : (m, n_out) -> dx : (m, n_in).

        Adds dL/dW into W.grad and dL/db into b.grad. With
        need_input_grad=False it returns None and skips dx = dout @ W.T
        (a third of the work, wasted when x is the data).
        """
        if self._cache is None:
            raise RuntimeError(
                f"{self!r}: call forward before backward")
        dx, dW, db = functional.linear_backward(
            np.asarray(dout), self._cache, need_input_grad)
        self.W.accumulate(dW)
        if self.b is not None:
            self.b.accumulate(db)
        return dx

    def __repr__(self):
        return f"Linear({self.in_features} -> {self.out_features})"


class Activation(Layer):
    """An elementwise activation as a layer, no parameters.

    forward:  out = f(z)
    backward: dz = dout * f'(z)
    ``name`` is a key of ``activations.ACTIVATIONS``.
    z, out, dout and dz all have the same shape (any shape).
    """

    def __init__(self, name):
        self.name = name
        self.f, self.df = activations.get(name)
        self._z = None

    def forward(self, z):
        self._z = as_float_array(z, "z", repr(self))
        return self.f(self._z)

    def backward(self, dout):
        if self._z is None:
            raise RuntimeError(
                f"{self!r}: call forward before backward")
        if np.shape(dout) != self._z.shape:
            raise ValueError(
                f"{self!r}: dout must have shape {self._z.shape} "
                f"like the forward output, got {np.shape(dout)}")
        return dout * self.df(self._z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    def __init__(self):
        super().__init__("sigmoid")


class Tanh(Activation):
    def __init__(self):
        super().__init__("tanh")


class ReLU(Activation):
    def __init__(self):
        super().__init__("relu")


class LeakyReLU(Activation):
    def __init__(self):
        super().__init__("leaky_relu")


class ELU(Activation):
    def __init__(self):
        super().__init__("elu")


class GELU(Activation):
    def __init__(self):
        super().__init__("gelu")


class Flatten(Layer):
    """(m, d1, d2, ...) -> (m, d1 * d2 * ...): one row per sample,
    e.g. (m, 28, 28) images -> (m, 784). No parameters."""

    def __init__(self):
        self._shape = None

    def forward(self, x):
        x = as_float_array(x, "x", repr(self))
        if x.ndim < 2:
            raise ValueError(
                f"{self!r}: x must have a batch axis and at least one "
                f"more, (m, ...), got shape {x.shape}")
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        if self._shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return dout.reshape(self._shape)


class Dropout(Layer):
    """Inverted dropout (Srivastava et al. 2014).

    Training: each entry is zeroed with probability p and the rest
    are multiplied by 1 / (1 - p). Evaluation: out = x. Any shape.

    p : float in [0, 1), the probability of dropping an entry.
    rng : np.random.Generator that draws the masks.
    """

    def __init__(self, p, rng):
        if not 0 <= p < 1:
            raise ValueError(
                f"Dropout: p is the probability of dropping an entry "
                f"and must be in [0, 1), got {p}")
        self.p = p
        self.rng = rng
        self._mask = None

    def forward(self, x):
        x = as_float_array(x, "x", repr(self))
        if not self.training or self.p == 0:
            self._mask = None
            return x
        out, self._mask = functional.dropout_forward(
            x, self.p, self.rng)
        return out

    def backward(self, dout):
        if self._mask is None:  # evaluation mode: out was x
            return dout
        return functional.dropout_backward(dout, self._mask)

    def __repr__(self):
        return f"Dropout(p={self.p})"


class BatchNorm1d(Layer):
    """Batch normalization (Ioffe & Szegedy 2015) for x : (m, n).

    Training: normalize each of the n features with the batch's
    mean and variance, then out = gamma * x_hat + beta; also update
    running averages:  running = (1 - momentum) * running
                                 + momentum * batch value.
    Evaluation: normalize with the running averages instead.
    (The running variance uses the unbiased batch variance, as in
    PyTorch.)

    Attributes
    ----------
    gamma, beta : Parameter, shape (n,); start at 1 and 0
    running_mean, running_var : ndarray, shape (n,); saved with the
        model (they are buffers, not learned)
    """

    buffers = ("running_mean", "running_var")

    def __init__(self, num_features, momentum=0.1, eps=1e-5,
                 dtype=np.float64):
        self.num_features = num_features
        self.momentum = momentum
        self.eps = eps
        self.gamma = Parameter(np.ones(num_features, dtype), "gamma")
        self.beta = Parameter(np.zeros(num_features, dtype), "beta")
        self.running_mean = np.zeros(num_features, dtype)
        self.running_var = np.ones(num_features, dtype)
        self._cache = None

    def forward(self, x):
        x = as_float_array(x, "x", repr(self))
        if x.ndim != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: x must have shape "
                f"(m, {self.num_features}), got {x.shape}")
        if self.training:
            m = x.shape[0]
            if m < 2:
                raise ValueError(
                    f"{self!r}: training needs a batch of at least 2 "
                    "samples to estimate a variance, got 1 (call "
                    "model.eval() to predict one sample)")
            mean, var = x.mean(axis=0), x.var(axis=0)
            k = self.momentum
            self.running_mean *= 1 - k
            self.running_mean += k * mean
            self.running_var *= 1 - k
            self.running_var += k * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        out, self._cache = functional.batchnorm_forward(
            x, mean, var, self.gamma.data, self.beta.data, self.eps)
        self._batch_stats = self.training
        return out

    def backward(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dx, dgamma, dbeta = functional.batchnorm_backward(
            dout, self._cache, self._batch_stats)
        self.gamma.accumulate(dgamma)
        self.beta.accumulate(dbeta)
        return dx

    def __repr__(self):
        return f"BatchNorm1d({self.num_features})"
