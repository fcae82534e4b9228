"""Checkers for chapter 22, a character-level language model.

- ``check_bigram_bits(fn)``: ``fn(train_ids, test_ids, V)`` returns the
  bits per character of an add-one smoothed bigram model, counted on
  ``train_ids`` and scored on ``test_ids``: the mean of
  -log2 P(test_ids[t + 1] | test_ids[t]) over t = 0 .. T - 2, with
  P(b | a) = (count(a, b) + 1) / (count(a) + V).
- ``check_temperature(fn)``: ``fn(logits, temperature)`` returns the
  sampling distribution softmax(logits / temperature) of a (V,) vector
  of scores, for temperature > 0.
"""

import numpy as np

from ..text import sampling_distribution
from ._report import Report, find_mistake


def _bigram_counts(train_ids, V):
    C = np.zeros((V, V))
    np.add.at(C, (train_ids[:-1], train_ids[1:]), 1)
    return C


def _bigram_bits(train_ids, test_ids, V):
    C = _bigram_counts(train_ids, V) + 1
    P = C / C.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log2(P[test_ids[:-1], test_ids[1:]])))


def _bigram_nats(train_ids, test_ids, V):
    return _bigram_bits(train_ids, test_ids, V) * np.log(2)


def _bigram_columns(train_ids, test_ids, V):
    C = _bigram_counts(train_ids, V) + 1
    P = C / C.sum(axis=0, keepdims=True)          # P(a | b), the wrong way
    return float(-np.mean(np.log2(P[test_ids[:-1], test_ids[1:]])))


def _bigram_joint(train_ids, test_ids, V):
    C = _bigram_counts(train_ids, V) + 1
    P = C / C.sum()                               # P(a, b), not P(b | a)
    return float(-np.mean(np.log2(P[test_ids[:-1], test_ids[1:]])))


def _unigram_bits(train_ids, test_ids, V):
    c = np.bincount(train_ids, minlength=V) + 1.0
    return float(-np.mean(np.log2(c[test_ids] / c.sum())))


def _bigram_reversed(train_ids, test_ids, V):
    C = _bigram_counts(train_ids, V) + 1
    P = C / C.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log2(P[test_ids[1:], test_ids[:-1]])))


_BIGRAM_MISTAKES = [
    (_bigram_nats, "it is in nats (natural log), not bits",
     "use np.log2, or divide the natural log by np.log(2)"),
    (_bigram_columns, "it normalises the columns: P(previous | next)",
     "each ROW a of the count matrix is the distribution of the character "
     "after a: divide by C.sum(axis=1, keepdims=True)"),
    (_bigram_joint, "it uses the joint P(a, b) instead of P(b | a)",
     "divide each row by its own total, not by the grand total"),
    (_unigram_bits, "it ignores the previous character (a unigram model)",
     "count PAIRS (train_ids[t], train_ids[t + 1]) with np.add.at"),
    (_bigram_reversed, "it looks up P[next, previous]",
     "the probability of test_ids[t + 1] after test_ids[t] is "
     "P[test_ids[t], test_ids[t + 1]]"),
]


def check_bigram_bits(fn):
    """Exercise: ``fn(train_ids, test_ids, V)`` returns the bits per
    character of an add-one smoothed bigram model (a float)."""
    r = Report("check_bigram_bits")
    rng = np.random.default_rng(22)
    cases = [
        ("a tiny text, V = 3", np.array([0, 1, 2, 0, 1, 2, 0, 1]),
         np.array([0, 1, 2, 2, 0]), 3),
        ("a test pair never seen in training (smoothing)",
         np.array([0, 0, 1, 1, 0, 0, 1, 1, 2]), np.array([2, 2, 1, 0]), 4),
        ("random ids, V = 10", rng.integers(0, 10, 300),
         rng.integers(0, 10, 80), 10),
    ]
    general = ("C[a, b] = 1 + number of times b follows a in train_ids; "
               "P = C / C.sum(axis=1, keepdims=True); bits = "
               "-mean(log2 P[test_ids[:-1], test_ids[1:]])")
    for what, tr, te, V in cases:
        want = _bigram_bits(tr, te, V)
        ran, got = r.number(what, lambda: fn(tr.copy(), te.copy(), V), general)
        if not ran:
            continue
        if np.isclose(got, want):
            r.check(True, what)
            continue
        name, hint = find_mistake(_BIGRAM_MISTAKES, got, (tr, te, V))
        if name is None and not np.isfinite(got):
            name, hint = ("it is infinite: a pair never seen gets probability "
                          "0", "add one to every count before normalising")
        r.check(False, what + (f" ({name})" if name else
                               f" (got {got:.4g}, expected {want:.4g})"),
                hint or general)
    return r


# ---------------------------------------------------------- temperature

_TEMP_MISTAKES = [
    (lambda z, T: sampling_distribution(z * T),
     "it multiplies the scores by the temperature",
     "divide: softmax(logits / temperature); a high temperature flattens"),
    (lambda z, T: np.exp(z / T),
     "it is not normalised", "divide by the sum so the probabilities add "
     "up to 1"),
    (lambda z, T: sampling_distribution(z),
     "it ignores the temperature", "softmax(logits / temperature)"),
    (lambda z, T: sampling_distribution(z) / T,
     "it divides the probabilities, not the scores, by the temperature",
     "divide the scores (logits) before the softmax"),
]


def check_temperature(fn):
    """Exercise: ``fn(logits, temperature)`` returns softmax(logits /
    temperature), a (V,) array of probabilities (temperature > 0)."""
    r = Report("check_temperature")
    cases = [
        ("scores [1, 2, 3] at temperature 1", np.array([1.0, 2.0, 3.0]), 1.0),
        ("scores [1, 2, 3] at temperature 0.5 (sharper)",
         np.array([1.0, 2.0, 3.0]), 0.5),
        ("scores [0, 1, 0, 2] at temperature 2 (flatter)",
         np.array([0.0, 1.0, 0.0, 2.0]), 2.0),
        ("large scores [1000, 1001, 999] at temperature 0.8 (overflow)",
         np.array([1000.0, 1001.0, 999.0]), 0.8),
    ]
    general = ("p = exp((z - max z) / T) / sum(exp((z - max z) / T))")
    for what, z, T in cases:
        want = sampling_distribution(z, T)
        ran, got = r.answer(what, lambda: fn(z.copy(), T), general)
        if not ran:
            continue
        with np.errstate(all="ignore"):
            try:
                got = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                r.check(False, f"{what}: expected an array of probabilities",
                        "return a (V,) array")
                continue
            if got.shape != want.shape:
                r.check(False, f"{what}: got shape {got.shape}, expected "
                        f"{want.shape}", "one probability per score")
                continue
            if np.allclose(got, want):
                r.check(True, what)
                continue
            name, hint = None, None
            if not np.all(np.isfinite(got)):
                name, hint = ("it overflows to nan or inf on large scores",
                              "subtract the largest score before np.exp: "
                              "softmax does not change")
            else:
                for mistake, nm, hn in _TEMP_MISTAKES:
                    m = mistake(z, T)
                    if m.shape == got.shape and np.allclose(got, m):
                        name, hint = nm, hn
                        break
        r.check(False, what + (f" ({name})" if name else
                               f" (got {np.round(got, 4)}, expected "
                               f"{np.round(want, 4)})"), hint or general)
    return r
