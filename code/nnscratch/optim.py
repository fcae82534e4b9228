"""Optimizers: turn the gradients on a model's Parameters into a step.

An optimizer holds a list of ``Parameter`` objects, e.g.
``model.parameters()``. After ``backward`` has filled every ``p.grad``,
``step()`` changes every ``p.data`` in place, and ``zero_grad()``
clears the gradients for the next batch. The update rules follow
PyTorch's ``torch.optim`` (chapter 10 maps each line to its formula):

    SGD      p -= lr * g       (+ momentum, Nesterov, weight decay)
    RMSProp  p -= lr * g / (sqrt(s) + eps),  s = running mean of g**2
    Adam     p -= lr * m_hat / (sqrt(v_hat) + eps)

Learning-rate schedules change ``optimizer.lr`` once per epoch:
StepLR, ExponentialLR, CosineLR and WarmupLR (which can hand over to
another). ``clip_grad_norm`` shrinks all gradients together when they
are too large.

State arrays (velocities, running averages) have each parameter's
dtype, so float32 parameters stay float32.

A step allocates no arrays: every elementwise operation writes into the
state or into a scratch array of the parameter's shape (``out=`` and
``*=``). The order of the operations is the formula's, so the results are
the same, bit for bit, as the one-line versions in each docstring (which
chapter 10 writes out).
"""

import math
import numbers

import numpy as np

from ._validate import all_finite
from .layers import Parameter


# Checks -----------------------------------------------------------

_RANGES = {
    "> 0": lambda x: x > 0,
    ">= 0": lambda x: x >= 0,
    "in [0, 1)": lambda x: 0 <= x < 1,
}


def _number(value, name, where, want):
    """``float(value)`` if it is a finite real number in ``want``.

    ``want`` is a key of ``_RANGES`` such as "> 0". Otherwise raises
    a TypeError (not a number) or a ValueError (out of range) that
    names ``where`` and ``name``: "SGD: lr must be a number > 0".
    """
    msg = f"{where}: {name} must be a number {want}, got {value!r}"
    if isinstance(value, bool) or not isinstance(
            value, numbers.Real):
        raise TypeError(msg)
    value = float(value)
    if not (math.isfinite(value) and _RANGES[want](value)):
        raise ValueError(msg)
    return value


def _int(value, name, where, low):
    """``int(value)`` if it is an int >= low, else a clear error."""
    msg = f"{where}: {name} must be an int >= {low}, got {value!r}"
    if isinstance(value, bool) or not isinstance(
            value, numbers.Integral):
        raise TypeError(msg)
    if value < low:
        raise ValueError(msg)
    return int(value)


def _parameter_list(params, where):
    """``params`` as a non-empty list of distinct Parameters."""
    want = f"{where}: params must be a list of Parameters"
    hint = "pass a list of Parameters such as model.parameters()"
    if isinstance(params, Parameter):
        raise TypeError(f"{want}, got a single Parameter; "
                        "wrap it: [p]")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{want}, got {type(params).__name__}; "
                        f"{hint}") from None
    if not params:
        raise ValueError(f"{where}: params is empty; {hint}")
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(f"{where}: params[{i}] must be a "
                            f"Parameter, got {type(p).__name__}; "
                            f"{hint}")
    if len({id(p) for p in params}) != len(params):
        raise ValueError(f"{where}: a Parameter appears more "
                         "than once in params; it would be updated "
                         "twice per step")
    return params


# Optimizers -------------------------------------------------------

class Optimizer:
    """Base class: holds the parameters and the learning rate.

    Parameters
    ----------
    params : iterable of Parameter
        E.g. ``model.parameters()``. Each ``p.data`` and ``p.grad``
        is a float array (any shape; the same shape and dtype).
    lr : float > 0
        The learning rate. ``optimizer.lr`` may be changed between
        steps; the schedules below do exactly that.

    Subclasses implement ``step()``, which first calls ``_check()``.
    """

    def __init__(self, params, lr):
        where = type(self).__name__
        self.params = _parameter_list(params, where)
        self.lr = _number(lr, "lr", where, "> 0")

    def zero_grad(self):
        """Set every parameter's gradient to zero (in place)."""
        for p in self.params:
            p.zero_grad()

    def step(self):
        """Update every ``p.data`` in place from ``p.grad``."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement step()")

    def _check(self):
        """Raise, before any weight changes, if lr or a grad is bad.

        A NaN or inf gradient would turn the weights into NaN for
        good, so the step stops with a hint instead.
        """
        where = f"{type(self).__name__}.step"
        if not (math.isfinite(self.lr) and self.lr >= 0):
            raise ValueError(f"{where}: lr must be a number >= 0, "
                             f"got {self.lr!r}")
        n = len(self.params)
        for i, p in enumerate(self.params):
            what = (f"{where}: gradient of parameter {p.name!r} "
                    f"({i + 1} of {n})")
            if np.shape(p.grad) != p.data.shape:
                raise ValueError(
                    f"{what} has shape {np.shape(p.grad)}, but the "
                    f"parameter has shape {p.data.shape}")
            if not all_finite(p.grad):
                raise ValueError(
                    f"{what} has NaN or inf values; the weights "
                    "were not changed. The loss has probably "
                    "diverged: lower the learning rate?")

    def _state(self):
        """One zero array per parameter, of its shape and dtype."""
        return [np.zeros_like(p.data) for p in self.params]

    def _hyper(self):
        """The hyperparameters, for repr."""
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}"
                         for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum (PyTorch).

    For every parameter p with gradient g (``v`` starts at zero)::

        g = g + weight_decay * p          (L2 penalty)
        v = momentum * v + g              (if momentum > 0)
        update = g + momentum * v         (if nesterov)
                 v                        (else; g if no momentum)
        p = p - lr * update

    Parameters
    ----------
    params : iterable of Parameter
    lr : float > 0
    momentum : float in [0, 1)
    nesterov : bool; needs momentum > 0
    weight_decay : float >= 0
    """

    def __init__(self, params, lr, momentum=0.0, nesterov=False,
                 weight_decay=0.0):
        super().__init__(params, lr)
        self.momentum = _number(momentum, "momentum", "SGD",
                                "in [0, 1)")
        self.weight_decay = _number(weight_decay, "weight_decay",
                                    "SGD", ">= 0")
        if nesterov and self.momentum == 0:
            raise ValueError("SGD: nesterov=True needs "
                             "momentum > 0, got momentum=0.0")
        self.nesterov = bool(nesterov)
        self.v = self._state()
        self._tmp = self._state()               # scratch space

    def step(self):
        """One SGD step on every parameter (in place)."""
        self._check()
        for p, v, tmp in zip(self.params, self.v, self._tmp):
            g = p.grad
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            if self.momentum:
                v *= self.momentum               # v = momentum * v + g
                v += g
                if self.nesterov:
                    g = g + self.momentum * v
                else:
                    g = v
            np.multiply(g, self.lr, out=tmp)     # p = p - lr * g
            p.data -= tmp

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum,
                "nesterov": self.nesterov,
                "weight_decay": self.weight_decay}


class RMSProp(Optimizer):
    """Divide each gradient by a running root mean square of itself.

    For every parameter p with gradient g (``s`` starts at zero)::

        s = alpha * s + (1 - alpha) * g**2
        p = p - lr * g / (sqrt(s) + eps)

    Parameters
    ----------
    params : iterable of Parameter
    lr : float > 0
    alpha : float in [0, 1); how slowly the average s forgets
    eps : float > 0; keeps the division finite where s is 0
    """

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha = _number(alpha, "alpha", "RMSProp", "in [0, 1)")
        self.eps = _number(eps, "eps", "RMSProp", "> 0")
        self.s = self._state()
        self._tmp, self._upd = self._state(), self._state()  # scratch

    def step(self):
        """One RMSProp step on every parameter (in place)."""
        self._check()
        a = self.alpha
        for p, s, tmp, upd in zip(self.params, self.s, self._tmp,
                                  self._upd):
            g = p.grad
            s *= a                           # s = a * s + (1 - a) * g**2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - a
            s += tmp
            np.sqrt(s, out=tmp)              # tmp = sqrt(s) + eps
            tmp += self.eps
            np.multiply(g, self.lr, out=upd)   # p = p - lr * g / tmp
            upd /= tmp
            p.data -= upd

    def _hyper(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Momentum and RMSProp together, bias-corrected (Kingma & Ba).

    For every parameter p with gradient g (``m`` and ``v`` start at
    zero, ``t`` counts the steps)::

        g = g + weight_decay * p      (L2 penalty, as torch Adam)
        t = t + 1
        m = b1 * m + (1 - b1) * g     (running mean of g)
        v = b2 * v + (1 - b2) * g**2  (running mean of g**2)
        m_hat = m / (1 - b1**t)       (undo the pull towards 0)
        v_hat = v / (1 - b2**t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    On the first step m_hat = g and v_hat = g**2, so every weight
    moves by lr * sign(g), whatever the size of g.

    Parameters
    ----------
    params : iterable of Parameter
    lr : float > 0
    betas : (b1, b2), each in [0, 1)
    eps : float > 0
    weight_decay : float >= 0
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999),
                 eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError("Adam: betas must be a pair (b1, b2) "
                            f"such as (0.9, 0.999), got {betas!r}")
        self.betas = tuple(
            _number(b, f"betas[{i}]", "Adam", "in [0, 1)")
            for i, b in enumerate(betas))
        self.eps = _number(eps, "eps", "Adam", "> 0")
        self.weight_decay = _number(weight_decay, "weight_decay",
                                    "Adam", ">= 0")
        self.t = 0
        self.m = self._state()
        self._tmp, self._upd = self._state(), self._state()  # scratch
        self.v = self._state()

    def step(self):
        """One Adam step on every parameter (in place)."""
        self._check()
        self.t += 1
        b1, b2 = self.betas
        c1, c2 = 1 - b1**self.t, 1 - b2**self.t   # the bias corrections
        for p, m, v, tmp, upd in zip(self.params, self.m, self.v,
                                     self._tmp, self._upd):
            g = p.grad
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            m *= b1                          # m = b1 * m + (1 - b1) * g
            np.multiply(g, 1 - b1, out=tmp)
            m += tmp
            v *= b2                          # v = b2 * v + (1 - b2) * g**2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - b2
            v += tmp
            np.divide(v, c2, out=tmp)        # tmp = sqrt(v_hat) + eps
            np.sqrt(tmp, out=tmp)
            tmp += self.eps
            np.divide(m, c1, out=upd)        # upd = lr * m_hat / tmp
            upd *= self.lr
            upd /= tmp
            p.data -= upd

    def _hyper(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps,
                "weight_decay": self.weight_decay}


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSProp, "adam": Adam}


# Gradient clipping ------------------------------------------------

def clip_grad_norm(params, max_norm):
    """Scale all gradients together so their global L2 norm is at
    most ``max_norm``, keeping the direction of the whole gradient.

    params : iterable of Parameter; every ``.grad`` (float array,
        any shape) is multiplied in place by max_norm / norm when
        norm > max_norm.
    max_norm : float > 0.
    Returns the global norm before clipping, sqrt(sum of all g**2),
    as a Python float (worth logging: spikes mean unstable
    training).
    """
    params = _parameter_list(params, "clip_grad_norm")
    where = "clip_grad_norm"
    max_norm = _number(max_norm, "max_norm", where, "> 0")
    # squares summed in float64, so that float32 cannot overflow
    total = sum(np.sum(p.grad.astype(np.float64)**2)
                for p in params)
    norm = float(np.sqrt(total))
    if not math.isfinite(norm):
        raise ValueError(f"{where}: the gradients contain NaN or "
                         "inf; lower the learning rate?")
    if norm > max_norm:
        for p in params:
            p.grad *= max_norm / norm
    return norm


# Learning-rate schedules ------------------------------------------

class LRScheduler:
    """Base class: sets ``optimizer.lr`` from the epoch number.

    The base learning rate is ``optimizer.lr`` when the schedule is
    made, and making it sets ``optimizer.lr = lr_at(0)``. Call
    ``step()`` once at the end of every epoch, as in PyTorch.

    Subclasses implement ``lr_at(epoch)``: a pure function from an
    epoch number (int >= 0) to a learning rate (float), also handy
    for plots.
    """

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: optimizer must be an "
                f"Optimizer such as SGD(...), got "
                f"{type(optimizer).__name__}")
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.epoch = 0

    def _start(self):
        """Called by subclasses once their arguments are set."""
        self.optimizer.lr = self.lr_at(0)

    def lr_at(self, epoch):
        """The lr (float) for epoch number ``epoch`` (int >= 0)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement lr_at(epoch)")

    def step(self):
        """Move to the next epoch and set the optimizer's lr."""
        self.epoch += 1
        self.optimizer.lr = self.lr_at(self.epoch)

    def _epoch(self, epoch):
        where = f"{type(self).__name__}.lr_at"
        return _int(epoch, "epoch", where, 0)


class StepLR(LRScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` epochs.

    lr_at(e) = base_lr * gamma ** (e // step_size)

    optimizer : Optimizer; step_size : int >= 1; gamma : float > 0.
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        super().__init__(optimizer)
        self.step_size = _int(step_size, "step_size", "StepLR", 1)
        self.gamma = _number(gamma, "gamma", "StepLR", "> 0")
        self._start()

    def lr_at(self, epoch):
        e = self._epoch(epoch)
        return self.base_lr * self.gamma ** (e // self.step_size)


class ExponentialLR(LRScheduler):
    """Multiply the lr by ``gamma`` every epoch.

    lr_at(e) = base_lr * gamma ** e

    optimizer : Optimizer; gamma : float > 0 (e.g. 0.95).
    """

    def __init__(self, optimizer, gamma):
        super().__init__(optimizer)
        self.gamma = _number(gamma, "gamma", "ExponentialLR", "> 0")
        self._start()

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** self._epoch(epoch)


class CosineLR(LRScheduler):
    """Half a cosine from base_lr down to lr_min in T epochs.

    lr_at(e) = lr_min + (base_lr - lr_min) * (1 + cos(pi e / T)) / 2

    for e <= T = total_epochs, and lr_min after that (PyTorch's
    CosineAnnealingLR would climb back up instead).

    optimizer : Optimizer; total_epochs : int >= 1;
    lr_min : float, 0 <= lr_min < base_lr.
    """

    def __init__(self, optimizer, total_epochs, lr_min=0.0):
        super().__init__(optimizer)
        self.total_epochs = _int(total_epochs, "total_epochs",
                                 "CosineLR", 1)
        self.lr_min = _number(lr_min, "lr_min", "CosineLR", ">= 0")
        if self.lr_min >= self.base_lr:
            raise ValueError(
                f"CosineLR: lr_min must be below the base lr "
                f"{self.base_lr!r}, got {self.lr_min!r}")
        self._start()

    def lr_at(self, epoch):
        e = min(self._epoch(epoch), self.total_epochs)
        cos = math.cos(math.pi * e / self.total_epochs)
        top, low = self.base_lr, self.lr_min
        return low + (top - low) * (1 + cos) / 2


class WarmupLR(LRScheduler):
    """Grow the lr linearly for ``warmup_epochs``, then hand over.

    lr_at(e) = base_lr * (e + 1) / W    for e < W = warmup_epochs,
               after.lr_at(e - W)       after that, if ``after``,
               base_lr                  otherwise.

    So epoch 0 uses base_lr / W and epoch W - 1 reaches base_lr.

    optimizer : Optimizer; warmup_epochs : int >= 1;
    after : LRScheduler of the same optimizer, made just before,
        e.g. ``WarmupLR(opt, 5, after=CosineLR(opt, 45))``. Call
        only the WarmupLR's ``step()``; it asks ``after`` for lrs.
    """

    def __init__(self, optimizer, warmup_epochs, after=None):
        super().__init__(optimizer)
        self.warmup_epochs = _int(warmup_epochs, "warmup_epochs",
                                  "WarmupLR", 1)
        if after is not None and not isinstance(after, LRScheduler):
            raise TypeError(
                "WarmupLR: after must be a schedule such as "
                "CosineLR(optimizer, 45), got "
                f"{type(after).__name__}")
        if after is not None and after.optimizer is not optimizer:
            raise ValueError("WarmupLR: after must be a schedule "
                             "of the same optimizer")
        self.after = after
        self._start()

    def lr_at(self, epoch):
        e, w = self._epoch(epoch), self.warmup_epochs
        if e < w:
            return self.base_lr * (e + 1) / w
        if self.after is not None:
            return self.after.lr_at(e - w)
        return self.base_lr
