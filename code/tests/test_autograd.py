"""The scalar autograd engine against numerical gradients (float64)."""

import math

import numpy as np
import pytest

from nnscratch.autograd import Value
from nnscratch.gradcheck import rel_error


def grads(f, *numbers):
    """Analytic gradients of f at `numbers` via Value.backward()."""
    leaves = [Value(a) for a in numbers]
    out = f(*leaves)
    out.backward()
    return out.data, np.array([v.grad for v in leaves])


def numeric(f, *numbers, h=1e-6):
    """Central differences of f(Value, ...).data, one input at a time."""
    result = []
    for i in range(len(numbers)):
        up, down = list(numbers), list(numbers)
        up[i] += h
        down[i] -= h
        f_up = f(*[Value(a) for a in up]).data
        f_down = f(*[Value(a) for a in down]).data
        result.append((f_up - f_down) / (2 * h))
    return np.array(result)


EXPRESSIONS = [
    ("products and powers", lambda a, b: a * b + b ** 3 - a / b, (1.5, -0.7)),
    ("a neuron", lambda w, x, b: (w * x + b).sigmoid(), (0.8, 1.5, -0.5)),
    ("chapter 7's graph",
     lambda w, x, b, y: ((w * x + b).sigmoid() - y) ** 2, (0.8, 1.5, -0.5, 1.0)),
    ("unary operations",
     lambda a, b, c: (a.tanh() * b.exp() - c.relu()) ** 2, (0.3, -0.4, 1.2)),
    ("numbers on the left", lambda a, b: 2 / a + 3 - b + 4 * (a - 1) - (1 - b),
     (0.9, 2.5)),
    ("a shared subexpression",
     lambda a, b: (lambda u: u * u.exp() + u.tanh())(a * b + 1), (0.4, -1.1)),
    ("fractional power and a quotient", lambda a, b: (a ** 0.5) / (b * b + 1),
     (2.0, 0.3)),
]


@pytest.mark.parametrize("name, f, point", EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_backward_matches_central_differences(name, f, point):
    _, analytic = grads(f, *point)
    assert rel_error(analytic, numeric(f, *point)) < 1e-7


def test_forward_values_are_right():
    value, _ = grads(lambda w, x, b, y: ((w * x + b).sigmoid() - y) ** 2, 0.8, 1.5, -0.5, 1.0)
    s = 1 / (1 + math.exp(-(0.8 * 1.5 - 0.5)))
    assert value == pytest.approx((s - 1) ** 2, rel=1e-15)


@pytest.mark.parametrize("f, expected", [
    (lambda a: a * a, 6.0),              # d(a^2)/da = 2a
    (lambda a: a * a * a, 27.0),         # 3a^2
    (lambda a: a + a, 2.0),
    (lambda a: a * 2 + a.exp() * 0 + a, 3.0),
])
def test_a_value_used_twice_gets_both_gradients(f, expected):
    _, g = grads(f, 3.0)
    assert g[0] == pytest.approx(expected)


def test_a_diamond_is_visited_once_in_topological_order():
    a = Value(0.5)
    b = a * 2                 # b feeds both branches
    out = b.tanh() + b * b
    out.backward()
    db = (1 - math.tanh(1.0) ** 2) + 2 * 1.0
    assert b.grad == pytest.approx(db) and a.grad == pytest.approx(2 * db)


def test_backward_seeds_the_output_and_leaves_start_at_zero():
    x = Value(2.0)
    y = x * 3
    assert x.grad == 0.0 and y.grad == 0.0
    y.backward()
    assert y.grad == 1.0 and x.grad == 3.0


def test_sigmoid_and_exp_of_extreme_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    out = Value(0.0).relu()
    out.backward()
    assert out.data == 0.0 and out._prev[0].grad == 0.0  # slope 0 at the kink


def test_repr_and_bookkeeping():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    assert repr(c) == "Value(data=-6.0000, grad=0.0000)"
    assert c._op == "*" and c._prev == (a, b)
    assert isinstance(Value(np.float64(1.5)).data, float)


@pytest.mark.parametrize("bad, message", [
    (lambda: Value(1.0) + "2", r"unsupported operand for Value \+: str"),
    (lambda: Value(1.0) * [1, 2], r"unsupported operand for Value \*: list"),
    (lambda: Value(1.0) - None, r"unsupported operand for Value -: NoneType"),
    (lambda: Value(1.0) / "x", r"unsupported operand for Value /: str"),
    (lambda: Value(1.0) ** Value(2.0), r"Value \*\*: Value \(the exponent must"),
    (lambda: Value(1.0) + np.ones(3), r"unsupported operand for Value \+: ndarray"),
    (lambda: np.ones(3) * Value(1.0), r"unsupported operand for Value \*: ndarray"),
    (lambda: Value("3"), "Value holds one real number, got str"),
    (lambda: Value(Value(1.0)), "Value holds one real number, got Value"),
    (lambda: Value(1 + 2j), "Value holds one real number, got complex"),
])
def test_unsupported_operands_raise_a_clear_type_error(bad, message):
    with pytest.raises(TypeError, match=message):
        bad()


def test_a_negative_base_with_a_fractional_power_says_so():
    with pytest.raises(ValueError, match=r"negative base \(-8.0\) has no real power 0.5"):
        Value(-8.0) ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0
