"""Chapter 13's checkers accept the reference answers and name the usual
mistakes; plot.confusion_matrix draws and refuses bad input."""

import numpy as np
import pytest

from nnscratch import metrics
from nnscratch.exercises import ch13
from reporting import words


# check_macro_scores -------------------------------------------------------

def macro_scores(cm):
    cm = np.asarray(cm, dtype=float)
    tp, col, row = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    k = len(cm)
    p = np.divide(tp, col, out=np.zeros(k), where=col > 0)
    r = np.divide(tp, row, out=np.zeros(k), where=row > 0)
    f = np.divide(2 * tp, col + row, out=np.zeros(k), where=col + row > 0)
    return p.mean(), r.mean(), f.mean()


def test_check_macro_scores_accepts_the_reference():
    report = ch13.check_macro_scores(macro_scores)
    assert report and report.total == 4, str(report)


def test_reference_macro_scores_agree_with_the_library():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 200)
    y_pred = np.where(rng.random(200) < 0.6, y, rng.integers(0, 4, 200))
    cm = metrics.confusion_matrix(y_pred, y)
    want = [f(y_pred, y) for f in (metrics.precision, metrics.recall,
                                   metrics.f1_score)]
    assert np.allclose(macro_scores(cm), want)


def test_check_macro_scores_reports_a_stub_once():
    def stub(cm):
        raise NotImplementedError

    report = ch13.check_macro_scores(stub)
    text = str(report)
    assert not report and text.count("✗") == 1
    assert text.endswith("0/4 checks passed: the answer is not written yet.")


def micro(cm):
    acc = np.trace(cm) / np.sum(cm)
    return acc, acc, acc


def transposed(cm):
    return macro_scores(np.asarray(cm).T)


def f1_of_averages(cm):
    p, r, _ = macro_scores(cm)
    return p, r, 2 * p * r / (p + r)


def nan_for_unpredicted(cm):
    cm = np.asarray(cm, dtype=float)
    tp = np.diag(cm)
    with np.errstate(all="ignore"):
        p = tp / cm.sum(axis=0)
        r = tp / cm.sum(axis=1)
        f = 2 * p * r / (p + r)
    return p.mean(), r.mean(), f.mean()


def per_class(cm):
    cm = np.asarray(cm, dtype=float)
    return np.diag(cm) / cm.sum(axis=1)


@pytest.mark.parametrize("broken, named", [
    (micro, "these are the micro averages"),
    (transposed, "precision and recall are swapped"),
    (f1_of_averages, "the F1 is the F1 of the averages"),
    (nan_for_unpredicted, "take such a precision or F1 as 0"),
    (per_class, "expected three numbers"),
])
def test_check_macro_scores_names_common_mistakes(broken, named):
    report = ch13.check_macro_scores(broken)
    text = words(report)
    assert not report and named in text, text


# check_standardize --------------------------------------------------------

def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_ddof1(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0, ddof=1) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std


@pytest.mark.parametrize("answer", [standardize, standardize_ddof1])
def test_check_standardize_accepts_the_reference(answer):
    report = ch13.check_standardize(answer)
    assert report and report.total == 5, str(report)


def test_check_standardize_accepts_a_list_of_two():
    def as_list(X_train, X_test):
        return list(standardize(X_train, X_test))

    report = ch13.check_standardize(as_list)
    assert report and report.total == 5, str(report)


def test_check_standardize_accepts_the_library():
    from nnscratch import data

    def with_library(X_train, X_test):
        X_train_std, mean, std = data.standardize(X_train)
        return X_train_std, data.standardize(X_test, mean, std)[0]

    assert ch13.check_standardize(with_library)


def test_check_standardize_reports_a_stub():
    def stub(X_train, X_test):
        raise NotImplementedError

    report = ch13.check_standardize(stub)
    assert not report and str(report).count("✗") == 1
    assert report.total == 5


def own_stats(X_train, X_test):
    return standardize(X_train, X_train)[0], standardize(X_test, X_test)[0]


def pooled(X_train, X_test):
    both = np.concatenate([X_train, X_test])
    mean, std = both.mean(axis=0), both.std(axis=0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std


def global_stats(X_train, X_test):
    mean, std = X_train.mean(), X_train.std()
    return (X_train - mean) / std, (X_test - mean) / std


def no_eps(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return (X_train - mean) / std, (X_test - mean) / std


def in_place(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    X_train -= mean
    X_train /= std
    X_test -= mean
    X_test /= std
    return X_train, X_test


def upcast(X_train, X_test):
    a, b = standardize(X_train, X_test)
    return a.astype(np.float64), b.astype(np.float64)


@pytest.mark.parametrize("broken, failing, named", [
    (own_stats, "very different scales", "scaled with its own mean"),
    (pooled, "very different scales", "leaks the test set"),
    (global_stats, "very different scales", "each feature (column)"),
    (no_eps, "constant in the training set", "std + eps"),
    (in_place, "unchanged", "in place"),
    (upcast, "float32 data stay float32", "float64"),
])
def test_check_standardize_names_common_mistakes(broken, failing, named):
    report = ch13.check_standardize(broken)
    text = words(report)
    assert not report and f"✗ {failing}" in text or failing in text
    assert not report and named in text, text


# check_auc_pairs ----------------------------------------------------------

def auc_pairs(scores, y):
    scores, y = np.asarray(scores), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    right = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return (right + 0.5 * ties) / (len(pos) * len(neg))


def test_check_auc_pairs_accepts_the_reference_and_roc_auc():
    report = ch13.check_auc_pairs(auc_pairs)
    assert report and report.total == 7, str(report)
    assert ch13.check_auc_pairs(metrics.roc_auc)


def test_check_auc_pairs_reports_a_stub():
    def stub(scores, y):
        raise NotImplementedError

    report = ch13.check_auc_pairs(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 7


def strict(scores, y):
    scores, y = np.asarray(scores), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    return (pos[:, None] > neg[None, :]).mean()


def swapped(scores, y):
    return auc_pairs(scores, 1 - np.asarray(y))


def per_sample(scores, y):
    scores, y = np.asarray(scores), np.asarray(y)
    pos, neg = scores[y == 1], scores[y == 0]
    return (pos[:, None] > neg[None, :]).sum() / len(y) ** 2


@pytest.mark.parametrize("broken, named", [
    (strict, "ties count as 0"),
    (swapped, "the classes are swapped"),
    (per_sample, "n_pos * n_neg"),
])
def test_check_auc_pairs_names_common_mistakes(broken, named):
    report = ch13.check_auc_pairs(broken)
    text = words(report)
    assert not report and named in text, text


# plot.confusion_matrix ----------------------------------------------------

def test_confusion_matrix_plot_writes_counts_and_labels():
    plot = pytest.importorskip("nnscratch.plot")
    import matplotlib.pyplot as plt
    cm = np.array([[5, 1, 0], [2, 3, 1], [0, 0, 4]])
    ax = plot.confusion_matrix(cm, ["cat", "dog", "fox"], title="pets")
    assert [t.get_text() for t in ax.texts] == [
        "5", "1", "0", "2", "3", "1", "0", "0", "4"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "cat", "dog", "fox"]
    assert ax.get_xlabel() == "predicted class"
    assert ax.get_ylabel() == "true class" and ax.get_title() == "pets"
    plt.close(ax.figure)


def test_confusion_matrix_plot_normalizes_rows_and_uses_a_given_ax():
    plot = pytest.importorskip("nnscratch.plot")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    cm = np.array([[3, 1], [0, 0]])
    out = plot.confusion_matrix(cm, ax=ax, normalize=True)
    assert out is ax
    assert [t.get_text() for t in ax.texts] == ["0.75", "0.25",
                                               "0.00", "0.00"]
    plt.close(fig)


@pytest.mark.parametrize("cm, names, message", [
    (np.ones((2, 3)), None, r"square \(k, k\).*got shape \(2, 3\)"),
    (np.ones(3), None, r"square \(k, k\)"),
    (np.ones((2, 2)), ["a", "b", "c"], "got 3 class names for a 2 x 2"),
    (-np.ones((2, 2)), None, "counts >= 0"),
])
def test_confusion_matrix_plot_refuses_bad_input(cm, names, message):
    plot = pytest.importorskip("nnscratch.plot")
    with pytest.raises(ValueError, match=message):
        plot.confusion_matrix(cm, names)


# Correct alternatives a reader may write, and one more mistake -------------

def macro_scores_loop(cm):
    """Class by class, with NaN turned into 0 at the end; a list."""
    k = len(cm)
    p, r, f = [], [], []
    for c in range(k):
        tp = cm[c][c]
        col = sum(cm[i][c] for i in range(k))
        row = sum(cm[c][j] for j in range(k))
        p_c = tp / col if col else 0.0
        r_c = tp / row if row else 0.0
        p.append(p_c)
        r.append(r_c)
        f.append(2 * p_c * r_c / (p_c + r_c) if p_c + r_c else 0.0)
    return [sum(p) / k, sum(r) / k, sum(f) / k]


def macro_scores_nan(cm):
    """F1 = 2PR / (P + R) gives 0 / 0 for a class never predicted."""
    cm = np.asarray(cm, dtype=float)
    tp, col, row = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.nan_to_num(tp / col)
        r = tp / row
        f = 2 * p * r / (p + r)
    return p.mean(), r.mean(), f.mean()


def test_check_macro_scores_accepts_a_loop_returning_a_list():
    report = ch13.check_macro_scores(macro_scores_loop)
    assert report and report.total == 4, str(report)


def test_check_macro_scores_explains_an_f1_of_zero_over_zero():
    report = ch13.check_macro_scores(macro_scores_nan)
    text = words(report)
    assert not report and "NaN" in text and "P + R can be 0" in text, text


def standardize_where(X_train, X_test):
    """A constant feature divided by 1 instead of std + eps."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1, std).astype(X_train.dtype)
    return (X_train - mean) / std, (X_test - mean) / std


def test_check_standardize_accepts_a_std_of_zero_replaced_by_one():
    report = ch13.check_standardize(standardize_where)
    assert report and report.total == 5, str(report)


def auc_loop(scores, y):
    right = pairs = 0.0
    for s_pos, y_pos in zip(scores, y):
        for s_neg, y_neg in zip(scores, y):
            if y_pos == 1 and y_neg == 0:
                pairs += 1
                right += 1.0 if s_pos > s_neg else (
                    0.5 if s_pos == s_neg else 0.0)
    return right / pairs


def auc_ranks(scores, y):
    """Mann-Whitney: average ranks, ties sharing their mean rank."""
    scores, y = np.asarray(scores, float), np.asarray(y)
    values, inverse, counts = np.unique(scores, return_inverse=True,
                                        return_counts=True)
    top = np.cumsum(counts)                 # rank of each value's last
    mean_rank = top - (counts - 1) / 2      # mean of ranks it shares
    ranks = mean_rank[inverse]
    n_pos, n_neg = np.sum(y == 1), np.sum(y == 0)
    u = ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


@pytest.mark.parametrize("answer", [auc_loop, auc_ranks])
def test_check_auc_pairs_accepts_a_loop_and_ranks(answer):
    report = ch13.check_auc_pairs(answer)
    assert report and report.total == 7, str(report)
