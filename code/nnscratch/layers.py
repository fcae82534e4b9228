"""The two classes every model in the book is made of.

``Parameter`` is an array the model learns, together with the gradient of the
loss with respect to it. ``Layer`` is anything with a ``forward`` (inputs to
outputs) and a ``backward`` (gradient of the loss with respect to the outputs
to gradient with respect to the inputs, adding into its parameters' ``.grad``).
Concrete layers (Linear, Conv2d, LSTM, ...) arrive chapter by chapter.
"""

import numpy as np

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
