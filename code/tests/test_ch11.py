"""Chapter 11's checkers accept the reference answers and name the usual mistakes."""

import numpy as np

from nnscratch.exercises import ch11
from reporting import words


# check_l2_penalized -------------------------------------------------------

def l2_penalized(loss, grad, W, lam):
    return loss + lam / 2 * float(np.sum(W ** 2)), grad + lam * W


def test_check_l2_accepts_the_reference():
    report = ch11.check_l2_penalized(l2_penalized)
    assert report and report.total == 6, str(report)


def test_check_l2_reports_a_stub_as_not_implemented():
    def stub(loss, grad, W, lam):
        raise NotImplementedError

    report = ch11.check_l2_penalized(stub)
    text = str(report)
    assert not report and text.count("✗") == 1
    assert "not implemented yet" in text
    assert report.total == 6
    assert text.endswith("0/6 checks passed: the answer is not written yet.")


def test_check_l2_names_the_missing_half():
    def no_half(loss, grad, W, lam):
        return loss + lam * float(np.sum(W ** 2)), grad + lam * W

    report = ch11.check_l2_penalized(no_half)
    assert not report
    assert "the penalty lacks the 1/2" in words(report)


def test_check_l2_names_l1():
    def l1(loss, grad, W, lam):
        return loss + lam * float(np.sum(np.abs(W))), grad + lam * np.sign(W)

    report = ch11.check_l2_penalized(l1)
    assert not report and "this is the L1 penalty" in words(report)


def test_check_l2_catches_an_in_place_update():
    def in_place(loss, grad, W, lam):
        grad += lam * W
        return loss + lam / 2 * float(np.sum(W ** 2)), grad

    report = ch11.check_l2_penalized(in_place)
    text = words(report)
    assert not report and report.failed == 1
    assert "✗ leaves the caller's grad unchanged" in text


def test_check_l2_catches_float64_output():
    def upcast(loss, grad, W, lam):
        return (loss + lam / 2 * float(np.sum(W ** 2)),
                np.array(grad, dtype=float) + lam * np.array(W, dtype=float))

    report = ch11.check_l2_penalized(upcast)
    assert not report and report.failed == 1
    assert "float32" in words(report)


def test_check_l2_reports_a_missing_return():
    def forgot(loss, grad, W, lam):
        total = grad + lam * W  # noqa: F841

    report = ch11.check_l2_penalized(forgot)
    assert not report and "expected a pair" in words(report)


# check_shift_right -------------------------------------------------------

def shift_right(images, k):
    images = np.asarray(images)
    out = np.zeros_like(images)
    w = images.shape[2]
    if k >= w or k <= -w:
        return out
    if k > 0:
        out[:, :, k:] = images[:, :, :w - k]
    elif k < 0:
        out[:, :, :w + k] = images[:, :, -k:]
    else:
        out[...] = images
    return out


def shift_right_with_library(images, k):
    from nnscratch.augment import shift
    return shift(images, k, 0)


def test_check_shift_accepts_the_reference_and_the_library():
    for answer in (shift_right, shift_right_with_library):
        report = ch11.check_shift_right(answer)
        assert report and report.total == 8, str(report)


def test_check_shift_reports_a_stub_as_not_implemented():
    def stub(images, k):
        raise NotImplementedError

    report = ch11.check_shift_right(stub)
    text = str(report)
    assert not report and text.count("✗") == 1
    assert "not implemented yet" in text
    assert text.endswith("0/8 checks passed: the answer is not written yet.")


def test_check_shift_rejects_np_roll():
    def rolled(images, k):
        return np.roll(images, k, axis=2)

    report = ch11.check_shift_right(rolled)
    text = words(report)
    assert not report
    assert "the pixels wrap around (np.roll)" in text


def test_check_shift_names_the_wrong_axis():
    def down(images, k):
        return np.swapaxes(shift_right(np.swapaxes(images, 1, 2), k), 1, 2)

    report = ch11.check_shift_right(down)
    assert not report
    assert "the image moves down instead of right" in words(report)


def test_check_shift_names_the_wrong_direction():
    def left(images, k):
        return shift_right(images, -k)

    report = ch11.check_shift_right(left)
    assert not report
    assert "moves left instead of right" in words(report)


def test_check_shift_explains_the_minus_zero_slice():
    def naive(images, k):
        out = np.zeros_like(images)
        if k >= 0:
            out[:, :, k:] = images[:, :, :-k]
        else:
            out[:, :, :k] = images[:, :, -k:]
        return out

    report = ch11.check_shift_right(naive)
    assert not report and "-0 is 0" in words(report)


def test_check_shift_catches_changing_the_input():
    def in_place(images, k):
        out = shift_right(images, k)
        images[...] = out
        return images

    report = ch11.check_shift_right(in_place)
    assert not report
    assert "✗ leaves the input unchanged" in words(report)


def test_check_l2_accepts_a_list_pair():
    def as_list(loss, grad, W, lam):
        return [loss + 0.5 * lam * float(np.sum(W * W)), grad + lam * W]

    report = ch11.check_l2_penalized(as_list)
    assert report and report.total == 6, str(report)
