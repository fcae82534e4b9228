"""Numerical gradients, to check the gradients we derive by hand.

The central difference (f(x + h) - f(x - h)) / 2h has an error of
order h**2, so in float64 with h = 1e-6 a correct analytic gradient
agrees with it to about 1e-7 relative error or better. Float32 keeps
only about 7 digits: at h = 1e-6 the same check can be off by 0.1,
and no h brings it near 1e-7, so small bugs hide in the rounding.
These functions refuse anything but float64.
"""

import numpy as np


def _require_float64(x, where):
    x = np.asarray(x)
    if x.dtype != np.float64:
        raise TypeError(
            f"{where}: gradient checks need a float64 array, got "
            f"{x.dtype} (central differences in float32 lose most "
            "of their digits); convert with x.astype(np.float64)")
    return x


def numerical_gradient(f, x, h=1e-6):
    """d f(x) / dx by central differences.

    Parameters
    ----------
    f : callable taking an array shaped like ``x``, returning a
        scalar
    x : float64 ndarray, any shape; perturbed in place, restored
    h : step size

    Returns
    -------
    grad : float64 ndarray, same shape as ``x``
    """
    x = _require_float64(x, "numerical_gradient")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b):
    """Largest relative difference of two same-shape arrays:
    max over elements of |a - b| / max(|a| + |b|, 1e-8).

    About 1e-7 or below means agreement in float64;
    1e-2 or above means a bug.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            "rel_error: arrays must have the same shape, "
            f"got {a.shape} and {b.shape}")
    scale = np.maximum(np.abs(a) + np.abs(b), 1e-8)
    return float(np.max(np.abs(a - b) / scale))


def check_elementwise(f, f_derivative, z, h=1e-6):
    """Relative error between ``f_derivative(z)`` and the numerical
    derivative of an elementwise function ``f`` at the points ``z``
    (float64, any shape).

    Each element of ``z`` affects only the same element of ``f(z)``,
    so one central difference on all of ``z`` at once gives the
    derivative at every point.
    """
    z = _require_float64(z, "check_elementwise")
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    return rel_error(f_derivative(z), numeric)


def check_layer(layer, x, seed=0, h=1e-6):
    """Check a layer's backward pass against numerical gradients.

    Uses the loss L = sum(layer(x) * dout) with a fixed random
    ``dout``; its gradient with respect to the output is ``dout``.

    layer : a ``nnscratch.layers.Layer`` with float64 parameters
    x : float64 array, the layer's input
    Returns a dict {"x": rel error of dx, <parameter name>: rel
    error, ...}. Every value should be about 1e-7 or below.
    """
    x = _require_float64(x, "check_layer")
    params = layer.parameters()
    for p in params:
        _require_float64(p.data, f"check_layer (parameter {p.name!r})")
    rng = np.random.default_rng(seed)
    dout = rng.normal(size=np.shape(layer.forward(x)))

    layer.zero_grad()
    layer.forward(x)
    dx = layer.backward(dout)

    def loss(_):
        return np.sum(layer.forward(x) * dout)

    names = [p.name for p in params]
    errors = {"x": rel_error(dx, numerical_gradient(loss, x, h))}
    for i, p in enumerate(params):
        key = p.name if names.count(p.name) == 1 else f"{p.name}[{i}]"
        numeric = numerical_gradient(loss, p.data, h)
        errors[key] = rel_error(p.grad, numeric)
    return errors


def check_loss(loss, loss_gradient, y_hat, y, h=1e-6):
    """Relative error between ``loss_gradient(y_hat, y)`` and the
    numerical gradient of ``loss(y_hat, y)`` with respect to y_hat
    (float64)."""
    y_hat = _require_float64(y_hat, "check_loss")
    numeric = numerical_gradient(lambda _: loss(y_hat, y), y_hat, h)
    return rel_error(loss_gradient(y_hat, y), numeric)
