"""Checkers for chapter 3, Activation functions."""

import warnings

import numpy as np

from ..activations import leaky_relu, sigmoid, softmax
from ._report import Report, _mismatch, _same, _show


def _quiet(call):
    """Run the reader's code with NumPy's overflow warnings silenced: the
    report says what came out (nan, inf), the warnings would only repeat it.
    (A correct answer may also warn: np.where computes both branches, and the
    one it throws away may overflow.)"""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return call()


def _copies(args):
    """Fresh copies of the array arguments, so that an answer that writes
    into its input cannot change what the next check or mistake sees."""
    return tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in args)


_AxisError = getattr(np, "exceptions", np).AxisError
_AXIS_HINT = ("use axis=-1 (the last axis) with keepdims=True: it exists for "
              "one row of shape (k,) as well as for a batch (m, k), where "
              "axis=1 does not")
_NUMPY_HINT = ("use NumPy operations on the whole array (np.exp, np.where), "
               "not math.exp: math works on one number at a time")
_IF_HINT = ("`if z > 0` works on one number only: compare the whole array at "
            "once, e.g. with np.where(z > 0, ...)")


def _raise_hint(overflow_hint, default, broadcast_hint=None):
    """A function of the exception the reader's code raised -> the hint."""
    def hint(err):
        text = str(err)
        if isinstance(err, _AxisError):
            return _AXIS_HINT
        if isinstance(err, OverflowError):
            return overflow_hint
        if broadcast_hint and isinstance(err, ValueError) and "broadcast" in text:
            return broadcast_hint
        if isinstance(err, TypeError) and "converted to Python scalars" in text:
            return _NUMPY_HINT
        if isinstance(err, ValueError) and "truth value of an array" in text:
            return _IF_HINT
        return default
    return hint


def _run(r, what, fn, args, expected, hint, mistakes=(), probe=None,
         overflow_hint="", broadcast_hint=None):
    """Check that ``fn(*args)`` returns ``expected``, like ``Report.run``.

    On a failure, try each known mistake on ``args``; if one gives what the
    reader's code gave, on ``args`` and also on the arguments ``probe``
    (one point alone cannot tell mistakes apart: at z = 0, 2 s (1 - s) and
    s are both 0.5), name it in the hint.
    """
    ran, got = r.attempt(what, lambda: _quiet(lambda: fn(*_copies(args))),
                         _raise_hint(overflow_hint or hint, hint, broadcast_hint))
    if not ran:
        return False
    # float32 answers are right to float32's precision: about 1e-7 relative,
    # but an exponent near 1000 is only resolved to 6e-5 in float32
    # (the log-sum-exp route to softmax, for example, loses that much)
    float32 = any(getattr(a, "dtype", None) == np.float32 for a in args)
    if _same(got, expected, 1e-4 if float32 else 1e-6):
        return r.check(True, what)
    if got is not None and np.shape(got) != np.shape(expected):
        hint = "return an array of the same shape as z"
    for mistake, mistake_hint in mistakes:
        if _behaves_like(mistake, got, args) and (
                probe is None or _behaves_like(mistake, fn, probe)):
            hint = mistake_hint
            break
    return r.check(False, what + _mismatch(got, expected), hint)


def _behaves_like(mistake, got, args):
    """Does ``mistake(*args)`` equal ``got`` (nan where it is nan)? ``got``
    may also be the reader's function, called on ``args`` here."""
    try:
        wrong = _quiet(lambda: mistake(*_copies(args)))
        if callable(got):
            reader = got
            got = _quiet(lambda: reader(*_copies(args)))
        got = np.asarray(got, dtype=np.float64)
        wrong = np.asarray(wrong, dtype=np.float64)
    except Exception:  # it raised (or is not numbers): not this mistake
        return False
    return got.shape == wrong.shape and bool(np.allclose(got, wrong, equal_nan=True))


def _leaves_input_unchanged(r, fn, args, hint):
    """One check: calling ``fn(*args)`` does not write into ``args[0]``."""
    what = "leaves the caller's z unchanged"
    if r.unfinished:
        return r.check(False, what)  # counted as skipped
    z = np.copy(args[0])
    try:
        _quiet(lambda: fn(z, *args[1:]))
    except Exception as err:  # already reported by the checks before
        return r.check(False, f"{what}: raised {type(err).__name__}")
    return r.check(np.array_equal(z, args[0]), what, hint)


# ---------------------------------------------------------------- softmax

def _naive_softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def _global_max_softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def _min_softmax(z):
    e = np.exp(z - np.min(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _mean_softmax(z):
    e = np.exp(z - np.mean(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _shift_top_only_softmax(z):
    top = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return top / np.sum(np.exp(z), axis=-1, keepdims=True)


def _softmax_axis0(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_whole_array(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


def _softmax_no_keepdims(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


def _softmax_max_no_keepdims(z):
    e = np.exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1, keepdims=True)


_NAIVE_HINT = ("exp(1000) overflows to inf (and exp(-1000) underflows to 0), "
               "so inf/inf or 0/0 gives nan: subtract the maximum before exp, "
               "z - np.max(z, axis=-1, keepdims=True)")
_GLOBAL_MAX_HINT = ("subtract each row's own maximum, np.max(z, axis=-1, "
                    "keepdims=True), not the maximum of the whole batch: a row "
                    "far below the global maximum underflows to all zeros, and "
                    "0/0 is nan")
_KEEPDIMS_HINT = ("keep the reduced axis in both the maximum and the sum, "
                  "np.max(z, axis=-1, keepdims=True) and np.sum(e, axis=-1, "
                  "keepdims=True): a batch (m, k) must be shifted and divided "
                  "by an (m, 1) column, one number per row")
_SOFTMAX_MISTAKES = [
    (_naive_softmax, _NAIVE_HINT),
    (_global_max_softmax, _GLOBAL_MAX_HINT),
    (_min_softmax,
     "subtract the maximum, not the minimum: z - min(z) is >= 0, and a score "
     "1000 above the smallest gives exp(1000) = inf"),
    (_mean_softmax,
     "subtract the maximum, not the mean: only the maximum makes every "
     "exponent <= 0, and a score 1000 above the mean gives exp(1000) = inf"),
    (_shift_top_only_softmax,
     "shift the top and the bottom by the same maximum: compute "
     "e = np.exp(z - np.max(z, axis=-1, keepdims=True)) once and return "
     "e / np.sum(e, axis=-1, keepdims=True)"),
    (_softmax_axis0,
     "normalise each row (one sample), not each column: use axis=-1, the last "
     "axis"),
    (_softmax_whole_array,
     "divide by each row's own sum, np.sum(e, axis=-1, keepdims=True), not by "
     "the sum of the whole batch"),
    (_softmax_no_keepdims,
     "keep the summed axis, np.sum(e, axis=-1, keepdims=True): without it a "
     "square batch is divided column by column"),
    (_softmax_max_no_keepdims,
     "keep the reduced axis of the maximum too, np.max(z, axis=-1, "
     "keepdims=True): without it a square batch has each column shifted by "
     "the maximum of a different row"),
]
_SOFTMAX_OVERFLOW = ("math.exp(1000) does not fit in a float: use np.exp on the "
                     "whole array, after subtracting the maximum")


def check_softmax(fn):
    """Exercise: a numerically stable softmax along the last axis.

    ``fn(z)`` takes scores of shape (k,) or a batch (m, k), one row per sample,
    and returns probabilities of the same shape; every row sums to 1. Float32
    scores may give float32 or float64 probabilities.
    """
    r = Report("check_softmax")
    # square, so that every mistake runs on it; one row far apart
    probe = (np.array([[0.0, 1.0, 2.0], [-1000.0, 0.0, 1000.0], [1000.0, 1001.0, 1002.0]]),)

    def case(what, z, hint, dtype=np.float64):
        z = np.array(z, dtype=dtype)
        _run(r, what, fn, (z,), _quiet(lambda: softmax(z.astype(np.float64))), hint,
             _SOFTMAX_MISTAKES, probe, _SOFTMAX_OVERFLOW, _KEEPDIMS_HINT)

    case("product scores [2.1, 0.5, 1.3]", [2.1, 0.5, 1.3],
         "softmax(z)_i = exp(z_i) / sum_j exp(z_j)")
    case("equal scores [3, 3] give [0.5, 0.5]", [3.0, 3.0],
         "equal scores share the probability equally")
    case("large scores [1000, 1000, 999] (no nan)", [1000.0, 1000.0, 999.0],
         _NAIVE_HINT)
    case("very negative scores [-1000, -1001, -1002] (no nan)",
         [-1000.0, -1001.0, -1002.0], _NAIVE_HINT)
    case("scores far apart in one row: [-1000, 0, 1000] (no nan)",
         [-1000.0, 0.0, 1000.0],
         "subtract the row's maximum: then every exponent is <= 0 and none "
         "can overflow")
    case("a batch of 2 rows, shape (2, 3): each row on its own",
         [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], _KEEPDIMS_HINT)
    case("a square batch, shape (3, 3)",
         [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 4.0, 0.5]], _KEEPDIMS_HINT)
    case("a batch whose rows are far apart: [[0, 1, 2], [1000, 1001, 1002]]",
         [[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]], _GLOBAL_MAX_HINT)
    case("float32 scores, shape (2, 3) (float32 or float64 out)",
         [[2.1, 0.5, 1.3], [1000.0, 1000.0, 999.0]],
         "the same formula works in float32: exp of numbers <= 0 cannot "
         "overflow in any dtype", np.float32)

    # every row of a bigger random batch sums to 1
    what = "rows of a (4, 5) batch each sum to 1"
    Z = np.random.default_rng(3).normal(0, 5, size=(4, 5))
    ran, got = r.attempt(what, lambda: _quiet(lambda: fn(Z.copy())),
                         _raise_hint(_SOFTMAX_OVERFLOW, _KEEPDIMS_HINT, _KEEPDIMS_HINT))
    if ran:
        try:
            sums = np.sum(np.asarray(got, dtype=np.float64), axis=-1)
        except Exception:  # not numbers, or not an array with a last axis
            sums = None
        if np.shape(got) != Z.shape or sums is None:
            r.check(False, what + _mismatch(got, softmax(Z)),
                    "return an array of the same shape as z")
        else:
            ok = _same(sums, np.ones(4), 1e-6)
            r.check(ok, what + ("" if ok else f" (row sums {_show(sums)})"),
                    "divide each row by its own sum, np.sum(e, axis=-1, "
                    "keepdims=True)")

    _leaves_input_unchanged(
        r, fn, (np.array([[1.0, 2.0], [3.0, 5.0]]),),
        "write z = z - np.max(...), which makes a new array, not "
        "z -= np.max(...), which changes the caller's array")
    return r


# ------------------------------------------------------ sigmoid derivative

def _sigmoid_derivative(z):
    with np.errstate(under="ignore"):  # exp(-1000) is 0, as it should be
        s = sigmoid(np.asarray(z, dtype=np.float64))
    return s * (1 - s)


def _clipped_exp_formula(z):
    e = np.exp(-np.clip(z, -700, 700))
    return e / (1 + e) ** 2


_UNSTABLE_HINT = ("exp(-z)/(1 + exp(-z))**2 is right on paper, but for "
                  "z = -1000 it is inf/inf = nan: compute s = sigmoid(z) with "
                  "the library's stable sigmoid and return s * (1 - s)")
_SIGMOID_MISTAKES = [
    (lambda z: z * (1 - z),
     "apply s (1 - s) to s = sigmoid(z), not to z itself: a (1 - a) is the "
     "derivative written in terms of the unit's output a"),
    (lambda z: sigmoid(z),
     "that is sigmoid(z) itself; its derivative is sigmoid(z) * (1 - sigmoid(z))"),
    (lambda z: 1 - sigmoid(z) ** 2,
     "1 - s**2 is the pattern of tanh's derivative; sigmoid's is s * (1 - s)"),
    (lambda z: sigmoid(z) ** 2,
     "sigmoid(z) * (1 - sigmoid(-z)) is s * s, since 1 - sigmoid(-z) = "
     "sigmoid(z); the derivative is s * (1 - s), or sigmoid(z) * sigmoid(-z)"),
    (lambda z: 2 * sigmoid(z) * (1 - sigmoid(z)),
     "there is no factor 2: sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, _UNSTABLE_HINT),
    (lambda z: np.exp(z) / (1 + np.exp(z)) ** 2,
     "exp(z)/(1 + exp(z))**2 is right on paper, but for z = 1000 it is "
     "inf/inf = nan: compute s = sigmoid(z) with the library's stable sigmoid "
     "and return s * (1 - s)"),
    (_clipped_exp_formula,
     "in float32 exp overflows already above 88 (the largest float32 is about "
     "3.4e38), so a clip that protects float64 does not protect float32: use "
     "the stable sigmoid, s = sigmoid(z), whose exponents are never above 0"),
]


def check_sigmoid_derivative(fn):
    """Exercise: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)), elementwise, with no
    nan even for z = ±1000. Float32 input may give a float32 or float64 result."""
    r = Report("check_sigmoid_derivative")
    formula = "sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z)), for every element"
    probe = (np.array([-1000.0, -3.0, -0.5, 0.0, 1.5, 1000.0]),)
    overflow = ("math.exp(1000) does not fit in a float: use the library's "
                "stable sigmoid, which works on whole arrays")
    f32 = np.array([-100.0, -2.0, 0.0, 2.0, 100.0], dtype=np.float32)
    cases = [
        ("sigmoid'(0) == 0.25", np.array(0.0),
         "sigmoid(0) = 1/2, so the derivative there is 1/2 * (1 - 1/2)"),
        ("sigmoid'(2) == 0.1050", np.array(2.0), formula),
        ("sigmoid'(-2) == sigmoid'(2) (the slope is symmetric)", np.array(-2.0),
         formula),
        ("works elementwise on [-4, -1, 0, 1, 4]", np.array([-4.0, -1.0, 0.0, 1.0, 4.0]),
         formula),
        ("keeps the shape of a (2, 2) array", np.array([[-1.0, 0.5], [3.0, 0.0]]),
         "return an array of the same shape as z"),
        ("no nan for large |z|: [-1000, 1000] gives [0, 0]", np.array([-1000.0, 1000.0]),
         _UNSTABLE_HINT),
        ("float32 [-100, -2, 0, 2, 100] (float32 or float64 out)", f32,
         "use the stable sigmoid, s = sigmoid(z): it works in float32 too"),
    ]
    for what, z, hint in cases:
        _run(r, what, fn, (z,), _sigmoid_derivative(z), hint,
             _SIGMOID_MISTAKES, probe, overflow)

    what = "never larger than 1/4 on [-10, 10]"
    z = np.linspace(-10, 10, 201)
    ran, got = r.attempt(what, lambda: _quiet(lambda: fn(z.copy())),
                         _raise_hint(overflow, formula))
    if ran:
        try:
            top = float(np.max(np.asarray(got, dtype=np.float64)))
        except (TypeError, ValueError):
            top = None
        if top is None or np.shape(got) != z.shape:
            r.check(False, what + _mismatch(got, _sigmoid_derivative(z)),
                    "return an array of the same shape as z")
        else:
            r.check(top <= 0.25 + 1e-12, what + ("" if top <= 0.25 + 1e-12
                                                  else f" (the largest value is {top:.4g})"),
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
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, alpha, 1.0),
     "the two slopes are swapped: 1 where z > 0, alpha where z < 0"),
]


def check_leaky_relu_derivative(fn):
    """Exercise: the derivative of leaky ReLU, ``fn(z, alpha=0.01)``: 1 where
    z > 0 and alpha where z < 0, elementwise, for an array z of any shape. At
    the kink z = 0 any value from alpha to 1 is accepted. Float32 input may
    give a float32 or float64 result."""
    r = Report("check_leaky_relu_derivative")
    probe = (np.array([-2.0, -0.5, 0.5, 3.0]), 0.2)
    cases = [
        ("slope 1 for z = 3", (np.array(3.0),), "for z > 0 leaky ReLU is z itself: slope 1"),
        ("slope 0.01 for z = -2", (np.array(-2.0),),
         "for z < 0 leaky ReLU is alpha * z: slope alpha"),
        ("slope alpha = 0.2 for z = -2, alpha=0.2", (np.array(-2.0), 0.2),
         "use the argument alpha, not a fixed 0.01"),
        ("slope 1 for z = 0.5 (a positive z below 1)", (np.array(0.5),),
         "for z > 0 the slope is 1"),
        ("works elementwise on [-3, -0.5, 0.5, 3]", (np.array([-3.0, -0.5, 0.5, 3.0]),),
         "1 where z > 0, alpha where z < 0, for every element"),
        ("keeps the shape of a (2, 2) array, alpha=0.1",
         (np.array([[-1.0, 2.0], [0.25, -0.25]]), 0.1),
         "return an array of the same shape as z"),
        ("large inputs [-1e6, 1e6]", (np.array([-1e6, 1e6]),), "1 for z > 0, alpha for z < 0"),
        ("float32 [-2, 0.5, 3], alpha=0.1 (float32 or float64 out)",
         (np.array([-2.0, 0.5, 3.0], dtype=np.float32), 0.1),
         "1 for z > 0, alpha for z < 0, in any dtype"),
    ]
    for what, args, hint in cases:
        _run(r, what, fn, args, _leaky_relu_derivative(*args), hint,
             _LEAKY_MISTAKES, probe)

    what = "at the kink z = 0 (alpha=0.2): a value from 0.2 to 1"
    ran, got = r.attempt(what, lambda: _quiet(lambda: fn(np.array(0.0), 0.2)),
                         _raise_hint("", "1 for z > 0, alpha for z < 0"))
    if ran:
        try:
            value = float(np.asarray(got, dtype=np.float64).reshape(()))
        except (TypeError, ValueError):
            r.check(False, what + _mismatch(got, 0.2),
                    "return an array of the same shape as z")
        else:
            ok = 0.2 - 1e-6 <= value <= 1 + 1e-6
            r.check(ok, what + ("" if ok else f" (got {value:g})"),
                    "at z = 0 the slope jumps from alpha to 1 and is not "
                    "defined; any value from alpha to 1 is a fair choice "
                    "(libraries take alpha or 1), but not one outside")
    _leaves_input_unchanged(
        r, fn, (np.array([-2.0, 0.0, 3.0]), 0.1),
        "build a new array, e.g. with np.where(z > 0, 1.0, alpha), or copy "
        "first (d = z.copy()) and write into the copy: writing into z "
        "changes the caller's pre-activations, which backpropagation still "
        "needs")
    return r
