"""Activation functions, each written beside its derivative.

Every function takes the pre-activation ``z`` (a number or an array of any
shape) and works element by element, so the output has the shape of ``z``.
Float arrays keep their dtype; integers become float64.

``f(z)`` is the activation and ``f_derivative(z)`` is df/dz evaluated at the
same ``z``. The table ``ACTIVATIONS`` maps a name to that pair.
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
    return np.maximum(z, 0).astype(z.dtype)


def relu_derivative(z):
    """1 where z > 0, else 0 (we take 0 at z = 0, where ReLU has a kink)."""
    z = as_float_array(z, "z", "relu_derivative")
    return (z > 0).astype(z.dtype)


ACTIVATIONS = {
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}
"""Name -> (activation, derivative), for code that lets the reader choose."""


def get(name):
    """Return the (activation, derivative) pair called `name`."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}") from None
