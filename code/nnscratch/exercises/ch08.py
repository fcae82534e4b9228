"""Checkers for chapter 8, Training end to end.

A network here is a plain list of layers, e.g.
``[Linear(2, 8, rng), ReLU(), Linear(8, 1, rng), Sigmoid()]``, trained with
binary cross-entropy on 0/1 targets ``y`` of shape (m, 1).
"""

import numpy as np

from ..activations import relu
from ..layers import Linear, ReLU, Sigmoid, Tanh
from ..losses import binary_cross_entropy, binary_cross_entropy_gradient
from ._report import Report

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=np.float64)


# Reference answers ------------------------------------------------------------

def _forward(layers, X):
    a = X
    for layer in layers:
        a = layer.forward(a)
    return a


def _parameters(layers):
    return [p for layer in layers for p in layer.parameters()]


def _reference_step(layers, X, y, lr):
    y_hat = _forward(layers, X)
    loss = binary_cross_entropy(y_hat, y)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for p in _parameters(layers):
        p.data -= lr * p.grad
        p.zero_grad()
    return loss


def _reference_predict(layers, X):
    return (_forward(layers, X) >= 0.5).astype(np.float64)


# Wrong answers readers often write, each with the hint that fixes it --------

def _uphill(layers, X, y, lr):
    return _reference_step(layers, X, y, -lr)


def _no_lr(layers, X, y, lr):
    return _reference_step(layers, X, y, 1.0)


def _no_zero_grad(layers, X, y, lr):
    y_hat = _forward(layers, X)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for p in _parameters(layers):
        p.data -= lr * p.grad
    return binary_cross_entropy(y_hat, y)


def _weights_only(layers, X, y, lr):
    y_hat = _forward(layers, X)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for p in _parameters(layers):
        if p.name != "b":
            p.data -= lr * p.grad
        p.zero_grad()
    return binary_cross_entropy(y_hat, y)


def _shortcut_and_sigmoid(layers, X, y, lr):
    y_hat = _forward(layers, X)
    grad = (y_hat - y) / y.size  # already d(loss)/dz: the Sigmoid is counted twice
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for p in _parameters(layers):
        p.data -= lr * p.grad
        p.zero_grad()
    return binary_cross_entropy(y_hat, y)


_STEP_MISTAKES = [
    ("the parameters move uphill",
     _uphill,
     "step against the gradient: p.data -= lr * p.grad (not +=)"),
    ("the learning rate is missing",
     _no_lr,
     "multiply the gradient by lr before subtracting it"),
    ("the biases are not updated",
     _weights_only,
     "update every Parameter of every layer, b as well as W: "
     "for p in layer.parameters()"),
    ("the Sigmoid's derivative is counted twice",
     _shortcut_and_sigmoid,
     "(y_hat - y) / m is already the gradient at the sigmoid's input z: "
     "either start from binary_cross_entropy_gradient(y_hat, y) and go "
     "backward through every layer, or start from (y_hat - y) / m and skip "
     "the Sigmoid layer"),
]

_ZERO_GRAD_HINT = ("after the update, clear the gradients with p.zero_grad() "
                   "(or layer.zero_grad()): backward ADDS into p.grad, so "
                   "without it every step also repeats all earlier steps")


# The networks the checkers try answers on -----------------------------------

def _xor_net(seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return [Linear(2, 3, rng, dtype=dtype), ReLU(),
            Linear(3, 1, rng, dtype=dtype), Sigmoid()]


def _deep_net(seed=1):
    rng = np.random.default_rng(seed)
    return [Linear(3, 4, rng), Tanh(), Linear(4, 3, rng), ReLU(),
            Linear(3, 1, rng), Sigmoid()]


def _deep_data(m=6, seed=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = (rng.random((m, 1)) < 0.5).astype(np.float64)
    return X, y


def _step_cases():
    X3, y3 = _deep_data()
    return [
        ("XOR, 2-3-1 network, lr = 0.5", lambda: _xor_net(0), XOR_X, XOR_Y, 0.5),
        ("3-4-3-1 network, 6 samples, lr = 0.1", _deep_net, X3, y3, 0.1),
        ("float32 network, lr = 1.0",
         lambda: _xor_net(3, np.float32), XOR_X.astype(np.float32),
         XOR_Y.astype(np.float32), 1.0),
    ]


def _values(layers):
    return [p.data.copy() for p in _parameters(layers)]


def _same_params(got, want, atol):
    return len(got) == len(want) and all(
        g.shape == w.shape and g.dtype == w.dtype and np.allclose(g, w, atol=atol, rtol=0)
        for g, w in zip(got, want))


def _diagnose_step(got, make, X, y, lr, steps, atol):
    """Name the known mistake that gives the parameters `got`, if any."""
    mistakes = list(_STEP_MISTAKES)
    if steps == 2:
        mistakes.append(("the gradients are not cleared", _no_zero_grad, _ZERO_GRAD_HINT))
    for name, mistake, hint in mistakes:
        layers = make()
        for _ in range(steps):
            mistake(layers, X.copy(), y.copy(), lr)
        if _same_params(got, _values(layers), atol):
            return f"{name}: {hint}"
    return ("forward through the layers in order, loss, backward through "
            "reversed(layers), then p.data -= lr * p.grad and p.zero_grad() "
            "for every parameter")


def _call(r, what, fn, *args):
    """Call the reader's fn; return (ok, value). Records failures in `r`."""
    return r.attempt(what, lambda: fn(*args), _step_error_hint)


def _step_error_hint(err):
    if isinstance(err, ValueError):
        return ("go backward through the layers in reverse order: "
                "for layer in reversed(layers): grad = layer.backward(grad)"
                if "dout" in str(err) else "")
    return ("run a forward pass before backward, and pass the gradient "
            "from one layer's backward to the next")


def check_train_step(fn):
    """Exercise: one step of training, ``fn(layers, X, y, lr) -> loss``.

    Forward through ``layers`` in order, binary cross-entropy against ``y``
    (shape (m, 1)), backward through the layers in reverse, then
    ``p.data -= lr * p.grad`` and ``p.zero_grad()`` for every parameter.
    Returns the loss of the forward pass (before the update) as a number.
    """
    r = Report("check_train_step")
    for what, make, X, y, lr in _step_cases():
        if r.unfinished:
            r.skipped += 3  # this case's three checks
            continue
        atol = 1e-5 if X.dtype == np.float32 else 1e-9
        want_layers = make()
        want_loss = _reference_step(want_layers, X, y, lr)
        layers = make()
        ok, loss = _call(r, what, fn, layers, X.copy(), y.copy(), lr)
        if not ok:
            if r.unfinished:
                r.skipped += 2  # "not implemented yet" stands for the first
            continue
        try:
            loss_ok = np.ndim(loss) == 0 and abs(float(loss) - want_loss) < 1e-5
            shown = f"{float(loss):.4f}"
        except (TypeError, ValueError):
            loss_ok, shown = False, repr(loss)
        r.check(loss_ok, f"{what}: returns the loss"
                + ("" if loss_ok else f" (got {shown}, expected {want_loss:.4f})"),
                "return binary_cross_entropy(y_hat, y) of the forward pass, the "
                "loss before the update, as a number (did you forget "
                "`return loss`?)")
        got = _values(layers)
        same = _same_params(got, _values(want_layers), atol)
        r.check(same, f"{what}: parameters after one step",
                "" if same else _diagnose_step(got, make, X, y, lr, 1, atol))
        want_layers, layers = make(), make()  # two steps on fresh networks
        for k in range(2):
            _reference_step(want_layers, X, y, lr)
            ok, _ = _call(r, f"{what}, step {k + 1} of 2", fn, layers,
                          X.copy(), y.copy(), lr)
            if not ok:
                break
        if not ok:
            continue
        got = _values(layers)
        same = _same_params(got, _values(want_layers), atol)
        r.check(same, f"{what}: parameters after two steps in a row",
                "" if same else _diagnose_step(got, make, X, y, lr, 2, atol))
    return r


def check_predict(fn):
    """Exercise: ``fn(layers, X)`` returns the network's class, 0 or 1, for
    each row of X, shape (m, 1) like the targets: 1 where the output
    probability is >= 0.5."""
    r = Report("check_predict")
    rng = np.random.default_rng(5)
    grid = rng.uniform(-2, 2, size=(1000, 3))
    zeros = _xor_net(0)
    for p in _parameters(zeros):
        p.data[...] = 0.0  # the output is sigmoid(0) = 0.5 for every input
    small, deep = _xor_net(4), _deep_net(6)
    for p in _parameters(small) + _parameters(deep):
        p.data += rng.uniform(-0.5, 0.5, size=p.shape)  # no output of 0.5
    cases = [
        ("XOR inputs, 2-3-1 network", small, XOR_X,
         "threshold the output probability: (y_hat >= 0.5)"),
        ("probability exactly 0.5 counts as class 1", zeros, XOR_X,
         "use y_hat >= 0.5 (as decision_boundary does); note np.round(0.5) "
         "is 0, because NumPy rounds halves to the even number"),
        ("1000 random points, 3-4-3-1 network", deep, grid,
         "run the whole batch through every layer in order, then threshold"),
    ]
    for what, layers, X, hint in cases:
        want = _reference_predict(layers, X)
        ran, got = r.attempt(what, lambda: fn(layers, X.copy()), hint)
        if not ran:
            continue
        if got is None:
            r.check(False, f"{what}: returned None", "did you forget `return`?")
            continue
        got = np.asarray(got)
        if got.shape == (len(X),):
            r.check(False, f"{what}: returned shape {got.shape}, expected "
                    f"{want.shape}",
                    "keep the column: the targets y have shape (m, 1), and "
                    "comparing an (m,) array with y broadcasts to (m, m)")
            continue
        try:
            values = got.astype(np.float64)
        except (TypeError, ValueError):
            values = None
        if values is not None and got.shape == want.shape and not np.all(
                (values == 0) | (values == 1)):
            r.check(False, f"{what}: returned values other than 0 and 1 "
                    f"(e.g. {values.flat[np.argmax((values != 0) & (values != 1))]:.4f})",
                    "return classes, not probabilities: compare the output "
                    "with 0.5")
            continue
        if values is None or got.shape != want.shape:
            r.check(False, f"{what}: returned {got.dtype} of shape {got.shape}, "
                    f"expected 0/1 of shape {want.shape}", hint)
            continue
        wrong = np.flatnonzero(values.ravel() != want.ravel())
        detail = "" if wrong.size == 0 else (
            f" ({wrong.size} of {len(X)} rows differ; row {wrong[0]}: got "
            f"{values.ravel()[wrong[0]]:.0f}, expected {want.ravel()[wrong[0]]:.0f})")
        r.check(wrong.size == 0, what + detail, hint)
    return r


def check_xor_weights(W1, b1, W2, b2):
    """Exercise: weights of a 2-2-1 network whose output
    ``relu(x @ W1 + b1) @ W2 + b2`` is exactly XOR(x1, x2) for the four
    inputs (0, 0), (0, 1), (1, 0), (1, 1).

    W1 : (2, 2), b1 : (2,), W2 : (2, 1) (or (2,)), b2 : (1,) (or a number).
    """
    r = Report("check_xor_weights")
    arrays = {}
    for name, value, shape in [("W1", W1, (2, 2)), ("b1", b1, (2,)),
                               ("W2", W2, (2, 1)), ("b2", b2, (1,))]:
        arr = np.asarray(value, dtype=np.float64)
        if name in ("W2", "b2") and arr.size == shape[0]:
            arr = arr.reshape(shape)  # (2,) for W2 or a number for b2 is fine
        ok = arr.shape == shape
        r.check(ok, f"{name} has shape {shape}" + ("" if ok else f" (got {arr.shape})"),
                "W1 is (n_in, n_out) = (2, 2): column j holds hidden unit j's "
                "weights; b1 has one bias per hidden unit; W2 is (2, 1)")
        arrays[name] = arr
    if not r:
        return r
    hidden = relu(XOR_X @ arrays["W1"] + arrays["b1"])
    out = (hidden @ arrays["W2"] + arrays["b2"]).ravel()
    hint = ("work out the two hidden values h = relu(x @ W1 + b1) for each "
            "input first, then the output h @ W2 + b2; one hidden unit can "
            "count the 1s in x, another can fire only when both are 1")
    for x, target, o, h in zip(XOR_X.astype(int), XOR_Y.ravel(), out, hidden):
        ok = abs(o - target) < 1e-9
        r.check(ok, f"XOR({x[0]}, {x[1]}) = {target:.0f}"
                + ("" if ok else f" (hidden {np.round(h, 4)}, output {o:.4f})"), hint)
    return r
