import numpy as np
import pytest

pytest.importorskip("ipywidgets")
from nnscratch import widgets  # noqa: E402


def controls(box):
    found = []
    for child in box.children:
        found.extend(controls(child) if hasattr(child, "children") else [child])
    return found


def test_neuron_explorer_redraws_when_a_slider_moves():
    box = widgets.neuron_explorer()
    w1, w2, b, activation, out = controls(box)
    assert (w1.value, w2.value, b.value, activation.value) == (1.0, 1.0, -1.5, "step")
    b.value = -0.5
    activation.value = "sigmoid"
    assert [c.description for c in (w1, w2, b, activation)] == ["w₁", "w₂", "b", "φ"]


def test_neuron_explorer_accepts_other_data():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    widgets.neuron_explorer(X, np.array([0, 1]), w=(0.5, 0.5), b=0.0, activation="relu")
