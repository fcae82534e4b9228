"""Fashion-MNIST: a shipped sample, and the full set by download.

The data is from Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando
Research), "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine
Learning Algorithms", arXiv:1708.07747, 2017, under the MIT licence
(github.com/zalandoresearch/fashion-mnist). It is a drop-in replacement
for MNIST: 28 x 28 grey images of articles of clothing in ten classes
(``CLASS_NAMES``), 60,000 for training and 10,000 for testing, in the
same four IDX files.

- ``load_fashion_mnist_sample()`` works offline: 10,000 images shipped
  with this package (``fashion_mnist_sample.npz``, 3.7 MB), the first
  1,000 of each class of the official training set, in training-set
  order within a class. They are sorted by class: all the T-shirts
  first, then the trousers, ..., the ankle boots last. Shuffle them
  (with a seeded ``rng``) before splitting them.
  ``tools/make_fashion_sample.py`` builds the file from the official
  files (taken from the Debian package ``dataset-fashion-mnist`` and
  checked against the digests below).
- ``load_fashion_mnist()`` downloads the four original files once,
  checks their SHA-256 digests and keeps them in a cache folder; it is
  ``load_mnist`` with other files and mirrors.
"""

from importlib import resources

import numpy as np

from .mnist import _default_cache_dir, _prepare, load_mnist

CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")

# SHA-256 of each .gz file as published (the same digests are listed in
# FluxML/Flux.jl, src/data/fashion-mnist.jl, and Britefury/batchup,
# batchup/datasets/fashion_mnist.py; their MD5s are torchvision's).
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte.gz":
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "train-labels-idx1-ubyte.gz":
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "t10k-images-idx3-ubyte.gz":
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    "t10k-labels-idx1-ubyte.gz":
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
}

FASHION_MNIST_MIRRORS = [
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/"
    "master/data/fashion/",
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
]


def load_fashion_mnist_sample(flatten=False, scale=True):
    """The 10,000 shipped Fashion-MNIST images and labels (offline).

    flatten : bool; images (10000, 28, 28) if False, (10000, 784)
              if True
    scale   : bool; True: float32 pixels in [0, 1] (byte / 255),
              False: the raw uint8 bytes 0..255

    Returns (images, labels); labels int64 (10000,), classes 0-9
    (names in CLASS_NAMES), 1,000 of each, sorted by class: shuffle
    them with a seeded rng before splitting.
    """
    ref = resources.files(__package__) / "fashion_mnist_sample.npz"
    with ref.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        images, labels = npz["images"], npz["labels"]
    return _prepare(images, labels, flatten, scale)


def load_fashion_mnist(cache_dir=None, mirrors=None, flatten=False,
                       scale=True):
    """The full Fashion-MNIST, downloaded once into a cache and checked.

    cache_dir : folder for the .gz files; default
                $NNSCRATCH_DATA/fashion-mnist if NNSCRATCH_DATA is
                set, else ~/.cache/nnscratch/fashion-mnist
    mirrors   : list of base URLs tried in order
                (FASHION_MNIST_MIRRORS)
    flatten   : bool; images (m, 28, 28) if False, (m, 784) if True
    scale     : bool; float32 in [0, 1] if True, uint8 if False

    Returns (X_train, y_train, X_test, y_test): 60,000 training and
    10,000 test images; labels int64 (m,). A download whose SHA-256
    is not the expected one never enters the cache (see
    ``download``).
    """
    if cache_dir is None:
        cache_dir = _default_cache_dir().with_name("fashion-mnist")
    mirrors = FASHION_MNIST_MIRRORS if mirrors is None else mirrors
    return load_mnist(cache_dir, mirrors, flatten, scale,
                      files=FASHION_MNIST_FILES)
