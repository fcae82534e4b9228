import numpy as np
import pytest

from nnscratch.gradcheck import check_elementwise, numerical_gradient, rel_error


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    assert rel_error(grad, 3 * x**2) < 1e-8
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored


def test_rel_error_is_zero_for_equal_and_large_for_different():
    a = np.array([1.0, 2.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(a, 2 * a) == pytest.approx(1 / 3)


def test_rel_error_rejects_different_shapes():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("fn", [
    lambda x: numerical_gradient(np.sum, x),
    lambda x: check_elementwise(np.sin, np.cos, x),
])
def test_float32_is_refused_with_a_reason(fn):
    with pytest.raises(TypeError, match="need a float64 array, got float32"):
        fn(np.zeros(3, dtype=np.float32))


def test_check_layer_refuses_float32_parameters_and_input():
    from nnscratch.gradcheck import check_layer
    from nnscratch.layers import Linear

    layer = Linear(2, 2, rng=np.random.default_rng(0), dtype=np.float32)
    with pytest.raises(TypeError, match="parameter 'W'.*float64"):
        check_layer(layer, np.ones((1, 2)))
    with pytest.raises(TypeError, match="check_layer: gradient checks need a float64 array"):
        check_layer(Linear(2, 2, rng=np.random.default_rng(0)), np.ones((1, 2), np.float32))


def test_check_loss_catches_a_wrong_gradient():
    from nnscratch.gradcheck import check_loss

    loss = lambda y_hat, y: float(np.sum((y_hat - y) ** 2))  # noqa: E731
    right = lambda y_hat, y: 2 * (y_hat - y)  # noqa: E731
    wrong = lambda y_hat, y: y_hat - y  # noqa: E731
    y_hat, y = np.array([0.5, -1.0, 2.0]), np.zeros(3)
    assert check_loss(loss, right, y_hat, y) < 1e-7
    assert check_loss(loss, wrong, y_hat, y) > 0.1
