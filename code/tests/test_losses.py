import numpy as np
import pytest

from nnscratch import losses as L
from nnscratch.activations import sigmoid, softmax
from nnscratch.gradcheck import check_loss

rng = np.random.default_rng(0)
REG = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))  # (y_hat, y)
PROBS = rng.uniform(0.05, 0.95, size=(6, 1)), rng.integers(0, 2, size=(6, 1)).astype(float)
LOGITS = rng.normal(size=(6, 1)) * 3, PROBS[1]
SCORES = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
DISTS = softmax(rng.normal(size=(5, 4))), softmax(rng.normal(size=(5, 4)))

CASES = {
    "mse": REG,
    "mae": REG,
    "huber": (REG[0] * 2, REG[1]),  # errors on both sides of delta = 1
    "binary_cross_entropy": PROBS,
    "binary_cross_entropy_with_logits": LOGITS,
    "cross_entropy": SCORES,
    "hinge": SCORES,
    "kl_divergence": DISTS,
}


@pytest.mark.parametrize("name", sorted(L.LOSSES))
def test_gradient_matches_numerical_gradient_in_float64(name):
    loss, grad = L.LOSSES[name]
    y_hat, y = CASES[name]
    assert check_loss(loss, grad, y_hat.copy(), y) < 1e-7


@pytest.mark.parametrize("name", sorted(L.LOSSES))
def test_a_wrong_gradient_is_caught(name):
    loss, grad = L.LOSSES[name]
    y_hat, y = CASES[name]
    assert check_loss(loss, lambda a, b: 1.5 * grad(a, b), y_hat.copy(), y) > 1e-2


@pytest.mark.parametrize("name", sorted(L.LOSSES))
def test_value_is_a_python_float_and_gradient_has_the_prediction_shape(name):
    loss, grad = L.LOSSES[name]
    y_hat, y = CASES[name]
    assert type(loss(y_hat, y)) is float
    assert grad(y_hat, y).shape == y_hat.shape


def test_values_worked_by_hand():
    assert L.mse([1.0, 2.0], [0.0, 4.0]) == 2.5
    assert L.mae([1.0, 2.0], [0.0, 4.0]) == 1.5
    assert L.huber([0.5, 3.0], [0.0, 0.0]) == pytest.approx((0.125 + 2.5) / 2)
    assert L.binary_cross_entropy([0.8, 0.4], [1.0, 0.0]) == pytest.approx(
        -(np.log(0.8) + np.log(0.6)) / 2)
    assert L.cross_entropy([[0.0, 0.0]], [1]) == pytest.approx(np.log(2))
    # scores (3, 1, 2), true class 0: margins max(0, 1-3+1) + max(0, 2-3+1) = 0
    assert L.hinge([[3.0, 1.0, 2.0]], [0]) == 0.0
    assert L.hinge([[1.0, 3.0, 2.0]], [0]) == 3.0 + 2.0
    assert L.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]]) == 0.0


def test_with_logits_equals_sigmoid_then_bce():
    z, y = LOGITS
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx(
        L.binary_cross_entropy(sigmoid(z), y))


def test_cross_entropy_is_entropy_plus_kl():
    q, p = DISTS
    cross = float(-np.sum(p * np.log(q)) / len(p))
    entropy = float(-np.sum(p * np.log(p)) / len(p))
    assert cross == pytest.approx(entropy + L.kl_divergence(q, p))


def test_sigmoid_bce_and_softmax_ce_gradients_simplify():
    z, y = LOGITS
    p = sigmoid(z)
    chained = L.binary_cross_entropy_gradient(p, y) * p * (1 - p)
    np.testing.assert_allclose(chained, (p - y) / y.size)
    scores, labels = SCORES
    np.testing.assert_allclose(L.cross_entropy_gradient(scores, labels),
                               (softmax(scores) - np.eye(4)[labels]) / 5)


def test_large_scores_stay_finite():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert L.cross_entropy([[1000.0, 0.0, -1000.0]], [0]) == 0.0
        assert L.cross_entropy([[1000.0, 0.0, -1000.0]], [2]) == 2000.0
        assert L.binary_cross_entropy_with_logits([[800.0]], [[0.0]]) == 800.0
        assert np.isfinite(L.binary_cross_entropy([1.0, 0.0], [0.0, 1.0]))


@pytest.mark.parametrize("name", ["mse", "mae", "huber", "binary_cross_entropy",
                                  "binary_cross_entropy_with_logits", "kl_divergence"])
def test_shape_mismatch_is_an_error_not_a_broadcast(name):
    loss, grad = L.LOSSES[name]
    y_hat = np.full((4, 1), 0.5)
    for f in (loss, grad):
        with pytest.raises(ValueError, match=rf"{f.__name__}: y_hat has shape \(4, 1\) "
                                             r"but y has shape \(4,\); they must match"):
            f(y_hat, np.full(4, 0.5))


def test_nan_predictions_say_the_model_diverged():
    with pytest.raises(ValueError, match="mse: y_hat contains NaN or inf.*learning rate"):
        L.mse([np.nan, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="cross_entropy: scores contains NaN"):
        L.cross_entropy([[np.inf, 0.0]], [0])


def test_binary_losses_check_their_ranges():
    with pytest.raises(ValueError, match=r"y_hat must be probabilities in \[0, 1\].*sigmoid"):
        L.binary_cross_entropy([1.5, 0.2], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"targets y must be in \[0, 1\]"):
        L.binary_cross_entropy([0.5, 0.2], [2.0, 0.0])


def test_class_labels_are_checked():
    scores = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"cross_entropy: y must hold one class label per "
                                         r"sample, shape \(3,\), got \(3, 4\) \(one-hot\?"):
        L.cross_entropy(scores, np.eye(4)[[0, 1, 2]])
    with pytest.raises(ValueError, match=r"hinge: y must be integer labels in 0\.\.3"):
        L.hinge(scores, np.array([0, 1, 4]))
    with pytest.raises(ValueError, match=r"integer labels.*got dtype float64"):
        L.cross_entropy(scores, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"scores must have shape \(m, k\).*got \(4,\)"):
        L.cross_entropy(np.zeros(4), np.array([1]))


def test_kl_wants_distributions():
    with pytest.raises(ValueError, match="every row of p must be a probability distribution"):
        L.kl_divergence([[0.5, 0.5]], [[0.9, 0.9]])


def test_float32_probabilities_of_exactly_0_and_1_stay_finite():
    p, y = np.float32([1.0, 0.0]), np.float32([0.0, 1.0])
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        value = L.binary_cross_entropy(p, y)
        grad = L.binary_cross_entropy_gradient(p, y)
    assert np.isfinite(value) and value > 10 and np.isfinite(grad).all()
