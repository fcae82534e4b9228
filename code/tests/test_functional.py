import numpy as np
import pytest

from nnscratch import functional as F
from nnscratch.gradcheck import numerical_gradient, rel_error


def test_linear_forward_is_x_at_w_plus_b():
    x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    b = np.array([0.5, -0.5, 0.0])
    out, cache = F.linear_forward(x, W, b)
    np.testing.assert_allclose(out, [[5.5, 1.5, -1.0], [-1.5, -1.5, 0.0], [4.5, 0.0, -3.0]])
    assert cache[0] is x and cache[1] is W


def test_linear_backward_matches_numerical_gradients_in_float64():
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    dout = rng.normal(size=(5, 4))
    _, cache = F.linear_forward(x, W, b)
    dx, dW, db = F.linear_backward(dout, cache)
    loss = lambda _: np.sum(F.linear_forward(x, W, b)[0] * dout)  # noqa: E731
    assert rel_error(dx, numerical_gradient(loss, x)) < 1e-7
    assert rel_error(dW, numerical_gradient(loss, W)) < 1e-7
    assert rel_error(db, numerical_gradient(loss, b)) < 1e-7


def test_linear_backward_does_not_change_dout():
    rng = np.random.default_rng(1)
    _, cache = F.linear_forward(rng.normal(size=(2, 3)), rng.normal(size=(3, 2)), np.zeros(2))
    dout = rng.normal(size=(2, 2))
    before = dout.copy()
    F.linear_backward(dout, cache)
    np.testing.assert_array_equal(dout, before)


def test_linear_forward_names_the_shapes_it_expected_and_got():
    with pytest.raises(ValueError, match=r"expected x \(m, n_in\).*got x \(4, 3\), W \(2, 5\), b \(5,\)"):
        F.linear_forward(np.ones((4, 3)), np.ones((2, 5)), np.ones(5))
    with pytest.raises(ValueError, match=r"got x \(4, 2\), W \(2, 5\), b \(4,\)"):
        F.linear_forward(np.ones((4, 2)), np.ones((2, 5)), np.ones(4))


def test_linear_backward_checks_dout():
    _, cache = F.linear_forward(np.ones((4, 2)), np.ones((2, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"dout must have shape \(4, 3\).*got \(3, 4\)"):
        F.linear_backward(np.ones((3, 4)), cache)


def test_linear_keeps_float32():
    x = np.ones((2, 3), dtype=np.float32)
    W, b = np.ones((3, 2), dtype=np.float32), np.zeros(2, dtype=np.float32)
    out, cache = F.linear_forward(x, W, b)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in F.linear_backward(np.ones_like(out), cache))
