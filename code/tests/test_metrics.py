import warnings

import numpy as np
import pytest

from nnscratch import metrics as M

# The 3-class example worked by hand.
#   y_pred = 0 2 1 1 0 2 2
#   y      = 0 1 1 2 0 2 0
# (true, predicted) pairs: (0,0) (1,2) (1,1) (2,1) (0,0) (2,2) (0,2)
#            predicted 0  1  2     support (row sums)
#   true 0          [ 2, 0, 1 ]    3
#   true 1          [ 0, 1, 1 ]    2
#   true 2          [ 0, 1, 1 ]    2
#   predicted count   2  2  3      (column sums)
# TP = diagonal = 2, 1, 1; correct = 4 of 7.
Y_PRED = np.array([0, 2, 1, 1, 0, 2, 2])
Y = np.array([0, 1, 1, 2, 0, 2, 0])
CM = [[2, 0, 1], [0, 1, 1], [0, 1, 1]]
PRECISION = [2 / 2, 1 / 2, 1 / 3]          # TP / column sum
RECALL = [2 / 3, 1 / 2, 1 / 2]             # TP / row sum
F1 = [4 / 5, 2 / 4, 2 / 5]                 # 2 TP / (column + row sum)
MACRO = {
    M.precision: (1 + 1 / 2 + 1 / 3) / 3,   # = 11/18
    M.recall: (2 / 3 + 1 / 2 + 1 / 2) / 3,  # = 5/9
    M.f1_score: (4 / 5 + 1 / 2 + 2 / 5) / 3,  # = 17/30
}
PER_CLASS = {M.precision: PRECISION, M.recall: RECALL, M.f1_score: F1}
METRICS = [M.precision, M.recall, M.f1_score]


def test_accuracy_by_hand():
    assert M.accuracy(Y_PRED, Y) == pytest.approx(4 / 7)
    assert type(M.accuracy(Y_PRED, Y)) is float
    assert M.accuracy([1, 1], [1, 1]) == 1.0
    assert M.accuracy([0, 1], [1, 0]) == 0.0


def test_confusion_matrix_by_hand_rows_true_columns_predicted():
    cm = M.confusion_matrix(Y_PRED, Y)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm, CM)
    # one sample of class 0 predicted as 1: row 0, column 1
    np.testing.assert_array_equal(M.confusion_matrix([1], [0]),
                                  [[0, 1], [0, 0]])


def test_confusion_matrix_num_classes_adds_empty_rows():
    cm = M.confusion_matrix([0, 1], [1, 1], num_classes=4)
    np.testing.assert_array_equal(cm, [[0, 0, 0, 0], [1, 1, 0, 0],
                                       [0, 0, 0, 0], [0, 0, 0, 0]])


@pytest.mark.parametrize("metric", METRICS)
def test_per_class_and_macro_by_hand(metric):
    per_class = metric(Y_PRED, Y, average=None)
    assert per_class.shape == (3,)
    np.testing.assert_allclose(per_class, PER_CLASS[metric])
    assert metric(Y_PRED, Y) == pytest.approx(MACRO[metric])
    assert MACRO[metric] == pytest.approx(
        {M.precision: 11 / 18, M.recall: 5 / 9, M.f1_score: 17 / 30}[metric])


@pytest.mark.parametrize("metric", METRICS)
def test_micro_is_the_accuracy_by_hand(metric):
    # pooled: TP = 4, predicted = 7, true = 7 -> 4/7
    assert metric(Y_PRED, Y, average="micro") == pytest.approx(4 / 7)


@pytest.mark.parametrize("seed", range(5))
def test_micro_f1_equals_accuracy(seed):
    rng = np.random.default_rng(seed)
    y_pred, y = rng.integers(0, 5, size=(2, 40))
    assert M.f1_score(y_pred, y, average="micro") == pytest.approx(
        M.accuracy(y_pred, y))


def test_never_predicted_class_has_precision_0_without_warnings():
    # class 1 occurs once but is never predicted: 0 / 0 -> 0
    # class 0: TP 2, predicted 3 -> P 2/3, R 2/2, F1 4/5
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        p = M.precision([0, 0, 0], [0, 1, 0], average=None)
        r = M.recall([0, 0, 0], [0, 1, 0], average=None)
        f = M.f1_score([0, 0, 0], [0, 1, 0], average=None)
        macro = M.precision([0, 0, 0], [0, 1, 0])
    np.testing.assert_allclose(p, [2 / 3, 0])
    np.testing.assert_allclose(r, [1, 0])
    np.testing.assert_allclose(f, [4 / 5, 0])
    assert macro == pytest.approx((2 / 3 + 0) / 2)


def test_macro_leaves_out_classes_that_never_appear():
    # class 2 is in neither y nor y_pred: per class it shows 0,
    # but the macro mean is over classes 0 and 1 only
    per_class = M.f1_score([0, 1], [0, 1], average=None, num_classes=3)
    np.testing.assert_array_equal(per_class, [1, 1, 0])
    assert M.f1_score([0, 1], [0, 1], num_classes=3) == 1.0


def test_whole_number_float_and_bool_labels_are_accepted():
    assert M.accuracy(np.array([0.0, 2.0]), [0, 2]) == 1.0
    np.testing.assert_array_equal(
        M.confusion_matrix(np.array([True, False]), [1, 1]),
        [[0, 0], [1, 1]])


def test_classification_report_by_hand():
    report = M.classification_report(Y_PRED, Y, ["cat", "dog", "bird"])
    expected = "\n".join([
        "           precision  recall  f1-score  support",
        "      cat      1.000   0.667     0.800        3",
        "      dog      0.500   0.500     0.500        2",
        "     bird      0.333   0.500     0.400        2",
        "",
        "macro avg      0.611   0.556     0.567        7",
        "micro avg      0.571   0.571     0.571        7",
    ])
    assert report == expected
    # without names the classes are called 0, 1, 2
    first_row = M.classification_report(Y_PRED, Y).split("\n")[1]
    assert first_row.split()[:2] == ["0", "1.000"]


def test_classification_report_checks_class_names():
    with pytest.raises(ValueError, match=r"classification_report: labels "
                                         r"must be in 0\.\.1 .*got label 2"):
        M.classification_report(Y_PRED, Y, ["a", "b"])


# ROC ------------------------------------------------------------------------

def test_roc_curve_four_points_by_hand():
    # sorted by score: 0.8 (pos), 0.4 (neg), 0.35 (pos), 0.1 (neg); P = N = 2
    # threshold  inf  0.8  0.4  0.35  0.1
    # TP          0    1    1    2     2   -> tpr 0 .5 .5 1 1
    # FP          0    0    1    1     2   -> fpr 0 0 .5 .5 1
    fpr, tpr, thr = M.roc_curve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    np.testing.assert_allclose(fpr, [0, 0, 0.5, 0.5, 1])
    np.testing.assert_allclose(tpr, [0, 0.5, 0.5, 1, 1])
    np.testing.assert_allclose(thr, [np.inf, 0.8, 0.4, 0.35, 0.1])
    # trapezoids: 0 + 0.5*0.5 + 0 + 0.5*1 = 0.75
    # = 3 of the 4 (positive, negative) pairs ranked right
    assert M.roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [1, 0, 3, 2], [3, 2, 1, 0]])
def test_equal_scores_form_one_step(order):
    # a positive and a negative share the score 0.5
    # threshold  inf  0.9  0.5  0.2
    # TP          0    1    2    2  -> tpr 0 .5 1 1
    # FP          0    0    1    2  -> fpr 0 0 .5 1
    # AUC = 0.5 * (0.5 + 1) / 2 + 0.5 * 1 = 0.875 (the tie counts 1/2)
    scores = np.array([0.9, 0.5, 0.5, 0.2])[order]
    y = np.array([1, 1, 0, 0])[order]
    fpr, tpr, thr = M.roc_curve(scores, y)
    np.testing.assert_allclose(fpr, [0, 0, 0.5, 1])
    np.testing.assert_allclose(tpr, [0, 0.5, 1, 1])
    np.testing.assert_allclose(thr, [np.inf, 0.9, 0.5, 0.2])
    assert M.roc_auc(scores, y) == pytest.approx(0.875)


def test_perfect_inverted_and_constant_scores():
    y = [0, 1, 0, 1, 1]
    good = [0.1, 0.9, 0.2, 0.8, 0.7]
    assert M.roc_auc(good, y) == 1.0
    assert M.roc_auc(-np.array(good), y) == 0.0
    # one tie of everything: the diagonal from (0,0) to (1,1)
    fpr, tpr, _ = M.roc_curve(np.zeros(5), y)
    np.testing.assert_array_equal(fpr, [0, 1])
    np.testing.assert_array_equal(tpr, [0, 1])
    assert M.roc_auc(np.zeros(5), y) == 0.5


def test_auc_trapezoids_by_hand():
    # a triangle of base 2 and height 1
    assert M.auc([0, 1, 2], [0, 1, 0]) == 1.0
    # decreasing x gives the same positive area
    assert M.auc([2, 1, 0], [0, 1, 0]) == 1.0
    # trapezoid 0..1 under 1 -> 3: (1 + 3) / 2 = 2
    assert M.auc([0, 1], [1, 3]) == 2.0


def test_auc_errors():
    with pytest.raises(ValueError, match="auc: x must be monotonic"):
        M.auc([0, 2, 1], [0, 1, 0])
    with pytest.raises(ValueError, match="auc: need at least 2 points"):
        M.auc([0], [1])
    with pytest.raises(ValueError, match=r"auc: y must have shape \(3,\), "
                                         r"got \(2,\)"):
        M.auc([0, 1, 2], [0, 1])


def test_roc_float32_scores_work():
    fpr, tpr, thr = M.roc_curve(np.float32([0.1, 0.4, 0.35, 0.8]),
                                [0, 0, 1, 1])
    assert thr.dtype == np.float32 and thr[0] == np.inf
    assert M.auc(fpr, tpr) == 0.75


# Errors ---------------------------------------------------------------------

def test_lengths_differ():
    with pytest.raises(ValueError, match="accuracy: y_pred and y must have "
                                         "the same length, got 5 and 4"):
        M.accuracy([0, 1, 0, 1, 1], [0, 1, 0, 1])
    with pytest.raises(ValueError, match="roc_curve: scores and y must have "
                                         "the same length, got 3 and 2"):
        M.roc_curve([0.1, 0.2, 0.3], [0, 1])


def test_probabilities_instead_of_labels_get_a_hint():
    probs = np.array([[0.9, 0.1], [0.2, 0.8]])
    with pytest.raises(ValueError, match=r"f1_score: y_pred must be 1-D "
                       r"class labels, got shape \(2, 2\); did you pass "
                       r"probabilities\? take \.argmax\(axis=1\)"):
        M.f1_score(probs, [0, 1])
    with pytest.raises(ValueError, match=r"accuracy: y must be 1-D class "
                                         r"labels.*one-hot"):
        M.accuracy([0, 1], np.eye(2))
    # (m, 1) against (m,) is an error, never a broadcast
    with pytest.raises(ValueError, match=r"accuracy: y_pred must be 1-D "
                       r"class labels, got shape \(2, 1\); a column of "
                       r"labels\? use \.ravel\(\)"):
        M.accuracy(np.array([[0], [1]]), [0, 1])
    with pytest.raises(ValueError, match=r"roc_curve: scores .*got shape "
                                         r"\(2, 1\); use \.ravel\(\)"):
        M.roc_curve(np.array([[0.2], [0.7]]), [0, 1])
    with pytest.raises(ValueError, match=r"roc_auc: scores must be 1-D, "
                                         r"one score per sample.*\[:, 1\]"):
        M.roc_auc(probs, [0, 1])


def test_float_labels_must_be_whole_numbers():
    with pytest.raises(ValueError, match="confusion_matrix: y_pred must hold "
                                         "whole-number class labels, got 0.5"):
        M.confusion_matrix([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="y must hold whole-number"):
        M.accuracy([0, 1], [0, np.nan])
    with pytest.raises(TypeError, match="precision: y must hold integer "
                                        "class labels, got dtype <U3"):
        M.precision([0, 1], ["cat", "dog"])


def test_label_ranges():
    with pytest.raises(ValueError, match="recall: class labels must be "
                                         ">= 0, got -1 in y"):
        M.recall([0, 1], [0, -1])
    with pytest.raises(ValueError, match=r"confusion_matrix: labels must be "
                       r"in 0\.\.2 \(num_classes=3\), got label 3"):
        M.confusion_matrix([0, 3], [0, 1], num_classes=3)


@pytest.mark.parametrize("metric", METRICS)
def test_unknown_average(metric):
    name = metric.__name__
    with pytest.raises(ValueError, match=rf"{name}: average must be 'macro', "
                                         r"'micro' or None, got 'weighted'"):
        metric(Y_PRED, Y, average="weighted")


def test_roc_needs_binary_labels_of_both_classes():
    with pytest.raises(ValueError, match=r"roc_curve: y must hold binary "
                       r"labels 0 and 1, got values \[0 2\]"):
        M.roc_curve([0.1, 0.2], [0, 2])
    with pytest.raises(ValueError, match="roc_auc: y holds only class 1; "
                       "the ROC curve and its AUC are undefined"):
        M.roc_auc([0.1, 0.2, 0.3], [1, 1, 1])


def test_nan_scores():
    with pytest.raises(ValueError, match="roc_curve: scores contains NaN"):
        M.roc_curve([0.1, np.nan], [0, 1])


def test_empty_input():
    with pytest.raises(ValueError, match="accuracy: got empty label arrays"):
        M.accuracy([], [])
    with pytest.raises(ValueError, match="f1_score: got empty"):
        M.f1_score(np.array([], int), np.array([], int))
    with pytest.raises(ValueError, match="roc_curve: got empty arrays"):
        M.roc_curve([], [])


# Against scikit-learn --------------------------------------------------------
# scikit-learn takes (y_true, y_pred): the reverse of the book's order.

@pytest.mark.parametrize("seed", range(6))
def test_matches_sklearn_classification(seed):
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    k = 5
    # seeds 3..5 leave class 2 out of both arrays: macro skips it
    classes = [0, 1, 3, 4] if seed >= 3 else range(k)
    y = rng.choice(classes, size=60)
    y_pred = np.where(rng.random(60) < 0.5, y, rng.choice(classes, size=60))
    assert M.accuracy(y_pred, y) == pytest.approx(sk.accuracy_score(y, y_pred))
    np.testing.assert_array_equal(
        M.confusion_matrix(y_pred, y, num_classes=k),
        sk.confusion_matrix(y, y_pred, labels=range(k)))
    for ours, theirs in [(M.precision, sk.precision_score),
                         (M.recall, sk.recall_score),
                         (M.f1_score, sk.f1_score)]:
        for average in ("macro", "micro"):
            assert ours(y_pred, y, average) == pytest.approx(
                theirs(y, y_pred, average=average, zero_division=0))
        np.testing.assert_allclose(
            ours(y_pred, y, None, num_classes=k),
            theirs(y, y_pred, average=None, labels=range(k),
                   zero_division=0))


@pytest.mark.parametrize("seed", range(6))
def test_matches_sklearn_roc(seed):
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=80)
    # rounded to one decimal: many ties
    scores = np.round(rng.normal(size=80) + y, 1)
    fpr, tpr, thr = M.roc_curve(scores, y)
    sk_fpr, sk_tpr, sk_thr = sk.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_allclose(thr[1:], sk_thr[1:])
    assert M.roc_auc(scores, y) == pytest.approx(sk.roc_auc_score(y, scores))
