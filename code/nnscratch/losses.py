"""Loss functions: how wrong a prediction is, as one number, and its gradient.

Each loss ``name(y_hat, y)`` returns a Python float and ``name_gradient(y_hat,
y)`` returns dL/dy_hat with the shape of ``y_hat``. The prediction comes first,
the target second (as in ``loss(y_hat, y)`` everywhere in the book).

Averaging: regression losses and binary cross-entropy average over every
element; cross-entropy, hinge and KL sum over the k classes of a sample and
average over the m samples (rows).

Predictions and targets that disagree in shape raise an error instead of
broadcasting: (4, 1) minus (4,) would silently give a (4, 4) array.
"""

import numpy as np

from ._validate import all_finite, as_float_array
from .activations import log_softmax, sigmoid, softmax


def _pair(y_hat, y, where):
    """Float arrays of the same shape, finite predictions, or a clear error."""
    y_hat = as_float_array(y_hat, "y_hat", where)
    y = as_float_array(y, "y", where)
    if y_hat.shape != y.shape:
        raise ValueError(
            f"{where}: y_hat has shape {y_hat.shape} but y has shape {y.shape}; "
            "they must match (NumPy would broadcast them into a wrong answer). "
            "Reshape one, e.g. y.reshape(y_hat.shape)")
    _finite(y_hat, "y_hat", where)
    return y_hat, y


def _finite(arr, name, where):
    if not all_finite(arr):
        raise ValueError(f"{where}: {name} contains NaN or inf; the model has "
                         "diverged (try a smaller learning rate)")


# Regression ----------------------------------------------------------------

def mse(y_hat, y):
    """Mean squared error: mean((y_hat - y)**2).

    y_hat, y : arrays of the same shape."""
    y_hat, y = _pair(y_hat, y, "mse")
    return float(np.mean((y_hat - y) ** 2))


def mse_gradient(y_hat, y):
    """2 (y_hat - y) / N, N = number of elements."""
    y_hat, y = _pair(y_hat, y, "mse_gradient")
    return 2 * (y_hat - y) / y.size


def mae(y_hat, y):
    """Mean absolute error: mean(|y_hat - y|). Less swayed by outliers than MSE."""
    y_hat, y = _pair(y_hat, y, "mae")
    return float(np.mean(np.abs(y_hat - y)))


def mae_gradient(y_hat, y):
    """sign(y_hat - y) / N (0 where they are equal, where |.| has a kink)."""
    y_hat, y = _pair(y_hat, y, "mae_gradient")
    return np.sign(y_hat - y) / y.size


def huber(y_hat, y, delta=1.0):
    """Huber loss: quadratic for |error| <= delta, linear beyond.

    mean of 0.5 e**2 if |e| <= delta else delta (|e| - 0.5 delta), e = y_hat - y.
    """
    y_hat, y = _pair(y_hat, y, "huber")
    e = np.abs(y_hat - y)
    return float(np.mean(np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta))))


def huber_gradient(y_hat, y, delta=1.0):
    """clip(y_hat - y, -delta, delta) / N: the error, capped at delta."""
    y_hat, y = _pair(y_hat, y, "huber_gradient")
    return np.clip(y_hat - y, -delta, delta) / y.size


# Binary classification -----------------------------------------------------

EPS = 1e-12
"""Probabilities are clipped to [eps, 1 - eps] so that log never sees 0,
with eps = EPS in float64 (float32 needs a larger eps: there 1 - 1e-12 == 1)."""


def _binary(p, y, where):
    p, y = _pair(p, y, where)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"{where}: y_hat must be probabilities in [0, 1] (apply a "
                         f"sigmoid first), got values from {p.min():.4g} to {p.max():.4g}")
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"{where}: targets y must be in [0, 1], "
                         f"got values from {y.min():.4g} to {y.max():.4g}")
    eps = max(EPS, float(np.finfo(p.dtype).eps))
    return np.clip(p, eps, 1 - eps), y


def binary_cross_entropy(p, y):
    """-mean(y log p + (1 - y) log(1 - p)), p = predicted P(y = 1).

    p, y : same shape, p in [0, 1], y in {0, 1} (or in [0, 1]).
    """
    p, y = _binary(p, y, "binary_cross_entropy")
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_gradient(p, y):
    """(p - y) / (p (1 - p)) / N. After a sigmoid this becomes simply (p - y) / N."""
    p, y = _binary(p, y, "binary_cross_entropy_gradient")
    return (p - y) / (p * (1 - p)) / y.size


def binary_cross_entropy_with_logits(z, y):
    """binary_cross_entropy(sigmoid(z), y), computed from the scores z directly:

    mean(max(z, 0) - z y + log(1 + exp(-|z|))), which never takes log(0).
    """
    z, y = _pair(z, y, "binary_cross_entropy_with_logits")
    terms = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(terms))


def binary_cross_entropy_with_logits_gradient(z, y):
    """(sigmoid(z) - y) / N."""
    z, y = _pair(z, y, "binary_cross_entropy_with_logits_gradient")
    return (sigmoid(z) - y) / y.size


# Multiclass classification --------------------------------------------------

def _labels(scores, y, where):
    """Scores (m, k) and integer labels (m,) in 0..k-1, or a clear error."""
    scores = as_float_array(scores, "scores", where)
    y = np.asarray(y)
    if scores.ndim != 2:
        raise ValueError(f"{where}: scores must have shape (m, k), one row of k class "
                         f"scores per sample, got {scores.shape}")
    m, k = scores.shape
    if y.shape != (m,):
        raise ValueError(f"{where}: y must hold one class label per sample, shape "
                         f"({m},), got {y.shape}"
                         + (" (one-hot? use y.argmax(axis=1))" if y.shape == (m, k) else ""))
    if y.dtype.kind not in "iu" or y.min() < 0 or y.max() >= k:
        raise ValueError(f"{where}: y must be integer labels in 0..{k - 1}, "
                         f"got dtype {y.dtype} with values {np.unique(y)[:5]}")
    _finite(scores, "scores", where)
    return scores, y


def cross_entropy(scores, y):
    """Softmax cross-entropy from raw scores (logits), averaged over
    the samples of -log softmax(s)[y] = logsumexp(s) - s_y.

    scores : (m, k) logits; y : (m,) integer labels in 0..k-1.
    Uses ``log_softmax`` (the log-sum-exp trick), so scores of 1000
    are fine.
    """
    scores, y = _labels(scores, y, "cross_entropy")
    m = len(y)
    return float(-np.mean(log_softmax(scores)[np.arange(m), y]))


def cross_entropy_gradient(scores, y):
    """(softmax(scores) - one_hot(y)) / m, shape (m, k)."""
    scores, y = _labels(scores, y, "cross_entropy_gradient")
    m = len(y)
    grad = softmax(scores)
    grad[np.arange(m), y] -= 1
    return grad / m


def hinge(scores, y, margin=1.0):
    """Multiclass SVM (hinge) loss:

        mean over samples of sum_{j != y} max(0, s_j - s_y + margin)

    Zero once the right class beats every other by at least ``margin``.
    scores : (m, k); y : (m,) integer labels.
    """
    scores, y = _labels(scores, y, "hinge")
    return float(np.sum(_margins(scores, y, margin)) / len(y))


def hinge_gradient(scores, y, margin=1.0):
    """+1/m for each class j whose margin is violated, -(count)/m for the
    true class; shape (m, k)."""
    scores, y = _labels(scores, y, "hinge_gradient")
    m = len(y)
    grad = (_margins(scores, y, margin) > 0).astype(scores.dtype)
    grad[np.arange(m), y] = -grad.sum(axis=1)
    return grad / m


def _margins(scores, y, margin):
    m = len(y)
    out = np.maximum(0, scores - scores[np.arange(m), y][:, None] + margin)
    out[np.arange(m), y] = 0  # the true class is not compared with itself
    return out


def kl_divergence(q, p):
    """KL(p || q) = mean over samples of sum_j p_j log(p_j / q_j).

    q : (m, k) predicted distributions (rows sum to 1, entries > 0)
    p : (m, k) target distributions; terms with p_j = 0 count as 0.
    Cross-entropy = entropy(p) + KL(p || q), so with fixed targets
    minimizing one minimizes the other.
    """
    q, p = _pair(q, p, "kl_divergence")
    _distributions(q, p, "kl_divergence")
    q = np.clip(q, EPS, None)
    terms = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - np.log(q)), 0.0)
    return float(np.sum(terms) / q.shape[0])


def kl_divergence_gradient(q, p):
    """-p / q / m, shape (m, k)."""
    q, p = _pair(q, p, "kl_divergence_gradient")
    _distributions(q, p, "kl_divergence_gradient")
    return -p / np.clip(q, EPS, None) / q.shape[0]


def _distributions(q, p, where):
    if q.ndim != 2:
        raise ValueError(f"{where}: expected (m, k) distributions, one per row, got {q.shape}")
    for name, arr in (("q", q), ("p", p)):
        if np.any(arr < 0) or not np.allclose(arr.sum(axis=1), 1, atol=1e-6):
            raise ValueError(f"{where}: every row of {name} must be a probability "
                             "distribution (entries >= 0 that sum to 1)")


LOSSES = {
    "mse": (mse, mse_gradient),
    "mae": (mae, mae_gradient),
    "huber": (huber, huber_gradient),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_gradient),
    "binary_cross_entropy_with_logits": (binary_cross_entropy_with_logits,
                                         binary_cross_entropy_with_logits_gradient),
    "cross_entropy": (cross_entropy, cross_entropy_gradient),
    "hinge": (hinge, hinge_gradient),
    "kl_divergence": (kl_divergence, kl_divergence_gradient),
}
"""Name -> (loss, gradient)."""


# Losses as objects (chapter 9) ----------------------------------------------

class Loss:
    """A loss as an object, like torch.nn.MSELoss.

    ``value = loss(y_hat, y)`` returns the loss (a float) and
    remembers its inputs; ``loss.backward()`` then returns dL/dy_hat
    (shape of y_hat), the gradient that starts backpropagation.
    ``loss.predict(y_hat)`` turns outputs into class labels (m,).
    """

    function = gradient = None  # set by each subclass

    def __init__(self):
        self._inputs = None

    def __call__(self, y_hat, y):
        value = self.function(y_hat, y)
        self._inputs = (y_hat, y)
        return value

    def backward(self):
        if self._inputs is None:
            raise RuntimeError(
                f"{self!r}: call loss(y_hat, y) before backward()")
        return self.gradient(*self._inputs)

    def predict(self, y_hat):
        raise TypeError(f"{self!r} is a regression loss: its outputs "
                        "are numbers, not class labels")

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    function, gradient = staticmethod(mse), staticmethod(mse_gradient)


class L1Loss(Loss):
    function, gradient = staticmethod(mae), staticmethod(mae_gradient)


class HuberLoss(Loss):
    def __init__(self, delta=1.0):
        super().__init__()
        self.delta = delta

    def function(self, y_hat, y):
        return huber(y_hat, y, self.delta)

    def gradient(self, y_hat, y):
        return huber_gradient(y_hat, y, self.delta)


class BCELoss(Loss):
    """Binary cross-entropy of probabilities (after a Sigmoid)."""
    function = staticmethod(binary_cross_entropy)
    gradient = staticmethod(binary_cross_entropy_gradient)

    def predict(self, y_hat):
        return (np.asarray(y_hat) >= 0.5).astype(np.int64).ravel()


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy of raw scores z (no Sigmoid layer)."""
    function = staticmethod(binary_cross_entropy_with_logits)
    gradient = staticmethod(binary_cross_entropy_with_logits_gradient)

    def predict(self, y_hat):
        return (np.asarray(y_hat) >= 0).astype(np.int64).ravel()


class CrossEntropyLoss(Loss):
    """Softmax cross-entropy of raw scores (m, k), labels (m,).

    The same numbers as ``cross_entropy`` and ``cross_entropy_gradient``,
    bit for bit, with the inputs checked and the softmax computed once
    per batch: the call keeps exp(s - max) and its row sums, and
    ``backward`` divides one by the other (softmax) instead of starting
    again from the scores.
    """
    function = staticmethod(cross_entropy)
    gradient = staticmethod(cross_entropy_gradient)

    def __call__(self, y_hat, y):
        scores, y = _labels(y_hat, y, "CrossEntropyLoss")
        shifted = scores - np.max(scores, axis=1, keepdims=True)
        e = np.exp(shifted)
        total = np.sum(e, axis=1, keepdims=True)
        rows = np.arange(len(y))
        # log softmax(s)[y] = shifted[y] - log(sum of e), as log_softmax
        value = float(-np.mean(shifted[rows, y] - np.log(total[:, 0])))
        self._inputs = (e, total, y)
        return value

    def backward(self):
        """dL/dscores = (softmax(scores) - one_hot(y)) / m, (m, k)."""
        if self._inputs is None:
            raise RuntimeError(
                f"{self!r}: call loss(y_hat, y) before backward()")
        e, total, y = self._inputs
        grad = e / total                    # softmax, as in softmax()
        grad[np.arange(len(y)), y] -= 1
        grad /= len(y)
        return grad

    def predict(self, y_hat):
        return np.asarray(y_hat).argmax(axis=1)


# Penalties on the weights (chapter 11) ----------------------------------------

def _weights(params, where):
    params = list(params)
    if not all(hasattr(p, "data") and hasattr(p, "grad")
               for p in params):
        raise TypeError(f"{where}: expected Parameters, e.g. "
                        "model.parameters()")
    # Weights are the matrices; biases and BatchNorm's gamma/beta
    # (vectors) are not penalized.
    return [p for p in params if p.data.ndim >= 2]


def weight_penalty(params, l1=0.0, l2=0.0):
    """l1 * sum|w| + (l2 / 2) * sum w**2 over the weight matrices
    (parameters with 2 or more axes) of ``params``. Add it to the
    loss; ``weight_penalty_backward`` adds its gradient."""
    if l1 < 0 or l2 < 0:
        raise ValueError(f"weight_penalty: l1 and l2 must be >= 0, "
                         f"got l1={l1}, l2={l2}")
    total = 0.0
    for p in _weights(params, "weight_penalty"):
        total += l1 * np.abs(p.data).sum()
        total += l2 / 2 * np.sum(p.data ** 2)
    return float(total)


def weight_penalty_backward(params, l1=0.0, l2=0.0):
    """Add d(penalty)/dw = l1 * sign(w) + l2 * w into each weight's
    .grad (biases untouched)."""
    for p in _weights(params, "weight_penalty_backward"):
        p.grad += l1 * np.sign(p.data) + l2 * p.data
