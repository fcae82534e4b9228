"""Losses as objects (chapter 9) and the weight penalties (chapter 11)."""

import numpy as np
import pytest

from nnscratch import losses
from nnscratch.gradcheck import numerical_gradient, rel_error
from nnscratch.layers import Linear, Parameter

rng = np.random.default_rng(0)
CASES = [
    (losses.MSELoss(), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))),
    (losses.L1Loss(), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))),
    (losses.HuberLoss(0.5), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))),
    (losses.BCELoss(), rng.uniform(0.1, 0.9, size=(5, 1)),
     rng.integers(0, 2, size=(5, 1)).astype(float)),
    (losses.BCEWithLogitsLoss(), rng.normal(size=(5, 1)),
     rng.integers(0, 2, size=(5, 1)).astype(float)),
    (losses.CrossEntropyLoss(), rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)),
]


@pytest.mark.parametrize("loss, y_hat, y", CASES, ids=lambda c: repr(c)[:20])
def test_loss_object_backward_matches_numerical_gradient_in_float64(loss, y_hat, y):
    value = loss(y_hat, y)
    assert isinstance(value, float)
    numeric = numerical_gradient(lambda _: loss(y_hat, y), y_hat)
    loss(y_hat, y)
    assert rel_error(loss.backward(), numeric) < 1e-7


def test_loss_objects_give_the_same_numbers_as_the_functions():
    y_hat, y = np.array([[2.0, 0.5, -1.0]]), np.array([0])
    assert losses.CrossEntropyLoss()(y_hat, y) == losses.cross_entropy(y_hat, y)
    assert losses.HuberLoss(0.5)(np.array([2.0]), np.array([0.0])) == \
        losses.huber(np.array([2.0]), np.array([0.0]), 0.5)


def test_backward_before_the_loss_is_an_error():
    with pytest.raises(RuntimeError, match=r"call loss\(y_hat, y\) before backward"):
        losses.MSELoss().backward()


def test_loss_objects_keep_the_functions_input_checks():
    with pytest.raises(ValueError, match="shape"):
        losses.MSELoss()(np.zeros((4, 1)), np.zeros(4))


def test_predict_turns_outputs_into_labels():
    np.testing.assert_array_equal(
        losses.CrossEntropyLoss().predict(np.array([[0.1, 2.0], [3.0, 1.0]])), [1, 0])
    np.testing.assert_array_equal(
        losses.BCELoss().predict(np.array([[0.2], [0.5], [0.9]])), [0, 1, 1])
    np.testing.assert_array_equal(
        losses.BCEWithLogitsLoss().predict(np.array([[-0.1], [0.0], [3.0]])), [0, 1, 1])
    with pytest.raises(TypeError, match="regression loss"):
        losses.MSELoss().predict(np.zeros((2, 1)))


def test_weight_penalty_by_hand_skips_biases():
    layer = Linear(2, 1, np.random.default_rng(0))
    layer.W.data[:] = [[1.0], [-2.0]]
    layer.b.data[:] = [5.0]
    # l1: 0.1 * (1 + 2) = 0.3 ; l2: 0.5 / 2 * (1 + 4) = 1.25
    assert losses.weight_penalty(layer.parameters(), l1=0.1) == pytest.approx(0.3)
    assert losses.weight_penalty(layer.parameters(), l2=0.5) == pytest.approx(1.25)
    losses.weight_penalty_backward(layer.parameters(), l1=0.1, l2=0.5)
    np.testing.assert_allclose(layer.W.grad, [[0.1 + 0.5], [-0.1 - 1.0]])
    np.testing.assert_array_equal(layer.b.grad, [0.0])


def test_weight_penalty_gradient_matches_numerical_gradient():
    W = Parameter(np.random.default_rng(1).normal(size=(3, 4)), "W")
    numeric = numerical_gradient(
        lambda _: losses.weight_penalty([W], l1=0.3, l2=0.7), W.data)
    losses.weight_penalty_backward([W], l1=0.3, l2=0.7)
    assert rel_error(W.grad, numeric) < 1e-7


def test_weight_penalty_rejects_negative_strengths_and_non_parameters():
    with pytest.raises(ValueError, match="must be >= 0, got l1=-1"):
        losses.weight_penalty([], l1=-1)
    with pytest.raises(TypeError, match=r"expected Parameters.*model.parameters\(\)"):
        losses.weight_penalty([np.zeros((2, 2))], l2=0.1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_loss_equals_the_functions_bit_for_bit(dtype):
    """The object computes the softmax once; the numbers are those of
    cross_entropy and cross_entropy_gradient exactly (and scores of
    1000 stay finite)."""
    from nnscratch.losses import cross_entropy, cross_entropy_gradient
    rng = np.random.default_rng(0)
    scores = (rng.standard_normal((33, 7)) * 5).astype(dtype)
    scores[0, 3] = 1000
    y = rng.integers(0, 7, 33)
    loss = losses.CrossEntropyLoss()
    assert loss(scores, y) == cross_entropy(scores, y)
    grad = loss.backward()
    assert grad.dtype == dtype
    np.testing.assert_array_equal(grad, cross_entropy_gradient(scores, y))
    np.testing.assert_array_equal(loss.backward(), grad)  # again: same
