"""Chapter 5's checkers accept correct answers (the reference, the library and
other correct ways to write them, in float64 and float32) and reject the usual
mistakes, naming each one."""

import numpy as np
import pytest

from nnscratch import losses
from nnscratch.exercises import ch05
from reporting import words


def stub(*args):
    raise NotImplementedError


# check_bce -----------------------------------------------------------------

def bce(p, y):
    """The chapter's solution: an eps the dtype can resolve, float32 kept."""
    eps = max(1e-12, float(np.finfo(p.dtype).eps))
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def bce_float64(p, y):
    """Another correct answer: compute in float64, where 1e-12 is fine."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-12, 1 - 1e-12)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def bce_1e7(p, y):
    """A larger fixed eps, which float32 can also resolve."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def bce_add_eps(p, y, eps=1e-12):
    """eps added inside the log instead of clipping."""
    return float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))


def bce_where(p, y):
    """Choose the live term with np.where (labels are 0 or 1), log1p for 1 - p."""
    eps = max(1e-12, float(np.finfo(p.dtype).eps))
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(np.where(y == 1, -np.log(p), -np.log1p(-p))))


@pytest.mark.parametrize("answer", [bce, bce_float64, bce_1e7, bce_add_eps,
                                    bce_where, losses.binary_cross_entropy])
def test_check_bce_accepts_correct_answers(answer):
    report = ch05.check_bce(answer)
    assert report, str(report)
    assert "9/9 checks passed: all passed." in str(report)


def _no_clip(p, y):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _fixed_tiny_eps(p, y, eps=1e-12):
    """Right in float64; in float32 1 - 1e-12 is 1, so p = 1 is not clipped."""
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _clip_below_only(p, y):
    p = np.maximum(p, 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@pytest.mark.parametrize("broken, named", [
    (lambda p, y: -bce_float64(p, y), "missing minus sign"),
    (lambda p, y: bce_float64(p, y) * np.size(y), "sum instead of mean"),
    (lambda p, y: float(-np.mean(y * np.log(np.clip(p, 1e-12, 1)))),
     "forgot the (1 - y) term"),
    (lambda p, y: float(-np.mean(np.log(np.clip(p, 1e-12, 1)))),
     "every sample is charged -log p"),
    (_no_clip, "clip p at both ends before taking the log"),
    (_clip_below_only, "clip p at both ends before taking the log"),
    (_fixed_tiny_eps, "in float32, 1 - 1e-12 rounds to exactly 1"),
])
def test_check_bce_names_the_usual_mistakes(broken, named):
    report = ch05.check_bce(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_bce_without_clipping_fails_only_the_extreme_cases():
    report = ch05.check_bce(_no_clip)
    text = words(report)
    assert report.failed == 4 and "✗ p exactly 0 or 1 and right" in text
    assert "(got nan" in text and "(got inf" in text
    # the float32 hint is for answers that already clip in float64
    assert "rounds to exactly 1" not in text


def test_check_bce_fixed_1e12_fails_only_in_float32():
    report = ch05.check_bce(_fixed_tiny_eps)
    text = words(report)
    assert report.failed == 2, text
    assert "✗ float32, p exactly 0 or 1 and right" in text
    assert "✗ float32, p exactly 0 or 1 and wrong" in text
    assert "np.finfo(p.dtype).eps" in text


def test_check_bce_rejects_an_eps_too_large():
    def bce_1e3(p, y):  # -log(1e-3) = 6.9: capped far too low
        p = np.clip(p, 1e-3, 1 - 1e-3)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    report = ch05.check_bce(bce_1e3)
    assert not report and "a sure and wrong prediction costs -log(eps)" in words(report)


def test_check_bce_wants_one_number():
    def per_sample(p, y):
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))

    text = words(ch05.check_bce(per_sample))
    assert "expected one number" in text and "np.mean" in text
    assert "did you forget `return`?" in words(ch05.check_bce(lambda p, y: None))


def test_check_bce_reports_an_unfinished_stub_once():
    report = ch05.check_bce(stub)
    text = str(report)
    assert not report and report.passed == 0 and report.total == 9
    assert text.count("✗") == 1 and "✗ not implemented yet" in text
    assert text.endswith("0/9 checks passed: the answer is not written yet.")


# check_cross_entropy ---------------------------------------------------------

def cross_entropy(scores, y):
    """The chapter's solution: each row's maximum, computed in float64."""
    scores = np.asarray(scores, dtype=float)
    m = len(y)
    c = scores.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(scores - c).sum(axis=1))
    return float(np.mean(lse - scores[np.arange(m), y]))


def ce_float32_kept(scores, y):
    """log-softmax with shifted scores in the input's dtype (float32 stays)."""
    z = scores - scores.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def ce_logaddexp(scores, y):
    """NumPy's own stable log-sum-exp: np.logaddexp.reduce along each row."""
    z = np.asarray(scores, dtype=float)
    return float(np.mean(np.logaddexp.reduce(z, axis=1) - z[np.arange(len(y)), y]))


def ce_one_hot(scores, y):
    """Shift both terms by c and use a one-hot matrix instead of indexing."""
    z = np.asarray(scores, dtype=float)
    shifted = z - z.max(axis=1, keepdims=True)
    one_hot = np.eye(z.shape[1])[y]
    lse = np.log(np.exp(shifted).sum(axis=1))
    return float(np.mean(lse - (one_hot * shifted).sum(axis=1)))


@pytest.mark.parametrize("answer", [cross_entropy, ce_float32_kept, ce_logaddexp,
                                    ce_one_hot, losses.cross_entropy])
def test_check_cross_entropy_accepts_correct_answers(answer):
    report = ch05.check_cross_entropy(answer)
    assert report, str(report)
    assert "9/9 checks passed: all passed." in str(report)


def _naive(scores, y):
    z = np.asarray(scores, dtype=float)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def _global_max(scores, y):
    """Subtracts the maximum of the whole array instead of each row's."""
    z = np.asarray(scores, dtype=float)
    c = z.max()
    lse = c + np.log(np.exp(z - c).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]))


def _log_of_stable_softmax(scores, y):
    z = np.asarray(scores, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def _c_not_added_back(scores, y):
    z = np.asarray(scores, dtype=float)
    lse = np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]))


def _no_keepdims(scores, y):
    z = np.asarray(scores, dtype=float)
    c = z.max(axis=1)
    lse = c + np.log(np.exp(z - c).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]))


def _sum_whole_array(scores, y):
    z = np.asarray(scores, dtype=float)
    c = z.max()
    lse = c + np.log(np.exp(z - c).sum())
    return float(np.mean(lse - z[np.arange(len(y)), y]))


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
    (_global_max, "subtract each row's own maximum"),
    (_log_of_stable_softmax, "the true class trails by 800"),
    (_c_not_added_back, "add the maximum back"),
    (_no_keepdims, "keep the row maxima as a column"),
    (_sum_whole_array, "log-sum-exp runs over the k scores of each row"),
])
def test_check_cross_entropy_names_the_usual_mistakes(broken, named):
    report = ch05.check_cross_entropy(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_cross_entropy_global_max_fails_only_far_apart_rows():
    report = ch05.check_cross_entropy(_global_max)
    text = words(report)
    assert report.failed == 1, text
    assert "✗ rows 1000 apart" in text and "(got -inf" in text


def test_check_cross_entropy_log_of_softmax_fails_only_the_trailing_class():
    report = ch05.check_cross_entropy(_log_of_stable_softmax)
    assert report.failed == 1 and "✗ true class 800 behind" in words(report)


def test_check_cross_entropy_without_keepdims_explains_the_broadcast():
    text = words(ch05.check_cross_entropy(_no_keepdims))
    assert "✗ 3 samples, 3 classes (got" in text   # square: a wrong number
    assert "raised ValueError" in text and "shapes did not broadcast" in text


def test_check_cross_entropy_naive_version_passes_small_scores_only():
    report = ch05.check_cross_entropy(_naive)
    text = words(report)
    assert "✓ 3 samples, 3 classes" in text and "✓ float32 scores" in text
    assert "✗ scores of 1000 (no overflow)" in text
    assert "✗ scores of -1000 (no log of 0)" in text


def test_check_cross_entropy_reports_a_crash_and_a_stub():
    def crashes(scores, y):
        return scores[y]  # IndexError for labels past the number of rows

    assert "raised IndexError" in words(ch05.check_cross_entropy(crashes))
    report = ch05.check_cross_entropy(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 9
