import numpy as np
import pytest

from nnscratch import activations as A
from nnscratch.gradcheck import check_elementwise

# Points away from the kink at 0 (step, relu), where the derivative is undefined.
Z = np.concatenate([np.linspace(-4, -0.05, 40), np.linspace(0.05, 4, 40)])


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_derivative_matches_numerical_gradient_in_float64(name):
    f, df = A.get(name)
    assert check_elementwise(f, df, Z.copy()) < 1e-7


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_a_wrong_derivative_is_caught(name):
    f, df = A.get(name)
    wrong = lambda z: df(z) + 0.1  # noqa: E731
    assert check_elementwise(f, wrong, Z.copy()) > 1e-2


def test_known_values():
    assert A.sigmoid(0.0) == 0.5
    assert A.sigmoid_derivative(0.0) == 0.25
    assert A.tanh(0.0) == 0.0 and A.tanh_derivative(0.0) == 1.0
    np.testing.assert_array_equal(A.step([-1.0, 0.0, 2.0]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(A.relu([-1.0, 0.0, 2.0]), [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(A.relu_derivative([-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(A.tanh(1.3), 2 * A.sigmoid(2.6) - 1)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise"):  # overflow would be an error
        out = A.sigmoid(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]))
    assert out[0] == 0.0 and out[-1] == 1.0 and np.all(np.diff(out) >= 0)
    assert np.isfinite(A.sigmoid_derivative(np.array([-1000.0, 1000.0]))).all()


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_float32_stays_float32_and_shape_is_kept(name):
    f, df = A.get(name)
    z = np.linspace(-2, 2, 12, dtype=np.float32).reshape(3, 4)
    assert f(z).dtype == np.float32 and f(z).shape == (3, 4)
    assert df(z).dtype == np.float32 and df(z).shape == (3, 4)


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_ints_become_float64_and_scalars_stay_scalars(name):
    f, df = A.get(name)
    assert np.asarray(f([1, -2])).dtype == np.float64
    assert np.ndim(f(0.5)) == 0 and np.ndim(df(0.5)) == 0


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_non_numbers_get_a_clear_error(name):
    f, _ = A.get(name)
    with pytest.raises(TypeError, match=rf"{name}: z must hold real numbers.*got dtype <U"):
        f(["a", "b"])


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*sigmoid"):
        A.get("sigmod")
