"""Recurrent networks (chapters 20-24) as function pairs: the vanilla RNN,
the LSTM and the GRU (one step and a whole sequence), embeddings, a linear
map applied at every time step and the masked softmax cross-entropy.

Sequences are batch-first: x[n, t] is the input of sequence n at step t,
so x is (N, T, D) and the hidden states hs are (N, T, H). A cell's gates
are fused into one weight matrix, so a step is two matrix products:
x @ Wx with Wx (D, kH) and h @ Wh with Wh (H, kH) (k = 1, 4, 3 for RNN,
LSTM, GRU). The sequence functions compute the input part of every step
at once, as ONE matrix product (x.reshape(N*T, D) @ Wx; the LSTM's loop
holds each step as columns and computes the same numbers as Wx.T @ x.T);
only h @ Wh has to wait for the previous step. The backward passes are
backpropagation through time, written out by hand (chapter 20).

The LSTM has a second state, the cell c: lstm_step_forward returns
(h, c, cache) and lstm_forward returns (hs, c_last, cache); every other
forward returns (out, cache). The sequence backwards take optional
gradients on the last state (dh_last, dc_last), for truncated BPTT.
"""

import numpy as np

from .._validate import as_float_array


def _sigmoid(z):
    """1 / (1 + exp(-z)) written as 0.5 * (1 + tanh(z / 2)): the same
    function, no overflow for large |z|, and it keeps z's dtype."""
    return 0.5 * (1 + np.tanh(0.5 * z))


def _check_weights(Wx, Wh, b, k, where):
    """Wx (D, kH), Wh (H, kH), b (kH,); returns (D, H)."""
    Wx, Wh, b = np.asarray(Wx), np.asarray(Wh), np.asarray(b)
    H = Wh.shape[0] if Wh.ndim == 2 else None
    ok = (H is not None and Wx.ndim == 2 and Wh.shape == (H, k * H)
          and Wx.shape[1] == k * H and b.shape == (k * H,))
    if not ok:
        kh = "H" if k == 1 else f"{k}H"
        raise ValueError(
            f"{where}: expected Wx (D, {kh}), Wh (H, {kh}), b ({kh},); "
            f"got Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape}")
    return Wx.shape[0], H


def _check_input(x, D, ndim, where):
    """x as a float array of shape (N, D) (ndim 2) or (N, T, D) (ndim 3)."""
    x = as_float_array(x, "x", where)
    if x.ndim != ndim or x.shape[-1] != D:
        want = "(N, T, {})" if ndim == 3 else "(N, {})"
        hint = ""
        if ndim == 3 and x.ndim == 2:
            hint = " (one sequence? use x[None]; one step? use x[:, None])"
        raise ValueError(f"{where}: x must have shape {want.format(D)}, "
                         f"got {x.shape}{hint}")
    return x


def _check_state(h, N, H, name, where):
    h = as_float_array(h, name, where)
    if h.shape != (N, H):
        raise ValueError(f"{where}: {name} must have shape ({N}, {H}) "
                         f"(N, H), got {h.shape}")
    return h


def _check_grad(d, shape, name, where):
    d = np.asarray(d)
    if d.shape != shape:
        raise ValueError(f"{where}: {name} must have shape {shape} like "
                         f"the forward output, got {d.shape}")
    return d


def _input_projection(x, Wx, b):
    """x (N, T, D) -> x @ Wx + b (N, T, kH) for every step: one GEMM."""
    N, T, D = x.shape
    xw = x.reshape(N * T, D) @ Wx
    xw += b                                  # in place: no second array
    return xw.reshape(N, T, -1)


def _previous_states(h0, hs):
    """The state each step starts from: (N, T, H) = [h0, hs[:, :-1]]."""
    return np.concatenate([h0[:, None].astype(hs.dtype), hs[:, :-1]],
                          axis=1)


def _weight_grads(x, hprev, dax, dah):
    """dWx = sum over t of x_t.T @ dax_t (likewise dWh), each one GEMM
    over all N*T rows; db = dax summed over the batch and the steps.

    x (N, T, D), hprev (N, T, H), dax and dah (N, T, kH)."""
    N, T, D = x.shape
    H = hprev.shape[2]
    dax2, dah2 = dax.reshape(N * T, -1), dah.reshape(N * T, -1)
    dWx = x.reshape(N * T, D).T @ dax2
    dWh = hprev.reshape(N * T, H).T @ dah2
    return dWx, dWh, dax2.sum(axis=0)


# ---- vanilla RNN: h = tanh(x @ Wx + h_prev @ Wh + b)


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of a vanilla RNN: h = tanh(x @ Wx + h_prev @ Wh + b).

    x : (N, D); h_prev : (N, H); Wx : (D, H); Wh : (H, H); b : (H,)
    Returns h : (N, H) and a cache for rnn_step_backward.
    """
    D, H = _check_weights(Wx, Wh, b, 1, "rnn_step_forward")
    x = _check_input(x, D, 2, "rnn_step_forward")
    h_prev = _check_state(h_prev, x.shape[0], H, "h_prev",
                          "rnn_step_forward")
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)


def rnn_step_backward(dh, cache):
    """Gradients of rnn_step_forward.

    dh : (N, H), dL/dh
    Returns dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,);
    with dz = dh * (1 - h**2), the gradient before the tanh.
    """
    x, h_prev, Wx, Wh, h = cache
    dh = _check_grad(dh, h.shape, "dh", "rnn_step_backward")
    dz = dh * (1 - h * h)
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    """A vanilla RNN over whole sequences, batch-first.

    x : (N, T, D); h0 : (N, H) the state before the first step
    Wx : (D, H); Wh : (H, H); b : (H,)
    Returns hs : (N, T, H), every hidden state (the last one,
    hs[:, -1], is the state to carry to the next batch), and a cache
    for rnn_backward.
    """
    D, H = _check_weights(Wx, Wh, b, 1, "rnn_forward")
    x = _check_input(x, D, 3, "rnn_forward")
    N, T, _ = x.shape
    h0 = _check_state(h0, N, H, "h0", "rnn_forward")
    xw = _input_projection(x, Wx, b)                 # (N, T, H)
    hs = np.empty((N, T, H), xw.dtype)
    h = h0
    for t in range(T):
        h = np.tanh(xw[:, t] + h @ Wh)
        hs[:, t] = h
    return hs, (x, h0, Wx, Wh, hs)


def rnn_backward(dhs, cache, dh_last=None):
    """Backpropagation through time for rnn_forward.

    dhs : (N, T, H), dL/dhs: the gradient on every hidden state (zeros
          where a state feeds no loss)
    dh_last : (N, H) or None, an extra gradient on the last state
          hs[:, -1] (what flows back from a later part of the sequence)
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).

    Going backwards, the gradient on h_t is dhs[:, t] plus what comes
    back from step t + 1; dz_t = dh_t * (1 - h_t**2), and dz_t @ Wh.T
    goes on to h_{t-1}.
    """
    x, h0, Wx, Wh, hs = cache
    N, T, H = hs.shape
    dhs = _check_grad(dhs, hs.shape, "dhs", "rnn_backward")
    dh = np.zeros((N, H), hs.dtype)
    if dh_last is not None:
        dh = dh + _check_grad(dh_last, (N, H), "dh_last", "rnn_backward")
    dz = np.empty((N, T, H), np.result_type(dhs, hs))
    for t in reversed(range(T)):
        dz[:, t] = (dh + dhs[:, t]) * (1 - hs[:, t] * hs[:, t])
        dh = dz[:, t] @ Wh.T
    dx = (dz.reshape(N * T, H) @ Wx.T).reshape(x.shape)
    dWx, dWh, db = _weight_grads(x, _previous_states(h0, hs), dz, dz)
    return dx, dh, dWx, dWh, db


# ---- LSTM: gates i, f, o, g fused in Wx (D, 4H), Wh (H, 4H), b (4H,)


def _lstm_gates(a, H):
    """Pre-activations a (N, 4H), in the order i, f, o, g, to the gates
    (N, 4H): sigmoid for the input, forget and output gates, tanh for
    the candidate g."""
    gates = np.empty_like(a)
    gates[:, :3 * H] = _sigmoid(a[:, :3 * H])
    gates[:, 3 * H:] = np.tanh(a[:, 3 * H:])
    return gates


def _lstm_step_grads(dh, dc, c_prev, c, gates, H):
    """dL/da (N, 4H) and dL/dc_prev for one LSTM step, given dL/dh and
    dL/dc (both (N, H)) on its outputs."""
    i, f, o, g = (gates[:, k * H:(k + 1) * H] for k in range(4))
    tc = np.tanh(c)
    dc = dc + dh * o * (1 - tc * tc)     # c reaches the loss two ways
    da = np.empty_like(gates)
    da[:, :H] = dc * g * i * (1 - i)
    da[:, H:2 * H] = dc * c_prev * f * (1 - f)
    da[:, 2 * H:3 * H] = dh * tc * o * (1 - o)
    da[:, 3 * H:] = dc * i * (1 - g * g)
    return da, dc * f


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step (Hochreiter & Schmidhuber 1997, with a forget gate).

    a = x @ Wx + h_prev @ Wh + b, split into four (N, H) blocks in the
    order i, f, o, g:
      i = sigmoid(a_i)  input gate      f = sigmoid(a_f)  forget gate
      o = sigmoid(a_o)  output gate     g = tanh(a_g)     candidate
      c = f * c_prev + i * g            h = o * tanh(c)

    x : (N, D); h_prev, c_prev : (N, H); Wx : (D, 4H); Wh : (H, 4H);
    b : (4H,)
    Returns h : (N, H), c : (N, H) and a cache for lstm_step_backward.
    """
    where = "lstm_step_forward"
    D, H = _check_weights(Wx, Wh, b, 4, where)
    x = _check_input(x, D, 2, where)
    h_prev = _check_state(h_prev, x.shape[0], H, "h_prev", where)
    c_prev = _check_state(c_prev, x.shape[0], H, "c_prev", where)
    gates = _lstm_gates(x @ Wx + h_prev @ Wh + b, H)
    c = gates[:, H:2 * H] * c_prev + gates[:, :H] * gates[:, 3 * H:]
    h = gates[:, 2 * H:3 * H] * np.tanh(c)
    return h, c, (x, h_prev, c_prev, Wx, Wh, gates, c)


def lstm_step_backward(dh, dc, cache):
    """Gradients of lstm_step_forward.

    dh : (N, H), dL/dh; dc : (N, H) or None, dL/dc from outside the step
    (the next step's gradient on its c_prev)
    Returns dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H),
    dWh (H, 4H), db (4H,).
    """
    x, h_prev, c_prev, Wx, Wh, gates, c = cache
    dh = _check_grad(dh, c.shape, "dh", "lstm_step_backward")
    dc = (np.zeros_like(c) if dc is None
          else _check_grad(dc, c.shape, "dc", "lstm_step_backward"))
    da, dc_prev = _lstm_step_grads(dh, dc, c_prev, c, gates, c.shape[1])
    return (da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h_prev.T @ da,
            da.sum(axis=0))


def lstm_forward(x, h0, c0, Wx, Wh, b):
    """An LSTM over whole sequences, batch-first (gates as in
    lstm_step_forward, order i, f, o, g).

    x : (N, T, D); h0, c0 : (N, H) the state before the first step
    Wx : (D, 4H); Wh : (H, 4H); b : (4H,)
    Returns hs : (N, T, H) every hidden state, c_last : (N, H) the last
    cell state, and a cache for lstm_backward. The state to carry to
    the next batch is (hs[:, -1], c_last).

    For speed, the loop holds a step's numbers as columns, one per
    sequence: a = Wh.T h + Wx.T x + b is (4H, N), so each gate is one
    contiguous block of rows (NumPy is about three times slower on the
    column blocks of an (N, 4H) array). The cache keeps these arrays,
    seen batch-first: gates (N, T, 4H) and cs (N, T, H), as before.
    """
    D, H = _check_weights(Wx, Wh, b, 4, "lstm_forward")
    x = _check_input(x, D, 3, "lstm_forward")
    N, T, _ = x.shape
    h0 = _check_state(h0, N, H, "h0", "lstm_forward")
    c0 = _check_state(c0, N, H, "c0", "lstm_forward")
    dtype = np.result_type(x, Wx, Wh, b)
    # sigmoid(z) = (1 + tanh(z / 2)) / 2, so one tanh serves all four
    # gates once the i, f, o rows of the weights and bias are halved
    # (exact: halving a float changes only its exponent)
    half = np.ones((4 * H, 1), dtype)
    half[:3 * H] = 0.5
    WhT = Wh.T * half                                # (4H, H)
    xt = np.ascontiguousarray(x.transpose(1, 0, 2), dtype)   # (T, N, D)
    xw = (Wx.T * half) @ xt.reshape(T * N, D).T      # (4H, T*N):
    xw += b[:, None] * half                          # Wx.T x + b, all
    xw = xw.reshape(4 * H, T, N)                     # steps, one GEMM
    gates = np.empty((T, 4 * H, N), dtype)
    hs = np.empty((T, H, N), dtype)
    cs = np.empty((T, H, N), dtype)
    tcs = np.empty((T, H, N), dtype)                 # tanh(c), for later
    ig = np.empty((H, N), dtype)                     # scratch for i * g
    h, c = h0.T.astype(dtype), c0.T.astype(dtype)
    for t in range(T):
        a = gates[t]                                 # (4H, N), in place:
        np.matmul(WhT, h, out=a)                     # a = Wh.T h
        a += xw[:, t]                                #   + Wx.T x + b
        np.tanh(a, out=a)
        a[:3 * H] += 1                               # i, f, o: sigmoid
        a[:3 * H] *= 0.5                             # g: tanh
        i, f, o, g = a[:H], a[H:2 * H], a[2 * H:3 * H], a[3 * H:]
        np.multiply(f, c, out=cs[t])                 # c = f * c_prev
        np.multiply(i, g, out=ig)
        cs[t] += ig                                  #     + i * g
        np.tanh(cs[t], out=tcs[t])
        np.multiply(o, tcs[t], out=hs[t])            # h = o * tanh(c)
        h, c = hs[t], cs[t]
    # (T, ., N) seen as (N, T, .): views, no copies
    x, gates, hs_v, cs, tcs = (
        a.transpose(1, 0, 2) if a is xt else a.transpose(2, 0, 1)
        for a in (xt, gates, hs, cs, tcs))
    return (np.ascontiguousarray(hs_v), c.T.copy(),
            (x, h0, c0, Wx, Wh, gates, hs_v, cs, tcs))


def lstm_backward(dhs, cache, dh_last=None, dc_last=None):
    """Backpropagation through time for lstm_forward.

    dhs : (N, T, H), dL/dhs, the gradient on every hidden state
    dh_last, dc_last : (N, H) or None, extra gradients on the last
        state (hs[:, -1], c_last)
    Returns dx (N, T, D), dh0 (N, H), dc0 (N, H), dWx (D, 4H),
    dWh (H, 4H), db (4H,).

    Each step is _lstm_step_grads, on columns as in lstm_forward, with
    every result written into arrays made once (out=).
    """
    x, h0, c0, Wx, Wh, gates, hs, cs, tcs = cache
    N, T, H = hs.shape
    where = "lstm_backward"
    dhs = _check_grad(dhs, hs.shape, "dhs", where)
    # back to lstm_forward's layout (T, ., N): views of its arrays
    gates, hs, cs, tcs = (a.transpose(1, 2, 0)
                          for a in (gates, hs, cs, tcs))
    dtype = gates.dtype
    dhs = np.ascontiguousarray(dhs.transpose(1, 2, 0), dtype)  # (T, H, N)
    dh = np.zeros((H, N), dtype)
    dc = np.zeros((H, N), dtype)
    if dh_last is not None:
        dh += _check_grad(dh_last, (N, H), "dh_last", where).T
    if dc_last is not None:
        dc += _check_grad(dc_last, (N, H), "dc_last", where).T
    c0 = c0.T.astype(dtype)
    da = np.empty((4 * H, T, N), dtype)    # by gate, for the GEMMs below
    dat = np.empty((4 * H, N), dtype)      # one step's da
    ds = np.empty((3 * H, N), dtype)       # scratch: s (1 - s)
    tmp = np.empty((H, N), dtype)
    for t in reversed(range(T)):
        gt, tc = gates[t], tcs[t]
        i, f, o, g = gt[:H], gt[H:2 * H], gt[2 * H:3 * H], gt[3 * H:]
        c_prev = cs[t - 1] if t else c0
        dh += dhs[t]
        np.multiply(tc, tc, out=tmp)       # dc += dh * o * (1 - tc**2)
        np.subtract(1, tmp, out=tmp)
        tmp *= o
        tmp *= dh
        dc += tmp
        np.subtract(1, gt[:3 * H], out=ds)   # sigmoid' = s (1 - s)
        ds *= gt[:3 * H]                     #   for i, f, o at once
        np.multiply(ds[:H], g, out=dat[:H])              # da_i =
        dat[:H] *= dc                                    # dc g i (1-i)
        np.multiply(ds[H:2 * H], c_prev, out=dat[H:2 * H])   # da_f =
        dat[H:2 * H] *= dc                       # dc c_prev f (1-f)
        np.multiply(ds[2 * H:], tc, out=dat[2 * H:3 * H])    # da_o =
        dat[2 * H:3 * H] *= dh                   # dh tanh(c) o (1-o)
        np.multiply(g, g, out=tmp)                       # da_g =
        np.subtract(1, tmp, out=tmp)                     # dc i (1-g**2)
        tmp *= i
        np.multiply(tmp, dc, out=dat[3 * H:])
        dc *= f                                          # dc_prev
        np.matmul(Wh, dat, out=dh)                       # dh_prev
        da[:, t] = dat
    da = da.reshape(4 * H, T * N)        # columns in the order (t, n)
    xt = x.transpose(1, 0, 2).reshape(T * N, -1)     # rows (t, n)
    hprev = np.empty((H, T, N), dtype)   # the state each step started
    hprev[:, 0] = h0.T                   # from, columns (t, n)
    hprev[:, 1:] = hs[:-1].transpose(1, 0, 2)
    dx = (da.T @ Wx.T).reshape(T, N, -1).transpose(1, 0, 2)
    dWx = xt.T @ da.T
    dWh = hprev.reshape(H, T * N) @ da.T
    return (np.ascontiguousarray(dx), dh.T.copy(), dc.T.copy(), dWx, dWh,
            da.sum(axis=1))


# ---- GRU: gates r, z, n fused in Wx (D, 3H), Wh (H, 3H), b (3H,)


def _gru_step(ax, h_prev, Wh, H):
    """One GRU step from its input part ax = x @ Wx + b (N, 3H).
    Returns h and the cache pieces (r, z, n, hWn)."""
    ah = h_prev @ Wh                                 # (N, 3H)
    rz = _sigmoid(ax[:, :2 * H] + ah[:, :2 * H])
    r, z = rz[:, :H], rz[:, H:]
    hWn = ah[:, 2 * H:]
    n = np.tanh(ax[:, 2 * H:] + r * hWn)
    h = (1 - z) * n + z * h_prev
    return h, r, z, n, hWn


def _gru_step_grads(dh, h_prev, r, z, n, hWn):
    """dL/d(x Wx + b) and dL/d(h_prev Wh), both (N, 3H), and the part
    of dL/dh_prev that skips Wh (through z * h_prev)."""
    H = h_prev.shape[1]
    dn = dh * (1 - z) * (1 - n * n)          # before the tanh
    dax = np.empty(h_prev.shape[:1] + (3 * H,),
                   np.result_type(dh, n))
    dax[:, :H] = dn * hWn * r * (1 - r)
    dax[:, H:2 * H] = dh * (h_prev - n) * z * (1 - z)
    dax[:, 2 * H:] = dn
    dah = dax.copy()
    dah[:, 2 * H:] = dn * r                  # r multiplies h_prev Wh_n
    return dax, dah, dh * z


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """One GRU step (Cho et al. 2014), in PyTorch's convention: the
    reset gate multiplies h_prev @ Wh_n, after the matrix product.

    Wx, Wh and b hold three (., H) blocks in the order r, z, n:
      r = sigmoid(x Wx_r + h_prev Wh_r + b_r)      reset gate
      z = sigmoid(x Wx_z + h_prev Wh_z + b_z)      update gate
      n = tanh(x Wx_n + b_n + r * (h_prev Wh_n))   candidate
      h = (1 - z) * n + z * h_prev
    One bias b, on the input side: PyTorch's second bias inside
    r * (...) is left out (it equals PyTorch with b_hh_n = 0).

    x : (N, D); h_prev : (N, H); Wx : (D, 3H); Wh : (H, 3H); b : (3H,)
    Returns h : (N, H) and a cache for gru_step_backward.
    """
    D, H = _check_weights(Wx, Wh, b, 3, "gru_step_forward")
    x = _check_input(x, D, 2, "gru_step_forward")
    h_prev = _check_state(h_prev, x.shape[0], H, "h_prev",
                          "gru_step_forward")
    h, r, z, n, hWn = _gru_step(x @ Wx + b, h_prev, Wh, H)
    return h, (x, h_prev, Wx, Wh, r, z, n, hWn)


def gru_step_backward(dh, cache):
    """Gradients of gru_step_forward.

    dh : (N, H), dL/dh
    Returns dx (N, D), dh_prev (N, H), dWx (D, 3H), dWh (H, 3H),
    db (3H,).
    """
    x, h_prev, Wx, Wh, r, z, n, hWn = cache
    dh = _check_grad(dh, h_prev.shape, "dh", "gru_step_backward")
    dax, dah, dh_skip = _gru_step_grads(dh, h_prev, r, z, n, hWn)
    return (dax @ Wx.T, dh_skip + dah @ Wh.T, x.T @ dax, h_prev.T @ dah,
            dax.sum(axis=0))


def gru_forward(x, h0, Wx, Wh, b):
    """A GRU over whole sequences, batch-first (gates and convention as
    in gru_step_forward, order r, z, n).

    x : (N, T, D); h0 : (N, H); Wx : (D, 3H); Wh : (H, 3H); b : (3H,)
    Returns hs : (N, T, H), every hidden state (hs[:, -1] is the state
    to carry), and a cache for gru_backward.
    """
    D, H = _check_weights(Wx, Wh, b, 3, "gru_forward")
    x = _check_input(x, D, 3, "gru_forward")
    N, T, _ = x.shape
    h0 = _check_state(h0, N, H, "h0", "gru_forward")
    xw = _input_projection(x, Wx, b)                 # (N, T, 3H)
    hs = np.empty((N, T, H), xw.dtype)
    rzn = np.empty((N, T, 3, H), xw.dtype)           # r, z, n of each step
    hWn = np.empty((N, T, H), xw.dtype)
    h = h0
    for t in range(T):
        h, r, z, n, hWn[:, t] = _gru_step(xw[:, t], h, Wh, H)
        hs[:, t] = h
        rzn[:, t, 0], rzn[:, t, 1], rzn[:, t, 2] = r, z, n
    return hs, (x, h0, Wx, Wh, hs, rzn, hWn)


def gru_backward(dhs, cache, dh_last=None):
    """Backpropagation through time for gru_forward.

    dhs : (N, T, H), dL/dhs; dh_last : (N, H) or None, an extra
    gradient on the last state hs[:, -1]
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H),
    db (3H,).
    """
    x, h0, Wx, Wh, hs, rzn, hWn = cache
    N, T, H = hs.shape
    dhs = _check_grad(dhs, hs.shape, "dhs", "gru_backward")
    dh = np.zeros((N, H), hs.dtype)
    if dh_last is not None:
        dh = dh + _check_grad(dh_last, (N, H), "dh_last", "gru_backward")
    hprev = _previous_states(h0, hs)
    dax = np.empty((N, T, 3 * H), np.result_type(dhs, hs))
    dah = np.empty_like(dax)
    for t in reversed(range(T)):
        r, z, n = rzn[:, t, 0], rzn[:, t, 1], rzn[:, t, 2]
        dax[:, t], dah[:, t], dh_skip = _gru_step_grads(
            dh + dhs[:, t], hprev[:, t], r, z, n, hWn[:, t])
        dh = dh_skip + dah[:, t] @ Wh.T
    dx = (dax.reshape(N * T, 3 * H) @ Wx.T).reshape(x.shape)
    dWx, dWh, db = _weight_grads(x, hprev, dax, dah)
    return dx, dh, dWx, dWh, db


# ---- embeddings, a linear map at every step, the masked loss


def _check_ids(ids, V, name, where):
    """ids as an int array with every value in [0, V)."""
    ids = np.asarray(ids)
    if (ids.dtype.kind == "f" and np.all(np.isfinite(ids))
            and np.all(ids == np.round(ids))):
        ids = ids.astype(np.int64)   # whole numbers stored as floats
    if ids.dtype.kind not in "iu":
        raise TypeError(
            f"{where}: {name} must be integer token ids, got dtype "
            f"{ids.dtype}" + (" with values that are not whole numbers"
                              if ids.dtype.kind == "f" else ""))
    bad = (ids < 0) | (ids >= V)
    if bad.any():
        raise ValueError(
            f"{where}: token id {ids[bad].flat[0]} in {name} is out of "
            f"range for a vocabulary of V = {V} (ids must be in "
            f"[0, {V}))")
    return ids


def embedding_forward(ids, W):
    """Look up one row of W per token: out[n, t] = W[ids[n, t]].

    ids : int (N, T), each in [0, V); W : (V, D)
    Returns out : (N, T, D) and a cache for embedding_backward.
    (The same as one-hot(ids) @ W, without building the one-hot.)
    """
    W = np.asarray(W)
    if W.ndim != 2:
        raise ValueError(f"embedding_forward: W must have shape (V, D), "
                         f"got {W.shape}")
    ids = _check_ids(ids, W.shape[0], "ids", "embedding_forward")
    return W[ids], (ids, W.shape, W.dtype)


def embedding_backward(dout, cache):
    """Gradient of embedding_forward with respect to W.

    dout : (N, T, D) -> dW : (V, D); row v is the sum of dout over the
    positions where token v occurs. np.add.at adds once per occurrence
    (dW[ids] += dout would add only once per distinct id).
    """
    ids, (V, D), dtype = cache
    dout = _check_grad(dout, ids.shape + (D,), "dout",
                       "embedding_backward")
    dW = np.zeros((V, D), dtype)
    np.add.at(dW, ids.reshape(-1), dout.reshape(-1, D))
    return dW


def temporal_linear_forward(x, W, b):
    """The same linear map at every time step: out[n, t] = x[n, t] @ W + b.

    x : (N, T, D); W : (D, M); b : (M,)
    Returns out : (N, T, M) and a cache; one GEMM over all N*T rows.
    """
    x = as_float_array(x, "x", "temporal_linear_forward")
    W, b = np.asarray(W), np.asarray(b)
    ok = (x.ndim == 3 and W.ndim == 2 and x.shape[2] == W.shape[0]
          and b.shape == (W.shape[1],))
    if not ok:
        raise ValueError(
            "temporal_linear_forward: expected x (N, T, D), W (D, M), "
            f"b (M,); got x {x.shape}, W {W.shape}, b {b.shape}")
    N, T, D = x.shape
    out = (x.reshape(N * T, D) @ W).reshape(N, T, -1) + b
    return out, (x, W)


def temporal_linear_backward(dout, cache):
    """Gradients of temporal_linear_forward.

    dout : (N, T, M)
    Returns dx (N, T, D) = dout @ W.T, dW (D, M) = sum over n, t of
    x[n, t].T dout[n, t], db (M,) = dout summed over n and t.
    """
    x, W = cache
    N, T, D = x.shape
    M = W.shape[1]
    dout = _check_grad(dout, (N, T, M), "dout", "temporal_linear_backward")
    d = dout.reshape(N * T, M)
    dx = (d @ W.T).reshape(x.shape)
    return dx, x.reshape(N * T, D).T @ d, d.sum(axis=0)


def temporal_softmax_cross_entropy(scores, y, mask=None):
    """Softmax cross-entropy at every time step, averaged over the
    positions the mask keeps (padding is masked out).

    scores : (N, T, V) raw class scores; y : int (N, T), in [0, V)
    mask : (N, T) bool or 0/1, or None (keep every position)
    Returns loss (a Python float) = -mean over kept (n, t) of
    log softmax(scores[n, t])[y[n, t]], and dscores (N, T, V) =
    (softmax - one_hot(y)) * mask / (number of kept positions).
    The softmax subtracts each row's maximum first, so no exp overflows.
    """
    where = "temporal_softmax_cross_entropy"
    scores = as_float_array(scores, "scores", where)
    if scores.ndim != 3:
        raise ValueError(f"{where}: scores must have shape (N, T, V), "
                         f"got {scores.shape}")
    N, T, V = scores.shape
    y = np.asarray(y)
    if y.shape != (N, T):
        raise ValueError(f"{where}: y must have shape ({N}, {T}) like "
                         f"scores' first two axes, got {y.shape}")
    y = _check_ids(y, V, "y", where)
    if mask is None:
        mask = np.ones((N, T), scores.dtype)
    else:
        mask = np.asarray(mask)
        if mask.shape != (N, T):
            raise ValueError(f"{where}: mask must have shape ({N}, {T}), "
                             f"got {mask.shape}")
        mask = mask.astype(scores.dtype)
    count = mask.sum()
    if count == 0:
        raise ValueError(f"{where}: the mask removes every position; "
                         "there is nothing to average the loss over")
    shifted = scores - scores.max(axis=2, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    n, t = np.indices((N, T))
    loss = -np.sum(mask * log_probs[n, t, y]) / count
    dscores = np.exp(log_probs)
    dscores[n, t, y] -= 1
    dscores *= (mask / count)[:, :, None]
    return float(loss), dscores
