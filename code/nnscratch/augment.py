"""Data augmentation for digit images: new training images for free.

A 3 moved two pixels to the left, or tilted by ten degrees, is still a 3.
Showing the network such copies teaches it that position and a small tilt
do not matter, which is often worth more than a bigger network.

Images come as a batch, an array of shape (m, h, w): m images of h rows and
w columns, dark background (0) and bright strokes, like MNIST. Floats or
integers (uint8) both work, and the output has the input's shape and dtype.
Pixels that come from outside the image are 0 (background).

Every function works on the whole batch at once with index arithmetic:
for each output pixel we compute where in the input it comes from, and
fetch all those pixels with one fancy-indexing operation.
"""

import numpy as np

from ._validate import as_float_array


def _check_images(images, where):
    """The batch as an (m, h, w) array of numbers, or an error."""
    images = np.asarray(images)
    if images.ndim != 3:
        hint = (" (flat rows? use images.reshape(-1, 28, 28))"
                if images.ndim == 2 else "")
        raise ValueError(f"{where}: images must have shape "
                         f"(m, h, w), got {images.shape}{hint}")
    if images.dtype.kind not in "fiu":
        raise TypeError(f"{where}: images must hold numbers (float "
                        f"or uint8), got dtype {images.dtype}")
    return images


def _per_image(value, m, name, where):
    """A number or an (m,) array, as an (m,) array, or an error."""
    value = np.asarray(value)
    if value.ndim == 0:
        return np.full(m, value)
    if value.shape != (m,):
        raise ValueError(
            f"{where}: {name} must be a number or an array of one "
            f"value per image, shape ({m},), got {value.shape}")
    return value


def _whole(shifts, name):
    """Shifts as int64; 2 and 2.0 are fine, 1.5 is an error."""
    if shifts.dtype.kind == "f" and np.all(shifts % 1 == 0):
        return shifts.astype(np.int64)
    if shifts.dtype.kind not in "iu":
        raise ValueError(
            f"shift: {name} must be whole numbers of pixels, got "
            f"{shifts[:5]} (for sub-pixel moves use rotate's "
            "bilinear interpolation, or round them)")
    return shifts.astype(np.int64)


def shift(images, dx, dy):
    """Move every image right by dx and down by dy whole pixels.

    images : (m, h, w) float or int array.
    dx, dy : int, or int array (m,) with one shift per image;
    negative values move left / up.
    Returns a new (m, h, w) array of the same dtype. Pixels moved
    past the edge are lost and the uncovered ones are 0
    (np.roll would wrap them around to the other side instead).
    """
    images = _check_images(images, "shift")
    m, h, w = images.shape
    dx = _whole(_per_image(dx, m, "dx", "shift"), "dx")
    dy = _whole(_per_image(dy, m, "dy", "shift"), "dy")
    # output pixel (i, j) comes from input pixel (i - dy, j - dx);
    # a source off the image is moved onto a border of zeros
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    rows = np.clip(np.arange(h) - dy[:, None], -1, h) + 1  # (m, h)
    cols = np.clip(np.arange(w) - dx[:, None], -1, w) + 1  # (m, w)
    n = np.arange(m)[:, None, None]
    return padded[n, rows[:, :, None], cols[:, None, :]]


def rotate(images, degrees):
    """Rotate every image about its centre, counter-clockwise (as
    displayed, row 0 at the top) for positive degrees.

    images : (m, h, w) float or int array.
    degrees : float, or float array (m,) with one angle per image.
    Returns a new (m, h, w) array of the same dtype: bilinear
    interpolation between the four nearest input pixels, 0 for
    points that come from outside the image; integer images
    are rounded back to their dtype.
    """
    images = _check_images(images, "rotate")
    m, h, w = images.shape
    degrees = _per_image(degrees, m, "degrees", "rotate")
    degrees = as_float_array(degrees, "degrees", "rotate")
    if not np.all(np.isfinite(degrees)):
        raise ValueError("rotate: degrees must be finite, got "
                         f"{degrees[~np.isfinite(degrees)][:5]}")
    theta = np.deg2rad(degrees)
    ftype = np.result_type(images.dtype, np.float32)
    cos = np.cos(theta).astype(ftype)[:, None, None]
    sin = np.sin(theta).astype(ftype)[:, None, None]
    # x to the right and y *up* from the centre, per output pixel
    cy, cx = (h - 1) / 2, (w - 1) / 2
    x = (np.arange(w) - cx).astype(ftype)[None, None, :]
    y = (cy - np.arange(h)).astype(ftype)[None, :, None]
    # it comes from the input point rotated back by -theta
    src_col = cx + cos * x + sin * y
    src_row = cy - (cos * y - sin * x)
    return _bilinear(images, src_row, src_col)


def _bilinear(images, rows, cols):
    """Sample the (m, h, w) batch at real coordinates (rows, cols),
    each (m, h, w): a weighted mean of the four nearest pixels,
    reading 0 outside the image."""
    m, h, w = images.shape
    ftype = np.result_type(images.dtype, np.float32)
    r0, c0 = np.floor(rows), np.floor(cols)
    fr = (rows - r0).astype(ftype)  # distance below the top-left
    fc = (cols - c0).astype(ftype)  # distance right of it
    # Two zero rows/columns on every side: a corner further out is
    # moved onto that border, where it reads 0 like the truth.
    padded = np.pad(images.astype(ftype), ((0, 0), (2, 2), (2, 2)))
    r0 = np.clip(r0, -2, h).astype(np.intp) + 2
    c0 = np.clip(c0, -2, w).astype(np.intp) + 2
    # position of (n, r0, c0) in padded.ravel(); the other three
    # corners are 1 (right), W (below) and W + 1 further on
    W = w + 4
    n = np.arange(m)[:, None, None]
    tl = (n * (h + 4) + r0) * W + c0
    flat = padded.ravel()
    out = ((1 - fr) * ((1 - fc) * flat[tl] + fc * flat[tl + 1])
           + fr * ((1 - fc) * flat[tl + W] + fc * flat[tl + W + 1]))
    if images.dtype.kind in "iu":
        info = np.iinfo(images.dtype)
        out = np.clip(np.rint(out), info.min, info.max)
    return out.astype(images.dtype)


def random_augment(images, rng, max_shift=2, max_degrees=15.0):
    """A randomly rotated and shifted copy of every image.

    images : (m, h, w) float or int array.
    rng : np.random.Generator, e.g. np.random.default_rng(0).
    max_shift : int >= 0; each image moves by its own whole
    dx, dy drawn uniformly from -max_shift..max_shift.
    max_degrees : float >= 0; each image turns by its own angle
    drawn uniformly from [-max_degrees, max_degrees].
    Returns a new (m, h, w) array of the same dtype (first
    rotated, then shifted).
    """
    images = _check_images(images, "random_augment")
    if not isinstance(rng, np.random.Generator):
        raise TypeError("random_augment: rng must be a NumPy "
                        "Generator, e.g. np.random.default_rng(0), "
                        f"got {type(rng).__name__}")
    s = int(max_shift)
    if s != max_shift or s < 0 or not max_degrees >= 0:
        raise ValueError("random_augment: max_shift must be a "
                         "whole number >= 0 and max_degrees >= 0, "
                         f"got {max_shift} and {max_degrees}")
    m = len(images)
    dx = rng.integers(-s, s + 1, size=m)
    dy = rng.integers(-s, s + 1, size=m)
    degrees = rng.uniform(-max_degrees, max_degrees, size=m)
    return shift(rotate(images, degrees), dx, dy)
