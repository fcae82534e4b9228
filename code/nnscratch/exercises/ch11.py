"""Checkers for chapter 11, Regularization."""

import numpy as np

from ._report import Report, _mismatch


# The L2-penalized loss and gradient -------------------------------------------

def _reference_l2(loss, grad, W, lam):
    return loss + lam / 2 * float(np.sum(W ** 2)), grad + lam * W


# Wrong answers readers often write, each with the hint that fixes it.
_L2_MISTAKES = [
    ("the penalty lacks the 1/2",
     lambda loss, grad, W, lam: (loss + lam * float(np.sum(W ** 2)),
                                 grad + lam * W),
     "the penalty is (lam / 2) * sum(W**2); the 1/2 is what makes its "
     "gradient lam * W"),
    ("the gradient is doubled",
     lambda loss, grad, W, lam: (_reference_l2(loss, grad, W, lam)[0],
                                 grad + 2 * lam * W),
     "the derivative of (lam / 2) * w**2 is lam * w, not 2 * lam * w"),
    ("this is the L1 penalty",
     lambda loss, grad, W, lam: (loss + lam * float(np.sum(np.abs(W))),
                                 grad + lam * np.sign(W)),
     "L2 squares the weights: (lam / 2) * sum(W**2), gradient lam * W; "
     "sum(|W|) and sign(W) are L1"),
    ("the data gradient is missing",
     lambda loss, grad, W, lam: (_reference_l2(loss, grad, W, lam)[0],
                                 lam * W),
     "the total gradient is the data gradient plus the penalty's: "
     "grad + lam * W"),
    ("the data loss is missing",
     lambda loss, grad, W, lam: (lam / 2 * float(np.sum(W ** 2)),
                                 grad + lam * W),
     "return the total loss: loss + (lam / 2) * sum(W**2)"),
    ("the penalty is lam * sum(W**2), with gradient 2 * lam * W",
     lambda loss, grad, W, lam: (loss + lam * float(np.sum(W ** 2)),
                                 grad + 2 * lam * W),
     "value and gradient agree, but that penalty is twice the "
     "chapter's: the chapter's is (lam / 2) * sum(W**2), gradient "
     "lam * W, so that lam is the decay rate of weight decay"),
    ("the penalty uses np.linalg.norm(W), not its square",
     lambda loss, grad, W, lam: (loss + lam / 2 * float(
         np.linalg.norm(W)), grad + lam * W),
     "np.linalg.norm(W) is sqrt(sum(W**2)); the penalty needs the "
     "sum of squares itself: (lam / 2) * np.sum(W**2)"),
    ("the penalty uses the mean of W**2",
     lambda loss, grad, W, lam: (loss + lam / 2 * float(np.mean(W ** 2)),
                                 grad + lam * W / W.size),
     "sum the squares over every weight (np.sum), do not average them"),
]

_L2_HINT = ("total_loss = loss + lam / 2 * np.sum(W ** 2) and "
            "total_grad = grad + lam * W")


def _same_pair(loss_a, grad_a, loss_b, grad_b):
    """Loss and gradient agree (float32 rounding allowed)."""
    return (np.isclose(loss_a, loss_b, rtol=1e-6, atol=1e-9)
            and np.shape(grad_a) == np.shape(grad_b)
            and np.allclose(grad_a, grad_b, rtol=1e-6, atol=1e-9))


def _diagnose_l2(got_loss, got_grad, loss, grad, W, lam):
    """The first known mistake that explains the answer and differs
    from the right one on this case, else the general hint."""
    right = _reference_l2(loss, grad, W, lam)
    for name, mistake, hint in _L2_MISTAKES:
        wrong = mistake(loss, grad.copy(), W.copy(), lam)
        if (_same_pair(got_loss, got_grad, *wrong)
                and not _same_pair(*wrong, *right)):
            return f"{name}: {hint}"
    return _L2_HINT


def check_l2_penalized(fn):
    """Exercise: ``fn(loss, grad, W, lam) -> (total_loss, total_grad)``
    for the loss L + (lam / 2) * sum(W**2), without changing ``grad``
    and keeping its dtype."""
    r = Report("check_l2_penalized")
    W23 = np.array([[0.5, -1.0, 0.0], [2.0, 0.25, -0.5]])
    cases = [
        ("a (2, 3) matrix, lam = 0.1", 1.0, np.ones((2, 3)), W23, 0.1),
        ("lam = 0 changes nothing", 0.7, np.full((2, 3), -0.2), W23,
         0.0),
        ("a (4, 1) column, lam = 0.5", 2.5,
         np.array([[0.1], [-0.3], [0.0], [0.2]]),
         np.array([[1.0], [-2.0], [3.0], [-4.0]]), 0.5),
        ("large weights, lam = 0.001", 0.25, np.zeros((2, 2)),
         np.array([[100.0, -300.0], [50.0, 0.0]]), 1e-3),
    ]
    for what, loss, grad, W, lam in cases:
        want_loss, want_grad = _reference_l2(loss, grad, W, lam)
        ran, got = r.attempt(what, lambda: fn(loss, grad.copy(), W.copy(),
                                               lam), _L2_HINT)
        if not ran:
            continue
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            r.check(False, f"{what}: returned {type(got).__name__}, "
                    "expected a pair (total_loss, total_grad)",
                    "end with: return total_loss, total_grad")
            continue
        try:
            got_loss = float(np.asarray(got[0], dtype=np.float64))
            got_grad = np.asarray(got[1], dtype=np.float64)
        except (TypeError, ValueError):
            r.check(False, f"{what}: total_loss must be one number and "
                    "total_grad an array", _L2_HINT)
            continue
        ok = _same_pair(got_loss, got_grad, want_loss, want_grad)
        if ok:
            detail = ""
        elif not np.isclose(got_loss, want_loss, rtol=1e-6, atol=1e-9):
            detail = f" (got loss {got_loss:.6g}, expected {want_loss:.6g})"
        elif got_grad.shape != want_grad.shape:
            detail = (f" (the loss is right; got grad shape "
                      f"{got_grad.shape}, expected {want_grad.shape})")
        else:
            detail = (" (the loss is right, the gradient is not: "
                      + _mismatch(got_grad, want_grad)[2:])
        r.check(ok, what + detail, "" if ok else
                _diagnose_l2(got_loss, got_grad, loss, grad, W, lam))
    grad = np.ones((2, 3))
    ran, _ = r.attempt("leaves the caller's grad unchanged",
                       lambda: fn(1.0, grad, W23.copy(), 0.1))
    if ran:
        r.check(np.all(grad == 1.0), "leaves the caller's grad unchanged",
                "return a new array (grad + lam * W); grad += ... "
                "changes the array the caller gave you")
    W32 = W23.astype(np.float32)
    ran, got = r.attempt("float32 W and grad give a float32 gradient",
                         lambda: fn(1.0, np.ones((2, 3), np.float32),
                                    W32, 0.1))
    if ran and not (isinstance(got, (tuple, list)) and len(got) == 2):
        r.check(False, "float32 W and grad give a float32 gradient "
                f"(returned {type(got).__name__}, not a pair)",
                "end with: return total_loss, total_grad")
    elif ran:
        dtype = getattr(got[1], "dtype", None)
        r.check(dtype == np.float32,
                "float32 W and grad give a float32 gradient"
                + ("" if dtype == np.float32 else f" (got {dtype})"),
                "compute with the arrays themselves (grad + lam * W "
                "with lam a Python float keeps float32); do not "
                "convert with np.array(..., dtype=float)")
    return r


# A shift that does not wrap around --------------------------------------------

def _reference_shift(images, k):
    images = np.asarray(images)
    out = np.zeros_like(images)
    w = images.shape[2]
    if k >= w or k <= -w:
        return out
    if k > 0:
        out[:, :, k:] = images[:, :, :w - k]
    elif k < 0:
        out[:, :, :w + k] = images[:, :, -k:]
    else:
        out[...] = images
    return out


_SHIFT_MISTAKES = [
    ("the pixels wrap around (np.roll)",
     lambda images, k: np.roll(images, k, axis=2),
     "np.roll moves the pixels that leave on one side back in on the "
     "other; make an array of zeros and copy only the part of the image "
     "that stays in view"),
    ("the image moves left instead of right",
     lambda images, k: _reference_shift(images, -k),
     "a positive k moves the picture right: output column j comes from "
     "input column j - k"),
    ("the image moves down instead of right",
     lambda images, k: np.swapaxes(
         _reference_shift(np.swapaxes(images, 1, 2), k), 1, 2),
     "columns are the last axis (axis 2) of an (m, h, w) batch; axis 1 "
     "is the rows"),
]

_SHIFT_HINT = ("out = np.zeros_like(images); for k > 0 copy "
               "images[:, :, :w - k] into out[:, :, k:]")
_LEFT_HINT = ("for k < 0 the picture moves left: copy images[:, :, -k:] "
              "into out[:, :, :w + k]")


_K0_HINT = ("images[:, :, :-k] is empty when k = 0, because -0 is 0: "
            "write images[:, :, :w - k], or treat k = 0 on its own")


def _diagnose_shift(got, images, k):
    for name, mistake, hint in _SHIFT_MISTAKES:
        want = mistake(images.copy(), k)
        if np.shape(got) == want.shape and np.array_equal(got, want):
            return f"{name}: {hint}"
    return _LEFT_HINT if k < 0 else _SHIFT_HINT


def check_shift_right(fn):
    """Exercise: ``fn(images, k)`` moves every image of an (m, h, w)
    batch right by k whole pixels (left for k < 0), filling with 0,
    without wrapping around; keeps shape and dtype, returns a new array
    (a copy for k = 0) and leaves the input unchanged."""
    r = Report("check_shift_right")
    one = np.arange(1.0, 13.0).reshape(1, 3, 4)      # 1 image, 3 x 4
    two = np.arange(1.0, 31.0).reshape(2, 3, 5)      # 2 images, 3 x 5
    cases = [
        ("k = 1 on one 3 x 4 image", one, 1),
        ("k = 2 on two 3 x 5 images", two, 2),
        ("k = -1 moves left", one, -1),
        ("k = 0 changes nothing", two, 0),
        ("k = 4 = the width: all zeros", one, 4),
        ("k = -7, more than the width: all zeros", two, -7),
    ]
    for what, images, k in cases:
        want = _reference_shift(images, k)
        given = images.copy()
        ran, got = r.attempt(what, lambda: fn(given, k),
                             _K0_HINT if k == 0 else _SHIFT_HINT)
        if not ran:
            continue
        got = np.asarray(got) if got is not None else None
        ok = (got is not None and got.shape == want.shape
              and np.array_equal(got, want))
        if ok and k == 0 and np.shares_memory(got, given):
            r.check(False, f"{what}, but it returns the input itself, "
                    "not a copy", "return a new array (images.copy(), "
                    "or fill np.zeros_like(images)): a caller who changes "
                    "the shifted batch would otherwise change the "
                    "original too")
            continue
        if ok:
            r.check(True, what)
            continue
        if got is None:
            r.check(False, f"{what} (your function returned None)",
                    "end with: return out")
        elif got.shape != want.shape:
            r.check(False, f"{what} (got shape {got.shape}, expected "
                    f"{want.shape})",
                    "return an array of the same (m, h, w) shape as "
                    "the input" + ("; " + _K0_HINT if k == 0 else ""))
        else:
            r.check(False, f"{what} (first row: got "
                    f"{got[0, 0].tolist()}, expected "
                    f"{want[0, 0].tolist()})",
                    _diagnose_shift(got, images, k))
    digits = (np.arange(2 * 28 * 28) % 256).astype(np.uint8)
    digits = digits.reshape(2, 28, 28)
    what = "a uint8 batch (2, 28, 28) keeps its shape and dtype"
    ran, got = r.attempt(what, lambda: fn(digits.copy(), 3))
    if ran:
        got = np.asarray(got)
        kept = got.shape == digits.shape and got.dtype == np.uint8
        if not kept:
            r.check(False, f"{what} (got {got.dtype}, shape "
                    f"{got.shape})", "start from np.zeros_like(images), "
                    "which has the input's shape and dtype")
        else:
            ok = np.array_equal(got, _reference_shift(digits, 3))
            r.check(ok, what + ("" if ok else ", but the pixels differ"),
                    _diagnose_shift(got, digits, 3))
    images = two.copy()
    ran, _ = r.attempt("leaves the input unchanged",
                       lambda: fn(images, 2))
    if ran:
        r.check(np.array_equal(images, two),
                "leaves the input unchanged",
                "write into a new array (np.zeros_like(images)), not "
                "into images itself")
    return r
