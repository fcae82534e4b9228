"""The two classes every model in the book is made of.

``Parameter`` is an array the model learns, together with the gradient of the
loss with respect to it. ``Layer`` is anything with a ``forward`` (inputs to
outputs) and a ``backward`` (gradient of the loss with respect to the outputs
to gradient with respect to the inputs, adding into its parameters' ``.grad``).
Concrete layers arrive chapter by chapter: ``Linear`` and the activation
layers (chapter 4), then Conv2d, LSTM, ... in later parts.
"""

import numpy as np

from . import activations, functional, init
from ._validate import as_float_array


class Parameter:
    """A learnable array and its gradient.

    Attributes
    ----------
    data : ndarray, any shape
        The current value. Integer input becomes float64; float keeps its dtype.
    grad : ndarray, same shape and dtype as ``data``
        d(loss)/d(data), accumulated by ``Layer.backward``; zero after
        ``zero_grad()``.
    name : str
        Used in error messages and model summaries.
    """

    def __init__(self, data, name="param"):
        self.data = np.array(as_float_array(data, "data", f"Parameter {name!r}"))
        self.grad = np.zeros_like(self.data)
        self.name = name

    @property
    def shape(self):
        return self.data.shape

    @property
    def size(self):
        return self.data.size

    def zero_grad(self):
        """Set the gradient to zeros (in place, so optimizers may hold it)."""
        self.grad[...] = 0

    def accumulate(self, grad):
        """Add ``grad`` (same shape as ``data``) into ``self.grad``.

        Layers call this in ``backward``; a wrong shape is a bug in the layer,
        so it raises instead of broadcasting silently.
        """
        grad = np.asarray(grad)
        if grad.shape != self.data.shape:
            raise ValueError(
                f"Parameter {self.name!r}: gradient must have shape "
                f"{self.data.shape} like the parameter, got {grad.shape}"
            )
        self.grad += grad

    def __repr__(self):
        return f"Parameter(name={self.name!r}, shape={self.shape}, dtype={self.data.dtype})"


class Layer:
    """Base class: subclasses implement ``forward`` and ``backward``.

    ``layer(x)`` calls ``layer.forward(x)``. Parameters are found by looking
    at the layer's attributes: any ``Parameter``, any ``Layer`` (searched in
    turn) and any list or tuple of those. ``training`` is True after
    ``train()`` and False after ``eval()``; layers such as dropout behave
    differently in the two modes.
    """

    training = True

    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} must implement forward(x)")

    def backward(self, dout):
        raise NotImplementedError(f"{type(self).__name__} must implement backward(dout)")

    def __call__(self, x):
        return self.forward(x)

    def _members(self):
        """Attribute values, with lists and tuples opened up."""
        for value in vars(self).values():
            yield from value if isinstance(value, (list, tuple)) else [value]

    def children(self):
        """The layers held directly by this one, in attribute order."""
        return [v for v in self._members() if isinstance(v, Layer)]

    def parameters(self):
        """Every Parameter of this layer and of the layers inside it, once each."""
        found = []
        for v in self._members():
            if isinstance(v, Parameter):
                found.append(v)
            elif isinstance(v, Layer):
                found.extend(v.parameters())
        unique = {id(p): p for p in found}  # a shared Parameter counts once
        return list(unique.values())

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def num_parameters(self):
        return sum(p.size for p in self.parameters())

    def train(self):
        """Switch this layer and the layers inside it to training mode."""
        self.training = True
        for child in self.children():
            child.train()
        return self

    def eval(self):
        """Switch this layer and the layers inside it to evaluation mode."""
        self.training = False
        for child in self.children():
            child.eval()
        return self

    def __repr__(self):
        return f"{type(self).__name__}()"


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

    Attributes
    ----------
    W : Parameter, shape (n_in, n_out)
    b : Parameter, shape (n_out,)
    """

    def __init__(self, in_features, out_features, rng,
                 init="xavier_uniform", dtype=np.float64):
        if init not in _INITS:
            known = ", ".join(sorted(_INITS))
            raise ValueError(f"Linear: unknown init {init!r}; "
                             f"expected one of: {known}")
        self.in_features = in_features
        self.out_features = out_features
        W = _INITS[init](in_features, out_features, rng)
        self.W = Parameter(W.astype(dtype), name="W")
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
        out, self._cache = functional.linear_forward(
            x, self.W.data, self.b.data)
        return out

    def backward(self, dout):
        """dout : (m, n_out) -> dx : (m, n_in).

        Adds dL/dW into W.grad and dL/db into b.grad.
        """
        if self._cache is None:
            raise RuntimeError(
                f"{self!r}: call forward before backward")
        dx, dW, db = functional.linear_backward(
            np.asarray(dout), self._cache)
        self.W.accumulate(dW)
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
