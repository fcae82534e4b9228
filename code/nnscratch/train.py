"""The training loop, written once: ``fit`` and what it reports.

Chapter 8 wrote the loop by hand; chapter 9 puts it here:

    for each epoch:
        for each mini-batch (X_b, y_b):
            y_hat = model(X_b); value = loss(y_hat, y_b)
            optimizer.zero_grad(); model.backward(loss.backward())
            optimizer.step()
        evaluate on the validation set; log; ask the callbacks

``History`` keeps the logged numbers per epoch, and ``EarlyStopping``
stops when the validation loss stops improving.
"""

import os

import numpy as np

from . import metrics as _metrics
from ._validate import all_finite, check_rows
from .data import minibatches
from .layers import Layer
from .layers.base import takes_need_input_grad
from .losses import Loss, weight_penalty, weight_penalty_backward
from .optim import clip_grad_norm


class DivergenceError(FloatingPointError):
    """The loss became NaN or infinite: training cannot continue."""


class History:
    """What ``fit`` logged, one value per epoch for each name.

    history["loss"] is an array over epochs; names are "loss",
    "val_loss", one per metric ("accuracy", "val_accuracy") and "lr".
    """

    def __init__(self):
        self.history = {}

    def append(self, logs):
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    @property
    def epochs(self):
        return len(self.history.get("loss", []))

    def __getitem__(self, key):
        if key not in self.history:
            raise KeyError(f"History has no {key!r}; it has "
                           f"{sorted(self.history)}")
        return np.array(self.history[key])

    def __contains__(self, key):
        return key in self.history

    def keys(self):
        return self.history.keys()

    def best(self, key="val_loss", mode="min"):
        """(epoch, value) of the best value of ``key``; epochs count
        from 1. mode "min" for losses, "max" for accuracies."""
        values = self[key]
        i = values.argmin() if mode == "min" else values.argmax()
        return int(i) + 1, float(values[i])

    def __repr__(self):
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in
                         self.history.items())
        return f"History({self.epochs} epochs; last: {last})"


class Callback:
    """Hooks that ``fit`` calls. ``on_epoch_end`` returns True to
    stop training."""

    def on_train_begin(self, model):
        pass

    def on_epoch_end(self, epoch, logs, model):
        return False

    def on_train_end(self, model):
        pass


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than
    ``min_delta`` for ``patience`` epochs in a row. With
    ``restore_best`` the model gets back the weights of its best
    epoch at the end. ``best_epoch`` counts from 1."""

    def __init__(self, monitor="val_loss", patience=5, min_delta=0.0,
                 mode="min", restore_best=True):
        if mode not in ("min", "max"):
            raise ValueError(f"EarlyStopping: mode must be 'min' or "
                             f"'max', got {mode!r}")
        if patience < 1:
            raise ValueError(f"EarlyStopping: patience must be >= 1, "
                             f"got {patience}")
        self.monitor, self.patience = monitor, patience
        self.min_delta, self.mode = min_delta, mode
        self.restore_best = restore_best

    def on_train_begin(self, model):
        self.best, self.best_epoch, self.wait = None, 0, 0
        self.best_state, self.stopped_epoch = None, None

    def _improved(self, value):
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch, logs, model):
        if self.monitor not in logs:
            raise KeyError(
                f"EarlyStopping: nothing called {self.monitor!r} was "
                f"logged (logged: {sorted(logs)}); pass validation_"
                "data to fit to get 'val_loss'")
        value = logs[self.monitor]
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best:
                self.best_state = model.state_dict()
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, model):
        if self.restore_best and self.best_state is not None:
            model.load_state_dict(self.best_state)


def predict(model, X, batch_size=256):
    """The model's outputs for X in evaluation mode (no dropout,
    BatchNorm's running statistics), in batches; the mode the model
    was in is restored afterwards. X's float dtype must be the
    parameters' dtype (a TypeError says so otherwise).

    X : (m, ...) -> outputs (m, ...), the model's output for each row.
    Batches of 256 keep a CNN's temporary arrays small: chapter 16's
    second convolution copies 400 numbers per output pixel (im2col),
    10 MB for 256 images but 164 MB for 1,024, and memory that large
    costs more to touch than to compute with (measured: predicting
    7,200 digits took 2.4 s in batches of 1,024, 1.1 s in batches of
    256). A dense network is as fast at 256 as at 1,024 (within 5 %).
    """
    X = np.asarray(X)
    _check_dtype(model, X, "predict")
    was_training = model.training
    model.eval()
    outs = [model(X[i:i + batch_size])
            for i in range(0, len(X), batch_size)]
    if was_training:
        model.train()
    return np.concatenate(outs)


def _metric_functions(metrics, loss):
    """{name: f(y_hat, y)}; the name "accuracy" turns outputs into
    labels with ``loss.predict``."""
    found = {}
    for m in metrics:
        if m == "accuracy":
            found[m] = lambda y_hat, y: _metrics.accuracy(
                loss.predict(y_hat), np.ravel(y))
        elif callable(m):
            found[m.__name__] = m
        else:
            raise ValueError(f"fit: unknown metric {m!r}; use "
                             "'accuracy' or a function f(y_hat, y)")
    return found


def evaluate(model, loss, X, y, metrics=()):
    """Loss and metrics of the model on (X, y), in evaluation mode.
    Returns a dict such as {"loss": 0.31, "accuracy": 0.9}."""
    X, y = _check_data(X, y, "evaluate")
    y_hat = predict(model, X)
    logs = {"loss": loss(y_hat, y)}
    for name, f in _metric_functions(metrics, loss).items():
        logs[name] = float(f(y_hat, y))
    return logs


def _check_data(X, y, where):
    X, y = check_rows(X, y, where)
    if X.dtype.kind == "f" and not all_finite(X):
        rows = np.unique(np.nonzero(~np.isfinite(X))[0])
        raise ValueError(f"{where}: X contains NaN or inf in rows "
                         f"{rows[:5].tolist()}; clean the data first")
    return X, y


def _check_dtype(model, X, where):
    """Raise a TypeError if X and the model's parameters have different
    float dtypes: NumPy would quietly compute everything in the wider
    one (float32 data in a float64 model trains at float64's speed).
    Integer X counts as float64, which is what the layers make of it."""
    dtypes = sorted({str(p.data.dtype) for p in model.parameters()})
    x_dtype = str(X.dtype) if X.dtype.kind == "f" else "float64"
    if dtypes and dtypes != [x_dtype]:
        raise TypeError(
            f"{where}: X is {X.dtype} but the model's parameters are "
            f"{' and '.join(dtypes)}; NumPy would silently compute in "
            f"the wider dtype. Build the layers with the data's dtype "
            f"(e.g. Linear(..., dtype=np.{x_dtype})) or convert the "
            f"data (X.astype(np.{dtypes[-1]})).")


def _check_fit_args(model, loss, optimizer, epochs, batch_size):
    if not isinstance(model, Layer):
        raise TypeError(f"fit: model must be a Layer (e.g. a "
                        f"Sequential), got {type(model).__name__}")
    if not isinstance(loss, Loss):
        raise TypeError(
            f"fit: loss must be a loss object such as "
            f"CrossEntropyLoss(), got {loss!r} (a function? use the "
            "class from nnscratch.losses)")
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad")):
        raise TypeError(f"fit: optimizer must have step() and "
                        f"zero_grad(), got {type(optimizer).__name__}")
    for name, v in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"fit: {name} must be a whole number "
                             f">= 1, got {v!r}")


def _diverged(value, epoch, batch, optimizer):
    lr = getattr(optimizer, "lr", None)
    hint = "" if lr is None else (
        f" (lr={lr:g}); try a smaller learning rate such as "
        f"lr={lr / 10:g}")
    return DivergenceError(
        f"fit: the loss became {value} at epoch {epoch}, batch "
        f"{batch}: the model diverged{hint}. Standardized inputs "
        "and gradient clipping (fit(..., clip_norm=1.0)) also help.")


def _progress_bar(epochs, progress):
    """tqdm's bar (a widget in Jupyter, text elsewhere). The
    environment variable TQDM_DISABLE=1 silences it, which keeps the
    stored outputs of the book's notebooks the same on every run."""
    from tqdm.auto import tqdm
    quiet = os.environ.get("TQDM_DISABLE", "").lower()
    off = not progress or quiet not in ("", "0", "false")
    return tqdm(total=epochs, unit="epoch", disable=off)


def fit(model, loss, optimizer, X, y, *, epochs, rng, batch_size=32,
        validation_data=None, metrics=(), callbacks=(), scheduler=None,
        l1=0.0, l2=0.0, augment=None, clip_norm=None, progress=True):
    """Train ``model`` on (X, y) with mini-batches; return a History.

    model : a Layer, e.g. Sequential(...)
    loss : a Loss object, e.g. CrossEntropyLoss()
    optimizer : e.g. optim.Adam(model.parameters(), lr=1e-3)
    X : (m, ...) inputs; y : (m, ...) targets (labels (m,) for
        cross-entropy, (m, 1) for binary losses)
    epochs, batch_size : ints; rng : np.random.Generator that
        shuffles the batches (and feeds ``augment``)
    validation_data : (X_val, y_val), evaluated after every epoch
    metrics : "accuracy" and/or functions f(y_hat, y) -> float; on
        the training set they are computed once per epoch from the
        outputs seen during it (training mode, before each update)
    callbacks : e.g. [EarlyStopping(patience=5)]
    scheduler : a learning-rate schedule; step() after each epoch
    l1, l2 : weight penalties added to the loss (losses.weight_penalty)
    augment : f(X_batch, rng) -> X_batch, applied to training batches
    clip_norm : if given, optim.clip_grad_norm(params, clip_norm)
        before every step
    progress : show a progress bar (tqdm; silenced by TQDM_DISABLE=1)

    X's float dtype must be the parameters' (float32 data for a float32
    model): a TypeError says so otherwise. A NaN or infinite loss stops training with a DivergenceError
    that names the epoch, the batch and the learning rate.
    """
    _check_fit_args(model, loss, optimizer, epochs, batch_size)
    X, y = _check_data(X, y, "fit")
    _check_dtype(model, X, "fit")
    if validation_data is not None:
        X_val, y_val = _check_data(*validation_data,
                                   "fit (validation_data)")
        _check_dtype(model, X_val, "fit (validation_data)")
    metric_fns = _metric_functions(metrics, loss)
    params = model.parameters()
    history = History()
    for cb in callbacks:
        cb.on_train_begin(model)
    skip_dx = takes_need_input_grad(model)
    bar = _progress_bar(epochs, progress)
    for epoch in range(1, epochs + 1):
        model.train()
        total, count, seen = 0.0, 0, []
        batches = minibatches(X, y, batch_size, rng)
        for b, (X_b, y_b) in enumerate(batches, start=1):
            if augment is not None:
                X_b = augment(X_b, rng)
            y_hat = model(X_b)
            if not all_finite(y_hat):
                raise _diverged("nan", epoch, b, optimizer)
            value = loss(y_hat, y_b)
            if l1 or l2:
                value += weight_penalty(params, l1, l2)
            if not np.isfinite(value):
                raise _diverged(value, epoch, b, optimizer)
            optimizer.zero_grad()
            if skip_dx:                        # X is data: no dL/dX
                model.backward(loss.backward(), need_input_grad=False)
            else:
                model.backward(loss.backward())
            if l1 or l2:
                weight_penalty_backward(params, l1, l2)
            if clip_norm is not None:
                clip_grad_norm(params, clip_norm)
            optimizer.step()
            total += value * len(X_b)
            count += len(X_b)
            if metric_fns:
                seen.append((y_hat, y_b))
        logs = {"loss": total / count}
        if metric_fns:  # over the whole epoch, not batch by batch
            y_hat_all = np.concatenate([o for o, _ in seen])
            y_all = np.concatenate([t for _, t in seen])
        for name, f in metric_fns.items():
            logs[name] = float(f(y_hat_all, y_all))
        if validation_data is not None:
            val = evaluate(model, loss, X_val, y_val, metrics)
            logs.update({"val_" + k: v for k, v in val.items()})
        if hasattr(optimizer, "lr"):
            logs["lr"] = optimizer.lr
        history.append(logs)
        bar.set_postfix({k: f"{v:.4g}" for k, v in logs.items()})
        bar.update()
        if scheduler is not None:
            scheduler.step()
        stop = [cb.on_epoch_end(epoch, logs, model) for cb in callbacks]
        if any(stop):
            break
    bar.close()
    for cb in callbacks:
        cb.on_train_end(model)
    return history
