"""Chapter 18's checkers accept correct answers and name the usual
mistakes."""

import numpy as np
import pytest

from nnscratch.exercises import ch18
from reporting import failed_lines, words


# random horizontal flips --------------------------------------------------------

def flip_reference(X, rng, p=0.5):
    out = X.copy()
    chosen = rng.random(len(X)) < p
    out[chosen] = X[chosen][..., ::-1]
    return out


def flip_with_where(X, rng, p=0.5):
    """np.where over a broadcast mask, np.flip on the last axis."""
    chosen = rng.random(len(X)) < p
    mask = chosen.reshape((-1,) + (1,) * (X.ndim - 1))
    return np.where(mask, np.flip(X, axis=-1), X)


def flip_with_a_loop(X, rng, p=0.5):
    """One image at a time, coins from rng.binomial."""
    out = np.empty_like(X)
    for i, coin in enumerate(rng.binomial(1, p, size=len(X))):
        out[i] = np.fliplr(X[i]) if X.ndim == 3 and coin else (
            X[i][..., ::-1] if coin else X[i])
    return out


def flip_stub(X, rng, p=0.5):
    raise NotImplementedError


def flip_batch_axis(X, rng, p=0.5):
    return X[::-1].copy() if rng.random() < p else X.copy()


def flip_up_down(X, rng, p=0.5):
    out = X.copy()
    chosen = rng.random(len(X)) < p
    out[chosen] = X[chosen][..., ::-1, :]
    return out


def flip_all(X, rng, p=0.5):
    return X[..., ::-1].copy()


def flip_whole_batch(X, rng, p=0.5):
    return X[..., ::-1].copy() if rng.random() < p else X.copy()


def flip_fixed_seed(X, rng, p=0.5):
    return flip_reference(X, np.random.default_rng(0), p)


def flip_in_place(X, rng, p=0.5):
    chosen = rng.random(len(X)) < p
    X[chosen] = X[chosen][..., ::-1]
    return X


def flip_float64(X, rng, p=0.5):
    return flip_reference(X, rng, p).astype(np.float64)


def flip_no_return(X, rng, p=0.5):
    flip_reference(X, rng, p)


def flip_inverted_p(X, rng, p=0.5):
    out = X.copy()
    chosen = rng.random(len(X)) < 1 - p
    out[chosen] = X[chosen][..., ::-1]
    return out


@pytest.mark.parametrize("fn", [flip_reference, flip_with_where,
                                flip_with_a_loop])
def test_flip_accepts_correct_answers(fn):
    report = ch18.check_random_flip(fn)
    assert report, str(report)


@pytest.mark.parametrize("fn, hint", [
    (flip_batch_axis, "reversed the order of the images"),
    (flip_up_down, "upside down"),
    (flip_all, "p = 0"),
    (flip_whole_batch, "a coin for each image"),
    (flip_fixed_seed, "use the rng you are given"),
    (flip_in_place, "work on a copy"),
    (flip_float64, "float32"),
    (flip_no_return, "forget `return`"),
    (flip_inverted_p, "draw one coin per image"),
])
def test_flip_rejects_mistakes(fn, hint):
    report = ch18.check_random_flip(fn)
    assert not report
    assert hint in words(report), str(report)


def test_flip_stub_is_unfinished():
    report = ch18.check_random_flip(flip_stub)
    assert not report and "not written yet" in words(report)


def test_flip_all_fails_only_on_p0_and_half():
    lines = failed_lines(ch18.check_random_flip(flip_all))
    assert any("p = 0:" in line for line in lines), lines
    assert not any("p = 1" in line for line in lines), lines


# saliency ----------------------------------------------------------------------

def saliency_reference(model, X):
    model.eval()
    scores = model.forward(X)
    dout = np.zeros_like(scores)
    dout[np.arange(len(X)), scores.argmax(axis=1)] = 1.0
    dX = model.backward(dout)
    model.zero_grad()
    return dX


def saliency_with_eye(model, X):
    """One-hot rows from np.eye; zero_grad before and after."""
    model.eval()
    model.zero_grad()
    scores = model(X)
    dX = model.backward(np.eye(scores.shape[1])[scores.argmax(axis=1)])
    model.zero_grad()
    model.train()
    return dX


def saliency_per_image(model, X):
    """One image at a time, stacked; gradients cleared per parameter."""
    model.eval()
    rows = []
    for x in X:
        s = model.forward(x[None])
        d = np.zeros_like(s)
        d[0, np.argmax(s[0])] = 1
        rows.append(model.backward(d)[0])
        for p in model.parameters():
            p.grad[...] = 0
    return np.stack(rows)


def saliency_stub(model, X):
    raise NotImplementedError


def _with(dout_of, training=False, zero=True):
    def fn(model, X):
        model.train() if training else model.eval()
        scores = model.forward(X)
        dX = model.backward(dout_of(scores))
        if zero:
            model.zero_grad()
        return dX
    return fn


def _one_hot(scores):
    d = np.zeros_like(scores)
    d[np.arange(len(scores)), scores.argmax(axis=1)] = 1
    return d


def _softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def saliency_abs(model, X):
    return np.abs(saliency_reference(model, X))


def saliency_wrong_shape(model, X):
    return saliency_reference(model, X).reshape(len(X), -1)


@pytest.mark.parametrize("fn", [saliency_reference, saliency_with_eye,
                                saliency_per_image])
def test_saliency_accepts_correct_answers(fn):
    report = ch18.check_saliency(fn)
    assert report, str(report)


@pytest.mark.parametrize("fn, hint", [
    (_with(lambda s: (_softmax(s) - _one_hot(s)) / len(s)),
     "gradient of the cross-entropy loss"),
    (_with(lambda s: _softmax(s) - _one_hot(s)), "without the 1/m"),
    (_with(np.ones_like), "sum of all class scores"),
    (_with(lambda s: np.eye(s.shape[1])[np.zeros(len(s), int)]),
     "class 0's score"),
    (_with(_one_hot, training=True), "model.eval()"),
    (_with(_one_hot, zero=False), "zero_grad()"),
    (saliency_abs, "|gradient|"),
    (saliency_wrong_shape, "X's shape"),
])
def test_saliency_rejects_mistakes(fn, hint):
    report = ch18.check_saliency(fn)
    assert not report
    assert hint in words(report), str(report)


def test_saliency_stub_is_unfinished():
    report = ch18.check_saliency(saliency_stub)
    assert not report and "not written yet" in words(report)


def test_saliency_reference_matches_numerical_gradient():
    from nnscratch.gradcheck import numerical_gradient, rel_error
    model = ch18._tiny_model(0).eval()
    X = np.random.default_rng(4).normal(size=(1, 1, 5, 5))
    c = int(model.forward(X).argmax())
    numeric = numerical_gradient(lambda z: float(model.forward(z)[0, c]),
                                 X.copy())
    analytic = ch18._saliency_reference(model, X)
    assert rel_error(analytic, numeric) < 1e-6
