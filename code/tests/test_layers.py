import numpy as np
import pytest

from nnscratch.layers import Layer, Parameter


class Scale(Layer):
    """y = w * x elementwise: the smallest layer with a parameter."""

    def __init__(self, n):
        self.w = Parameter(np.arange(1.0, n + 1), name="w")

    def forward(self, x):
        self.x = x
        return self.w.data * x

    def backward(self, dout):
        self.w.accumulate(np.sum(dout * self.x, axis=0))
        return dout * self.w.data


class Stack(Layer):
    def __init__(self):
        self.first = Scale(3)
        self.rest = [Scale(3), Scale(3)]
        self.rest.append(self.first)  # shared: must be counted once


def test_parameter_holds_data_and_a_zero_gradient_of_the_same_shape():
    p = Parameter([[1, 2], [3, 4]], name="W")
    assert p.data.dtype == np.float64 and p.shape == (2, 2) and p.size == 4
    np.testing.assert_array_equal(p.grad, np.zeros((2, 2)))
    assert "W" in repr(p) and "(2, 2)" in repr(p)


def test_parameter_keeps_float32_and_copies_its_input():
    source = np.ones(3, dtype=np.float32)
    p = Parameter(source)
    p.data[0] = 5
    assert p.data.dtype == np.float32 and p.grad.dtype == np.float32 and source[0] == 1


def test_gradients_accumulate_and_zero_in_place():
    p = Parameter(np.zeros(2))
    grad_buffer = p.grad
    p.accumulate([1.0, 2.0])
    p.accumulate([1.0, 2.0])
    np.testing.assert_array_equal(p.grad, [2.0, 4.0])
    p.zero_grad()
    assert p.grad is grad_buffer and not p.grad.any()


def test_a_gradient_of_the_wrong_shape_is_an_error():
    p = Parameter(np.zeros((2, 3)), name="W")
    with pytest.raises(ValueError, match=r"'W': gradient must have shape \(2, 3\).*got \(3, 2\)"):
        p.accumulate(np.zeros((3, 2)))


def test_parameter_rejects_non_numbers():
    with pytest.raises(TypeError, match="Parameter 'W'.*got dtype <U"):
        Parameter(["x"], name="W")


def test_layer_call_forward_backward_and_parameters():
    layer = Scale(3)
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    np.testing.assert_array_equal(layer(x), [[1.0, 4.0, 9.0], [1.0, 2.0, 3.0]])
    dx = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(layer.w.grad, [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(dx, [[1.0, 2.0, 3.0]] * 2)
    assert layer.parameters() == [layer.w] and layer.num_parameters() == 3


def test_parameters_are_found_in_nested_layers_and_lists_once_each():
    model = Stack()
    assert len(model.parameters()) == 3 and model.num_parameters() == 9
    for p in model.parameters():
        p.accumulate(np.ones(3))
    model.zero_grad()
    assert not any(p.grad.any() for p in model.parameters())


def test_train_and_eval_reach_every_layer():
    model = Stack()
    assert model.training
    model.eval()
    assert not model.training and not model.first.training and not model.rest[1].training
    model.train()
    assert all(layer.training for layer in [model, model.first, *model.rest])


def test_an_unfinished_layer_says_what_is_missing():
    class Half(Layer):
        pass

    with pytest.raises(NotImplementedError, match="Half must implement forward"):
        Half()(np.zeros(2))
    with pytest.raises(NotImplementedError, match="Half must implement backward"):
        Half().backward(np.zeros(2))


# Linear and the activation layers --------------------------------------------

from nnscratch.gradcheck import check_layer  # noqa: E402
from nnscratch.layers import (  # noqa: E402
    ELU, GELU, Activation, LeakyReLU, Linear, ReLU, Sigmoid, Tanh)


def test_linear_has_w_and_b_of_the_right_shapes():
    layer = Linear(3, 2, rng=np.random.default_rng(0))
    assert layer.W.shape == (3, 2) and layer.b.shape == (2,)
    assert layer.num_parameters() == 3 * 2 + 2
    assert [p.name for p in layer.parameters()] == ["W", "b"]
    assert repr(layer) == "Linear(3 -> 2)"
    np.testing.assert_array_equal(layer.b.data, 0)


def test_linear_forward_is_x_at_w_plus_b():
    layer = Linear(2, 2, rng=np.random.default_rng(0))
    layer.W.data[...] = [[1.0, 2.0], [3.0, 4.0]]
    layer.b.data[...] = [0.5, -0.5]
    np.testing.assert_allclose(layer(np.array([[1.0, 1.0]])), [[4.5, 5.5]])


def test_linear_backward_matches_numerical_gradients_in_float64():
    rng = np.random.default_rng(1)
    layer = Linear(4, 3, rng=rng)
    layer.b.data[...] = rng.normal(size=3)
    errors = check_layer(layer, rng.normal(size=(5, 4)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


def test_check_layer_catches_a_bias_gradient_that_is_not_summed_over_the_batch():
    class Buggy(Linear):
        def backward(self, dout):
            dx = super().backward(dout)
            self.b.grad[...] = dout[0]  # the bug: only the first sample
            return dx

    rng = np.random.default_rng(2)
    errors = check_layer(Buggy(3, 2, rng=rng), rng.normal(size=(4, 3)))
    assert errors["b"] > 1e-2 and errors["W"] < 1e-7


def test_linear_gradients_accumulate_until_zero_grad():
    rng = np.random.default_rng(3)
    layer, x = Linear(2, 2, rng=rng), rng.normal(size=(3, 2))
    layer(x)
    layer.backward(np.ones((3, 2)))
    once = layer.W.grad.copy()
    layer(x)
    layer.backward(np.ones((3, 2)))
    np.testing.assert_allclose(layer.W.grad, 2 * once)
    layer.zero_grad()
    assert not layer.W.grad.any() and not layer.b.grad.any()


def test_linear_keeps_float32():
    layer = Linear(3, 2, rng=np.random.default_rng(0), dtype=np.float32)
    out = layer(np.ones((4, 3), dtype=np.float32))
    assert layer.W.data.dtype == np.float32 and out.dtype == np.float32
    assert layer.backward(np.ones((4, 2), dtype=np.float32)).dtype == np.float32


def test_linear_says_what_shape_it_expected():
    layer = Linear(3, 2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"Linear\(3 -> 2\): x must have shape \(m, 3\), got \(4, 2\)"):
        layer(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"got \(3,\) \(one sample\? use x.reshape\(1, -1\)\)"):
        layer(np.ones(3))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        Linear(3, 2, rng=np.random.default_rng(0)).backward(np.ones((1, 2)))
    layer(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(4, 2\)"):
        layer.backward(np.ones((4, 3)))


def test_linear_init_is_reproducible_and_named():
    a = Linear(3, 4, rng=np.random.default_rng(9), init="he_normal")
    b = Linear(3, 4, rng=np.random.default_rng(9), init="he_normal")
    np.testing.assert_array_equal(a.W.data, b.W.data)
    with pytest.raises(ValueError, match="unknown init 'kaiming'.*he_normal"):
        Linear(3, 4, rng=np.random.default_rng(0), init="kaiming")


@pytest.mark.parametrize("cls", [Sigmoid, Tanh, ReLU, LeakyReLU, ELU, GELU])
def test_activation_layers_match_numerical_gradients_in_float64(cls):
    z = np.random.default_rng(4).normal(size=(5, 3))
    z[np.abs(z) < 0.05] = 0.5  # keep away from the kink at 0
    layer = cls()
    assert layer.parameters() == [] and repr(layer) == f"{cls.__name__}()"
    assert check_layer(layer, z)["x"] < 1e-7


def test_activation_layer_checks_dout_and_order():
    layer = Activation("tanh")
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.ones(3))
    layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 3\).*got \(3,\)"):
        layer.backward(np.ones(3))


def test_a_small_network_finds_all_its_parameters():
    class TwoLayer(Layer):
        def __init__(self, rng):
            self.layers = [Linear(2, 3, rng=rng), ReLU(), Linear(3, 1, rng=rng), Sigmoid()]

    net = TwoLayer(np.random.default_rng(0))
    assert net.num_parameters() == (2 * 3 + 3) + (3 * 1 + 1)
    assert len(net.parameters()) == 4


# need_input_grad=False: the same parameter gradients, no dx ---------------


def _grads_both_ways(make_model, x):
    """Parameter gradients of model(x).sum() computed with and without
    the input gradient, and what each backward returned."""
    results = []
    for need in (True, False):
        model = make_model()
        out = model.forward(x)
        model.zero_grad()
        dx = model.backward(np.ones_like(out), need_input_grad=need)
        results.append(([p.grad.copy() for p in model.parameters()], dx))
    return results


@pytest.mark.parametrize("name", ["linear", "conv", "flatten-first"])
def test_need_input_grad_false_skips_dx_and_keeps_the_gradients(name):
    from nnscratch.layers import Conv2d, Flatten, ReLU, Sequential
    x = np.random.default_rng(1).standard_normal((4, 2, 6, 6))

    def make_model():
        rng = np.random.default_rng(0)
        if name == "linear":
            return Linear(72, 3, rng)
        if name == "conv":
            return Sequential(Conv2d(2, 3, 3, rng), ReLU(),
                              Conv2d(3, 2, 3, rng))
        return Sequential(Flatten(), Linear(72, 5, rng), ReLU(),
                          Linear(5, 3, rng))
    if name == "linear":
        x = x.reshape(4, -1)
    (g_all, dx), (g_skip, none) = _grads_both_ways(make_model, x)
    assert dx.shape == x.shape and none is None
    assert len(g_all) == len(g_skip) > 0
    for a, b in zip(g_all, g_skip):
        np.testing.assert_array_equal(a, b)


def test_fit_asks_for_no_input_gradient():
    """fit trains on data, so it passes need_input_grad=False (and a
    model whose layers cannot skip still gets a plain backward)."""
    from nnscratch import optim, train
    from nnscratch.layers import Sequential
    from nnscratch.losses import MSELoss
    asked = []

    class Spy(Linear):
        def backward(self, dout, need_input_grad=True):
            asked.append(need_input_grad)
            return super().backward(dout, need_input_grad)

    rng = np.random.default_rng(0)
    model = Sequential(Spy(2, 1, rng))
    X, y = rng.standard_normal((8, 2)), rng.standard_normal((8, 1))
    train.fit(model, MSELoss(), optim.SGD(model.parameters(), 0.1), X, y,
              epochs=1, batch_size=4, rng=rng, progress=False)
    assert asked == [False, False]


def test_a_subclass_with_a_plain_backward_still_trains_first_in_line():
    """A reader's Linear subclass that overrides backward(self, dout)
    inherits no need_input_grad: Sequential and fit call it plainly."""
    from nnscratch import optim, train
    from nnscratch.layers import Sequential
    from nnscratch.layers.base import takes_need_input_grad
    from nnscratch.losses import MSELoss

    class Plain(Linear):
        def backward(self, dout):
            return super().backward(dout)

    rng = np.random.default_rng(0)
    model = Sequential(Plain(2, 3, rng), Linear(3, 1, rng))
    assert not takes_need_input_grad(model[0])
    assert takes_need_input_grad(model) and takes_need_input_grad(model[1])
    X, y = rng.standard_normal((8, 2)), rng.standard_normal((8, 1))
    before = model[0].W.data.copy()
    train.fit(model, MSELoss(), optim.SGD(model.parameters(), 0.1), X, y,
              epochs=1, batch_size=4, rng=rng, progress=False)
    assert not np.array_equal(before, model[0].W.data)
