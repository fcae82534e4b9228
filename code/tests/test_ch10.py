"""Chapter 10: the checkers accept the reference answers and name the
usual mistakes; the optimizer figures and the explorer draw what they
promise and reject bad input."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnscratch import optim, plot
from nnscratch.layers import Parameter
from nnscratch.exercises import ch10
from reporting import words


# check_adam_step -----------------------------------------------------------

def adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
              eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def no_correction(theta, grad, m, v, t, lr=0.001, beta1=0.9,
                  beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def t_from_zero(theta, grad, m, v, t, lr=0.001, beta1=0.9,
                beta2=0.999, eps=1e-8):
    return adam_step(theta, grad, m, v, t + 1, lr, beta1, beta2, eps)


def eps_inside(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
               eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / np.sqrt(v_hat + eps), m, v


def stores_hat(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
               eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


def efficient_form(theta, grad, m, v, t, lr=0.001, beta1=0.9,
                   beta2=0.999, eps=1e-8):
    # Kingma & Ba, section 2: the same except where eps acts
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    lr_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    return theta - lr_t * m / (np.sqrt(v) + eps), m, v


def in_place(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
             eps=1e-8):
    m *= beta1
    m += (1 - beta1) * grad
    v *= beta2
    v += (1 - beta2) * grad**2
    theta -= lr * (m / (1 - beta1**t)) / (
        np.sqrt(v / (1 - beta2**t)) + eps)
    return theta, m, v


def test_adam_reference_matches_the_library():
    p = Parameter(np.array([1.0, -2.0]))
    opt = optim.Adam([p], lr=0.1)
    theta, m, v = p.data.copy(), np.zeros(2), np.zeros(2)
    for t, g in enumerate([[0.5, -1.0], [-0.5, -1.0], [2.0, 0.3]], 1):
        p.grad[...] = g
        opt.step()
        theta, m, v = adam_step(theta, np.array(g), m, v, t, lr=0.1)
        np.testing.assert_allclose(p.data, theta, rtol=1e-12)


@pytest.mark.parametrize("answer", [adam_step, in_place])
def test_check_adam_step_accepts_correct_answers(answer):
    report = ch10.check_adam_step(answer)
    assert report, str(report)
    assert "5/5 checks passed: all passed." in str(report)


@pytest.mark.parametrize("broken, named", [
    (no_correction, "no bias correction"),
    (t_from_zero, "t is off by one (the first step used t = 2)"),
    (eps_inside, "eps is inside the square root"),
    (stores_hat, "the corrected m_hat, v_hat were returned"),
    (efficient_form, "eps is added to sqrt(v) before the bias"),
])
def test_check_adam_step_names_common_mistakes(broken, named):
    report = ch10.check_adam_step(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_adam_step_reports_a_stub():
    def stub(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
             eps=1e-8):
        raise NotImplementedError

    report = ch10.check_adam_step(stub)
    assert not report and report.unfinished
    assert "not implemented yet" in str(report)


def test_check_adam_step_survives_a_wrong_return():
    report = ch10.check_adam_step(lambda *a, **k: a[0])
    assert not report
    assert "expected a triple (theta, m, v)" in words(report)


# check_warmup_cosine -------------------------------------------------------

def warmup_cosine(epoch, base_lr, warmup_epochs, total_epochs,
                  lr_min=0.0):
    if epoch < warmup_epochs:
        return base_lr * (epoch + 1) / warmup_epochs
    T = total_epochs - warmup_epochs
    e = min(epoch - warmup_epochs, T)
    return lr_min + (base_lr - lr_min) * (1 + math.cos(math.pi * e / T)) / 2


def from_zero(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
    if epoch < warmup_epochs:
        return base_lr * epoch / warmup_epochs
    return warmup_cosine(epoch, base_lr, warmup_epochs, total_epochs,
                         lr_min)


def no_min(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
    return warmup_cosine(epoch, base_lr, warmup_epochs, total_epochs)


def unshifted(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
    if epoch < warmup_epochs:
        return base_lr * (epoch + 1) / warmup_epochs
    T = total_epochs - warmup_epochs
    e = min(epoch, T)
    return lr_min + (base_lr - lr_min) * (1 + math.cos(math.pi * e / T)) / 2


def no_clamp(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
    if epoch < warmup_epochs:
        return base_lr * (epoch + 1) / warmup_epochs
    T = total_epochs - warmup_epochs
    e = epoch - warmup_epochs
    return lr_min + (base_lr - lr_min) * (1 + math.cos(math.pi * e / T)) / 2


def test_check_warmup_cosine_accepts_the_reference():
    report = ch10.check_warmup_cosine(warmup_cosine)
    assert report, str(report)
    assert "21/21 checks passed: all passed." in str(report)


def test_check_warmup_cosine_accepts_float32_answers():
    def in_float32(*args, **kwargs):
        return np.float32(warmup_cosine(*args, **kwargs))

    report = ch10.check_warmup_cosine(in_float32)
    assert report, str(report)


@pytest.mark.parametrize("broken, named", [
    (from_zero, "the warm-up starts at lr = 0"),
    (no_min, "lr_min is ignored"),
    (unshifted, "the cosine does not start after the warm-up"),
    (no_clamp, "after total_epochs the lr climbs back up"),
])
def test_check_warmup_cosine_names_common_mistakes(broken, named):
    report = ch10.check_warmup_cosine(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_warmup_cosine_reports_a_stub():
    def stub(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
        raise NotImplementedError

    report = ch10.check_warmup_cosine(stub)
    assert not report and report.unfinished


# figures -------------------------------------------------------------------

def test_optimizer_path_runs_the_library_optimizers():
    path = plot.optimizer_path("sgd", "bowl", 0.01, num_steps=3)
    assert path.shape == (4, 2)
    # first step by hand: gradient (50 * -0.6, 2) = (-30, 2)
    np.testing.assert_allclose(path[1], [-0.3, 1.98])
    adam = plot.optimizer_path("adam", "rosenbrock", 0.1, num_steps=1)
    # at (-1.5, 1.5) the gradient is (-155, -150): a step lr * sign(-g)
    np.testing.assert_allclose(adam[1] - adam[0], [0.1, 0.1],
                               rtol=1e-6)


def test_optimizer_path_stops_when_it_blows_up():
    path = plot.optimizer_path("sgd", "bowl", 1.0, num_steps=100)
    assert len(path) < 101


@pytest.mark.parametrize("call, message", [
    (lambda: plot.optimizer_path("sgd", "saddle", 0.1), "surface must"),
    (lambda: plot.optimizer_path("lbfgs", "bowl", 0.1), "name must"),
    (lambda: plot.optimizer_path("sgd", "bowl", 0.1, num_steps=0),
     "num_steps"),
    (lambda: plot.optimizer_race("bowl", {}), "non-empty dict"),
    (lambda: plot.optimizer_lrs("bowl", {"sgd": (0.1,),
                                         "adam": (0.1, 0.2)}),
     "same number"),
])
def test_optimizer_figures_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_optimizer_race_and_lrs_return_figures():
    fig = plot.optimizer_race("bowl", {"sgd": 0.02, "adam": 0.1},
                              num_steps=20)
    assert isinstance(fig, plt.Figure) and len(fig.axes) == 3
    fig = plot.optimizer_lrs("rosenbrock", {"momentum": (1e-3, 1e-2),
                                            "adam": (0.1, 1.0)},
                             num_steps=20)
    assert isinstance(fig, plt.Figure) and len(fig.axes) == 4
    assert "blew up" in fig.axes[1].get_title()


# widget --------------------------------------------------------------------

def test_optimizer_explorer_returns_a_widget_that_redraws():
    widgets = pytest.importorskip("nnscratch.widgets")
    box = widgets.optimizer_explorer("momentum", "bowl", lr=0.01,
                                     num_steps=20)
    found = []

    def walk(w):
        for child in getattr(w, "children", ()):
            walk(child)
        if not hasattr(w, "children"):
            found.append(w)
    walk(box)
    menu, surface, rate, mu, steps, out = found
    assert (menu.value, surface.value, rate.value) == ("momentum",
                                                       "bowl", 0.01)
    menu.value = "adam"
    surface.value = "rosenbrock"
    rate.value = 5.0    # blows up: reported, not an error
    mu.value = 0.5


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizer="lbfgs"), "optimizer must"),
    (dict(surface="saddle"), "surface must"),
    (dict(lr=100.0), "sliders"),
    (dict(momentum=1.0), "sliders"),
])
def test_optimizer_explorer_rejects_bad_input(kwargs, message):
    widgets = pytest.importorskip("nnscratch.widgets")
    with pytest.raises(ValueError, match=message):
        widgets.optimizer_explorer(**kwargs)


# The checker audit: correct alternatives pass, each realistic mistake is
# named.

def as_list(*args, **kwargs):
    return list(adam_step(*args, **kwargs))


def kept_float32(*args, **kwargs):
    return tuple(np.asarray(a, np.float32) for a in adam_step(*args, **kwargs))


def with_ufuncs(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
                eps=1e-8):
    m = np.add(np.multiply(beta1, m), np.multiply(1 - beta1, grad))
    v = beta2 * v + (1 - beta2) * np.square(grad)
    m_hat, v_hat = m / (1 - np.power(beta1, t)), v / (1 - np.power(beta2, t))
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@pytest.mark.parametrize("answer", [as_list, kept_float32, with_ufuncs])
def test_check_adam_step_accepts_other_correct_answers(answer):
    report = ch10.check_adam_step(answer)
    assert report, str(report)


def t_minus_one(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
                eps=1e-8):
    return adam_step(theta, grad, m, v, t - 1, lr, beta1, beta2, eps)


def averages_g(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
               eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad
    with np.errstate(invalid="ignore"):
        step = (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return theta - lr * step, m, v


def uphill(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
           eps=1e-8):
    new, m, v = adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return 2 * theta - new, m, v


def one_beta(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
             eps=1e-8):
    return adam_step(theta, grad, m, v, t, lr, beta1, beta1, eps)


def wrong_order(*args, **kwargs):
    theta, m, v = adam_step(*args, **kwargs)
    return m, v, theta


@pytest.mark.parametrize("broken, named", [
    (t_minus_one, "t is off by one (the first step used t = 0)"),
    (averages_g, "v averages g instead of g**2"),
    (uphill, "the step goes uphill"),
    (one_beta, "v decays with beta1 instead of beta2"),
    (wrong_order, "the right numbers in the wrong order (m, v, theta)"),
])
def test_check_adam_step_names_more_mistakes(broken, named):
    with np.errstate(divide="ignore", invalid="ignore"):
        report = ch10.check_adam_step(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def warmup_cosine_other_form(epoch, base_lr, warmup_epochs, total_epochs,
                             lr_min=0.0):
    if epoch >= total_epochs:
        return lr_min
    if epoch < warmup_epochs:
        return (epoch + 1) * base_lr / warmup_epochs
    done = (epoch - warmup_epochs) / (total_epochs - warmup_epochs)
    return lr_min + 0.5 * (base_lr - lr_min) * (1 + np.cos(np.pi * done))


def warmup_cosine_with_the_library(epoch, base_lr, warmup_epochs,
                                   total_epochs, lr_min=0.0):
    opt = optim.SGD([Parameter(np.zeros(1))], lr=base_lr)
    cosine = optim.CosineLR(opt, total_epochs - warmup_epochs, lr_min)
    return optim.WarmupLR(opt, warmup_epochs, after=cosine).lr_at(epoch)


@pytest.mark.parametrize("answer", [warmup_cosine_other_form,
                                    warmup_cosine_with_the_library])
def test_check_warmup_cosine_accepts_other_correct_answers(answer):
    report = ch10.check_warmup_cosine(answer)
    assert report, str(report)


def whole_length(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0):
    if epoch < warmup_epochs:
        return base_lr * (epoch + 1) / warmup_epochs
    e = min(epoch - warmup_epochs, total_epochs)
    return lr_min + (base_lr - lr_min) * (
        1 + math.cos(math.pi * e / total_epochs)) / 2


def warms_from_lr_min(epoch, base_lr, warmup_epochs, total_epochs,
                      lr_min=0.0):
    if epoch < warmup_epochs:
        return lr_min + (base_lr - lr_min) * (epoch + 1) / warmup_epochs
    return warmup_cosine(epoch, base_lr, warmup_epochs, total_epochs, lr_min)


@pytest.mark.parametrize("broken, named", [
    (whole_length, "the cosine lasts total_epochs instead of total - warmup"),
    (warms_from_lr_min, "the warm-up rises from lr_min"),
])
def test_check_warmup_cosine_names_more_mistakes(broken, named):
    report = ch10.check_warmup_cosine(broken)
    assert not report
    assert f"hint: {named}" in words(report)


def test_check_warmup_cosine_says_when_nothing_is_returned():
    report = ch10.check_warmup_cosine(lambda *args, **kwargs: None)
    assert not report and "got None: return one number" in words(report)
