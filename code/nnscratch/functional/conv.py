"""Convolution and pooling for images (chapters 15-17), as function pairs.

Images are NCHW arrays: x[n, c, i, j] is pixel (i, j) of channel c of
image n. A convolution has F filters of C channels each, W : (F, C, kh, kw).

The convolution is computed the way fast libraries do it: ``im2col`` copies
every receptive field into one column of a matrix, so the whole layer is one
matrix product (a GEMM). Chapter 15 derives it from the four-loop version and
times the two; ``col2im`` is its adjoint, used by the backward pass.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validate import as_float_array
from .dense import batchnorm_backward, batchnorm_forward


def conv_output_size(n, k, padding=0, stride=1):
    """Output length of a convolution or pooling along one axis:
    (n + 2 * padding - k) // stride + 1, for an input of length n and a
    kernel of length k. Raises a ValueError if the kernel does not fit."""
    if n + 2 * padding < k:
        raise ValueError(
            f"the kernel ({k}) is larger than the input ({n}) plus "
            f"padding ({padding} on each side)")
    return (n + 2 * padding - k) // stride + 1


def _check_images(x, where, channels=None):
    x = as_float_array(x, "x", where)
    if x.ndim != 4 or (channels is not None and x.shape[1] != channels):
        c = "C" if channels is None else channels
        hint = " (one grey image? use x[None, None])" if x.ndim == 2 else ""
        raise ValueError(
            f"{where}: x must have shape (N, {c}, H, W), "
            f"got {x.shape}{hint}")
    return x


def _check_fits(x, kh, kw, padding, where):
    H, W = x.shape[2:]
    if H + 2 * padding < kh or W + 2 * padding < kw:
        raise ValueError(
            f"{where}: the {kh}x{kw} kernel does not fit in the "
            f"{H}x{W} image with padding {padding}")


def im2col(x, kh, kw, stride=1, padding=0):
    """Every kh x kw receptive field of x as one column.

    x : (N, C, H, W)
    Returns cols : (C * kh * kw, N * OH * OW). Row (c, i, j) holds pixel
    (i, j) of channel c of each window; column (n, p, q) is the window
    of image n whose top-left corner is (p * stride, q * stride) in the
    padded image. OH, OW come from conv_output_size.
    """
    N, C, H, W = x.shape
    xp = x
    if padding:
        pad = (padding, padding)
        xp = np.pad(x, ((0, 0), (0, 0), pad, pad))
    # windows[n, c, p, q, i, j] = xp[n, c, p*stride + i, q*stride + j]
    # (a view: nothing is copied until the reshape below)
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    OH, OW = windows.shape[2:4]
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * kh * kw,
                                                       N * OH * OW)


def col2im(cols, x_shape, kh, kw, stride=1, padding=0):
    """The adjoint of im2col: add each column back onto the pixels of
    its window. Where windows overlap, their values add up.

    cols : (C * kh * kw, N * OH * OW), in im2col's order
    Returns dx : x_shape = (N, C, H, W).
    """
    N, C, H, W = x_shape
    OH = conv_output_size(H, kh, padding, stride)
    OW = conv_output_size(W, kw, padding, stride)
    d = cols.reshape(C, kh, kw, N, OH, OW).transpose(3, 0, 1, 2, 4, 5)
    dxp = np.zeros((N, C, H + 2 * padding, W + 2 * padding), cols.dtype)
    # kernel offset (i, j) touches the pixels i, i + stride, ... of xp;
    # a loop over the kh * kw offsets, each one vectorized over the rest
    for i in range(kh):
        for j in range(kw):
            dxp[:, :, i:i + stride * OH:stride,
                j:j + stride * OW:stride] += d[:, :, i, j]
    return dxp[:, :, padding:padding + H, padding:padding + W]


def conv2d_forward(x, W, b, stride=1, padding=0):
    """2-D convolution (cross-correlation, as in every deep-learning
    library) of a batch of images with F filters.

    out[n, f, p, q] = b[f] + sum over c, i, j of
                      W[f, c, i, j] * xp[n, c, p*stride + i, q*stride + j]
    where xp is x with `padding` zeros on every side.

    x : (N, C, H, W); W : (F, C, kh, kw); b : (F,) or None
    Returns out : (N, F, OH, OW) and a cache for conv2d_backward, with
    OH = (H + 2*padding - kh) // stride + 1 (OW likewise).
    """
    x = _check_images(x, "conv2d_forward")
    F, C, kh, kw = W.shape
    if x.shape[1] != C:
        raise ValueError(
            f"conv2d_forward: x has {x.shape[1]} channels but the "
            f"filters W {W.shape} expect {C}: x must be (N, {C}, H, W), "
            f"got {x.shape}")
    if b is not None and b.shape != (F,):
        raise ValueError(f"conv2d_forward: b must have shape ({F},), "
                         f"got {b.shape}")
    _check_fits(x, kh, kw, padding, "conv2d_forward")
    N = x.shape[0]
    OH = conv_output_size(x.shape[2], kh, padding, stride)
    OW = conv_output_size(x.shape[3], kw, padding, stride)
    cols = im2col(x, kh, kw, stride, padding)       # (C*kh*kw, N*OH*OW)
    # out = W (F, C*kh*kw) @ cols, computed transposed, cols.T @ W.T
    # (N*OH*OW, F): the same numbers, and BLAS is faster when the long
    # side of the product is its rows
    out_t = (cols.T @ W.reshape(F, -1).T).reshape(N, OH, OW, F)
    out = np.empty((N, F, OH, OW), out_t.dtype)
    bias = 0 if b is None else b.reshape(1, F, 1, 1)
    np.add(out_t.transpose(0, 3, 1, 2), bias, out=out)   # (N, F, OH, OW)
    return out, (x.shape, cols, W, stride, padding)


def conv2d_backward(dout, cache, need_input_grad=True):
    """Gradients of conv2d_forward.

    dout : (N, F, OH, OW), dL/dout
    Returns
      dx : (N, C, H, W)     each output's gradient spread back over its
                            window, weighted by the filter (col2im);
                            None if not need_input_grad
      dW : (F, C, kh, kw)   = dout (as F x N*OH*OW) @ cols.T
      db : (F,)             dout summed over images and positions
    """
    x_shape, cols, W, stride, padding = cache
    F, C, kh, kw = W.shape
    N = x_shape[0]
    OH = conv_output_size(x_shape[2], kh, padding, stride)
    OW = conv_output_size(x_shape[3], kw, padding, stride)
    if dout.shape != (N, F, OH, OW):
        raise ValueError(
            f"conv2d_backward: dout must have shape {(N, F, OH, OW)} "
            f"like the forward output, got {dout.shape}")
    d = dout.transpose(1, 0, 2, 3).reshape(F, -1)   # (F, N*OH*OW)
    dW = (cols @ d.T).T.reshape(W.shape)            # d @ cols.T, faster
    db = d.sum(axis=1)
    if not need_input_grad:
        dx = None
    elif stride == 1:
        dx = _conv_dx_stride1(d.reshape(F, N, OH, OW), W, x_shape, padding)
    else:
        dcols = W.reshape(F, -1).T @ d              # (C*kh*kw, N*OH*OW)
        dx = col2im(dcols, x_shape, kh, kw, stride, padding)
    return dx, dW, db


def _conv_dx_stride1(dout_t, W, x_shape, padding):
    """dx of a stride-1 convolution: col2im(W.T @ dout), computed faster.

    dout_t : (F, N, OH, OW), dout with its first two axes swapped
    Returns dx : x_shape = (N, C, H, W).

    col2im makes kh*kw adds, each of rows only OW numbers long, and NumPy
    pays for every row. Here the sum splits in two:

    1. along a row: rows[c, i, n, p, x] = sum over f, j of
       W[f, c, i, j] * dout[n, f, p, x - j] for every column x of the
       padded image (width Wp): one matrix product, (C*kh, F*kw) @ D with
       D[(f, j), (n, p, x)] = dout[n, f, p, x - j] (zero off the row);
    2. down the kernel: dxp[n, c, p + i, x] += rows[c, i, n, p, x], kh
       adds, each of whole blocks of OH*Wp numbers per image and channel.

    D is built from dout with each row padded by zeros to width Wp and
    flattened to (F, N, OH*Wp): shifting the flat rows by j places puts
    dout[n, f, p, x - j] at (p, x), and what comes in from the end of the
    previous row is one of its zeros, since Wp - OW >= kw - 1 >= j.
    """
    N, C, H, Wd = x_shape
    F, _, kh, kw = W.shape
    _, _, OH, OW = dout_t.shape
    Hp, Wp = H + 2 * padding, Wd + 2 * padding
    M = OH * Wp                                     # a padded image's rows
    dpad = np.zeros((F, N, OH, Wp), dout_t.dtype)
    dpad[..., :OW] = dout_t
    dpad = dpad.reshape(F, N, M)
    D = np.empty((F, kw, N, M), dout_t.dtype)
    for j in range(kw):
        D[:, j, :, :j] = 0
        D[:, j, :, j:] = dpad[:, :, :M - j]         # shifted right by j
    W_rows = W.transpose(1, 2, 0, 3).reshape(C * kh, F * kw)
    rows = (W_rows @ D.reshape(F * kw, N * M)).reshape(C, kh, N, M)
    dxp = np.zeros((N, C, Hp * Wp), rows.dtype)     # flattened padded dx
    dxp_c = dxp.transpose(1, 0, 2)                  # (C, N, Hp*Wp), a view
    for i in range(kh):
        dxp_c[:, :, i * Wp:i * Wp + M] += rows[:, i]  # down by i rows
    dxp = dxp.reshape(N, C, Hp, Wp)
    return dxp[:, :, padding:padding + H, padding:padding + Wd]


def _pool_windows(x, size, stride):
    """The size*size strided views of x, one per offset (i, j) in a
    window: view[n, c, p, q] = x[n, c, p*stride + i, q*stride + j]."""
    OH = conv_output_size(x.shape[2], size, 0, stride)
    OW = conv_output_size(x.shape[3], size, 0, stride)
    for i in range(size):
        for j in range(size):
            yield (slice(None), slice(None),
                   slice(i, i + stride * OH, stride),
                   slice(j, j + stride * OW, stride))


def _check_pool(x, size, stride, where):
    x = _check_images(x, where)
    stride = size if stride is None else stride
    _check_fits(x, size, size, 0, where)
    return x, stride


def max_pool2d_forward(x, size=2, stride=None):
    """Max pooling: the largest value of each size x size window.

    x : (N, C, H, W); stride defaults to size (windows that do not
    overlap). Returns out : (N, C, OH, OW) and a cache.
    """
    x, stride = _check_pool(x, size, stride, "max_pool2d_forward")
    out = None
    for idx in _pool_windows(x, size, stride):
        out = x[idx].copy() if out is None else np.maximum(out, x[idx])
    return out, (x, out, size, stride)


def max_pool2d_backward(dout, cache):
    """Gradient of max pooling: each window's gradient goes to the
    input that was its maximum, and only to one. When several inputs
    tie (ReLU makes whole windows of zeros) it goes to the first, in
    reading order, as in PyTorch.

    dout : (N, C, OH, OW) -> dx : (N, C, H, W)
    """
    x, out, size, stride = cache
    if dout.shape != out.shape:
        raise ValueError(
            f"max_pool2d_backward: dout must have shape {out.shape} "
            f"like the forward output, got {dout.shape}")
    N, C, H, W = x.shape
    if stride == size and H % size == 0 and W % size == 0:
        return _max_pool_tiled_backward(dout, x, out, size)
    dx = np.zeros_like(x)
    # the gradient of each window not yet routed: set to 0 at the first
    # maximum found, so a tie later in the window gets nothing
    left = np.array(dout, dtype=x.dtype)
    for idx in _pool_windows(x, size, stride):
        routed = left * (x[idx] == out)  # the windows whose max is here
        dx[idx] += routed
        left -= routed
    return dx


def _max_pool_tiled_backward(dout, x, out, s):
    """max_pool2d_backward when the s x s windows tile x exactly (stride
    s, H and W multiples of s): every input is in exactly one window, so
    dx needs no zeros and no +=, and which windows are still waiting for
    their gradient is a boolean mask rather than a float array.
    """
    dx = np.empty_like(x)
    waiting = np.ones(out.shape, bool)     # no maximum found yet
    hit = np.empty(out.shape, bool)
    for idx in _pool_windows(x, s, s):     # in reading order
        np.equal(x[idx], out, out=hit)
        hit &= waiting                     # only the first maximum
        np.multiply(dout, hit, out=dx[idx])
        waiting &= ~hit
    return dx


def avg_pool2d_forward(x, size=2, stride=None):
    """Average pooling: the mean of each size x size window.

    x : (N, C, H, W) -> out : (N, C, OH, OW), and a cache.
    """
    x, stride = _check_pool(x, size, stride, "avg_pool2d_forward")
    out = None
    for idx in _pool_windows(x, size, stride):
        out = x[idx].copy() if out is None else out + x[idx]
    out /= size * size
    return out, (x.shape, x.dtype, size, stride)


def avg_pool2d_backward(dout, cache):
    """Gradient of average pooling: every input of a window gets
    1 / size**2 of the window's gradient.

    dout : (N, C, OH, OW) -> dx : (N, C, H, W)
    """
    x_shape, dtype, size, stride = cache
    dx = np.zeros(x_shape, dtype)
    share = dout / (size * size)
    for idx in _pool_windows(dx, size, stride):
        dx[idx] += share
    return dx


def global_avg_pool2d_forward(x):
    """The mean of each channel over all positions.

    x : (N, C, H, W) -> out : (N, C), and a cache (the shape of x).
    """
    x = _check_images(x, "global_avg_pool2d_forward")
    return x.mean(axis=(2, 3)), x.shape


def global_avg_pool2d_backward(dout, x_shape):
    """dout : (N, C) -> dx : (N, C, H, W), each pixel 1 / (H*W) of it."""
    N, C, H, W = x_shape
    return np.broadcast_to(dout[:, :, None, None] / (H * W),
                           x_shape).copy()


def channels_to_rows(x):
    """(N, C, H, W) -> (N*H*W, C): one row per pixel, one column per
    channel, so a per-feature operation (batch norm) becomes per-channel."""
    N, C, H, W = x.shape
    return x.transpose(0, 2, 3, 1).reshape(-1, C)


def rows_to_channels(rows, shape):
    """The inverse of channels_to_rows: (N*H*W, C) -> shape (N, C, H, W)."""
    N, C, H, W = shape
    return rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)


def batchnorm2d_forward(x, mean, var, gamma, beta, eps=1e-5):
    """Batch norm for images: each channel is one feature, normalized
    over the batch and all positions.

    x : (N, C, H, W); mean, var, gamma, beta : (C,)
    Returns out : (N, C, H, W) and a cache for batchnorm2d_backward.
    """
    out, cache = batchnorm_forward(channels_to_rows(x), mean, var,
                                   gamma, beta, eps)
    return rows_to_channels(out, x.shape), (cache, x.shape)


def batchnorm2d_backward(dout, cache, batch_stats=True):
    """dout : (N, C, H, W) -> dx : (N, C, H, W), dgamma : (C,),
    dbeta : (C,). batch_stats as in batchnorm_backward."""
    rows_cache, shape = cache
    dx, dgamma, dbeta = batchnorm_backward(channels_to_rows(dout),
                                           rows_cache, batch_stats)
    return rows_to_channels(dx, shape), dgamma, dbeta
