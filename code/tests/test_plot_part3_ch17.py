"""The figures of chapter 17 (architectures)."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_receptive_field_of_stacked_3x3_is_5_then_7():
    ax = plot.receptive_field_1d([3, 3])
    assert "5 input positions" in ax.get_xlabel()
    ax = plot.receptive_field_1d([3, 3, 3])
    assert "7 input positions" in ax.get_xlabel()
    filled = [p for p in ax.patches if p.get_facecolor()[:3] != (1, 1, 1)]
    assert len(filled) == 7 + 5 + 3 + 1          # one pyramid


def test_receptive_field_counts_strides():
    ax = plot.receptive_field_1d([3, 3], strides=[2, 1])
    assert "7 input positions" in ax.get_xlabel()   # 1 + 2 + 2*2


def test_receptive_field_wants_one_stride_per_kernel():
    with pytest.raises(ValueError, match="2 kernels and 1 strides"):
        plot.receptive_field_1d([3, 3], strides=[1])


def test_gradient_norms_draws_one_log_line_per_stack():
    ax = plot.gradient_norms({"plain": np.logspace(-3, 0, 21),
                              "residual": np.logspace(2, 0, 21)})
    assert len(ax.get_lines()) == 3               # two stacks and y = 1
    assert ax.get_yscale() == "log" and ax.get_legend() is not None


def test_cost_scatter_labels_every_point():
    ax = plot.cost_scatter(["a", "b"], [6e4, 6e7], [4e5, 7e8])
    assert [t.get_text() for t in ax.texts] == ["a", "b"]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="same length"):
        plot.cost_scatter(["a"], [1, 2], [1, 2])
