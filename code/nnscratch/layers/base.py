"""The two classes every model in the book is made of, and the containers.

``Parameter`` is an array the model learns, together with the gradient of the
loss with respect to it. ``Layer`` is anything with a ``forward`` (inputs to
outputs) and a ``backward`` (gradient of the loss with respect to the outputs
to gradient with respect to the inputs, adding into its parameters' ``.grad``).
Concrete layers arrive chapter by chapter: ``Linear`` and the activation
layers (chapter 4), then Conv2d, LSTM, ... in later parts.
"""

import functools
import inspect

import numpy as np

from .._validate import as_float_array


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

        Layers call this in ``backward``; a wrong shape is a bug in
        the layer, so it raises instead of broadcasting silently.
        """
        grad = np.asarray(grad)
        if grad.shape != self.data.shape:
            raise ValueError(
                f"Parameter {self.name!r}: gradient must have shape "
                f"{self.data.shape} like the parameter, "
                f"got {grad.shape}")
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
    # Names of arrays a layer keeps that are not learned but must be
    # saved with it (BatchNorm's running statistics).
    buffers = ()

    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} must implement forward(x)")

    def backward(self, dout):
        raise NotImplementedError(f"{type(self).__name__} must implement backward(dout)")

    def __call__(self, x):
        return self.forward(x)

    def _named_members(self):
        """(name, value) of each attribute; a list or tuple is opened
        up as name.0, name.1, ..."""
        for name, value in vars(self).items():
            if isinstance(value, (list, tuple)):
                for i, v in enumerate(value):
                    yield f"{name}.{i}", v
            else:
                yield name, value

    def children(self):
        """The layers held directly by this one, in attribute order."""
        return [v for _, v in self._named_members()
                if isinstance(v, Layer)]

    def named_parameters(self, prefix=""):
        """(dotted name, Parameter) pairs such as ("layers.0.W", W),
        for this layer and the layers inside it; each Parameter once."""
        seen = set()
        for name, v in self._named_members():
            if isinstance(v, Parameter):
                pairs = [(prefix + name, v)]
            elif isinstance(v, Layer):
                pairs = v.named_parameters(prefix + name + ".")
            else:
                continue
            for key, p in pairs:
                if id(p) not in seen:  # a shared Parameter counts once
                    seen.add(id(p))
                    yield key, p

    def parameters(self):
        """Every Parameter of this layer and of the layers inside it,
        once each."""
        return [p for _, p in self.named_parameters()]

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

    def _arrays(self, prefix=""):
        """(dotted name, live array): every parameter's data and every
        buffer, of this layer and the layers inside it."""
        for key, p in self.named_parameters(prefix):
            yield key, p.data
        yield from self._buffer_arrays(prefix)

    def _buffer_arrays(self, prefix):
        for name in self.buffers:
            yield prefix + name, getattr(self, name)
        for name, child in self._named_members():
            if isinstance(child, Layer):
                yield from child._buffer_arrays(prefix + name + ".")

    def state_dict(self):
        """Copies of every parameter and buffer, by dotted name:
        {"layers.0.W": array, ...}. ``save`` writes this to a file."""
        return {key: a.copy() for key, a in self._arrays()}

    def load_state_dict(self, state):
        """Copy the arrays of ``state`` (made by ``state_dict``) into
        this model in place. Names and shapes must match exactly;
        values take each array's dtype."""
        own = dict(self._arrays())
        missing = sorted(set(own) - set(state))
        unexpected = sorted(set(state) - set(own))
        if missing or unexpected:
            raise KeyError(
                "load_state_dict: the names do not match this model; "
                f"missing {missing}, unexpected {unexpected}")
        for key, target in own.items():
            value = np.asarray(state[key])
            if value.shape != target.shape:
                raise ValueError(
                    f"load_state_dict: {key!r} must have shape "
                    f"{target.shape}, got {value.shape}")
            target[...] = value

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sequential(Layer):
    """Layers applied one after another, like torch.nn.Sequential.

    forward runs the layers in order; backward runs their backward
    passes in reverse order, passing each gradient to the layer
    before it. ``model[i]`` is the i-th layer.
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Sequential: argument {i} must be a Layer, got "
                    f"{type(layer).__name__} (did you forget the "
                    "parentheses, e.g. ReLU()?)")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout, need_input_grad=True):
        """dout : gradient on the last layer's output -> gradient on
        the first layer's input (None with need_input_grad=False).

        With need_input_grad=False (``fit`` passes it: the input is the
        data) backpropagation stops at the first layer that has
        parameters, which fills its parameters' gradients and, if its
        backward takes the flag too, skips its own dx; the layers before
        it have nothing to learn and are not visited.
        """
        first = 0
        if not need_input_grad:
            first = next((i for i, layer in enumerate(self.layers)
                          if layer.parameters()), len(self.layers))
        for i in reversed(range(first, len(self.layers))):
            layer = self.layers[i]
            if i == first and not need_input_grad:
                if takes_need_input_grad(layer):
                    return layer.backward(dout, need_input_grad=False)
                layer.backward(dout)
                return None
            dout = layer.backward(dout)
        return None if not need_input_grad else dout

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        lines = [f"  ({i}) {layer!r}" for i, layer in
                 enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)"


def takes_need_input_grad(layer):
    """True if ``layer.backward`` accepts need_input_grad=False, which
    skips the gradient with respect to the layer's input (Linear, Conv2d,
    Sequential; not a subclass that overrides backward(self, dout))."""
    return _backward_takes_flag(type(layer))


@functools.lru_cache(maxsize=None)
def _backward_takes_flag(cls):
    # asked once per class, not once per batch: inspect.signature takes
    # about ten microseconds
    return "need_input_grad" in inspect.signature(cls.backward).parameters


def summary(model, input_shape):
    """A table of a Sequential model: each layer, the shape of its
    output and its number of parameters, and the totals.

    input_shape : the shape of ONE sample, e.g. (784,) or (28, 28);
    a batch of 2 zeros, float64, is run through the model in
    evaluation mode (so nothing is learned or updated).
    Returns the table as a string: print(summary(model, (2,))).
    """
    if not isinstance(model, Sequential):
        raise TypeError(
            f"summary: expected a Sequential model, got "
            f"{type(model).__name__}")
    was_training = model.training
    model.eval()
    x = np.zeros((2, *input_shape))
    rows = [("Layer", "Output shape", "Parameters")]
    for i, layer in enumerate(model.layers):
        x = layer.forward(x)
        shape = "(m, " + ", ".join(str(d) for d in x.shape[1:]) + ")"
        rows.append((f"{i}: {layer!r}", shape,
                     f"{layer.num_parameters():,}"))
    if was_training:
        model.train()
    widths = [max(len(r[j]) for r in rows) for j in range(3)]
    rule = "-" * (sum(widths) + 4)
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}"
             for a, b, c in rows]
    total = f"Total parameters: {model.num_parameters():,}"
    return "\n".join([lines[0], rule, *lines[1:], rule, total])


def save(model, path):
    """Write the model's parameters and buffers (``state_dict``) to
    an .npz file: plain arrays, no pickle."""
    np.savez(path, **model.state_dict())


def load(model, path):
    """Read an .npz file written by ``save`` into ``model`` (which
    must have the same layers). Never unpickles anything."""
    with np.load(path, allow_pickle=False) as f:
        model.load_state_dict({key: f[key] for key in f.files})
    return model
