"""CIFAR-10: 60,000 colour photographs of 32 x 32 pixels, by download.

The data is from Alex Krizhevsky, "Learning Multiple Layers of Features
from Tiny Images", technical report, University of Toronto, 2009
(www.cs.toronto.edu/~kriz/cifar.html): ten classes (``CLASS_NAMES``),
6,000 images each, 50,000 for training and 10,000 for testing. Nothing
of it ships with this package.

``load_cifar10()`` downloads the *binary version* once
(cifar-10-binary.tar.gz, 170,052,171 bytes), checks its SHA-256 and
keeps it in a cache folder. It reads the archive's six .bin files
with NumPy and never unpickles anything (the "python version" of
CIFAR-10 is pickles, which can run code when loaded). Each .bin file
holds 10,000 records of 3,073 bytes: one label byte 0-9, then 1,024
red, 1,024 green and 1,024 blue bytes, each a 32 x 32 image row by
row, so a record is already an image in (C, H, W) order.
"""

import tarfile

import numpy as np

from .mnist import _default_cache_dir, download

CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog",
               "frog", "horse", "ship", "truck")

CIFAR10_FILE = "cifar-10-binary.tar.gz"
# SHA-256 of the tarball (the same digest is listed in
# JuliaML/MLDatasets.jl, src/CIFAR10/CIFAR10.jl, and in
# ankane/torchvision-ruby, lib/torchvision/datasets/cifar10.rb; the
# CIFAR page gives its MD5, c32a1d4ab5d03f1284b67883e8d87530).
CIFAR10_SHA256 = \
    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"

CIFAR10_MIRRORS = [
    "https://www.cs.toronto.edu/~kriz/",
    "https://cave.cs.toronto.edu/kriz/",
]

RECORD_BYTES = 1 + 3 * 32 * 32  # a label byte, then the pixels
TRAIN_MEMBERS = [f"cifar-10-batches-bin/data_batch_{i}.bin"
                 for i in range(1, 6)]
TEST_MEMBER = "cifar-10-batches-bin/test_batch.bin"


def load_cifar10(cache_dir=None, mirrors=None, scale=True):
    """CIFAR-10, downloaded once into a cache and checked.

    cache_dir : folder for the tarball; default $NNSCRATCH_DATA/cifar-10
                if NNSCRATCH_DATA is set, else ~/.cache/nnscratch/cifar-10
    mirrors   : list of base URLs tried in order (CIFAR10_MIRRORS)
    scale     : bool; True: float32 pixels in [0, 1] (byte / 255),
                False: the raw uint8 bytes (a quarter of the memory:
                184 MB instead of 737 MB for all 60,000 images)

    Returns (X_train, y_train, X_test, y_test): X_train (50000, 3, 32,
    32) and X_test (10000, 3, 32, 32), NCHW, channels red, green,
    blue; labels int64 (m,), classes 0-9 (names in CLASS_NAMES), in
    the order of the files.
    """
    if cache_dir is None:
        cache_dir = _default_cache_dir().with_name("cifar-10")
    mirrors = CIFAR10_MIRRORS if mirrors is None else mirrors
    path = download(mirrors, CIFAR10_FILE, CIFAR10_SHA256, cache_dir)
    with tarfile.open(path, "r:gz") as tar:
        X_train, y_train = zip(*(read_batch(_member(tar, name))
                                 for name in TRAIN_MEMBERS))
        X_test, y_test = read_batch(_member(tar, TEST_MEMBER))
    out = [np.concatenate(X_train), np.concatenate(y_train),
           X_test, y_test]
    if scale:
        out[0] = out[0].astype(np.float32) / np.float32(255)
        out[2] = out[2].astype(np.float32) / np.float32(255)
    return tuple(out)


def _member(tar, name):
    """The bytes of the archive member `name` (never written to disk)."""
    try:
        f = tar.extractfile(name)
    except KeyError:
        f = None
    if f is None:
        raise ValueError(f"load_cifar10: the archive has no file {name}; "
                         f"expected the six .bin files {TRAIN_MEMBERS} "
                         f"and {TEST_MEMBER}")
    with f:
        return f.read()


def read_batch(data):
    """One CIFAR-10 .bin file (bytes) -> images uint8 (m, 3, 32, 32)
    and labels int64 (m,): m records of 3,073 bytes, a label byte
    followed by the red, green and blue 32 x 32 planes."""
    if len(data) == 0 or len(data) % RECORD_BYTES:
        raise ValueError(
            f"read_batch: expected a whole number of {RECORD_BYTES}-byte "
            f"records, got {len(data)} bytes")
    records = np.frombuffer(data, np.uint8).reshape(-1, RECORD_BYTES)
    labels = records[:, 0].astype(np.int64)
    if labels.max() > 9:
        raise ValueError(f"read_batch: labels must be 0-9, got "
                         f"{labels.max()} (is this CIFAR-100?)")
    images = records[:, 1:].reshape(-1, 3, 32, 32).copy()
    return images, labels
