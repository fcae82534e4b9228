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
