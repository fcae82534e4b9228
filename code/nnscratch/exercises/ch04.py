"""Checkers for chapter 4, Forward propagation."""

import numpy as np

from ..activations import relu, sigmoid
from ._report import Report

# The chapter's hand-worked network: 2 inputs -> 3 hidden (ReLU) -> 1 output (sigmoid).
CHAPTER_PARAMS = {
    "W1": np.array([[1.0, -1.0, 2.0], [1.0, 1.0, -1.0]]),
    "b1": np.array([0.0, 1.0, -1.0]),
    "W2": np.array([[0.5], [-0.5], [1.0]]),
    "b2": np.array([0.5]),
}
CHAPTER_X = np.array([[1.0, 2.0], [0.0, 0.0], [2.0, -1.0], [-1.0, 1.0]])


def _copy(a):
    """A copy of a case's argument, so that the reader's code cannot change ours."""
    if isinstance(a, dict):
        return {k: _copy(v) for k, v in a.items()}
    return a.copy() if isinstance(a, np.ndarray) else a


def _attempt(fn, *args):
    """Call fn(*args); returns (result, None) or (None, the exception)."""
    try:
        with np.errstate(all="ignore"):  # an overflow warning is not a wrong answer
            return fn(*args), None
    except NotImplementedError:
        raise
    except Exception as err:  # the reader's code may raise anything
        return None, err


def _matches(got, want):
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(want) and bool(np.allclose(got, want, atol=1e-6, rtol=0))


def _diagnose(got, mistakes, args, default, err=None):
    """The hint of the first known mistake that reproduces `got` (or, when the
    answer raised `err`, raises the same error), else `default`."""
    for name, mistake, hint in mistakes:
        try:
            with np.errstate(all="ignore"):
                want = mistake(*(_copy(a) for a in args))
        except Exception as mistake_err:  # this mistake fails on these shapes
            if err is not None and str(mistake_err) == str(err):
                return f"{name}: {hint}"
            continue
        if err is None and _matches(got, want):
            return f"{name}: {hint}"
    return default


def _describe(got, want):
    if got is None:
        return " (your function returned None: did you forget `return`?)"
    shape = np.shape(got)
    if shape != np.shape(want):
        return f" (got shape {shape}, expected {np.shape(want)})"
    show = lambda a: np.array2string(np.asarray(a, dtype=float), precision=4,  # noqa: E731
                                     suppress_small=True, separator=", ")
    if np.size(want) <= 4 or np.ndim(want) != 2:
        return f" (got {show(got)}, expected {show(want)})"
    row = int(np.argmax(~np.isclose(np.asarray(got, dtype=float), want).all(axis=1)))
    return f" (row {row}: got {show(np.asarray(got)[row])}, expected {show(want[row])})"


def _run_cases(r, fn, cases, reference, mistakes, default_hint, raise_hint):
    """Try `fn` on each (what, args) case; name the known mistake on a failure."""
    for what, args in cases:
        if r.unfinished:
            r.check(False, what)  # counted as skipped
            continue
        want = reference(*args)
        try:
            got, err = _attempt(fn, *(_copy(a) for a in args))
        except NotImplementedError:
            r.stop_unfinished()
            continue
        if err is not None:
            fallback = raise_hint if isinstance(err, ValueError) else default_hint
            r.check(False, f"{what}: raised {type(err).__name__}: {err}",
                    _diagnose(None, mistakes, args, fallback, err=err))
            continue
        ok = _matches(got, want)
        r.check(ok, what + ("" if ok else _describe(got, want)),
                "" if ok else _diagnose(got, mistakes, args, default_hint))


def _dense_reference(X, W, b):
    return np.asarray(X, dtype=np.float64) @ W + b


_DENSE_MISTAKES = [
    ("the result is transposed, shape (n_out, m)",
     lambda X, W, b: (X @ W + b).T,
     "rows are samples: compute X @ W + b, which is (m, n_out); W.T @ X.T gives its transpose"),
    ("the weights are used transposed",
     lambda X, W, b: X @ W.T + b,
     "W has shape (n_in, n_out) and column j holds neuron j's weights: use X @ W, not X @ W.T"),
    ("the bias is missing",
     lambda X, W, b: X @ W,
     "every neuron adds its bias: Z = X @ W + b"),
    ("the bias is added down the columns instead of along the rows",
     lambda X, W, b: X @ W + b.reshape(-1, 1),
     "b has shape (n_out,): X @ W + b adds b[j] to column j of every row; "
     "b.reshape(-1, 1) would add b[k] to row k instead"),
    ("an activation was applied",
     lambda X, W, b: relu(X @ W + b),
     "dense_forward returns the pre-activation Z = X @ W + b; the activation comes after"),
    ("an activation was applied",
     lambda X, W, b: sigmoid(X @ W + b),
     "dense_forward returns the pre-activation Z = X @ W + b; the activation comes after"),
    ("the output lost its second axis",
     lambda X, W, b: np.ravel(X @ W + b),
     "keep Z two-dimensional, shape (m, n_out), even when m or n_out is 1"),
]


def check_dense_forward(fn):
    """Exercise: one dense layer's pre-activation for a batch, Z = X @ W + b.

    ``fn(X, W, b) -> Z`` with X (m, n_in), W (n_in, n_out), b (n_out,) and
    Z (m, n_out).
    """
    r = Report("check_dense_forward")
    p = CHAPTER_PARAMS
    rng = np.random.default_rng(4)
    cases = [
        ("one sample as a (1, 2) row: the chapter's x = (1, 2)",
         (np.array([[1.0, 2.0]]), p["W1"], p["b1"])),
        ("the chapter's batch of 4 samples: Z has shape (4, 3)",
         (CHAPTER_X, p["W1"], p["b1"])),
        ("n_in = 3, n_out = 2, a batch of 5: Z has shape (5, 2)",
         (rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), np.array([0.5, -1.0]))),
        ("a square W = [[1, 2], [3, 4]], which differs from W.T",
         (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
          np.array([0.0, 0.0]))),
        ("m = n_out = 3: b is added along each row, not down each column",
         (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), p["W1"], np.array([10.0, 20.0, 30.0]))),
        ("one output unit: Z stays 2-D, shape (4, 1)",
         (CHAPTER_X, p["W2"][:2], p["b2"])),
        ("integer inputs work like floats",
         (np.array([[1, 2], [3, 4]]), p["W1"], p["b1"])),
    ]
    _run_cases(r, fn, cases, _dense_reference, _DENSE_MISTAKES,
               default_hint="compute Z = X @ W + b in one expression, no loops needed",
               raise_hint="the shapes must line up: (m, n_in) @ (n_in, n_out) -> (m, n_out); "
                          "use X @ W, not W @ X or X @ W.T")
    return r


def _mlp_reference(X, params):
    A1 = relu(np.asarray(X, dtype=np.float64) @ params["W1"] + params["b1"])
    return sigmoid(A1 @ params["W2"] + params["b2"])


def _mlp(X, params, hidden, output, bias=True):
    b1, b2 = (params["b1"], params["b2"]) if bias else (0.0, 0.0)
    return output(hidden(np.asarray(X, dtype=np.float64) @ params["W1"] + b1) @ params["W2"] + b2)


def _identity(z):
    return z


_MLP_MISTAKES = [
    ("the hidden layer has no activation",
     lambda X, p: _mlp(X, p, _identity, sigmoid),
     "apply ReLU to the hidden layer: A1 = relu(X @ W1 + b1); without it two layers "
     "collapse into one linear map"),
    ("the output has no sigmoid",
     lambda X, p: _mlp(X, p, relu, _identity),
     "the output is y_hat = sigmoid(A1 @ W2 + b2), a number between 0 and 1"),
    ("the output uses ReLU instead of the sigmoid",
     lambda X, p: _mlp(X, p, relu, relu),
     "ReLU in the hidden layer, the sigmoid at the output"),
    ("the hidden layer uses the sigmoid instead of ReLU",
     lambda X, p: _mlp(X, p, sigmoid, sigmoid),
     "ReLU in the hidden layer, the sigmoid at the output"),
    ("the biases are missing",
     lambda X, p: _mlp(X, p, relu, sigmoid, bias=False),
     "each layer adds its bias: X @ W1 + b1, then A1 @ W2 + b2"),
    ("the second layer reads X instead of the hidden activations",
     lambda X, p: sigmoid(X @ p["W2"] + p["b2"]),
     "layers are chained: the second layer's input is A1, the first layer's output"),
    ("the output lost its second axis",
     lambda X, p: np.ravel(_mlp_reference(X, p)),
     "keep y_hat two-dimensional, shape (m, 1): one row per sample"),
]


def check_mlp_forward(fn):
    """Exercise: the forward pass of a two-layer network.

    ``fn(X, params) -> y_hat`` with params a dict of "W1" (n_in, h), "b1" (h,),
    "W2" (h, n_out), "b2" (n_out,); y_hat = sigmoid(relu(X @ W1 + b1) @ W2 + b2),
    shape (m, n_out).
    """
    r = Report("check_mlp_forward")
    rng = np.random.default_rng(44)
    other = {"W1": rng.normal(size=(3, 5)), "b1": rng.normal(size=5),
             "W2": rng.normal(size=(5, 2)), "b2": rng.normal(size=2)}
    large = {k: 100.0 * v for k, v in CHAPTER_PARAMS.items()}
    cases = [
        ("the chapter's network, x = (1, 2) as a (1, 2) row: y_hat = sigmoid(1)",
         (np.array([[1.0, 2.0]]), CHAPTER_PARAMS)),
        ("the chapter's batch of 4: y_hat has shape (4, 1)", (CHAPTER_X, CHAPTER_PARAMS)),
        ("3 inputs, 5 hidden units, 2 outputs, a batch of 6",
         (rng.normal(size=(6, 3)), other)),
        ("large weights (x100): outputs very close to 0 and 1",
         (CHAPTER_X, large)),
    ]
    _run_cases(r, fn, cases, _mlp_reference, _MLP_MISTAKES,
               default_hint="A1 = relu(X @ W1 + b1), then y_hat = sigmoid(A1 @ W2 + b2)",
               raise_hint="check the shapes: X (m, n_in) @ W1 (n_in, h) gives (m, h), "
                          "which @ W2 (h, n_out) gives (m, n_out)")
    what = "leaves the caller's X unchanged"
    if r.unfinished:
        r.check(False, what)  # counted as skipped
    else:
        X = CHAPTER_X.copy()
        try:
            with np.errstate(all="ignore"):
                fn(X, _copy(CHAPTER_PARAMS))
            same = np.array_equal(X, CHAPTER_X)
        except Exception:  # already reported above
            same = False
        r.check(same, what,
                "build new arrays (Z1 = X @ W1 + b1), do not change X in place")
    return r
