"""Chapter 3: the checkers accept the reference answers and reject broken ones
with the right hint; the figures and the explorer it adds draw what they say."""

import numpy as np
import pytest

from nnscratch import activations
from nnscratch.exercises import ch03
from reporting import failed_lines, words


# ------------------------------------------------------------- check_softmax

def naive_softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def global_max_softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def columns_softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def no_keepdims_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


def in_place_softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def test_check_softmax_accepts_the_library_softmax():
    report = ch03.check_softmax(activations.softmax)
    assert report and "9/9 checks passed: all passed." in str(report)


@pytest.mark.parametrize("broken, failing, hint", [
    (naive_softmax, "large scores [1000, 1000, 999] (no nan)",
     "subtract the maximum before exp"),
    (global_max_softmax, "rows are far apart", "subtract each row's own maximum"),
    (columns_softmax, "a batch of 2 rows", "normalise each row (one sample), not each column"),
    (no_keepdims_softmax, "a square batch", "keep the summed axis"),
    (in_place_softmax, "leaves the caller's z unchanged", "not z -= np.max"),
])
def test_check_softmax_rejects_broken_answers_and_says_why(broken, failing, hint):
    report = ch03.check_softmax(broken)
    text = words(report)
    assert not report
    assert any(failing in line for line in failed_lines(report)), text
    assert hint in text


def max_method_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_sum_exp_softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - lse)


def row_loop_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        e = np.exp(z - max(z))
        return e / sum(e)
    return np.array([row_loop_softmax(row) for row in z])


@pytest.mark.parametrize("answer", [max_method_softmax, log_sum_exp_softmax,
                                    row_loop_softmax])
def test_check_softmax_accepts_other_correct_answers(answer):
    assert ch03.check_softmax(answer)


def test_check_softmax_explains_axis_1_and_a_wrong_shape():
    def axis_1(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    def always_2d(z):
        return max_method_softmax(np.atleast_2d(z))

    assert "use axis=-1 (the last axis)" in words(ch03.check_softmax(axis_1))
    text = words(ch03.check_softmax(always_2d))
    assert "got shape (1, 3)" in text and "the same shape as z" in text


def test_check_softmax_is_quiet_about_overflow():
    with np.errstate(all="raise"):  # a warning left loose would raise here
        report = ch03.check_softmax(naive_softmax)
    assert "got [nan nan nan]" in words(report)


def test_check_softmax_reports_an_unfinished_stub_once():
    def stub(z):
        raise NotImplementedError

    report = ch03.check_softmax(stub)
    text = str(report)
    assert not report and report.passed == 0 and report.total == 9
    assert text.count("✗") == 1 and "✗ not implemented yet" in text


# --------------------------------------------------- check_sigmoid_derivative

def test_check_sigmoid_derivative_accepts_the_library():
    report = ch03.check_sigmoid_derivative(activations.sigmoid_derivative)
    assert report and "7/7 checks passed" in str(report)


@pytest.mark.parametrize("broken, failing, hint", [
    (lambda z: z * (1 - z), "sigmoid'(0) == 0.25", "not to z itself"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "no nan for large |z|", "inf/inf = nan"),
    (lambda z: activations.sigmoid(z), "sigmoid'(0) == 0.25", "that is sigmoid(z) itself"),
    (lambda z: 1 - activations.sigmoid(z) ** 2, "sigmoid'(0) == 0.25", "tanh's derivative"),
])
def test_check_sigmoid_derivative_rejects_broken_answers(broken, failing, hint):
    report = ch03.check_sigmoid_derivative(broken)
    assert not report
    assert any(failing in line for line in failed_lines(report))
    assert hint in words(report)


@pytest.mark.parametrize("answer", [
    lambda z: activations.sigmoid(z) * activations.sigmoid(-z),
    lambda z: 0.25 * (1 - np.tanh(z / 2) ** 2),
    lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2,
])
def test_check_sigmoid_derivative_accepts_other_correct_answers(answer):
    assert ch03.check_sigmoid_derivative(answer)


def test_check_sigmoid_derivative_reports_a_stub():
    def stub(z):
        raise NotImplementedError

    report = ch03.check_sigmoid_derivative(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 7
    assert "not implemented yet" in str(report)


# ------------------------------------------------ check_leaky_relu_derivative

@pytest.mark.parametrize("answer", [
    activations.leaky_relu_derivative,
    lambda z, alpha=0.01: np.where(np.asarray(z) >= 0, 1.0, alpha),  # 1 at the kink
    lambda z, alpha=0.01: (z > 0) + alpha * (z <= 0),
    lambda z, alpha=0.01: (np.asarray(z) > 0) * (1 - alpha) + alpha,
])
def test_check_leaky_relu_derivative_accepts_either_value_at_the_kink(answer):
    report = ch03.check_leaky_relu_derivative(answer)
    assert report and "8/8 checks passed" in str(report)


@pytest.mark.parametrize("broken, failing, hint", [
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.0),
     "slope 0.01 for z = -2", "ReLU's derivative"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.01),
     "slope alpha = 0.2", "use the argument alpha"),
    (lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, alpha * np.asarray(z)),
     "slope 0.01 for z = -2", "not the value alpha * z"),
    (lambda z, alpha=0.01: 1.0 if z > 0 else alpha, "works elementwise", "np.where"),
])
def test_check_leaky_relu_derivative_rejects_broken_answers(broken, failing, hint):
    report = ch03.check_leaky_relu_derivative(broken)
    assert not report
    assert any(failing in line for line in failed_lines(report))
    assert hint in words(report)


def test_check_leaky_relu_derivative_reports_a_stub():
    def stub(z, alpha=0.01):
        raise NotImplementedError

    report = ch03.check_leaky_relu_derivative(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 8


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
