"""Dense layers' math (linear, dropout, batch norm) as function pairs:
``*_forward -> (out, cache)`` and ``*_backward(dout, cache)``.

Rows are samples: a batch of m inputs with n features each is an
(m, n) array.
"""

import numpy as np

from .._validate import as_float_array


def linear_forward(x, W, b):
    """Affine map out = x @ W + b for a batch of samples.

    x : (m, n_in)        one row per sample
    W : (n_in, n_out)    column j holds the weights of unit j
    b : (n_out,)         added to every row (None: no bias)
    Returns out : (m, n_out) and cache = (x, W).
    """
    x = as_float_array(x, "x", "linear_forward")
    b_shape = (W.shape[-1],) if b is None else b.shape
    ok = (x.ndim == 2 and W.ndim == 2 and x.shape[1] == W.shape[0]
          and b_shape == (W.shape[1],))
    if not ok:
        raise ValueError(
            "linear_forward: expected x (m, n_in), W (n_in, n_out), "
            f"b (n_out,); got x {x.shape}, W {W.shape}, b {b_shape}")
    out = x @ W
    if b is not None:
        out += b
    return out, (x, W)


def linear_backward(dout, cache, need_input_grad=True):
    """Gradients of out = x @ W + b.

    dout : (m, n_out), dL/dout
    Returns
      dx : (m, n_in)      = dout @ W.T   (None if not need_input_grad)
      dW : (n_in, n_out)  = x.T @ dout
      db : (n_out,)       = dout summed over the batch
                            (b was added to every row)
    """
    x, W = cache
    expected = (x.shape[0], W.shape[1])
    if dout.shape != expected:
        raise ValueError(
            f"linear_backward: dout must have shape {expected} "
            f"like the forward output, got {dout.shape}")
    dx = dout @ W.T if need_input_grad else None
    return dx, x.T @ dout, dout.sum(axis=0)


def dropout_forward(x, p, rng):
    """Inverted dropout: zero each entry with probability p and
    scale the survivors by 1 / (1 - p), so E[out] = x.

    x : any shape; p : float in [0, 1); rng : np.random.Generator
    Returns out (shape of x) and cache = mask, where mask holds
    0 or 1 / (1 - p) per entry (dtype of x).
    """
    keep = rng.random(x.shape) >= p
    mask = keep.astype(x.dtype) / x.dtype.type(1 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    """dout : dL/dout (shape of mask) -> dx = dout * mask."""
    return dout * mask


def batchnorm_forward(x, mean, var, gamma, beta, eps=1e-5):
    """Normalize each feature, then scale and shift it.

    x : (m, n); mean, var, gamma, beta : (n,)
    x_hat = (x - mean) / sqrt(var + eps);  out = gamma * x_hat + beta
    In training mean and var are the batch's own statistics; in
    evaluation they are the running averages.
    Returns out : (m, n) and cache = (x_hat, inv_std, gamma).
    """
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def batchnorm_backward(dout, cache, batch_stats=True):
    """Gradients of batchnorm_forward.

    dout : (m, n). batch_stats=True when mean and var were the
    batch's own (they then depend on x too); False when they were
    fixed running averages.
    Returns dx : (m, n), dgamma : (n,), dbeta : (n,).
    """
    x_hat, inv_std, gamma = cache
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_hat = dout * gamma
    if not batch_stats:
        return dx_hat * inv_std, dgamma, dbeta
    m = dout.shape[0]
    dx = inv_std / m * (m * dx_hat - dx_hat.sum(axis=0)
                        - x_hat * np.sum(dx_hat * x_hat, axis=0))
    return dx, dgamma, dbeta
