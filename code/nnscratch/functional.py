"""The math of each layer as a pair of plain functions.

``*_forward(x, ...)`` returns ``(out, cache)``;
``*_backward(dout, cache)`` takes dL/dout, the gradient of the loss
with respect to ``out``, and returns the gradients with respect to
the inputs. The cache holds what the backward pass needs from the
forward pass. Layers in ``nnscratch.layers`` are thin stateful
wrappers over these functions.

Rows are samples: a batch of m inputs with n features each is an
(m, n) array.
"""

import numpy as np

from ._validate import as_float_array


def linear_forward(x, W, b):
    """Affine map out = x @ W + b for a batch of samples.

    x : (m, n_in)        one row per sample
    W : (n_in, n_out)    column j holds the weights of unit j
    b : (n_out,)         added to every row
    Returns out : (m, n_out) and cache = (x, W).
    """
    x = as_float_array(x, "x", "linear_forward")
    ok = (x.ndim == 2 and W.ndim == 2 and x.shape[1] == W.shape[0]
          and b.shape == (W.shape[1],))
    if not ok:
        raise ValueError(
            "linear_forward: expected x (m, n_in), W (n_in, n_out), "
            f"b (n_out,); got x {x.shape}, W {W.shape}, b {b.shape}")
    return x @ W + b, (x, W)


def linear_backward(dout, cache):
    """Gradients of out = x @ W + b.

    dout : (m, n_out), dL/dout
    Returns
      dx : (m, n_in)      = dout @ W.T
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
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)
