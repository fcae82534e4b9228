"""Chapter 11's checkers accept the reference answers and name the usual mistakes."""

import numpy as np
import pytest

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


# The checker audit: correct alternatives pass, each realistic mistake is
# named with its own hint.


def l2_with_vdot(loss, grad, W, lam):
    return loss + 0.5 * lam * np.vdot(W, W), np.add(grad, lam * W)


def l2_in_float32(loss, grad, W, lam):
    """A float32 loss: right up to float32's rounding."""
    return np.float32(loss) + lam / 2 * np.sum(W * W), grad + W * lam


def l2_copy_then_add(loss, grad, W, lam):
    total = grad.copy()
    total += lam * W
    return loss + lam * np.sum(W ** 2) / 2, total


@pytest.mark.parametrize("answer", [l2_with_vdot, l2_in_float32,
                                    l2_copy_then_add])
def test_check_l2_accepts_other_correct_answers(answer):
    report = ch11.check_l2_penalized(answer)
    assert report and report.total == 6, str(report)


@pytest.mark.parametrize("broken, named", [
    (lambda loss, grad, W, lam: (loss + lam / 2 * np.sum(W ** 2),
                                 grad + 2 * lam * W),
     "the gradient is doubled"),
    (lambda loss, grad, W, lam: (loss + lam * np.sum(W ** 2),
                                 grad + 2 * lam * W),
     "the penalty is lam * sum(W**2), with gradient 2 * lam * W"),
    (lambda loss, grad, W, lam: (loss + lam / 2 * np.sum(W ** 2), lam * W),
     "the data gradient is missing"),
    (lambda loss, grad, W, lam: (lam / 2 * np.sum(W ** 2), grad + lam * W),
     "the data loss is missing"),
    (lambda loss, grad, W, lam: (loss + lam / 2 * np.mean(W ** 2),
                                 grad + lam * W / W.size),
     "the penalty uses the mean of W**2"),
    (lambda loss, grad, W, lam: (loss + lam / 2 * np.linalg.norm(W),
                                 grad + lam * W),
     "the penalty uses np.linalg.norm(W), not its square"),
])
def test_check_l2_names_more_mistakes(broken, named):
    report = ch11.check_l2_penalized(broken)
    assert not report
    assert f"hint: {named}" in words(report), words(report)


def test_check_l2_says_which_half_of_the_pair_is_wrong():
    def doubled(loss, grad, W, lam):
        return loss + lam / 2 * np.sum(W ** 2), grad + 2 * lam * W

    text = words(ch11.check_l2_penalized(doubled))
    assert "the loss is right, the gradient is not: got" in text


def test_check_l2_does_not_blame_the_float32_check_on_a_wrong_return():
    report = ch11.check_l2_penalized(lambda loss, grad, W, lam: {"loss": loss})
    assert "(returned dict, not a pair)" in words(report)


def shift_with_pad(images, k):
    images = np.asarray(images)
    w = images.shape[2]
    k = max(-w, min(w, k))
    padded = np.pad(images, ((0, 0), (0, 0), (w, w)))
    return padded[:, :, w - k:2 * w - k].copy()


def shift_column_by_column(images, k):
    out = np.zeros_like(images)
    w = images.shape[2]
    for j in range(w):
        if 0 <= j - k < w:
            out[:, :, j] = images[:, :, j - k]
    return out


@pytest.mark.parametrize("answer", [shift_with_pad, shift_column_by_column])
def test_check_shift_accepts_other_correct_answers(answer):
    report = ch11.check_shift_right(answer)
    assert report and report.total == 8, str(report)


def test_check_shift_wants_a_copy_for_k_zero():
    def same_array(images, k):
        return images if k == 0 else shift_right(images, k)

    report = ch11.check_shift_right(same_array)
    text = words(report)
    assert not report and report.failed == 1
    assert "returns the input itself, not a copy" in text


def test_check_shift_names_a_float_result():
    report = ch11.check_shift_right(
        lambda images, k: shift_right(images, k).astype(float))
    text = words(report)
    assert not report and report.failed == 1
    assert "got float64" in text and "np.zeros_like(images)" in text


def test_check_shift_explains_the_left_shift():
    def right_only(images, k):
        out = np.zeros_like(images)
        w = images.shape[2]
        if 0 <= k < w:
            out[:, :, k:] = images[:, :, :w - k]
        return out

    report = ch11.check_shift_right(right_only)
    assert not report
    assert "for k < 0 the picture moves left" in words(report)
