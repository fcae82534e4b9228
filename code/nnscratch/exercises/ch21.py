"""Checkers for chapter 21, LSTM and GRU.

- ``check_lstm_parameter_count(fn)``: ``fn(D, H)`` returns the number of
  parameters of an LSTM layer with input size D and hidden size H
  (weights Wx, Wh and one bias b for each of the four gates).
- ``check_gru_step(fn)``: ``fn(x, h_prev, Wx, Wh, b)`` returns the GRU's
  next hidden state h (N, H), gates in the order r, z, n and in the
  convention of ``nnscratch.functional.gru_step_forward``.
"""

import numpy as np

from ..functional import gru_step_forward
from ._report import Report


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------ LSTM count

def check_lstm_parameter_count(fn):
    """Check ``fn(D, H)`` against 4 (D H + H^2 + H)."""
    report = Report("check_lstm_parameter_count")
    mistakes = [
        (lambda D, H: 4 * (D * H + H * H), "the biases are missing",
         "each of the four gates has its own bias vector of length H"),
        (lambda D, H: D * H + H * H + H, "this counts one gate, not four",
         "an LSTM has four blocks, i, f, o and g, each with its own "
         "weights"),
        (lambda D, H: 4 * (D * H + H * H + 2 * H),
         "this counts two biases per gate (PyTorch's nn.LSTM)",
         "the library's LSTM has one bias per gate: b has shape (4H,)"),
        (lambda D, H: 3 * (D * H + H * H + H), "this is the GRU's count",
         "the GRU has three blocks; the LSTM has four"),
    ]
    for D, H in [(8, 16), (1, 1), (65, 128), (3, 7)]:
        want = 4 * (D * H + H * H + H)
        ran, got = report.answer(f"D={D}, H={H}", lambda: fn(D, H),
                                 "fn(D, H) should return an int")
        if not ran:
            continue
        ok = np.ndim(got) == 0 and got == want
        hint = "count the entries of Wx (D, 4H), Wh (H, 4H) and b (4H,)"
        for mistake, name, h in mistakes:
            if np.ndim(got) == 0 and got == mistake(D, H):
                hint = f"{name}: {h}"
        report.check(ok, f"D={D}, H={H}: {want} parameters"
                     + ("" if ok else f" (got {got})"), hint)
    return report


# ------------------------------------------------------------ GRU step

def _gru_swapped(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a, ah = x @ Wx + b, h_prev @ Wh
    r = _sigmoid(a[:, :H] + ah[:, :H])
    z = _sigmoid(a[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(a[:, 2 * H:] + r * ah[:, 2 * H:])
    return z * n + (1 - z) * h_prev


def _gru_reset_before(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a, ah = x @ Wx + b, h_prev @ Wh
    r = _sigmoid(a[:, :H] + ah[:, :H])
    z = _sigmoid(a[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(a[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:])
    return (1 - z) * n + z * h_prev


def check_gru_step(fn):
    """Check ``fn(x, h_prev, Wx, Wh, b) -> h`` against the library."""
    report = Report("check_gru_step")
    mistakes = [
        (_gru_swapped, "z and 1 - z are swapped",
         "z is the share of the OLD state kept: h = (1 - z) * n + z * h_prev"),
        (_gru_reset_before, "the reset gate multiplies h_prev before Wh_n "
         "(Cho et al.'s original form)",
         "this book (and PyTorch) applies r after the product: "
         "r * (h_prev @ Wh_n)"),
    ]
    rng = np.random.default_rng(21)
    for N, D, H in [(2, 3, 4), (5, 1, 2), (1, 6, 3)]:
        x, h_prev = rng.standard_normal((N, D)), rng.standard_normal((N, H))
        Wx, Wh = rng.standard_normal((D, 3 * H)), rng.standard_normal((H, 3 * H))
        b = rng.standard_normal(3 * H)
        args = (x, h_prev, Wx, Wh, b)
        want = gru_step_forward(*args)[0]
        what = f"N={N}, D={D}, H={H}"
        ran, got = report.answer(what, lambda: fn(*args),
                                 "fn should return h, an (N, H) array")
        if not ran:
            continue
        got = np.asarray(got, dtype=float)
        ok = got.shape == want.shape and np.allclose(got, want, atol=1e-8)
        hint = ("compute a = x @ Wx + b and ah = h_prev @ Wh once, then "
                "slice the blocks r, z, n in that order")
        if got.shape != want.shape:
            hint = f"h should have shape {want.shape}, got {got.shape}"
        for mistake, name, h in mistakes:
            if got.shape == want.shape and np.allclose(got, mistake(*args)):
                hint = f"{name}: {h}"
        report.check(ok, what, hint)
    return report
