"""Classification metrics from scratch: how often, and how, a model is wrong.

Every function takes the prediction first and the truth second,
``metric(y_pred, y)``, like the book's losses and like torchmetrics.
scikit-learn uses the reverse order, ``metric(y_true, y_pred)``: swap the
arguments when you compare with it.

Labels are integer class indices 0..k-1 in 1-D arrays of the same length m
(float arrays of whole numbers such as 2.0 are accepted). A model that
outputs probabilities of shape (m, k) gives labels with ``.argmax(axis=1)``.

Conventions (the same as scikit-learn's defaults):

- The confusion matrix has one row per true class and one column per
  predicted class: ``cm[i, j]`` counts samples of class i predicted as j.
- A class that is never predicted has precision 0 (0 / 0 is taken as 0,
  where scikit-learn also warns); a class that never occurs has recall 0.
- ``average="macro"`` is the plain mean over the classes that occur in
  ``y`` or ``y_pred``; classes that appear in neither are left out.
  ``average="micro"`` pools the counts of all classes first; for one label
  per sample micro precision = micro recall = micro F1 = accuracy.
"""

import numpy as np

from ._validate import as_float_array, check_shape

AVERAGES = ("macro", "micro", None)


# Labels --------------------------------------------------------------------

def _as_labels(a, name, where):
    """1-D int64 labels >= 0 from ints or whole-number floats."""
    a = np.asarray(a)
    if a.ndim == 2:
        if a.shape[1] == 1:
            hint = "a column of labels? use .ravel()"
        elif name == "y_pred":
            hint = ("did you pass probabilities? "
                    "take .argmax(axis=1)")
        else:
            hint = "one-hot targets? take .argmax(axis=1)"
        raise ValueError(f"{where}: {name} must be 1-D class "
                         f"labels, got shape {a.shape}; {hint}")
    check_shape(a, (None,), name, where)
    if a.dtype.kind == "f":
        whole = np.isfinite(a) & (a == np.round(a))
        if not whole.all():
            raise ValueError(
                f"{where}: {name} must hold whole-number class "
                f"labels, got {a[~whole][0]}")
    elif a.dtype.kind not in "iub":
        raise TypeError(f"{where}: {name} must hold integer class "
                        f"labels, got dtype {a.dtype}")
    a = a.astype(np.int64)
    if a.size and a.min() < 0:
        raise ValueError(f"{where}: class labels must be >= 0, got "
                         f"{a.min()} in {name}")
    return a


def _label_pair(y_pred, y, where, num_classes=None):
    """Checked int64 labels (y_pred, y) and the class count k."""
    y_pred = _as_labels(y_pred, "y_pred", where)
    y = _as_labels(y, "y", where)
    if len(y_pred) != len(y):
        raise ValueError(
            f"{where}: y_pred and y must have the same length, got "
            f"{len(y_pred)} and {len(y)}")
    if len(y) == 0:
        raise ValueError(f"{where}: got empty label arrays; a "
                         "metric needs at least one sample")
    top = int(max(y_pred.max(), y.max()))
    if num_classes is None:
        return y_pred, y, top + 1
    if top >= num_classes:
        raise ValueError(
            f"{where}: labels must be in 0..{num_classes - 1} "
            f"(num_classes={num_classes}), got label {top}")
    return y_pred, y, int(num_classes)


# Counting ------------------------------------------------------------------

def accuracy(y_pred, y):
    """Fraction of samples whose predicted label is right.

    y_pred, y : (m,) int class labels. Returns a float in [0, 1].
    """
    y_pred, y, _ = _label_pair(y_pred, y, "accuracy")
    return float(np.mean(y_pred == y))


def _confusion(y_pred, y, k):
    """(k, k) counts: row = true class, column = predicted class."""
    flat = np.bincount(y * k + y_pred, minlength=k * k)
    return flat.reshape(k, k)


def confusion_matrix(y_pred, y, num_classes=None):
    """Count every (true class, predicted class) pair.

    y_pred, y : (m,) int class labels in 0..k-1.
    num_classes : int k, or None for max label + 1.
    Returns a (k, k) int64 array; cm[i, j] = number of samples
    of true class i (row) predicted as class j (column), so
    the diagonal holds the correct predictions.
    """
    y_pred, y, k = _label_pair(y_pred, y, "confusion_matrix",
                               num_classes)
    return _confusion(y_pred, y, k)


def _divide(num, den):
    """num / den, with 0 wherever den == 0 (and no warning)."""
    num, den = np.asarray(num), np.asarray(den)
    out = np.zeros(np.broadcast(num, den).shape)
    return np.divide(num, den, out=out, where=den > 0)


def _metric(num, den, cm, average):
    """Per-class num / den, averaged as `average` asks."""
    if average is None:
        return _divide(num, den)
    if average == "micro":
        return float(_divide(num.sum(), den.sum()))
    present = (cm.sum(axis=0) + cm.sum(axis=1)) > 0
    return float(np.mean(_divide(num, den)[present]))


def _counts(y_pred, y, average, num_classes, where):
    """Confusion matrix, true positives, predicted and true
    counts per class."""
    if average not in AVERAGES:
        raise ValueError(f"{where}: average must be 'macro', "
                         f"'micro' or None, got {average!r}")
    y_pred, y, k = _label_pair(y_pred, y, where, num_classes)
    cm = _confusion(y_pred, y, k)
    return cm, np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)


def precision(y_pred, y, average="macro", num_classes=None):
    """Of the samples predicted as class c, the fraction that are c.

    precision_c = TP_c / (TP_c + FP_c) = cm[c, c] / column sum c,
    taken as 0 for a class that is never predicted.
    y_pred, y : (m,) int class labels; num_classes : int or None.
    average : "macro" (mean over classes), "micro" (pooled counts)
    or None. Returns a float, or a (k,) float64 array for None.
    """
    cm, tp, pred, true = _counts(y_pred, y, average, num_classes,
                                 "precision")
    return _metric(tp, pred, cm, average)


def recall(y_pred, y, average="macro", num_classes=None):
    """Of the samples of class c, the fraction predicted as c.

    recall_c = TP_c / (TP_c + FN_c) = cm[c, c] / row sum c,
    taken as 0 for a class that never occurs in y.
    Arguments and return value as for ``precision``.
    """
    cm, tp, pred, true = _counts(y_pred, y, average, num_classes,
                                 "recall")
    return _metric(tp, true, cm, average)


def f1_score(y_pred, y, average="macro", num_classes=None):
    """Harmonic mean of precision and recall, per class:

    F1_c = 2 P R / (P + R) = 2 TP_c / (2 TP_c + FP_c + FN_c),
    and 2 TP_c + FP_c + FN_c = (predicted c) + (true c).
    Macro F1 is the mean of the per-class F1 values.
    Arguments and return value as for ``precision``.
    """
    cm, tp, pred, true = _counts(y_pred, y, average, num_classes,
                                 "f1_score")
    return _metric(2 * tp, pred + true, cm, average)


def classification_report(y_pred, y, class_names=None):
    """A table of precision, recall, F1 and support for each class.

    y_pred, y : (m,) int class labels.
    class_names : list of k str, or None for "0", "1", ...; when
    given, labels must be in 0..k-1.
    Returns a str: one row per class, then "macro avg" and
    "micro avg" rows (support = number of samples m).
    """
    where = "classification_report"
    k = None if class_names is None else len(class_names)
    y_pred, y, k = _label_pair(y_pred, y, where, k)
    if class_names is None:
        class_names = [str(c) for c in range(k)]
    cm = _confusion(y_pred, y, k)
    tp, pred, true = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    rows = list(zip(class_names, _divide(tp, pred),
                    _divide(tp, true), _divide(2 * tp, pred + true),
                    true))
    for avg in ("macro", "micro"):
        rows.append((f"{avg} avg",
                     _metric(tp, pred, cm, avg),
                     _metric(tp, true, cm, avg),
                     _metric(2 * tp, pred + true, cm, avg),
                     len(y)))
    width = max(len(str(row[0])) for row in rows)
    head = " " * width + "  precision  recall  f1-score  support"
    lines = [head]
    for name, p, r, f, s in rows:
        lines.append(f"{name!s:>{width}}  {p:9.3f}  {r:6.3f}  "
                     f"{f:8.3f}  {s:7d}")
    lines.insert(k + 1, "")
    return "\n".join(lines)


# ROC -----------------------------------------------------------------------

def _binary_scores(scores, y, where):
    """Checked 1-D float scores and 0/1 int labels, both classes
    present."""
    scores = as_float_array(scores, "scores", where)
    if scores.ndim == 2:
        hint = ("use .ravel()" if scores.shape[1] == 1 else
                "for (m, 2) probabilities take [:, 1], the "
                "probability of class 1")
        raise ValueError(
            f"{where}: scores must be 1-D, one score per sample, "
            f"got shape {scores.shape}; {hint}")
    check_shape(scores, (None,), "scores", where)
    y = np.asarray(y)
    check_shape(y, (None,), "y", where)
    if len(scores) != len(y):
        raise ValueError(
            f"{where}: scores and y must have the same length, got "
            f"{len(scores)} and {len(y)}")
    if len(y) == 0:
        raise ValueError(f"{where}: got empty arrays; a ROC curve "
                         "needs samples of both classes")
    if np.any(np.isnan(scores)):
        raise ValueError(f"{where}: scores contains NaN")
    binary = y.dtype.kind in "iubf" and np.all((y == 0) | (y == 1))
    if not binary:
        raise ValueError(f"{where}: y must hold binary labels 0 "
                         f"and 1, got values {np.unique(y)[:5]}")
    if np.all(y == y[0]):
        raise ValueError(
            f"{where}: y holds only class {int(y[0])}; the ROC "
            "curve and its AUC are undefined without both classes")
    return scores, y.astype(np.int64)


def roc_curve(scores, y):
    """The ROC curve: true- against false-positive rate, for every
    threshold t of the rule "predict 1 when score >= t".

    scores : (m,) real scores, higher = more likely class 1.
    y : (m,) binary labels in {0, 1}, both present.
    Returns (fpr, tpr, thresholds), three 1-D arrays of the same
    length: fpr and tpr float64 from (0, 0) to (1, 1), thresholds
    decreasing from inf. Equal scores form one step.
    """
    scores, y = _binary_scores(scores, y, "roc_curve")
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], y[order]
    tps = np.cumsum(y)            # positives with score >= s[i]
    fps = np.cumsum(1 - y)        # negatives with score >= s[i]
    last = np.r_[s[1:] != s[:-1], True]  # last of each tie group
    tps = np.r_[0, tps[last]]
    fps = np.r_[0, fps[last]]
    thresholds = np.r_[np.array([np.inf], s.dtype), s[last]]
    return fps / fps[-1], tps / tps[-1], thresholds


def auc(x, y):
    """Area under the curve through the points (x, y), by the
    trapezoid rule: sum of (x[i+1] - x[i]) (y[i] + y[i+1]) / 2.

    x, y : (n,) real arrays, n >= 2, x non-decreasing or
    non-increasing. Returns a float (positive for either order).
    """
    x = as_float_array(x, "x", "auc")
    y = as_float_array(y, "y", "auc")
    check_shape(x, (None,), "x", "auc")
    check_shape(y, (len(x),), "y", "auc")
    if len(x) < 2:
        raise ValueError(f"auc: need at least 2 points, got "
                         f"{len(x)}")
    dx = np.diff(x)
    if np.all(dx >= 0):
        direction = 1
    elif np.all(dx <= 0):
        direction = -1
    else:
        raise ValueError("auc: x must be monotonic (all increasing"
                         " or all decreasing), got x going both "
                         "ways")
    area = np.sum(dx * (y[1:] + y[:-1]) / 2)
    return float(direction * area)


def roc_auc(scores, y):
    """Area under the ROC curve: the probability that a random
    positive scores higher than a random negative (ties count 1/2).

    scores : (m,) real scores; y : (m,) binary labels in {0, 1}.
    Returns a float: 1 = perfect ranking, 0.5 = chance,
    0 = inverted.
    """
    _binary_scores(scores, y, "roc_auc")  # errors name roc_auc
    fpr, tpr, _ = roc_curve(scores, y)
    return auc(fpr, tpr)


# Forecast errors (chapter 24) ------------------------------------------------

def _forecast_pair(y_pred, y, where):
    y_pred = np.asarray(y_pred, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if y_pred.shape != y.shape or y.size == 0:
        raise ValueError(f"{where}: y_pred and y must be non-empty and the "
                         f"same length, got {y_pred.shape} and {y.shape}")
    return y_pred, y


def mae(y_pred, y):
    """Mean absolute error, mean |y_pred - y|, in the units of y."""
    y_pred, y = _forecast_pair(y_pred, y, "mae")
    return float(np.mean(np.abs(y_pred - y)))


def rmse(y_pred, y):
    """Root mean squared error, sqrt(mean (y_pred - y)^2), units of y."""
    y_pred, y = _forecast_pair(y_pred, y, "rmse")
    return float(np.sqrt(np.mean((y_pred - y) ** 2)))


def mase(y_pred, y, y_train, m=1):
    """Mean absolute scaled error (Hyndman and Koehler, 2006): the MAE
    divided by the in-sample MAE of the (seasonal) naive forecast
    y_t = y_{t-m} on the TRAINING series y_train. Below 1: better than
    that naive forecast was on the training data."""
    y_pred, y = _forecast_pair(y_pred, y, "mase")
    y_train = np.asarray(y_train, dtype=np.float64).ravel()
    if not 1 <= m < y_train.size:
        raise ValueError(f"mase: need 1 <= m < len(y_train), got m={m} "
                         f"and {y_train.size} training values")
    scale = np.mean(np.abs(y_train[m:] - y_train[:-m]))
    if scale == 0:
        raise ValueError("mase: the training series is constant, so the "
                         "naive forecast has no error to scale by")
    return float(np.mean(np.abs(y_pred - y)) / scale)
