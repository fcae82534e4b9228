"""Checkers for chapter 19, Project: neural style transfer.

Feature maps come as F of shape (N, C, H, W): N images, C channels, H x W
positions. The Gram matrix of image n is G[n] = F_n F_n^T / (H W), where
F_n is F[n] reshaped to (C, H W); it is (C, C), one per image.
"""

import numpy as np

from ._report import Report


# Reference answers ------------------------------------------------------------

def _gram(F):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    return Fm @ Fm.transpose(0, 2, 1) / (H * W)


def _style_loss(F, G_target):
    """L = sum over n, i, j of (G[n, i, j] - G_target[n, i, j]) ** 2."""
    return float(np.sum((_gram(F) - G_target) ** 2))


def _style_loss_gradient(F, G_target):
    N, C, H, W = F.shape
    M = H * W
    Fm = F.reshape(N, C, M)
    D = _gram(F) - G_target
    return ((2.0 / M) * (D + D.transpose(0, 2, 1)) @ Fm).reshape(F.shape)


# Wrong Gram matrices readers often write, each with its hint ------------------

def _positions_gram(F):
    N, C, H, W = F.shape
    Fm = F.reshape(N, C, H * W)
    return Fm.transpose(0, 2, 1) @ Fm / (H * W)


def _unnormalised(F):
    N, C, H, W = F.shape
    return _gram(F) * (H * W)


def _by_channels(F):
    N, C, H, W = F.shape
    return _gram(F) * (H * W) / C


def _mixed_batch(F):
    N, C, H, W = F.shape
    Fm = F.transpose(1, 0, 2, 3).reshape(C, N * H * W)
    G = Fm @ Fm.T / (N * H * W)
    return np.broadcast_to(G, (N, C, C)).copy()


_GRAM_MISTAKES = [
    ("it multiplies positions by positions, F^T F", _positions_gram,
     "the Gram matrix compares CHANNELS: reshape F[n] to (C, H*W) and "
     "compute F F^T, a C x C matrix, not F^T F (H*W x H*W)"),
    ("it forgets to divide by the number of positions", _unnormalised,
     "divide by H * W, the number of positions, so that the Gram "
     "matrix is an average and does not grow with the image"),
    ("it divides by the number of channels, not positions", _by_channels,
     "divide by H * W (the positions summed over), not by C"),
    ("it mixes the images of a batch", _mixed_batch,
     "keep the images apart: one (C, C) matrix per image, e.g. "
     "np.einsum('nci,ndi->ncd', Fm, Fm) / (H * W)"),
]

_GRAM_HINT = ("Fm = F.reshape(N, C, H * W); G = Fm @ Fm.transpose(0, 2, 1) "
              "/ (H * W), shape (N, C, C)")


def _gram_cases():
    rng = np.random.default_rng(19)
    return [
        ("one image, 2 channels, 2 x 2 positions",
         np.arange(8, dtype=np.float64).reshape(1, 2, 2, 2) / 8),
        ("2 images, 3 channels, 4 x 5 positions",
         rng.normal(size=(2, 3, 4, 5))),
        ("3 images, 4 channels, 3 x 3 positions, float32",
         rng.random((3, 4, 3, 3)).astype(np.float32)),
    ]


def _diagnose(got, F, mistakes, general):
    for name, mistake, hint in mistakes:
        want = mistake(F.copy())
        if np.shape(got) == np.shape(want) and np.allclose(got, want,
                                                           rtol=1e-4):
            return f"{name}: {hint}"
    return general


def check_gram_matrix(fn):
    """Exercise: ``fn(F)`` returns the Gram matrices of feature maps F.

    F : (N, C, H, W). Returns (N, C, C): G[n] = F_n F_n^T / (H W), with
    F_n = F[n].reshape(C, H * W).
    """
    r = Report("check_gram_matrix")
    for what, F in _gram_cases():
        ran, got = r.answer(what, lambda: fn(F.copy()), _GRAM_HINT)
        if not ran:
            continue
        want = _gram(F)
        arr = np.asarray(got)
        ok = arr.shape == want.shape and np.allclose(arr, want, rtol=1e-4,
                                                     atol=1e-6)
        if ok:
            r.check(True, what)
        else:
            extra = (f" (shape {arr.shape}, expected {want.shape})"
                     if arr.shape != want.shape else "")
            r.check(False, what + extra,
                    _diagnose(arr, F, _GRAM_MISTAKES, _GRAM_HINT))
    return r


# The gradient of the style loss -----------------------------------------------

def _grad_one_side(F, G_target):
    N, C, H, W = F.shape
    M = H * W
    Fm = F.reshape(N, C, M)
    D = _gram(F) - G_target
    return ((2.0 / M) * D @ Fm).reshape(F.shape)


def _grad_no_M(F, G_target):
    N, C, H, W = F.shape
    return _style_loss_gradient(F, G_target) * (H * W)


def _grad_sign(F, G_target):
    return -_style_loss_gradient(F, G_target)


_GRAD_MISTAKES = [
    ("it keeps only one of the two places F appears in G", _grad_one_side,
     "G = F F^T / M holds F twice; with a symmetric G the two terms are "
     "equal and the gradient is (2 / M) (D + D^T) F = (4 / M) D F"),
    ("it forgets the 1 / M of the Gram matrix", _grad_no_M,
     "G = F F^T / M, so dG/dF carries the factor 1 / M"),
    ("it has the sign the wrong way round", _grad_sign,
     "D = G - G_target (yours, minus the target's), and the gradient "
     "points uphill: + (2 / M) (D + D^T) F"),
]

_GRAD_HINT = ("with D = G - G_target and M = H * W: dL/dF_n = (2 / M) "
              "(D_n + D_n^T) F_n, reshaped back to (C, H, W)")


def _grad_cases():
    rng = np.random.default_rng(91)
    cases = []
    for N, C, H, W in ((1, 2, 3, 3), (2, 3, 4, 2)):
        F = rng.normal(size=(N, C, H, W))
        G_t = _gram(rng.normal(size=(N, C, H, W)))
        cases.append((f"{N} image(s), {C} channels, {H} x {W} positions",
                      F, G_t))
    return cases


def check_style_loss_gradient(fn):
    """Exercise: ``fn(F, G_target)`` returns dL/dF for the style loss
    L = sum((gram(F) - G_target) ** 2), an array shaped like F."""
    r = Report("check_style_loss_gradient")
    for what, F, G_t in _grad_cases():
        ran, got = r.answer(what, lambda: fn(F.copy(), G_t.copy()),
                            _GRAD_HINT)
        if not ran:
            continue
        want = _style_loss_gradient(F, G_t)
        arr = np.asarray(got)
        ok = arr.shape == want.shape and np.allclose(arr, want, rtol=1e-5,
                                                     atol=1e-8)
        if ok:
            r.check(True, what)
            continue
        hint = _GRAD_HINT
        for name, mistake, h in _GRAD_MISTAKES:
            w = mistake(F, G_t)
            if arr.shape == w.shape and np.allclose(arr, w, rtol=1e-5):
                hint = f"{name}: {h}"
                break
        extra = (f" (shape {arr.shape}, expected {want.shape})"
                 if arr.shape != want.shape else "")
        r.check(False, what + extra, hint)
    return r
