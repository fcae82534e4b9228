"""Chapter 7's checkers accept the reference answers and name the usual mistakes."""

import math

import numpy as np
import pytest

from nnscratch.activations import relu_derivative, sigmoid, sigmoid_derivative, tanh_derivative
from nnscratch.autograd import Value
from nnscratch.exercises import ch07
from reporting import failed_lines, words


# check_linear_backward ---------------------------------------------------------

def linear_backward(dout, x, W):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def test_check_linear_backward_accepts_the_reference_and_the_library():
    from nnscratch.functional import linear_backward as library

    assert ch07.check_linear_backward(linear_backward)
    assert ch07.check_linear_backward(lambda dout, x, W: library(dout, (x, W)))


@pytest.mark.parametrize("alternative", [
    lambda d, x, W: (np.dot(d, W.T), np.dot(x.T, d), np.sum(d, axis=0)),
    lambda d, x, W: (np.einsum("mo,io->mi", d, W), (d.T @ x).T, d.sum(0)),
    lambda d, x, W: ((W @ d.T).T, np.einsum("mi,mo->io", x, d), np.add.reduce(d)),
])
def test_check_linear_backward_accepts_correct_alternatives(alternative):
    assert ch07.check_linear_backward(alternative)


@pytest.mark.parametrize("broken, hint", [
    (lambda d, x, W: (d @ W.T, x.T @ d, d), "db must be summed over the batch"),
    (lambda d, x, W: (d @ W.T, x.T @ d, d.mean(axis=0)), "not the mean"),
    (lambda d, x, W: (d @ W.T, d.T @ x, d.sum(axis=0)), "dout.T @ x is its transpose"),
    (lambda d, x, W: (d @ W, x.T @ d, d.sum(axis=0)), "dout @ W uses W the wrong way round"),
    (lambda d, x, W: (d @ W.T, x.T @ d / len(x), d.sum(axis=0)), "dW = x.T @ dout"),
    (lambda d, x, W: (d @ W.T, x.T @ d, d.sum(axis=1)), "axis=1 sums over the outputs"),
])
def test_check_linear_backward_names_the_mistake(broken, hint):
    report = ch07.check_linear_backward(broken)
    assert not report and hint in words(report)


def test_check_linear_backward_catches_float64_output_and_in_place_changes():
    def upcast(d, x, W):
        return (d @ W.T).astype(np.float64), (x.T @ d).astype(np.float64), d.sum(axis=0)

    report = ch07.check_linear_backward(upcast)
    assert report.passed == 3 and len(failed_lines(report)) == 1
    assert ("float32 in, float32 out (the values are right, but dx has dtype float64: "
            "float32 came in, so float32 must come out") in words(report)
    assert "keep the input's dtype" in words(report)

    def writes_into_x(d, x, W):
        x[0, 0] = 99.0  # writes into the caller's array
        return linear_backward(d, x, W)

    assert "changed an input array in place" in words(ch07.check_linear_backward(writes_into_x))


def test_check_linear_backward_accepts_a_list_and_names_keepdims():
    assert ch07.check_linear_backward(lambda d, x, W: list(linear_backward(d, x, W)))
    report = ch07.check_linear_backward(
        lambda d, x, W: (d @ W.T, x.T @ d, d.sum(axis=0, keepdims=True)))
    assert not report and "without keepdims=True" in words(report)
    assert "db must be summed" not in words(report)


def test_a_float64_answer_gets_the_dtype_hint_not_another_one():
    report = ch07.check_linear_backward(
        lambda d, x, W: (d @ W.T, x.T @ d, np.ones(len(d)) @ d))
    assert report.passed == 3 and "keep the input's dtype" in words(report)
    report = ch07.check_activation_backward(
        lambda d, z: d * (z > 0).astype(float), "relu")  # how chapter 3 wrote the slope
    assert report.passed == 5 and len(failed_lines(report)) == 1
    failure = failed_lines(report)[0]
    assert ("float32 in, float32 out (the values are right, but dz has dtype float64: "
            "float32 came in, so float32 must come out)") in failure
    assert "keep the input's dtype (the checker tests it)" in failure
    assert "(z > 0).astype(float) is float64" in failure
    assert "wrong values" not in words(report)


def test_check_linear_backward_wants_a_triple():
    report = ch07.check_linear_backward(lambda d, x, W: (d @ W.T, x.T @ d))
    assert not report and "end with: return dx, dW, db" in words(report)


def test_check_linear_backward_reports_a_stub():
    def stub(dout, x, W):
        raise NotImplementedError

    report = ch07.check_linear_backward(stub)
    assert not report and report.total == 4 and str(report).count("✗") == 1
    assert str(report).endswith("0/4 checks passed: the answer is not written yet.")


# check_activation_backward ------------------------------------------------------

REFERENCE = {
    "sigmoid": lambda dout, z: dout * sigmoid_derivative(z),
    "tanh": lambda dout, z: dout * tanh_derivative(z),
    "relu": lambda dout, z: dout * relu_derivative(z),
}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_check_activation_backward_accepts_the_references(name):
    report = ch07.check_activation_backward(REFERENCE[name], name)
    assert report and report.total == 6
    assert "warned" not in words(report)


def stable_sigmoid_where(z):
    """Chapter 3's stable sigmoid written with np.where: both branches are
    computed for every entry, and the one thrown away overflows."""
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def relu_copy_then_zero(dout, z):
    dz = dout.copy()
    dz[z <= 0] = 0
    return dz


@pytest.mark.parametrize("name, alternative", [
    ("sigmoid", lambda d, z: d * stable_sigmoid_where(z) * (1 - stable_sigmoid_where(z))),
    ("sigmoid", lambda d, z: d * sigmoid(z) * sigmoid(-z)),
    ("tanh", lambda d, z: d * (1 - np.tanh(z) ** 2)),
    ("tanh", lambda d, z: d / np.cosh(z) ** 2),        # cosh overflows to inf: 1/inf = 0
    ("relu", lambda d, z: d * (z > 0)),                 # the book's solution
    ("relu", lambda d, z: d * (z >= 0)),                # slope 1 at z = 0: just as right
    ("relu", lambda d, z: np.where(z > 0, d, 0)),
    ("relu", relu_copy_then_zero),
])
def test_check_activation_backward_accepts_correct_alternatives(name, alternative):
    report = ch07.check_activation_backward(alternative, name)
    assert report and report.total == 6, str(report)


def test_a_warning_from_a_discarded_branch_is_reported_but_passes():
    def sigmoid_backward(dout, z):
        s = stable_sigmoid_where(z)
        return dout * s * (1 - s)

    report = ch07.check_activation_backward(sigmoid_backward, "sigmoid")
    assert report
    assert ("the values are right; NumPy warned of an overflow in np.exp(-z) at z = -800 "
            "and np.exp(z) at z = 800, which did no harm") in words(report)


@pytest.mark.parametrize("name, broken, hint", [
    ("sigmoid", lambda d, z: d * sigmoid(z), "the slope is sigmoid(z) * (1 - sigmoid(z))"),
    ("sigmoid", lambda d, z: d * z * (1 - z), "apply the sigmoid to z first"),
    ("sigmoid", lambda d, z: sigmoid_derivative(z), "multiply by dout, the upstream gradient"),
    ("sigmoid", lambda d, z: d * np.exp(-z) / (1 + np.exp(-z)) ** 2,
     "np.exp(-z) at z = -800 overflows to inf"),
    ("sigmoid", lambda d, z: d * np.exp(z) / (1 + np.exp(z)) ** 2,
     "np.exp(z) at z = 800 overflows to inf"),
    ("tanh", lambda d, z: d * (1 - z**2), "apply tanh to z first"),
    ("tanh", lambda d, z: d * np.tanh(z), "the slope is 1 - tanh(z)**2"),
    ("tanh", lambda d, z: d * (1 - np.tanh(z)) ** 2, "one minus the square"),
    ("relu", lambda d, z: d * np.maximum(z, 0), "the slope of relu is 1 where z > 0"),
    ("relu", lambda d, z: d * np.sign(z), "np.sign(z) is -1 where z < 0"),
    ("relu", lambda d, z: z > 0, "multiply it by dout: dz = dout * (z > 0)"),
    ("relu", lambda d, z: (z > 0).astype(z.dtype), "multiply by dout, the upstream gradient"),
])
def test_check_activation_backward_names_the_mistake(name, broken, hint):
    report = ch07.check_activation_backward(broken, name)
    assert not report and hint in words(report)


def test_the_overflow_hint_names_the_expression_that_overflowed():
    report = ch07.check_activation_backward(
        lambda d, z: d * np.exp(z) / (1 + np.exp(z)) ** 2, "sigmoid")
    assert report.passed == 5
    failure = failed_lines(report)[0]
    assert "large |z| (-800, 800): no NaN" in failure and "NaN or inf" in failure
    assert "np.exp(-z)" not in failure  # exp(-800) only underflows to 0


def test_check_activation_backward_catches_writing_into_dout():
    def relu_in_place(dout, z):  # the CS231n habit: dx = dout; dx[z <= 0] = 0
        dout[z <= 0] = 0
        return dout

    report = ch07.check_activation_backward(relu_in_place, "relu")
    assert not report and "it changed dout in place" in words(report)
    assert "do not write into dout" in words(report)


def test_check_activation_backward_reports_a_stub_and_rejects_unknown_names():
    def stub(dout, z):
        raise NotImplementedError

    report = ch07.check_activation_backward(stub, "relu")
    assert not report and report.total == 6 and str(report).count("✗") == 1
    with pytest.raises(ValueError, match=r"must be one of \['relu', 'sigmoid', 'tanh'\], got 'gelu'"):
        ch07.check_activation_backward(stub, "gelu")


# check_value_op -------------------------------------------------------------

def make_op(f, df, accumulate=True, upstream=True, prev=True):
    """A Value operation, correct or with one of the usual mistakes."""
    def op(self):
        out = Value(f(self.data), (self,) if prev else (), "op")

        def _backward():
            g = df(self.data) * (out.grad if upstream else 1.0)
            self.grad = self.grad + g if accumulate else g
        out._backward = _backward
        return out
    return op


@pytest.mark.parametrize("name", sorted(ch07.OPS))
def test_check_value_op_accepts_each_reference(name):
    f, df = ch07.OPS[name]
    report = ch07.check_value_op(make_op(f, df), name)
    assert report and report.total == 6


def test_check_value_op_works_through_backward_with_the_library_value():
    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    assert ch07.check_value_op(log, "log")
    x = Value(2.0)
    y = log(x) + log(x) * x  # x used three times
    y.backward()
    assert x.grad == pytest.approx(1 / 2 + math.log(2) + 1)


@pytest.mark.parametrize("kwargs, failing, hint", [
    (dict(accumulate=False), "adds 3 f'(x) to it", "add into x.grad with +="),
    (dict(upstream=False), "(chain rule)", "multiply the local slope by out.grad"),
    (dict(prev=False), "x is in out._prev", "pass (self,) as the second argument"),
])
def test_check_value_op_names_the_mistake(kwargs, failing, hint):
    report = ch07.check_value_op(make_op(math.log, lambda a: 1 / a, **kwargs), "log")
    assert not report and any(failing in line for line in failed_lines(report))
    assert hint in words(report)


def unary_log(self):
    return self._unary(math.log(self.data), 1 / self.data, "log")  # the library's helper


def exp_from_its_output(self):
    out = Value(math.exp(self.data), [self], "exp")  # a list of inputs works too

    def _backward():
        self.grad += out.data * out.grad                 # (e^a)' = e^a = out.data
    out._backward = _backward
    return out


@pytest.mark.parametrize("alternative, op", [
    (unary_log, "log"),
    (exp_from_its_output, "exp"),
    (lambda self: self ** 0.5, "sqrt"),                  # built from an existing operation
])
def test_check_value_op_accepts_correct_alternatives(alternative, op):
    assert ch07.check_value_op(alternative, op)


def test_check_value_op_names_a_closure_that_is_never_stored_or_has_the_wrong_sign():
    def forgot_to_store(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        return out  # out._backward = _backward is missing

    report = ch07.check_value_op(forgot_to_store, "log")
    assert not report and "store the closure with out._backward = _backward" in words(report)
    assert "multiply the local slope by out.grad" not in words(report)  # one diagnosis, not three
    report = ch07.check_value_op(make_op(math.log, lambda a: -1 / a), "log")
    assert not report and "the wrong sign" in words(report)


def test_check_value_op_wrong_derivative_and_wrong_forward():
    report = ch07.check_value_op(make_op(math.exp, lambda a: 1 / a), "exp")
    assert not report and "x.grad = f'(x)" in words(report)
    assert "where the derivative of exp is exp(x)" in words(report)
    report = ch07.check_value_op(make_op(math.log10, lambda a: 1 / a), "log")
    assert not report and "data is log(x)" in " ".join(failed_lines(report))


def test_check_value_op_wants_a_value_and_reports_a_stub():
    report = ch07.check_value_op(lambda v: math.log(v.data), "log")
    assert not report and "returns a Value (got float)" in words(report)

    def stub(self):
        raise NotImplementedError

    report = ch07.check_value_op(stub, "sqrt")
    assert not report and report.total == 6 and str(report).count("✗") == 1
    with pytest.raises(ValueError, match="op must be one of"):
        ch07.check_value_op(stub, "tan")


# plot.computational_graph ---------------------------------------------------

NODES = {"w": (0, 1, "$w$", "input"), "x": (0, -1, "$x$", "input"),
         "mul": (0, 0, "×", "op"), "L": (2, 0, "$L$", "output")}
EDGES = [("w", "mul", "0.80", "1.50"), ("x", "mul", "1.50", "0.80"),
         ("mul", "L", "L = 1.20", "1")]


def test_computational_graph_draws_one_arrow_per_edge_with_both_numbers():
    plot = pytest.importorskip("nnscratch.plot")
    ax = plot.computational_graph(NODES, EDGES, title="u = w x")
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(arrows) == 3 and ax.get_title() == "u = w x"
    texts = [t.get_text() for t in ax.texts]
    for _, _, forward, backward in EDGES:
        assert forward in texts and backward in texts
    value = [t for t in ax.texts if t.get_text() == "L = 1.20"][0]
    grad = [t for t in ax.texts if t.get_text() == "1"][0]
    assert value.get_color() == "black" and grad.get_color() != "black"
    assert any("backward" in t for t in texts)  # the key under the graph


def test_computational_graph_without_key_and_on_given_axes():
    plot = pytest.importorskip("nnscratch.plot")
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert plot.computational_graph(NODES, EDGES, ax=ax, note=False) is ax
    assert not any("backward" in t.get_text() for t in ax.texts)


@pytest.mark.parametrize("nodes, edges, message", [
    ({**NODES, "q": (1, 1, "q", "box")}, EDGES, r"kind in \('input', 'op', 'output'\); check \['q'\]"),
    (NODES, EDGES + [("mul", "nowhere", "1", "2")], r"unknown: \['nowhere'\]"),
    (NODES, [("w", "mul", "0.8")], "each edge must be"),
])
def test_computational_graph_rejects_bad_input(nodes, edges, message):
    plot = pytest.importorskip("nnscratch.plot")
    with pytest.raises(ValueError, match=message):
        plot.computational_graph(nodes, edges)
