"""Chapter 21's figure: accuracy against T, with labels and a clear
error for mismatched shapes."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
from nnscratch import plot  # noqa: E402


def test_recall_accuracy_plot_labels():
    ax = plot.recall_accuracy_plot([5, 10, 20], {"RNN": [1, 0.5, 0.25],
                                                 "LSTM": [1, 1, 1]},
                                   chance=0.25, title="t")
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() == "t"
    assert len(ax.get_legend().get_texts()) == 3


def test_recall_accuracy_plot_bad_shape():
    with pytest.raises(ValueError, match="RNN"):
        plot.recall_accuracy_plot([5, 10], {"RNN": [1, 0.5, 0.2]})
