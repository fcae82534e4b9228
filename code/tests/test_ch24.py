"""Chapter 24's checkers accept right answers and name the usual
mistakes: a MASE scaled on the test values, a window whose target
leaks into its input."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from nnscratch import metrics
from nnscratch.exercises import ch24
from reporting import failed_lines, words


# ------------------------------------------------------------ MASE

def mase_reference(y_pred, y, y_train, m):
    scale = np.mean(np.abs(y_train[m:] - y_train[:-m]))
    return np.mean(np.abs(y_pred - y)) / scale


def mase_loops(y_pred, y, y_train, m):
    """A correct alternative in plain Python."""
    naive = [abs(y_train[t] - y_train[t - m]) for t in range(m, len(y_train))]
    err = [abs(a - b) for a, b in zip(y_pred, y)]
    return (sum(err) / len(err)) / (sum(naive) / len(naive))


def mase_on_test(y_pred, y, y_train, m):
    return np.mean(np.abs(y_pred - y)) / np.mean(np.abs(y[m:] - y[:-m]))


def mase_one_step(y_pred, y, y_train, m):
    return mase_reference(y_pred, y, y_train, 1)


def test_check_mase_passes_right_answers():
    for fn in (mase_reference, mase_loops, metrics.mase):
        report = ch24.check_mase(fn)
        assert report, str(report)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_check_mase_names_the_test_set_scale():
    report = ch24.check_mase(mase_on_test)
    assert not report
    assert "TEST values" in words(report)


def test_check_mase_names_a_forgotten_m():
    report = ch24.check_mase(mase_one_step)
    assert not report
    assert all("ignores m" in line for line in failed_lines(report))


def test_check_mase_reports_a_stub_and_a_missing_return():
    def stub(*args):
        raise NotImplementedError

    assert "not written yet" in words(ch24.check_mase(stub))
    assert "returned None" in words(ch24.check_mase(lambda *a: None))


# ------------------------------------------------------------ windows

def windows_loop(series, p):
    X = np.array([series[i:i + p] for i in range(len(series) - p)])
    return X, series[p:]


def windows_strided(series, p):
    """A correct alternative with sliding_window_view."""
    return sliding_window_view(series, p)[:-1], series[p:]


def windows_leaky(series, p):
    X = np.array([series[i:i + p] for i in range(len(series) - p)])
    return X, series[p - 1:-1]


def windows_one_too_many(series, p):
    return sliding_window_view(series, p), series[p - 1:]


def test_check_make_windows_passes_right_answers():
    for fn in (windows_loop, windows_strided):
        report = ch24.check_make_windows(fn)
        assert report, str(report)


def test_check_make_windows_names_a_leaking_target():
    report = ch24.check_make_windows(windows_leaky)
    assert not report
    assert "leaks into the input" in words(report)


def test_check_make_windows_names_wrong_shapes():
    report = ch24.check_make_windows(windows_one_too_many)
    assert not report
    assert "n - p windows" in words(report)
