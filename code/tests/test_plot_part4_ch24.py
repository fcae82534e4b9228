"""The figure of chapter 24 (forecasting)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_forecast_plot_draws_the_series_and_each_forecast_on_the_tail():
    t = np.arange(10.0)
    ax = plot.forecast_plot(t, t ** 2, 3, {"a": [1, 2, 3], "b": [0, 0, 0]},
                            title="T", ylabel="y")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert np.allclose(lines[1].get_xdata(), [7, 8, 9])
    assert [l.get_label() for l in lines] == ["observed", "a", "b"]
    assert ax.get_title() == "T" and ax.get_ylabel() == "y"


def test_forecast_plot_refuses_a_forecast_of_the_wrong_length():
    with pytest.raises(ValueError, match="expected \\(3,\\)"):
        plot.forecast_plot(np.arange(10.0), np.arange(10.0), 3, {"a": [1, 2]})
