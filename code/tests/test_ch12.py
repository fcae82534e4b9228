"""Chapter 12's checkers, and the figure and explorer it added."""

import matplotlib
import numpy as np
import pytest

from nnscratch import plot
from nnscratch.exercises import ch12
from reporting import failed_lines, words

matplotlib.use("Agg")


# check_he_normal ------------------------------------------------------------

def he_normal(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def test_check_he_normal_accepts_the_reference():
    report = ch12.check_he_normal(he_normal)
    assert report, str(report)
    assert report.total == 3 + 2 * 3 + 1


def test_check_he_normal_accepts_the_library():
    from nnscratch.init import he_normal as library
    assert ch12.check_he_normal(library)


@pytest.mark.parametrize("alternative", [
    # the standard normal, scaled
    lambda n_in, n_out, rng: (rng.standard_normal((n_in, n_out))
                              * np.sqrt(2 / n_in)),
    # float32 kept, drawn in float32
    lambda n_in, n_out, rng: (rng.standard_normal((n_in, n_out),
                                                  dtype=np.float32)
                              * np.float32(np.sqrt(2 / n_in))),
    # keywords, a list for the size, a nested list returned
    lambda n_in, n_out, rng: rng.normal(loc=0, scale=(2 / n_in) ** 0.5,
                                        size=[n_in, n_out]).tolist(),
])
def test_check_he_normal_accepts_correct_alternatives(alternative):
    report = ch12.check_he_normal(alternative)
    assert report, str(report)


def test_check_he_normal_reports_a_stub_as_not_implemented():
    def stub(n_in, n_out, rng):
        raise NotImplementedError

    report = ch12.check_he_normal(stub)
    text = str(report)
    assert not report and text.count("✗") == 1
    assert "not implemented yet" in text
    assert text.endswith("0/10 checks passed: the answer is not written yet.")


@pytest.mark.parametrize("broken, named", [
    (lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / n_out),
                                         (n_in, n_out)),
     "variance 2 / n_out"),
    (lambda n_in, n_out, rng: rng.normal(0, 2 / n_in, (n_in, n_out)),
     "standard deviation 2 / n_in"),
    (lambda n_in, n_out, rng: rng.normal(0, np.sqrt(1 / n_in),
                                         (n_in, n_out)),
     "variance 1 / n_in"),
    (lambda n_in, n_out, rng: rng.normal(
        0, np.sqrt(2 / (n_in + n_out)), (n_in, n_out)),
     "Xavier's variance"),
])
def test_check_he_normal_names_the_wrong_variance(broken, named):
    report = ch12.check_he_normal(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), \
        words(report)


def test_check_he_normal_names_unscaled_draws_and_not_their_mean():
    report = ch12.check_he_normal(
        lambda n_in, n_out, rng: rng.normal(0, 1, (n_in, n_out)))
    lines = failed_lines(report)
    assert not report and len(lines) == 2, words(report)
    assert all("variance 1 (no scaling)" in line for line in lines)
    assert "std = np.sqrt(2 / n_in)" in lines[0]


def test_check_he_normal_names_the_mean_and_scale_mix_up():
    # rng.normal(np.sqrt(2 / n_in), size=...): the std passed as the mean
    report = ch12.check_he_normal(
        lambda n_in, n_out, rng: rng.normal(np.sqrt(2 / n_in),
                                            size=(n_in, n_out)))
    assert not report
    assert "first argument is the mean (loc)" in words(report)


def test_check_he_normal_rejects_the_transposed_shape():
    report = ch12.check_he_normal(
        lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / n_in),
                                            (n_out, n_in)))
    assert not report
    assert "size=(n_in, n_out)" in words(report)


def test_check_he_normal_rejects_uniform_and_the_global_generator():
    def uniform(n_in, n_out, rng):
        a = np.sqrt(6.0 / n_in)
        return rng.uniform(-a, a, size=(n_in, n_out))

    report = ch12.check_he_normal(uniform)
    assert not report and "use rng.normal, not rng.uniform" in words(report)

    def global_rng(n_in, n_out, rng):
        return np.random.normal(0, np.sqrt(2 / n_in), (n_in, n_out))

    report = ch12.check_he_normal(global_rng)
    lines = failed_lines(report)
    assert len(lines) == 1 and "not np.random.normal" in lines[0]


def test_check_he_normal_names_a_missing_return():
    report = ch12.check_he_normal(lambda n_in, n_out, rng: None)
    assert not report and "forget `return`" in words(report)


# check_hat ------------------------------------------------------------------

HAT = dict(W1=[[1.0, 1.0, 1.0]], b1=[1.0, 0.0, -1.0],
           W2=[[1.0], [-2.0], [1.0]], b2=[0.0])


def test_check_hat_accepts_the_three_unit_answer():
    report = ch12.check_hat(**HAT)
    assert report and report.total == 9, str(report)


def test_check_hat_accepts_other_answers_and_flat_shapes():
    # four units, mirrored: relu(-x + 1) - 2 relu(-x) + relu(-x - 1),
    # with W2 flat and b2 a number
    assert ch12.check_hat([[-1.0, -1.0, -1.0, 0.0]], [1.0, 0.0, -1.0, 0.0],
                          [1.0, -2.0, 1.0, 5.0], 0.0)


def test_check_hat_accepts_scaled_float32_and_row_shaped_answers():
    # relu(3x + 3) / 3 - 2 relu(3x) / 3 + relu(3x - 3) / 3 in float32
    assert ch12.check_hat(np.float32([[3, 3, 3]]), np.float32([3, 0, -3]),
                          np.float32([[1 / 3], [-2 / 3], [1 / 3]]),
                          np.float32([0]))
    # biases as rows, (1, n_h) and (1, 1), broadcast the same; tuples
    assert ch12.check_hat(((1.0, 1.0, 1.0),), [[1.0, 0.0, -1.0]],
                          ((1.0,), (-2.0,), (1.0,)), [[0.0]])
    # the units in another order
    assert ch12.check_hat([[1.0, 1.0, 1.0]], [-1.0, 0.0, 1.0],
                          [[1.0], [-2.0], [1.0]], [0.0])


def test_check_hat_names_a_network_that_is_not_0_on_the_left():
    # 1 - |x| everywhere: right in the middle, wrong outside [-1, 1]
    report = ch12.check_hat([[1.0, -1.0]], [0.0, 0.0], [[-1.0], [-1.0]],
                            [1.0])
    lines = failed_lines(report)
    assert len(lines) == 2, words(report)
    assert "0 far to the left" in lines[0] and "must cancel" in lines[0]
    assert "stays 0 to the right" in lines[1]


def test_check_hat_starter_zeros_fail_on_values_not_shapes():
    report = ch12.check_hat(np.zeros((1, 3)), np.zeros(3), np.zeros((3, 1)),
                            np.zeros(1))
    assert not report
    assert all("shape" not in line for line in failed_lines(report))


def test_check_hat_names_the_missing_right_unit():
    report = ch12.check_hat([[1.0, 1.0]], [1.0, 0.0], [[1.0], [-2.0]], [0.0])
    lines = failed_lines(report)
    assert len(lines) == 1 and "relu(x - 1)" in lines[0], words(report)


def test_check_hat_names_a_wrong_middle_weight():
    report = ch12.check_hat([[1.0, 1.0, 1.0]], [1.0, 0.0, -1.0],
                            [[1.0], [-1.0], [1.0]], [0.0])
    assert not report and "output weight -2" in words(report)


def test_check_hat_rejects_transposed_weights():
    report = ch12.check_hat(np.ones((3, 1)), np.zeros(3), np.ones((3, 1)),
                            0.0)
    assert not report and "W1 has shape" in words(report)


# plot.width_fits and the width explorer -------------------------------------

def test_width_fits_draws_one_panel_per_width():
    x = np.linspace(-2, 2, 50)
    fig = plot.width_fits(x, x ** 2, {1: x, 2: x ** 2, 4: 0 * x, 8: x})
    used = [ax for ax in fig.axes if ax.axison]
    assert isinstance(fig, matplotlib.figure.Figure) and len(used) == 4
    assert "MSE 0.0000" in used[1].get_title()
    assert all(ax.get_xlabel() == "input $x$" for ax in used[1:])


def test_width_fits_rejects_bad_input():
    x = np.linspace(-2, 2, 50)
    with pytest.raises(ValueError, match="non-empty dict"):
        plot.width_fits(x, x, {})
    with pytest.raises(ValueError, match="width 3 must have shape"):
        plot.width_fits(x, x, {3: x[:10]})
    with pytest.raises(ValueError, match="same length"):
        plot.width_fits(x, x[:5], {3: x})


def test_fit_width_is_cached_and_gets_better_with_width():
    pytest.importorskip("ipywidgets")
    from nnscratch import widgets

    x, y_hat, loss = widgets.fit_width(2, num_epochs=200)
    assert x.shape == y_hat.shape == (200,) and not y_hat.flags.writeable
    assert widgets.fit_width(2, num_epochs=200)[1] is y_hat
    assert np.isclose(loss, np.mean((y_hat - widgets.width_target(x)) ** 2))
    assert widgets.fit_width(16, num_epochs=200)[2] < loss
    with pytest.raises(ValueError, match="positive int"):
        widgets.fit_width(0)


def test_width_explorer_has_a_width_slider():
    pytest.importorskip("ipywidgets")
    from nnscratch import widgets

    box = widgets.width_explorer(widths=(1, 2), width=1)
    slider, out = box.children
    assert slider.description == "width" and slider.value == 1
    slider.value = 2
    with pytest.raises(ValueError, match="must be one of"):
        widgets.width_explorer(widths=(1, 2), width=3)
