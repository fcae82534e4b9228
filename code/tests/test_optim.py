import numpy as np
import pytest

from nnscratch import optim as O
from nnscratch.layers import Linear, Parameter

G = [0.5, -1.0]  # the fixed gradient used by most tests


def param(data=(1.0, -2.0), grad=G, name="W", dtype=np.float64):
    p = Parameter(np.array(data, dtype), name=name)
    p.grad[...] = grad
    return p


def close(p, expected, rel=1e-12):
    np.testing.assert_allclose(p.data, expected, rtol=rel, atol=0)


# SGD -----------------------------------------------------------------------

def test_sgd_steps_worked_by_hand():
    p = param()
    opt = O.SGD([p], lr=0.1)
    opt.step()  # [1 - 0.1*0.5, -2 + 0.1*1]
    close(p, [0.95, -1.9])
    opt.step()  # the gradient is still there: same step again
    close(p, [0.9, -1.8])


def test_sgd_momentum_steps_worked_by_hand():
    p = param()
    opt = O.SGD([p], lr=0.1, momentum=0.9)
    opt.step()  # v = g = [0.5, -1]; p = [1 - 0.05, -2 + 0.1]
    close(p, [0.95, -1.9])
    opt.step()  # v = 0.9*[0.5, -1] + [0.5, -1] = [0.95, -1.9]
    close(p, [0.855, -1.71])  # [0.95 - 0.095, -1.9 + 0.19]
    opt.step()  # v = 0.9*[0.95, -1.9] + [0.5, -1] = [1.355, -2.71]
    close(p, [0.7195, -1.439])  # [0.855 - 0.1355, -1.71 + 0.271]


def test_nesterov_steps_worked_by_hand():
    # PyTorch's rule: update = g + momentum * v, so (unlike some textbook
    # forms) Nesterov already differs from plain momentum on step 1.
    p = param()
    opt = O.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    opt.step()  # v = [0.5, -1]; update = g + 0.9 v = [0.95, -1.9]
    close(p, [0.905, -1.81])  # plain momentum: [0.95, -1.9]
    opt.step()  # v = [0.95, -1.9]; update = g + 0.9 v = [1.355, -2.71]
    close(p, [0.7695, -1.539])  # plain momentum: [0.855, -1.71]


def test_sgd_weight_decay_worked_by_hand():
    p = param()
    opt = O.SGD([p], lr=0.1, weight_decay=0.1)
    opt.step()  # g = [0.5 + 0.1*1, -1 + 0.1*(-2)] = [0.6, -1.2]
    close(p, [0.94, -1.88])
    opt.step()  # g = [0.5 + 0.094, -1 - 0.188] = [0.594, -1.188]
    close(p, [0.8806, -1.7612])  # [0.94 - 0.0594, -1.88 + 0.1188]
    q = param(grad=[0.0, 0.0])
    opt = O.SGD([q], lr=0.1, weight_decay=0.5)
    opt.step()  # no gradient: p shrinks by 1 - 0.1*0.5 = 0.95 a step
    opt.step()
    close(q, [0.9025, -1.805])


def test_lr_can_change_between_steps():
    p = param()
    opt = O.SGD([p], lr=0.1)
    opt.lr = 0.02
    opt.step()  # [1 - 0.02*0.5, -2 + 0.02]
    close(p, [0.99, -1.98])


# RMSProp -------------------------------------------------------------------

def test_rmsprop_steps_worked_by_hand():
    p = param()
    opt = O.RMSProp([p])  # lr 0.01, alpha 0.99
    opt.step()  # s = 0.01 g^2, g / sqrt(s) = sign(g) / 0.1 = [10, -10]
    close(p, [0.9, -1.9], rel=1e-6)  # eps: 1e-8 / 0.05
    # s = 0.99*0.01 g^2 + 0.01 g^2 = 0.0199 g^2,
    # g / sqrt(s) = sign(g) / sqrt(0.0199) = sign(g) * 7.0888120501
    opt.step()
    close(p, [0.8291118795, -1.8291118795], rel=1e-6)


def test_rmsprop_eps_is_added_outside_the_square_root():
    p = param(grad=[1e-4, 0.0])
    O.RMSProp([p]).step()
    # s = 0.01 * 1e-8 = 1e-10, sqrt(s) = 1e-5;
    # g / (sqrt(s) + eps) = 1e-4 / 1.001e-5 = 9.99000999, times lr 0.01
    # (a zero gradient gives 0 / eps = 0: no move)
    close(p, [0.900099900, -2.0], rel=1e-8)


# Adam ----------------------------------------------------------------------

def test_adam_steps_worked_by_hand():
    p = param()
    opt = O.Adam([p], lr=0.1)
    opt.step()  # m_hat = g, v_hat = g^2: a step of lr * sign(g)
    close(p, [0.9, -1.9], rel=1e-7)
    p.grad[...] = [-0.5, -1.0]  # first entry flips, second stays
    opt.step()
    # entry 0: m = 0.9*0.05 + 0.1*(-0.5) = -0.005, m_hat = -0.005/0.19
    #   = -1/38; v = 0.999*0.00025 + 0.001*0.25 = 0.00049975,
    #   v_hat = 0.00049975 / 0.001999 = 0.25, sqrt = 0.5;
    #   p = 0.9 - 0.1 * (-1/38) / 0.5 = 0.9 + 1/190 = 0.9052631579
    # entry 1: constant gradient -1, m_hat = -1, v_hat = 1: p = -1.8
    close(p, [0.9052631579, -1.8], rel=1e-7)
    assert opt.t == 2


def test_adam_first_step_is_lr_times_sign_of_the_gradient():
    grad = [3e-4, -250.0, 0.02, -1.0]  # sizes do not matter
    p = param(data=[0.0, 0.0, 0.0, 0.0], grad=grad)
    O.Adam([p], lr=0.01).step()
    # |g| / (|g| + 1e-8) is 1 up to 1e-8 / 3e-4 ~ 3e-5
    np.testing.assert_allclose(p.data, [-0.01, 0.01, -0.01, 0.01],
                               rtol=1e-4)


def test_adam_weight_decay_is_added_to_the_gradient():
    # g = [-0.05, 0]; with wd = 0.1: g + wd*p = [0.05, -0.2], whose sign
    # flips in entry 0, and the first Adam step is lr * sign.
    p = param(grad=[-0.05, 0.0])
    O.Adam([p], lr=0.1, weight_decay=0.1).step()
    close(p, [0.9, -1.9], rel=1e-6)
    q = param(grad=[-0.05, 0.0])
    O.Adam([q], lr=0.1).step()  # no decay: 0 / (0 + eps) = 0
    close(q, [1.1, -2.0], rel=1e-6)


# All optimizers ------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(O.OPTIMIZERS))
def test_float32_stays_float32(name):
    p = param(dtype=np.float32)
    opt = O.OPTIMIZERS[name]([p], lr=0.1)
    opt.step()
    opt.step()
    assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
    assert all(s.dtype == np.float32
               for s in vars(opt).values() if isinstance(s, np.ndarray))
    assert p.data[0] < 1.0  # it did move


@pytest.mark.parametrize("name", sorted(O.OPTIMIZERS))
def test_nan_gradient_raises_and_leaves_all_weights_alone(name):
    a = param(name="b")
    b = param(grad=[0.1, np.nan], name="W")
    opt = O.OPTIMIZERS[name]([a, b], lr=0.1)
    with pytest.raises(ValueError, match=r"gradient of parameter 'W' "
                       r"\(2 of 2\) has NaN or inf.*lower the learning"):
        opt.step()
    close(a, [1.0, -2.0])
    close(b, [1.0, -2.0])
    b.grad[...] = [np.inf, 0.0]
    with pytest.raises(ValueError, match="has NaN or inf"):
        opt.step()


def test_a_gradient_of_the_wrong_shape_is_an_error():
    p = param()
    opt = O.SGD([p], lr=0.1)
    p.grad = np.array([1.0])  # would broadcast over both entries
    with pytest.raises(ValueError, match=r"SGD.step: gradient of parameter"
                       r" 'W' \(1 of 1\) has shape \(1,\), but the "
                       r"parameter has shape \(2,\)"):
        opt.step()


def test_a_bad_lr_set_between_steps_is_caught():
    p = param()
    opt = O.Adam([p])
    opt.lr = -0.1
    with pytest.raises(ValueError, match=r"Adam.step: lr must be a number "
                       r">= 0, got -0.1"):
        opt.step()


@pytest.mark.parametrize("name", sorted(O.OPTIMIZERS))
def test_zero_grad_zeros_every_gradient_in_place(name):
    a, b = param(), param(grad=[[2.0]], data=[[3.0]])
    held = a.grad
    O.OPTIMIZERS[name]([a, b], lr=0.1).zero_grad()
    assert held is a.grad
    assert a.grad.tolist() == [0.0, 0.0] and b.grad.tolist() == [[0.0]]


def test_takes_a_models_parameters():
    model = Linear(3, 2, np.random.default_rng(0))
    opt = O.Adam(model.parameters())
    assert opt.params == [model.W, model.b]
    assert repr(opt) == ("Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, "
                         "weight_decay=0.0)")


def test_bad_params_raise_clear_errors():
    p = param()
    with pytest.raises(ValueError, match=r"SGD: params is empty; pass a "
                       r"list of Parameters such as model.parameters\(\)"):
        O.SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"Adam: params\[1\] must be a "
                       r"Parameter, got ndarray"):
        O.Adam([p, np.zeros(2)])
    with pytest.raises(TypeError, match=r"got a single Parameter; wrap "
                       r"it: \[p\]"):
        O.RMSProp(p)
    with pytest.raises(TypeError, match=r"SGD: params must be a list of "
                       r"Parameters, got Linear; pass"):
        O.SGD(Linear(2, 1, np.random.default_rng(0)), lr=0.1)
    with pytest.raises(ValueError, match="appears more than once"):
        O.SGD([p, p], lr=0.1)


@pytest.mark.parametrize("make, error, message", [
    (lambda p: O.SGD(p, lr=0), ValueError,
     r"SGD: lr must be a number > 0, got 0$"),
    (lambda p: O.SGD(p, lr=-1), ValueError, r"lr must be .* got -1$"),
    (lambda p: O.Adam(p, lr=np.nan), ValueError, r"lr .* got nan"),
    (lambda p: O.SGD(p, lr="fast"), TypeError,
     r"SGD: lr must be a number > 0, got 'fast'"),
    (lambda p: O.SGD(p, lr=True), TypeError, r"lr must be a number"),
    (lambda p: O.SGD(p, 0.1, momentum=1.0), ValueError,
     r"SGD: momentum must be a number in \[0, 1\), got 1.0"),
    (lambda p: O.SGD(p, 0.1, nesterov=True), ValueError,
     r"SGD: nesterov=True needs momentum > 0"),
    (lambda p: O.SGD(p, 0.1, weight_decay=-0.1), ValueError,
     r"SGD: weight_decay must be a number >= 0, got -0.1"),
    (lambda p: O.RMSProp(p, alpha=1.5), ValueError,
     r"RMSProp: alpha must be a number in \[0, 1\), got 1.5"),
    (lambda p: O.RMSProp(p, eps=0), ValueError,
     r"RMSProp: eps must be a number > 0, got 0$"),
    (lambda p: O.Adam(p, betas=0.9), TypeError,
     r"Adam: betas must be a pair \(b1, b2\) such as \(0.9, 0.999\), "
     r"got 0.9"),
    (lambda p: O.Adam(p, betas=(0.9, 1.0)), ValueError,
     r"Adam: betas\[1\] must be a number in \[0, 1\), got 1.0"),
    (lambda p: O.Adam(p, weight_decay=-1), ValueError,
     r"Adam: weight_decay must be a number >= 0"),
])
def test_bad_hyperparameters_raise_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make([param()])


def test_step_of_the_base_class_is_abstract():
    with pytest.raises(NotImplementedError, match="must implement step"):
        O.Optimizer([param()], lr=0.1).step()


def test_optimizers_table():
    assert O.OPTIMIZERS == {"sgd": O.SGD, "rmsprop": O.RMSProp,
                            "adam": O.Adam}


# Integration: an ill-conditioned quadratic ---------------------------------

@pytest.mark.parametrize("make", [
    lambda ps: O.Adam(ps, lr=0.05),
    lambda ps: O.SGD(ps, lr=0.01, momentum=0.9),
], ids=["adam", "sgd-momentum"])
def test_minimises_an_ill_conditioned_quadratic(make):
    # f(x, y) = 0.5 (100 x^2 + y^2), gradient (100 x, y), minimum 0 at 0
    x, y = Parameter([1.0], "x"), Parameter([1.0], "y")
    opt = make([x, y])
    for _ in range(500):
        opt.zero_grad()
        x.grad += 100 * x.data
        y.grad += y.data
        opt.step()
    f = 0.5 * (100 * x.data[0] ** 2 + y.data[0] ** 2)
    assert f < 1e-3


# Gradient clipping ---------------------------------------------------------

def test_clip_grad_norm_scales_all_gradients_together():
    a = param(grad=[3.0, 0.0], dtype=np.float32)
    b = Parameter(np.zeros((1, 1), np.float32))
    b.grad[...] = 4.0
    held = a.grad
    norm = O.clip_grad_norm([a, b], max_norm=1.0)  # sqrt(9 + 16) = 5
    assert a.grad is held  # scaled in place
    assert norm == 5.0 and type(norm) is float
    np.testing.assert_allclose(a.grad, [0.6, 0.0], rtol=1e-6)  # 3/5
    np.testing.assert_allclose(b.grad, [[0.8]], rtol=1e-6)  # 4/5
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float32


def test_clip_grad_norm_leaves_small_gradients_alone():
    a = param(grad=[3.0, -4.0])
    assert O.clip_grad_norm([a], max_norm=10) == 5.0
    assert a.grad.tolist() == [3.0, -4.0]


def test_clip_grad_norm_does_not_overflow_in_float32():
    a = param(grad=[3e30, 4e30], dtype=np.float32)  # squares overflow
    assert O.clip_grad_norm([a], 1.0) == pytest.approx(5e30, rel=1e-6)
    np.testing.assert_allclose(a.grad, [0.6, 0.8], rtol=1e-6)


def test_clip_grad_norm_bad_input():
    with pytest.raises(ValueError, match=r"clip_grad_norm: max_norm must "
                       r"be a number > 0, got 0$"):
        O.clip_grad_norm([param()], 0)
    with pytest.raises(ValueError, match="clip_grad_norm: the gradients "
                       "contain NaN or inf"):
        O.clip_grad_norm([param(grad=[np.nan, 0.0])], 1.0)
    with pytest.raises(ValueError, match="clip_grad_norm: params is empty"):
        O.clip_grad_norm([], 1.0)


# Learning-rate schedules (base lr 0.1) -------------------------------------

def sgd(lr=0.1):
    return O.SGD([param()], lr=lr)


def lrs(schedule, epochs):
    return [schedule.lr_at(e) for e in epochs]


def test_step_lr_worked_by_hand():
    s = O.StepLR(sgd(), step_size=3, gamma=0.5)
    assert lrs(s, [0, 2, 3, 5, 6]) == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025])


def test_exponential_lr_worked_by_hand():
    s = O.ExponentialLR(sgd(), gamma=0.5)
    assert lrs(s, [0, 1, 2, 3]) == pytest.approx([0.1, 0.05, 0.025, 0.0125])


def test_cosine_lr_worked_by_hand():
    s = O.CosineLR(sgd(), total_epochs=4)
    # 0.1 * (1 + cos(pi e / 4)) / 2: cos = 1, 0.70711, 0, -0.70711, -1
    assert lrs(s, [0, 1, 2, 3, 4, 9]) == pytest.approx(
        [0.1, 0.0853553391, 0.05, 0.0146446609, 0.0, 0.0], abs=1e-10)
    s = O.CosineLR(sgd(), total_epochs=4, lr_min=0.02)
    # 0.02 + 0.08 * (1 + cos) / 2
    assert lrs(s, [0, 2, 4, 5]) == pytest.approx([0.1, 0.06, 0.02, 0.02])


def test_warmup_lr_worked_by_hand():
    s = O.WarmupLR(sgd(), warmup_epochs=4)
    assert lrs(s, [0, 1, 2, 3, 4, 10]) == pytest.approx(
        [0.025, 0.05, 0.075, 0.1, 0.1, 0.1])


def test_warmup_then_cosine():
    opt = sgd()
    s = O.WarmupLR(opt, 2, after=O.CosineLR(opt, total_epochs=4))
    assert opt.lr == pytest.approx(0.05)  # set for epoch 0 at once
    # warm-up 0.05, 0.1; then the cosine from its epoch 0 (see above)
    expected = [0.05, 0.1, 0.1, 0.0853553391, 0.05, 0.0146446609, 0.0,
                0.0]
    assert lrs(s, range(8)) == pytest.approx(expected, abs=1e-10)
    seen = [opt.lr]
    for _ in range(7):
        s.step()
        seen.append(opt.lr)
    assert seen == pytest.approx(expected, abs=1e-10)
    assert s.epoch == 7


def test_schedule_step_sets_the_optimizer_lr():
    opt = sgd()
    s = O.StepLR(opt, step_size=1, gamma=0.5)
    assert opt.lr == 0.1
    s.step()
    s.step()
    assert opt.lr == pytest.approx(0.025)
    assert s.lr_at(0) == 0.1  # lr_at is pure: base lr unchanged


def test_schedule_bad_arguments():
    opt = sgd()
    cases = [
        (lambda: O.StepLR(opt, 0), ValueError,
         r"StepLR: step_size must be an int >= 1, got 0"),
        (lambda: O.StepLR(opt, 2.5), TypeError,
         r"StepLR: step_size must be an int >= 1, got 2.5"),
        (lambda: O.StepLR(opt, 2, gamma=0), ValueError,
         r"StepLR: gamma must be a number > 0, got 0$"),
        (lambda: O.ExponentialLR(opt, gamma=-0.5), ValueError,
         r"ExponentialLR: gamma must be a number > 0"),
        (lambda: O.CosineLR(opt, 0), ValueError,
         r"CosineLR: total_epochs must be an int >= 1, got 0"),
        (lambda: O.CosineLR(opt, 10, lr_min=0.1), ValueError,
         r"CosineLR: lr_min must be below the base lr 0.1, got 0.1"),
        (lambda: O.WarmupLR(opt, 0), ValueError,
         r"WarmupLR: warmup_epochs must be an int >= 1, got 0"),
        (lambda: O.WarmupLR(opt, 2, after="cosine"), TypeError,
         r"WarmupLR: after must be a schedule"),
        (lambda: O.WarmupLR(opt, 2, after=O.CosineLR(sgd(), 5)),
         ValueError, r"after must be a schedule of the same optimizer"),
        (lambda: O.StepLR([param()], 2), TypeError,
         r"StepLR: optimizer must be an Optimizer such as SGD\(...\), "
         r"got list"),
        (lambda: O.StepLR(opt, 2).lr_at(-1), ValueError,
         r"StepLR.lr_at: epoch must be an int >= 0, got -1"),
    ]
    for make, error, message in cases:
        with pytest.raises(error, match=message):
            make()


# The in-place steps equal the formulas of the docstrings, bit for bit ------


def reference_step(name, p, state, t, hyper):
    """The one-line formulas of each optimizer's docstring, with
    temporaries: the plain version the fast step must reproduce."""
    g = p.grad + hyper.get("weight_decay", 0.0) * p.data
    if name == "sgd":
        if hyper["momentum"]:
            state["v"] = hyper["momentum"] * state["v"] + g
            g = (g + hyper["momentum"] * state["v"] if hyper["nesterov"]
                 else state["v"])
        p.data -= hyper["lr"] * g
    elif name == "rmsprop":
        a = hyper["alpha"]
        state["s"] = a * state["s"] + (1 - a) * g**2
        p.data -= hyper["lr"] * g / (np.sqrt(state["s"]) + hyper["eps"])
    else:
        b1, b2 = hyper["betas"]
        state["m"] = b1 * state["m"] + (1 - b1) * g
        state["v"] = b2 * state["v"] + (1 - b2) * g**2
        m_hat = state["m"] / (1 - b1**t)
        v_hat = state["v"] / (1 - b2**t)
        p.data -= hyper["lr"] * m_hat / (np.sqrt(v_hat) + hyper["eps"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, hyper", [
    ("sgd", dict(lr=0.1, momentum=0.0, nesterov=False)),
    ("sgd", dict(lr=0.1, momentum=0.9, nesterov=False, weight_decay=0.01)),
    ("sgd", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("rmsprop", dict(lr=0.01, alpha=0.99, eps=1e-8)),
    ("adam", dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8)),
    ("adam", dict(lr=1e-3, betas=(0.8, 0.99), eps=1e-6,
                  weight_decay=0.1)),
])
def test_steps_equal_the_docstring_formulas_bit_for_bit(name, hyper, dtype):
    rng = np.random.default_rng(0)
    w0 = rng.standard_normal((7, 5)).astype(dtype)
    fast, plain = Parameter(w0.copy()), Parameter(w0.copy())
    opt = O.OPTIMIZERS[name]([fast], **hyper)
    state = {k: np.zeros_like(w0) for k in ("v", "s", "m")}
    full = {"weight_decay": 0.0, **hyper}
    for t in range(1, 6):
        g = rng.standard_normal(w0.shape).astype(dtype)
        fast.grad[...] = plain.grad[...] = g
        opt.step()
        reference_step(name, plain, state, t, full)
        assert fast.data.dtype == dtype
        np.testing.assert_array_equal(fast.data, plain.data)


def test_the_reference_formulas_can_tell_a_wrong_step():
    """The bit-for-bit test above can fail: a step with the bias
    correction left out differs from the reference."""
    p, q = param(), param()
    state = {"m": np.zeros(2), "v": np.zeros(2)}
    hyper = {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-8}
    reference_step("adam", p, state, 1, hyper)
    q.data -= 0.1 * (0.1 * q.grad) / (np.sqrt(0.001 * q.grad**2) + 1e-8)
    assert not np.array_equal(p.data, q.data)


@pytest.mark.parametrize("name", sorted(O.OPTIMIZERS))
def test_a_step_allocates_no_arrays(name):
    """A step writes into the state and scratch arrays: memory does not
    grow by even one parameter-sized array (800 kB here)."""
    import tracemalloc
    p = Parameter(np.zeros((1000, 200)))
    p.grad[...] = 0.5
    opt = O.OPTIMIZERS[name]([p], lr=0.1)
    opt.step()
    tracemalloc.start()
    opt.step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < p.data.nbytes / 8


def test_all_finite_is_exact():
    from nnscratch._validate import all_finite
    assert all_finite(np.ones(10, np.float32))
    assert not all_finite(np.array([1.0, np.nan]))
    assert not all_finite(np.array([np.inf, -np.inf]))
    # the sum overflows, but every entry is finite
    assert all_finite(np.full(10, 3e38, np.float32))
