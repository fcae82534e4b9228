"""Checkers for chapter 7, Backpropagation."""

import math

import numpy as np

from ..activations import sigmoid, sigmoid_derivative, tanh_derivative
from ..autograd import Value
from ._report import Report


def _describe(name, got, want, atol=1e-6):
    """'' if ``got`` matches ``want``, else a short note on how it differs."""
    if got is None:
        return f"{name} is None (did you forget to return it?)"
    try:
        got = np.asarray(got)
    except Exception:  # noqa: BLE001 - anything the reader returns
        return f"{name} is not an array"
    if got.shape != want.shape:
        return f"{name} has shape {got.shape}, expected {want.shape}"
    if got.dtype != want.dtype:
        return f"{name} has dtype {got.dtype}, expected {want.dtype}"
    if not np.allclose(got, want, atol=atol, rtol=1e-5):
        return f"{name} has the wrong values"
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
               "do not mix in float64 arrays or astype(float)")
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
    if notes and all("dtype" in n for n in notes):
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


_ACTIVATIONS = {
    "sigmoid": sigmoid_derivative,
    "tanh": tanh_derivative,
    "relu": _relu_slope,
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
    ],
    "relu": [
        (lambda d, z: d * np.maximum(z, 0),
         "that is dout * relu(z); the slope of relu is 1 where z > 0, "
         "else 0"),
        (lambda d, z: d * (z >= 0),
         "at z = 0 the book takes relu's slope to be 0, like "
         "activations.relu_derivative: use z > 0"),
    ],
}


def check_activation_backward(fn, name):
    """Exercise: ``fn(dout, z) -> dz`` for an activation a = f(z) applied
    elementwise: dz = dout * f'(z). ``name`` is "sigmoid", "tanh" or "relu".
    """
    if name not in _ACTIVATIONS:
        raise ValueError(f"check_activation_backward: name must be one of "
                         f"{sorted(_ACTIVATIONS)}, got {name!r}")
    slope = _ACTIVATIONS[name]
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
        ("large |z| (-800, 800) without overflow or NaN",
         np.array([1.0, 1.0]), np.array([-800.0, 800.0])),
        ("float32 in, float32 out", np.array([1.0, -2.0], np.float32),
         np.array([0.5, -1.5], np.float32)),
    ]
    for what, dout, z in cases:
        if r.unfinished:
            r.check(False, what)
            continue
        want = dout * slope(z)
        d_copy = dout.copy()
        try:
            with np.errstate(over="raise", invalid="raise"):
                got = fn(d_copy, z.copy())
        except NotImplementedError:
            r.stop_unfinished()
            continue
        except FloatingPointError as err:
            r.check(False, f"{what}: {err}",
                    "np.exp(-z) overflows for very negative z; use "
                    "nnscratch.activations.sigmoid, which never overflows")
            continue
        except Exception as err:  # noqa: BLE001 - the reader's code
            r.check(False, f"{what}: raised {type(err).__name__}: {err}",
                    "work on whole arrays: dz = dout * f'(z)")
            continue
        note = _describe("dz", got, want)
        if not note and not np.array_equal(d_copy, dout):
            note = "it changed dout in place"
        if note.startswith("it changed"):
            hint = ("do not write into dout: compute a new array, "
                    "e.g. dz = dout * (z > 0)")
        elif "dtype" in note:
            hint = _DTYPE_HINT
        elif what.startswith("dout = ["):
            hint = upstream
        else:
            hint = f"dz = dout * f'(z), with f' = {name}'s derivative"
        mistakes = _ACT_MISTAKES[name] + [
            (lambda d, z: slope(z), upstream)]  # forgot dout
        wrong = note.startswith("dz") and "dtype" not in note
        for mistake, mistake_hint in mistakes if wrong else []:
            try:
                with np.errstate(all="ignore"):
                    if np.allclose(got, mistake(dout, z)):
                        hint = mistake_hint
                        break
            except Exception:  # noqa: BLE001 - odd shapes: no diagnosis
                pass
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
        "in _backward: x.grad += f'(x.data) * out.grad, and set "
        "out._backward = _backward",
        "multiply the local slope by out.grad, the upstream gradient",
        "add into x.grad with +=: x may feed other operations too, and "
        "their gradients must add up",
    ]
    for (what, upstream, before), hint in zip(cases, hints):
        errors = []
        for a in points:
            x, out = call(a)
            x.grad, out.grad = before, upstream
            try:
                out._backward()
            except Exception as err:  # noqa: BLE001 - the reader's code
                errors.append(f"_backward raised {type(err).__name__}: {err}")
                break
            want = before + upstream * numeric(a)
            if not math.isclose(x.grad, want, rel_tol=1e-6, abs_tol=1e-7):
                errors.append(f"at x = {a}: x.grad = {x.grad:.4f}, "
                              f"expected {want:.4f}")
        r.check(not errors, what + (f" ({errors[0]})" if errors else ""),
                hint)
    return r
