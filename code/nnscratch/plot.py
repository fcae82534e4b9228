"""The book's figures. Needs matplotlib (imported here, never by the math).

Every function draws on an ``ax`` you pass, or on a new figure if you pass
none, and returns the Axes (or the Figure, for multi-panel figures), so a
chapter can arrange them as it likes.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import MaxNLocator, MultipleLocator

from . import activations
from ._validate import as_float_array, check_shape

POSITIVE = "#1f6fb4"  # blue: excitatory (positive) weights, class 1
NEGATIVE = "#d1495b"  # red: inhibitory (negative) weights, class 0


def use_book_style():
    """Readable defaults for every figure in the book."""
    plt.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.figsize": (7, 4),
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
    })


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def neuron_diagram(weights, bias, input_names=None, output_name="$a$", activation="φ", ax=None):
    """Draw one neuron: inputs on the left, one arrow (synapse) per weight.

    An arrow is blue and solid for a positive weight, red and dashed for a
    negative one, and its width grows with |w|. The circle on the right holds
    the weighted sum Σ and the activation.

    Parameters
    ----------
    weights : array-like, shape (n_inputs,)
    bias : float
    input_names : list of n_inputs str, default $x_1$, $x_2$, ...
    output_name : str, the label of the output arrow
    """
    w = as_float_array(weights, "weights", "neuron_diagram").ravel()
    names = input_names or [f"$x_{{{i + 1}}}$" for i in range(len(w))]
    if len(names) != len(w):
        raise ValueError(
            f"neuron_diagram: got {len(w)} weights but {len(names)} input names"
        )
    gap = 1.4  # vertical distance between inputs
    ys = gap * (np.arange(len(w))[::-1] - (len(w) - 1) / 2)
    cx, radius = 4.0, 0.55  # the neuron's centre (cx, 0) and size
    xlim = (-0.6, cx + radius + 1.3 + 0.35 * len(output_name))
    ylim = (min(ys.min(), -radius) - 0.9, max(ys.max(), radius) + 0.6)
    aspect = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    ax = _axes(ax, figsize=(6, 6 * aspect + 0.2))
    wmax = max(np.abs(w).max(), 1e-12)
    for name, wi, yi in zip(names, w, ys):
        ax.add_patch(Circle((0, yi), 0.4, fc="white", ec="0.3", lw=1.5, zorder=3))
        ax.text(0, yi, name, ha="center", va="center", fontsize=11, zorder=4)
        colour, style = (POSITIVE, "-") if wi >= 0 else (NEGATIVE, "--")
        end = np.array([cx, 0.0]) - radius * np.array([cx, -yi]) / np.hypot(cx, yi)
        ax.add_patch(FancyArrowPatch(
            (0.42, yi), tuple(end), arrowstyle="-|>", mutation_scale=16, color=colour,
            linestyle=style, lw=1.2 + 3.5 * abs(wi) / wmax, shrinkA=0, shrinkB=2, zorder=2))
        t = 0.45  # the label sits on the arrow, 45 % of the way along
        ax.text(0.42 + t * (end[0] - 0.42), yi + t * (end[1] - yi), f"$w = {wi:+.2f}$",
                ha="center", va="center", fontsize=10, color=colour, zorder=4,
                bbox=dict(fc="white", ec=colour, lw=0.8, boxstyle="round,pad=0.25"))
    ax.add_patch(Circle((cx, 0), radius, fc="#fdf3dc", ec="0.3", lw=1.5, zorder=3))
    ax.text(cx, 0, f"Σ | {activation}", ha="center", va="center", fontsize=12, zorder=4)
    ax.text(cx, -radius - 0.2, f"$b = {bias:+.2f}$", ha="center", va="top", fontsize=10)
    ax.add_patch(FancyArrowPatch((cx + radius, 0), (cx + radius + 0.9, 0),
                                 arrowstyle="-|>", mutation_scale=16, color="0.3", lw=1.5))
    ax.text(cx + radius + 1.0, 0, output_name, ha="left", va="center", fontsize=12)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def decision_boundary(predict, X, y, ax=None, padding=0.5, resolution=200, title=None,
                      labels=("class 0", "class 1")):
    """Shade what a 2-input classifier predicts over the plane, with the data on top.

    Parameters
    ----------
    predict : callable, (m, 2) array -> (m,) array of scores in [0, 1]
        (probabilities, or hard 0/1 decisions)
    X : array-like, shape (n, 2); y : array-like of 0/1, shape (n,)

    The boundary drawn is where the score crosses 0.5.
    """
    X = as_float_array(X, "X", "decision_boundary")
    y = np.asarray(y)
    check_shape(X, (None, 2), "X", "decision_boundary")
    check_shape(y, (X.shape[0],), "y", "decision_boundary")
    ax = _axes(ax)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    scores = np.asarray(predict(grid), dtype=np.float64).reshape(g1.shape)
    ax.contourf(g1, g2, scores, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.45,
                vmin=-0.1, vmax=1.1)
    if scores.min() < 0.5 < scores.max():
        ax.contour(g1, g2, scores, levels=[0.5], colors="k", linewidths=2)
    for cls, colour, marker, label in [(0, NEGATIVE, "o", labels[0]), (1, POSITIVE, "s", labels[1])]:
        pts = X[y == cls]
        ax.scatter(pts[:, 0], pts[:, 1], s=90, c=colour, marker=marker,
                   edgecolors="k", linewidths=1.2, label=label, zorder=3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    for axis in (ax.xaxis, ax.yaxis):  # a few round ticks: 0, 0.5, 1, ...
        axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.grid(False)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def neuron_boundary(w, b, X, y, activation="step", ax=None, title=None):
    """The decision boundary of one neuron a = activation(w · x + b) on 2-D data.

    w : array-like, shape (2,); b : float; X : (n, 2); y : (n,) targets in {0, 1}.
    The default title gives w, b and how many points of (X, y) the neuron gets
    right (an output >= 0.5 counts as class 1).
    """
    w = as_float_array(w, "w", "neuron_boundary").ravel()
    check_shape(w, (2,), "w", "neuron_boundary")
    f, _ = activations.get(activation)
    X = as_float_array(X, "X", "neuron_boundary")
    predict = lambda P: f(P @ w + b)  # noqa: E731
    ax = decision_boundary(predict, X, y, ax=ax)
    if title is None:
        correct = int(np.sum((predict(X) >= 0.5) == (np.asarray(y) == 1)))
        title = f"w = ({w[0]:.1f}, {w[1]:.1f}), b = {b:.1f}\n{correct}/{len(X)} right"
    ax.set_title(title)
    return ax


def neuron_knobs(settings, X, y, activation="step", ncols=3):
    """Small multiples: one panel per (w1, w2, b) in `settings`.

    Each panel's title gives the knob setting and the neuron's outputs on the
    rows of X, in order; the markers show the targets y. The static companion
    of ``widgets.neuron_explorer`` for the HTML book, where no kernel runs
    behind the sliders.
    """
    settings = list(settings)
    f, _ = activations.get(activation)
    X = as_float_array(X, "X", "neuron_knobs")
    nrows = -(-len(settings) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.0 * ncols, 3.0 * nrows), squeeze=False)
    for ax, (w1, w2, b) in zip(axes.flat, settings):
        outputs = f(X @ np.array([w1, w2], dtype=float) + b)
        shown = " ".join(f"{a:.2g}" for a in outputs)
        title = f"w = ({w1:g}, {w2:g}), b = {b:g}\noutputs: {shown}"
        neuron_boundary([w1, w2], b, X, y, activation=activation, ax=ax, title=title)
        ax.get_legend().remove()
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.xaxis.set_major_locator(MultipleLocator(1))
        ax.yaxis.set_major_locator(MultipleLocator(1))
    for ax in axes.flat[len(settings):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def biological_neuron(ax=None):
    """A labelled sketch of a biological neuron: dendrites, cell body, axon, synapses."""
    from matplotlib.patches import Ellipse

    ax = _axes(ax, figsize=(7, 3.5))
    rng = np.random.default_rng(1)  # fixed, so the sketch is the same every time
    soma = (0.0, 0.0)
    for angle in np.linspace(120, 240, 6):  # dendrites branch out to the left
        a = np.deg2rad(angle + rng.uniform(-8, 8))
        start = np.array(soma) + 0.55 * np.array([np.cos(a), np.sin(a)])
        end = start + 1.3 * np.array([np.cos(a), np.sin(a)])
        ax.plot(*zip(start, end), color="#7a5c3e", lw=2.5)
        for da in (-0.45, 0.45):
            tip = end + 0.55 * np.array([np.cos(a + da), np.sin(a + da)])
            ax.plot(*zip(end, tip), color="#7a5c3e", lw=1.5)
    ax.add_patch(Ellipse(soma, 1.3, 1.1, fc="#fdf3dc", ec="#7a5c3e", lw=2, zorder=3))
    ax.add_patch(Circle(soma, 0.18, fc="#c9a26b", ec="none", zorder=4))  # nucleus
    ax.plot([0.65, 4.6], [0, 0], color="#7a5c3e", lw=3)  # axon
    for x0 in np.arange(1.0, 4.2, 0.8):  # myelin sheath
        ax.add_patch(Ellipse((x0 + 0.3, 0), 0.6, 0.28, fc="#e8d5b5", ec="#7a5c3e", zorder=3))
    for dy in (-0.6, 0.0, 0.6):  # axon terminals: synapses onto the next neurons
        ax.plot([4.6, 5.4], [0, dy], color="#7a5c3e", lw=1.8)
        ax.add_patch(Circle((5.5, dy), 0.1, fc=POSITIVE, ec="none", zorder=4))
    notes = [
        ((-1.9, 1.35), (-1.3, 0.8), "dendrites\n(inputs)"),
        ((1.3, -1.3), (0.35, -0.5), "cell body\n(sums, fires)"),
        ((2.6, 0.75), (2.6, 0.15), "axon (output)"),
        ((5.6, -1.35), (5.5, -0.7), "synapses onto the\nnext neurons"),
    ]
    for xytext, xy, text in notes:
        ax.annotate(text, xy=xy, xytext=xytext, ha="center", va="center", fontsize=10,
                    arrowprops=dict(arrowstyle="->", color="0.4"))
    ax.set_xlim(-3.0, 6.4)
    ax.set_ylim(-2.2, 2.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def network(sizes, weights=None, values=None, node_labels=None, headings=None,
            ax=None, title=None, flow_note=True):
    """Draw a fully connected network, layer by layer from left to right.

    Parameters
    ----------
    sizes : list of int, the number of neurons per layer, inputs first
    weights : optional list of arrays; weights[l] has shape (sizes[l], sizes[l+1])
        (the ``W`` of a ``Linear`` layer). Edges are then blue and solid for a
        positive weight, red and dashed for a negative one, width by |w|.
        Without weights every edge is a thin grey line.
    values : optional list of 1-D arrays, values[l] of length sizes[l]: the
        numbers flowing through the network for one input, written in the nodes.
    node_labels : optional list of lists of str, used when values is None
        (default: $x_i$ for inputs, Σ|φ for hidden units, $\\hat y_i$ for outputs)
    headings : optional list of str, one per layer, written above it
    """
    sizes = list(sizes)
    L = len(sizes)
    if L < 2 or any(not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(f"network: sizes must be a list of at least 2 positive ints, got {sizes}")
    if weights is not None:
        weights = [np.asarray(W, dtype=float) for W in weights]
        want = [(m, n) for m, n in zip(sizes[:-1], sizes[1:])]
        got = [W.shape for W in weights]
        if got != want:
            raise ValueError(f"network: weights must have shapes {want}, got {got}")
    if values is not None:
        values = [np.ravel(np.asarray(v, dtype=float)) for v in values]
        if [len(v) for v in values] != sizes:
            raise ValueError(f"network: values must have lengths {sizes}, "
                             f"got {[len(v) for v in values]}")
    dx, radius = 3.0, 0.36 if values is None else 0.42
    xs = dx * np.arange(L)
    ys = [np.linspace(1, -1, n) * (n - 1) / 2 * 1.15 for n in sizes]
    top = max(max(y.max() for y in ys), 1.0)
    ax = _axes(ax, figsize=(2.3 * L + 0.6, 1.2 * top + 3.2))
    for layer in range(L - 1):
        W = None if weights is None else weights[layer]
        wmax = 1.0 if W is None else max(np.abs(W).max(), 1e-12)
        for i, yi in enumerate(ys[layer]):
            for j, yj in enumerate(ys[layer + 1]):
                if W is None:
                    colour, style, lw = "0.6", "-", 1.0
                else:
                    colour, style = (POSITIVE, "-") if W[i, j] >= 0 else (NEGATIVE, "--")
                    lw = 0.6 + 3 * abs(W[i, j]) / wmax
                ax.plot([xs[layer], xs[layer + 1]], [yi, yj], color=colour, ls=style,
                        lw=lw, zorder=1)
    if node_labels is None:
        node_labels = ([[f"$x_{i + 1}$" for i in range(sizes[0])]]
                       + [["Σ|φ"] * n for n in sizes[1:-1]]
                       + [[f"$\\hat y_{i + 1}$" if sizes[-1] > 1 else "$\\hat y$"
                           for i in range(sizes[-1])]])
    for layer in range(L):
        fill = "white" if layer == 0 else "#fdf3dc"
        for i, y in enumerate(ys[layer]):
            ax.add_patch(Circle((xs[layer], y), radius, fc=fill, ec="0.3", lw=1.5, zorder=3))
            text = node_labels[layer][i] if values is None else f"{values[layer][i]:.2f}"
            ax.text(xs[layer], y, text, ha="center", va="center",
                    fontsize=11 if values is None else 10, zorder=4)
    if headings is None:
        headings = (["inputs"] + [f"hidden layer {k}" if L > 3 else "hidden layer"
                                  for k in range(1, L - 1)] + ["output"])
    for x, heading in zip(xs, headings):
        ax.text(x, top + 0.75, heading, ha="center", va="bottom", fontsize=11)
    if flow_note:
        ax.annotate("", xy=(xs[-1] + 0.8, -top - 0.85), xytext=(-0.8, -top - 0.85),
                    arrowprops=dict(arrowstyle="-|>", color="0.4", lw=1.5))
        ax.text(xs[-1] / 2, -top - 1.0, "information flows from left to right",
                ha="center", va="top", fontsize=10, color="0.3")
    ax.set_xlim(-1.0, xs[-1] + 1.0)
    ax.set_ylim(-top - 1.6, top + 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
