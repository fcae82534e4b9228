"""Checkers for chapter 7, Backpropagation."""

import functools
import math
import warnings

import numpy as np

from ..activations import sigmoid, sigmoid_derivative, tanh_derivative
from ..autograd import Value
from ._report import Report


def _describe(name, got, want, atol=1e-6):
    """'' if ``got`` matches ``want``, else a short note on how it differs.

    The values are judged before the dtype, so that a right answer in the
    wrong dtype is told exactly that.
    """
    if got is None:
        return f"{name} is None (did you forget to return it?)"
    try:
        got = np.asarray(got)
    except Exception:  # noqa: BLE001 - anything the reader returns
        return f"{name} is not an array"
    if got.shape != want.shape:
        return f"{name} has shape {got.shape}, expected {want.shape}"
    if got.dtype.kind not in "fiu":
        return f"{name} has dtype {got.dtype}, not floating-point numbers"
    if not np.all(np.isfinite(got)):
        return f"{name} has the wrong values: NaN or inf among them"
    if not np.allclose(got, want, atol=atol, rtol=1e-5):
        return f"{name} has the wrong values"
    if got.dtype != want.dtype:
        return (f"the values are right, but {name} has dtype {got.dtype}: "
                f"{want.dtype} came in, so {want.dtype} must come out")
    return ""


# Linear layer ---------------------------------------------------------------

def _linear_reference(dout, x, W):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


_LINEAR_HINTS = [
    # (which output, predicate on (got, dout, x, W), hint)
    ("db", lambda g, d, x, W: np.shape(g) == (1, d.shape[1])
     and np.allclose(g, d.sum(axis=0, keepdims=True)),
     "db has the shape of b, (n_out,): sum without keepdims=True, "
     "db = dout.sum(axis=0)"),
    ("db", lambda g, d, x, W: np.shape(g) == (d.shape[0],)
     and d.shape[0] != d.shape[1] and np.allclose(g, d.sum(axis=1)),
     "db sums over the batch, axis=0; axis=1 sums over the outputs"),
    ("db", lambda g, d, x, W: np.shape(g) == d.shape,
     "db must be summed over the batch: b is added to every row, so "
     "db = dout.sum(axis=0), shape (n_out,)"),
    ("db", lambda g, d, x, W: np.shape(g) == (d.shape[1],)
     and np.allclose(g, d.mean(axis=0)),
     "db is the sum of dout over the rows, not the mean (the loss has "
     "already divided by m)"),
    ("dW", lambda g, d, x, W: (np.shape(g) == W.shape[::-1]
                              and W.shape[0] != W.shape[1])
     or np.allclose(g, d.T @ x),
     "dW = x.T @ dout, shape (n_in, n_out) like W; dout.T @ x is its "
     "transpose"),
    ("dx", lambda g, d, x, W: g is None or np.shape(g) != x.shape
     or np.allclose(g, d @ W),
     "dx = dout @ W.T, shape (m, n_in) like x; dout @ W uses W the "
     "wrong way round"),
]
_DTYPE_HINT = ("keep the input's dtype (float32 in, float32 out): "
               "do not mix in float64 arrays, np.ones(...) or astype(float)")
_LINEAR_GENERAL = ("out = x @ W + b gives dx = dout @ W.T, dW = x.T @ dout "
                   "and db = dout.sum(axis=0); check each shape")


def _linear_case(r, what, fn, dout, x, W):
    want = _linear_reference(dout, x, W)
    copies = [a.copy() for a in (dout, x, W)]
    try:
        got = fn(*copies)
    except NotImplementedError:
        return r.stop_unfinished()
    except Exception as err:  # noqa: BLE001 - the reader's code
        hint = ("dx = dout @ W.T: (m, n_out) @ (n_out, n_in)"
                if "matmul" in str(err) else _LINEAR_GENERAL)
        return r.check(False, f"{what}: raised {type(err).__name__}: {err}",
                       hint)
    if not (isinstance(got, (tuple, list)) and len(got) == 3):
        return r.check(False, f"{what}: expected a tuple (dx, dW, db), "
                       f"got {type(got).__name__}",
                       "end with: return dx, dW, db")
    notes = [n for n in (_describe(name, g, w) for name, g, w
                         in zip(("dx", "dW", "db"), got, want)) if n]
    if not all(np.array_equal(a, c) for a, c in zip((dout, x, W), copies)):
        notes.append("it changed an input array in place")
    hint = _LINEAR_GENERAL
    if notes and all(n.startswith("the values are right") for n in notes):
        hint = _DTYPE_HINT
        notes_to_diagnose = []
    else:
        notes_to_diagnose = notes
    for name, is_mistake, mistake_hint in _LINEAR_HINTS:
        g = got[("dx", "dW", "db").index(name)]
        if any(n.startswith(name) for n in notes_to_diagnose):
            try:
                if is_mistake(g, dout, x, W):
                    hint = mistake_hint
                    break
            except Exception:  # noqa: BLE001 - odd shapes: no diagnosis
                pass
    return r.check(not notes, what + ("" if not notes else
                                      " (" + "; ".join(notes) + ")"),
                   hint)


def check_linear_backward(fn):
    """Exercise: ``fn(dout, x, W) -> (dx, dW, db)`` for out = x @ W + b.

    dout (m, n_out), x (m, n_in), W (n_in, n_out); the answers have the
    shapes of x, W and b.
    """
    r = Report("check_linear_backward")
    rng = np.random.default_rng(7)
    cases = [
        ("batch of 4, 3 inputs -> 2 outputs", 4, 3, 2, np.float64),
        ("square W (3 -> 3)", 5, 3, 3, np.float64),
        ("one sample (m = 1), 2 -> 4", 1, 2, 4, np.float64),
        ("float32 in, float32 out", 4, 3, 2, np.float32),
    ]
    for what, m, n_in, n_out, dtype in cases:
        if r.unfinished:
            r.check(False, what)
            continue
        dout = rng.normal(size=(m, n_out)).astype(dtype)
        x = rng.normal(size=(m, n_in)).astype(dtype)
        W = rng.normal(size=(n_in, n_out)).astype(dtype)
        _linear_case(r, what, fn, dout, x, W)
    return r


# Activation layers ------------------------------------------------------------

def _relu_slope(z):
    return (z > 0).astype(z.dtype)


def _relu_slope_one_at_zero(z):
    return (z >= 0).astype(z.dtype)


# name -> the slopes f'(z) that count as right. ReLU has no derivative at
# z = 0: the library takes 0 there, but 1 is just as correct.
_ACTIVATIONS = {
    "sigmoid": [sigmoid_derivative],
    "tanh": [tanh_derivative],
    "relu": [_relu_slope, _relu_slope_one_at_zero],
}

_ACT_MISTAKES = {
    "sigmoid": [
        (lambda d, z: d * sigmoid(z),
         "that is dout * sigmoid(z); the slope is sigmoid(z) * (1 - sigmoid(z))"),
        (lambda d, z: d * z * (1 - z),
         "z * (1 - z) is the slope written with the output a = sigmoid(z); "
         "apply the sigmoid to z first"),
    ],
    "tanh": [
        (lambda d, z: d * np.tanh(z),
         "that is dout * tanh(z); the slope is 1 - tanh(z)**2"),
        (lambda d, z: d * (1 - z ** 2),
         "1 - z**2 is the slope written with the output a = tanh(z); "
         "apply tanh to z first"),
        (lambda d, z: d * (1 - np.tanh(z)) ** 2,
         "(1 - tanh(z))**2 squares the difference; the slope is "
         "1 - tanh(z)**2, one minus the square"),
    ],
    "relu": [
        (lambda d, z: d * np.maximum(z, 0),
         "that is dout * relu(z); the slope of relu is 1 where z > 0, "
         "else 0"),
        (lambda d, z: d * np.sign(z),
         "np.sign(z) is -1 where z < 0, but relu is flat there: its slope "
         "is 0, so use (z > 0)"),
    ],
}

_STABLE_HINT = {
    "sigmoid": "compute the slope from a sigmoid that never overflows, "
               "s = nnscratch.activations.sigmoid(z) (or chapter 3's "
               "stable formula), as s * (1 - s)",
    "tanh": "np.tanh never overflows: use 1 - np.tanh(z)**2",
    "relu": "relu needs no exponential: dz = dout * (z > 0)",
}


def _call_recording(fn, dout, z):
    """``fn(dout, z)``, and the NumPy functions that warned of an overflow."""
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(all="warn"):
        warnings.simplefilter("always")
        got = fn(dout, z)
    text = [str(w.message) for w in caught]  # "overflow encountered in exp"
    return got, [t.split()[-1] for t in text if t.startswith("overflow")]


def _overflows(fn, dout, z):
    """What overflowed, entry by entry: 'np.exp(-z) at z = -800', ..."""
    found = []
    for i in range(z.size):
        try:
            _, funcs = _call_recording(fn, dout[i:i + 1].copy(),
                                       z[i:i + 1].copy())
        except Exception:  # noqa: BLE001 - the reader's code
            continue
        for func in dict.fromkeys(funcs):  # each function once
            # e^800 is exp(-z) at z = -800 and exp(z) at z = 800
            arg = "-z" if func == "exp" and z[i] < 0 else "z"
            found.append(f"np.{func}({arg}) at z = {z[i]:g}")
    return " and ".join(found) or "an exponential"


def check_activation_backward(fn, name):
    """Exercise: ``fn(dout, z) -> dz`` for an activation a = f(z) applied
    elementwise: dz = dout * f'(z). ``name`` is "sigmoid", "tanh" or "relu".

    dout and z have the same shape and dtype; dz must have them too. For
    relu either slope at z = 0, 0 or 1, is accepted. NumPy's warnings do
    not fail a check; wrong values (NaN included) do.
    """
    if name not in _ACTIVATIONS:
        raise ValueError(f"check_activation_backward: name must be one of "
                         f"{sorted(_ACTIVATIONS)}, got {name!r}")
    slopes = _ACTIVATIONS[name]
    r = Report(f"check_activation_backward({name!r})")
    upstream = ("multiply by dout, the upstream gradient: "
                "dz = dout * f'(z)")
    cases = [
        ("dout = 1: the slope at z = -2, 0.5, 3",
         np.ones(3), np.array([-2.0, 0.5, 3.0])),
        ("dout = [2, -1, 0.5]: times the upstream gradient",
         np.array([2.0, -1.0, 0.5]), np.array([-2.0, 0.5, 3.0])),
        ("at z = 0", np.array([1.5]), np.array([0.0])),
        ("a batch of shape (2, 3)",
         np.arange(1.0, 7.0).reshape(2, 3) / 4,
         np.array([[-1.0, 2.0, 0.3], [0.7, -0.2, -3.0]])),
        ("large |z| (-800, 800): no NaN",
         np.array([1.0, 1.0]), np.array([-800.0, 800.0])),
        ("float32 in, float32 out", np.array([1.0, -2.0], np.float32),
         np.array([0.5, -1.5], np.float32)),
    ]
    for what, dout, z in cases:
        if r.unfinished:
            r.check(False, what)
            continue
        d_copy = dout.copy()
        try:
            got, overflowed = _call_recording(fn, d_copy, z.copy())
        except NotImplementedError:
            r.stop_unfinished()
            continue
        except Exception as err:  # noqa: BLE001 - the reader's code
            r.check(False, f"{what}: raised {type(err).__name__}: {err}",
                    "work on whole arrays: dz = dout * f'(z)")
            continue
        notes = [_describe("dz", got, dout * slope(z)) for slope in slopes]
        note = "" if "" in notes else notes[0]
        if not note and not np.array_equal(d_copy, dout):
            note = "it changed dout in place"
        if note.startswith("it changed"):
            hint = ("do not write into dout: compute a new array, "
                    "e.g. dz = dout * (z > 0)")
        elif note.startswith("the values are right"):
            hint = ("keep the input's dtype (the checker tests it): float32 "
                    "in, float32 out. (z > 0).astype(float) is float64 and "
                    "makes the product float64; (z > 0) itself, or "
                    "(z > 0).astype(z.dtype), keeps float32")
        elif "not floating-point" in note:
            hint = ("z > 0 gives True/False, the mask of where the slope "
                    "is 1; multiply it by dout: dz = dout * (z > 0)")
        elif what.startswith("dout = ["):
            hint = upstream
        else:
            hint = f"dz = dout * f'(z), with f' = {name}'s derivative"
        if note.startswith("dz has the wrong") and what.startswith("large"):
            hint = (f"{_overflows(fn, dout, z)} overflows to inf (e^800 "
                    "is too large for a float), and inf / inf, inf - inf "
                    "or 0 * inf is NaN; " + _STABLE_HINT[name])
        mistakes = _ACT_MISTAKES[name] + [
            (lambda d, z: slopes[0](z), upstream)]  # forgot dout
        for mistake, mistake_hint in (
                mistakes if note.startswith("dz has the wrong") else []):
            try:
                with np.errstate(all="ignore"):
                    if np.allclose(got, mistake(dout, z)):
                        hint = mistake_hint
                        break
            except Exception:  # noqa: BLE001 - odd shapes: no diagnosis
                pass
        if not note and overflowed and what.startswith("large"):
            what += (f" (the values are right; NumPy warned of an overflow "
                     f"in {_overflows(fn, dout, z)}, which did no harm)")
        r.check(not note, what + (f" ({note})" if note else ""), hint)
    return r


# A new operation for Value -----------------------------------------------------

OPS = {
    "log": (math.log, lambda a: 1 / a),
    "exp": (math.exp, math.exp),
    "sin": (math.sin, math.cos),
    "cos": (math.cos, lambda a: -math.sin(a)),
    "sqrt": (math.sqrt, lambda a: 0.5 / math.sqrt(a)),
}
"""Operations ``check_value_op`` knows: name -> (f, f')."""

_DERIVATIVE = {"log": "1 / x", "exp": "exp(x)", "sin": "cos(x)",
               "cos": "-sin(x)", "sqrt": "0.5 / sqrt(x)"}


def check_value_op(fn, op="log"):
    """Exercise: a new operation for ``Value``: ``fn(x)`` takes a Value x
    and returns a new Value with data f(x.data), x among its ``_prev``,
    and a ``_backward`` that adds f'(x.data) * out.grad into x.grad.

    ``op`` names f: one of "log", "exp", "sin", "cos", "sqrt". The
    gradients are compared with central differences of your own forward.
    """
    if op not in OPS:
        raise ValueError(f"check_value_op: op must be one of {sorted(OPS)}, "
                         f"got {op!r}")
    f, _ = OPS[op]
    r = Report(f"check_value_op({op!r})")
    points = [0.5, 2.0, 3.7]

    def call(a):
        x = Value(a)
        return x, fn(x)

    try:
        x, out = call(points[0])
    except NotImplementedError:
        r.stop_unfinished()
        for _ in range(5):  # the checks that cannot run yet
            r.check(False, "skipped")
        return r
    except Exception as err:  # noqa: BLE001 - the reader's code
        r.check(False, f"{op}(Value(0.5)) raised {type(err).__name__}: {err}",
                f"start with out = Value(math.{op}(self.data), (self,), "
                f"'{op}')")
        return r
    if not r.check(all(hasattr(out, k) for k in ("data", "grad", "_prev",
                                                  "_backward")),
                   "returns a Value" + ("" if hasattr(out, "_prev") else
                                        f" (got {type(out).__name__})"),
                   f"return a new Value: out = Value(math.{op}(self.data), "
                   f"(self,), '{op}')"):
        return r
    got = [call(a)[1].data for a in points]
    want = [f(a) for a in points]
    r.check(np.allclose(got, want), f"data is {op}(x) at x = 0.5, 2, 3.7"
            + ("" if np.allclose(got, want) else
               f" (got {np.round(got, 4)}, expected {np.round(want, 4)})"),
            f"the new Value's data is math.{op}(self.data)")
    r.check(any(p is x for p in out._prev),
            "remembers its input: x is in out._prev",
            "pass (self,) as the second argument, so that backward() "
            "can find x")

    def numeric(a, h=1e-6):
        return (fn(Value(a + h)).data - fn(Value(a - h)).data) / (2 * h)

    cases = [
        ("out.grad = 1 gives x.grad = f'(x)", 1.0, 0.0),
        ("out.grad = 3 gives x.grad = 3 f'(x) (chain rule)", 3.0, 0.0),
        ("x.grad = 1 already: adds 3 f'(x) to it (x used twice)", 3.0, 1.0),
    ]
    hints = [
        f"in _backward: x.grad += f'(x.data) * out.grad, where the "
        f"derivative of {op} is {_DERIVATIVE[op]}",
        "multiply the local slope by out.grad, the upstream gradient",
        "add into x.grad with +=: x may feed other operations too, and "
        "their gradients must add up",
    ]
    close = functools.partial(math.isclose, rel_tol=1e-6, abs_tol=1e-7)
    first_hint = None  # a later failure is most likely the same mistake
    for (what, upstream, before), hint in zip(cases, hints):
        errors, seen = [], []
        for a in points:
            x, out = call(a)
            x.grad, out.grad = before, upstream
            try:
                out._backward()
            except Exception as err:  # noqa: BLE001 - the reader's code
                errors.append(f"_backward raised {type(err).__name__}: {err}")
                break
            slope = numeric(a)
            seen.append((x.grad, slope))
            want = before + upstream * slope
            if not close(x.grad, want):
                errors.append(f"at x = {a}: x.grad = {x.grad:.4f}, "
                              f"expected {want:.4f}")
        if errors and seen and all(g == before for g, _ in seen):
            hint = ("_backward left x.grad unchanged: store the closure "
                    "with out._backward = _backward, and add into "
                    "self.grad, the input's grad")
        elif errors and seen and all(close(g, -(before + upstream * d))
                                     for g, d in seen):
            hint = ("x.grad has the right size but the wrong sign: add "
                    "+f'(x.data) * out.grad")
        elif errors and seen and upstream != 1 and all(
                close(g, before + d) for g, d in seen):
            hint = hints[1]
        elif errors and seen and before != 0 and all(
                close(g, upstream * d) for g, d in seen):
            hint = hints[2]
        elif errors and first_hint:
            hint = first_hint
        if errors and first_hint is None:
            first_hint = hint
        r.check(not errors, what + (f" ({errors[0]})" if errors else ""),
                hint)
    return r
