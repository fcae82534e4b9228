"""Chapter 23's checkers accept right answers and name the usual
mistakes: averaging over padding, taking the last (padded) time step."""

import numpy as np

from nnscratch.exercises import ch23
from reporting import failed_lines, words


# ------------------------------------------------------- masked mean

def mean_reference(hs, mask):
    m = mask[:, :, None]
    return (hs * m).sum(axis=1) / m.sum(axis=1)


def mean_loops(hs, mask):
    """A correct alternative in plain Python."""
    return np.array([hs[n][mask[n]].mean(axis=0) for n in range(len(hs))])


def test_check_masked_mean_passes_right_answers():
    for fn in (mean_reference, mean_loops):
        report = ch23.check_masked_mean(fn)
        assert report, str(report)


def test_check_masked_mean_names_averaging_over_padding():
    report = ch23.check_masked_mean(lambda hs, mask: hs.mean(axis=1))
    assert not report
    assert "over padding" in words(report)


def test_check_masked_mean_names_dividing_by_T():
    report = ch23.check_masked_mean(
        lambda hs, mask: (hs * mask[:, :, None]).sum(axis=1) / hs.shape[1])
    assert not report
    assert "divides by T" in words(report)


def test_check_masked_mean_reports_a_stub_and_a_missing_return():
    def stub(hs, mask):
        raise NotImplementedError

    assert "not written yet" in words(ch23.check_masked_mean(stub))
    assert "returned None" in words(ch23.check_masked_mean(lambda *a: None))


# --------------------------------------------------- last real state

def last_reference(hs, mask):
    return hs[np.arange(len(hs)), mask.sum(axis=1) - 1]


def last_loops(hs, mask):
    return np.stack([hs[n, np.flatnonzero(mask[n])[-1]] for n in range(len(hs))])


def test_check_last_real_state_passes_right_answers():
    for fn in (last_reference, last_loops):
        report = ch23.check_last_real_state(fn)
        assert report, str(report)


def test_check_last_real_state_names_the_padded_last_step():
    report = ch23.check_last_real_state(lambda hs, mask: hs[:, -1])
    assert not report
    # the batch without padding passes; the padded ones name the mistake
    assert all("padding for short sentences" in line
               for line in failed_lines(report))


def test_check_last_real_state_names_an_off_by_one():
    report = ch23.check_last_real_state(
        lambda hs, mask: hs[np.arange(len(hs)),
                            np.minimum(mask.sum(axis=1), hs.shape[1] - 1)])
    assert not report
    assert "one step too late" in words(report)


def test_check_last_real_state_names_a_wrong_shape():
    report = ch23.check_last_real_state(lambda hs, mask: hs)
    assert not report
    assert "shape" in words(report)
