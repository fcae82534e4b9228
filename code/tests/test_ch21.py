"""Chapter 21's checkers accept right answers and name the usual
mistakes: a parameter count without biases or with one gate, a GRU with
z swapped or the reset gate before the product."""

import numpy as np

from nnscratch import functional as F
from nnscratch import layers
from nnscratch.exercises import ch21
from reporting import failed_lines, words


def count_reference(D, H):
    return 4 * (D * H + H * H + H)


def count_from_layer(D, H):
    """A correct alternative: build the layer and count."""
    lstm = layers.LSTM(D, H, np.random.default_rng(0))
    return sum(p.data.size for p in lstm.parameters())


def test_count_right_answers_pass():
    assert ch21.check_lstm_parameter_count(count_reference)
    assert ch21.check_lstm_parameter_count(count_from_layer)


def test_count_mistakes_fail_with_hint():
    r = ch21.check_lstm_parameter_count(lambda D, H: 4 * (D * H + H * H))
    assert not r and "biases" in words(r)
    r = ch21.check_lstm_parameter_count(lambda D, H: D * H + H * H + H)
    assert not r and "four" in words(r)
    r = ch21.check_lstm_parameter_count(lambda D, H: None)
    assert not r and failed_lines(r)


def gru_reference(x, h_prev, Wx, Wh, b):
    return F.gru_step_forward(x, h_prev, Wx, Wh, b)[0]


def gru_loops(x, h_prev, Wx, Wh, b):
    """A correct alternative: one gate at a time, sigmoid written out."""
    H = h_prev.shape[1]
    s = lambda v: 1 / (1 + np.exp(-v))
    blk = lambda W, k: W[..., k * H:(k + 1) * H]
    r = s(x @ blk(Wx, 0) + h_prev @ blk(Wh, 0) + blk(b, 0))
    z = s(x @ blk(Wx, 1) + h_prev @ blk(Wh, 1) + blk(b, 1))
    n = np.tanh(x @ blk(Wx, 2) + blk(b, 2) + r * (h_prev @ blk(Wh, 2)))
    return (1 - z) * n + z * h_prev


def test_gru_right_answers_pass():
    assert ch21.check_gru_step(gru_reference)
    assert ch21.check_gru_step(gru_loops)


def test_gru_mistakes_fail_with_hint():
    r = ch21.check_gru_step(ch21._gru_swapped)
    assert not r and "swapped" in words(r)
    r = ch21.check_gru_step(ch21._gru_reset_before)
    assert not r and "reset" in words(r)


def test_unfinished_is_reported():
    def stub(*args):
        raise NotImplementedError
    r = ch21.check_gru_step(stub)
    assert not r and "not implemented" in str(r)
