"""Checkers for chapter 5, Loss functions."""

import numpy as np

from ._report import Report

_CLIP = 1e-12


def _bce(p, y):
    """Reference binary cross-entropy: -mean(y log p + (1 - y) log(1 - p))."""
    p = np.clip(np.asarray(p, dtype=np.float64), _CLIP, 1 - _CLIP)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _log_softmax(scores, axis=-1):
    z = np.asarray(scores, dtype=np.float64)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _cross_entropy(scores, y):
    """Reference softmax cross-entropy from scores (m, k), labels (m,)."""
    y = np.asarray(y)
    return float(-np.mean(_log_softmax(scores)[np.arange(len(y)), y]))


def _one_number(r, what, call, accept, expected, mistakes, hint, not_finite,
                crash_hint=None):
    """Run one case whose answer is a single number; record the result.

    accept(value) -> bool decides; ``expected`` describes the right answer;
    ``mistakes`` is a list of (compute() -> wrong value, hint): when the
    answer matches one of them, the report names that mistake. A mistake
    that cannot be computed for these inputs (it raises) is skipped.
    ``crash_hint`` (a string, or a function of the exception) explains an
    exception raised by the reader's code; by default ``hint``.
    """
    with np.errstate(all="ignore"):  # inf and nan are reported below
        ran, got = r.attempt(what, call, crash_hint or hint)
    if not ran:
        return False
    if got is None:
        return r.check(False, f"{what} (your function returned None: did you "
                       "forget `return`?)", "end the function with: return loss")
    try:
        value = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return r.check(False, f"{what}: returned {type(got).__name__}, expected "
                       "a number", hint)
    if value.shape != ():
        return r.check(False, f"{what}: returned an array of shape {value.shape}, "
                       "expected one number",
                       "the loss is one number: average over all samples with "
                       "np.mean(...)")
    value = float(value)
    if not np.isfinite(value):
        return r.check(False, f"{what} (got {value}, expected {expected})", not_finite)
    if accept(value):
        return r.check(True, what)
    for compute, named in mistakes:
        try:
            with np.errstate(all="ignore"):
                wrong = float(compute())
        except (ValueError, IndexError):  # this mistake needs other shapes
            continue
        if np.isfinite(wrong) and np.isclose(value, wrong, rtol=1e-5, atol=1e-9):
            hint = named
            break
    return r.check(False, f"{what} (got {value:.4f}, expected {expected})", hint)


# Binary cross-entropy ------------------------------------------------------

def _bce_mistakes(p, y):
    """What the usual wrong answers give for these inputs."""
    def clipped():
        return np.clip(np.asarray(p, dtype=np.float64), _CLIP, 1 - _CLIP)

    y = np.asarray(y, dtype=np.float64)
    return [
        (lambda: -_bce(p, y),
         "missing minus sign: the log of a probability is negative, so the "
         "loss is -mean(y log p + (1 - y) log(1 - p)), which is positive"),
        (lambda: _bce(p, y) * y.size,
         "sum instead of mean: divide by the number of samples (np.mean), so "
         "that the loss does not grow with the batch size"),
        (lambda: float(-np.mean(y * np.log(clipped()))),
         "forgot the (1 - y) term: samples with y = 0 must cost "
         "-log(1 - p), otherwise predicting p = 1 for everything is free"),
        (lambda: float(-np.mean(np.log(clipped()))),
         "every sample is charged -log p: for y = 0 the probability of "
         "being right is 1 - p, so it is charged -log(1 - p)"),
    ]


def check_bce(fn):
    """Exercise: binary cross-entropy with clipping.

    ``fn(p, y) -> float``: -mean(y log p + (1 - y) log(1 - p)) over all
    elements, with p clipped away from 0 and 1 so that p = 0 or p = 1 gives
    a finite number, in float64 and in float32. p and y have the same shape,
    (m,) or (m, 1), and the same float dtype.
    """
    r = Report("check_bce")
    hint = "loss = -mean(y * log(p) + (1 - y) * log(1 - p)), one number"
    not_finite = ("clip p at both ends before taking the log: "
                  "p = np.clip(p, eps, 1 - eps) with a small eps such as 1e-12 "
                  "(in float64); log(0) is -inf and 0 * log(0) is nan")
    f64, f32 = np.float64, np.float32
    cases = [
        ("p = [0.9, 0.2, 0.6], y = [1, 0, 1]", [0.9, 0.2, 0.6], [1, 0, 1], f64),
        ("p = 0.5 everywhere gives log 2 = 0.6931", [0.5] * 4, [1, 0, 0, 1], f64),
        ("mean over 5 samples", [0.7, 0.1, 0.4, 0.95, 0.3], [1, 0, 0, 1, 1], f64),
        ("works on a column of shape (3, 1)", [[0.8], [0.3], [0.6]],
         [[1], [0], [0]], f64),
        ("float32 inputs", [0.9, 0.2], [1, 0], f32),
    ]
    for what, p, y, dtype in cases:
        p, y = np.array(p, dtype=dtype), np.array(y, dtype=dtype)
        want = _bce(p, y)
        _one_number(r, what, lambda: fn(p.copy(), y.copy()),
                    lambda v: abs(v - want) <= 1e-5, f"{want:.4f}",
                    _bce_mistakes(p, y), hint, not_finite)
    # Predictions of exactly 0 or 1: the value depends on the reader's eps.
    # Adding eps inside the log (log(p + eps)) instead of clipping gives a
    # tiny negative number here (log(1 + eps) > 0), which is also right.
    # In float32, 1 - 1e-12 rounds to 1, so clipping at 1e-12 clips nothing
    # at the top: the same cases again in float32 catch that.
    float32_eps = ("in float32, 1 - 1e-12 rounds to exactly 1, so clipping at "
                   "1 - 1e-12 leaves p = 1 and log(1 - p) = -inf: take an eps "
                   "that the dtype can resolve, eps = max(1e-12, "
                   "np.finfo(p.dtype).eps) (about 1.2e-7 in float32), as "
                   "nnscratch.losses does")
    wrong_hint = ("a sure and wrong prediction costs -log(eps): clip with a "
                  "small eps (1e-12 gives 27.6, float32's 1.2e-7 gives 15.9)")
    float64_ok = True
    for name, dtype in [("", f64), ("float32, ", f32)]:
        if dtype is f32 and float64_ok:
            not_finite = float32_eps
        p, y = np.array([0.0, 1.0, 1.0], dtype), np.array([0.0, 1.0, 1.0], dtype)
        ok = _one_number(r, f"{name}p exactly 0 or 1 and right: loss about 0, "
                         "not nan", lambda: fn(p.copy(), y.copy()),
                         lambda v: abs(v) < 1e-5, "about 0",
                         _bce_mistakes(p, y), hint, not_finite)
        p, y = np.array([1.0, 0.0], dtype), np.array([0.0, 1.0], dtype)
        ok &= _one_number(r, f"{name}p exactly 0 or 1 and wrong: large but "
                          "finite, not inf", lambda: fn(p.copy(), y.copy()),
                          lambda v: v >= 10, "-log(eps), at least 10", [],
                          wrong_hint, not_finite)
        float64_ok = float64_ok and ok
    return r


# Cross-entropy from scores ---------------------------------------------------

_KEEPDIMS = ("keep the row maxima as a column: scores.max(axis=1, "
             "keepdims=True) has shape (m, 1) and is subtracted from every "
             "entry of its own row; without keepdims the shape (m,) is "
             "subtracted column by column")


def _cross_entropy_mistakes(scores, y):
    z = np.asarray(scores, dtype=np.float64)
    m = len(y)
    rows = np.arange(m)
    logp = _log_softmax(z)
    c = z.max(axis=1)  # no keepdims: (m,), broadcast along the columns

    def no_keepdims_lse():  # lse = c + log sum exp(z - c), c of shape (m,)
        return np.mean(c + np.log(np.exp(z - c).sum(axis=1)) - z[rows, y])

    def no_keepdims_log_softmax():  # shifted - lse, both of shape (m,)
        shifted = z - c
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1))
        return -np.mean(log_p[rows, y])

    def whole_array_lse():
        top = z.max()
        return np.mean(top + np.log(np.exp(z - top).sum()) - z[rows, y])

    return [
        (lambda: -_cross_entropy(z, y),
         "missing minus sign: log-probabilities are negative, so the loss is "
         "-mean(log p[i, y[i]]), which is positive"),
        (lambda: _cross_entropy(z, y) * m,
         "sum instead of mean: divide by the number of samples m"),
        (lambda: float(-np.mean(logp[:, y])),
         "wrong class indexing: log_p[:, y] is an (m, m) block; pick one "
         "entry per row with log_p[np.arange(m), y]"),
        (lambda: float(-np.mean(logp[rows, z.argmax(axis=1)])),
         "you picked each row's largest score; pick the TRUE class: "
         "log_p[np.arange(m), y]"),
        (lambda: float(-np.mean(logp)),
         "only the true class counts: average -log p[i, y[i]] over the rows, "
         "not -log p over every entry"),
        (lambda: float(-np.mean(_log_softmax(z, axis=0)[rows, y])),
         "softmax along the wrong axis: each ROW (one sample) sums to 1, so "
         "use axis=1 (or axis=-1) with keepdims=True"),
        (lambda: np.mean(np.log(np.exp(z - c[:, None]).sum(axis=1)) - z[rows, y]),
         "add the maximum back: log sum_j exp(z_j) = c + log sum_j exp(z_j - c) "
         "(or subtract c from the true class's score too)"),
        (no_keepdims_lse, _KEEPDIMS),
        (no_keepdims_log_softmax, _KEEPDIMS),
        (whole_array_lse,
         "log-sum-exp runs over the k scores of each row: sum with axis=1, "
         "not over the whole array"),
    ]


def _cross_entropy_crash(err):
    """Hint for an exception raised by the reader's cross_entropy."""
    if isinstance(err, ValueError) and "broadcast" in str(err):
        return "shapes did not broadcast: " + _KEEPDIMS
    return ("loss_i = log(sum_j exp(z_ij)) - z_i[y_i]; pick the true class "
            "of each row with scores[np.arange(m), y]")


def check_cross_entropy(fn):
    """Exercise: softmax cross-entropy from scores, computed stably.

    ``fn(scores, y) -> float`` with scores of shape (m, k) and integer labels
    y of shape (m,): mean over the rows of logsumexp(scores[i]) -
    scores[i, y[i]]. Scores of +-1000, rows far apart from each other and a
    true class far behind the others must give a finite, correct answer;
    float32 scores must work too.
    """
    r = Report("check_cross_entropy")
    hint = ("loss_i = log(sum_j exp(z_ij)) - z_i[y_i]; return the mean over "
            "the m rows")
    not_finite = ("use the log-sum-exp trick: subtract each row's maximum "
                  "before np.exp, log sum_j exp(z_j) = c + log sum_j exp(z_j - c) "
                  "with c = max_j z_j; then exp never overflows and log never "
                  "sees 0")
    per_row = ("subtract each row's own maximum, scores.max(axis=1, "
               "keepdims=True): the maximum of the whole array is not "
               "enough, because a row whose scores all lie about 1000 below "
               "it gets exp(...) = 0 in every entry, and log 0 = -inf")
    log_of_softmax = ("the true class trails by 800, so its probability e^-800 "
                      "is 0 in float64 and log(0) = -inf: compute log p from the "
                      "scores in one step, log p_j = z_j - c - log sum_l "
                      "exp(z_l - c), instead of taking the log of a softmax")
    f32 = np.float32
    cases = [
        ("3 samples, 3 classes",
         [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1]], [0, 1, 1], None),
        ("equal scores give log k = log 4", np.zeros((2, 4)), [3, 0], None),
        ("one sample, two classes", [[0.0, 2.0]], [1], None),
        ("scores of 1000 (no overflow)",
         [[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]], [0, 2], None),
        ("scores of -1000 (no log of 0)", [[-1000.0, -1000.0, -1000.0]], [1], None),
        ("rows 1000 apart: [0, 1, 2] and [1000, 1001, 1002]",
         [[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]], [0, 0], per_row),
        ("true class 800 behind: scores [0, 800], label 0", [[0.0, 800.0]], [0],
         log_of_softmax),
        ("float32 scores", np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], f32),
         [0, 2], None),
        ("integer scores, int32 labels", np.array([[3, 1, 2], [0, 4, 1]]),
         np.array([2, 1], dtype=np.int32), None),
    ]
    for what, scores, y, case_not_finite in cases:
        scores, y = np.array(scores), np.array(y)
        want = _cross_entropy(scores, y)
        # float32 answers carry about 7 significant digits
        tol = (1e-5 if scores.dtype == f32 else 1e-6) * max(1.0, abs(want))
        _one_number(r, what, lambda: fn(scores.copy(), y.copy()),
                    lambda v: abs(v - want) <= tol, f"{want:.4f}",
                    _cross_entropy_mistakes(scores, y), hint,
                    case_not_finite or not_finite, _cross_entropy_crash)
    return r
