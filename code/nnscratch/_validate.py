"""Input checks shared by the library, so every bad input gets the same kind of
message: what was expected, and what came."""

import numpy as np


def as_float_array(x, name, where):
    """Return `x` as a floating-point NumPy array.

    Floating arrays keep their dtype (float32 stays float32); integers and
    booleans become float64. Anything else (strings, objects, complex numbers)
    raises a TypeError that names `where` and `name`.
    """
    arr = np.asarray(x)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "iub":
        return arr.astype(np.float64)
    raise TypeError(
        f"{where}: {name} must hold real numbers (a float or int array), "
        f"got dtype {arr.dtype}"
    )


def all_finite(arr):
    """True if every entry of the float array ``arr`` is finite.

    ``np.all(np.isfinite(arr))`` makes a boolean temporary as large as
    ``arr``. A sum is finite when all its terms are (one NaN or inf term
    makes it NaN or inf), so the sum answers in one pass and allocates
    nothing; only when the sum is not finite (or overflowed) is every
    entry looked at.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    return bool(np.isfinite(total) or np.isfinite(arr).all())


def check_shape(arr, expected, name, where):
    """Raise a ValueError unless `arr.shape` matches `expected`.

    `expected` is a tuple whose entries are ints or None (any size), e.g.
    (None, 2) for "any number of rows, two columns".
    """
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape)
    )
    if not ok:
        want = "(" + ", ".join("n" if e is None else str(e) for e in expected)
        want += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{where}: {name} must have shape {want}, got {arr.shape}")


def check_rows(X, y, where):
    """X and y as arrays with the same number of rows (one per
    sample), or a ValueError that shows both shapes."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(
            f"{where}: X and y must have the same number of rows (one "
            f"per sample); got X {X.shape} and y {y.shape}")
    return X, y
