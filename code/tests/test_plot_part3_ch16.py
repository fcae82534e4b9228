"""The figures of chapter 16 (pooling and the CNN pipeline)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_pooling_example_writes_every_value_and_rings_each_maximum():
    x = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]])
    fig = plot.pooling_example(x)
    left, maxed, averaged = fig.axes
    assert len(left.texts) == 16 and len(maxed.texts) == 4
    assert [t.get_text() for t in maxed.texts] == ["4", "5", "6", "3"]
    assert [t.get_text() for t in averaged.texts] == ["2.50", "2.00", "2.25", "1.75"]
    assert len(left.patches) == 4                 # one ring per window


def test_pooling_example_wants_whole_windows():
    with pytest.raises(ValueError, match="multiples of size=2"):
        plot.pooling_example(np.zeros((3, 4)))


def test_kernel_grid_centres_the_colours_at_zero():
    kernels = np.random.default_rng(0).normal(size=(5, 3, 3))
    fig = plot.kernel_grid(kernels, ncols=4, title="k")
    images = [im for ax in fig.axes for im in ax.get_images()]
    assert len(images) == 5
    lo, hi = images[0].get_clim()
    assert lo == -hi and hi == pytest.approx(np.abs(kernels).max())
    with pytest.raises(ValueError, match=r"\(F, kh, kw\)"):
        plot.kernel_grid(np.zeros((3, 3)))


def test_feature_maps_draws_one_panel_per_channel():
    fig = plot.feature_maps(np.random.default_rng(1).random((6, 8, 8)), ncols=4)
    assert sum(len(ax.get_images()) for ax in fig.axes) == 6
    with pytest.raises(ValueError, match=r"\(C, H, W\)"):
        plot.feature_maps(np.zeros((8, 8)))


def test_shift_similarity_labels_every_curve():
    ax = plot.shift_similarity([0, 1, 2], {"pixels": [1, .5, .3],
                                           "pooled": [1, .8, .6]})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pixels", "pooled"]
    assert "pixels" in ax.get_xlabel()
    with pytest.raises(ValueError, match="2 values for 3 shifts"):
        plot.shift_similarity([0, 1, 2], {"bad": [1, 2]})
