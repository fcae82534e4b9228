"""Chapter 8's checkers accept the reference answers and name the usual mistakes."""

import numpy as np
import pytest

from nnscratch.exercises import ch08
from nnscratch.losses import binary_cross_entropy, binary_cross_entropy_gradient
from reporting import words


def forward(layers, X):
    a = X
    for layer in layers:
        a = layer.forward(a)
    return a


def train_step(layers, X, y, lr):
    y_hat = forward(layers, X)
    loss = binary_cross_entropy(y_hat, y)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for layer in layers:
        for p in layer.parameters():
            p.data -= lr * p.grad
            p.zero_grad()
    return loss


def train_step_zero_grad_first(layers, X, y, lr):
    """PyTorch's order: clear the gradients first. Just as right."""
    for layer in layers:
        layer.zero_grad()
    y_hat = forward(layers, X)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for layer in layers:
        for p in layer.parameters():
            p.data = p.data - lr * p.grad
    return binary_cross_entropy(y_hat, y)


def predict(layers, X):
    return (forward(layers, X) >= 0.5).astype(int)


# check_train_step ---------------------------------------------------------

@pytest.mark.parametrize("answer", [train_step, train_step_zero_grad_first])
def test_check_train_step_accepts_the_reference(answer):
    report = ch08.check_train_step(answer)
    assert report and report.total == 9, str(report)


def test_check_train_step_reports_an_unfinished_stub_once():
    def stub(layers, X, y, lr):
        raise NotImplementedError

    report = ch08.check_train_step(stub)
    text = str(report)
    assert not report and text.count("✗") == 1 and "✗ not implemented yet" in text
    assert report.total == 9 and text.endswith("0/9 checks passed: the answer is not written yet.")


def no_zero_grad(layers, X, y, lr):
    y_hat = forward(layers, X)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for layer in layers:
        for p in layer.parameters():
            p.data -= lr * p.grad
    return binary_cross_entropy(y_hat, y)


def uphill(layers, X, y, lr):
    return train_step(layers, X, y, -lr)


def backward_in_forward_order(layers, X, y, lr):
    y_hat = forward(layers, X)
    grad = binary_cross_entropy_gradient(y_hat, y)
    for layer in layers:
        grad = layer.backward(grad)
    return binary_cross_entropy(y_hat, y)


def shortcut_through_sigmoid(layers, X, y, lr):
    y_hat = forward(layers, X)
    grad = (y_hat - y) / len(y)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    for layer in layers:
        for p in layer.parameters():
            p.data -= lr * p.grad
            p.zero_grad()
    return binary_cross_entropy(y_hat, y)


def no_return(layers, X, y, lr):
    train_step(layers, X, y, lr)


@pytest.mark.parametrize("broken, failing, named", [
    (no_zero_grad, "parameters after two steps in a row", "the gradients are not cleared"),
    (uphill, "parameters after one step", "the parameters move uphill"),
    (backward_in_forward_order, "raised ValueError", "reverse order"),
    (shortcut_through_sigmoid, "parameters after one step", "counted twice"),
    (no_return, "returns the loss (got None", "did you forget `return loss`?"),
])
def test_check_train_step_names_common_mistakes(broken, failing, named):
    report = ch08.check_train_step(broken)
    text = words(report)
    assert not report
    assert f"✗ XOR, 2-3-1 network, lr = 0.5: {failing}" in text or (
        "✗ XOR, 2-3-1 network, lr = 0.5" in text and failing in text), text
    assert named in text, text


def test_check_train_step_without_zero_grad_passes_the_first_step():
    report = ch08.check_train_step(no_zero_grad)
    text = str(report)
    assert "✓ XOR, 2-3-1 network, lr = 0.5: parameters after one step" in text
    assert report.failed == 3  # only the two-step check, in each case


def test_check_train_step_checks_float32_parameters_stay_float32():
    def upcast(layers, X, y, lr):
        loss = train_step(layers, X, y, lr)
        for layer in layers:
            for p in layer.parameters():
                p.data = p.data.astype(np.float64)
        return loss

    report = ch08.check_train_step(upcast)
    assert not report and "✗ float32 network, lr = 1.0: parameters after one step" in str(report)


# check_predict ------------------------------------------------------------

def test_check_predict_accepts_the_reference():
    report = ch08.check_predict(predict)
    assert report and report.total == 3, str(report)


def test_check_predict_reports_an_unfinished_stub():
    def stub(layers, X):
        raise NotImplementedError

    report = ch08.check_predict(stub)
    assert not report and "✗ not implemented yet" in str(report) and report.total == 3


@pytest.mark.parametrize("broken, failing, named", [
    (lambda layers, X: np.round(forward(layers, X)), "probability exactly 0.5",
     "np.round(0.5) is 0"),
    (lambda layers, X: (forward(layers, X) > 0.5).astype(int), "probability exactly 0.5",
     "y_hat >= 0.5"),
    (lambda layers, X: (forward(layers, X) >= 0.5).ravel(), "returned shape (4,)",
     "broadcasts to (m, m)"),
    (lambda layers, X: forward(layers, X), "returned values other than 0 and 1",
     "return classes, not probabilities"),
])
def test_check_predict_names_common_mistakes(broken, failing, named):
    report = ch08.check_predict(broken)
    text = words(report)
    assert not report and failing in text and named in text, text


# check_xor_weights --------------------------------------------------------

def test_check_xor_weights_accepts_a_hand_design():
    report = ch08.check_xor_weights([[1, 1], [1, 1]], [0, -1], [[1], [-2]], [0])
    assert report and report.total == 8


def test_check_xor_weights_accepts_a_flat_W2_and_a_number_for_b2():
    assert ch08.check_xor_weights(np.ones((2, 2)), [0, -1], [1, -2], 0.0)


def test_check_xor_weights_rejects_wrong_weights_and_shapes():
    report = ch08.check_xor_weights(np.ones((2, 2)), [0, -1], [1, -1], 0.0)
    text = words(report)
    assert not report and "✗ XOR(1, 1) = 0 (hidden [2. 1.], output 1.0000)" in text
    assert "hint:" in text
    report = ch08.check_xor_weights(np.ones((2, 3)), [0, -1], [1, -2], 0.0)
    assert not report and "✗ W1 has shape (2, 2) (got (2, 3))" in str(report)
