"""Layers for sequences (chapters 20-24): Embedding, RNN, LSTM, GRU and
TemporalLinear. Sequences are batch-first, x is (N, T, D); each layer is a
thin wrapper over the math in ``nnscratch.functional``.

The recurrent layers share one API:

    hs = layer.forward(x, state=None)     # (N, T, H), every hidden state
    layer.last_state                      # the state after the last step
    dx = layer.backward(dhs)              # adds into the Parameters' .grad

``state`` is the state before the first step: None for zeros, an (N, H)
array for RNN and GRU, a tuple (h, c) of two (N, H) arrays for LSTM;
``last_state`` has the same form. Truncated backpropagation through time
carries it from one batch to the next:

    state = None
    for x in batches:
        hs = rnn.forward(x, state)
        ...
        rnn.backward(dhs)
        state = rnn.last_state    # values only: no gradient flows back

``backward(dhs, dstate=None)`` also takes an optional gradient on the last
state, and keeps the gradient on the initial state in ``layer.dstate``
(same form as ``state``), for models that chain recurrent layers.
"""

import numpy as np

from .. import functional, init
from .._validate import as_float_array
from .base import Layer, Parameter


def _recurrent_weights(D, H, k, rng, dtype):
    """Wx (D, kH), Wh (H, kH) and b (kH,): each of the k gate blocks
    drawn Xavier-uniform on its own (fan_in D or H, fan_out H), since
    each gate is a separate tanh/sigmoid unit; b starts at zero."""
    Wx = np.concatenate([init.xavier_uniform(D, H, rng) for _ in range(k)],
                        axis=1)
    Wh = np.concatenate([init.xavier_uniform(H, H, rng) for _ in range(k)],
                        axis=1)
    return (Parameter(Wx.astype(dtype), name="Wx"),
            Parameter(Wh.astype(dtype), name="Wh"),
            Parameter(np.zeros(k * H, dtype), name="b"))


class _Recurrent(Layer):
    """Shared by RNN, LSTM and GRU: Parameters Wx (D, kH), Wh (H, kH),
    b (kH,); subclasses set k and the two functional calls."""

    k = 1

    def __init__(self, input_size, hidden_size, rng, dtype=np.float64):
        for name, v in (("input_size", input_size),
                        ("hidden_size", hidden_size)):
            if not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{type(self).__name__}: {name} must be "
                                 f"a positive int, got {v!r}")
        self.input_size, self.hidden_size = input_size, hidden_size
        self.Wx, self.Wh, self.b = _recurrent_weights(
            input_size, hidden_size, self.k, rng, dtype)
        self.last_state = None
        self.dstate = None
        self._cache = None

    def _zeros(self, x):
        x = np.asarray(x)
        N = x.shape[0] if x.ndim else 0
        return np.zeros((N, self.hidden_size), self.Wx.data.dtype)

    def _run(self, fn, *args):
        try:
            return fn(*args, self.Wx.data, self.Wh.data, self.b.data)
        except ValueError as err:
            raise ValueError(f"{self!r}: {err}") from None

    def _accumulate(self, dWx, dWh, db):
        self.Wx.accumulate(dWx)
        self.Wh.accumulate(dWh)
        self.b.accumulate(db)

    def _check_backward(self):
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")

    def __repr__(self):
        return (f"{type(self).__name__}({self.input_size} -> "
                f"{self.hidden_size})")


class RNN(_Recurrent):
    """A vanilla (Elman) RNN: h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b).

    Parameters
    ----------
    input_size, hidden_size : int
        D and H: x is (N, T, D), the hidden states are (N, T, H).
    rng : np.random.Generator that draws the initial weights
        (Xavier-uniform; b starts at zero)
    dtype : float dtype of the parameters (float64 for gradchecks)

    Attributes
    ----------
    Wx : Parameter (D, H); Wh : Parameter (H, H); b : Parameter (H,)
    last_state : (N, H), the state after the last forward step
    dstate : (N, H), dL/d(state) after backward

    forward(x, state=None) -> hs (N, T, H); backward(dhs, dstate=None)
    -> dx (N, T, D). See the module docstring for truncated BPTT.
    """

    def forward(self, x, state=None):
        """x : (N, T, D); state : (N, H) or None -> hs : (N, T, H)."""
        h0 = self._zeros(x) if state is None else state
        hs, self._cache = self._run(functional.rnn_forward, x, h0)
        self.last_state = hs[:, -1].copy()
        return hs

    def backward(self, dhs, dstate=None):
        """dhs : (N, T, H); dstate : (N, H) or None, a gradient on
        last_state -> dx : (N, T, D)."""
        self._check_backward()
        dx, self.dstate, *grads = functional.rnn_backward(
            np.asarray(dhs), self._cache, dstate)
        self._accumulate(*grads)
        return dx


class GRU(_Recurrent):
    """A gated recurrent unit (Cho et al. 2014), gates r, z, n fused in
    Wx (D, 3H), Wh (H, 3H), b (3H,) in that order; the equations and the
    bias convention are those of ``functional.gru_step_forward``.

    Same arguments, attributes and API as RNN: forward(x, state=None)
    -> hs (N, T, H), last_state (N, H); backward(dhs, dstate=None)
    -> dx (N, T, D).
    """

    k = 3

    def forward(self, x, state=None):
        """x : (N, T, D); state : (N, H) or None -> hs : (N, T, H)."""
        h0 = self._zeros(x) if state is None else state
        hs, self._cache = self._run(functional.gru_forward, x, h0)
        self.last_state = hs[:, -1].copy()
        return hs

    def backward(self, dhs, dstate=None):
        """dhs : (N, T, H); dstate : (N, H) or None -> dx : (N, T, D)."""
        self._check_backward()
        dx, self.dstate, *grads = functional.gru_backward(
            np.asarray(dhs), self._cache, dstate)
        self._accumulate(*grads)
        return dx


class LSTM(_Recurrent):
    """A long short-term memory layer (Hochreiter & Schmidhuber 1997),
    gates i, f, o, g fused in Wx (D, 4H), Wh (H, 4H), b (4H,) in that
    order; the equations are those of ``functional.lstm_step_forward``.

    Same arguments as RNN. The state is a pair (h, c) of (N, H) arrays:
    forward(x, state=None) -> hs (N, T, H), and last_state = (h_T, c_T);
    backward(dhs, dstate=None) -> dx (N, T, D), where dstate is None or a
    pair (dh, dc) on last_state, and self.dstate = (dh0, dc0).

    The forget gate's bias starts at 1, not 0: f = sigmoid(1) = 0.73
    from the first step, so the cell keeps most of its memory and the
    gradient through c = f * c_prev + ... does not shrink by half at
    every step before the network has learnt anything (Gers et al. 2000;
    Jozefowicz et al. 2015).
    """

    k = 4

    def __init__(self, input_size, hidden_size, rng, dtype=np.float64):
        super().__init__(input_size, hidden_size, rng, dtype)
        H = hidden_size
        self.b.data[H:2 * H] = 1     # the forget gate (order i, f, o, g)

    def forward(self, x, state=None):
        """x : (N, T, D); state : (h0, c0), each (N, H), or None
        -> hs : (N, T, H)."""
        if state is None:
            state = (self._zeros(x), self._zeros(x))
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            raise ValueError(f"{self!r}: state must be a pair (h0, c0) of "
                             "(N, H) arrays, or None")
        hs, c_last, self._cache = self._run(functional.lstm_forward, x,
                                            *state)
        self.last_state = (hs[:, -1].copy(), c_last)
        return hs

    def backward(self, dhs, dstate=None):
        """dhs : (N, T, H); dstate : (dh, dc) on last_state, or None
        -> dx : (N, T, D)."""
        self._check_backward()
        dh_last, dc_last = (None, None) if dstate is None else dstate
        dx, dh0, dc0, *grads = functional.lstm_backward(
            np.asarray(dhs), self._cache, dh_last, dc_last)
        self.dstate = (dh0, dc0)
        self._accumulate(*grads)
        return dx


class Embedding(Layer):
    """A table of learned vectors, one per token: ids (N, T) -> W[ids]
    (N, T, D).

    Parameters
    ----------
    num_embeddings, embedding_dim : int, V (vocabulary size) and D
    rng : np.random.Generator; W starts normal with std 1 (as in
        PyTorch), so each vector has about the scale of a one-hot
    dtype : float dtype of W

    Attributes
    ----------
    W : Parameter, shape (V, D)

    backward(dout) adds into W.grad and returns None: token ids have no
    gradient, so an Embedding must be the first layer of a model.
    """

    def __init__(self, num_embeddings, embedding_dim, rng,
                 dtype=np.float64):
        for name, v in (("num_embeddings", num_embeddings),
                        ("embedding_dim", embedding_dim)):
            if not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"Embedding: {name} must be a positive "
                                 f"int, got {v!r}")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        W = rng.normal(0.0, 1.0, size=(num_embeddings, embedding_dim))
        self.W = Parameter(W.astype(dtype), name="W")
        self._cache = None

    def forward(self, ids):
        """ids : int (N, T), each in [0, V) -> out : (N, T, D)."""
        try:
            out, self._cache = functional.embedding_forward(ids, self.W.data)
        except (ValueError, TypeError) as err:
            raise type(err)(f"{self!r}: {err}") from None
        return out

    def backward(self, dout):
        """dout : (N, T, D) -> None; adds into W.grad."""
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        self.W.accumulate(functional.embedding_backward(np.asarray(dout),
                                                        self._cache))
        return None

    def __repr__(self):
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"


class TemporalLinear(Layer):
    """The same Linear map at every time step: x (N, T, D) -> x @ W + b
    (N, T, M), e.g. hidden states to vocabulary scores.

    Parameters
    ----------
    in_features, out_features : int, D and M
    rng : np.random.Generator (W Xavier-uniform, b zero)
    dtype : float dtype of the parameters

    Attributes
    ----------
    W : Parameter (D, M); b : Parameter (M,)
    """

    def __init__(self, in_features, out_features, rng, dtype=np.float64):
        self.in_features, self.out_features = in_features, out_features
        W = init.xavier_uniform(in_features, out_features, rng)
        self.W = Parameter(W.astype(dtype), name="W")
        self.b = Parameter(np.zeros(out_features, dtype), name="b")
        self._cache = None

    def forward(self, x):
        """x : (N, T, D) -> out : (N, T, M)."""
        x = as_float_array(x, "x", repr(self))
        if x.ndim != 3 or x.shape[2] != self.in_features:
            raise ValueError(f"{self!r}: x must have shape (N, T, "
                             f"{self.in_features}), got {x.shape}")
        out, self._cache = functional.temporal_linear_forward(
            x, self.W.data, self.b.data)
        return out

    def backward(self, dout):
        """dout : (N, T, M) -> dx : (N, T, D); adds into W.grad, b.grad."""
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dx, dW, db = functional.temporal_linear_backward(np.asarray(dout),
                                                         self._cache)
        self.W.accumulate(dW)
        self.b.accumulate(db)
        return dx

    def __repr__(self):
        return f"TemporalLinear({self.in_features} -> {self.out_features})"
