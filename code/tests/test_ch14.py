"""Chapter 14's checker accepts the reference answer and names the usual
mistakes."""

import numpy as np
import pytest

from nnscratch.exercises import ch14
from reporting import failed_lines, words


def most_confident_mistakes(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    wrong = np.flatnonzero(predicted != y)
    order = np.argsort(-confidence[wrong])
    return wrong[order[:count]]


def with_a_loop(probs, y, count):
    """Plain Python, a list of ints: just as right."""
    found = [(max(row), i) for i, (row, t) in enumerate(zip(probs, y))
             if int(np.argmax(row)) != t]
    found.sort(reverse=True)
    return [i for _, i in found[:count]]


def reversed_ascending(probs, y, count):
    """Sorted up, then reversed; the confidence read with
    take_along_axis; a tuple of ints: all just as right."""
    predicted = probs.argmax(axis=1)
    confidence = np.take_along_axis(probs, predicted[:, None], axis=1)[:, 0]
    wrong = np.where(predicted != y)[0]
    return tuple(int(i) for i in wrong[np.argsort(confidence[wrong])[::-1]][:count])


def stub(probs, y, count):
    raise NotImplementedError


def ascending(probs, y, count):
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return wrong[np.argsort(confidence[wrong])[:count]]


def includes_correct(probs, y, count):
    return np.argsort(-probs.max(axis=1))[:count]


def positions(probs, y, count):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return np.argsort(-probs.max(axis=1)[wrong])[:count]


def true_class(probs, y, count):
    wrong = np.flatnonzero(probs.argmax(axis=1) != y)
    p_true = probs[wrong, y[wrong]]
    return wrong[np.argsort(p_true)[:count]]


def in_place(probs, y, count):
    probs.sort(axis=1)  # destroys the caller's array
    return most_confident_mistakes(probs, y, count)


def mask(probs, y, count):
    return probs.argmax(axis=1) != y


def keeps_right(probs, y, count):
    predicted = probs.argmax(axis=1)
    right = np.flatnonzero(predicted == y)
    return right[np.argsort(-probs.max(axis=1)[right])[:count]]


def cut_then_filter(probs, y, count):
    top = np.argsort(-probs.max(axis=1))[:count]
    return top[probs.argmax(axis=1)[top] != y[top]]


def confidences(probs, y, count):
    return probs.max(axis=1)[most_confident_mistakes(probs, y, count)]


def predicted_digits(probs, y, count):
    return probs.argmax(axis=1)[most_confident_mistakes(probs, y, count)]


def ignores_count(probs, y, count):
    return most_confident_mistakes(probs, y, len(y))


def as_floats(probs, y, count):
    return most_confident_mistakes(probs, y, count).astype(float)


def no_return(probs, y, count):
    most_confident_mistakes(probs, y, count)


@pytest.mark.parametrize("answer", [most_confident_mistakes, with_a_loop,
                                    reversed_ascending])
def test_accepts_the_reference(answer):
    report = ch14.check_most_confident_mistakes(answer)
    assert report and report.total == 5, str(report)


def test_reports_an_unfinished_stub_once():
    report = ch14.check_most_confident_mistakes(stub)
    text = str(report)
    assert not report and text.count("✗") == 1
    assert "✗ not implemented yet" in text
    assert text.endswith("0/5 checks passed: the answer is not written yet.")


@pytest.mark.parametrize("broken, named", [
    (ascending, "least confident mistake up"),
    (includes_correct, "includes correct predictions"),
    (positions, "positions in the list of mistakes"),
    (true_class, "probability of the true class"),
    (keeps_right, "keeps the right answers instead of the mistakes"),
    (cut_then_filter, "takes the top rows first"),
    (confidences, "returns the confidences, not the indices"),
    (predicted_digits, "returns the predicted digits"),
    (ignores_count, "returns 3 row numbers for count = 2"),
    (as_floats, "indices must be integers"),
    (no_return, "forget `return`"),
])
def test_names_common_mistakes(broken, named):
    report = ch14.check_most_confident_mistakes(broken)
    assert not report
    first = failed_lines(report)[0]
    assert "6 images, count = 2" in first and named in first, words(report)


def test_catches_changes_to_the_callers_array():
    report = ch14.check_most_confident_mistakes(in_place)
    assert not report
    assert "✗ leaves probs and y unchanged" in str(report)


def test_rejects_a_boolean_mask():
    report = ch14.check_most_confident_mistakes(mask)
    assert not report and "boolean mask" in words(report)


def test_a_long_wrong_answer_is_shown_short():
    report = ch14.check_most_confident_mistakes(ignores_count)
    assert "... (199 in all)" in words(report)


def test_the_usual_mistakes_never_pass_a_worked_case():
    """Each wrong answer the checker knows differs from the right one on
    both small cases, so none passes a check by coincidence."""
    for count in (2, 5):
        want = ch14._reference(ch14.SMALL_PROBS, ch14.SMALL_Y, count)
        for name, mistake, _ in ch14._MISTAKES:
            got = mistake(ch14.SMALL_PROBS, ch14.SMALL_Y, count)
            assert not (got.shape == want.shape and np.allclose(got, want)), name


def test_the_worked_cases_are_what_the_docstring_says():
    got = most_confident_mistakes(ch14.SMALL_PROBS, ch14.SMALL_Y, 10)
    assert got.tolist() == [1, 3, 4]
    probs, y = ch14._random_case()
    assert probs.dtype == np.float32
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-5)
    conf = probs.max(axis=1)
    assert len(np.unique(conf)) == len(conf)      # no ties
    assert np.sum(probs.argmax(axis=1) != y) == 199
