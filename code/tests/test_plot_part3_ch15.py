"""The figures of chapter 15 (convolution)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_conv_feature_maps_centre_every_colormap_at_zero():
    image = np.random.default_rng(0).random((6, 6))
    maps = [np.array([[1.0, -3.0], [0.5, 2.0]]), np.ones((2, 2))]
    fig = plot.conv_feature_maps(image, maps, ["a", "b"], title="t")
    pictures = [im for ax in fig.axes for im in ax.get_images()]
    assert len(pictures) == 3                    # the image and two maps
    assert pictures[1].get_clim() == (-3.0, 3.0)
    assert pictures[2].get_clim() == (-1.0, 1.0)
    assert [ax.get_title() for ax in fig.axes[1:3]] == ["a", "b"]


def test_conv_feature_maps_wants_one_title_per_map():
    with pytest.raises(ValueError, match="2 maps but 1 titles"):
        plot.conv_feature_maps(np.zeros((3, 3)), [np.zeros((2, 2))] * 2, ["a"])


def test_kernel_gallery_shows_every_preset_at_full_size():
    image = np.random.default_rng(1).random((10, 10))
    fig = plot.kernel_gallery(image)
    maps = [ax.get_images()[0].get_array() for ax in fig.axes
            if ax.get_images() and ax.get_title() in plot.KERNELS]
    assert len(maps) == len(plot.KERNELS)
    assert all(m.shape == (10, 10) for m in maps)
    identity = [ax for ax in fig.axes if ax.get_title() == "identity"][0]
    assert np.allclose(identity.get_images()[0].get_array(), image)


def test_conv_by_hand_outlines_the_window_and_writes_the_output():
    image = np.arange(25.0).reshape(5, 5)
    kernel = np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]])
    fig = plot.conv_by_hand(image, kernel, p=1, q=2)
    ax_image, ax_kernel, ax_out = fig.axes[:3]
    window = ax_image.patches[0]
    assert (window.get_x(), window.get_y()) == (1.5, 0.5)
    assert (window.get_width(), window.get_height()) == (3, 3)
    assert ax_out.get_images()[0].get_array().shape == (3, 3)
    assert "-8" in [t.get_text() for t in ax_out.texts]   # every output is -8
    with pytest.raises(ValueError, match="not an output position"):
        plot.conv_by_hand(image, kernel, p=3, q=0)
