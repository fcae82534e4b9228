"""Numerical gradients, to check the gradients we derive by hand.

The central difference  (f(x + h) - f(x - h)) / 2h  has an error of order h**2,
so in float64 with h = 1e-6 a correct analytic gradient agrees with it to about
1e-7 relative error or better. In float32 the same check can only reach about
1e-3, which hides real bugs: these functions refuse anything but float64.
"""

import numpy as np


def _require_float64(x, where):
    x = np.asarray(x)
    if x.dtype != np.float64:
        raise TypeError(
            f"{where}: gradient checks need a float64 array, got {x.dtype} "
            "(central differences in float32 lose about half their digits); "
            "convert with x.astype(np.float64)"
        )
    return x


def numerical_gradient(f, x, h=1e-6):
    """d f(x) / dx by central differences.

    Parameters
    ----------
    f : callable taking an array shaped like ``x`` and returning a scalar
    x : float64 ndarray, any shape; it is perturbed in place and restored
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
    """Largest relative difference between two arrays of the same shape:
    max |a - b| / max(|a| + |b|, 1e-8), elementwise.

    About 1e-7 or below means agreement in float64; 1e-2 or above means a bug.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: arrays must have the same shape, got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def check_elementwise(f, f_derivative, z, h=1e-6):
    """Relative error between ``f_derivative(z)`` and the numerical derivative
    of an elementwise function ``f`` at the points ``z`` (float64, any shape).

    Each element of ``z`` only affects the same element of ``f(z)``, so the
    derivative at every point comes from one central difference on all of
    ``z`` at once.
    """
    z = _require_float64(z, "check_elementwise")
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    return rel_error(f_derivative(z), numeric)
