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


def test_new_activations_known_values():
    np.testing.assert_allclose(A.leaky_relu([-2.0, 3.0]), [-0.02, 3.0])
    np.testing.assert_allclose(A.leaky_relu_derivative([-2.0, 3.0]), [0.01, 1.0])
    np.testing.assert_allclose(A.elu([-1.0, 2.0]), [np.exp(-1) - 1, 2.0])
    np.testing.assert_allclose(A.elu_derivative([-1.0, 2.0]), [np.exp(-1), 1.0])
    assert A.gelu(0.0) == 0.0 and A.gelu_derivative(0.0) == 0.5


def test_gelu_is_close_to_the_exact_z_times_phi():
    from math import erf, sqrt

    z = np.linspace(-5, 5, 101)
    exact = np.array([v * 0.5 * (1 + erf(v / sqrt(2))) for v in z])
    assert np.max(np.abs(A.gelu(z) - exact)) < 1e-3


def test_elu_does_not_overflow_for_large_inputs():
    with np.errstate(over="raise", invalid="raise"):
        assert A.elu(np.array([1000.0]))[0] == 1000.0
        assert A.elu_derivative(np.array([1000.0, -1000.0])).tolist() == [1.0, 0.0]


def test_softmax_rows_sum_to_one_and_match_the_definition():
    z = np.array([[2.1, 0.5, 1.3], [0.0, 0.0, 0.0]])
    s = A.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(s[0], np.exp(z[0]) / np.exp(z[0]).sum())
    np.testing.assert_allclose(s[1], 1 / 3)
    np.testing.assert_allclose(s[0].round(2), [0.61, 0.12, 0.27])


def test_softmax_and_log_softmax_do_not_overflow():
    z = np.array([[1000.0, 1000.0, 999.0], [-1000.0, 0.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = A.softmax(z)
        log_s = A.log_softmax(z)
    assert np.isfinite(s).all() and np.isfinite(log_s).all()
    np.testing.assert_allclose(s[0], np.exp([0, 0, -1]) / np.exp([0, 0, -1]).sum())
    assert log_s[1, 0] == -2000.0  # log(softmax) would give log(0) = -inf here


def test_softmax_is_unchanged_by_adding_a_constant_and_keeps_float32():
    z = np.array([0.3, -1.2, 2.0], dtype=np.float32)
    np.testing.assert_allclose(A.softmax(z), A.softmax(z + 50), rtol=1e-6)
    assert A.softmax(z).dtype == np.float32


def test_softmax_jacobian_matches_numerical_gradient_in_float64():
    from nnscratch.gradcheck import numerical_gradient, rel_error

    z = np.array([0.5, -1.0, 2.0, 0.1])
    J = A.softmax_jacobian(z)
    for i in range(4):
        numeric = numerical_gradient(lambda v: A.softmax(v)[i], z.copy())
        assert rel_error(J[i], numeric) < 1e-7


def test_softmax_backward_is_the_jacobian_product_for_each_row():
    from nnscratch.gradcheck import numerical_gradient, rel_error

    rng = np.random.default_rng(0)
    z, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    analytic = A.softmax_backward(dout, A.softmax(z))
    numeric = numerical_gradient(lambda v: np.sum(A.softmax(v) * dout), z.copy())
    assert rel_error(analytic, numeric) < 1e-7
    np.testing.assert_allclose(analytic[0], dout[0] @ A.softmax_jacobian(z[0]))


def test_softmax_jacobian_wants_one_vector():
    with pytest.raises(ValueError, match=r"softmax_jacobian: z must have shape \(k,\), got \(2, 2\)"):
        A.softmax_jacobian(np.ones((2, 2)))
