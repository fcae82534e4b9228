"""Every checker must accept the reference answer and reject broken ones."""

import numpy as np
import pytest

from nnscratch.activations import step
from nnscratch.exercises import Report, ch02
from reporting import words


def reference_update(w, b, x, y, lr):
    error = y - step(np.dot(w, x) + b)
    return w + lr * error * x, b + lr * error


def test_check_step_accepts_the_reference():
    report = ch02.check_step(step)
    assert report and report.failed == 0 and "5/5 checks passed: all passed." in str(report)


@pytest.mark.parametrize("broken, failing", [
    (lambda z: (np.asarray(z) > 0).astype(float), "step(0.0) == 1"),          # strict threshold
    (lambda z: 1.0 if z >= 0 else 0.0, "works elementwise"),                  # scalars only
    (lambda z: np.sign(z), "step(-2.0) == 0"),                                # -1 instead of 0
    (lambda z: np.ravel(np.asarray(z) >= 0).astype(float), "keeps the shape"),
])
def test_check_step_rejects_broken_answers_and_says_why(broken, failing):
    report = ch02.check_step(broken)
    assert not report
    text = str(report)
    assert f"✗ {failing}" in text and "hint:" in text


def test_check_step_reports_an_unfinished_stub():
    def stub(z):
        raise NotImplementedError

    report = ch02.check_step(stub)
    assert not report and report.passed == 0 and report.failed == 5
    text = str(report)
    assert text.count("✗") == 1 and "✗ not implemented yet" in text
    assert text.endswith("0/5 checks passed: the answer is not written yet.")


def test_check_perceptron_update_reports_an_unfinished_stub_once():
    def stub(w, b, x, y, lr):
        raise NotImplementedError

    report = ch02.check_perceptron_update(stub)
    assert not report and str(report).count("✗") == 1 and report.total == 6


def test_check_perceptron_update_accepts_the_reference():
    assert ch02.check_perceptron_update(reference_update)


@pytest.mark.parametrize("broken, failing", [
    (lambda w, b, x, y, lr: reference_update(w, b, x, 1 - y, lr), "move away from x"),  # sign flipped
    (lambda w, b, x, y, lr: (reference_update(w, b, x, y, lr)[0], b), "move towards x"),  # no bias
])
def test_check_perceptron_update_rejects_broken_answers(broken, failing):
    report = ch02.check_perceptron_update(broken)
    failed_lines = [line for line in str(report).splitlines() if line.startswith("  ✗")]
    assert not report and any(failing in line for line in failed_lines)


def test_check_perceptron_update_catches_an_in_place_update():
    def in_place(w, b, x, y, lr):
        error = y - step(np.dot(w, x) + b)
        w += lr * error * x
        return w, b + lr * error

    report = ch02.check_perceptron_update(in_place)
    assert not report and "✗ leaves the caller's w unchanged" in str(report)
    assert report.passed == 5  # the values themselves are right


@pytest.mark.parametrize("gate, w, b", [
    ("AND", [1, 1], -1.5), ("OR", [1, 1], -0.5), ("NAND", [-1, -1], 1.5), ("NOR", [-1, -1], 0.5),
])
def test_check_gate_accepts_reference_weights(gate, w, b):
    assert ch02.check_gate(gate, w, b)


def test_check_gate_rejects_the_wrong_gate_and_a_wrong_shape():
    report = ch02.check_gate("NAND", [1, 1], -1.5)  # AND's weights
    assert not report and report.failed == 4 and "✗ NAND(0, 0) = 1 (the neuron gives 0)" in str(report)
    assert not ch02.check_gate("AND", [1, 1, 1], -1.5)


def test_check_gate_names_the_gates_it_knows_and_explains_xor():
    with pytest.raises(ValueError, match="gate must be one of.*'AND'.*got 'IMPLIES'"):
        ch02.check_gate("implies", [1, 1], 0)
    report = ch02.check_gate("xor", [1, 1], -0.5)
    assert not report and "not linearly separable" in str(report)


def test_check_gate_accepts_lower_case_and_gives_its_hint_once():
    assert ch02.check_gate("nand", [-1, -1], 1.5)
    assert str(ch02.check_gate("NAND", [1, 1], -1.5)).count("hint:") == 1


@pytest.mark.parametrize("mistake, named", [
    (lambda w, b, x, y, lr: (w - lr * (y - step(w @ x + b)) * x, b - lr * (y - step(w @ x + b))),
     "the error has the wrong sign"),
    (lambda w, b, x, y, lr: reference_update(w, b, x, y, 1.0), "the learning rate is missing"),
    (lambda w, b, x, y, lr: (w + lr * (y - 1 / (1 + np.exp(-(w @ x + b)))) * x,
                             b + lr * (y - 1 / (1 + np.exp(-(w @ x + b))))),
     "the prediction uses the sigmoid"),
    (lambda w, b, x, y, lr: (w + lr * (y - float(w @ x + b > 0)) * x, b + lr * (y - float(w @ x + b > 0))),
     "the threshold is strict"),
])
def test_check_perceptron_update_names_common_mistakes(mistake, named):
    report = ch02.check_perceptron_update(mistake)
    assert not report and f"hint: {named}" in words(report)


def test_check_step_says_when_nothing_is_returned_or_the_shape_is_wrong():
    def no_return(z):
        (np.asarray(z) >= 0).astype(float)

    assert "did you forget `return`?" in words(ch02.check_step(no_return))
    flat = words(ch02.check_step(lambda z: np.ravel(np.asarray(z) >= 0).astype(float)))
    assert "got shape (1,), expected shape ()" in flat


def test_an_empty_report_does_not_count_as_passed():
    assert not Report("nothing checked")


def test_report_shows_itself_in_ipython():
    pretty = pytest.importorskip("IPython.lib.pretty")
    report = ch02.check_step(step)
    assert pretty.pretty(report) == str(report)


def test_attempt_returns_the_result_or_records_why_not():
    from nnscratch.exercises import Report

    r = Report("t")
    assert r.attempt("fine", lambda: 42) == (True, 42)
    assert r.attempt("raises", lambda: 1 / 0,
                     lambda err: f"hint for {type(err).__name__}") == (False, None)
    assert "hint: hint for ZeroDivisionError" in str(r)

    def stub():
        raise NotImplementedError

    assert r.attempt("stub", stub) == (False, None) and r.unfinished
    assert r.attempt("later", lambda: 1) == (False, None)  # skipped
    assert (r.passed, r.failed, r.total) == (0, 3, 3)


def test_a_partly_written_answer_counts_what_passed():
    from nnscratch.exercises._report import Report
    report = Report("Exercise")
    report.check(True, "forward gives the right output")
    report.stop_unfinished()
    text = str(report)
    assert "1/2 checks passed: part of the answer is not written yet." in text
    assert not report


def test_answer_fails_a_function_that_returns_none():
    r = Report("t")
    assert r.answer("forgot return", lambda: None) == (False, None)
    assert r.answer("returned 3", lambda: 3) == (True, 3)
    assert not r and "returned None" in words(r) and "`return`" in words(r)


@pytest.mark.parametrize("check", [
    "ch15.check_conv_output_size", "ch15.check_conv2d",
    "ch16.check_max_pool_forward", "ch16.check_max_pool_backward",
    "ch16.check_avg_pool_backward", "ch17.check_param_count",
    "ch17.check_receptive_field", "ch17.check_residual_backward",
    "ch18.check_saliency", "ch19.check_gram_matrix",
    "ch19.check_style_loss_gradient"])
def test_part3_checkers_fail_a_function_without_return(check):
    import importlib
    module, name = check.split(".")
    fn = getattr(importlib.import_module(f"nnscratch.exercises.{module}"),
                 name)
    report = fn(lambda *args, **kwargs: None)
    assert not report and "returned None" in words(report)


def test_find_mistake_names_the_first_match_and_nothing_else():
    from nnscratch.exercises._report import find_mistake
    mistakes = [
        (lambda a, k: a * k, "scaled", "hint 1"),
        (lambda a, k: 1 / 0, "raises", "never"),
        (lambda a, k: (a, a.sum()), "a pair", "hint 3"),
        (lambda a, k: a.__setitem__(0, 99) or a, "writes", "hint 4"),
    ]
    a = np.arange(3.0)
    assert find_mistake(mistakes, a * 2, (a, 2)) == ("scaled", "hint 1")
    assert find_mistake(mistakes, (a, 3.0), (a, 2)) == ("a pair", "hint 3")
    assert find_mistake(mistakes, [a, 3.0], (a, 2)) == ("a pair", "hint 3")
    assert find_mistake(mistakes, a + 1, (a, 2)) == (None, None)
    assert find_mistake(mistakes, np.array([99.0, 1, 2]), (a, 2))[0] == \
        "writes"
    assert a[0] == 0  # the mistake wrote into a copy


def test_report_number_turns_answers_into_floats_or_says_why_not():
    from nnscratch.exercises._report import Report
    r = Report("t")
    assert r.number("ok", lambda: np.float32(2.5)) == (True, 2.5)
    assert r.number("text", lambda: "two") == (False, None)
    assert r.number("none", lambda: None) == (False, None)
    text = " ".join(str(r).split())
    assert "got str, expected a number" in text and "returned None" in text
