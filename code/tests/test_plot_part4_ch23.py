"""The figure of chapter 23 (sentiment): words coloured by attribution."""

import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib


def test_attribution_text_plot_writes_every_word_and_label():
    ax = plot.attribution_text_plot([["not", "good"], ["fine"]],
                                    [np.array([-1.0, 0.5]), np.array([0.2])],
                                    labels=["a", "b"], title="T")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["a", "not", "good", "b", "fine"]
    assert ax.get_title() == "T"


def test_attribution_text_plot_colours_by_sign():
    ax = plot.attribution_text_plot([["bad", "good"]], [[-2.0, 2.0]])
    bad, good = (t.get_bbox_patch().get_facecolor() for t in ax.texts)
    assert bad[0] > bad[2] and good[2] > good[0]     # red, then blue


def test_attribution_text_plot_wraps_long_sentences():
    words = ["word"] * 30
    ax = plot.attribution_text_plot([words], [np.ones(30)], width=20)
    rows = {t.get_position()[1] for t in ax.texts}
    assert len(rows) > 1


def test_attribution_text_plot_refuses_scores_of_the_wrong_length():
    with pytest.raises(ValueError, match="2 tokens"):
        plot.attribution_text_plot([["a", "b"]], [[1.0]])
