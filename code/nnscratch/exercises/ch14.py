"""Checkers for chapter 14, Project: handwritten digits.

A model's predictions come as probabilities ``probs`` of shape (m, k): one
row per image, one column per class, each row summing to 1. The labels
``y`` are (m,) integers 0..k-1.
"""

import numpy as np

from ._report import Report


# Reference answer -----------------------------------------------------------

def _reference(probs, y, count):
    """Indices of the `count` most confident mistakes, most confident
    first."""
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    wrong = np.flatnonzero(predicted != y)
    order = np.argsort(-confidence[wrong], kind="stable")
    return wrong[order[:count]]


# Wrong answers readers often write, each with the hint that fixes it ---------

def _includes_correct(probs, y, count):
    confidence = probs.max(axis=1)
    return np.argsort(-confidence, kind="stable")[:count]


def _ascending(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return wrong[np.argsort(confidence[wrong], kind="stable")[:count]]


def _true_class(probs, y, count):
    predicted = probs.argmax(axis=1)
    p_true = probs[np.arange(len(y)), y]
    wrong = np.flatnonzero(predicted != y)
    return wrong[np.argsort(p_true[wrong], kind="stable")[:count]]


def _positions(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return np.argsort(-confidence[wrong], kind="stable")[:count]


def _cut_then_filter(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    top = np.argsort(-confidence, kind="stable")[:count]
    return top[predicted[top] != y[top]]


def _confidences(probs, y, count):
    idx = _reference(probs, y, count)
    return probs.max(axis=1)[idx]


def _keeps_right(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    right = np.flatnonzero(predicted == y)
    return right[np.argsort(-confidence[right], kind="stable")[:count]]


def _predicted_digits(probs, y, count):
    return probs.argmax(axis=1)[_reference(probs, y, count)]


_MISTAKES = [
    ("it includes correct predictions", _includes_correct,
     "keep only the mistakes, the rows where probs.argmax(axis=1) "
     "!= y, before you sort"),
    ("it sorts from the least confident mistake up", _ascending,
     "most confident first: sort by -confidence (np.argsort sorts "
     "from small to large)"),
    ("it ranks by the probability of the true class", _true_class,
     "confidence is the probability the model gave its OWN answer, "
     "probs.max(axis=1), not the probability of the true class"),
    ("it returns positions in the list of mistakes, not row numbers",
     _positions,
     "np.argsort on confidence[wrong] gives positions in `wrong`; "
     "turn them back into row numbers with wrong[order]"),
    ("it takes the top rows first and drops the correct ones after",
     _cut_then_filter,
     "filter first, then cut: find all mistakes, sort them, then "
     "take the first `count`"),
    ("it returns the confidences, not the indices", _confidences,
     "return the row numbers of the images (ints), not their "
     "probabilities"),
    ("it keeps the right answers instead of the mistakes", _keeps_right,
     "a mistake is a row where the prediction differs from the label: "
     "probs.argmax(axis=1) != y, not =="),
    ("it returns the predicted digits, not the row numbers",
     _predicted_digits,
     "return the positions of the images in probs (wrong[order]), not "
     "probs.argmax(axis=1) of them"),
]

_GENERAL_HINT = ("predicted = probs.argmax(axis=1), confidence = "
                 "probs.max(axis=1), wrong = np.flatnonzero(predicted "
                 "!= y); sort wrong by -confidence[wrong] and keep the "
                 "first `count`")


# Test cases worked out in advance ---------------------------------------------

# Six images, three classes. Rows 1, 3 and 4 are mistakes with
# confidences 0.9, 0.6 and 0.45 (predicted 2, 1 and 0); row 5 is right
# with confidence 0.98. The answers, [1, 3] and [1, 3, 4], differ from
# what each usual mistake returns, so no wrong answer passes by chance.
SMALL_PROBS = np.array([[0.70, 0.20, 0.10],
                        [0.05, 0.05, 0.90],
                        [0.20, 0.50, 0.30],
                        [0.02, 0.60, 0.38],
                        [0.45, 0.35, 0.20],
                        [0.00, 0.98, 0.02]])
SMALL_Y = np.array([0, 0, 1, 0, 1, 1])


def _random_case(m=300, k=10, seed=14):
    """Probabilities (float32) of a poor model: 199 of the 300 rows
    are mistakes, and no two confidences are equal."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(m, k)) * 2
    y = rng.integers(0, k, size=m)
    scores[np.arange(m), y] += 2.0
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return probs, y


def _cases():
    probs, y = _random_case()
    all_right = np.eye(4) * 0.7 + 0.075   # rows sum to 1
    return [
        ("6 images, count = 2", SMALL_PROBS, SMALL_Y, 2,
         np.array([1, 3])),
        ("6 images, count = 5 (only 3 mistakes: all 3, sorted)",
         SMALL_PROBS, SMALL_Y, 5, np.array([1, 3, 4])),
        ("no mistakes at all: an empty array",
         all_right, np.arange(4), 3, np.array([], dtype=np.int64)),
        ("300 images, 10 classes, float32, count = 8", probs, y, 8,
         _reference(probs, y, 8)),
    ]


def _diagnose(got, probs, y, count):
    for name, mistake, hint in _MISTAKES:
        want = mistake(probs.copy(), y.copy(), count)
        if np.shape(got) == want.shape and np.allclose(got, want):
            return f"{name}: {hint}"
    if np.ndim(got) == 1 and len(got) > count:
        return (f"it returns {len(got)} row numbers for count = {count}: "
                f"keep only the first `count` of the sorted mistakes")
    return _GENERAL_HINT


def _describe(got, shown=10):
    """The answer as a short string: at most `shown` values."""
    arr = np.asarray(got)
    more = f", ... ({arr.size} in all)" if arr.size > shown else ""
    head = arr.ravel()[:shown]
    if arr.dtype.kind in "iub":
        return f"{head.tolist()}"[:-1] + more + "]"
    return np.array2string(head, precision=4)[:-1] + more + "]"


def check_most_confident_mistakes(fn):
    """Exercise: ``fn(probs, y, count)`` returns the row numbers of
    the `count` images the model got wrong with the highest
    confidence, most confident first.

    probs : (m, k) probabilities; y : (m,) int labels; count : int.
    The confidence of row i is probs[i].max(), the probability of
    the class the model predicted. Fewer than `count` mistakes:
    all of them; none: an empty array.
    """
    r = Report("check_most_confident_mistakes")
    for what, probs, y, count, want in _cases():
        ran, got = r.attempt(
            what, lambda: fn(probs.copy(), y.copy(), count),
            lambda err: _GENERAL_HINT)
        if not ran:
            continue
        if got is None:
            r.check(False, f"{what} (your function returned None)",
                    "did you forget `return`?")
            continue
        arr = np.asarray(got)
        if arr.dtype.kind == "b":
            r.check(False, f"{what} (got a boolean mask)",
                    "return the row numbers, e.g. with np.flatnonzero"
                    ", not True/False per row")
            continue
        same = arr.shape == want.shape and np.array_equal(arr, want)
        if same and want.size and arr.dtype.kind not in "iu":
            r.check(False, f"{what} (got floats {_describe(arr)})",
                    "indices must be integers: they are row numbers")
            continue
        detail = "" if same else (
            f" (got {_describe(arr)}, expected {want.tolist()})")
        r.check(same, what + detail,
                "" if same else _diagnose(arr, probs, y, count))
    probs, y = SMALL_PROBS.copy(), SMALL_Y.copy()
    ran, _ = r.attempt("leaves probs and y unchanged",
                       lambda: fn(probs, y, 2), _GENERAL_HINT)
    if ran:
        r.check(np.array_equal(probs, SMALL_PROBS)
                and np.array_equal(y, SMALL_Y),
                "leaves probs and y unchanged",
                "work on copies (or new arrays): sorting or "
                "overwriting probs in place changes the "
                "caller's data")
    return r
