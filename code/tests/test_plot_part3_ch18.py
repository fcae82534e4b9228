import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_saliency_maps_draws_images_above_their_maps():
    rng = np.random.default_rng(0)
    images, maps = rng.random((3, 5, 5)), rng.normal(size=(3, 5, 5))
    fig = plot.saliency_maps(images, maps, titles=["a", "b", "c"], title="T")
    assert len(fig.axes) == 6
    top, bottom = fig.axes[0], fig.axes[3]
    np.testing.assert_allclose(bottom.images[0].get_array(), np.abs(maps[0]))
    assert top.get_title() == "a" and fig._suptitle.get_text() == "T"


def test_saliency_maps_wants_matching_shapes():
    with pytest.raises(ValueError, match=r"\(n, H, W\).*\(2, 5, 5\) and \(2, 4, 4\)"):
        plot.saliency_maps(np.zeros((2, 5, 5)), np.zeros((2, 4, 4)))
