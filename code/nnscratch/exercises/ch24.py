"""Checkers for chapter 24, time-series forecasting.

- ``check_mase(fn)``: ``fn(y_pred, y, y_train, m)`` returns the mean
  absolute scaled error, a float: the MAE of the forecast divided by the
  in-sample MAE of the seasonal naive forecast y_t = y_{t-m} on the
  TRAINING series.
- ``check_make_windows(fn)``: ``fn(series, p)`` returns (X, y): X of
  shape (n - p, p) with X[i] = series[i:i + p], and y of shape (n - p,)
  with y[i] = series[i + p], the value right AFTER the window.
"""

import numpy as np

from ..metrics import mase
from ._report import Report, find_mistake


# ------------------------------------------------------------ MASE

def _scale_on_test(y_pred, y, y_train, m):
    y_pred, y = np.asarray(y_pred), np.asarray(y)
    if len(y) <= m:
        raise ValueError("too few test values for this mistake")
    return np.mean(np.abs(y_pred - y)) / np.mean(np.abs(y[m:] - y[:-m]))


def _ignores_m(y_pred, y, y_train, m):
    return mase(y_pred, y, y_train, 1)


def _rmse_over_mae(y_pred, y, y_train, m):
    y_pred, y, y_train = map(np.asarray, (y_pred, y, y_train))
    return (np.sqrt(np.mean((y_pred - y) ** 2))
            / np.mean(np.abs(y_train[m:] - y_train[:-m])))


def _squared_scale(y_pred, y, y_train, m):
    y_pred, y, y_train = map(np.asarray, (y_pred, y, y_train))
    return (np.mean((y_pred - y) ** 2)
            / np.mean((y_train[m:] - y_train[:-m]) ** 2))


_MASE_MISTAKES = [
    (_scale_on_test, "it scales by the naive error on the TEST values",
     "the scale must come from the training series only: "
     "np.mean(np.abs(y_train[m:] - y_train[:-m]))"),
    (_ignores_m, "it ignores m (the scale is always the one-step naive "
     "error)", "the seasonal naive forecast compares y_train[m:] with "
     "y_train[:-m], m steps apart"),
    (_rmse_over_mae, "its numerator is the RMSE, not the MAE",
     "MASE divides a mean ABSOLUTE error by a mean absolute error"),
    (_squared_scale, "it uses squared errors in both places",
     "use absolute errors: np.abs, not ** 2"),
]


def check_mase(fn):
    """Exercise: ``fn(y_pred, y, y_train, m)`` returns the mean absolute
    scaled error as a float."""
    r = Report("check_mase")
    rng = np.random.default_rng(24)
    season = np.tile([0.0, 5.0, 2.0, 8.0], 6)
    cases = [
        ("the small example, m = 1", [4.0, 8.0], [5.0, 5.0],
         [1.0, 3.0, 2.0, 6.0], 1),
        ("the small example, m = 2", [4.0, 8.0], [5.0, 5.0],
         [1.0, 3.0, 2.0, 6.0], 2),
        ("a seasonal series, m = 4", season[:8] + rng.normal(size=8),
         season[:8] + rng.normal(size=8),
         season + rng.normal(scale=0.5, size=24), 4),
        ("a random walk, m = 1", rng.normal(size=10),
         np.cumsum(rng.normal(size=10)), np.cumsum(rng.normal(size=50)), 1),
    ]
    general = ("MAE of the forecast / mean(|y_train[m:] - y_train[:-m]|)")
    for what, y_pred, y, y_train, m in cases:
        args = tuple(np.array(a, dtype=float) for a in (y_pred, y, y_train))
        want = mase(*args, m)
        ran, got = r.number(what, lambda: fn(*[a.copy() for a in args], m),
                            general)
        if not ran:
            continue
        if np.isclose(got, want):
            r.check(True, what)
            continue
        name, hint = find_mistake(_MASE_MISTAKES, got, args + (m,))
        r.check(False, what + (f" ({name})" if name else
                               f" (got {got:.4g}, expected {want:.4g})"),
                hint or general)
    return r


# ------------------------------------------------------------ windows

def _windows(series, p):
    series = np.asarray(series)
    n = len(series) - p
    X = np.stack([series[i:i + p] for i in range(n)])
    return X, series[p:]


_WINDOW_MISTAKES = [
    (lambda s, p: (_windows(s, p)[0], np.asarray(s)[p - 1:-1]),
     "its target is the LAST value of the window (the answer leaks into "
     "the input)", "the target of window series[i:i + p] is the NEXT "
     "value, series[i + p]"),
    (lambda s, p: (_windows(s, p)[0][:, ::-1], _windows(s, p)[1]),
     "its windows are reversed (newest value first)",
     "keep time order: X[i] = series[i:i + p], oldest first"),
]


def check_make_windows(fn):
    """Exercise: ``fn(series, p)`` returns (X, y), X (n - p, p) with
    X[i] = series[i:i + p] and y (n - p,) with y[i] = series[i + p]."""
    r = Report("check_make_windows")
    general = ("X[i] = series[i:i + p], y[i] = series[i + p] for "
               "i = 0 .. n - p - 1")
    cases = [
        ("0, 1, ..., 9 with p = 3", np.arange(10.0), 3),
        ("a random series of 30 with p = 12",
         np.random.default_rng(7).normal(size=30), 12),
        ("p = 1 on 5 values", np.array([3.0, 1.0, 4.0, 1.0, 5.0]), 1),
    ]
    for what, s, p in cases:
        want_X, want_y = _windows(s, p)
        ran, got = r.answer(what, lambda: fn(s.copy(), p), general)
        if not ran:
            continue
        try:
            X, y = got
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        except (TypeError, ValueError):
            r.check(False, f"{what}: expected a pair (X, y)",
                    "return X, y")
            continue
        if X.shape != want_X.shape or y.shape != want_y.shape:
            r.check(False, f"{what}: got shapes {X.shape} and {y.shape}, "
                    f"expected {want_X.shape} and {want_y.shape}",
                    "there are n - p windows, each of p values, and one "
                    "target per window")
            continue
        if np.allclose(X, want_X) and np.allclose(y, want_y):
            r.check(True, what)
            continue
        name, hint = None, None
        for mistake, nm, hn in _WINDOW_MISTAKES:
            mX, my = mistake(s, p)
            if np.allclose(X, mX) and np.allclose(y, my):
                name, hint = nm, hn
                break
        r.check(False, what + (f" ({name})" if name else " (wrong values)"),
                hint or general)
    return r
