"""Checkers for chapter 12, Deep networks."""

import numpy as np

from ..activations import relu
from ._report import Report

# check_he_normal ------------------------------------------------------------

# (fan_in, fan_out) pairs far apart, so that the usual wrong variances
# (2/fan_out, 1/fan_in, 2/(fan_in + fan_out), std = 2/fan_in) differ clearly.
_HE_CASES = [(200, 800), (800, 200)]

_VARIANCE_MISTAKES = [
    ("variance 2 / n_out",
     lambda n_in, n_out: 2.0 / n_out,
     "He's variance counts the inputs of a neuron, n_in, not its "
     "outputs: Var(w) = 2 / n_in"),
    ("standard deviation 2 / n_in",
     lambda n_in, n_out: (2.0 / n_in) ** 2,
     "2 / n_in is the VARIANCE; rng.normal(loc, scale, size) takes the "
     "standard deviation, so pass np.sqrt(2 / n_in)"),
    ("variance 1 / n_in (LeCun's, or Xavier's for a square layer)",
     lambda n_in, n_out: 1.0 / n_in,
     "ReLU zeroes half of its inputs, so He doubles the variance: "
     "Var(w) = 2 / n_in, not 1 / n_in"),
    ("Xavier's variance 2 / (n_in + n_out)",
     lambda n_in, n_out: 2.0 / (n_in + n_out),
     "that is Xavier/Glorot (for tanh); He for ReLU uses only the "
     "inputs: Var(w) = 2 / n_in"),
    ("variance 1 (no scaling)",
     lambda n_in, n_out: 1.0,
     "scale the standard normal numbers: std = np.sqrt(2 / n_in)"),
]


def _name_variance(var, n_in, n_out):
    """The known mistake whose variance is within 10 % of ``var``."""
    for name, formula, hint in _VARIANCE_MISTAKES:
        want = formula(n_in, n_out)
        if abs(var - want) <= 0.1 * want:
            return name, hint
    return None, ("draw from a normal distribution with mean 0 and "
                  "standard deviation np.sqrt(2 / n_in)")


def check_he_normal(fn):
    """Exercise: He initialization.

    ``fn(n_in, n_out, rng)`` returns an (n_in, n_out) array of numbers
    drawn from a normal distribution with mean 0 and variance 2 / n_in,
    using the Generator ``rng``.
    """
    r = Report("check_he_normal")
    shape_hint = ("return shape (n_in, n_out), the shape of W in "
                  "X @ W + b: pass size=(n_in, n_out)")
    for n_in, n_out in [(3, 5), (784, 128), (1, 4)]:
        ran, W = r.attempt(f"shape for n_in={n_in}, n_out={n_out}",
                           lambda: fn(n_in, n_out,
                                      np.random.default_rng(0)),
                           shape_hint)
        if not ran:
            continue
        if W is None:
            r.check(False, f"shape for n_in={n_in}, n_out={n_out}: "
                    "your function returned None",
                    "end with: return W (did you forget `return`?)")
            continue
        got = np.shape(W)
        r.check(got == (n_in, n_out),
                f"shape for n_in={n_in}, n_out={n_out} is "
                f"{(n_in, n_out)}" + ("" if got == (n_in, n_out)
                                      else f" (got {got})"),
                shape_hint)
    for n_in, n_out in _HE_CASES:
        what = f"variance 2 / n_in for n_in={n_in}, n_out={n_out}"
        ran, W = r.attempt(what, lambda: fn(n_in, n_out,
                                            np.random.default_rng(1)))
        if not ran:
            if r.unfinished:
                r.skipped += 2  # the mean and normality checks below
            continue
        W = np.asarray(W, dtype=np.float64)
        if W.shape != (n_in, n_out):
            r.check(False, what + f" (wrong shape {W.shape})",
                    shape_hint)
            continue
        var, want = W.var(), 2.0 / n_in
        # 160,000 draws: the sample variance is within 1 % of the
        # true one; 5 % leaves room and still separates the mistakes.
        ok = abs(var - want) <= 0.05 * want
        detail = ""
        hint = ""
        if not ok:
            name, hint = _name_variance(var, n_in, n_out)
            detail = f" (got {var:.3g}, expected {want:.3g}"
            detail += f": that is {name})" if name else ")"
        r.check(ok, what + detail, hint)
        # the mean of W.size draws of spread W.std() is within 5 of
        # its standard errors of 0 (the spread measured, so that a wrong
        # variance does not also fail this check)
        mean_ok = abs(W.mean()) <= 5 * W.std() / np.sqrt(W.size)
        r.check(mean_ok, "mean 0" + ("" if mean_ok else
                                     f" (got {W.mean():.3g})"),
                _mean_hint(W.mean(), n_in))
        normal_ok = W.std() > 0 and _looks_normal(
            (W - W.mean()) / W.std())
        r.check(normal_ok, "normally distributed (not uniform)",
                "use rng.normal, not rng.uniform: he_normal draws "
                "from a bell curve")
    _check_rng_use(r, fn)
    return r


def _mean_hint(mean, n_in):
    """A hint for weights whose mean is not 0."""
    std = np.sqrt(2.0 / n_in)
    if abs(mean - std) <= 0.1 * std:
        return ("the mean came out as sqrt(2 / n_in): rng.normal's first "
                "argument is the mean (loc), the second the standard "
                "deviation (scale): rng.normal(0.0, np.sqrt(2 / n_in), "
                "size=(n_in, n_out))")
    return "the weights must be centred on 0: rng.normal(0.0, ...)"


def _looks_normal(z):
    """A uniform distribution scaled to variance 1 never goes beyond
    sqrt(3) = 1.73; a normal one does for 8 % of its draws."""
    return np.mean(np.abs(z) > 1.8) > 0.03


def _check_rng_use(r, fn):
    what = "draws from the rng it is given (same seed, same weights)"
    if r.unfinished:
        r.skipped += 1
        return
    ran, first = r.attempt(what, lambda: fn(
        20, 30, np.random.default_rng(7)))
    if not ran:
        return
    ran, again = r.attempt(what, lambda: fn(
        20, 30, np.random.default_rng(7)))
    if not ran:
        return
    ran, other = r.attempt(what, lambda: fn(
        20, 30, np.random.default_rng(8)))
    if not ran:
        return
    same = np.array_equal(np.asarray(first), np.asarray(again))
    differ = not np.array_equal(np.asarray(first), np.asarray(other))
    r.check(same and differ, what,
            "draw with the rng argument, rng.normal(...), not "
            "np.random.normal(...): then a seed makes a run repeatable")


# check_hat ------------------------------------------------------------------

def hat(x):
    """The hat function max(0, 1 - |x|): 0 outside [-1, 1], 1 at 0."""
    return np.maximum(0.0, 1.0 - np.abs(x))


# Points to test: the kinks, points between them, and far away.
HAT_POINTS = np.array([-5.0, -2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5,
                       3.0, 10.0])


def check_hat(W1, b1, W2, b2):
    """Exercise: weights of a 1 -> n_h -> 1 ReLU network whose output
    ``relu(x @ W1 + b1) @ W2 + b2`` is exactly the hat max(0, 1 - |x|)
    for every real x (x of shape (m, 1)).

    W1 : (1, n_h), b1 : (n_h,) (or (1, n_h)), W2 : (n_h, 1) (or (n_h,)),
    b2 : (1,) (or a number, or (1, 1)); any number n_h of hidden units.
    Lists and float32 arrays are fine.
    """
    r = Report("check_hat")
    W1 = np.asarray(W1, dtype=np.float64)
    b1 = np.asarray(b1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    b2 = np.asarray(b2, dtype=np.float64)
    n_h = W1.shape[-1] if W1.ndim else 0
    if W2.ndim == 1:
        W2 = W2.reshape(-1, 1)  # (n_h,) is fine
    if b1.shape == (1, n_h):
        b1 = b1.reshape(n_h)    # a row, (1, n_h), broadcasts the same
    if b2.size == 1:
        b2 = b2.reshape(1)      # a number or (1, 1) is fine
    shapes = [("W1", W1, (1, n_h)), ("b1", b1, (n_h,)),
              ("W2", W2, (n_h, 1)), ("b2", b2, (1,))]
    hint = ("W1 is (n_in, n_out) = (1, n_h): column j holds hidden unit "
            "j's weight; b1 has one bias per hidden unit; W2 is "
            "(n_h, 1); b2 is (1,)")
    for name, arr, shape in shapes:
        ok = arr.shape == shape and n_h > 0
        r.check(ok, f"{name} has shape {shape}"
                + ("" if ok else f" (got {arr.shape})"), hint)
    if not r:
        return r
    x = HAT_POINTS.reshape(-1, 1)
    out = (relu(x @ W1 + b1) @ W2 + b2).ravel()
    want = hat(HAT_POINTS)
    regions = [
        ("0 far to the left (x = -5, -2)", HAT_POINTS < -1.5,
         "for x < -1 the output must be 0: the units that are on there "
         "must cancel, or be off (a unit relu(w x + b) with w > 0 is "
         "off for x < -b/w)"),
        ("0 at the left kink x = -1", HAT_POINTS == -1.0,
         "the hat starts rising at x = -1: a unit relu(x + 1) switches "
         "on exactly there"),
        ("rises with slope 1 to 1 at x = 0 (x = -0.5, 0)",
         (HAT_POINTS > -1) & (HAT_POINTS <= 0),
         "between -1 and 0 the output is x + 1: slope +1, and 1 at x = 0"),
        ("falls with slope -1 to 0 at x = 1 (x = 0.25, 0.5, 1)",
         (HAT_POINTS > 0) & (HAT_POINTS <= 1),
         "at x = 0 the slope changes from +1 to -1, a change of -2: add "
         "a unit relu(x) with output weight -2"),
        ("stays 0 to the right (x = 1.5, 3, 10)", HAT_POINTS > 1,
         "at x = 1 the slope must change from -1 back to 0: add a unit "
         "relu(x - 1) with output weight +1"),
    ]
    for what, where, region_hint in regions:
        # 1e-6 leaves room for float32 weights such as 1/3; a wrong
        # weight misses by far more (the hat's values are 0 to 1)
        ok = bool(np.allclose(out[where], want[where], atol=1e-6))
        detail = "" if ok else (
            f" (network gives {np.round(out[where], 4)}, hat "
            f"{np.round(want[where], 4)})")
        r.check(ok, what + detail, region_hint)
    return r
