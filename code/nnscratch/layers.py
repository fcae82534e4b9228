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

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        lines = [f"  ({i}) {layer!r}" for i, layer in
                 enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)"


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
