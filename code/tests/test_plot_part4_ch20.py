"""The figures of chapter 20 (vanilla RNNs)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_rnn_unrolled_draws_T_cells_and_refuses_a_bad_T():
    ax = plot.rnn_unrolled(3)
    labels = [t.get_text() for t in ax.texts]
    assert "$x_3$" in labels and "$x_4$" not in labels
    assert "W_h" in ax.get_title()
    with pytest.raises(ValueError, match="positive int"):
        plot.rnn_unrolled(0)


def test_gradient_norms_over_time_is_log_scale_with_one_line_each():
    ax = plot.gradient_norms_over_time({"a": [1, 10, 100], "b": [1, 1, 1]},
                                       title="T")
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    assert np.allclose(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    with pytest.raises(ValueError, match="1-D"):
        plot.gradient_norms_over_time({"a": np.ones((2, 2))})
