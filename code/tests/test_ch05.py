"""Chapter 5's checkers accept the reference answers and name the usual mistakes."""

import numpy as np
import pytest

from nnscratch import losses
from nnscratch.exercises import ch05
from reporting import words


def bce(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def cross_entropy(scores, y):
    z = np.asarray(scores, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def stub(*args):
    raise NotImplementedError


# check_bce -----------------------------------------------------------------

def test_check_bce_accepts_the_reference_and_the_library():
    for answer in (bce, losses.binary_cross_entropy):
        report = ch05.check_bce(answer)
        assert report, str(report)
        assert "7/7 checks passed: all passed." in str(report)


def test_check_bce_accepts_a_larger_eps():
    def bce_1e7(p, y):
        p = np.clip(p, 1e-7, 1 - 1e-7)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    assert ch05.check_bce(bce_1e7)


def test_check_bce_accepts_eps_added_inside_the_log():
    def bce_add_eps(p, y, eps=1e-12):
        return float(-np.mean(y * np.log(p + eps)
                              + (1 - y) * np.log(1 - p + eps)))

    report = ch05.check_bce(bce_add_eps)
    assert report, str(report)


def _no_clip(p, y):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@pytest.mark.parametrize("broken, named", [
    (lambda p, y: -bce(p, y), "missing minus sign"),
    (lambda p, y: bce(p, y) * np.size(y), "sum instead of mean"),
    (lambda p, y: float(-np.mean(y * np.log(np.clip(p, 1e-12, 1)))),
     "forgot the (1 - y) term"),
    (lambda p, y: float(-np.mean(np.log(np.clip(p, 1e-12, 1)))),
     "every sample is charged -log p"),
    (_no_clip, "clip p before taking the log"),
])
def test_check_bce_names_the_usual_mistakes(broken, named):
    report = ch05.check_bce(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_bce_without_clipping_fails_only_the_extreme_cases():
    report = ch05.check_bce(_no_clip)
    text = words(report)
    assert report.failed == 2 and "✗ p exactly 0 or 1 and right" in text
    assert "(got nan" in text and "(got inf" in text


def test_check_bce_wants_one_number():
    def per_sample(p, y):
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))

    text = words(ch05.check_bce(per_sample))
    assert "expected one number" in text and "np.mean" in text
    assert "did you forget `return`?" in words(ch05.check_bce(lambda p, y: None))


def test_check_bce_reports_an_unfinished_stub_once():
    report = ch05.check_bce(stub)
    text = str(report)
    assert not report and report.passed == 0 and report.total == 7
    assert text.count("✗") == 1 and "✗ not implemented yet" in text
    assert text.endswith("0/7 checks passed: the answer is not written yet.")


# check_cross_entropy ---------------------------------------------------------

def test_check_cross_entropy_accepts_the_reference_and_the_library():
    for answer in (cross_entropy, losses.cross_entropy):
        report = ch05.check_cross_entropy(answer)
        assert report, str(report)
        assert "6/6 checks passed: all passed." in str(report)


def _naive(scores, y):
    z = np.asarray(scores, dtype=float)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def _column_block(scores, y):
    z = np.asarray(scores, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[:, y]))


def _wrong_axis(scores, y):
    z = np.asarray(scores, dtype=float)
    z = z - z.max(axis=0, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=0, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


@pytest.mark.parametrize("broken, named", [
    (_naive, "use the log-sum-exp trick"),
    (lambda s, y: cross_entropy(s, y) * len(y), "sum instead of mean"),
    (lambda s, y: -cross_entropy(s, y), "missing minus sign"),
    (_column_block, "wrong class indexing"),
    (_wrong_axis, "softmax along the wrong axis"),
])
def test_check_cross_entropy_names_the_usual_mistakes(broken, named):
    report = ch05.check_cross_entropy(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_cross_entropy_naive_version_passes_small_scores_only():
    report = ch05.check_cross_entropy(_naive)
    text = words(report)
    assert "✓ 3 samples, 3 classes" in text
    assert "✗ scores of 1000 (no overflow)" in text
    assert "✗ scores of -1000 (no log of 0)" in text


def test_check_cross_entropy_reports_a_crash_and_a_stub():
    def crashes(scores, y):
        return scores[y]  # IndexError for labels past the number of rows

    assert "raised IndexError" in words(ch05.check_cross_entropy(crashes))
    report = ch05.check_cross_entropy(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 6
