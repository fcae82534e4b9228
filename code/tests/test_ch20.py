"""Chapter 20's checkers accept right answers and name the usual
mistakes: an RNN step backward that skips tanh or forgets a transpose,
clipping that is not global."""

import numpy as np

from nnscratch.exercises import ch20
from reporting import failed_lines, words


def step_reference(dh, x, h_prev, Wx, Wh, h):
    dz = dh * (1 - h ** 2)
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def step_einsum(dh, x, h_prev, Wx, Wh, h):
    """A correct alternative with einsum and a list."""
    dz = dh * (1 - np.tanh(np.arctanh(h)) ** 2)
    return [np.einsum("nh,dh->nd", dz, Wx), np.einsum("nh,kh->nk", dz, Wh),
            np.einsum("nd,nh->dh", x, dz), np.einsum("nk,nh->kh", h_prev, dz),
            np.einsum("nh->h", dz)]


def step_no_tanh(dh, x, h_prev, Wx, Wh, h):
    return dh @ Wx.T, dh @ Wh.T, x.T @ dh, h_prev.T @ dh, dh.sum(axis=0)


def step_no_transpose(dh, x, h_prev, Wx, Wh, h):
    dz = dh * (1 - h ** 2)
    return dz @ Wx.T, dz @ Wh, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def test_check_rnn_step_backward_passes_right_answers():
    for fn in (step_reference, step_einsum):
        report = ch20.check_rnn_step_backward(fn)
        assert report, str(report)


def test_check_rnn_step_backward_names_a_skipped_tanh():
    report = ch20.check_rnn_step_backward(step_no_tanh)
    assert not report
    assert all("skips the tanh" in line for line in failed_lines(report))


def test_check_rnn_step_backward_names_a_missing_transpose():
    report = ch20.check_rnn_step_backward(step_no_transpose)
    assert not report
    assert "Wh instead of Wh.T" in words(report)


def test_check_rnn_step_backward_reports_a_stub_and_a_missing_return():
    def stub(*args):
        raise NotImplementedError

    assert "not written yet" in words(ch20.check_rnn_step_backward(stub))
    assert "returned None" in words(
        ch20.check_rnn_step_backward(lambda *a: None))


def clip_reference(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    if norm > max_norm:
        return [g * (max_norm / norm) for g in grads]
    return grads


def clip_concatenate(grads, max_norm):
    """A correct alternative: one flat vector."""
    flat = np.concatenate([g.ravel() for g in grads])
    scale = min(1.0, max_norm / np.linalg.norm(flat))
    return [g * scale for g in grads]


def clip_per_array(grads, max_norm):
    out = []
    for g in grads:
        n = np.linalg.norm(g)
        out.append(g * max_norm / n if n > max_norm else g)
    return out


def clip_values(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]


def test_check_clip_grad_norm_passes_right_answers():
    for fn in (clip_reference, clip_concatenate):
        report = ch20.check_clip_grad_norm(fn)
        assert report, str(report)


def test_check_clip_grad_norm_names_per_array_and_elementwise_clipping():
    report = ch20.check_clip_grad_norm(clip_per_array)
    assert not report and "each array on its own" in words(report)
    report = ch20.check_clip_grad_norm(clip_values)
    assert not report and "np.clip" in words(report)
