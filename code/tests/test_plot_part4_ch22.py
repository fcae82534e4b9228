"""The figure of chapter 22 (text coloured by a hidden unit)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_char_activation_plot_draws_one_cell_per_character_in_rows():
    text = "AB.\ncd"
    ax = plot.char_activation_plot(text, np.arange(6.0) - 2, title="T", width=10)
    assert [t.get_text() for t in ax.texts] == ["A", "B", ".", "⏎", "c", "d"]
    grid = ax.images[0].get_array()
    assert grid.shape == (2, 10)
    assert grid[0, 0] == -2 and grid[1, 1] == 3 and np.ma.is_masked(grid[1, 2])
    assert ax.get_title() == "T"
    assert ax.images[0].get_clim() == (-3, 3)


def test_char_activation_plot_wraps_long_lines():
    ax = plot.char_activation_plot("abcdefg", np.zeros(7), width=3)
    assert ax.images[0].get_array().shape == (3, 3)


def test_char_activation_plot_refuses_values_of_the_wrong_length():
    with pytest.raises(ValueError, match="one per character"):
        plot.char_activation_plot("abc", np.zeros(2))
