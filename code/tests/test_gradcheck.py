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
