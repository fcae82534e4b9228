"""Checkers for chapter 10, Optimization algorithms."""

import math

import numpy as np

from ..layers import Parameter
from ..optim import SGD, CosineLR, WarmupLR
from ._report import Report, _mismatch


# One Adam step ----------------------------------------------------------

def _adam(theta, grad, m, v, t, lr, beta1, beta2, eps, *,
          correct=True, t_shift=0, store_hat=False, eps_inside=False,
          eps_uncorrected=False, square=True, sign=-1, one_beta=False):
    """Adam's step (Kingma & Ba, as nnscratch.optim.Adam), and the
    usual mistakes, switched on by the keyword arguments."""
    if one_beta:   # beta1 copied into the second average
        beta2 = beta1
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * (grad**2 if square else grad)
    t = t + t_shift
    m_hat = m / (1 - beta1**t) if correct else m
    v_hat = v / (1 - beta2**t) if correct else v
    if eps_inside:
        step = m_hat / np.sqrt(v_hat + eps)
    elif eps_uncorrected:   # Kingma & Ba's "efficient" form
        step = m_hat / (np.sqrt(v_hat) + eps / np.sqrt(1 - beta2**t))
    else:
        step = m_hat / (np.sqrt(v_hat) + eps)
    theta = theta + sign * lr * step
    if store_hat:
        return theta, m_hat, v_hat
    return theta, m, v


_ADAM_MISTAKES = [
    ("no bias correction", dict(correct=False),
     "divide by (1 - beta**t): m_hat = m / (1 - beta1**t) and "
     "v_hat = v / (1 - beta2**t); without it the first steps are "
     "wrongly sized, because m and v start at 0"),
    ("t is off by one (the first step used t = 2)", dict(t_shift=1),
     "t is the number of THIS step: the first call has t = 1, so "
     "the first correction is 1 - beta1**1 = 1 - beta1"),
    ("t is off by one (the first step used t = 0)", dict(t_shift=-1),
     "t is the number of THIS step: use beta**t, not beta**(t - 1)"),
    ("the corrected m_hat, v_hat were returned as the new state",
     dict(store_hat=True),
     "return the raw running averages m and v; m_hat and v_hat are "
     "used only for this step's update"),
    ("eps is inside the square root", dict(eps_inside=True),
     "this book (like Kingma & Ba and nnscratch.optim.Adam) adds eps "
     "after the square root: m_hat / (np.sqrt(v_hat) + eps). With a "
     "tiny gradient the two differ a lot"),
    ("eps is added to sqrt(v) before the bias correction "
     "(the paper's 'efficient' form)", dict(eps_uncorrected=True),
     "lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + eps) "
     "differs from this chapter's update only in where eps acts; "
     "here, as in nnscratch.optim.Adam, eps is added to the "
     "corrected root: m_hat / (np.sqrt(v_hat) + eps)"),
    ("v averages g instead of g**2", dict(square=False),
     "v is the running mean of the SQUARED gradient: "
     "(1 - beta2) * grad**2"),
    ("v decays with beta1 instead of beta2", dict(one_beta=True),
     "the second average has its own factor: v = beta2 * v + "
     "(1 - beta2) * grad**2 and v_hat = v / (1 - beta2**t)"),
    ("the step goes uphill", dict(sign=+1),
     "subtract the step: theta - lr * m_hat / (sqrt(v_hat) + eps)"),
]


def _adam_cases():
    """(what, theta, grad, m, v, t, hyperparameters) worked out in
    advance; several have an answer that is easy to check by hand."""
    return [
        ("first step (t = 1): every entry moves by lr * sign(g)",
         np.array([1.0, -2.0, 0.5]), np.array([0.5, -2.0, 0.01]),
         np.zeros(3), np.zeros(3), 1,
         dict(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)),
        ("third step (t = 3) from stored m and v",
         np.array([0.3, -0.7]), np.array([0.2, -1.5]),
         np.array([0.05, -0.2]), np.array([0.004, 0.01]), 3,
         dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)),
        ("step 10 with other betas, a (2, 2) parameter",
         np.array([[1.0, 2.0], [-1.0, 0.0]]),
         np.array([[0.1, -0.3], [0.0, 2.0]]),
         np.array([[0.02, -0.1], [0.05, 0.3]]),
         np.array([[0.001, 0.02], [0.003, 0.5]]), 10,
         dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-8)),
        ("a tiny gradient, 1e-6, on the first step",
         np.array([0.0]), np.array([1e-6]), np.zeros(1), np.zeros(1),
         1, dict(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)),
        ("a zero gradient on the first step: no move",
         np.array([2.0, -3.0]), np.array([0.0, 4.0]), np.zeros(2),
         np.zeros(2), 1, dict(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)),
    ]


def _diagnose_adam(got):
    """The name and hint of the first known mistake that reproduces
    ``got`` on every case, else a general hint."""
    for name, switches, hint in _ADAM_MISTAKES:
        same = True
        for _, theta, grad, m, v, t, hp in _adam_cases():
            with np.errstate(all="ignore"):
                want = _adam(theta, grad, m, v, t, **hp, **switches)
            same &= all(
                np.shape(a) == np.shape(b)
                and np.allclose(a, b, rtol=1e-6, atol=1e-12,
                                equal_nan=True)
                for a, b in zip(got[_key(theta, grad, t)], want))
        if same:
            return f"{name}: {hint}"
    names = ("theta", "m", "v")
    for order in [(1, 2, 0), (2, 0, 1), (0, 2, 1), (1, 0, 2), (2, 1, 0)]:
        if all(all(np.shape(got[key][i]) == np.shape(want[j])
                   and np.allclose(got[key][i], want[j], rtol=1e-6,
                                   atol=1e-12)
                   for i, j in enumerate(order))
               for key, want in _references().items()):
            mixed = ", ".join(names[j] for j in order)
            return (f"the right numbers in the wrong order ({mixed}): "
                    "return theta, m, v")
    return ("m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) "
            "g**2; m_hat = m / (1 - beta1**t); v_hat = v / (1 - "
            "beta2**t); theta - lr m_hat / (sqrt(v_hat) + eps)")


def _references():
    """{case key: the reference (theta, m, v)} for every case."""
    return {_key(theta, grad, t): _adam(theta, grad, m, v, t, **hp)
            for _, theta, grad, m, v, t, hp in _adam_cases()}


def _key(theta, grad, t):
    return (theta.tobytes(), grad.tobytes(), t)


def check_adam_step(fn):
    """Exercise: one step of Adam on one parameter array.

    ``fn(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999,
    eps=1e-8) -> (theta, m, v)``, all arrays of theta's shape; ``t``
    is the number of this step, 1 for the first. eps is added after
    the square root, as in nnscratch.optim.Adam.
    """
    r = Report("check_adam_step")
    got_all, failed = {}, False
    for what, theta, grad, m, v, t, hp in _adam_cases():
        want = _adam(theta, grad, m, v, t, **hp)
        ran, got = r.attempt(
            what, lambda: fn(theta.copy(), grad.copy(), m.copy(),
                             v.copy(), t, **hp),
            "follow the signature adam_step(theta, grad, m, v, t, "
            "lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)")
        if not ran:
            continue
        if not (isinstance(got, (tuple, list)) and len(got) == 3):
            r.check(False, f"{what}: returned {type(got).__name__}, "
                    "expected a triple (theta, m, v)",
                    "end with: return theta, m, v")
            failed = True
            continue
        try:
            got = tuple(np.asarray(a, dtype=np.float64) for a in got)
        except (TypeError, ValueError):
            r.check(False, f"{what}: returned something that is not "
                    "three arrays", "end with: return theta, m, v")
            failed = True
            continue
        got_all[_key(theta, grad, t)] = got
        ok = all(a.shape == b.shape and np.allclose(
            a, b, rtol=1e-6, atol=1e-12) for a, b in zip(got, want))
        detail = "" if ok else next(
            f": {n}{_mismatch(a, b)}" for n, a, b in
            zip(("theta", "m", "v"), got, want)
            if not (a.shape == b.shape and np.allclose(
                a, b, rtol=1e-6, atol=1e-12)))
        r.check(ok, what + detail)
        failed |= not ok
    if failed and len(got_all) == len(_adam_cases()):
        # one hint for the whole answer: which mistake explains it
        r.lines = [(ok, what, "" if ok else _diagnose_adam(got_all))
                   for ok, what, _ in r.lines]
    elif failed:
        r.lines = [(ok, what, hint or ("compare your formulas with "
                   "the Adam update in this chapter, line by line"))
                   for ok, what, hint in r.lines]
    return r


# A learning-rate schedule: linear warm-up, then a cosine -------------

def _library_lr(epoch, base_lr, warmup_epochs, total_epochs, lr_min):
    p = Parameter(np.zeros(1))
    opt = SGD([p], lr=base_lr)
    cosine = CosineLR(opt, total_epochs - warmup_epochs, lr_min)
    return WarmupLR(opt, warmup_epochs, after=cosine).lr_at(epoch)


def _schedule(epoch, base, w, total, low, *, from_zero=False,
              unshifted=False, whole=False, no_min=False,
              no_clamp=False, warm_from_min=False):
    """The reference schedule and its usual mistakes."""
    if epoch < w:
        start = low if warm_from_min else 0.0
        return start + (base - start) * (epoch if from_zero else
                                         epoch + 1) / w
    e = epoch if unshifted else epoch - w
    T = total if whole else total - w
    if not no_clamp:
        e = min(e, T)
    low = 0.0 if no_min else low
    return low + (base - low) * (1 + math.cos(math.pi * e / T)) / 2


_SCHEDULE_MISTAKES = [
    ("the warm-up starts at lr = 0", dict(from_zero=True),
     "epoch 0 should already train: use base_lr * (epoch + 1) / "
     "warmup_epochs, which reaches base_lr at epoch warmup_epochs - 1"),
    ("the cosine does not start after the warm-up",
     dict(unshifted=True),
     "count the cosine's epochs from the end of the warm-up: "
     "e = epoch - warmup_epochs"),
    ("the cosine lasts total_epochs instead of total - warmup",
     dict(whole=True),
     "the cosine runs over the remaining total_epochs - "
     "warmup_epochs epochs"),
    ("lr_min is ignored", dict(no_min=True),
     "the cosine goes from base_lr down to lr_min: "
     "lr_min + (base_lr - lr_min) * (1 + cos(pi e / T)) / 2"),
    ("after total_epochs the lr climbs back up", dict(no_clamp=True),
     "after the last epoch keep lr = lr_min: e = min(e, T)"),
    ("the warm-up rises from lr_min", dict(warm_from_min=True),
     "like the library's WarmupLR, the warm-up rises from 0: "
     "base_lr * (epoch + 1) / warmup_epochs, whatever lr_min is; "
     "lr_min is only where the cosine ends"),
]

_SCHEDULE_CASES = [
    # base_lr, warmup_epochs, total_epochs, lr_min, epochs
    (0.1, 5, 55, 0.0, [0, 2, 4, 5, 30, 54, 55, 70]),
    (0.5, 1, 11, 0.01, [0, 1, 3, 6, 11, 15]),
    (0.02, 10, 30, 0.002, [0, 9, 10, 20, 29, 30, 40]),
]


def check_warmup_cosine(fn):
    """Exercise: a linear warm-up followed by half a cosine.

    ``fn(epoch, base_lr, warmup_epochs, total_epochs, lr_min=0.0)``
    returns the learning rate (a float) of epoch ``epoch`` (0, 1,
    ...): base_lr * (epoch + 1) / W for epoch < W = warmup_epochs,
    then lr_min + (base_lr - lr_min) (1 + cos(pi e / T)) / 2 with
    e = min(epoch - W, T) and T = total_epochs - W: the same as the
    library's WarmupLR(opt, W, after=CosineLR(opt, T, lr_min)).
    """
    r = Report("check_warmup_cosine")
    got_all = {}
    for base, w, total, low in [c[:4] for c in _SCHEDULE_CASES]:
        epochs = next(c[4] for c in _SCHEDULE_CASES
                      if c[:4] == (base, w, total, low))
        for epoch in epochs:
            want = _library_lr(epoch, base, w, total, low)
            what = (f"epoch {epoch} of W = {w}, total = {total} "
                    f"(base_lr {base:g}, lr_min {low:g}): "
                    f"lr = {want:.6g}")
            ran, got = r.attempt(
                what, lambda: fn(epoch, base, w, total, lr_min=low),
                "follow the signature warmup_cosine(epoch, base_lr, "
                "warmup_epochs, total_epochs, lr_min=0.0)")
            if not ran:
                continue
            try:
                got = float(got)
            except (TypeError, ValueError):
                r.check(False, f"{what} (got {got!r}: return one "
                        "number)", "return the learning rate, a float")
                continue
            got_all[(base, w, total, low, epoch)] = got
            ok = math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-12)
            r.check(ok, what + ("" if ok else f" (got {got:.6g})"))
    wrong = [k for k, g in got_all.items() if not math.isclose(
        g, _library_lr(k[4], *k[:4]), rel_tol=1e-6, abs_tol=1e-12)]
    if wrong:
        hint = ("warm up with base_lr * (epoch + 1) / W, then "
                "lr_min + (base_lr - lr_min) (1 + cos(pi e / T)) / 2 "
                "with e = min(epoch - W, T), T = total_epochs - W")
        for name, switches, mistake_hint in _SCHEDULE_MISTAKES:
            explains = all(math.isclose(
                g, _schedule(k[4], *k[:4], **switches),
                rel_tol=1e-6, abs_tol=1e-12)
                for k, g in got_all.items())
            if explains:
                hint = f"{name}: {mistake_hint}"
                break
        r.lines = [(ok, what, "" if ok else hint)
                   for ok, what, _ in r.lines]
    return r
