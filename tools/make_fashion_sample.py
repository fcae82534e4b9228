"""Build code/nnscratch/data/fashion_mnist_sample.npz from the original files.

    apt-get download dataset-fashion-mnist          # Debian 12 (bookworm)
    dpkg-deb -x dataset-fashion-mnist_*.deb deb     # no install needed
    python tools/make_fashion_sample.py deb/usr/share/datasets/fashion-mnist

(with nnscratch installed: pip install -e ./code).

The folder may instead hold the four official .gz files of Fashion-MNIST
(Han Xiao, Kashif Rasul, Roland Vollgraf, Zalando Research, 2017, MIT
licence), e.g. from github.com/zalandoresearch/fashion-mnist, data/fashion.

Source. The Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1
(maintainer Mo Zhou) ships the four .gz files of that repository, with
their gzip headers rewritten by Debian's build (it normalises them): the
stored file name is dropped and the timestamp is 2020's; the compressed
data and its CRC are untouched. Putting the name and the original timestamps back
(2017-08-31 10:50:06 UTC for the training files, 10:50:27 for the test
files) gives the official files byte for byte: the script does that and
checks the result against the SHA-256 digests in FASHION_MNIST_FILES
(as published in FluxML/Flux.jl and Britefury/batchup; their MD5s are
those of torchvision). So the sample is checked against the original,
not merely against Debian's copy. (The npm package fashion-mnist 1.1.0
was not used: its JSON is shuffled, and about 8 % of its images match
no image of the original set.)

Selection. The first 1,000 images of each class in training-set order
(so image 0 of class 9 is training image 0, the ankle boot every
tutorial shows), stored sorted by class: all 0s, then all 1s, ...

Bytes. uint8 images (10000, 28, 28) and labels (10000,), in an .npz whose
members are LZMA-compressed (3.7 MB; zlib, as np.savez_compressed uses,
gives 4.3 MB). np.load reads it as any .npz. Every member is dated
1980-01-01, so a new run with the same liblzma gives the same bytes.
"""

import argparse
import hashlib
import io
import struct
import zipfile
from pathlib import Path

import numpy as np

from nnscratch.data.fashion_mnist import FASHION_MNIST_FILES
from nnscratch.data.mnist import read_idx

OUT = (Path(__file__).resolve().parent.parent
       / "code" / "nnscratch" / "data" / "fashion_mnist_sample.npz")

# the gzip timestamps of the official files (seconds since 1970, UTC)
OFFICIAL_MTIME = {"train": 1504176606, "t10k": 1504176627}
PER_CLASS = 1000


def official_bytes(folder, name):
    """The official .gz file `name` from `folder`, checked: as it is if
    its SHA-256 is the published one, else with the gzip header that
    Debian stripped (file name, timestamp) put back."""
    data = (Path(folder) / name).read_bytes()
    want = FASHION_MNIST_FILES[name]
    if hashlib.sha256(data).hexdigest() == want:
        return data
    flags, mtime = data[3], OFFICIAL_MTIME[name.split("-")[0]]
    if data[:3] == b"\x1f\x8b\x08" and flags == 0:  # no name stored
        data = (data[:3] + b"\x08" + struct.pack("<I", mtime) + data[8:10]
                + name[:-3].encode() + b"\x00" + data[10:])
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        raise SystemExit(f"{folder}/{name}: SHA-256 {got}, expected {want}")
    return data


def fixed_time_lzma_npz(arrays):
    """An .npz (bytes) of `arrays` (name -> ndarray), LZMA members
    dated 1980-01-01."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_LZMA) as npz:
        for key, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_LZMA
            npz.writestr(info, buf.getvalue())
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder of the four .gz files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    files = {n: official_bytes(args.folder, n) for n in FASHION_MNIST_FILES}
    print("all four files have the published SHA-256 digests")
    X = read_idx(files["train-images-idx3-ubyte.gz"])
    y = read_idx(files["train-labels-idx1-ubyte.gz"])
    assert X.shape == (60000, 28, 28) and y.shape == (60000,)
    assert np.bincount(y).tolist() == [6000] * 10

    rows = np.concatenate([np.flatnonzero(y == c)[:PER_CLASS]
                           for c in range(10)])
    images, labels = X[rows], y[rows].astype(np.uint8)
    assert images.shape == (10000, 28, 28) and np.all(np.diff(labels) >= 0)

    data = fixed_time_lzma_npz({"images": images, "labels": labels})
    args.out.write_bytes(data)
    with np.load(args.out, allow_pickle=False) as npz:  # reads back
        assert np.array_equal(npz["images"], images)
        assert np.array_equal(npz["labels"], labels)

    content = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
    print(f"wrote {args.out} ({len(data):,} bytes)")
    print(f"training rows used: {rows.min()} to {rows.max()}")
    print(f"sha256 of the npz:             {hashlib.sha256(data).hexdigest()}")
    print(f"sha256 of images+labels bytes: {content}")


if __name__ == "__main__":
    main()
