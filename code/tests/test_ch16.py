"""Chapter 16's checkers accept right answers (the reference and other
correct ways) and name the usual mistakes, above all the reshape trick
that sends a tied window's gradient to every maximum."""

import numpy as np
import pytest

from nnscratch import functional as F
from nnscratch.exercises import ch16
from reporting import failed_lines, words


# ------------------------------------------------------------ forward

def max_pool_reshape(x, size):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // size, size, W // size, size).max(axis=(3, 5))


def max_pool_loops(x, size):
    """Plain loops, the output allocated with the input's dtype."""
    N, C, H, W = x.shape
    out = np.zeros((N, C, H // size, W // size), dtype=x.dtype)
    for n in range(N):
        for c in range(C):
            for p in range(H // size):
                for q in range(W // size):
                    out[n, c, p, q] = x[n, c, p * size:(p + 1) * size,
                                        q * size:(q + 1) * size].max()
    return out


def max_pool_library(x, size):
    return F.max_pool2d_forward(x, size)[0]


def mean_pool(x, size):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // size, size, W // size, size).mean(axis=(3, 5))


def wrong_axes(x, size):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // size, size, W // size, size).max(axis=(2, 4))


def runs_in_memory(x, size):
    N, C, H, W = x.shape
    return x.reshape(N, C, -1, size * size).max(axis=-1).reshape(
        N, C, H // size, W // size)


def float64_output(x, size):
    return max_pool_reshape(x, size).astype(np.float64)


def overlapping(x, size):
    """Stride 1 instead of size: the wrong shape."""
    return F.max_pool2d_forward(x, size, stride=1)[0]


@pytest.mark.parametrize("answer", [max_pool_reshape, max_pool_loops,
                                    max_pool_library])
def test_forward_accepts_right_answers(answer):
    report = ch16.check_max_pool_forward(answer)
    assert report and report.total == 4, str(report)


@pytest.mark.parametrize("broken, named", [
    (mean_pool, "averages the window"),
    (wrong_axes, "wrong axes"),
    (runs_in_memory, "runs of size*size pixels"),
])
def test_forward_names_common_mistakes(broken, named):
    report = ch16.check_max_pool_forward(broken)
    assert not report
    assert named in failed_lines(report)[0], words(report)


def test_forward_wants_the_input_dtype_and_shape():
    report = ch16.check_max_pool_forward(float64_output)
    assert not report and "dtype float64, expected float32" in words(report)
    report = ch16.check_max_pool_forward(overlapping)
    assert not report and "expected (1, 1, 2, 2)" in words(report)


# ------------------------------------------------------------ backward

def backward_argmax(x, dout, size):
    """The reference: np.argmax picks the first maximum of each window."""
    N, C, H, W = x.shape
    OH, OW = H // size, W // size
    win = x.reshape(N, C, OH, size, OW, size).transpose(0, 1, 2, 4, 3, 5)
    k = win.reshape(N, C, OH, OW, size * size).argmax(axis=-1)
    dwin = np.zeros((N, C, OH, OW, size * size))
    np.put_along_axis(dwin, k[..., None], dout[..., None], axis=-1)
    dwin = dwin.reshape(N, C, OH, OW, size, size).transpose(0, 1, 2, 4, 3, 5)
    return dwin.reshape(x.shape)


def backward_loops(x, dout, size):
    """Loops that stop at the first maximum: just as right."""
    dx = np.zeros_like(x)
    N, C, H, W = x.shape
    for n in range(N):
        for c in range(C):
            for p in range(H // size):
                for q in range(W // size):
                    window = x[n, c, p * size:(p + 1) * size,
                               q * size:(q + 1) * size]
                    i, j = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, p * size + i, q * size + j] += dout[n, c, p, q]
    return dx


def backward_library(x, dout, size):
    return F.max_pool2d_backward(dout, F.max_pool2d_forward(x, size)[1])


def reshape_trick(x, dout, size):
    """The popular one-liner: the mask x == max is True at every tie."""
    up = lambda a: np.repeat(np.repeat(a, size, axis=2), size, axis=3)
    N, C, H, W = x.shape
    out = x.reshape(N, C, H // size, size, W // size, size).max(axis=(3, 5))
    return up(dout) * (x == up(out))


def shared(x, dout, size):
    up = lambda a: np.repeat(np.repeat(a, size, axis=2), size, axis=3)
    N, C, H, W = x.shape
    out = x.reshape(N, C, H // size, size, W // size, size).max(axis=(3, 5))
    mask = x == up(out)
    counts = mask.reshape(N, C, H // size, size, W // size, size).sum(axis=(3, 5))
    return up(dout / counts) * mask


def last_max(x, dout, size):
    """Loops with >=: a later tie overwrites the earlier one."""
    dx = np.zeros_like(x)
    N, C, H, W = x.shape
    for n in range(N):
        for c in range(C):
            for p in range(H // size):
                for q in range(W // size):
                    best, at = -np.inf, None
                    for i in range(size):
                        for j in range(size):
                            v = x[n, c, p * size + i, q * size + j]
                            if v >= best:
                                best, at = v, (p * size + i, q * size + j)
                    dx[n, c, at[0], at[1]] = dout[n, c, p, q]
    return dx


def like_average(x, dout, size):
    return np.repeat(np.repeat(dout, size, axis=2), size, axis=3) / size ** 2


def writes_into_x(x, dout, size):
    dx = backward_argmax(x, dout, size)
    x[...] = 0
    return dx


@pytest.mark.parametrize("answer", [backward_argmax, backward_loops,
                                    backward_library])
def test_backward_accepts_right_answers(answer):
    report = ch16.check_max_pool_backward(answer)
    assert report and report.total == 4, str(report)


def test_backward_rejects_the_reshape_trick_on_tied_windows():
    report = ch16.check_max_pool_backward(reshape_trick)
    assert not report
    lines = failed_lines(report)
    # right where no window ties, wrong as soon as one does
    assert "✓ the 4 x 4 example (no ties)" in str(report)
    assert "four zeros after a ReLU" in lines[0]
    assert "EVERY input that ties" in lines[0], words(report)


@pytest.mark.parametrize("broken, named", [
    (shared, "shares a window's gradient"),
    (last_max, "LAST maximum"),
    (like_average, "as average pooling does"),
])
def test_backward_names_common_mistakes(broken, named):
    report = ch16.check_max_pool_backward(broken)
    assert not report
    assert named in " ".join(failed_lines(report)), words(report)


def test_backward_catches_writes_into_its_inputs():
    report = ch16.check_max_pool_backward(writes_into_x)
    assert not report and "changed x or dout" in words(report)


def test_the_tied_case_really_ties():
    """The worked case has an all-zero window and two other ties, and the
    trick differs from the library on it; the 4 x 4 example has no tie."""
    x, dout = ch16.TIED, np.array([[[[1., 2.], [3., 4.]]]])
    assert not np.allclose(reshape_trick(x, dout, 2), backward_library(x, dout, 2))
    assert reshape_trick(x, dout, 2)[0, 0, :2, :2].sum() == 4
    assert np.allclose(reshape_trick(ch16.SMALL, dout, 2),
                       backward_library(ch16.SMALL, dout, 2))


# ------------------------------------------------------------ average pooling

def avg_backward(dout, x_shape, size):
    return np.repeat(np.repeat(dout, size, axis=2), size, axis=3) / size ** 2


def avg_backward_kron(dout, x_shape, size):
    return np.kron(dout, np.ones((size, size))) / (size * size)


def avg_no_division(dout, x_shape, size):
    return np.repeat(np.repeat(dout, size, axis=2), size, axis=3)


def avg_tiled(dout, x_shape, size):
    return np.tile(dout, (1, 1, size, size)) / size ** 2


@pytest.mark.parametrize("answer", [avg_backward, avg_backward_kron])
def test_avg_accepts_right_answers(answer):
    report = ch16.check_avg_pool_backward(answer)
    assert report and report.total == 3, str(report)


@pytest.mark.parametrize("broken, named", [
    (avg_no_division, "forgets to divide"),
    (avg_tiled, "tiles dout"),
])
def test_avg_names_common_mistakes(broken, named):
    report = ch16.check_avg_pool_backward(broken)
    assert not report and named in failed_lines(report)[0], words(report)


def test_a_stub_is_reported_as_unfinished():
    def stub(*args):
        raise NotImplementedError
    for check in (ch16.check_max_pool_forward, ch16.check_max_pool_backward,
                  ch16.check_avg_pool_backward):
        report = check(stub)
        assert not report and "not implemented yet" in str(report)
