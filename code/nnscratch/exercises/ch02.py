"""Checkers for chapter 2, Neurons and perceptrons."""

import numpy as np

from ..activations import step
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
    hint_edge = "the perceptron fires at the threshold itself: use z >= 0, not z > 0"
    r.run("step(-2.0) == 0", lambda: fn(-2.0), 0.0, "negative z gives 0")
    r.run("step(3.5) == 1", lambda: fn(3.5), 1.0, "positive z gives 1")
    r.run("step(0.0) == 1", lambda: fn(0.0), 1.0, hint_edge)
    r.run("works elementwise on [-1, 0.5, 2]", lambda: fn(np.array([-1.0, 0.5, 2.0])),
          [0.0, 1.0, 1.0], "use NumPy comparisons (z >= 0) instead of if/else")
    r.run("keeps the shape of a (2, 2) array", lambda: fn(np.array([[-1.0, 1.0], [0.5, -0.5]])),
          [[0.0, 1.0], [1.0, 0.0]], "return an array of the same shape as z")
    return r


def _reference_update(w, b, x, y, lr):
    error = y - step(np.dot(w, x) + b)
    return w + lr * error * x, b + lr * error


def check_perceptron_update(fn):
    """Exercise: one step of the perceptron learning rule.

    ``fn(w, b, x, y, lr) -> (new_w, new_b)`` with w, x of shape (n,), y in
    {0, 1}: predict y_hat = step(w · x + b), then
    w <- w + lr (y - y_hat) x and b <- b + lr (y - y_hat).
    """
    r = Report("check_perceptron_update")
    cases = [
        ("right answer: nothing changes", [0.5, 0.5], -0.7, [1.0, 1.0], 1, 0.1,
         "when y_hat == y the error is 0, so w and b stay the same"),
        ("predicted 1, target 0: move away from x", [0.0, 0.0], 0.0, [1.0, 1.0], 0, 0.1,
         "error = y - y_hat = -1 here; w <- w + lr * error * x"),
        ("predicted 0, target 1: move towards x", [0.2, -0.4], -0.1, [0.0, 1.0], 1, 0.5,
         "error = +1; do not forget the bias: b <- b + lr * error"),
        ("three inputs", [0.1, -0.2, 0.3], 0.0, [1.0, 2.0, -1.0], 1, 0.25,
         "use np.dot(w, x) so any number of inputs works"),
    ]
    for what, w, b, x, y, lr, hint in cases:
        w, x = np.array(w), np.array(x)
        want_w, want_b = _reference_update(w, b, x, y, lr)

        def call(w=w, b=b, x=x, y=y, lr=lr):
            new_w, new_b = fn(w.copy(), b, x.copy(), y, lr)
            return np.append(new_w, new_b)

        r.run(what, call, np.append(want_w, want_b), hint)
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
    if gate not in GATES:
        raise ValueError(f"check_gate: gate must be one of {sorted(GATES)}, got {gate!r}")
    r = Report(f"check_gate({gate!r})")
    w = np.asarray(w, dtype=np.float64)
    if not r.check(w.shape == (2,), "w has shape (2,)" + ("" if w.shape == (2,) else f" (got {w.shape})"),
                   "one weight per input: w = [w1, w2]"):
        return r
    outputs = step(GATE_INPUTS @ w + b)
    for x, target, out in zip(GATE_INPUTS.astype(int), GATES[gate], outputs):
        r.check(out == target,
                f"{gate}({x[0]}, {x[1]}) = {target}" + ("" if out == target else f" (the neuron gives {out:.0f})"),
                "draw the four points and a line that puts the 1s on the side where "
                "w1 x1 + w2 x2 + b >= 0")
    return r
