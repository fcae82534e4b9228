"""Checkers for chapter 20, sequences and vanilla RNNs.

- ``check_rnn_step_backward(fn)``: ``fn(dh, x, h_prev, Wx, Wh, h)``
  returns (dx, dh_prev, dWx, dWh, db), the gradients of one step
  h = tanh(x @ Wx + h_prev @ Wh + b) given dh = dL/dh.
- ``check_clip_grad_norm(fn)``: ``fn(grads, max_norm)`` returns a list of
  arrays: all gradients scaled together so that their global L2 norm is
  at most max_norm (unchanged if it already is).
"""

import numpy as np

from ..functional import rnn_step_backward, rnn_step_forward
from ._report import Report, find_mistake

_NAMES = ("dx", "dh_prev", "dWx", "dWh", "db")


# ------------------------------------------------------------ RNN step

def _no_tanh(dh, x, h_prev, Wx, Wh, h):
    dz = dh
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def _wrong_derivative(dh, x, h_prev, Wx, Wh, h):
    dz = dh * (1 - h)
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def _h_for_h_prev(dh, x, h_prev, Wx, Wh, h):
    dz = dh * (1 - h * h)
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h.T @ dz, dz.sum(axis=0)


def _no_transpose(dh, x, h_prev, Wx, Wh, h):
    dz = dh * (1 - h * h)
    return dz @ Wx.T, dz @ Wh, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


_STEP_MISTAKES = [
    (_no_tanh, "it skips the tanh: dz = dh",
     "the gradient must pass through tanh first: dz = dh * (1 - h**2)"),
    (_wrong_derivative, "it uses 1 - h as tanh's derivative",
     "tanh'(z) = 1 - tanh(z)**2 = 1 - h**2"),
    (_h_for_h_prev, "dWh uses the new state h instead of h_prev",
     "Wh multiplies h_prev in the forward pass, so dWh = h_prev.T @ dz"),
    (_no_transpose, "dh_prev uses Wh instead of Wh.T",
     "h_prev @ Wh goes forward, so dz @ Wh.T goes back"),
]


def check_rnn_step_backward(fn):
    """Exercise: ``fn(dh, x, h_prev, Wx, Wh, h)`` returns the five
    gradients (dx, dh_prev, dWx, dWh, db) of one vanilla RNN step."""
    r = Report("check_rnn_step_backward")
    rng = np.random.default_rng(20)
    general = ("dz = dh * (1 - h**2); dx = dz @ Wx.T, dh_prev = dz @ Wh.T, "
               "dWx = x.T @ dz, dWh = h_prev.T @ dz, db = dz.sum(axis=0)")
    for what, N, D, H in (("N=2, D=3, H=4", 2, 3, 4),
                          ("N=5, D=2, H=3", 5, 2, 3),
                          ("N=1, D=4, H=4", 1, 4, 4)):
        x, h_prev = rng.normal(size=(N, D)), rng.normal(size=(N, H))
        Wx, Wh = rng.normal(size=(D, H)), rng.normal(size=(H, H)) * 0.5
        b, dh = rng.normal(size=H), rng.normal(size=(N, H))
        h, cache = rnn_step_forward(x, h_prev, Wx, Wh, b)
        want = rnn_step_backward(dh, cache)
        args = (dh, x, h_prev, Wx, Wh, h)
        ran, got = r.answer(what, lambda: fn(*[a.copy() for a in args]),
                            general)
        if not ran:
            continue
        try:
            got = tuple(np.asarray(g, dtype=float) for g in got)
        except (TypeError, ValueError):
            r.check(False, f"{what}: expected a tuple of five arrays",
                    "return dx, dh_prev, dWx, dWh, db")
            continue
        if len(got) != 5:
            r.check(False, f"{what}: got {len(got)} results, expected 5",
                    "return dx, dh_prev, dWx, dWh, db")
            continue
        bad = [n for n, g, w in zip(_NAMES, got, want)
               if g.shape != w.shape or not np.allclose(g, w)]
        if not bad:
            r.check(True, what)
            continue
        name, hint = find_mistake(_STEP_MISTAKES, got, args)
        r.check(False, f"{what}: wrong {', '.join(bad)}"
                + (f" ({name})" if name else ""), hint or general)
    return r


# ------------------------------------------------------------ clipping

def _clip_reference(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads]


def _per_array(grads, max_norm):
    out = []
    for g in grads:
        n = np.linalg.norm(g)
        out.append(g * max_norm / n if n > max_norm else g)
    return out


def _elementwise(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]


def _always_scale(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    return [g * max_norm / norm for g in grads]


_CLIP_MISTAKES = [
    (_per_array, "it clips each array on its own",
     "one norm for ALL gradients together: "
     "sqrt(sum(np.sum(g**2) for g in grads)), and one scale for all"),
    (_elementwise, "it clips each value (np.clip), which turns the "
     "gradient's direction", "scale the whole gradient, do not cut values"),
    (_always_scale, "it scales small gradients UP to max_norm too",
     "only scale when the norm is larger than max_norm"),
]


def check_clip_grad_norm(fn):
    """Exercise: ``fn(grads, max_norm)`` returns the list of clipped
    gradients (global-norm clipping)."""
    r = Report("check_clip_grad_norm")
    rng = np.random.default_rng(21)
    general = "scale = min(1, max_norm / global norm); return [g * scale ...]"
    cases = [
        ("a large gradient (norm 13) clipped to 5",
         [np.array([3.0, 4.0]), np.array([[12.0]])], 5.0),
        ("a small gradient is left alone",
         [np.array([0.3, -0.4]), np.array([0.1])], 5.0),
        ("three random arrays, max_norm 1",
         [rng.normal(size=(3, 4)) * 2, rng.normal(size=4),
          rng.normal(size=(2, 2)) * 0.1], 1.0),
    ]
    for what, grads, max_norm in cases:
        want = _clip_reference(grads, max_norm)
        ran, got = r.answer(
            what, lambda: fn([g.copy() for g in grads], max_norm), general)
        if not ran:
            continue
        try:
            got = [np.asarray(g, dtype=float) for g in got]
        except (TypeError, ValueError):
            r.check(False, f"{what}: expected a list of arrays",
                    "return one array per gradient")
            continue
        ok = len(got) == len(want) and all(
            g.shape == w.shape and np.allclose(g, w) for g, w in zip(got, want))
        if ok:
            r.check(True, what)
            continue
        name, hint = find_mistake(_CLIP_MISTAKES, got, (grads, max_norm))
        r.check(False, what + (f" ({name})" if name else ""), hint or general)
    return r
