"""Rebuild code/nnscratch/data/style_images.npz from scikit-image's sample data.

    pip download scikit-image --no-deps --only-binary=:all: -d /tmp/skimg
    cd /tmp/skimg && unzip -o -q scikit_image-*.whl 'skimage/data/*'
    python tools/make_style_images.py /tmp/skimg/skimage/data

Checked against scikit-image 0.26.0 (licences as in skimage/data/_fetchers.py):
chelsea.png: "No copyright restrictions. CC0 by the photographer (Stefan van der Walt)."
coffee.png: "No copyright restrictions. CC0 by the photographer (Rachel Michetti)."
The output is byte-for-byte reproducible from that wheel.
content: the cat's face, columns 60-359 of chelsea.png, cropped square.
style: the wooden table of coffee.png, rows 272-399 and columns 472-599
(the bottom right corner, wood grain only: no cup, saucer or spoon).
Both are shrunk by block averaging to 64 x 64 pixels.
"""

import sys
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np


def shrink(img, size):
    """Crop to a square whose side is a multiple of size, then block-average."""
    img = np.asarray(img, dtype=np.float64)
    if img.max() > 1.5:
        img = img / 255.0
    side = min(img.shape[:2]) // size * size
    top = (img.shape[0] - side) // 2
    left = (img.shape[1] - side) // 2
    img = img[top:top + side, left:left + side, :3]
    f = side // size
    return img.reshape(size, f, size, f, 3).mean(axis=(1, 3))


def main(folder):
    folder = Path(folder)
    cat = mpimg.imread(folder / "chelsea.png")[:, 60:360]   # the face
    wood = mpimg.imread(folder / "coffee.png")[272:400, 472:600]   # the table
    out = Path(__file__).resolve().parents[1] / "code/nnscratch/data/style_images.npz"
    np.savez_compressed(
        out,
        content=np.round(shrink(cat, 64) * 255).astype(np.uint8),
        style=np.round(shrink(wood, 64) * 255).astype(np.uint8))
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
