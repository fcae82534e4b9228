"""Chapter 3: the checkers accept the reference answers and other correct ones
(a different value at a kink, float32 kept, a stable np.where whose unused
branch overflows) and reject realistic mistakes with the right hint; the
figures and the explorer it adds draw what they say."""

import math

import numpy as np
import pytest

from nnscratch import activations
from nnscratch.exercises import ch03
from reporting import failed_lines, words


def assert_rejected(report, failing, hint):
    """The report fails, on a check whose text holds `failing`, with `hint`."""
    text = words(report)
    assert not report, text
    assert any(failing in line for line in failed_lines(report)), text
    assert hint in text, text


# ------------------------------------------------------------- check_softmax

def reference_softmax(z):  # the chapter's solution
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def max_method_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def float32_kept_softmax(z):
    z = np.asarray(z)  # float32 in, float32 out
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(z.dtype)


def float32_always_softmax(z):
    return max_method_softmax(np.asarray(z, dtype=np.float32))


def log_sum_exp_softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - lse)


def where_softmax(z):
    # shift only rows with large scores; np.where still computes exp(z)
    # for those rows, which overflows, and throws it away
    m = np.max(z, axis=-1, keepdims=True)
    e = np.where(np.abs(m) > 50, np.exp(z - m), np.exp(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def row_loop_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        e = np.exp(z - max(z))
        return e / sum(e)
    return np.array([row_loop_softmax(row) for row in z])


@pytest.mark.parametrize("answer", [
    reference_softmax, activations.softmax, max_method_softmax,
    float32_kept_softmax, float32_always_softmax, log_sum_exp_softmax,
    where_softmax, row_loop_softmax,
])
def test_check_softmax_accepts_correct_answers(answer):
    with np.errstate(all="raise"):  # a warning left loose would raise here
        report = ch03.check_softmax(answer)
    assert report and "11/11 checks passed: all passed." in str(report), str(report)


def naive_softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def global_max_softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def min_softmax(z):
    e = np.exp(z - np.min(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def mean_softmax(z):
    e = np.exp(z - np.mean(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def shift_top_only_softmax(z):
    return (np.exp(z - np.max(z, axis=-1, keepdims=True))
            / np.sum(np.exp(z), axis=-1, keepdims=True))


def columns_softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def whole_sum_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


def no_keepdims_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


def max_no_keepdims_softmax(z):
    e = np.exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1, keepdims=True)


def in_place_softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def axis_1_softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def always_2d_softmax(z):
    return max_method_softmax(np.atleast_2d(z))


def math_exp_softmax(z):
    return np.array([math.exp(v) for v in z]) / sum(math.exp(v) for v in z)


@pytest.mark.parametrize("broken, failing, hint", [
    (naive_softmax, "large scores [1000, 1000, 999] (no nan)",
     "subtract the maximum before exp"),
    (global_max_softmax, "rows are far apart", "subtract each row's own maximum"),
    (min_softmax, "scores far apart in one row", "not the minimum"),
    (mean_softmax, "scores far apart in one row", "not the mean"),
    (shift_top_only_softmax, "product scores", "shift the top and the bottom by the same"),
    (columns_softmax, "a batch of 2 rows", "normalise each row (one sample), not each column"),
    (whole_sum_softmax, "a batch of 2 rows", "not by the sum of the whole batch"),
    (no_keepdims_softmax, "a square batch", "keep the summed axis"),
    (max_no_keepdims_softmax, "a batch of 2 rows", "in both the maximum and the sum"),
    (max_no_keepdims_softmax, "a square batch", "keep the reduced axis of the maximum too"),
    (in_place_softmax, "leaves the caller's z unchanged", "not z -= np.max"),
    (axis_1_softmax, "product scores", "use axis=-1 (the last axis)"),
    (always_2d_softmax, "product scores", "got shape (1, 3)"),
    (always_2d_softmax, "product scores", "the same shape as z"),
    (math_exp_softmax, "large scores", "math.exp(1000) does not fit in a float"),
])
def test_check_softmax_rejects_mistakes_and_says_why(broken, failing, hint):
    assert_rejected(ch03.check_softmax(broken), failing, hint)


def test_check_softmax_is_quiet_about_overflow():
    with np.errstate(all="raise"):  # a warning left loose would raise here
        report = ch03.check_softmax(naive_softmax)
    assert "got [nan nan nan]" in words(report)


def test_check_softmax_names_a_mistake_only_when_it_fits():
    # right except on the far-apart batch row: not one of the known mistakes,
    # so no mistake's hint is given, only the case's own
    def wrong_far_rows(z):
        p = max_method_softmax(z)
        if np.ndim(z) == 2 and np.max(z) > 500:
            p = np.full_like(p, 1 / p.shape[-1])
        return p

    text = words(ch03.check_softmax(wrong_far_rows))
    assert "not the minimum" not in text and "not the mean" not in text
    assert "subtract each row's own maximum" in text


def test_check_softmax_reports_an_unfinished_stub_once():
    def stub(z):
        raise NotImplementedError

    report = ch03.check_softmax(stub)
    text = str(report)
    assert not report and report.passed == 0 and report.total == 11
    assert text.count("✗") == 1 and "✗ not implemented yet" in text


# --------------------------------------------------- check_sigmoid_derivative

def reference_sigmoid_derivative(z):  # the chapter's solution
    s = activations.sigmoid(z)
    return s * (1 - s)


def where_sigmoid_derivative(z):
    # stable: each branch is used only where its exp(...) is <= 1; the
    # branch thrown away overflows (inf / inf = nan), harmlessly
    return np.where(z >= 0, np.exp(-z) / (1 + np.exp(-z)) ** 2,
                    np.exp(z) / (1 + np.exp(z)) ** 2)


def where_sigmoid_then_slope(z):
    s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return s * (1 - s)


def float32_kept_sigmoid_derivative(z):
    z = np.asarray(z)
    return reference_sigmoid_derivative(z).astype(z.dtype)


def float32_always_sigmoid_derivative(z):
    return reference_sigmoid_derivative(np.asarray(z, dtype=np.float32))


@pytest.mark.parametrize("answer", [
    reference_sigmoid_derivative,
    activations.sigmoid_derivative,
    lambda z: activations.sigmoid(z) * activations.sigmoid(-z),
    lambda z: 0.25 * (1 - np.tanh(z / 2) ** 2),
    lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2,
    where_sigmoid_derivative,
    where_sigmoid_then_slope,
    float32_kept_sigmoid_derivative,
    float32_always_sigmoid_derivative,
    lambda z: (lambda s: s * (1 - s))(1 / (1 + np.exp(-z))),  # 1/inf = 0: fine
])
def test_check_sigmoid_derivative_accepts_correct_answers(answer):
    with np.errstate(all="raise"):  # a warning left loose would raise here
        report = ch03.check_sigmoid_derivative(answer)
    assert report and "8/8 checks passed: all passed." in str(report), str(report)


def math_sigmoid_derivative(z):
    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def clipped_sigmoid_derivative(z):
    e = np.exp(-np.clip(z, -700, 700))
    return e / (1 + e) ** 2


def sig(z):
    return activations.sigmoid(z)


@pytest.mark.parametrize("broken, failing, hint", [
    (lambda z: z * (1 - z), "sigmoid'(0) == 0.25", "not to z itself"),
    (lambda z: sig(z), "sigmoid'(0) == 0.25", "that is sigmoid(z) itself"),
    (lambda z: 1 - sig(z) ** 2, "sigmoid'(0) == 0.25", "tanh's derivative"),
    (lambda z: sig(z) * (1 - sig(-z)), "sigmoid'(2) == 0.1050", "is s * s"),
    (lambda z: 2 * sig(z) * (1 - sig(z)), "sigmoid'(0) == 0.25", "no factor 2"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "no nan for large |z|",
     "for z = -1000 it is inf/inf = nan"),
    (lambda z: np.exp(z) / (1 + np.exp(z)) ** 2, "no nan for large |z|",
     "for z = 1000 it is inf/inf = nan"),
    (clipped_sigmoid_derivative, "float32 [-100, -2, 0, 2, 100]",
     "in float32 exp overflows already above 88"),
    (math_sigmoid_derivative, "works elementwise", "not math.exp"),
    (np.vectorize(math_sigmoid_derivative), "no nan for large |z|",
     "math.exp(1000) does not fit in a float"),
    (lambda z: None, "sigmoid'(0) == 0.25", "did you forget `return`?"),
])
def test_check_sigmoid_derivative_rejects_mistakes_and_says_why(broken, failing, hint):
    assert_rejected(ch03.check_sigmoid_derivative(broken), failing, hint)


def test_check_sigmoid_derivative_tells_look_alike_mistakes_apart():
    # at z = 0, 2 s (1 - s) = 0.5 = sigmoid(0): only the second point tells
    text = words(ch03.check_sigmoid_derivative(lambda z: 2 * sig(z) * (1 - sig(z))))
    assert "that is sigmoid(z) itself" not in text
    # at z = ±1000, s * s = [0, 1] = sigmoid(z)
    text = words(ch03.check_sigmoid_derivative(lambda z: sig(z) * (1 - sig(-z))))
    assert "that is sigmoid(z) itself" not in text
    assert "never larger than 1/4 on [-10, 10] (the largest value is 0.9999)" in text


def test_check_sigmoid_derivative_reports_a_stub():
    def stub(z):
        raise NotImplementedError

    report = ch03.check_sigmoid_derivative(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 8
    assert "not implemented yet" in str(report)


# ------------------------------------------------ check_leaky_relu_derivative

def reference_leaky(z, alpha=0.01):  # the chapter's solution
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def float32_kept_leaky(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def ones_like_leaky(z, alpha=0.01):
    d = np.ones_like(z)
    d[z < 0] = alpha
    return d


def where_leaky(z, alpha=0.01):
    # z / |z| is 1 where it is used; at z = 0 the unused branch is 0/0 = nan
    return np.where(z > 0, z / np.abs(z), alpha)


@pytest.mark.parametrize("answer", [
    reference_leaky,
    activations.leaky_relu_derivative,
    lambda z, alpha=0.01: np.where(np.asarray(z) >= 0, 1.0, alpha),  # 1 at the kink
    lambda z, alpha=0.01: alpha + (1 - alpha) * np.heaviside(z, 0.5),  # halfway
    lambda z, alpha=0.01: (z > 0) + alpha * (z <= 0),
    lambda z, alpha=0.01: (np.asarray(z) > 0) * (1 - alpha) + alpha,
    float32_kept_leaky,
    lambda z, alpha=0.01: np.where(z > 0, np.float32(1), np.float32(alpha)),
    ones_like_leaky,
    where_leaky,
])
def test_check_leaky_relu_derivative_accepts_correct_answers(answer):
    with np.errstate(all="raise"):  # a warning left loose would raise here
        report = ch03.check_leaky_relu_derivative(answer)
    assert report and "10/10 checks passed: all passed." in str(report), str(report)


def in_place_leaky(z, alpha=0.01):
    z[z > 0] = 1
    z[z <= 0] = alpha
    return z


@pytest.mark.parametrize("broken, failing, hint", [
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.0),
     "slope 0.01 for z = -2", "ReLU's derivative"),
    (lambda z, alpha=0.01: activations.leaky_relu(z, alpha),
     "slope 1 for z = 3", "that is leaky ReLU itself"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.01),
     "slope alpha = 0.2", "use the argument alpha"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, alpha * np.asarray(z)),
     "slope 0.01 for z = -2", "not the value alpha * z"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, z, alpha),
     "slope 1 for z = 3", "not z"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, alpha, 1.0),
     "slope 1 for z = 3", "the two slopes are swapped"),
    (lambda z, alpha=0.01: 1.0 if z > 0 else alpha, "works elementwise", "np.where"),
    (lambda z, alpha=0.01: np.where(z > 0, 1.0, np.where(z < 0, alpha, 0.0)),
     "at the kink z = 0", "any value from alpha to 1"),
    (in_place_leaky, "leaves the caller's z unchanged", "write into the copy"),
])
def test_check_leaky_relu_derivative_rejects_mistakes_and_says_why(broken, failing, hint):
    assert_rejected(ch03.check_leaky_relu_derivative(broken), failing, hint)


def test_check_leaky_relu_derivative_reports_a_stub():
    def stub(z, alpha=0.01):
        raise NotImplementedError

    report = ch03.check_leaky_relu_derivative(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 10


# ------------------------------------------------------------- the figures

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_small_slope_tails_finds_the_flat_ends_only():
    z = np.linspace(-6, 6, 1201)
    tails = plot.part1._small_slope_tails(z, activations.sigmoid_derivative(z), 0.05)
    (lo1, hi1), (lo2, hi2) = tails
    assert lo1 == -6 and hi2 == 6 and hi1 == pytest.approx(-2.89, abs=0.02)
    assert lo2 == pytest.approx(2.89, abs=0.02)
    # GELU's slope crosses 0 near z = -0.75: a dip, not a tail
    tails = plot.part1._small_slope_tails(z, activations.gelu_derivative(z), 0.05)
    assert len(tails) == 1 and tails[0][1] < -2
    assert plot.part1._small_slope_tails(z, np.zeros_like(z), 0.05) == [(-6, 6)]
    assert plot.part1._small_slope_tails(z, np.ones_like(z), 0.05) == []


def test_activation_pair_draws_the_function_beside_its_derivative():
    fig = plot.activation_pair("tanh")
    left, right = fig.axes
    z, a = left.lines[-1].get_data()
    np.testing.assert_allclose(a, np.tanh(z))
    _, slope = right.lines[-1].get_data()
    np.testing.assert_allclose(slope, 1 - np.tanh(z) ** 2)
    assert len(left.patches) == 2  # two shaded tails
    assert len(fig.legends) == 1
    assert [t.get_text() for t in right.texts] == ["$z < -2.2$", "$z > 2.2$"]
    assert [t.get_text() for t in plot.activation_pair("relu").axes[1].texts] == ["$z < 0$"]


def test_activation_curves_uses_w_and_b():
    ax = plot.activation_curves("relu", w=2.0, b=-1.0, x=np.linspace(-3, 3, 61))
    x, a = ax.lines[-2].get_data()
    np.testing.assert_allclose(a, np.maximum(2 * x - 1, 0))
    assert "w = 2, b = -1" in ax.get_title() and "input" in ax.get_xlabel()


def test_activation_gallery_has_a_panel_per_activation_and_one_legend():
    fig = plot.activation_gallery(["sigmoid", "relu", "gelu", "elu"], ncols=3)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 4 and len(fig.axes) == 6
    assert [ax.get_title() for ax in visible] == ["sigmoid σ", "ReLU", "GELU", "ELU (α = 1)"]
    assert len(fig.legends) == 1
    assert visible[0].get_ylabel() and visible[3].get_ylabel()


def test_activation_knobs_makes_a_row_per_name_and_a_column_per_setting():
    fig = plot.activation_knobs([(1, 0), (4, 0), (1, -3)], ["sigmoid", "relu"])
    assert len(fig.axes) == 6
    assert fig.axes[5].get_title().endswith("w = 1, b = -3")
    assert fig.axes[0].get_ylabel() and fig.axes[3].get_ylabel()


@pytest.mark.parametrize("call, error, message", [
    (lambda: plot.activation_pair("swish"), ValueError, "unknown activation 'swish'"),
    (lambda: plot.activation_pair("relu", z=np.zeros((2, 2))), ValueError, "1-D grid"),
    (lambda: plot.activation_curves("relu", threshold=-1), ValueError, "positive number"),
    (lambda: plot.activation_gallery([]), ValueError, "names is empty"),
    (lambda: plot.activation_knobs([1, 2]), ValueError, r"list of \(w, b\) pairs"),
    (lambda: plot.activation_knobs([(1, 0)], ["relu", "nope"]), ValueError, "unknown activation"),
])
def test_activation_figures_reject_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ------------------------------------------------------------- the explorer

def controls(box):
    found = []
    for child in box.children:
        found.extend(controls(child) if hasattr(child, "children") else [child])
    return found


def test_activation_explorer_redraws_when_a_knob_moves(capsys):
    widgets = pytest.importorskip("nnscratch.widgets")
    box = widgets.activation_explorer("sigmoid", w=1.0, b=0.0)
    act, w, b, out = controls(box)
    assert (act.value, w.value, b.value) == ("sigmoid", 1.0, 0.0)
    assert set(act.options) == set(activations.ACTIVATIONS)
    w.value = 4.0
    b.value = -2.0
    act.value = "relu"
    assert [c.description for c in (act, w, b)] == ["φ", "w", "b"]
    # outside a kernel the Output widget lets the redraw's text through
    printed = capsys.readouterr().out
    assert "z = 4.0 x - 2.0" in printed and printed.count("z = ") == 4


def test_activation_explorer_rejects_an_unknown_activation():
    widgets = pytest.importorskip("nnscratch.widgets")
    with pytest.raises(ValueError, match="unknown activation"):
        widgets.activation_explorer("swish")
