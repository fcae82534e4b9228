"""RNN, LSTM, GRU, embeddings, the temporal linear map and the masked
loss: float64 gradient checks of every forward/backward pair, steps against
sequences, the layers, dtypes and the error messages."""

import numpy as np
import pytest

from nnscratch import functional as F
from nnscratch.gradcheck import check_layer, numerical_gradient, rel_error
from nnscratch.layers import (GRU, LSTM, RNN, Embedding, Sequential,
                              TemporalLinear, load, save, summary)

N, T, D, H = 2, 4, 3, 5


def _weights(rng, k):
    return (0.5 * rng.normal(size=(D, k * H)),
            0.5 * rng.normal(size=(H, k * H)), 0.5 * rng.normal(size=k * H))


def _check_all(loss, analytic, arrays):
    """rel_error of each analytic gradient against the numerical
    gradient of loss() with respect to the matching array. The bound
    is 1e-5, not 1e-7: an entry of about 1e-6 (Wh's, say) carries the
    central difference's rounding noise, about 1e-10, as a relative
    error near 1e-5; a wrong formula gives 1e-2 or more."""
    errors = {name: rel_error(analytic[name],
                              numerical_gradient(lambda _: loss(), a))
              for name, a in arrays.items()}
    assert max(errors.values()) < 1e-5, errors


# ---- step functions


def test_rnn_step_gradients():
    rng = np.random.default_rng(0)
    x, h = rng.normal(size=(N, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 1)
    dout = rng.normal(size=(N, H))
    _, cache = F.rnn_step_forward(x, h, Wx, Wh, b)
    grads = dict(zip(["x", "h", "Wx", "Wh", "b"],
                     F.rnn_step_backward(dout, cache)))
    _check_all(lambda: np.sum(F.rnn_step_forward(x, h, Wx, Wh, b)[0] * dout),
               grads, dict(x=x, h=h, Wx=Wx, Wh=Wh, b=b))


def test_lstm_step_gradients_with_and_without_dc():
    rng = np.random.default_rng(1)
    x, h, c = (rng.normal(size=(N, D)), rng.normal(size=(N, H)),
               rng.normal(size=(N, H)))
    Wx, Wh, b = _weights(rng, 4)
    dh, dc = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    arrays = dict(x=x, h=h, c=c, Wx=Wx, Wh=Wh, b=b)
    for dc_in in (dc, None):
        _, _, cache = F.lstm_step_forward(x, h, c, Wx, Wh, b)
        grads = dict(zip(["x", "h", "c", "Wx", "Wh", "b"],
                         F.lstm_step_backward(dh, dc_in, cache)))
        w = 0 if dc_in is None else 1

        def loss():
            hn, cn, _ = F.lstm_step_forward(x, h, c, Wx, Wh, b)
            return np.sum(hn * dh) + w * np.sum(cn * dc)
        _check_all(loss, grads, arrays)


def test_gru_step_gradients():
    rng = np.random.default_rng(2)
    x, h = rng.normal(size=(N, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 3)
    dout = rng.normal(size=(N, H))
    _, cache = F.gru_step_forward(x, h, Wx, Wh, b)
    grads = dict(zip(["x", "h", "Wx", "Wh", "b"],
                     F.gru_step_backward(dout, cache)))
    _check_all(lambda: np.sum(F.gru_step_forward(x, h, Wx, Wh, b)[0] * dout),
               grads, dict(x=x, h=h, Wx=Wx, Wh=Wh, b=b))


def test_lstm_step_equations_and_gate_order():
    # i, f, o, g: only the f block of b is large, so c = c_prev * ~1
    rng = np.random.default_rng(3)
    x, h, c = (rng.normal(size=(N, D)), rng.normal(size=(N, H)),
               rng.normal(size=(N, H)))
    Wx, Wh = np.zeros((D, 4 * H)), np.zeros((H, 4 * H))
    b = np.zeros(4 * H)
    b[H:2 * H] = 50          # forget gate open, input gate 1/2, g = 0
    hn, cn, _ = F.lstm_step_forward(x, h, c, Wx, Wh, b)
    assert rel_error(cn, c) < 1e-12
    assert rel_error(hn, 0.5 * np.tanh(c)) < 1e-12


def test_gru_step_follows_the_documented_convention():
    rng = np.random.default_rng(4)
    x, hp = rng.normal(size=(N, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 3)
    sig = lambda z: 1 / (1 + np.exp(-z))
    ax, ah = x @ Wx + b, hp @ Wh
    r = sig(ax[:, :H] + ah[:, :H])
    z = sig(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    h, _ = F.gru_step_forward(x, hp, Wx, Wh, b)
    assert rel_error(h, (1 - z) * n + z * hp) < 1e-12


# ---- sequences


def test_rnn_sequence_gradients_including_h0_and_dh_last():
    rng = np.random.default_rng(5)
    x, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 1)
    dhs, dlast = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))
    _, cache = F.rnn_forward(x, h0, Wx, Wh, b)
    grads = dict(zip(["x", "h0", "Wx", "Wh", "b"],
                     F.rnn_backward(dhs, cache, dlast)))

    def loss():
        hs, _ = F.rnn_forward(x, h0, Wx, Wh, b)
        return np.sum(hs * dhs) + np.sum(hs[:, -1] * dlast)
    _check_all(loss, grads, dict(x=x, h0=h0, Wx=Wx, Wh=Wh, b=b))


def test_lstm_sequence_gradients_including_state_and_last_state():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(N, T, D))
    h0, c0 = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 4)
    dhs = rng.normal(size=(N, T, H))
    dh_last, dc_last = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    _, _, cache = F.lstm_forward(x, h0, c0, Wx, Wh, b)
    grads = dict(zip(["x", "h0", "c0", "Wx", "Wh", "b"],
                     F.lstm_backward(dhs, cache, dh_last, dc_last)))

    def loss():
        hs, c_last, _ = F.lstm_forward(x, h0, c0, Wx, Wh, b)
        return (np.sum(hs * dhs) + np.sum(hs[:, -1] * dh_last)
                + np.sum(c_last * dc_last))
    _check_all(loss, grads, dict(x=x, h0=h0, c0=c0, Wx=Wx, Wh=Wh, b=b))


def test_gru_sequence_gradients_including_h0_and_dh_last():
    rng = np.random.default_rng(7)
    x, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 3)
    dhs, dlast = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))
    _, cache = F.gru_forward(x, h0, Wx, Wh, b)
    grads = dict(zip(["x", "h0", "Wx", "Wh", "b"],
                     F.gru_backward(dhs, cache, dlast)))

    def loss():
        hs, _ = F.gru_forward(x, h0, Wx, Wh, b)
        return np.sum(hs * dhs) + np.sum(hs[:, -1] * dlast)
    _check_all(loss, grads, dict(x=x, h0=h0, Wx=Wx, Wh=Wh, b=b))


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_sequence_with_one_step_equals_the_step(cell):
    rng = np.random.default_rng(8)
    k = {"rnn": 1, "gru": 3}[cell]
    x, h0 = rng.normal(size=(N, 1, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, k)
    dh = rng.normal(size=(N, H))
    step_f = getattr(F, cell + "_step_forward")
    step_b = getattr(F, cell + "_step_backward")
    seq_f = getattr(F, cell + "_forward")
    seq_b = getattr(F, cell + "_backward")
    h, c1 = step_f(x[:, 0], h0, Wx, Wh, b)
    hs, c2 = seq_f(x, h0, Wx, Wh, b)
    assert rel_error(hs[:, 0], h) < 1e-14
    g1, g2 = step_b(dh, c1), seq_b(dh[:, None], c2)
    assert rel_error(g2[0][:, 0], g1[0]) < 1e-12
    for a, s in zip(g1[1:], g2[1:]):
        assert rel_error(a, s) < 1e-12


def test_lstm_sequence_with_one_step_equals_the_step():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(N, 1, D))
    h0, c0 = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 4)
    dh, dc = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    h, c, c1 = F.lstm_step_forward(x[:, 0], h0, c0, Wx, Wh, b)
    hs, c_last, c2 = F.lstm_forward(x, h0, c0, Wx, Wh, b)
    assert rel_error(hs[:, 0], h) < 1e-14 and rel_error(c_last, c) < 1e-14
    g1 = F.lstm_step_backward(dh, dc, c1)
    g2 = F.lstm_backward(dh[:, None], c2, dc_last=dc)
    assert rel_error(g2[0][:, 0], g1[0]) < 1e-12
    for a, s in zip(g1[1:], g2[1:]):
        assert rel_error(a, s) < 1e-12


def test_rnn_forward_equals_steps_chained():
    rng = np.random.default_rng(10)
    x, h = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    Wx, Wh, b = _weights(rng, 1)
    hs, _ = F.rnn_forward(x, h, Wx, Wh, b)
    for t in range(T):
        h, _ = F.rnn_step_forward(x[:, t], h, Wx, Wh, b)
        assert rel_error(hs[:, t], h) < 1e-13


# ---- embedding, temporal linear, masked loss


def test_embedding_values_and_gradient_with_repeated_ids():
    rng = np.random.default_rng(11)
    W = rng.normal(size=(6, 3))
    ids = np.array([[1, 1, 4], [0, 1, 5]])
    out, cache = F.embedding_forward(ids, W)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out[1, 2], W[5])
    dout = rng.normal(size=out.shape)
    dW = F.embedding_backward(dout, cache)
    assert rel_error(dW[1], dout[0, 0] + dout[0, 1] + dout[1, 1]) < 1e-14
    num = numerical_gradient(
        lambda _: np.sum(F.embedding_forward(ids, W)[0] * dout), W)
    assert rel_error(dW, num) < 1e-7
    assert np.all(dW[[2, 3]] == 0)


def test_temporal_linear_gradients():
    rng = np.random.default_rng(12)
    x, W, b = (rng.normal(size=(N, T, D)), rng.normal(size=(D, 7)),
               rng.normal(size=7))
    out, cache = F.temporal_linear_forward(x, W, b)
    assert rel_error(out[1, 2], x[1, 2] @ W + b) < 1e-14
    dout = rng.normal(size=out.shape)
    grads = dict(zip(["x", "W", "b"], F.temporal_linear_backward(dout, cache)))
    _check_all(lambda: np.sum(F.temporal_linear_forward(x, W, b)[0] * dout),
               grads, dict(x=x, W=W, b=b))


def _scores_and_labels(rng, V=6):
    return rng.normal(size=(N, T, V)), rng.integers(0, V, size=(N, T))


@pytest.mark.parametrize("use_mask", [False, True])
def test_temporal_softmax_cross_entropy_gradient(use_mask):
    rng = np.random.default_rng(13)
    scores, y = _scores_and_labels(rng)
    mask = rng.random((N, T)) < 0.6 if use_mask else None
    if use_mask:
        mask[0, 0] = True
    loss, dscores = F.temporal_softmax_cross_entropy(scores, y, mask)
    assert isinstance(loss, float)
    num = numerical_gradient(
        lambda s: F.temporal_softmax_cross_entropy(s, y, mask)[0], scores)
    assert rel_error(dscores, num) < 1e-6


def test_temporal_softmax_cross_entropy_values():
    rng = np.random.default_rng(14)
    scores, y = _scores_and_labels(rng)
    p = np.exp(scores) / np.exp(scores).sum(axis=2, keepdims=True)
    expected = -np.mean(np.log(np.take_along_axis(p, y[..., None], 2)))
    loss, _ = F.temporal_softmax_cross_entropy(scores, y)
    assert abs(loss - expected) < 1e-12
    # uniform scores: the loss is log V; huge scores do not overflow
    loss, _ = F.temporal_softmax_cross_entropy(np.zeros((N, T, 6)), y)
    assert abs(loss - np.log(6)) < 1e-12
    loss, d = F.temporal_softmax_cross_entropy(scores * 1e4, y)
    assert np.isfinite(loss) and np.all(np.isfinite(d))


def test_masked_positions_change_nothing():
    rng = np.random.default_rng(15)
    scores, y = _scores_and_labels(rng)
    mask = np.ones((N, T), bool)
    mask[0, 2:] = False
    mask[1, 3] = False
    loss, d = F.temporal_softmax_cross_entropy(scores, y, mask)
    other = scores.copy()
    other[~mask] = rng.normal(size=(int((~mask).sum()), 6)) * 10
    y2 = y.copy()
    y2[~mask] = (y[~mask] + 1) % 6
    loss2, d2 = F.temporal_softmax_cross_entropy(other, y2, mask)
    assert loss == loss2
    assert np.all(d[~mask] == 0) and np.all(d2[~mask] == 0)
    np.testing.assert_array_equal(d[mask], d2[mask])
    # the mean is over the 5 kept positions only; 0/1 ints work too
    kept = F.temporal_softmax_cross_entropy(scores[:1, :2], y[:1, :2])[0]
    loss01, _ = F.temporal_softmax_cross_entropy(scores, y,
                                                 mask.astype(int))
    assert loss01 == loss and kept != loss


def test_an_all_masked_batch_is_an_error():
    scores, y = _scores_and_labels(np.random.default_rng(16))
    with pytest.raises(ValueError, match="mask removes every position"):
        F.temporal_softmax_cross_entropy(scores, y, np.zeros((N, T), bool))


# ---- layers


@pytest.mark.parametrize("make", [
    lambda rng: RNN(D, H, rng), lambda rng: GRU(D, H, rng),
    lambda rng: LSTM(D, H, rng), lambda rng: TemporalLinear(D, 4, rng)])
def test_layer_gradients(make):
    rng = np.random.default_rng(17)
    layer = make(rng)
    layer.b.data[:] += 0.3 * rng.normal(size=layer.b.shape)
    errors = check_layer(layer, rng.normal(size=(N, T, D)))
    assert max(errors.values()) < 1e-6, errors


def test_embedding_layer_gradient():
    rng = np.random.default_rng(18)
    layer = Embedding(7, 3, rng)
    ids = rng.integers(0, 7, size=(N, T))
    dout = rng.normal(size=(N, T, 3))
    layer.forward(ids)
    assert layer.backward(dout) is None
    num = numerical_gradient(lambda _: np.sum(layer.forward(ids) * dout),
                             layer.W.data)
    assert rel_error(layer.W.grad, num) < 1e-7


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_layer_state_and_its_gradient(cls):
    rng = np.random.default_rng(19)
    layer = cls(D, H, rng)
    x = rng.normal(size=(N, T, D))
    is_lstm = cls is LSTM
    state = ((rng.normal(size=(N, H)), rng.normal(size=(N, H)))
             if is_lstm else rng.normal(size=(N, H)))
    hs = layer.forward(x, state)
    assert hs.shape == (N, T, H)
    last = layer.last_state
    # carrying the state over: two halves equal the whole sequence
    half = cls(D, H, np.random.default_rng(0))
    for p, q in zip(half.parameters(), layer.parameters()):
        p.data[...] = q.data
    first = half.forward(x[:, :2], state)
    second = half.forward(x[:, 2:], half.last_state)
    assert rel_error(np.concatenate([first, second], 1), hs) < 1e-13
    pieces = (lambda s: s) if is_lstm else (lambda s: (s,))
    for a, b in zip(pieces(half.last_state), pieces(last)):
        assert rel_error(a, b) < 1e-13
    # dstate (the gradient on the initial state) and a gradient on
    # last_state, checked numerically through the layer
    dhs = rng.normal(size=hs.shape)
    dlast = ((rng.normal(size=(N, H)), rng.normal(size=(N, H)))
             if is_lstm else rng.normal(size=(N, H)))
    layer.forward(x, state)
    layer.backward(dhs, dlast)

    def loss():
        out = layer.forward(x, state)
        s = layer.last_state
        extra = (np.sum(s[0] * dlast[0]) + np.sum(s[1] * dlast[1])
                 if is_lstm else np.sum(s * dlast))
        return np.sum(out * dhs) + extra
    for s, ds in zip(pieces(state), pieces(layer.dstate)):
        assert rel_error(ds, numerical_gradient(lambda _: loss(), s)) < 1e-6


def test_lstm_forget_bias_starts_at_one_and_init_shapes():
    lstm = LSTM(D, H, np.random.default_rng(0))
    assert lstm.Wx.shape == (D, 4 * H) and lstm.Wh.shape == (H, 4 * H)
    np.testing.assert_array_equal(lstm.b.data[H:2 * H], 1)
    assert np.all(lstm.b.data[:H] == 0) and np.all(lstm.b.data[2 * H:] == 0)
    assert GRU(D, H, np.random.default_rng(0)).Wx.shape == (D, 3 * H)
    assert RNN(D, H, np.random.default_rng(0)).num_parameters() == \
        D * H + H * H + H
    assert repr(lstm) == f"LSTM({D} -> {H})"
    assert repr(Embedding(10, 4, np.random.default_rng(0))) == \
        "Embedding(10, 4)"


@pytest.mark.parametrize("make", [
    lambda rng: RNN(D, H, rng, dtype=np.float32),
    lambda rng: GRU(D, H, rng, dtype=np.float32),
    lambda rng: LSTM(D, H, rng, dtype=np.float32),
    lambda rng: TemporalLinear(D, 4, rng, dtype=np.float32)])
def test_layers_keep_float32(make):
    rng = np.random.default_rng(20)
    layer = make(rng)
    x = rng.normal(size=(N, T, D)).astype(np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == np.float32 and dx.dtype == np.float32
    for p in layer.parameters():
        assert p.grad.dtype == np.float32
    state = layer.last_state if hasattr(layer, "last_state") else ()
    for s in (state if isinstance(state, tuple) else (state,)):
        assert s.dtype == np.float32


def test_functions_keep_float32():
    rng = np.random.default_rng(21)
    f32 = lambda *s: rng.normal(size=s).astype(np.float32)
    x, h, c = f32(N, T, D), f32(N, H), f32(N, H)
    emb = Embedding(5, 3, rng, dtype=np.float32)
    assert emb.forward(np.zeros((N, T), int)).dtype == np.float32
    emb.backward(f32(N, T, 3))
    assert emb.W.grad.dtype == np.float32
    hs, c_last, cache = F.lstm_forward(x, h, c, f32(D, 4 * H), f32(H, 4 * H),
                                       f32(4 * H))
    assert hs.dtype == c_last.dtype == np.float32
    assert all(g.dtype == np.float32
               for g in F.lstm_backward(f32(N, T, H), cache, h, c))
    _, d = F.temporal_softmax_cross_entropy(f32(N, T, 6),
                                            np.zeros((N, T), int))
    assert d.dtype == np.float32


def test_summary_save_and_load_a_language_model(tmp_path):
    def model(seed):
        rng = np.random.default_rng(seed)
        return Sequential(Embedding(10, 4, rng), LSTM(4, 6, rng),
                          GRU(6, 6, rng), RNN(6, 5, rng),
                          TemporalLinear(5, 10, rng))
    text = summary(model(0), (7,))
    assert "Embedding(10, 4)" in text and "(m, 7, 4)" in text
    assert "LSTM(4 -> 6)" in text and "(m, 7, 6)" in text
    assert "(m, 7, 10)" in text
    total = 40 + (4 * 24 + 6 * 24 + 24) + \
        (6 * 18 + 6 * 18 + 18) + (30 + 25 + 5) + 60
    assert f"Total parameters: {total:,}" in text
    a, b = model(0), model(1)
    ids = np.random.default_rng(2).integers(0, 10, size=(3, 7))
    assert "layers.1.Wh" in a.state_dict()
    save(a, tmp_path / "lm.npz")
    assert rel_error(b(ids), a(ids)) > 1e-3
    load(b, tmp_path / "lm.npz")
    np.testing.assert_array_equal(b(ids), a(ids))
    # and a full backward through the stack
    a.zero_grad()
    a.backward(np.ones((3, 7, 10)))
    assert np.any(a[0].W.grad != 0)


# ---- error messages


def test_sequence_shape_errors():
    rng = np.random.default_rng(22)
    Wx, Wh, b = _weights(rng, 1)
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 3\), "
                       r"got \(2, 3\) \(one sequence\? use x\[None\]"):
        F.rnn_forward(np.zeros((2, 3)), np.zeros((2, H)), Wx, Wh, b)
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 3\), "
                       r"got \(2, 4, 7\)"):
        F.rnn_forward(np.zeros((2, 4, 7)), np.zeros((2, H)), Wx, Wh, b)
    with pytest.raises(ValueError, match=r"rnn_step_forward: x must have "
                       r"shape \(N, 3\), got \(2, 4, 3\)"):
        F.rnn_step_forward(np.zeros((2, 4, 3)), np.zeros((2, H)), Wx, Wh, b)
    with pytest.raises(ValueError, match=r"h0 must have shape \(2, 5\) "
                       r"\(N, H\), got \(3, 5\)"):
        F.rnn_forward(np.zeros((2, 4, 3)), np.zeros((3, H)), Wx, Wh, b)
    Wx4, Wh4, b4 = _weights(rng, 4)
    with pytest.raises(ValueError, match=r"lstm_forward: c0 must have "
                       r"shape \(2, 5\) \(N, H\), got \(2, 4\)"):
        F.lstm_forward(np.zeros((2, 4, 3)), np.zeros((2, H)),
                       np.zeros((2, 4)), Wx4, Wh4, b4)
    with pytest.raises(ValueError, match=r"h_prev must have shape"):
        F.gru_step_forward(np.zeros((2, 3)), np.zeros((2, 4)),
                           *_weights(rng, 3))


def test_weight_and_gradient_shape_errors():
    rng = np.random.default_rng(23)
    Wx, Wh, b = _weights(rng, 4)
    x, h = np.zeros((N, T, D)), np.zeros((N, H))
    with pytest.raises(ValueError, match=r"expected Wx \(D, 4H\), Wh "
                       r"\(H, 4H\), b \(4H,\); got Wx \(3, 20\), "
                       r"Wh \(5, 20\), b \(5,\)"):
        F.lstm_forward(x, h, h, Wx, Wh, b[:5])
    with pytest.raises(ValueError, match=r"expected Wx \(D, 3H\)"):
        F.gru_forward(x, h, Wx, Wh, b)   # LSTM weights in a GRU
    _, cache = F.rnn_forward(x, h, *_weights(rng, 1))
    with pytest.raises(ValueError, match=r"dhs must have shape \(2, 4, 5\)"
                       r" like the forward output, got \(2, 5\)"):
        F.rnn_backward(np.zeros((2, 5)), cache)
    with pytest.raises(ValueError, match=r"dh_last must have shape \(2, 5\)"):
        F.rnn_backward(np.zeros((N, T, H)), cache, np.zeros((2, 4)))
    _, _, lcache = F.lstm_forward(x, h, h, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"dc_last must have shape"):
        F.lstm_backward(np.zeros((N, T, H)), lcache, None, np.zeros(5))
    _, cache = F.temporal_linear_forward(x, np.zeros((D, 4)), np.zeros(4))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 4, 4\)"):
        F.temporal_linear_backward(np.zeros((2, 4, 3)), cache)
    with pytest.raises(ValueError, match=r"expected x \(N, T, D\), W \(D, M\)"
                       r", b \(M,\); got x \(2, 3\)"):
        F.temporal_linear_forward(np.zeros((2, 3)), np.zeros((3, 4)),
                                  np.zeros(4))


def test_token_id_errors():
    W = np.zeros((10, 3))
    with pytest.raises(ValueError, match=r"token id 12 in ids is out of "
                       r"range for a vocabulary of V = 10 \(ids must be in "
                       r"\[0, 10\)\)"):
        F.embedding_forward(np.array([[1, 12, 3]]), W)
    with pytest.raises(ValueError, match=r"token id -1 in ids"):
        F.embedding_forward(np.array([[-1]]), W)
    with pytest.raises(TypeError, match=r"ids must be integer token ids, "
                       r"got dtype float64 with values that are not whole"):
        F.embedding_forward(np.array([[0.5]]), W)
    with pytest.raises(TypeError, match=r"not whole numbers"):
        F.embedding_forward(np.array([[np.inf]]), W)
    with pytest.raises(TypeError, match=r"got dtype bool"):
        F.embedding_forward(np.array([[True]]), W)
    with pytest.raises(ValueError, match=r"W must have shape \(V, D\)"):
        F.embedding_forward(np.array([[0]]), np.zeros(10))
    # whole numbers stored as floats are accepted (summary() feeds zeros)
    out, _ = F.embedding_forward(np.array([[2.0]]), W)
    assert out.shape == (1, 1, 3)
    with pytest.raises(ValueError, match=r"Embedding\(10, 3\): .*token id 10"):
        Embedding(10, 3, np.random.default_rng(0)).forward([[10]])
    _, cache = F.embedding_forward(np.array([[1, 2]]), W)
    with pytest.raises(ValueError, match=r"dout must have shape \(1, 2, 3\)"):
        F.embedding_backward(np.zeros((1, 2, 4)), cache)


def test_loss_input_errors():
    scores, y = _scores_and_labels(np.random.default_rng(24))
    with pytest.raises(ValueError, match=r"scores must have shape "
                       r"\(N, T, V\), got \(2, 6\)"):
        F.temporal_softmax_cross_entropy(scores[:, 0], y)
    with pytest.raises(ValueError, match=r"y must have shape \(2, 4\) like "
                       r"scores' first two axes, got \(2, 3\)"):
        F.temporal_softmax_cross_entropy(scores, y[:, :3])
    with pytest.raises(ValueError, match=r"token id 6 in y is out of range "
                       r"for a vocabulary of V = 6"):
        F.temporal_softmax_cross_entropy(scores, np.full((N, T), 6))
    with pytest.raises(ValueError, match=r"mask must have shape \(2, 4\), "
                       r"got \(4, 2\)"):
        F.temporal_softmax_cross_entropy(scores, y, np.ones((4, 2)))


def test_layer_errors():
    rng = np.random.default_rng(25)
    with pytest.raises(ValueError, match=r"LSTM\(3 -> 5\): lstm_forward: x "
                       r"must have shape \(N, T, 3\), got \(2, 4, 4\)"):
        LSTM(D, H, rng).forward(np.zeros((2, 4, 4)))
    with pytest.raises(ValueError, match=r"RNN\(3 -> 5\): rnn_forward: h0 "
                       r"must have shape \(2, 5\)"):
        RNN(D, H, rng).forward(np.zeros((2, 4, 3)), np.zeros((1, 5)))
    with pytest.raises(ValueError, match=r"state must be a pair \(h0, c0\)"):
        LSTM(D, H, rng).forward(np.zeros((2, 4, 3)), np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"TemporalLinear\(3 -> 4\): x must "
                       r"have shape \(N, T, 3\), got \(2, 3\)"):
        TemporalLinear(D, 4, rng).forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        GRU(D, 0, rng)
    with pytest.raises(ValueError, match="embedding_dim must be a positive"):
        Embedding(5, 2.5, rng)
    for layer in (RNN(D, H, rng), LSTM(D, H, rng), GRU(D, H, rng),
                  Embedding(4, 2, rng), TemporalLinear(D, 2, rng)):
        with pytest.raises(RuntimeError, match="forward before backward"):
            layer.backward(np.zeros((N, T, H)))


def test_backward_passes_leave_their_gradients_unchanged():
    rng = np.random.default_rng(26)
    x, h = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    dhs, dlast = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))
    before = (dhs.copy(), dlast.copy())
    F.rnn_backward(dhs, F.rnn_forward(x, h, *_weights(rng, 1))[1], dlast)
    F.gru_backward(dhs, F.gru_forward(x, h, *_weights(rng, 3))[1], dlast)
    F.lstm_backward(dhs, F.lstm_forward(x, h, h, *_weights(rng, 4))[2],
                    dlast, dlast)
    np.testing.assert_array_equal(dhs, before[0])
    np.testing.assert_array_equal(dlast, before[1])
