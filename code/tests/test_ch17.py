"""Chapter 17's checkers accept right answers and name the usual mistakes."""

import math

import numpy as np
import pytest

from nnscratch import layers
from nnscratch.exercises import ch17
from reporting import failed_lines, words


# ------------------------------------------------------------ check_param_count

def conv_params(in_channels, out_channels, kernel_size, bias=True):
    weights = out_channels * in_channels * kernel_size * kernel_size
    return weights + (out_channels if bias else 0)


def from_the_library(in_channels, out_channels, kernel_size, bias=True):
    """Build the layer and count: just as right."""
    conv = layers.Conv2d(in_channels, out_channels, kernel_size,
                         np.random.default_rng(0), bias=bias)
    return conv.num_parameters()


def no_bias(in_channels, out_channels, kernel_size, bias=True):
    return out_channels * in_channels * kernel_size ** 2


def no_channels(in_channels, out_channels, kernel_size, bias=True):
    return out_channels * kernel_size ** 2 + (out_channels if bias else 0)


def k_not_squared(in_channels, out_channels, kernel_size, bias=True):
    return out_channels * in_channels * kernel_size + (out_channels if bias else 0)


def stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("answer", [conv_params, from_the_library])
def test_param_count_accepts_right_answers(answer):
    report = ch17.check_param_count(answer)
    assert report and report.total == 5, str(report)


@pytest.mark.parametrize("broken, named", [
    (no_bias, "forgets the biases"),
    (no_channels, "forgets the input channels"),
    (k_not_squared, "k weights per channel instead of k * k"),
])
def test_param_count_names_the_mistake(broken, named):
    report = ch17.check_param_count(broken)
    assert not report
    assert named in failed_lines(report)[0], words(report)


def test_param_count_stub_and_missing_return():
    report = ch17.check_param_count(stub)
    assert not report and "not implemented yet" in str(report)
    report = ch17.check_param_count(lambda C, F, k, bias=True: None)
    assert not report and "forget `return`" in words(report)


# -------------------------------------------------------- check_receptive_field

def receptive_field(layer_list):
    field, jump = 1, 1
    for k, s in layer_list:
        field += (k - 1) * jump
        jump *= s
    return field


def receptive_field_top_down(layer_list):
    """From the top unit down: r -> (r - 1) * s + k. Just as right."""
    r = 1
    for k, s in reversed(layer_list):
        r = (r - 1) * s + k
    return r


def with_math_prod(layer_list):
    return 1 + sum((k - 1) * math.prod(s for _, s in layer_list[:i])
                   for i, (k, _) in enumerate(layer_list))


def no_strides(layer_list):
    return 1 + sum(k - 1 for k, _ in layer_list)


def sum_of_kernels(layer_list):
    return sum(k for k, _ in layer_list)


def own_stride(layer_list):
    field, jump = 1, 1
    for k, s in layer_list:
        jump *= s
        field += (k - 1) * jump
    return field


@pytest.mark.parametrize("answer", [receptive_field, receptive_field_top_down,
                                    with_math_prod])
def test_receptive_field_accepts_right_answers(answer):
    report = ch17.check_receptive_field(answer)
    assert report and report.total == 6, str(report)


@pytest.mark.parametrize("broken, named", [
    (no_strides, "ignores the strides"),
    (sum_of_kernels, "adds the kernel sizes"),
    (own_stride, "own stride too"),
])
def test_receptive_field_names_the_mistake(broken, named):
    report = ch17.check_receptive_field(broken)
    assert not report
    assert any(named in line for line in failed_lines(report)), words(report)


def test_receptive_field_known_values():
    assert ch17._receptive_field([(3, 1)] * 3) == 7
    assert ch17._receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)]) == 16
    assert ch17._receptive_field(
        [(11, 4), (3, 2), (5, 1), (3, 2), (3, 1), (3, 1), (3, 1)]) == 163


# ------------------------------------------------------ check_residual_backward

def residual_backward(dout, body_backward):
    return dout + body_backward(dout)


def residual_backward_copy(dout, body_backward):
    """A copy, then an in-place add on the copy: just as right."""
    dx = np.array(dout, copy=True)
    dx += body_backward(dout)
    return dx


def forgets_identity(dout, body_backward):
    return body_backward(dout)


def multiplies(dout, body_backward):
    return dout * body_backward(dout)


def in_place(dout, body_backward):
    dout += body_backward(dout)
    return dout


@pytest.mark.parametrize("answer", [residual_backward, residual_backward_copy])
def test_residual_backward_accepts_right_answers(answer):
    report = ch17.check_residual_backward(answer)
    assert report and report.total == 3, str(report)


@pytest.mark.parametrize("broken, named", [
    (forgets_identity, "forgets the identity path"),
    (multiplies, "multiplies the two paths"),
    (lambda dout, bb: dout, "forgets the path through F"),
])
def test_residual_backward_names_the_mistake(broken, named):
    report = ch17.check_residual_backward(broken)
    assert not report
    assert named in failed_lines(report)[0], words(report)


def test_residual_backward_catches_changing_dout():
    report = ch17.check_residual_backward(in_place)
    assert not report and "changed dout in place" in words(report)


def test_residual_backward_agrees_with_the_library_block():
    rng = np.random.default_rng(0)
    body = layers.Sequential(layers.Linear(4, 4, rng), layers.ReLU())
    block = layers.Residual(body)
    x, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    block(x)
    dx = block.backward(dout)
    body(x)
    assert np.allclose(dx, residual_backward(dout, body.backward))
