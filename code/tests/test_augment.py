import numpy as np
import pytest

from nnscratch import augment as A


def dot(h, w, row, col, value=1.0, dtype=np.float64):
    """One (1, h, w) image, dark except for one bright pixel."""
    image = np.zeros((1, h, w), dtype)
    image[0, row, col] = value
    return image


# An asymmetric 5 x 5 pattern: an "L" with a longer foot, so every
# rotation and flip of it looks different.
L_SHAPE = np.array([[0, 1, 0, 0, 0],
                    [0, 1, 0, 0, 0],
                    [0, 1, 0, 0, 0],
                    [0, 1, 1, 1, 0],
                    [0, 0, 0, 0, 0]], dtype=float)[None]


def digit_like(size=28):
    """A soft bright ring in the middle of a dark (1, 28, 28) image."""
    r = np.hypot(*np.mgrid[:size, :size] - (size - 1) / 2)
    return np.exp(-((r - 6) ** 2) / 4)[None]


# shift ----------------------------------------------------------------------

def test_a_bright_pixel_moves_right_and_down():
    out = A.shift(dot(5, 6, row=1, col=2), dx=3, dy=2)
    # (row 1, col 2) -> (row 1 + 2, col 2 + 3) = (3, 5)
    np.testing.assert_array_equal(out, dot(5, 6, row=3, col=5))
    out = A.shift(dot(5, 6, row=1, col=2), dx=-2, dy=-1)
    np.testing.assert_array_equal(out, dot(5, 6, row=0, col=0))


def test_pixels_fall_off_the_edge_instead_of_wrapping():
    image = dot(5, 6, row=1, col=5)  # last column
    np.testing.assert_array_equal(A.shift(image, 1, 0), 0 * image)
    np.testing.assert_array_equal(A.shift(image, 0, -2), 0 * image)
    np.testing.assert_array_equal(A.shift(image, 100, 100), 0 * image)
    # np.roll would have wrapped it to column 0
    assert np.roll(image, 1, axis=2)[0, 1, 0] == 1


def test_uncovered_pixels_are_zero():
    out = A.shift(np.ones((1, 3, 4)), dx=1, dy=-1)
    np.testing.assert_array_equal(out[0], [[0, 1, 1, 1],
                                           [0, 1, 1, 1],
                                           [0, 0, 0, 0]])


def test_one_shift_per_image():
    batch = np.concatenate([dot(4, 4, 0, 0), dot(4, 4, 0, 0),
                            dot(4, 4, 3, 3)])
    out = A.shift(batch, dx=np.array([1, 0, -3]), dy=[2, 3, -1])
    expected = np.concatenate([dot(4, 4, 2, 1), dot(4, 4, 3, 0),
                               dot(4, 4, 2, 0)])
    np.testing.assert_array_equal(out, expected)


def test_shift_keeps_dtype_and_does_not_touch_the_input():
    image = dot(4, 4, 1, 1, value=200, dtype=np.uint8)
    out = A.shift(image, 1, 1)
    assert out.dtype == np.uint8 and out[0, 2, 2] == 200
    assert image[0, 1, 1] == 200 and image[0, 2, 2] == 0
    assert A.shift(np.float32(image), 0, 0).dtype == np.float32
    # whole-number floats are accepted as shifts
    np.testing.assert_array_equal(A.shift(image, 1.0, 1.0), out)


# rotate ---------------------------------------------------------------------

def test_rotate_90_is_rot90_counter_clockwise():
    np.testing.assert_allclose(A.rotate(L_SHAPE, 90), np.rot90(
        L_SHAPE, axes=(1, 2)), atol=1e-6)
    np.testing.assert_allclose(A.rotate(L_SHAPE, -90), np.rot90(
        L_SHAPE, k=-1, axes=(1, 2)), atol=1e-6)
    np.testing.assert_allclose(A.rotate(L_SHAPE, 180), L_SHAPE[:, ::-1, ::-1],
                               atol=1e-6)


def test_rotate_direction_by_hand():
    # counter-clockwise by 90: the top middle pixel goes to the left
    # middle, the right middle to the top middle
    out = A.rotate(dot(5, 5, row=0, col=2), 90)
    np.testing.assert_allclose(out, dot(5, 5, row=2, col=0), atol=1e-6)
    out = A.rotate(dot(5, 5, row=2, col=4), 90)
    np.testing.assert_allclose(out, dot(5, 5, row=0, col=2), atol=1e-6)


def test_rotate_90_even_size_about_the_centre_between_pixels():
    # 4 x 4: the centre is at (1.5, 1.5); the top-left corner goes to
    # the bottom-left corner
    out = A.rotate(dot(4, 4, row=0, col=0), 90)
    np.testing.assert_allclose(out, dot(4, 4, row=3, col=0), atol=1e-6)
    image = np.arange(16.0).reshape(1, 4, 4)
    np.testing.assert_allclose(A.rotate(image, 90),
                               np.rot90(image, axes=(1, 2)), atol=1e-5)


def test_rotate_by_0_is_the_identity_and_by_360_nearly():
    image = digit_like()
    np.testing.assert_array_equal(A.rotate(image, 0), image)
    np.testing.assert_allclose(A.rotate(image, 360), image, atol=1e-9)
    np.testing.assert_allclose(A.rotate(image, -720), image, atol=1e-9)


def test_rotate_interpolates_between_pixels_by_hand():
    # A horizontal bar through the middle of a 3 x 3 image, turned 45
    # degrees counter-clockwise; centre (1, 1), s = sin 45 = cos 45.
    # Output pixel (row, col) sits at x = col - 1, y = 1 - row (y up)
    # and reads the input at x' = cos x + sin y, y' = cos y - sin x,
    # i.e. row 1 - y', col 1 + x'.
    image = np.zeros((1, 3, 3))
    image[0, 1, :] = 1.0
    out = A.rotate(image, 45)[0]
    s = 1 / np.sqrt(2)
    # (1, 1): the centre reads itself -> 1
    assert out[1, 1] == pytest.approx(1.0)
    # (0, 2): x = y = 1 -> x' = 2s, y' = 0 -> input (1, 1 + 2s) =
    # (1, 2.414): 0.586 of (1, 2) [1] and 0.414 of (1, 3) [outside, 0]
    assert out[0, 2] == pytest.approx(2 - 2 * s)
    # (0, 1): x = 0, y = 1 -> x' = s, y' = s -> input (1 - s, 1 + s)
    # = (0.293, 1.707): rows 0 [0] and 1 [1] weighted 0.707 and 0.293
    assert out[0, 1] == pytest.approx(1 - s)
    # (0, 0): x = -1, y = 1 -> x' = 0, y' = 2s -> input (-0.414, 1),
    # between row -1 (outside) and row 0, both 0
    assert out[0, 0] == pytest.approx(0.0, abs=1e-12)


def test_points_from_far_outside_the_image_read_0():
    # 9 x 9 of ones turned 45 degrees: output corner (0, 0) is at
    # x = -4, y = 4 from the centre and reads the input at
    # x' = 0, y' = 8 sin 45 = 5.66 -> row 4 - 5.66 = -1.66: outside,
    # and so is its neighbour row -1; the same holds at every corner
    out = A.rotate(np.ones((1, 9, 9)), 45)[0]
    np.testing.assert_array_equal(out[[0, 0, 8, 8], [0, 8, 0, 8]], 0)
    assert out[4, 4] == pytest.approx(1.0)


def test_small_rotations_keep_the_total_brightness():
    image = digit_like()
    for degrees in (-15, -5, 3, 10, 15):
        total = A.rotate(image, degrees).sum()
        assert total == pytest.approx(image.sum(), rel=0.02)


def test_one_angle_per_image():
    batch = np.concatenate([L_SHAPE, L_SHAPE, L_SHAPE])
    out = A.rotate(batch, [0.0, 90.0, -90.0])
    np.testing.assert_allclose(out[0], L_SHAPE[0])
    np.testing.assert_allclose(out[1], np.rot90(L_SHAPE[0]), atol=1e-6)
    np.testing.assert_allclose(out[2], np.rot90(L_SHAPE[0], -1), atol=1e-6)


def test_uint8_in_uint8_out():
    image = (L_SHAPE * 255).astype(np.uint8)
    out = A.rotate(image, 90)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, np.rot90(image, axes=(1, 2)))
    out = A.rotate(image, 30)
    assert out.dtype == np.uint8 and out.max() <= 255
    assert A.rotate(np.float32(L_SHAPE), 30).dtype == np.float32


# random_augment -------------------------------------------------------------

def test_random_augment_is_reproducible_and_differs_per_image():
    batch = np.repeat(digit_like(), 8, axis=0)
    before = batch.copy()
    one = A.random_augment(batch, np.random.default_rng(7))
    two = A.random_augment(batch, np.random.default_rng(7))
    other = A.random_augment(batch, np.random.default_rng(8))
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)
    np.testing.assert_array_equal(batch, before)  # a new array
    assert one.shape == batch.shape and one.dtype == batch.dtype
    # the 8 copies of one image now all look different
    flat = one.reshape(8, -1)
    gaps = np.abs(flat[:, None] - flat[None]).max(axis=2)
    assert np.all(gaps[~np.eye(8, dtype=bool)] > 1e-3)


def test_random_augment_stays_within_its_limits():
    # no rotation: a single pixel moves by at most max_shift each way
    batch = np.repeat(dot(9, 9, row=4, col=4), 50, axis=0)
    out = A.random_augment(batch, np.random.default_rng(0), max_shift=2,
                           max_degrees=0)
    n, rows, cols = np.nonzero(out)
    np.testing.assert_array_equal(n, np.arange(50))  # one pixel each
    assert set(rows) == {2, 3, 4, 5, 6} and set(cols) == {2, 3, 4, 5, 6}
    assert np.any(rows != cols)  # dx and dy are drawn separately
    # neither: every image comes back unchanged
    same = A.random_augment(batch, np.random.default_rng(0), 0, 0.0)
    np.testing.assert_array_equal(same, batch)


# errors ---------------------------------------------------------------------

def test_images_must_be_a_3d_batch():
    with pytest.raises(ValueError, match=r"shift: images must have shape "
                       r"\(m, h, w\), got \(2, 784\) \(flat rows\? use "
                       r"images\.reshape\(-1, 28, 28\)\)"):
        A.shift(np.zeros((2, 784)), 1, 1)
    with pytest.raises(ValueError, match=r"rotate: images must have shape "
                                         r"\(m, h, w\), got \(28, 28, 1, 1\)"):
        A.rotate(np.zeros((28, 28, 1, 1)), 10)
    with pytest.raises(TypeError, match="random_augment: images must hold "
                                        "numbers.*got dtype bool"):
        A.random_augment(np.zeros((1, 2, 2), bool), np.random.default_rng())


def test_per_image_arguments_need_one_value_per_image():
    batch = np.zeros((3, 4, 4))
    with pytest.raises(ValueError, match=r"shift: dx must be a number or an "
                       r"array of one value per image, shape \(3,\), "
                       r"got \(2,\)"):
        A.shift(batch, [1, 2], 0)
    with pytest.raises(ValueError, match=r"rotate: degrees must be .* "
                                         r"shape \(3,\), got \(3, 1\)"):
        A.rotate(batch, np.zeros((3, 1)))


def test_shifts_must_be_whole_pixels():
    with pytest.raises(ValueError, match=r"shift: dy must be whole numbers "
                                         r"of pixels, got \[1.5 1.5\]"):
        A.shift(np.zeros((2, 4, 4)), 1, 1.5)
    with pytest.raises(ValueError, match="shift: dx must be whole numbers"):
        A.shift(np.zeros((1, 4, 4)), np.nan, 0)


def test_bad_angles_and_generators():
    with pytest.raises(ValueError, match="rotate: degrees must be finite"):
        A.rotate(np.zeros((1, 4, 4)), np.nan)
    with pytest.raises(TypeError, match=r"random_augment: rng must be a "
                       r"NumPy Generator, e\.g\. np\.random\.default_rng\(0\),"
                       r" got int"):
        A.random_augment(np.zeros((1, 4, 4)), 0)
    with pytest.raises(ValueError, match="random_augment: max_shift must be "
                                         "a whole number >= 0"):
        A.random_augment(np.zeros((1, 4, 4)), np.random.default_rng(),
                         max_shift=1.5)
