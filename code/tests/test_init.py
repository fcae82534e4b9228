import numpy as np
import pytest

from nnscratch import init


@pytest.mark.parametrize("name, std", [
    ("xavier_uniform", np.sqrt(2 / (400 + 600))),
    ("xavier_normal", np.sqrt(2 / (400 + 600))),
    ("he_normal", np.sqrt(2 / 400)),
    ("he_uniform", np.sqrt(2 / 400)),
])
def test_shape_mean_and_spread(name, std):
    W = init.INITIALIZERS[name](400, 600, np.random.default_rng(0))
    assert W.shape == (400, 600) and W.dtype == np.float64
    assert abs(W.mean()) < 0.01 * std * 10
    assert W.std() == pytest.approx(std, rel=0.02)


def test_the_same_seed_gives_the_same_weights():
    a = init.he_normal(3, 2, np.random.default_rng(5))
    b = init.he_normal(3, 2, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)


def test_uniform_bounds():
    W = init.xavier_uniform(10, 20, np.random.default_rng(0))
    assert np.abs(W).max() <= np.sqrt(6 / 30)


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="fan_in must be a positive int, got 0"):
        init.he_normal(0, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy Generator.*got int"):
        init.xavier_uniform(2, 3, 42)
