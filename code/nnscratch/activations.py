"""Activation functions, each written beside its derivative.

Every function takes the pre-activation ``z`` (a number or an array of any
shape) and works element by element, so the output has the shape of ``z``.
Float arrays keep their dtype; integers become float64.

``f(z)`` is the activation and ``f_derivative(z)`` is df/dz evaluated at the
same ``z``. The table ``ACTIVATIONS`` maps a name to that pair.

Softmax, at the end, is the exception: it turns a row of scores into
probabilities, so each output depends on the whole row.
"""

import numpy as np

from ._validate import as_float_array


def step(z):
    """Heaviside step: 1 where z >= 0, else 0. The perceptron's activation."""
    z = as_float_array(z, "z", "step")
    return (z >= 0).astype(z.dtype)


def step_derivative(z):
    """0 everywhere (undefined at z = 0, where we also return 0).

    A zero derivative is why a step neuron cannot learn by gradient descent:
    the gradient carries no information about which way to move.
    """
    z = as_float_array(z, "z", "step_derivative")
    return np.zeros_like(z)[()]  # [()] turns a 0-d array into a scalar


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), with values in (0, 1).

    Written so that exp never overflows: with e = exp(-|z|) <= 1,
    sigmoid(z) = 1 / (1 + e) for z >= 0 and e / (1 + e) for z < 0.
    """
    z = as_float_array(z, "z", "sigmoid")
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    out = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return out.astype(z.dtype)[()]  # [()] turns a 0-d array into a number


def sigmoid_derivative(z):
    """sigmoid(z) * (1 - sigmoid(z)); largest (0.25) at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """Hyperbolic tangent, with values in (-1, 1); tanh(z) = 2 sigmoid(2z) - 1."""
    z = as_float_array(z, "z", "tanh")
    return np.tanh(z)


def tanh_derivative(z):
    """1 - tanh(z)**2; largest (1) at z = 0."""
    t = tanh(z)
    return 1 - t * t


def relu(z):
    """Rectified linear unit max(0, z)."""
    z = as_float_array(z, "z", "relu")
    return np.maximum(z, 0).astype(z.dtype, copy=False)  # keep float32


def relu_derivative(z):
    """1 where z > 0, else 0 (we take 0 at z = 0, where ReLU has a kink)."""
    z = as_float_array(z, "z", "relu_derivative")
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    """max(alpha * z, z): like ReLU, but a small slope alpha for z < 0."""
    z = as_float_array(z, "z", "leaky_relu")
    return np.where(z > 0, z, alpha * z).astype(z.dtype)[()]


def leaky_relu_derivative(z, alpha=0.01):
    """1 where z > 0, else alpha: the gradient never dies."""
    z = as_float_array(z, "z", "leaky_relu_derivative")
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)[()]


def elu(z, alpha=1.0):
    """Exponential linear unit: z for z > 0, alpha * (exp(z) - 1) otherwise.

    Smooth at 0 when alpha = 1, and it levels off at -alpha for very negative z.
    exp is taken only of min(z, 0), so it cannot overflow.
    """
    z = as_float_array(z, "z", "elu")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(z.dtype)[()]


def elu_derivative(z, alpha=1.0):
    """1 where z > 0, else alpha * exp(z) (which equals elu(z) + alpha)."""
    z = as_float_array(z, "z", "elu_derivative")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)[()]


_GELU_C = np.sqrt(2 / np.pi)  # constant of the tanh approximation


def gelu(z):
    """Gaussian error linear unit, z * Phi(z), in its tanh approximation:

        gelu(z) = 0.5 z (1 + tanh(u)),  u = sqrt(2/pi) (z + 0.044715 z**3)

    (Hendrycks and Gimpel, 2016; PyTorch's ``gelu(approximate="tanh")``). It
    differs from the exact z * Phi(z) by less than 0.001. BERT and GPT use it.
    """
    z = as_float_array(z, "z", "gelu")
    u = _GELU_C * (z + 0.044715 * z**3)
    return (0.5 * z * (1 + np.tanh(u))).astype(z.dtype)[()]


def gelu_derivative(z):
    """d gelu / dz = 0.5 (1 + tanh(u)) + 0.5 z (1 - tanh(u)**2) du/dz,
    with du/dz = sqrt(2/pi) (1 + 3 * 0.044715 z**2)."""
    z = as_float_array(z, "z", "gelu_derivative")
    t = np.tanh(_GELU_C * (z + 0.044715 * z**3))
    du = _GELU_C * (1 + 3 * 0.044715 * z**2)
    return (0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du).astype(z.dtype)[()]


# Softmax is not elementwise: every output depends on every input of its row.


def softmax(z, axis=-1):
    """exp(z_i) / sum_j exp(z_j) along ``axis`` (by default the
    last one: one row of k scores per sample).

    Subtracting the row's maximum first changes nothing (it cancels
    between top and bottom) but keeps every exponent <= 0, so exp
    cannot overflow, even for scores like 1000.

    z : (..., k) -> probabilities, same shape; each row sums to 1
    """
    z = as_float_array(z, "z", "softmax")
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    """log(softmax(z)) = z - logsumexp(z), computed without exp overflowing or
    log(0): the log-sum-exp trick. Used by the cross-entropy loss."""
    z = as_float_array(z, "z", "log_softmax")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax_jacobian(z):
    """The k x k matrix d softmax(z)_i / d z_j = s_i (delta_ij - s_j) for one
    score vector z of shape (k,). For teaching; backprop uses softmax_backward."""
    z = as_float_array(z, "z", "softmax_jacobian")
    if z.ndim != 1:
        raise ValueError(f"softmax_jacobian: z must have shape (k,), got {z.shape}")
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


def softmax_backward(dout, s, axis=-1):
    """Gradient with respect to z, given dout = dL/ds and s = softmax(z).

    Multiplying dout by the Jacobian without building it:
    dL/dz = s * (dout - sum(dout * s)), the sum taken along ``axis``.
    dout, s : same shape (..., k) -> same shape
    """
    return s * (dout - np.sum(dout * s, axis=axis, keepdims=True))


ACTIVATIONS = {
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "elu": (elu, elu_derivative),
    "gelu": (gelu, gelu_derivative),
}
"""Name -> (activation, derivative) for the elementwise activations, for code
that lets the reader choose. Softmax is not elementwise and is not listed."""


def get(name):
    """Return the (activation, derivative) pair called `name`."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}") from None
