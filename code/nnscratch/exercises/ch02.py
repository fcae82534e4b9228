"""Checkers for chapter 2, Neurons and perceptrons."""

import numpy as np

from ..activations import sigmoid, step
from ._report import Report

GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
}
"""Truth tables for the inputs (0, 0), (0, 1), (1, 0), (1, 1), in that order."""
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)


def check_step(fn):
    """Exercise: the step function, step(z) = 1 if z >= 0 else 0, elementwise."""
    r = Report("check_step")
    r.run("step(-2.0) == 0", lambda: fn(-2.0), 0.0, "negative z gives 0")
    r.run("step(3.5) == 1", lambda: fn(3.5), 1.0, "positive z gives 1")
    r.run("step(0.0) == 1", lambda: fn(0.0), 1.0,
          "the perceptron fires at the threshold itself: use z >= 0, not z > 0")
    whole_array = "compare the whole array at once: z >= 0 is True/False elementwise"
    r.run("works elementwise on [-1, 0.5, 2]", lambda: fn(np.array([-1.0, 0.5, 2.0])),
          [0.0, 1.0, 1.0], whole_array)
    r.run("keeps the shape of a (2, 2) array", lambda: fn(np.array([[-1.0, 1.0], [0.5, -0.5]])),
          [[0.0, 1.0], [1.0, 0.0]], "return an array of the same shape as z, not a flat one")
    return r


def _reference_update(w, b, x, y, lr):
    error = y - step(np.dot(w, x) + b)
    return w + lr * error * x, b + lr * error


# Wrong answers students often write, each with the hint that fixes it. When a
# case fails and the answer matches one of these, the checker names the mistake.
_KNOWN_MISTAKES = [
    ("the error has the wrong sign",
     lambda w, b, x, y, lr: (w - lr * (y - step(np.dot(w, x) + b)) * x,
                             b - lr * (y - step(np.dot(w, x) + b))),
     "error = y - y_hat (target minus prediction), not y_hat - y"),
    ("the bias is not updated",
     lambda w, b, x, y, lr: (_reference_update(w, b, x, y, lr)[0], b),
     "the bias learns too: b <- b + lr * (y - y_hat)"),
    ("the learning rate is missing",
     lambda w, b, x, y, lr: _reference_update(w, b, x, y, 1.0),
     "multiply the correction by lr"),
    ("the prediction uses the sigmoid",
     lambda w, b, x, y, lr: (w + lr * (y - sigmoid(np.dot(w, x) + b)) * x,
                             b + lr * (y - sigmoid(np.dot(w, x) + b))),
     "the perceptron predicts with the step function: y_hat = step(w . x + b)"),
    ("the threshold is strict (z > 0)",
     lambda w, b, x, y, lr: (w + lr * (y - float(np.dot(w, x) + b > 0)) * x,
                             b + lr * (y - float(np.dot(w, x) + b > 0))),
     "y_hat = 1 when z >= 0: at z = 0 the perceptron fires"),
]


def _diagnose(fn_result, w, b, x, y, lr):
    for name, mistake, hint in _KNOWN_MISTAKES:
        want_w, want_b = mistake(w.copy(), b, x.copy(), y, lr)
        if np.allclose(fn_result[0], want_w) and np.isclose(fn_result[1], want_b):
            return f"{name}: {hint}"
    return "predict y_hat = step(w . x + b), then w <- w + lr (y - y_hat) x, b <- b + lr (y - y_hat)"


def check_perceptron_update(fn):
    """Exercise: one step of the perceptron learning rule.

    ``fn(w, b, x, y, lr) -> (new_w, new_b)`` with w, x of shape (n,), y in
    {0, 1}: predict y_hat = step(w · x + b), then
    w <- w + lr (y - y_hat) x and b <- b + lr (y - y_hat).
    """
    r = Report("check_perceptron_update")
    cases = [
        ("right answer: nothing changes", [0.5, 0.5], -0.7, [1.0, 1.0], 1, 0.1),
        ("predicted 1, target 0: move away from x", [0.0, 0.5], 0.0, [1.0, 1.0], 0, 0.1),
        ("predicted 0, target 1: move towards x", [0.2, -0.4], -0.1, [0.0, 1.0], 1, 0.5),
        ("z = 0 exactly: the perceptron fires", [0.5, -0.5], 0.0, [1.0, 1.0], 0, 0.25),
        ("three inputs", [0.1, -0.2, 0.3], 0.0, [1.0, 2.0, -1.0], 1, 0.25),
    ]
    for what, w, b, x, y, lr in cases:
        w, x = np.array(w), np.array(x)
        want_w, want_b = _reference_update(w, b, x, y, lr)
        ran, got = r.attempt(what, lambda: fn(w.copy(), b, x.copy(), y, lr),
                             "use np.dot(w, x) so that any number of inputs works")
        if not ran:
            continue
        if not (isinstance(got, tuple) and len(got) == 2):
            r.check(False, f"{what}: returned {type(got).__name__}, expected a pair (new_w, new_b)",
                    "end with: return new_w, new_b")
            continue
        new_w, new_b = np.asarray(got[0], dtype=float), np.asarray(got[1], dtype=float)
        ok = new_w.shape == want_w.shape and np.allclose(new_w, want_w) and np.isclose(new_b, want_b)
        detail = "" if ok else (f" (got new_w = {np.round(new_w, 4)}, new_b = {float(np.round(new_b, 4))};"
                                f" expected {np.round(want_w, 4)}, {float(np.round(want_b, 4))})")
        r.check(ok, what + detail, "" if ok else _diagnose((new_w, new_b), w, b, x, y, lr))
    w = np.array([0.0, 0.0])
    try:
        fn(w, 0.0, np.array([1.0, 1.0]), 0, 0.1)
        r.check(np.all(w == 0), "leaves the caller's w unchanged",
                "return a new array (w + ...), do not update w in place (w += ...)")
    except Exception as err:  # already reported above
        r.check(False, f"leaves the caller's w unchanged: raised {type(err).__name__}")
    return r


def check_gate(gate, w, b):
    """Exercise: weights ``w`` (2,) and bias ``b`` that make a step neuron
    compute the logic gate ``gate`` ("AND", "OR", "NAND" or "NOR")."""
    gate = str(gate).upper()
    r = Report(f"check_gate({gate!r})")
    if gate in ("XOR", "XNOR"):
        r.check(False, f"no w and b make one neuron compute {gate}",
                "its classes are not linearly separable: see 'Linear separability and XOR'")
        return r
    if gate not in GATES:
        raise ValueError(f"check_gate: gate must be one of {sorted(GATES)}, got {gate!r}")
    w = np.asarray(w, dtype=np.float64)
    if not r.check(w.shape == (2,), "w has shape (2,)" + ("" if w.shape == (2,) else f" (got {w.shape})"),
                   "one weight per input: w = [w1, w2]"):
        return r
    outputs = step(GATE_INPUTS @ w + b)
    hint = ("draw the four points and a line w1 x1 + w2 x2 + b = 0 that puts "
            "the 1s on the side where w1 x1 + w2 x2 + b >= 0")
    for x, target, out in zip(GATE_INPUTS.astype(int), GATES[gate], outputs):
        right = out == target
        r.check(right, f"{gate}({x[0]}, {x[1]}) = {target}" + ("" if right else f" (the neuron gives {out:.0f})"),
                hint)  # the report shows it once, on the first failure
    return r
