"""Checkers for chapter 3, Activation functions."""

import warnings

import numpy as np

from ..activations import leaky_relu, sigmoid, softmax
from ._report import Report, _mismatch, _same


def _quiet(call):
    """Run the reader's code with NumPy's overflow warnings silenced: the
    report says what came out (nan, inf), the warnings would only repeat it."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return call()


_AxisError = getattr(np, "exceptions", np).AxisError
_AXIS_HINT = ("use axis=-1 (the last axis) with keepdims=True: it exists for "
              "one row of shape (k,) as well as for a batch (m, k), where "
              "axis=1 does not")


def _run(r, what, call, expected, hint, mistakes=(), args=()):
    """Like ``Report.run``, but on a failure it tries each known mistake on
    ``args`` and, if one gives exactly what the reader's code gave, names it."""
    ran, got = r.attempt(what, lambda: _quiet(call),
                         lambda err: _AXIS_HINT if isinstance(err, _AxisError)
                         else hint)
    if not ran:
        return False
    if _same(got, expected, 1e-6):
        return r.check(True, what)
    if np.shape(got) != np.shape(expected) and got is not None:
        hint = "return an array of the same shape as z"
    for mistake, mistake_hint in mistakes:
        try:
            wrong = _quiet(lambda: mistake(*args))
        except Exception:  # this mistake would have raised: it is not the one
            continue
        if _same_or_both_nan(got, wrong):
            hint = mistake_hint
            break
    return r.check(False, what + _mismatch(got, expected), hint)


def _same_or_both_nan(got, wrong):
    try:
        got = np.asarray(got, dtype=np.float64)
        wrong = np.asarray(wrong, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == wrong.shape and bool(np.allclose(got, wrong, equal_nan=True))


# ---------------------------------------------------------------- softmax

def _naive_softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def _global_max_softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_axis0(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_whole_array(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


def _softmax_no_keepdims(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


_SOFTMAX_MISTAKES = [
    (_naive_softmax,
     "exp(1000) overflows to inf (and exp(-1000) underflows to 0), so inf/inf "
     "or 0/0 gives nan: subtract the maximum before exp, z - np.max(z, axis=-1, "
     "keepdims=True)"),
    (_global_max_softmax,
     "subtract each row's own maximum, np.max(z, axis=-1, keepdims=True), not "
     "the maximum of the whole batch: a row far below the global maximum "
     "underflows to all zeros, and 0/0 is nan"),
    (_softmax_axis0,
     "normalise each row (one sample), not each column: use axis=-1, the last "
     "axis"),
    (_softmax_whole_array,
     "divide by each row's own sum, np.sum(e, axis=-1, keepdims=True), not by "
     "the sum of the whole batch"),
    (_softmax_no_keepdims,
     "keep the summed axis, np.sum(e, axis=-1, keepdims=True): without it a "
     "square batch is divided column by column"),
]


def check_softmax(fn):
    """Exercise: a numerically stable softmax along the last axis.

    ``fn(z)`` takes scores of shape (k,) or a batch (m, k), one row per sample,
    and returns probabilities of the same shape; every row sums to 1.
    """
    r = Report("check_softmax")

    def case(what, z, hint):
        z = np.array(z, dtype=np.float64)
        _run(r, what, lambda: fn(z.copy()), softmax(z), hint, _SOFTMAX_MISTAKES, (z.copy(),))

    case("product scores [2.1, 0.5, 1.3]", [2.1, 0.5, 1.3],
         "softmax(z)_i = exp(z_i) / sum_j exp(z_j)")
    case("equal scores [3, 3] give [0.5, 0.5]", [3.0, 3.0],
         "equal scores share the probability equally")
    case("large scores [1000, 1000, 999] (no nan)", [1000.0, 1000.0, 999.0],
         _SOFTMAX_MISTAKES[0][1])
    case("very negative scores [-1000, -1001, -1002] (no nan)",
         [-1000.0, -1001.0, -1002.0], _SOFTMAX_MISTAKES[0][1])
    case("a batch of 2 rows, shape (2, 3): each row on its own",
         [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]],
         "normalise along the last axis: axis=-1 with keepdims=True")
    case("a square batch, shape (3, 3)",
         [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 4.0, 0.5]],
         "normalise along the last axis: axis=-1 with keepdims=True")
    case("a batch whose rows are far apart: [[0, 1, 2], [1000, 1001, 1002]]",
         [[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]], _SOFTMAX_MISTAKES[1][1])

    # every row of a bigger random batch sums to 1
    Z = np.random.default_rng(3).normal(0, 5, size=(4, 5))
    _run(r, "rows of a (4, 5) batch each sum to 1",
         lambda: np.sum(fn(Z.copy()), axis=-1), np.ones(4),
         "divide each row by its own sum, np.sum(e, axis=-1, keepdims=True)")

    if not r.unfinished:
        z = np.array([[1.0, 2.0], [3.0, 5.0]])
        try:
            _quiet(lambda: fn(z))
        except Exception as err:  # already reported above
            r.check(False, f"leaves the caller's z unchanged: raised {type(err).__name__}")
        else:
            r.check(np.array_equal(z, [[1.0, 2.0], [3.0, 5.0]]),
                    "leaves the caller's z unchanged",
                    "write z = z - np.max(...), which makes a new array, not "
                    "z -= np.max(...), which changes the caller's array")
    else:
        r.check(False, "leaves the caller's z unchanged")  # counted as skipped
    return r


# ------------------------------------------------------ sigmoid derivative

def _sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


_SIGMOID_MISTAKES = [
    (lambda z: z * (1 - z),
     "apply s (1 - s) to s = sigmoid(z), not to z itself: a (1 - a) is the "
     "derivative written in terms of the unit's output a"),
    (lambda z: sigmoid(z),
     "that is sigmoid(z) itself; its derivative is sigmoid(z) * (1 - sigmoid(z))"),
    (lambda z: 1 - sigmoid(z) ** 2,
     "1 - s**2 is the pattern of tanh's derivative; sigmoid's is s * (1 - s)"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
     "exp(-z)/(1 + exp(-z))**2 is right on paper, but for z = -1000 it is "
     "inf/inf = nan: compute s = sigmoid(z) with the library's stable sigmoid "
     "and return s * (1 - s)"),
]


def check_sigmoid_derivative(fn):
    """Exercise: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)), elementwise, with no
    nan even for z = ±1000."""
    r = Report("check_sigmoid_derivative")
    cases = [
        ("sigmoid'(0) == 0.25", 0.0,
         "sigmoid(0) = 1/2, so the derivative there is 1/2 * (1 - 1/2)"),
        ("sigmoid'(2) == 0.1050", 2.0, "sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))"),
        ("sigmoid'(-2) == sigmoid'(2) (the slope is symmetric)", -2.0,
         "sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))"),
        ("works elementwise on [-4, -1, 0, 1, 4]", np.array([-4.0, -1.0, 0.0, 1.0, 4.0]),
         "use NumPy operations on the whole array, not math.exp"),
        ("keeps the shape of a (2, 2) array", np.array([[-1.0, 0.5], [3.0, 0.0]]),
         "return an array of the same shape as z"),
        ("no nan for large |z|: [-1000, 1000] gives [0, 0]", np.array([-1000.0, 1000.0]),
         _SIGMOID_MISTAKES[3][1]),
    ]
    for what, z, hint in cases:
        _run(r, what, lambda z=z: fn(np.copy(z)), _sigmoid_derivative(z), hint,
             _SIGMOID_MISTAKES, (np.copy(z),))
    z = np.linspace(-10, 10, 201)
    _run(r, "never larger than 1/4 on [-10, 10]",
         lambda: bool(np.max(fn(z.copy())) <= 0.25 + 1e-12), True,
         "the largest slope of the sigmoid is 1/4, at z = 0")
    return r


# ------------------------------------------------- leaky ReLU derivative

def _leaky_relu_derivative(z, alpha=0.01):
    return np.where(np.asarray(z) > 0, 1.0, alpha)


_LEAKY_MISTAKES = [
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.0),
     "for z < 0 the slope is alpha, not 0 (0 is ReLU's derivative: the "
     "leak is the whole point)"),
    (lambda z, alpha=0.01: leaky_relu(z, alpha),
     "that is leaky ReLU itself; its derivative is the slope: 1 for z > 0, "
     "alpha for z < 0"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, alpha * np.asarray(z)),
     "for z < 0 return the slope alpha, not the value alpha * z"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.01),
     "use the argument alpha, not a fixed 0.01"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, z, alpha),
     "for z > 0 the slope is 1 (leaky ReLU is z there), not z"),
]


def check_leaky_relu_derivative(fn):
    """Exercise: the derivative of leaky ReLU, ``fn(z, alpha=0.01)``: 1 where
    z > 0 and alpha where z < 0, elementwise. At the kink z = 0 either value
    is accepted."""
    r = Report("check_leaky_relu_derivative")
    cases = [
        ("slope 1 for z = 3", (3.0,), "for z > 0 leaky ReLU is z itself: slope 1"),
        ("slope 0.01 for z = -2", (-2.0,), "for z < 0 leaky ReLU is alpha * z: slope alpha"),
        ("slope alpha = 0.2 for z = -2, alpha=0.2", (-2.0, 0.2),
         "use the argument alpha, not a fixed 0.01"),
        ("slope 1 for z = 0.5 (a positive z below 1)", (0.5,),
         "for z > 0 the slope is 1"),
        ("works elementwise on [-3, -0.5, 0.5, 3]", (np.array([-3.0, -0.5, 0.5, 3.0]),),
         "compare the whole array at once, e.g. with np.where(z > 0, ...)"),
        ("keeps the shape of a (2, 2) array, alpha=0.1",
         (np.array([[-1.0, 2.0], [0.25, -0.25]]), 0.1),
         "return an array of the same shape as z"),
        ("large inputs [-1e6, 1e6]", (np.array([-1e6, 1e6]),), "1 for z > 0, alpha for z < 0"),
    ]
    for what, args, hint in cases:
        _run(r, what, lambda args=args: fn(*args), _leaky_relu_derivative(*args), hint,
             _LEAKY_MISTAKES, args)
    if r.unfinished:
        r.check(False, "at the kink z = 0: alpha or 1")  # counted as skipped
        return r
    try:
        got = float(np.asarray(_quiet(lambda: fn(0.0, 0.2)), dtype=np.float64))
        ok = bool(np.isclose(got, 0.2) or np.isclose(got, 1.0))
        detail = "" if ok else f" (got {got:g})"
    except Exception as err:  # the reader's code may raise anything
        ok, detail = False, f": raised {type(err).__name__}: {err}"
    r.check(ok, "at the kink z = 0 (alpha=0.2): 0.2 or 1" + detail,
            "at z = 0 the slope jumps from alpha to 1; either value is fine, "
            "but it must be one of them")
    return r
