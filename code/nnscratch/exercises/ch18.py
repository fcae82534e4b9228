"""Checkers for chapter 18, Project: image classification.

- ``check_random_flip(fn)``: ``fn(X, rng, p)`` flips a random share p of
  the images in a batch left-right (an augmentation for clothes).
- ``check_saliency(fn)``: ``fn(model, X)`` returns the gradient of each
  image's predicted class score (its logit) with respect to the image.

Images are (m, h, w) or NCHW (m, C, h, w) arrays; the last axis runs
from left to right, the one before it from top to bottom.
"""

import numpy as np

from ._report import Report


# Horizontal flips ---------------------------------------------------------------

def _flip_reference(X, rng, p=0.5):
    """A copy of X with each image flipped left-right with probability p."""
    out = np.array(X, copy=True)
    chosen = rng.random(len(out)) < p
    out[chosen] = out[chosen][..., ::-1]
    return out


_FLIP_HINT = ("draw one coin per image (rng.random(len(X)) < p), copy X, "
              "and flip only the chosen images along the LAST axis: "
              "out[chosen] = X[chosen][..., ::-1]")


def _flip_images(shape, seed):
    """Images with no symmetry: every flip changes them."""
    rng = np.random.default_rng(seed)
    return rng.permutation(int(np.prod(shape))).reshape(shape).astype(
        np.float32) / 100


def _classify(out, X):
    """For each image of out: 'same', 'flipped' (left-right), or what
    else it is ('up-down', 'other'), as a list."""
    kinds = []
    for o, x in zip(out, X):
        if np.array_equal(o, x):
            kinds.append("same")
        elif np.array_equal(o, x[..., ::-1]):
            kinds.append("flipped")
        elif np.array_equal(o, x[..., ::-1, :]):
            kinds.append("up-down")
        else:
            kinds.append("other")
    return kinds


def _flip_diagnosis(out, X):
    """A hint for an output in which not every image is itself or its
    left-right mirror image."""
    m = len(X)
    if out.shape == X.shape and np.array_equal(out, X[::-1]):
        return ("you reversed the order of the images (the batch axis): "
                "image i now sits where the label of image m-1-i is. "
                "Flip along the last axis, [..., ::-1]")
    kinds = _classify(out, X) if out.shape == X.shape else []
    if "up-down" in kinds:
        return ("some images were turned upside down: that flips the "
                "rows (axis -2). A left-right flip reverses the columns, "
                "the last axis: [..., ::-1]")
    if m > 1 and out.shape == X.shape and any(
            np.array_equal(o, x) for o, x in zip(out, X[::-1])):
        return ("images changed places in the batch: their labels no "
                "longer match. Flip each chosen image in its own place")
    return _FLIP_HINT


def _as_batch(r, what, got, X):
    if got is None:
        r.check(False, f"{what} (your function returned None)",
                "did you forget `return`?")
        return None
    try:
        arr = np.asarray(got)
    except (TypeError, ValueError):
        r.check(False, f"{what} (got {type(got).__name__}, not an array)",
                "return a NumPy array")
        return None
    if arr.shape != X.shape:
        r.check(False, f"{what} (got shape {arr.shape}, expected "
                       f"{X.shape})", "return one image for each image, "
                                      "with the shape of X")
        return None
    return arr


def check_random_flip(fn):
    """Exercise: ``fn(X, rng, p)`` returns a new batch in which each image
    of X is, independently with probability p, flipped left-right, and
    every other image is left as it is, in its place (so the labels
    still match). X : (m, h, w) or (m, C, h, w); rng : a NumPy
    Generator; X itself must not change.
    """
    r = Report("check_random_flip")
    X3 = _flip_images((6, 4, 5), 18)
    X4 = _flip_images((5, 2, 4, 3), 19)
    for what, X, p, want in [
            ("p = 1: every image of a (6, 4, 5) batch flipped left-right",
             X3, 1.0, X3[..., ::-1]),
            ("p = 1 on NCHW images (5, 2, 4, 3): every channel flipped",
             X4, 1.0, X4[..., ::-1]),
            ("p = 0: the batch comes back unchanged", X3, 0.0, X3)]:
        ran, got = r.attempt(what, lambda: fn(X.copy(),
                                              np.random.default_rng(0), p),
                             lambda err: _FLIP_HINT)
        if not ran:
            continue
        arr = _as_batch(r, what, got, X)
        if arr is None:
            continue
        ok = np.array_equal(arr, want)
        r.check(ok, what, "" if ok else _flip_diagnosis(arr, X))
    _check_half(r, fn)
    _check_dtype_and_input(r, fn)
    return r


def _check_half(r, fn):
    what = ("p = 0.5 on 400 images: each is itself or its mirror image, "
            "about half are flipped, a new choice on every call")
    X = _flip_images((400, 1, 3, 4), 20)
    rng = np.random.default_rng(5)
    patterns = []
    for _ in range(3):
        ran, got = r.attempt(what, lambda: fn(X.copy(), rng, 0.5),
                             lambda err: _FLIP_HINT)
        if not ran:
            return
        arr = _as_batch(r, what, got, X)
        if arr is None:
            return
        kinds = _classify(arr, X)
        if not set(kinds) <= {"same", "flipped"}:
            r.check(False, what + " (some images are neither)",
                    _flip_diagnosis(arr, X))
            return
        patterns.append(np.array(kinds) == "flipped")
    shares = [float(p.mean()) for p in patterns]
    if any(s in (0.0, 1.0) for s in shares):
        r.check(False, what + f" (shares flipped: {shares})",
                "draw a coin for each image, not one for the whole batch: "
                "rng.random(len(X)) < p gives m of them")
    elif not all(0.4 <= s <= 0.6 for s in shares):
        r.check(False, what + f" (shares flipped: {shares})",
                "an image is flipped with probability p: "
                "rng.random(len(X)) < p is True for a share p of images")
    elif np.array_equal(patterns[0], patterns[1]) and np.array_equal(
            patterns[1], patterns[2]):
        r.check(False, what + " (the same images every call)",
                "use the rng you are given, so each batch gets new coins; "
                "do not make a new generator with a fixed seed inside")
    else:
        r.check(True, what)


def _check_dtype_and_input(r, fn):
    what = "keeps the dtype (float32) and leaves X unchanged"
    X = _flip_images((8, 1, 4, 4), 21)
    before = X.copy()
    ran, got = r.attempt(what, lambda: fn(X, np.random.default_rng(1), 1.0))
    if not ran:
        return
    arr = _as_batch(r, what, got, X)
    if arr is None:
        return
    if not np.array_equal(X, before):
        r.check(False, what + " (X was changed)",
                "work on a copy (np.array(X, copy=True) or X.copy()): fit "
                "passes you a batch of the training set itself, and "
                "flipping it in place would flip the training images for "
                "good")
    elif arr.dtype != X.dtype:
        r.check(False, what + f" (got {arr.dtype})",
                "the model trains in float32: return the images in X's "
                "dtype")
    else:
        r.check(True, what)


# Saliency ------------------------------------------------------------------------

def _saliency_reference(model, X):
    """d(score of the predicted class)/dX, in evaluation mode."""
    model.eval()
    scores = model.forward(X)
    dout = np.zeros_like(scores)
    dout[np.arange(len(X)), scores.argmax(axis=1)] = 1.0
    dX = model.backward(dout)
    model.zero_grad()
    return dX


def _tiny_model(seed=0):
    """conv 3x3 (2 kernels) -> BatchNorm2d -> ReLU -> flatten -> dense 3,
    float64, in TRAINING mode as fit leaves it, with running statistics
    that differ from any batch's."""
    from ..layers import (BatchNorm2d, Conv2d, Flatten, Linear, ReLU,
                          Sequential)
    rng = np.random.default_rng(seed)
    model = Sequential(Conv2d(1, 2, 3, rng, padding=1), BatchNorm2d(2),
                       ReLU(), Flatten(), Linear(2 * 5 * 5, 3, rng))
    bn = model.layers[1]
    bn.running_mean[:] = [0.3, -0.2]
    bn.running_var[:] = [1.7, 0.6]
    bn.gamma.data[:] = [1.2, 0.8]
    bn.beta.data[:] = [0.1, -0.3]
    return model.train()


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _saliency_with(model, X, make_dout, training=False):
    """A wrong answer: backward of make_dout(scores) instead of a one-hot."""
    model.train() if training else model.eval()
    scores = model.forward(X)
    dX = model.backward(make_dout(scores))
    model.zero_grad()
    return dX


def _one_hot(scores, columns):
    dout = np.zeros_like(scores)
    dout[np.arange(len(scores)), columns] = 1.0
    return dout


def _predicted(scores):
    return _one_hot(scores, scores.argmax(axis=1))


_SALIENCY_MISTAKES = [
    ("it is the gradient of the cross-entropy loss of the predicted "
     "class",
     lambda m, X: _saliency_with(
         m, X, lambda s: (_softmax(s) - _predicted(s)) / len(s)),
     "the saliency is the gradient of the class SCORE (the logit z_c), "
     "not of a loss: backward a one-hot dout with 1 at the predicted "
     "class, not softmax(z) - one_hot"),
    ("it is the gradient of the loss without the 1/m",
     lambda m, X: _saliency_with(m, X, lambda s: _softmax(s) - _predicted(s)),
     "backward a one-hot dout (1 at the predicted class), not the "
     "gradient of the cross-entropy"),
    ("it is the gradient of the softmax probability, not of the score",
     lambda m, X: _saliency_with(
         m, X, lambda s: _softmax(s) * (_predicted(s) - _softmax(s)
                                        [np.arange(len(s)),
                                         s.argmax(axis=1)][:, None])),
     "use the logit z_c itself: its gradient is what a one-hot dout "
     "gives; the probability's gradient is squashed where the model is "
     "sure"),
    ("it is the gradient of the sum of all class scores",
     lambda m, X: _saliency_with(m, X, np.ones_like),
     "a dout of ones adds up the gradients of every class; put 1 only in "
     "the column of the predicted class (scores.argmax(axis=1))"),
    ("it is the gradient of class 0's score for every image",
     lambda m, X: _saliency_with(
         m, X, lambda s: _one_hot(s, np.zeros(len(s), int))),
     "each image needs the 1 in ITS predicted column: "
     "dout[np.arange(m), scores.argmax(axis=1)] = 1"),
    ("it was computed in training mode (BatchNorm used the batch's "
     "statistics)",
     lambda m, X: _saliency_with(m, X, _predicted, training=True),
     "call model.eval() before the forward pass: fit leaves the model in "
     "training mode, where BatchNorm normalizes with the batch's "
     "statistics (and Dropout drops units), so the gradient is not the "
     "one of the model's predictions"),
]

_SALIENCY_HINT = ("model.eval(); scores = model.forward(X); dout = zeros "
                  "like scores with 1 at [i, scores[i].argmax()]; "
                  "dX = model.backward(dout); model.zero_grad(); return dX")


def _diagnose_saliency(got, X, seed):
    want = _saliency_reference(_tiny_model(seed), X)
    if np.allclose(got, np.abs(want), atol=1e-9):
        return ("you returned |gradient|: return the gradient itself "
                "(with its sign); take np.abs only for the picture")
    if np.allclose(got, -want, atol=1e-9):
        return "the sign is flipped: return model.backward(dout) as it is"
    for name, mistake, hint in _SALIENCY_MISTAKES:
        if np.allclose(got, mistake(_tiny_model(seed), X), atol=1e-9):
            return f"{name}: {hint}"
    return _SALIENCY_HINT


def check_saliency(fn):
    """Exercise: ``fn(model, X)`` returns the saliency of each image:
    the gradient of its predicted class's score z_c (the logit, before
    the softmax) with respect to the image, X's shape, in evaluation
    mode. Afterwards no gradient is left on the model's parameters
    (every Parameter.grad is 0).

    The test model is a tiny float64 CNN with BatchNorm2d, handed over
    in training mode, as ``train.fit`` leaves a model.
    """
    r = Report("check_saliency")
    rng = np.random.default_rng(3)
    cases = [("4 images (4, 1, 5, 5)", rng.normal(size=(4, 1, 5, 5)), 0),
             ("2 images, another model", rng.normal(size=(2, 1, 5, 5)), 1),
             ("a single image (1, 1, 5, 5)", rng.normal(size=(1, 1, 5, 5)),
              2)]
    for what, X, seed in cases:
        model = _tiny_model(seed)
        ran, got = r.answer(what, lambda: fn(model, X.copy()),
                            lambda err: _SALIENCY_HINT)
        if not ran:
            continue
        arr = np.asarray(got, dtype=np.float64)
        if arr.shape != X.shape:
            r.check(False, f"{what} (got shape {arr.shape}, expected "
                           f"{X.shape})",
                    "the saliency has one value per pixel: model.backward "
                    "returns it in X's shape")
            continue
        want = _saliency_reference(_tiny_model(seed), X)
        ok = np.allclose(arr, want, atol=1e-9)
        r.check(ok, what, "" if ok else _diagnose_saliency(arr, X, seed))
        if ok and seed == 0:
            _check_clean(r, model)
    return r


def _check_clean(r, model):
    what = "leaves no gradient on the parameters (every .grad is 0)"
    left = [p.name for p in model.parameters() if np.any(p.grad != 0)]
    r.check(not left, what + ("" if not left else f" (not zero: {left})"),
            "backward ADDS into every Parameter.grad; call model.zero_grad() "
            "after it, or the saliency's gradients stay there and are "
            "added to the next optimizer step of a training loop that "
            "does not zero them first")
