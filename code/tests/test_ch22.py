"""Chapter 22's checkers accept right answers and name the usual
mistakes: a bigram model in nats, normalised the wrong way or without
smoothing; a temperature that multiplies instead of divides, or a
softmax that overflows."""

import numpy as np
import pytest

from nnscratch.exercises import ch22
from nnscratch.text import sampling_distribution
from reporting import failed_lines, words


# ------------------------------------------------------------ bigram

def bigram_reference(train_ids, test_ids, V):
    C = np.ones((V, V))
    np.add.at(C, (train_ids[:-1], train_ids[1:]), 1)
    P = C / C.sum(axis=1, keepdims=True)
    return -np.mean(np.log2(P[test_ids[:-1], test_ids[1:]]))


def bigram_loops(train_ids, test_ids, V):
    """A correct alternative in plain Python, with dictionaries."""
    import math
    from collections import Counter
    pairs = Counter(zip(train_ids[:-1].tolist(), train_ids[1:].tolist()))
    firsts = Counter(train_ids[:-1].tolist())
    total = 0.0
    for a, b in zip(test_ids[:-1].tolist(), test_ids[1:].tolist()):
        total -= math.log((pairs[a, b] + 1) / (firsts[a] + V), 2)
    return total / (len(test_ids) - 1)


def bigram_nats(train_ids, test_ids, V):
    return bigram_reference(train_ids, test_ids, V) * np.log(2)


def bigram_columns(train_ids, test_ids, V):
    C = np.ones((V, V))
    np.add.at(C, (train_ids[:-1], train_ids[1:]), 1)
    P = C / C.sum(axis=0, keepdims=True)
    return -np.mean(np.log2(P[test_ids[:-1], test_ids[1:]]))


def bigram_unsmoothed(train_ids, test_ids, V):
    C = np.zeros((V, V))
    np.add.at(C, (train_ids[:-1], train_ids[1:]), 1)
    with np.errstate(all="ignore"):
        P = C / C.sum(axis=1, keepdims=True)
        return -np.mean(np.log2(P[test_ids[:-1], test_ids[1:]]))


def bigram_fancy_index(train_ids, test_ids, V):
    """C[a, b] += 1 with fancy indexing counts a repeated pair once."""
    C = np.ones((V, V))
    C[train_ids[:-1], train_ids[1:]] += 1
    P = C / C.sum(axis=1, keepdims=True)
    return -np.mean(np.log2(P[test_ids[:-1], test_ids[1:]]))


def test_check_bigram_bits_passes_right_answers():
    for fn in (bigram_reference, bigram_loops):
        report = ch22.check_bigram_bits(fn)
        assert report, str(report)


def test_check_bigram_bits_names_nats():
    report = ch22.check_bigram_bits(bigram_nats)
    assert not report
    assert "nats" in words(report)


def test_check_bigram_bits_names_the_wrong_axis():
    report = ch22.check_bigram_bits(bigram_columns)
    assert not report
    assert "normalises the columns" in words(report)


def test_check_bigram_bits_names_missing_smoothing():
    report = ch22.check_bigram_bits(bigram_unsmoothed)
    assert not report
    assert "infinite" in words(report)
    assert "add one" in words(report)


def test_check_bigram_bits_fails_fancy_index_counting():
    report = ch22.check_bigram_bits(bigram_fancy_index)
    assert not report
    assert len(failed_lines(report)) >= 1


def test_check_bigram_bits_reports_an_unfinished_answer():
    def stub(train_ids, test_ids, V):
        raise NotImplementedError
    report = ch22.check_bigram_bits(stub)
    assert not report and "not written yet" in words(report)


# ------------------------------------------------------------ temperature

def temperature_reference(z, tau):
    e = np.exp((z - z.max()) / tau)
    return e / e.sum()


def temperature_power(z, tau):
    """A correct alternative: the tau = 1 probabilities to the power 1/tau."""
    p = sampling_distribution(z) ** (1 / tau)
    return p / p.sum()


def temperature_times(z, tau):
    e = np.exp((z - z.max()) * tau)
    return e / e.sum()


def temperature_overflow(z, tau):
    e = np.exp(z / tau)
    return e / e.sum()


def test_check_temperature_passes_right_answers():
    for fn in (temperature_reference, temperature_power, sampling_distribution):
        report = ch22.check_temperature(fn)
        assert report, str(report)


def test_check_temperature_names_multiplying():
    report = ch22.check_temperature(temperature_times)
    assert not report
    assert "multiplies the scores" in words(report)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_check_temperature_names_overflow():
    report = ch22.check_temperature(temperature_overflow)
    assert not report
    fails = failed_lines(report)
    assert len(fails) == 1 and "overflows" in fails[0]
    assert "subtract the largest score" in words(report)


def test_check_temperature_names_a_missing_temperature_and_none():
    report = ch22.check_temperature(lambda z, tau: sampling_distribution(z))
    assert not report and "ignores the temperature" in words(report)
    report = ch22.check_temperature(lambda z, tau: None)
    assert not report and "returned None" in words(report)
