"""Two small colour pictures for chapter 19, neural style transfer.

``load_style_images()`` returns ``(content, style)``, each a (3, 64, 64)
float32 array in [0, 1] (channels first, as the convolution layers want).
They are stored, as uint8, in ``style_images.npz`` next to this module,
rebuilt by ``tools/make_style_images.py``.

Credits and licences (both from the sample data of scikit-image 0.26.0,
skimage/data; the licences are those stated in the docstrings of
skimage.data.chelsea and skimage.data.coffee, in
skimage/data/_fetchers.py of the wheel):

- content: "chelsea", a photograph of the cat Chelsea, CC0 (no copyright
  restrictions) by the photographer, Stefan van der Walt. Cropped to the
  face and shrunk to 64 x 64 by block averaging.
- style: "coffee", a photograph of a cup of espresso on a wooden table
  (courtesy of Pikolo Espresso Bar), CC0 (no copyright restrictions) by
  the photographer, Rachel Michetti. Only the table: the 128 x 128 pixels
  of its bottom right corner (rows 272-399, columns 472-599), wood grain
  without cup or saucer, shrunk to 64 x 64 by block averaging.
"""

from pathlib import Path

import numpy as np

_FILE = Path(__file__).with_name("style_images.npz")


def load_style_images():
    """(content, style): two (3, 64, 64) float32 RGB images in [0, 1]."""
    with np.load(_FILE) as f:
        content, style = f["content"], f["style"]
    def chw(a):
        return (np.transpose(a, (2, 0, 1)) / 255.0).astype(np.float32)
    return chw(content), chw(style)
