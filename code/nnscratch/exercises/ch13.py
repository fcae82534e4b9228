"""Checkers for chapter 13, Training best practices.

- ``check_macro_scores(fn)``: ``fn(cm) -> (precision, recall, f1)``,
  the macro averages from a confusion matrix (rows = true class).
- ``check_standardize(fn)``: ``fn(X_train, X_test) -> (X_train_std,
  X_test_std)``, both scaled with the training set's statistics.
- ``check_auc_pairs(fn)``: ``fn(scores, y) -> float``, the AUC as the
  fraction of (positive, negative) pairs ranked the right way.
"""

import numpy as np

from ._report import Report


# Macro precision, recall and F1 from a confusion matrix --------------------

def _divide(num, den):
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _per_class(cm):
    """Per-class precision, recall, F1 and the classes present."""
    cm = np.asarray(cm, float)
    tp, pred, true = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    present = (pred + true) > 0
    return (_divide(tp, pred), _divide(tp, true),
            _divide(2 * tp, pred + true), present)


def _reference_macro(cm):
    p, r, f, present = _per_class(cm)
    return (float(p[present].mean()), float(r[present].mean()),
            float(f[present].mean()))


def _micro(cm):
    cm = np.asarray(cm, float)
    acc = float(np.trace(cm) / cm.sum())
    return acc, acc, acc


def _f1_of_averages(cm):
    p, r, _ = _reference_macro(cm)
    return p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0


_MACRO_MISTAKES = [
    ("these are the micro averages (each equals the accuracy)",
     _micro,
     "macro: compute precision, recall and F1 for each class first, "
     "then take the plain mean over the classes"),
    ("precision and recall are swapped (rows and columns mixed up)",
     lambda cm: _reference_macro(np.asarray(cm).T),
     "rows are true classes and columns predicted ones: precision_c "
     "divides cm[c, c] by the COLUMN sum, cm[:, c].sum() "
     "(cm.sum(axis=0)); recall_c by the ROW sum (cm.sum(axis=1))"),
    ("the F1 is the F1 of the averages",
     _f1_of_averages,
     "macro F1 is the mean of the per-class F1 values, not "
     "2PR / (P + R) of the macro precision and recall"),
]

_MACRO_CASES = [
    ("3 classes, every class predicted",
     [[5, 1, 0], [2, 3, 1], [0, 2, 6]]),
    ("2 classes, imbalanced: class 1 never predicted",
     [[90, 0], [10, 0]]),
    ("4 classes, larger counts",
     [[120, 3, 10, 7], [9, 80, 1, 0], [30, 2, 55, 13],
      [0, 0, 4, 66]]),
    ("3 classes, a class that is never predicted",
     [[4, 0, 1], [2, 0, 3], [0, 0, 5]]),
]


def _macro_hint(got, cm):
    for name, mistake, hint in _MACRO_MISTAKES:
        if np.allclose(got, mistake(cm), atol=1e-6):
            return f"{name}: {hint}"
    return ("precision_c = cm[c, c] / column sum, recall_c = cm[c, c] "
            "/ row sum, F1_c = 2 P R / (P + R); then the mean of each "
            "over the classes")


def check_macro_scores(fn):
    """Exercise: macro precision, recall and F1 from a confusion
    matrix ``cm`` (k, k), rows = true classes, columns = predicted.

    ``fn(cm) -> (precision, recall, f1)``, three floats. A class
    that is never predicted has precision 0 (not NaN).
    """
    r = Report("check_macro_scores")
    for what, cm in _MACRO_CASES:
        cm = np.array(cm, dtype=np.int64)
        want = _reference_macro(cm)
        ran, got = r.attempt(what, lambda: fn(cm.copy()),
                             "index the matrix as cm[true, predicted]")
        if not ran:
            continue
        if got is None:
            r.check(False, f"{what}: returned None",
                    "did you forget `return precision, recall, f1`?")
            continue
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            r.check(False, f"{what}: returned {type(got).__name__}, "
                    "expected three numbers",
                    "return a tuple (precision, recall, f1)")
            continue
        if got.shape != (3,):
            r.check(False, f"{what}: returned shape {got.shape}, "
                    "expected three numbers",
                    "average each per-class array with .mean() and "
                    "return (precision, recall, f1)")
            continue
        if np.any(np.isnan(got)):
            r.check(False, f"{what}: returned NaN "
                    f"({np.round(got, 4)})",
                    "a class that is never predicted has a column sum "
                    "of 0, and then P + R can be 0 too: take such a "
                    "precision or F1 as 0, e.g. np.divide(tp, col, "
                    "out=np.zeros(k), where=col > 0)")
            continue
        ok = bool(np.allclose(got, want, atol=1e-6))
        detail = "" if ok else (f" (got {np.round(got, 4)}, expected "
                                f"{np.round(want, 4)})")
        r.check(ok, what + detail, "" if ok else _macro_hint(got, cm))
    return r


# Standardization with the training set's statistics ------------------------

def _ref_standardize(X_train, X_test, ddof=0, eps=1e-8):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0, ddof=ddof)
    return (X_train - mean) / (std + eps), (X_test - mean) / (std + eps)


def _both_ways(X_train, X_test):
    """The right answer with the population std and with ddof=1."""
    return [_ref_standardize(X_train, X_test, d) for d in (0, 1)]


def _own_stats(X_train, X_test):
    return (_ref_standardize(X_train, X_train)[0],
            _ref_standardize(X_test, X_test)[0])


def _pooled(X_train, X_test):
    both = np.concatenate([X_train, X_test])
    mean, std = both.mean(axis=0), both.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _global(X_train, X_test):
    mean, std = X_train.mean(), X_train.std()
    return (X_train - mean) / std, (X_test - mean) / std


def _centred_only(X_train, X_test):
    mean = X_train.mean(axis=0)
    return X_train - mean, X_test - mean


def _per_row(X_train, X_test):
    def rows(X):
        return ((X - X.mean(axis=1, keepdims=True))
                / X.std(axis=1, keepdims=True))
    return rows(X_train), rows(X_test)


_STD_MISTAKES = [
    ("the test set was scaled with its own mean and std",
     _own_stats,
     "compute mean and std from X_train only and apply THOSE to "
     "X_test: at prediction time one new sample has no statistics "
     "of its own"),
    ("the statistics come from training and test data together",
     _pooled,
     "that leaks the test set into the preprocessing: use "
     "X_train.mean(axis=0) and X_train.std(axis=0) only"),
    ("one mean and one std for all features together",
     _global,
     "each feature (column) gets its own mean and std: "
     "X_train.mean(axis=0), X_train.std(axis=0)"),
    ("the data are centred but not scaled",
     _centred_only,
     "divide by the standard deviation after subtracting the mean"),
    ("each row (sample) was standardized instead of each column",
     _per_row,
     "statistics are per feature, over the samples: axis=0"),
]


def _std_data(seed=0, n_train=50, n_test=20, dtype=np.float64):
    rng = np.random.default_rng(seed)
    scale = np.array([100.0, 0.1, 1.0])
    shift = np.array([10.0, -2.0, 0.0])
    X_train = rng.normal(size=(n_train, 3)) * scale + shift
    # the test set comes from a shifted distribution, so its own
    # statistics differ clearly from the training set's
    X_test = rng.normal(size=(n_test, 3)) * scale * 1.5 + shift + scale
    return X_train.astype(dtype), X_test.astype(dtype)


def _std_hint(got, X_train, X_test):
    for name, mistake, hint in _STD_MISTAKES:
        want_tr, want_te = mistake(X_train, X_test)
        if (np.allclose(got[0], want_tr, atol=1e-4)
                and np.allclose(got[1], want_te, atol=1e-4)):
            return f"{name}: {hint}"
    return ("mean = X_train.mean(axis=0), std = X_train.std(axis=0); "
            "return (X_train - mean) / std, (X_test - mean) / std")


def _std_matches(got, X_train, X_test, atol):
    return any(np.allclose(got[0], tr, atol=atol)
               and np.allclose(got[1], te, atol=atol)
               for tr, te in _both_ways(X_train, X_test))


def _std_call(r, fn, what, X_train, X_test):
    """Run fn; return its pair of arrays, or None after reporting."""
    ran, got = r.attempt(what, lambda: fn(X_train.copy(),
                                          X_test.copy()),
                         "return the pair (X_train_std, X_test_std)")
    if not ran:
        return None
    if got is None:
        r.check(False, f"{what}: returned None",
                "did you forget `return X_train_std, X_test_std`?")
        return None
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        r.check(False, f"{what}: returned {type(got).__name__}, "
                "expected a pair (X_train_std, X_test_std)",
                "end with: return X_train_std, X_test_std")
        return None
    got = tuple(np.asarray(g) for g in got)
    shapes = (X_train.shape, X_test.shape)
    if (got[0].shape, got[1].shape) != shapes:
        r.check(False, f"{what}: returned shapes {got[0].shape} and "
                f"{got[1].shape}, expected {shapes[0]} and {shapes[1]}",
                "keep one row per sample and one column per feature")
        return None
    return got


def check_standardize(fn):
    """Exercise: standardize training and test data with the TRAINING
    set's per-feature mean and standard deviation.

    ``fn(X_train, X_test) -> (X_train_std, X_test_std)``, X_train of
    shape (m, n) and X_test of shape (m_test, n).
    """
    r = Report("check_standardize")
    X_train, X_test = _std_data(0)
    what = "3 features on very different scales"
    got = _std_call(r, fn, what, X_train, X_test)
    if got is not None:
        ok = _std_matches(got, X_train, X_test, 1e-6)
        r.check(ok, what + ("" if ok else
                            f" (first test row: got "
                            f"{np.round(got[1][0], 4)}, expected "
                            f"{np.round(_both_ways(X_train, X_test)[0][1][0], 4)})"),
                "" if ok else _std_hint(got, X_train, X_test))
    X_train, X_test = _std_data(1, n_train=30, n_test=5)
    X_train[:, 0] += 1e6  # a feature around a million
    X_test[:, 0] += 1e6
    what = "a feature around 1,000,000 and a 5-sample test set"
    got = _std_call(r, fn, what, X_train, X_test)
    if got is not None:
        ok = _std_matches(got, X_train, X_test, 1e-5)
        r.check(ok, what, "" if ok else _std_hint(got, X_train, X_test))
    X_train, X_test = _std_data(2)
    X_train[:, 2] = 4.0  # constant in the training set
    X_test[:, 2] = 4.0
    what = "a feature that is constant in the training set"
    got = _std_call(r, fn, what, X_train, X_test)
    if got is not None:
        finite = bool(np.all(np.isfinite(got[0]))
                      and np.all(np.isfinite(got[1])))
        zero = finite and bool(np.allclose(got[0][:, 2], 0)
                               and np.allclose(got[1][:, 2], 0))
        r.check(zero, what + ("" if finite else
                              ": the result holds NaN or inf"),
                "its std is 0, and 0 / 0 is NaN: divide by std + eps "
                "with a small eps such as 1e-8, as data.standardize does")
    X_train, X_test = _std_data(3, dtype=np.float32)
    what = "float32 data stay float32"
    got = _std_call(r, fn, what, X_train, X_test)
    if got is not None:
        dtypes = (got[0].dtype, got[1].dtype)
        ok = dtypes == (np.float32, np.float32)
        r.check(ok, what + ("" if ok else f" (got {dtypes[0]} and "
                            f"{dtypes[1]})"),
                "use the arrays' own methods (X.mean(axis=0)) and no "
                "float64 constants: float32 halves the time of "
                "training")
    X_train, X_test = _std_data(4)
    before = (X_train.copy(), X_test.copy())
    try:
        fn(X_train, X_test)
    except Exception:  # reported above
        pass
    same = (np.array_equal(X_train, before[0])
            and np.array_equal(X_test, before[1]))
    r.check(same, "leaves the caller's arrays unchanged",
            "build new arrays ((X - mean) / std), do not change "
            "X_train or X_test in place (X -= mean)")
    return r


# AUC by counting pairs -------------------------------------------------------

def _reference_auc(scores, y):
    scores, y = np.asarray(scores, float), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0) + 0.5 * (diff == 0)).mean())


def _strict(scores, y):
    scores, y = np.asarray(scores, float), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    return float((pos[:, None] > neg[None, :]).mean())


def _loose(scores, y):
    scores, y = np.asarray(scores, float), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    return float((pos[:, None] >= neg[None, :]).mean())


_AUC_MISTAKES = [
    ("ties count as 0", _strict,
     "a tie (equal scores) counts as half a correct pair: add 0.5 "
     "for every pair with pos == neg"),
    ("ties count as 1", _loose,
     "a tie counts as half a correct pair, not a whole one: "
     "(pos > neg) + 0.5 * (pos == neg)"),
    ("the classes are swapped",
     lambda s, y: 1 - _reference_auc(s, y),
     "a pair is right when the POSITIVE (y = 1) scores higher than "
     "the negative (y = 0)"),
]


def _auc_cases():
    rng = np.random.default_rng(0)
    y_big = (rng.random(300) < 0.3).astype(np.int64)
    s_big = np.round(rng.normal(size=300) + 1.2 * y_big, 1)  # ties
    return [
        ("6 samples, no ties (8 of 9 pairs right)",
         [0.9, 0.8, 0.7, 0.6, 0.55, 0.4], [1, 1, 0, 1, 0, 0]),
        ("a positive and a negative with the same score",
         [0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0]),
        ("all scores equal", [0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1]),
        ("a perfect ranking", [0.1, 0.2, 0.7, 0.9], [0, 0, 1, 1]),
        ("an inverted ranking", [2.0, 1.0, -1.0], [0, 1, 1]),
        ("float labels 0.0 / 1.0, scores any real numbers",
         [-3.0, 5.0, 0.0, 1.0, 2.0], [0.0, 1.0, 1.0, 0.0, 1.0]),
        ("300 samples with ties, 30 % positive", s_big, y_big),
    ]


def check_auc_pairs(fn):
    """Exercise: the AUC as the fraction of (positive, negative) pairs
    in which the positive has the higher score; a tie counts 1/2.

    ``fn(scores, y) -> float`` with scores (m,) real numbers and
    y (m,) labels 0/1 (both present).
    """
    r = Report("check_auc_pairs")
    for what, scores, y in _auc_cases():
        scores, y = np.array(scores, float), np.array(y)
        want = _reference_auc(scores, y)
        hint = "compare every positive score with every negative one"
        ran, got = r.attempt(what, lambda: fn(scores.copy(), y.copy()),
                             hint)
        if not ran:
            continue
        if got is None:
            r.check(False, f"{what}: returned None",
                    "did you forget `return`?")
            continue
        try:
            got = float(got)
        except (TypeError, ValueError):
            r.check(False, f"{what}: returned {type(got).__name__}, "
                    "expected one number", "return a float")
            continue
        ok = bool(np.isclose(got, want, atol=1e-9))
        detail = "" if ok else f" (got {got:.4f}, expected {want:.4f})"
        if ok:
            r.check(True, what)
            continue
        named = ("divide by the number of pairs, "
                 "n_pos * n_neg, not by the number of samples")
        for name, mistake, tip in _AUC_MISTAKES:
            if np.isclose(got, mistake(scores, y), atol=1e-9):
                named = f"{name}: {tip}"
                break
        r.check(False, what + detail, named)
    return r
