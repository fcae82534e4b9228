"""Chapter 6: the checkers accept the reference answers and name the usual
mistakes; the figures and the explorer draw what they promise."""

import numpy as np
import pytest

from nnscratch.exercises import ch06
from reporting import words


# gradient_descent ----------------------------------------------------------

def reference_descent(grad_fn, theta0, lr, num_steps):
    theta = np.array(theta0, dtype=float)
    path = [theta]
    for _ in range(num_steps):
        theta = theta - lr * grad_fn(theta)
        path.append(theta)
    return np.array(path)


def ascent(grad_fn, theta0, lr, num_steps):
    theta = np.array(theta0, dtype=float)
    path = [theta]
    for _ in range(num_steps):
        theta = theta + lr * grad_fn(theta)
        path.append(theta)
    return np.array(path)


def no_start(grad_fn, theta0, lr, num_steps):
    theta = np.array(theta0, dtype=float)
    path = []
    for _ in range(num_steps):
        theta = theta - lr * grad_fn(theta)
        path.append(theta)
    return np.array(path)


def in_place(grad_fn, theta0, lr, num_steps):
    theta = np.array(theta0, dtype=float)
    path = [theta]
    for _ in range(num_steps):
        theta -= lr * grad_fn(theta)
        path.append(theta)
    return np.array(path)


def one_too_few(grad_fn, theta0, lr, num_steps):
    return reference_descent(grad_fn, theta0, lr, num_steps - 1)


def one_too_many(grad_fn, theta0, lr, num_steps):
    return reference_descent(grad_fn, theta0, lr, num_steps + 1)


def final_only(grad_fn, theta0, lr, num_steps):
    return reference_descent(grad_fn, theta0, lr, num_steps)[-1]


def test_check_gradient_descent_accepts_the_reference():
    report = ch06.check_gradient_descent(reference_descent)
    assert report and "7/7 checks passed: all passed." in str(report)


@pytest.mark.parametrize("broken, named", [
    (ascent, "it climbs: the step goes up the gradient"),
    (no_start, "the start point is missing"),
    (in_place, "every row is the last point"),
    (one_too_few, "one step too few"),
    (one_too_many, "one step too many"),
    (final_only, "only the final point is returned"),
    (lambda g, t, lr, n: reference_descent(g, t, 1.0, n), "the learning rate is missing"),
])
def test_check_gradient_descent_names_common_mistakes(broken, named):
    report = ch06.check_gradient_descent(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_gradient_descent_catches_a_changed_theta0():
    def aliased(grad_fn, theta0, lr, num_steps):
        theta = np.asarray(theta0)   # the caller's array itself
        path = [theta.copy()]
        for _ in range(num_steps):
            theta -= lr * grad_fn(theta)
            path.append(theta.copy())
        return np.array(path)

    report = ch06.check_gradient_descent(aliased)
    text = words(report)
    assert not report and "✗ leaves the caller's theta0 unchanged" in text
    assert "✗ a start given as a list of ints" in text and "dtype=float" in text


def test_check_gradient_descent_reports_an_unfinished_stub_once():
    def stub(grad_fn, theta0, lr, num_steps):
        raise NotImplementedError

    report = ch06.check_gradient_descent(stub)
    text = str(report)
    assert not report and text.count("✗") == 1 and "✗ not implemented yet" in text
    assert text.endswith("0/7 checks passed: the answer is not written yet.")


def test_check_gradient_descent_survives_a_missing_return():
    report = ch06.check_gradient_descent(lambda g, t, lr, n: None)
    assert not report and "did you forget `return`?" in str(report)


# numerical_derivative ------------------------------------------------------

def central(f, w, h=1e-5):
    return (f(w + h) - f(w - h)) / (2 * h)


def test_check_numerical_derivative_accepts_the_reference():
    report = ch06.check_numerical_derivative(central)
    assert report and "6/6 checks passed: all passed." in str(report)


@pytest.mark.parametrize("broken, named", [
    (lambda f, w, h=1e-5: (f(w + h) - f(w)) / h, "a forward difference"),
    (lambda f, w, h=1e-5: (f(w) - f(w - h)) / h, "a backward difference"),
    (lambda f, w, h=1e-5: (f(w + h) - f(w - h)) / h, "divided by h instead of 2h"),
    (lambda f, w, h=1e-13: central(f, w, h), "the default h is poor"),
    (lambda f, w, h=1e-5: central(f, w, 1e-5), "use the h you are given"),
    (lambda f, w: central(f, w), "accept h as a keyword argument"),
])
def test_check_numerical_derivative_names_common_mistakes(broken, named):
    report = ch06.check_numerical_derivative(broken)
    assert not report and named in words(report)


def test_check_numerical_derivative_reports_an_unfinished_stub_once():
    def stub(f, w, h=1e-5):
        raise NotImplementedError

    report = ch06.check_numerical_derivative(stub)
    text = str(report)
    assert not report and text.count("✗") == 1 and report.total == 6


# plot.learning_rates, plot.descent_run, widgets.learning_rate_explorer -----

X_DATA = np.linspace(-0.5, 2.0, 10)
Y_DATA = 1.5 * X_DATA + 0.5


def line_loss(theta):
    return float(np.mean((theta[0] * X_DATA + theta[1] - Y_DATA) ** 2))


def line_gradient(theta):
    error = 2 * (theta[0] * X_DATA + theta[1] - Y_DATA) / len(X_DATA)
    return np.array([error @ X_DATA, error.sum()])


def test_learning_rates_draws_a_map_per_rate_and_one_loss_panel():
    plot = pytest.importorskip("nnscratch.plot")
    fig = plot.learning_rates(line_loss, line_gradient, [-1.5, 3.0],
                              [0.01, 0.1, 0.5, 2.0], num_steps=30,
                              labels=["a", "b", "c", "d"])
    maps, curves = fig.axes[1:], fig.axes[0]
    assert len(maps) == 4 and len(curves.get_lines()) == 4
    assert maps[0].get_title().startswith("η = 0.01: a\nloss")
    assert maps[3].get_title().startswith("η = 2: d\ndiverged")
    assert curves.get_yscale() == "log"


def test_descent_run_stops_a_diverging_run_before_it_overflows():
    plot = pytest.importorskip("nnscratch.plot")
    ax_path, ax_loss = plot.descent_run(line_loss, line_gradient, [0.0, 0.0], 3.0,
                                        num_steps=500)
    losses = ax_loss.get_lines()[0].get_ydata()
    assert np.all(np.isfinite(losses)) and len(losses) < 500
    assert "diverged" in ax_path.get_title()


@pytest.mark.parametrize("kwargs, message", [
    (dict(theta0=[1.0, 2.0, 3.0]), r"theta0 must have shape \(2,\), got \(3,\)"),
    (dict(lr=0.0), "lr must be a positive number"),
    (dict(num_steps=2.5), "num_steps must be a positive int"),
    (dict(extent=(4, -2, -2, 4)), "min < max"),
])
def test_descent_run_rejects_bad_input_clearly(kwargs, message):
    plot = pytest.importorskip("nnscratch.plot")
    args = dict(theta0=[0.0, 0.0], lr=0.1, num_steps=10, extent=(-2, 4, -2, 4))
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        plot.descent_run(line_loss, line_gradient, **args)


def test_learning_rates_wants_one_label_per_rate():
    plot = pytest.importorskip("nnscratch.plot")
    with pytest.raises(ValueError, match="got 2 learning rates but 1 labels"):
        plot.learning_rates(line_loss, line_gradient, [0, 0], [0.1, 0.2], labels=["x"])


def test_learning_rate_explorer_redraws_when_a_slider_moves(monkeypatch):
    pytest.importorskip("ipywidgets")
    from nnscratch import plot, widgets

    drawn = []
    real = plot.descent_run

    def spy(loss, grad, theta0, lr, num_steps, *args, **kwargs):
        drawn.append((round(lr, 6), num_steps))
        return real(loss, grad, theta0, lr, num_steps, *args, **kwargs)

    monkeypatch.setattr(plot, "descent_run", spy)
    box = widgets.learning_rate_explorer(line_loss, line_gradient, [-1.5, 3.0])
    rate, steps = box.children[0].children
    assert rate.min == -3 and rate.base == 10   # a log scale from 0.001
    rate.value = 0.5
    steps.value = 20
    assert drawn == [(0.1, 50), (0.5, 50), (0.5, 20)]


def test_learning_rate_explorer_rejects_bad_input():
    pytest.importorskip("ipywidgets")
    from nnscratch import widgets

    with pytest.raises(ValueError, match="lr must be a positive number"):
        widgets.learning_rate_explorer(line_loss, line_gradient, [0, 0], lr=-1)
    with pytest.raises(ValueError, match="the sliders run over"):
        widgets.learning_rate_explorer(line_loss, line_gradient, [0, 0], lr=5.0)
