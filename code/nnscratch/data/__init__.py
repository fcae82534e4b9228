"""Datasets, and the small tools that feed them to a model.

Toy sets for 2-D pictures (XOR, moons, spirals), the MNIST digits
(a 10,000-image sample ships inside the package; the full set is a
checked download), Fashion-MNIST (a sample ships too), CIFAR-10
(a checked download only), ten Shakespeare tragedies, two time series
and 14,313 sentences rated for sentiment (shipped), IMDb reviews (a
checked download), and
the preprocessing every chapter needs: mini-batches, train/test splits, standardization and one-hot codes.
Rows are samples: X is (m, n), labels y are (m,) integers 0..k-1.
"""

import numpy as np

from .._validate import as_float_array, check_rows


def _check_rng(rng, where):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a np.random.Generator, e.g. "
            f"np.random.default_rng(0), got {type(rng).__name__}")


def minibatches(X, y, batch_size, rng=None):
    """Yield (X_batch, y_batch) pairs that cover the data once.

    X : (m, ...), y : (m, ...); batch_size : int >= 1. The last batch
    holds the remainder (it may be smaller). With an ``rng`` the
    order is shuffled (a new order on every call); without, it is
    the order of the rows.
    """
    X, y = check_rows(X, y, "minibatches")
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"minibatches: batch_size must be a whole "
                         f"number >= 1, got {batch_size!r}")
    m = len(X)
    order = np.arange(m)
    if rng is not None:
        _check_rng(rng, "minibatches")
        order = rng.permutation(m)
    for start in range(0, m, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def train_test_split(X, y, test_fraction, rng):
    """Shuffle the rows with ``rng``, then put ``test_fraction`` of
    them (rounded) aside: returns X_train, X_test, y_train, y_test.
    Call it twice to make a validation set as well."""
    X, y = check_rows(X, y, "train_test_split")
    _check_rng(rng, "train_test_split")
    if not 0 < test_fraction < 1:
        raise ValueError(f"train_test_split: test_fraction must be "
                         f"between 0 and 1, got {test_fraction}")
    m = len(X)
    n_test = int(round(m * test_fraction))
    if n_test == 0 or n_test == m:
        raise ValueError(f"train_test_split: {test_fraction} of {m} "
                         f"samples leaves an empty set")
    order = rng.permutation(m)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X, mean=None, std=None, eps=1e-8):
    """Shift and scale each feature (column) to mean 0, std 1.

    X : (m, n). Without mean/std they are computed from X; pass the
    training set's mean and std to transform validation and test
    data the same way. Returns X_std, mean (n,), std (n,).
    A constant column (std 0) is only shifted (eps avoids 0/0).
    """
    X = as_float_array(X, "X", "standardize")
    if X.ndim != 2:
        raise ValueError(f"standardize: X must have shape (m, n), "
                         f"got {X.shape}")
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    mean, std = np.asarray(mean), np.asarray(std)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(
            f"standardize: mean and std must have shape "
            f"({X.shape[1]},), one value per column of X; got "
            f"{mean.shape} and {std.shape}")
    return (X - mean) / (std + eps), mean, std


def one_hot(y, num_classes=None):
    """Integer labels (m,) -> (m, k) float64 rows of 0s with one 1.
    k = num_classes, or max(y) + 1 when not given."""
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu" or (
            y.size and y.min() < 0):
        raise ValueError(
            f"one_hot: y must be a 1-D array of integer labels >= 0, "
            f"got shape {y.shape}, dtype {y.dtype}")
    k = int(y.max()) + 1 if num_classes is None else num_classes
    if y.size and y.max() >= k:
        raise ValueError(f"one_hot: label {y.max()} does not fit in "
                         f"num_classes={k} (labels are 0..{k - 1})")
    out = np.zeros((len(y), k))
    out[np.arange(len(y)), y] = 1.0
    return out


# Toy datasets --------------------------------------------------------------

def make_xor():
    """The four XOR points: X (4, 2) float64, y (4,) int64."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array([0, 1, 1, 0])


def make_moons(n, noise, rng):
    """Two interleaving half circles, n points in all.

    Class 0: the upper arc centred at (0, 0); class 1: the lower
    arc centred at (1, 0.5); Gaussian noise with std ``noise`` is
    added to every coordinate. Returns X (n, 2), y (n,) int64,
    classes alternating in order (shuffle before splitting)."""
    _check_rng(rng, "make_moons")
    y = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0,
                 np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.normal(size=X.shape), y


def make_spiral(n_per_class, num_classes, noise, rng):
    """Interleaved spiral arms, one per class, in the unit disk.

    Arm c: radius r from 0 to 1, angle = 4 r + 2 pi c / num_classes
    plus Gaussian noise of std ``noise`` (in radians). Returns
    X (n_per_class * num_classes, 2) and y int64, grouped by class.
    """
    _check_rng(rng, "make_spiral")
    r = np.tile(np.linspace(0.05, 1, n_per_class), num_classes)
    y = np.repeat(np.arange(num_classes), n_per_class)
    angle = 4 * r + 2 * np.pi * y / num_classes
    angle = angle + noise * rng.normal(size=angle.shape)
    X = np.c_[r * np.cos(angle), r * np.sin(angle)]
    return X, y


# MNIST: the shipped sample and the full set by download -------------------

def load_benchmark():
    """The recorded run of ``tools/benchmark.py --json`` that the page
    "How fast is nnscratch?" shows, as a dict:

    machine : CPU, Python, NumPy, BLAS (library and kernel), nnscratch
        and PyTorch versions of the run
    rows : one dict per workload and thread count: "key", "name",
        "threads", and either "nnscratch_ms" and "torch_ms" or, for
        nnscratch against itself, "a_ms" and "b_ms" (plus "gflop" and
        "gflops_per_s" for the GEMM floor)
    steps : the batch-64 MLP epoch ("ms") after each change, by "name"
        and "threads"
    memory : three loops ("name", "threads") timed with glibc's defaults
        ("default_ms") and with freed memory kept ("kept_ms")
    repeat : {"when", "rows"}: a second run of the same code, same machine

    Times are medians in milliseconds, from one machine on one day.
    """
    import json
    from pathlib import Path
    path = Path(__file__).with_name("benchmark.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


from .mnist import (  # noqa: E402
    MNIST_FILES, MNIST_MIRRORS, DownloadError, download, load_mnist,
    load_mnist_sample, read_idx)

# Fashion-MNIST (sample and download) and CIFAR-10 (download) ---------------

from . import cifar10, fashion_mnist  # noqa: E402
from .cifar10 import load_cifar10  # noqa: E402
from .fashion_mnist import (  # noqa: E402
    load_fashion_mnist, load_fashion_mnist_sample)
from .images import load_style_images  # noqa: E402  (chapter 19)
from .series import load_airline, load_sunspots  # noqa: E402  (ch. 24)
from .shakespeare import (  # noqa: E402  (chapter 22)
    load_shakespeare, shakespeare_plays)
from .sentiment import (  # noqa: E402  (chapter 23)
    load_imdb, load_sentiment, load_sentiment_ratings)

__all__ = [
    "DownloadError", "MNIST_FILES", "MNIST_MIRRORS", "cifar10", "download",
    "load_benchmark",
    "fashion_mnist", "load_airline", "load_cifar10", "load_fashion_mnist",
    "load_fashion_mnist_sample", "load_imdb", "load_sentiment",
    "load_sentiment_ratings", "load_shakespeare", "load_style_images",
    "load_mnist", "load_mnist_sample", "load_sunspots", "make_moons", "make_spiral",
    "make_xor", "minibatches", "one_hot", "read_idx", "shakespeare_plays",
    "standardize",
    "train_test_split",
]
