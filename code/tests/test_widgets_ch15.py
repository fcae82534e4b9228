"""Chapter 15's kernel explorer: presets fill the weights, edits redraw."""

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
from nnscratch import plot, widgets  # noqa: E402


def controls(box):
    found = []
    for child in box.children:
        found.extend(controls(child) if hasattr(child, "children") else [child])
    return found


def test_kernel_explorer_loads_presets_and_redraws():
    image = np.random.default_rng(0).random((12, 12))
    box = widgets.kernel_explorer(image, preset="blur")
    menu, relu, *boxes, picture = controls(box)
    assert len(boxes) == 9 and menu.value == "blur"
    assert np.allclose([b.value for b in boxes], 1 / 9, atol=1e-4)
    first = picture.value
    assert first[:4] == b"\x89PNG"
    menu.value = "sobel y"
    assert [b.value for b in boxes][:3] == [1.0, 2.0, 1.0]
    assert picture.value != first
    shown = picture.value
    boxes[4].value = 3.0                          # an edited kernel
    assert picture.value != shown
    relu.value = True
    assert sorted(menu.options) == sorted(plot.KERNELS)


def test_kernel_explorer_rejects_unknown_presets_and_shapes():
    with pytest.raises(ValueError, match="preset='emboss'"):
        widgets.kernel_explorer(np.zeros((5, 5)), preset="emboss")
    with pytest.raises(ValueError, match=r"\(H, W\)"):
        widgets.kernel_explorer(np.zeros((1, 5, 5)))
