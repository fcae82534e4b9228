"""Chapter 4: the checkers accept the reference answers and name the usual
mistakes; the figures the chapter adds to nnscratch.plot reject bad input."""

import warnings

import numpy as np
import pytest

from nnscratch.activations import relu, sigmoid
from nnscratch.exercises import ch04
from reporting import words


def dense_forward(X, W, b):
    return X @ W + b


def mlp_forward(X, params):
    A1 = relu(X @ params["W1"] + params["b1"])
    return sigmoid(A1 @ params["W2"] + params["b2"])


def stub(*args):
    raise NotImplementedError


# ---------------------------------------------------------------- dense_forward

def test_check_dense_forward_accepts_the_reference():
    report = ch04.check_dense_forward(dense_forward)
    assert report and "7/7 checks passed: all passed." in str(report)


def test_check_dense_forward_accepts_the_library():
    from nnscratch.functional import linear_forward

    def via_library(X, W, b):
        return linear_forward(X, W, b)[0]

    assert ch04.check_dense_forward(via_library)


@pytest.mark.parametrize("broken, failing, hint", [
    (lambda X, W, b: X @ W, "one sample as a (1, 2) row", "the bias is missing"),
    (lambda X, W, b: X @ W.T + b, "a square W", "the weights are used transposed"),
    (lambda X, W, b: X @ W + b.reshape(-1, 1), "b is added along each row",
     "the bias is added down the columns"),
    (lambda X, W, b: W.T @ X.T + b[:, None], "the chapter's batch of 4",
     "the result is transposed"),
    (lambda X, W, b: relu(X @ W + b), "one sample as a (1, 2) row", "an activation was applied"),
    (lambda X, W, b: np.ravel(X @ W + b), "one sample as a (1, 2) row", "lost its second axis"),
])
def test_check_dense_forward_names_the_mistake(broken, failing, hint):
    report = ch04.check_dense_forward(broken)
    assert not report
    failed = [line for line in str(report).splitlines() if line.startswith("  ✗")]
    assert any(failing in line for line in failed), str(report)
    assert hint in words(report), str(report)


def test_check_dense_forward_explains_a_shape_error():
    report = ch04.check_dense_forward(lambda X, W, b: W @ X + b)
    assert not report and "raised ValueError" in words(report)
    assert "(m, n_in) @ (n_in, n_out)" in words(report)


def test_check_dense_forward_says_when_nothing_is_returned():
    def no_return(X, W, b):
        X @ W + b

    report = ch04.check_dense_forward(no_return)
    assert not report and "did you forget `return`?" in words(report)


def test_check_dense_forward_reports_an_unfinished_stub_once():
    report = ch04.check_dense_forward(stub)
    text = str(report)
    assert not report and report.passed == 0 and report.total == 7
    assert text.count("✗") == 1 and "✗ not implemented yet" in text
    assert text.endswith("0/7 checks passed: the answer is not written yet.")


# ---------------------------------------------------------------- mlp_forward

def test_check_mlp_forward_accepts_the_reference():
    report = ch04.check_mlp_forward(mlp_forward)
    assert report and "5/5 checks passed: all passed." in str(report)


def test_check_mlp_forward_accepts_a_naive_sigmoid_without_warnings():
    def naive(X, params):
        A1 = np.maximum(0, X @ params["W1"] + params["b1"])
        return 1 / (1 + np.exp(-(A1 @ params["W2"] + params["b2"])))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # np.exp(4950) would warn: overflow
        assert ch04.check_mlp_forward(naive)


@pytest.mark.parametrize("broken, hint", [
    (lambda X, p: sigmoid((X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]),
     "the hidden layer has no activation"),
    (lambda X, p: relu(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"], "the output has no sigmoid"),
    (lambda X, p: sigmoid(relu(X @ p["W1"]) @ p["W2"]), "the biases are missing"),
    (lambda X, p: np.ravel(mlp_forward(X, p)), "lost its second axis"),
    (lambda X, p: relu(relu(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]),
     "uses ReLU instead of the sigmoid"),
])
def test_check_mlp_forward_names_the_mistake(broken, hint):
    report = ch04.check_mlp_forward(broken)
    assert not report and hint in words(report), str(report)


def test_check_mlp_forward_catches_an_in_place_change_of_X():
    def in_place(X, params):
        X *= 1.0
        X += 0.0
        X[:] = relu(X @ params["W1"] + params["b1"])[:, :2]
        return mlp_forward(ch04.CHAPTER_X, params)[: len(X)]

    report = ch04.check_mlp_forward(in_place)
    assert not report and "✗ leaves the caller's X unchanged" in str(report)


def test_check_mlp_forward_reports_an_unfinished_stub_once():
    report = ch04.check_mlp_forward(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 5


def test_the_checkers_keep_their_own_data_safe():
    def vandal(X, params):
        for value in params.values():
            value *= 0
        return mlp_forward(X, params)

    ch04.check_mlp_forward(vandal)
    assert ch04.CHAPTER_PARAMS["W1"][0, 0] == 1.0
    assert ch04.check_mlp_forward(mlp_forward)


# ---------------------------------------------------------------- figures

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_matrices_draws_one_cell_per_entry_and_the_shapes():
    X, W, b = np.ones((4, 2)), np.ones((2, 3)), np.arange(3.0)
    ax = plot.matrices([X, W, b], ["X", "W", "b"], ["@", "+"])
    cells = [p for p in ax.patches if type(p).__name__ == "Rectangle"]
    assert len(cells) == 8 + 6 + 3
    texts = [t.get_text() for t in ax.texts]
    assert "X\n(4, 2)" in texts and "b\n(3,)" in texts and "@" in texts


def test_matrices_ghost_rows_repeat_a_vector_faintly():
    ax = plot.matrices([np.ones((4, 3)), np.arange(3.0)], ["Z", "b"], ["+"], ghost_rows=4)
    cells = [p for p in ax.patches if type(p).__name__ == "Rectangle"]
    assert len(cells) == 12 + 12
    assert sum(p.get_alpha() is not None and p.get_alpha() < 1 for p in cells) == 9


@pytest.mark.parametrize("arrays, names, operators, message", [
    ([np.ones((2, 2))], ["A", "B"], None, "got 1 arrays but 2 names"),
    ([np.ones(2), np.ones(2)], ["a", "b"], ["+", "="], "need 1 operators, got 2"),
    ([np.ones((2, 2, 2))], ["T"], None, r"1-D or 2-D arrays, got shapes \[\(2, 2, 2\)\]"),
])
def test_matrices_rejects_bad_input(arrays, names, operators, message):
    with pytest.raises(ValueError, match=message):
        plot.matrices(arrays, names, operators)


def test_hidden_units_draws_a_panel_per_neuron_and_one_for_the_output():
    p = ch04.CHAPTER_PARAMS
    fig = plot.hidden_units(p["W1"], p["b1"], p["W2"], p["b2"], point=(1, 2))
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["hidden neuron 1: $a_1$", "hidden neuron 2: $a_2$",
                      "hidden neuron 3: $a_3$", "output $\\hat y$"]


def test_hidden_units_names_wrong_shapes():
    p = ch04.CHAPTER_PARAMS
    with pytest.raises(ValueError, match=r"W2 must have shape \(3, 1\), got \(1, 3\)"):
        plot.hidden_units(p["W1"], p["b1"], p["W2"].T, p["b2"])
    with pytest.raises(ValueError, match=r"W1 must have shape \(2, n\), got \(3, 3\)"):
        plot.hidden_units(np.ones((3, 3)), p["b1"], p["W2"], p["b2"])


def test_matrices_with_the_same_width_draws_cells_of_the_same_size():
    ax1 = plot.matrices([np.ones((2, 5))], ["A"], width=10)
    ax2 = plot.matrices([np.ones((2, 1))], ["B"], width=10)
    assert ax1.get_xlim() == ax2.get_xlim()
    cell = [p for p in ax2.patches if type(p).__name__ == "Rectangle"][0]
    assert cell.get_x() == 4.5  # one column, centred in 10
