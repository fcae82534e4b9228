"""Checkers for chapter 9, Building the framework.

``check_scale_layer(Scale)`` tries a reader's layer class against the
layer contract (forward caches, backward takes dL/dout, adds into
``.grad`` and returns dL/dx); ``check_stop_at_accuracy(StopAtAccuracy)``
tries a reader's callback on made-up logs and inside ``train.fit``.
"""

import numpy as np

from ..gradcheck import check_layer
from ..layers import Layer, Linear, Parameter, ReLU, Sequential, Sigmoid
from ..losses import BCELoss
from ..optim import SGD
from ..train import fit
from ._report import Report


# check_scale_layer ------------------------------------------------------

_SCALE_HINT = ("forward: remember x and return x * self.s.data (each "
               "column j times s_j; NumPy broadcasts s over the rows)")
_DX_HINT = ("dL/dx = dout * s: the chain rule multiplies the upstream "
            "gradient by the slope of out = x * s with respect to x")
_DS_HINT = ("dL/ds_j adds up dout * x over the m samples: "
            "(dout * x).sum(axis=0), one number per feature, shape (n,)")
_AXIS_HINT = ("sum over the rows, axis=0 (the samples), not axis=1: "
              "the gradient of s has one entry per feature, shape (n,)")
_ACCUMULATE_HINT = ("add into the gradient, do not replace it: "
                    "self.s.accumulate(ds) or self.s.grad += ds. "
                    "backward may run several times before zero_grad "
                    "(a Parameter shared by two layers, for example)")


def _the_parameter(r, layer, n):
    """The layer's only Parameter, or None after recording why not."""
    try:
        params = layer.parameters()
    except Exception as err:  # the reader's class may be anything
        r.check(False, f"parameters() raised {type(err).__name__}: {err}",
                "make Scale a subclass of Layer")
        return None
    ok = (len(params) == 1 and isinstance(params[0], Parameter)
          and params[0].shape == (n,))
    shapes = [getattr(p, "shape", None) for p in params]
    r.check(ok, f"Scale({n}) has one Parameter of shape ({n},)"
            + ("" if ok else f" (found shapes {shapes})"),
            "keep the scale in a Parameter attribute: "
            "self.s = Parameter(np.ones(n), name='s')")
    return params[0] if ok else None


def _inputs(m, n, seed):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(m, n)), rng.normal(size=(m, n)),
            rng.uniform(0.5, 2.0, size=n) * rng.choice([-1, 1], size=n))


def _check_forward(r, cls, m, n, seed, what):
    x, _, s = _inputs(m, n, seed)
    ran, layer = r.attempt(f"{what}: Scale({n})", lambda: cls(n),
                           "Scale(n) builds a layer with n scales")
    if not ran:
        return
    if what == "forward":  # the parameter is checked first ...
        p = _the_parameter(Report(""), layer, n)
        if p is None:
            _the_parameter(r, layer, n)  # ... recorded if it fails
            return
    else:
        p = layer.parameters()[0]
    p.data[...] = s
    ran, out = r.attempt(f"{what}: x of shape ({m}, {n})",
                         lambda: layer.forward(x.copy()), _SCALE_HINT)
    if not ran:
        return
    if what == "forward":
        _the_parameter(r, layer, n)
    ok = np.shape(out) == x.shape and np.allclose(out, x * s)
    r.check(ok, f"{what}: x of shape ({m}, {n}) gives x * s"
            + ("" if ok else f" (got shape {np.shape(out)})"),
            "forward returned None: end with `return out`"
            if out is None else _SCALE_HINT)


def _check_backward(r, cls, m, n, seed):
    x, dout, s = _inputs(m, n, seed)
    layer = cls(n)
    p = layer.parameters()[0]
    p.data[...] = s
    where = f"backward, x of shape ({m}, {n})"
    ran, _ = r.attempt(f"{where}: forward", lambda: layer.forward(x),
                       _SCALE_HINT)
    if not ran:
        return
    kept = dout.copy()
    ran, dx = r.attempt(f"{where}: backward(dout)",
                        lambda: layer.backward(dout), _backward_hint)
    if not ran:
        return
    if dx is None:
        r.check(False, f"{where}: backward returned None",
                "backward must return dL/dx: end with `return dx`")
    else:
        same_shape = np.shape(dx) == x.shape
        ok = same_shape and np.allclose(dx, dout * s)
        hint = _DX_HINT
        if not ok and same_shape and np.allclose(dx, dout):
            hint = "forgot the factor s: " + _DX_HINT
        elif not ok and same_shape and np.allclose(dx, dout * x):
            hint = ("dx has x where it needs s: x is the slope of out "
                    "with respect to s (that goes into s.grad), s is the "
                    "slope with respect to x. " + _DX_HINT)
        r.check(ok, f"{where}: returns dL/dx = dout * s" + (
            "" if ok else f" (got shape {np.shape(dx)}, expected "
            f"{x.shape})" if not same_shape else
            f" (got {np.round(np.asarray(dx)[0], 4)} in the first row, "
            f"expected {np.round((dout * s)[0], 4)})"), hint)
    r.check(np.array_equal(dout, kept), f"{where}: leaves dout unchanged",
            "compute a new array (dout * s); do not change dout in place "
            "(dout *= ...), the layer before may still need it")
    want = (dout * x).sum(axis=0)
    grad = np.array(p.grad)   # a copy: the second backward adds to it
    ok = grad.shape == want.shape and np.allclose(grad, want)
    hint = _DS_HINT
    if not ok and m == n and np.allclose(grad, (dout * x).sum(axis=1)):
        hint = "wrong axis: " + _AXIS_HINT
    elif not ok and np.allclose(grad, dout.sum(axis=0)):
        hint = "forgot the factor x: " + _DS_HINT
    elif not ok and np.allclose(grad, (dout * x).mean(axis=0)):
        hint = ("a mean instead of a sum: the loss adds up the "
                "contributions of all m samples, so does its gradient. "
                + _DS_HINT)
    elif not ok and not np.any(grad):
        hint = ("s.grad stayed 0: backward must add the gradient of s "
                "into it, self.s.accumulate(ds). " + _DS_HINT)
    r.check(ok, f"{where}: s.grad = sum over rows of dout * x"
            + ("" if ok else f" (got {np.round(grad, 4)}, expected "
               f"{np.round(want, 4)})"), hint)
    ran, _ = r.attempt(f"{where}: a second backward(dout)",
                       lambda: layer.backward(dout), _backward_hint)
    if ran:
        # adding is judged on the reader's own first gradient, right or
        # wrong, so that one mistake is not reported twice
        ok = np.any(grad) and np.allclose(p.grad, 2 * grad)
        r.check(ok, f"{where}: a second backward adds to s.grad "
                "(it doubles)", _ACCUMULATE_HINT if np.any(grad) else
                "backward must add the gradient of s into s.grad: "
                "self.s.accumulate(ds)")


def _backward_hint(err):
    text = str(err)
    if "gradient must have shape" in text or "broadcast" in text:
        return "wrong axis or no sum: " + _AXIS_HINT
    if isinstance(err, (AttributeError, TypeError)):
        return ("forward must remember its input (self._x = x) for "
                "backward, and backward must use it")
    return _DS_HINT


_SCALE_CHECKS = 18  # how many checks a complete answer gets


def check_scale_layer(cls):
    """Exercise: a layer ``Scale(n)`` with out = x * s, s a Parameter
    of shape (n,) that starts at ones; forward caches x, backward
    returns dout * s and adds (dout * x).sum(axis=0) into s.grad."""
    r = Report("check_scale_layer")
    _scale_checks(r, cls)
    if r.unfinished:  # count the checks that were not run
        r.skipped = max(0, _SCALE_CHECKS - len(r.lines))
    return r


def _scale_checks(r, cls):
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        r.check(False, "Scale is a class derived from Layer",
                "pass the class itself: check_scale_layer(Scale), with "
                "class Scale(Layer): ...")
        return r
    _check_forward(r, cls, 4, 3, 0, "forward")
    if not r:
        return r
    ok = np.array_equal(cls(5).parameters()[0].data, np.ones(5))
    r.check(ok, "the scales start at 1 (the layer starts as the identity)",
            "start at ones: self.s = Parameter(np.ones(n, dtype), "
            "name='s')")
    _check_forward(r, cls, 1, 3, 1, "one sample")
    for m, n, seed in [(4, 3, 2), (3, 3, 3), (5, 1, 4)]:
        if r.unfinished:
            break
        _check_backward(r, cls, m, n, seed)
    if r.unfinished or not r:
        return r
    layer = cls(3)
    layer.parameters()[0].data[...] = [2.0, -0.5, 1.5]
    x = np.random.default_rng(5).normal(size=(6, 3))
    ran, errors = r.attempt("check_layer (numerical gradients)",
                            lambda: check_layer(layer, x), _DS_HINT)
    if ran:
        worst = max(errors.values())
        r.check(worst < 1e-6, f"check_layer: largest relative error "
                f"{worst:.1e}", _DS_HINT)
    layer = cls(3, dtype=np.float32)
    x32 = np.ones((2, 3), np.float32) * 1e6
    ran, out = r.attempt("float32: Scale(3, dtype=np.float32)",
                         lambda: layer.forward(x32),
                         "pass dtype on: np.ones(n, dtype)")
    if ran:
        ok = np.asarray(out).dtype == np.float32 and np.allclose(out, x32)
        r.check(ok, "float32 input and parameters give a float32 output "
                "(large inputs, 1e6, pass through unchanged at s = 1)",
                "create s with the dtype argument: "
                "Parameter(np.ones(n, dtype), name='s')")
    return r


# check_stop_at_accuracy ---------------------------------------------------

_RETURN_HINT = ("on_epoch_end must return True to stop training, "
                "False (or None) to go on")
_EQUAL_HINT = ("reaching the target counts: compare with >=, not >")
_INVERTED_HINT = ("it answers the wrong way round: returning True "
                  "means STOP. Return True when logs[self.monitor] >= "
                  "self.target, else False")
_KEY_HINT = ("read the number to watch from logs[self.monitor] (a dict "
             "such as {'loss': 0.3, 'accuracy': 0.9})")


def _xor_run(callbacks, epochs=300):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 8, rng), ReLU(), Linear(8, 1, rng),
                       Sigmoid())
    return fit(model, BCELoss(), SGD(model.parameters(), lr=0.5), X, y,
               epochs=epochs, batch_size=4, rng=np.random.default_rng(0),
               metrics=["accuracy"], callbacks=callbacks, progress=False)


def check_stop_at_accuracy(cls):
    """Exercise: a callback ``StopAtAccuracy(target, monitor="accuracy")``
    whose ``on_epoch_end(epoch, logs, model)`` returns True (stop) as
    soon as logs[monitor] >= target, and records that epoch in
    ``self.stopped_epoch`` (None until then)."""
    r = Report("check_stop_at_accuracy")
    if not isinstance(cls, type):
        r.check(False, "StopAtAccuracy is a class",
                "pass the class itself: check_stop_at_accuracy("
                "StopAtAccuracy)")
        return r
    ran, cb = r.attempt("StopAtAccuracy(0.9)", lambda: cls(0.9),
                        "__init__(self, target, monitor='accuracy')")
    if not ran:
        return r
    for name in ("on_train_begin", "on_train_end"):
        if not hasattr(cb, name):
            r.check(False, f"has {name}",
                    "derive from Callback: class StopAtAccuracy(Callback)")
            return r
    cb.on_train_begin(None)
    fresh = cls(0.9)
    fresh.on_train_begin(None)
    cases = [(cb, 1, 0.5, False, "below the target: go on"),
             (cb, 2, 0.9, True, "exactly the target: stop"),
             (fresh, 1, 0.95, True, "above the target: stop")]
    answers = []  # (want, got) of the cases that ran
    for i, (c, epoch, acc, want, what) in enumerate(cases):
        logs = {"loss": 0.3, "accuracy": acc, "val_accuracy": 0.1}
        ran, got = r.attempt(f"epoch {epoch}, accuracy {acc}: {what}",
                             lambda: c.on_epoch_end(epoch, logs, None),
                             _KEY_HINT)
        if not ran:
            if r.unfinished:
                r.skipped += 5 - i
                return r
            continue
        ok = bool(got) == want
        answers.append((want, bool(got)))
        hint = _RETURN_HINT
        if not ok and acc == 0.9:
            hint = _EQUAL_HINT
        elif not ok and want is False:
            hint = "stop only when the accuracy is at least the target"
        r.check(ok, f"epoch {epoch}, accuracy {acc}: {what}"
                + ("" if ok else f" (returned {got!r})"), hint)
    inverted = len(answers) == 3 and all(w != g for w, g in answers)
    if inverted:  # every answer the wrong way round: one hint for all
        r.lines[-3:] = [(ok, what, _INVERTED_HINT)
                        for ok, what, _ in r.lines[-3:]]
    stopped = getattr(cb, "stopped_epoch", "missing")
    r.check(stopped == 2, "stopped_epoch is the epoch that reached "
            f"the target, 2 (got {stopped!r})",
            "set self.stopped_epoch = epoch just before you return True")
    ran, cb = r.attempt("StopAtAccuracy(0.6, monitor='val_accuracy')",
                        lambda: cls(0.6, monitor="val_accuracy"),
                        "keep the signature __init__(self, target, "
                        "monitor='accuracy') and store self.monitor")
    if ran:
        cb.on_train_begin(None)
        logs = {"loss": 0.3, "accuracy": 0.9, "val_accuracy": 0.5}
        ran, got = r.attempt(
            "monitor='val_accuracy' watches that number",
            lambda: cb.on_epoch_end(1, logs, None), _KEY_HINT)
    if ran:
        r.check(not got, "monitor='val_accuracy': 0.5 < 0.6, go on "
                "(although accuracy is 0.9)",
                _INVERTED_HINT if inverted else _KEY_HINT)
    full = _xor_run([], epochs=60)
    first = int(np.argmax(full["accuracy"] >= 1.0)) + 1
    cb = cls(1.0)
    ran, hist = r.attempt("inside fit: XOR, target 1.0",
                          lambda: _xor_run([cb], epochs=60), _KEY_HINT)
    if ran:
        ok = hist.epochs == first
        r.check(ok, f"inside fit: XOR reaches 100 % at epoch {first}, and "
                f"training stops there (ran {hist.epochs} epochs)",
                _INVERTED_HINT if inverted else
                _RETURN_HINT + "; an accuracy of 1.0 is reached, never "
                "exceeded, so test logs[monitor] >= target")
    return r
