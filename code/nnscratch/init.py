"""Initial weights for a layer with ``fan_in`` inputs and ``fan_out`` outputs.

Each function returns a (fan_in, fan_out) float64 array drawn with the ``rng``
you pass (``np.random.default_rng(seed)``), so results are reproducible.
The scale is chosen so that signals neither shrink nor grow layer by layer:
Xavier/Glorot for sigmoid and tanh, He/Kaiming for ReLU. Chapter 12 shows why.
"""

import numpy as np


def _check(fan_in, fan_out, rng, where):
    for name, n in (("fan_in", fan_in), ("fan_out", fan_out)):
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{where}: {name} must be a positive int, got {n!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{where}: rng must be a numpy Generator such as "
                        f"np.random.default_rng(0), got {type(rng).__name__}")


def xavier_uniform(fan_in, fan_out, rng):
    """Uniform on [-a, a] with a = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010)."""
    _check(fan_in, fan_out, rng, "xavier_uniform")
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def xavier_normal(fan_in, fan_out, rng):
    """Normal with mean 0 and std sqrt(2 / (fan_in + fan_out))."""
    _check(fan_in, fan_out, rng, "xavier_normal")
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    """Normal with mean 0 and std sqrt(2 / fan_in), for ReLU
    (He et al., 2015). Returns an array of shape (fan_in, fan_out)."""
    _check(fan_in, fan_out, rng, "he_normal")
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def he_uniform(fan_in, fan_out, rng):
    """Uniform on [-a, a] with a = sqrt(6 / fan_in): the same variance as he_normal."""
    _check(fan_in, fan_out, rng, "he_uniform")
    a = np.sqrt(6.0 / fan_in)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


INITIALIZERS = {
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}
