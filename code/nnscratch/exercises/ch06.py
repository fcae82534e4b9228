"""Checkers for chapter 6, Gradient descent."""

import math

import numpy as np

from ._report import Report, _mismatch


def _reference_descent(grad_fn, theta0, lr, num_steps):
    theta = np.array(theta0, dtype=np.float64)
    path = [theta]
    for _ in range(num_steps):
        theta = theta - lr * np.asarray(grad_fn(theta), dtype=np.float64)
        path.append(theta)
    return np.array(path)


# Wrong answers readers often write, each with the hint that fixes it. When a
# case fails and the answer equals one of these, the checker names the mistake.
_DESCENT_MISTAKES = [
    ("it climbs: the step goes up the gradient",
     lambda g, t, lr, n: _reference_descent(lambda th: -np.asarray(g(th)), t, lr, n),
     "descent subtracts: theta <- theta - lr * grad_fn(theta), not + "),
    ("the learning rate is missing",
     lambda g, t, lr, n: _reference_descent(g, t, 1.0, n),
     "multiply the gradient by lr before subtracting it"),
    ("the start point is missing",
     lambda g, t, lr, n: _reference_descent(g, t, lr, n)[1:],
     "put theta0 in the path before the first step, so that path[0] is the start "
     "and the path has num_steps + 1 rows"),
    ("one step too few",
     lambda g, t, lr, n: _reference_descent(g, t, lr, n - 1),
     "take num_steps steps (for _ in range(num_steps)) and keep the start as well: "
     "num_steps + 1 rows"),
    ("one step too many",
     lambda g, t, lr, n: _reference_descent(g, t, lr, n + 1),
     "take exactly num_steps steps: range(num_steps), not range(num_steps + 1)"),
    ("every row is the last point: the path holds one array, updated in place",
     lambda g, t, lr, n: np.repeat(_reference_descent(g, t, lr, n)[-1:], n + 1, axis=0),
     "theta -= ... changes the array that the path already holds; write "
     "theta = theta - lr * grad_fn(theta), which makes a new array each step"),
    ("only the final point is returned",
     lambda g, t, lr, n: _reference_descent(g, t, lr, n)[-1],
     "return the whole path, np.array(path), not just the last theta"),
]


def _diagnose_descent(got, grad_fn, theta0, lr, num_steps):
    got = np.asarray(got, dtype=np.float64)
    for name, mistake, hint in _DESCENT_MISTAKES:
        want = mistake(grad_fn, theta0, lr, num_steps)
        if want.shape == got.shape and np.allclose(got, want, atol=1e-8):
            return f"{name}: {hint}"
    return ("start the path with theta0, then repeat num_steps times: "
            "theta = theta - lr * grad_fn(theta) and append theta")


def check_gradient_descent(fn):
    """Exercise: plain gradient descent that records its path.

    ``fn(grad_fn, theta0, lr, num_steps) -> path``, an array of shape
    (num_steps + 1, d) whose row t is theta after t steps (row 0 is theta0),
    with theta <- theta - lr * grad_fn(theta). theta0 has shape (d,) and must
    not be changed.
    """
    r = Report("check_gradient_descent")
    bowl = lambda th: np.array([1.0, 4.0]) * th  # noqa: E731  L = (w1² + 4 w2²) / 2
    cases = [
        # what, grad_fn, theta0, lr, num_steps
        ("1-D bowl L = w²/2 from 4 with lr 0.5: 4, 2, 1, 0.5",
         lambda th: th, [4.0], 0.5, 3),
        ("2-D bowl L = (w1² + 4 w2²)/2, 5 steps: w1 = 0.9^t, w2 = 0.6^t",
         bowl, [1.0, 1.0], 0.1, 5),
        ("num_steps = 0 gives just the start, shape (1, d)",
         bowl, [2.0, -1.0], 0.1, 0),
        ("lr above 2/curvature diverges: w = (-2)^t w0 (nothing clipped)",
         lambda th: th, [1.0], 3.0, 4),
        ("a non-quadratic loss, L = sum(w**4)/4, gradient w**3",
         lambda th: th**3, [1.0, -0.5, 2.0], 0.05, 6),
        ("a start given as a list of ints",
         lambda th: th, [3, -2], 0.25, 2),
    ]
    for what, grad_fn, theta0, lr, num_steps in cases:
        want = _reference_descent(grad_fn, theta0, lr, num_steps)
        start = theta0 if isinstance(theta0[0], int) else np.array(theta0)
        hint = ("make theta a float array first: theta = np.array(theta0, dtype=float)"
                if isinstance(theta0[0], int) else
                "follow the signature gradient_descent(grad_fn, theta0, lr, num_steps)")
        ran, got = r.attempt(what, lambda: fn(grad_fn, start, lr, num_steps), hint)
        if not ran:
            continue
        try:
            ok = np.shape(got) == want.shape and np.allclose(
                np.asarray(got, dtype=np.float64), want, atol=1e-8, rtol=0)
        except (TypeError, ValueError):
            ok = False
        if ok:
            r.check(True, what)
            continue
        try:
            hint = _diagnose_descent(got, grad_fn, theta0, lr, num_steps)
        except (TypeError, ValueError):
            hint = "return np.array(path): one row per point, shape (num_steps + 1, d)"
        r.check(False, what + _mismatch(got, want), hint)
    theta0 = np.array([1.0, 1.0])
    try:
        fn(bowl, theta0, 0.1, 3)
        r.check(np.all(theta0 == 1.0), "leaves the caller's theta0 unchanged",
                "copy the start before stepping: theta = np.array(theta0, dtype=float), "
                "and update with theta = theta - ..., not theta -= ...")
    except Exception as err:  # already reported above
        r.check(False, f"leaves the caller's theta0 unchanged: raised {type(err).__name__}")
    return r


def _central(f, w, h):
    return (f(w + h) - f(w - h)) / (2 * h)


_DERIVATIVE_MISTAKES = [
    ("a forward difference (f(w + h) - f(w)) / h",
     lambda f, w, h: (f(w + h) - f(w)) / h,
     "the central difference (f(w + h) - f(w - h)) / (2h) is far more accurate: "
     "its error shrinks like h², the forward one's only like h"),
    ("a backward difference (f(w) - f(w - h)) / h",
     lambda f, w, h: (f(w) - f(w - h)) / h,
     "use both sides: (f(w + h) - f(w - h)) / (2h)"),
    ("divided by h instead of 2h",
     lambda f, w, h: (f(w + h) - f(w - h)) / h,
     "the two points w - h and w + h are 2h apart: divide by 2 * h"),
]


def _detail(got, want):
    """How a number differs from the expected one, with enough digits to see it."""
    try:
        return f" (got {float(got):.8f}, expected {want:.8f})"
    except (TypeError, ValueError):
        return f" (got {got!r}: return one number)"


def _diagnose_derivative(fn):
    """Why a numerical derivative is wrong, found from one case with a known h:
    w³ at w = 1 with h = 0.001, where the central difference is 3 + h²."""
    cube, h = (lambda w: w**3), 1e-3
    try:
        got = float(fn(cube, 1.0, h=h))
    except Exception:  # reported by the check that calls it
        return None, "accept h as a keyword argument: def numerical_derivative(f, w, h=1e-5)"
    if abs(got - _central(cube, 1.0, h)) <= 1e-9:
        return got, ("your formula is right but the default h is poor: too large and the "
                     "curve is not straight over [w - h, w + h]; too small (say 1e-12) "
                     "and rounding errors in f(w + h) - f(w - h) take over. Try h = 1e-5")
    for name, mistake, fix in _DERIVATIVE_MISTAKES:
        if abs(got - mistake(cube, 1.0, h)) <= 1e-9:
            return got, f"{name}: {fix}"
    return got, ("use the h you are given, not a fixed number inside the function, and "
                 "the central difference (f(w + h) - f(w - h)) / (2h)")


def check_numerical_derivative(fn):
    """Exercise: the derivative of a function of one number, numerically.

    ``fn(f, w, h=...) -> float``, the central difference
    (f(w + h) - f(w - h)) / (2h), with a sensible default h.
    """
    r = Report("check_numerical_derivative")
    cases = [
        ("d/dw w² at w = 3 is 6", lambda w: w**2, 3.0, 6.0),
        ("d/dw sin(w) at w = 0 is 1", math.sin, 0.0, 1.0),
        ("d/dw exp(w) at w = 1 is e = 2.718282", math.exp, 1.0, math.e),
        ("d/dw (w - 2)² at its minimum w = 2 is 0", lambda w: (w - 2) ** 2, 2.0, 0.0),
        ("d/dw w³ at w = -2 is 12", lambda w: w**3, -2.0, 12.0),
    ]
    hint = None  # found once, on the first failure
    for what, f, w, want in cases:
        ran, got = r.attempt(
            what, lambda: fn(f, w),
            "the signature is numerical_derivative(f, w, h=1e-5), with a default h")
        if not ran:
            continue
        try:
            ok = abs(float(got) - want) <= 1e-6 * max(1.0, abs(want))
        except (TypeError, ValueError):
            ok = False
        if not ok and hint is None:
            hint = _diagnose_derivative(fn)[1]
        r.check(ok, what + ("" if ok else _detail(got, want)), "" if ok else hint)
    what = "uses the h it is given: w³ at w = 1 with h = 0.001 gives 3 + h² = 3.000001"
    if r.unfinished:
        r.check(False, what)
        return r
    got, diagnosis = _diagnose_derivative(fn)
    ok = got is not None and abs(got - _central(lambda w: w**3, 1.0, 1e-3)) <= 1e-9
    shown = "" if ok else (" (raised an error)" if got is None else f" (got {got:.9f})")
    r.check(ok, what + shown, "" if ok else diagnosis)
    return r
