"""Interactive explorers. Needs ipywidgets and matplotlib.

Each explorer has a static companion in ``nnscratch.plot`` that draws the same
picture for several knob settings at once, for the HTML book (no kernel runs
behind its sliders).
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from . import activations, plot

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
AND_Y = np.array([0, 0, 0, 1])


def neuron_explorer(X=AND_X, y=AND_Y, w=(1.0, 1.0), b=-1.5, activation="step"):
    """Sliders for w1, w2 and b, and a menu for the activation, of one neuron
    a = activation(w1 x1 + w2 x2 + b); shows its decision boundary on (X, y)
    and its output for every point. Static companion: ``plot.neuron_knobs``.

    X : array, shape (n, 2); y : array of 0/1, shape (n,)
    """
    slider = dict(min=-3.0, max=3.0, step=0.1, continuous_update=False)
    w1 = widgets.FloatSlider(value=w[0], description="w₁", **slider)
    w2 = widgets.FloatSlider(value=w[1], description="w₂", **slider)
    bias = widgets.FloatSlider(value=b, description="b", **slider)
    act = widgets.Dropdown(options=sorted(activations.ACTIVATIONS), value=activation,
                           description="φ")
    out = widgets.Output()

    def draw(*_):
        f, _ = activations.get(act.value)
        outputs = f(X @ np.array([w1.value, w2.value]) + bias.value)
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 4))
            plot.neuron_boundary([w1.value, w2.value], bias.value, X, y,
                                 activation=act.value, ax=ax)
            plt.show()
            for xi, yi, ai in zip(X, y, outputs):
                print(f"x = {xi}  target {yi}  output {ai:.3f}")

    for control in (w1, w2, bias, act):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([w1, w2]), widgets.HBox([bias, act]), out])
