"""Figures of Part I (chapters 1-8).

Every function draws on an ``ax`` you pass, or on a new figure if you pass
none, and returns the Axes (or the Figure, for multi-panel figures), so a
chapter can arrange them as it likes.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import MaxNLocator, MultipleLocator

from .. import activations
from .._validate import as_float_array, check_shape

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


def _short(v):
    """A number in at most two decimals, without trailing zeros: 3, -0.5, 0.73."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def matrices(arrays, names, operators=None, ghost_rows=None, width=None, ax=None,
             title=None):
    """Draw arrays side by side as grids of numbers, e.g. X @ W + b = Z.

    Every cell is the same size, so the picture shows the shapes: an (m, n)
    array is m cells tall and n wide. Cells are blue for positive numbers and
    red for negative ones (white for 0), each array on its own scale.

    Parameters
    ----------
    arrays : list of 1-D or 2-D arrays; a 1-D array of length n is one row
    names : list of str, one per array, written above it with its shape
    operators : optional list of len(arrays) - 1 str, written between arrays
    ghost_rows : optional int; each 1-D array is then drawn again, faintly,
        in rows 2 to ghost_rows below itself: how NumPy broadcasts a bias
        over the rows of a batch
    width : optional float, the width of the drawing in cells (default: just
        wide enough); give several panels the same width and their cells come
        out the same size, with each panel's arrays centred
    Returns the Axes.
    """
    arrays = [as_float_array(a, "arrays", "matrices") for a in arrays]
    if not arrays or any(a.ndim not in (1, 2) or a.size == 0 for a in arrays):
        raise ValueError("matrices: arrays must be a non-empty list of 1-D or 2-D "
                         f"arrays, got shapes {[a.shape for a in arrays]}")
    names = list(names)
    if len(names) != len(arrays):
        raise ValueError(f"matrices: got {len(arrays)} arrays but {len(names)} names")
    operators = [""] * (len(arrays) - 1) if operators is None else list(operators)
    if len(operators) != len(arrays) - 1:
        raise ValueError(f"matrices: {len(arrays)} arrays need {len(arrays) - 1} "
                         f"operators, got {len(operators)}")
    grids = [a.reshape(1, -1) if a.ndim == 1 else a for a in arrays]
    drawn_rows = [max(g.shape[0], ghost_rows or 1) if a.ndim == 1 else g.shape[0]
                  for a, g in zip(arrays, grids)]
    gap, height = 1.6, max(drawn_rows)
    needed = sum(g.shape[1] for g in grids) + gap * (len(grids) - 1)
    width = needed if width is None else max(float(width), needed)
    ax = _axes(ax, figsize=(min(7.0, 0.45 * width + 0.4), 0.45 * height + 1.1))
    cmap = plt.get_cmap("RdBu")
    left = (width - needed) / 2
    for k, (a, g) in enumerate(zip(arrays, grids)):
        rows, cols = g.shape
        top = drawn_rows[k] / 2
        scale = max(np.abs(g).max(), 1e-12)
        ghosts = drawn_rows[k] - rows if a.ndim == 1 else 0
        for r in range(rows + ghosts):
            faint = r >= rows
            for c in range(cols):
                v = g[r % rows, c]
                colour = cmap(0.5 + 0.35 * v / scale)  # light tones: black text stays readable
                ax.add_patch(plt.Rectangle((left + c, top - r - 1), 1, 1, fc=colour,
                                           ec="0.35", lw=1.0, ls="--" if faint else "-",
                                           alpha=0.35 if faint else 1.0))
                ax.text(left + c + 0.5, top - r - 0.5, _short(v), ha="center", va="center",
                        fontsize=10, color="0.55" if faint else "black")
        shape = f"({a.shape[0]},)" if a.ndim == 1 else f"({rows}, {cols})"
        ax.text(left + cols / 2, height / 2 + 0.25, f"{names[k]}\n{shape}", ha="center",
                va="bottom", fontsize=11)
        left += cols
        if k < len(operators):
            ax.text(left + gap / 2, 0, operators[k], ha="center", va="center",
                    fontsize=14 if len(operators[k]) == 1 else 11)
            left += gap
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(-height / 2 - 0.2, height / 2 + 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def hidden_units(W1, b1, W2, b2, lim=3.0, point=None, resolution=200):
    """What each hidden ReLU neuron of a 2-input network does in the input plane.

    The network is y_hat = sigmoid(relu(x @ W1 + b1) @ W2 + b2), with
    W1 (2, h), b1 (h,), W2 (h, 1), b2 (1,). One panel per hidden neuron j shades
    its activation a_j = relu(x1 W1[0, j] + x2 W1[1, j] + b1[j]) over the square
    [-lim, lim]^2: zero on one side of the line z_j = 0, growing linearly on
    the other. The last panel shades y_hat, with every neuron's line (dashed) and
    the boundary y_hat = 0.5 (solid). ``point`` (x1, x2) is marked in every panel.
    Returns the Figure.
    """
    W1 = as_float_array(W1, "W1", "hidden_units")
    check_shape(W1, (2, None), "W1", "hidden_units")
    h = W1.shape[1]
    b1, W2, b2 = (as_float_array(v, name, "hidden_units")
                  for v, name in ((b1, "b1"), (W2, "W2"), (b2, "b2")))
    check_shape(b1, (h,), "b1", "hidden_units")
    check_shape(W2, (h, 1), "W2", "hidden_units")
    check_shape(b2, (1,), "b2", "hidden_units")
    g = np.linspace(-lim, lim, resolution)
    g1, g2 = np.meshgrid(g, g)
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    A1 = activations.relu(grid @ W1 + b1)
    y_hat = activations.sigmoid(A1 @ W2 + b2).reshape(g1.shape)
    ncols = 2 if h + 1 <= 4 else 3
    nrows = -(-(h + 1) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 2.9 * nrows),
                             squeeze=False, sharex=True, sharey=True)
    panels = list(axes.flat)

    def line(ax, j, **style):  # z_j = 0: x1 W1[0, j] + x2 W1[1, j] + b1[j] = 0
        w1, w2 = W1[:, j]
        if abs(w2) > 1e-12:
            ax.plot(g, -(w1 * g + b1[j]) / w2, **style)
        elif abs(w1) > 1e-12:
            ax.axvline(-b1[j] / w1, **style)

    for j in range(h):
        ax = panels[j]
        a = A1[:, j].reshape(g1.shape)
        shade = ax.contourf(g1, g2, a, levels=12, cmap="Blues")
        fig.colorbar(shade, ax=ax, shrink=0.85, format="%.0f")
        line(ax, j, color="k", lw=2)
        ax.set_title(f"hidden neuron {j + 1}: $a_{j + 1}$")
    ax = panels[h]
    shade = ax.contourf(g1, g2, y_hat, levels=np.linspace(0, 1, 11), cmap="RdBu",
                        vmin=-0.1, vmax=1.1, alpha=0.8)
    fig.colorbar(shade, ax=ax, shrink=0.85, ticks=[0, 0.5, 1])
    for j in range(h):
        line(ax, j, color="0.25", lw=1.2, ls="--")
    if y_hat.min() < 0.5 < y_hat.max():
        ax.contour(g1, g2, y_hat, levels=[0.5], colors="k", linewidths=2)
    ax.set_title("output $\\hat y$")
    for k, ax in enumerate(panels):
        if k > h:
            ax.axis("off")
            continue
        if point is not None:
            ax.plot(*point, marker="*", ms=13, color="gold", mec="k", zorder=5)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.grid(False)
        if k + ncols > h:  # no panel below this one
            ax.set_xlabel("$x_1$")
            ax.xaxis.set_tick_params(labelbottom=True)
        if k % ncols == 0:
            ax.set_ylabel("$x_2$")
    fig.tight_layout()
    return fig


# --- Chapter 3: activation functions --------------------------------------

SMALL_SLOPE = 0.05
"""Where |φ'(z)| is below this, the activation passes on less than a
twentieth of a gradient: the shaded "little gradient" zones of chapter 3."""

ACTIVATION_LABELS = {
    "step": "step",
    "sigmoid": "sigmoid σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU (α = 0.01)",
    "elu": "ELU (α = 1)",
    "gelu": "GELU",
}
"""Names of ``activations.ACTIVATIONS`` as the figures print them."""


def _small_slope_tails(x, slope, threshold):
    """The intervals at the two ends of the grid x where |slope| stays below
    threshold all the way out: a list of 0, 1 or 2 pairs (lo, hi). A dip in
    the middle (GELU's slope crosses 0 near z = -0.75) is not a tail."""
    small = np.abs(slope) < threshold
    if small.all():
        return [(x[0], x[-1])]
    tails = []
    if small[0]:
        tails.append((x[0], x[np.argmax(~small)]))
    if small[-1]:
        tails.append((x[len(x) - 1 - np.argmax(~small[::-1])], x[-1]))
    return tails


def _check_threshold(threshold, where):
    if not np.isscalar(threshold) or not threshold > 0:
        raise ValueError(f"{where}: threshold must be a positive number, got {threshold!r}")


def _legend_below(fig, axes):
    """One legend under all panels, with every label that some panel has."""
    handles, labels = [], []
    for ax in axes.flat:  # the shading may be missing from some panels
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=10)
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))


def activation_curves(name, w=1.0, b=0.0, x=None, threshold=SMALL_SLOPE, ax=None,
                      title=None, legend=True):
    """One unit a = φ(w x + b) against its input x, with its slope φ'(w x + b).

    name : a key of ``activations.ACTIVATIONS`` ("sigmoid", "relu", ...)
    w, b : the unit's weight and bias (w = 1, b = 0 plots φ(z) itself)
    x : 1-D grid of inputs, default 401 points on [-6, 6]
    threshold : the ends of the x range where |φ'| < threshold (the unit
        passes on little gradient) are shaded

    The dashed slope is dφ/dz at z = w x + b, which is also da/db: how much
    the output moves when the bias moves. Returns the Axes.
    """
    f, df = activations.get(name)
    _check_threshold(threshold, "activation_curves")
    x = np.linspace(-6, 6, 401) if x is None else as_float_array(x, "x", "activation_curves")
    if x.ndim != 1 or len(x) < 2:
        raise ValueError(f"activation_curves: x must be a 1-D grid of points, got shape {x.shape}")
    z = w * x + b
    ax = _axes(ax, figsize=(5, 3.5))
    for k, (lo, hi) in enumerate(_small_slope_tails(x, df(z), threshold)):
        ax.axvspan(lo, hi, color=NEGATIVE, alpha=0.13, lw=0,
                   label=f"$|\\varphi'(z)| < {threshold:g}$" if k == 0 else None)
    ax.axhline(0, color="0.55", lw=0.8)
    ax.axvline(0, color="0.55", lw=0.8)
    ax.plot(x, f(z), color=POSITIVE, lw=2.4, label="$a = \\varphi(z)$")
    ax.plot(x, df(z), color="#e08a00", lw=2, ls="--", label="slope $\\varphi'(z)$")
    ax.set_xlim(x[0], x[-1])
    plain = (w, b) == (1.0, 0.0)
    ax.set_xlabel("$z$" if plain else "input $x$   ($z = wx + b$)")
    label = ACTIVATION_LABELS.get(name, name)
    ax.set_title(title if title is not None else
                 (label if plain else f"{label}: w = {w:g}, b = {b:g}"))
    if legend:
        ax.legend(loc="upper left", fontsize=10)
    return ax


def activation_pair(name, z=None, threshold=SMALL_SLOPE):
    """An activation (left) beside its derivative (right), on the same z axis,
    with the ends where |φ'(z)| < threshold shaded on both. Returns the Figure.

    name : a key of ``activations.ACTIVATIONS``; z : 1-D grid, default [-6, 6]
    """
    f, df = activations.get(name)
    _check_threshold(threshold, "activation_pair")
    z = np.linspace(-6, 6, 601) if z is None else as_float_array(z, "z", "activation_pair")
    if z.ndim != 1 or len(z) < 2:
        raise ValueError(f"activation_pair: z must be a 1-D grid of points, got shape {z.shape}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(7, 2.9))
    label = ACTIVATION_LABELS.get(name, name)
    slope = df(z)
    tails = _small_slope_tails(z, slope, threshold)
    for ax, values, colour, what in [(left, f(z), POSITIVE, label),
                                     (right, slope, "#e08a00", f"its derivative {'$'}\\varphi'(z){'$'}")]:
        for k, (lo, hi) in enumerate(tails):
            ax.axvspan(lo, hi, color=NEGATIVE, alpha=0.13, lw=0,
                       label=f"$|\\varphi'(z)| < {threshold:g}$" if k == 0 else None)
        ax.axhline(0, color="0.55", lw=0.8)
        ax.axvline(0, color="0.55", lw=0.8)
        ax.plot(z, values, color=colour, lw=2.4)
        ax.set_xlim(z[0], z[-1])
        ax.set_xlabel("pre-activation $z$")
        ax.set_title(what)
    for lo, hi in tails:  # say where each flat end starts
        if lo == z[0] and hi == z[-1]:
            continue
        edge = f"{round(float(hi if lo == z[0] else lo), 1) + 0:g}"
        right.text((lo + hi) / 2, 0.5, f"$z {'<' if lo == z[0] else '>'} {edge}$",
                   transform=right.get_xaxis_transform(), ha="center", va="center",
                   fontsize=10, color="0.25")
    left.set_ylabel("$a = \\varphi(z)$")
    right.set_ylabel("$\\varphi'(z)$")
    if tails:  # below the panels, where it hides no curve
        fig.legend(*right.get_legend_handles_labels(), loc="lower center", fontsize=10)
        fig.tight_layout(rect=(0, 0.09, 1, 1))
    else:
        fig.tight_layout()
    return fig


def activation_gallery(names=None, threshold=SMALL_SLOPE, ncols=3):
    """Small multiples: every activation in `names` (default: the six smooth or
    piecewise-linear ones) with its derivative, the little-gradient ends
    shaded. One shared legend below. Returns the Figure."""
    if names is None:
        names = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu"]
    names = list(names)
    if not names:
        raise ValueError("activation_gallery: names is empty")
    for name in names:
        activations.get(name)  # a clear error for an unknown name
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols, 2.25 * nrows + 0.5),
                             squeeze=False)
    for ax, name in zip(axes.flat, names):
        activation_curves(name, x=np.linspace(-4, 4, 321), threshold=threshold, ax=ax,
                          legend=False)
        ax.set_ylim(-1.25, 2.25)
        ax.set_xlabel("$z$")
        ax.tick_params(labelsize=10)
    for ax in axes[:, 0]:
        ax.set_ylabel("$\\varphi(z)$, $\\varphi'(z)$")
    for ax in axes.flat[len(names):]:
        ax.axis("off")
    _legend_below(fig, axes)
    return fig


def activation_knobs(settings, names=("sigmoid", "relu"), x=None, threshold=SMALL_SLOPE):
    """Small multiples of one unit a = φ(w x + b): a row per activation in
    `names`, a column per (w, b) in `settings`, each panel with the slope
    φ'(w x + b) and the little-gradient ends shaded. The static companion of
    ``widgets.activation_explorer``. Returns the Figure.
    """
    try:
        settings = [(float(w), float(b)) for w, b in settings]
    except (TypeError, ValueError):
        raise ValueError("activation_knobs: settings must be a list of (w, b) pairs, "
                         f"got {settings!r}") from None
    names = [names] if isinstance(names, str) else list(names)
    if not settings or not names:
        raise ValueError("activation_knobs: need at least one setting and one name")
    for name in names:
        activations.get(name)
    x = np.linspace(-5, 5, 401) if x is None else x
    nrows, ncols = len(names), len(settings)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols, 2.3 * nrows + 0.5),
                             squeeze=False, sharex=True)
    for row, name in zip(axes, names):
        for ax, (w, b) in zip(row, settings):
            activation_curves(name, w, b, x=x, threshold=threshold, ax=ax, legend=False,
                              title=f"{ACTIVATION_LABELS.get(name, name)}\nw = {w:g}, b = {b:g}")
            ax.set_xlabel("")
            ax.tick_params(labelsize=10)
    for ax in axes[-1]:
        ax.set_xlabel("input $x$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$a$ and slope")
    _legend_below(fig, axes)
    return fig


# Chapter 6: gradient descent on a loss of two parameters ---------------------

def _extent(extent, where):
    """(x_min, x_max, y_min, y_max) as floats, or a clear error."""
    try:
        extent = tuple(float(e) for e in extent)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: extent must be four numbers (x_min, x_max, y_min, "
                         f"y_max), got {extent!r}") from None
    if len(extent) != 4 or not (extent[0] < extent[1] and extent[2] < extent[3]):
        raise ValueError(f"{where}: extent must be (x_min, x_max, y_min, y_max) with "
                         f"min < max, got {extent}")
    return extent


def _descent_args(theta0, lr, num_steps, where):
    """Check the start point, learning rate and number of steps of a descent."""
    theta0 = as_float_array(theta0, "theta0", where).astype(np.float64).ravel()
    check_shape(theta0, (2,), "theta0", where)
    if not np.isscalar(lr) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"{where}: the learning rate lr must be a positive number, got {lr!r}")
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) \
            or num_steps < 1:
        raise ValueError(f"{where}: num_steps must be a positive int, got {num_steps!r}")
    return theta0


def _descend(loss, grad, theta0, lr, num_steps, blow_up=1e8):
    """Gradient descent theta <- theta - lr * grad(theta) from theta0.

    Returns the path (k + 1, 2) and the losses (k + 1,). It stops early, with
    k < num_steps, once the loss exceeds ``blow_up`` times the starting loss
    (the run diverges), before the numbers overflow.
    """
    theta = np.array(theta0, dtype=np.float64)
    path, losses = [theta], [float(loss(theta))]
    for _ in range(num_steps):
        theta = theta - lr * np.asarray(grad(theta), dtype=np.float64)
        if not np.all(np.isfinite(theta)):
            break
        value = float(loss(theta))
        path.append(theta)
        losses.append(value)
        if not np.isfinite(value) or value > blow_up * max(losses[0], 1e-12):
            break
    return np.array(path), np.array(losses)


def loss_grid(loss, extent, resolution=60):
    """The loss at every point of a grid over the box ``extent``.

    loss : callable, theta (array of shape (2,)) -> float
    extent : (x_min, x_max, y_min, y_max)
    Returns (T1, T2, L): three arrays of shape (resolution, resolution), the
    grid's coordinates and the loss there (``loss`` is called resolution**2
    times, so compute the grid once and pass it to the functions below).
    """
    x_min, x_max, y_min, y_max = _extent(extent, "loss_grid")
    t1 = np.linspace(x_min, x_max, resolution)
    t2 = np.linspace(y_min, y_max, resolution)
    T1, T2 = np.meshgrid(t1, t2)
    L = np.array([[float(loss(np.array([a, b]))) for a in t1] for b in t2])
    return T1, T2, L


def loss_contours(loss, extent, ax=None, grid=None, levels=12, labels=("$w$", "$b$")):
    """A map of a loss of two parameters seen from above: its contour lines.

    loss : callable, theta (array of shape (2,)) -> float
    extent : (x_min, x_max, y_min, y_max), the box of parameters shown
    grid : optional result of ``loss_grid(loss, extent)``, to reuse
    levels : how many contour lines; they are spaced geometrically above the
        lowest value on the grid, so that the floor of the bowl gets lines too
    The axes have equal scales, so a gradient arrow meets the lines at right
    angles as it should.
    """
    extent = _extent(extent, "loss_contours")
    T1, T2, L = loss_grid(loss, extent) if grid is None else grid
    ax = _axes(ax, figsize=(5, 5))
    depth = L - L.min()
    top = depth.max() if depth.max() > 0 else 1.0
    ax.contour(T1, T2, L, levels=L.min() + np.geomspace(top * 2e-3, top, levels),
               colors="0.55", linewidths=0.9, zorder=1)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.grid(False)
    return ax


def descent_run(loss, grad, theta0, lr, num_steps=100, extent=(-2, 4, -2, 4),
                axes=None, grid=None, colour="C0", label=None, minimum=None):
    """One run of gradient descent, drawn twice: its path on the loss's contour
    map (``axes[0]``) and its loss after every step (``axes[1]``, log scale).

    loss, grad : callables of theta (shape (2,)): the loss (float) and its
        gradient (shape (2,))
    theta0 : the start (2,); lr : the learning rate; num_steps : how many steps
    minimum : optional (2,), marked with a star on the map
    label : optional words for the title, e.g. "too slow"
    The path panel's title gives lr and the loss at the end; a run whose loss
    grows past 1e8 times its start is stopped there and called diverged.
    Returns the two axes (a new figure if ``axes`` is None).
    """
    theta0 = _descent_args(theta0, lr, num_steps, "descent_run")
    extent = _extent(extent, "descent_run")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7, 3.4))
    ax_path, ax_loss = axes
    path, losses = _descend(loss, grad, theta0, lr, num_steps)
    diverged = len(losses) <= num_steps
    loss_contours(loss, extent, ax=ax_path, grid=grid)
    ax_path.plot(path[:, 0], path[:, 1], "-o", color=colour, ms=3, lw=1.3, zorder=3)
    ax_path.plot(*theta0, "o", color="k", ms=7, zorder=4)
    ax_path.annotate("start", theta0, xytext=(6, 6), textcoords="offset points", fontsize=10)
    if minimum is not None:
        ax_path.plot(*np.asarray(minimum, dtype=float), "*", color="gold", ms=15,
                     mec="k", zorder=5)
    end = (f"diverged: loss {losses[-1]:.1e} at step {len(losses) - 1}" if diverged
           else f"loss {losses[-1]:.4f} after {num_steps} steps")
    ax_path.set_title(f"η = {lr:.3g}" + (f": {label}" if label else "") + f"\n{end}",
                      fontsize=11)
    steps = np.arange(len(losses))
    words = label if label else ("diverged" if diverged else "")
    ax_loss.semilogy(steps, losses, color=colour, lw=1.8,
                     label=f"η = {lr:.3g}" + (f" ({words})" if words else ""))
    values = np.concatenate([line.get_ydata() for line in ax_loss.get_lines()])
    values = values[np.isfinite(values) & (values > 0)]
    starts = [line.get_ydata()[0] for line in ax_loss.get_lines()]
    ax_loss.set_ylim(values.min() / 2, max(starts) * 30)
    ax_loss.set_xlim(0, max(num_steps, ax_loss.get_xlim()[1]))
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss (log scale)")
    return ax_path, ax_loss


def learning_rates(loss, grad, theta0, lrs=(0.01, 0.1, 0.5, 2.0), num_steps=100,
                   extent=(-2, 4, -2, 4), labels=None, minimum=None, ncols=2):
    """Small multiples: the same descent with several learning rates.

    One contour map with the path per learning rate, and below them one panel
    with every run's loss curve. The static companion of
    ``widgets.learning_rate_explorer`` for the HTML book. ``labels`` is an
    optional list of words, one per learning rate ("too slow", ...).
    Returns the Figure.
    """
    lrs = list(lrs)
    if not lrs:
        raise ValueError("learning_rates: give at least one learning rate")
    if labels is not None and len(labels) != len(lrs):
        raise ValueError(f"learning_rates: got {len(lrs)} learning rates but "
                         f"{len(labels)} labels")
    for lr in lrs:
        _descent_args(theta0, lr, num_steps, "learning_rates")
    extent = _extent(extent, "learning_rates")
    grid = loss_grid(loss, extent)
    nrows = -(-len(lrs) // ncols)
    fig = plt.figure(figsize=(7, 3.45 * nrows + 2.9), layout="constrained")
    spec = fig.add_gridspec(nrows + 1, ncols, height_ratios=[3.45] * nrows + [2.6])
    ax_loss = fig.add_subplot(spec[nrows, :])
    for k, lr in enumerate(lrs):
        ax_path = fig.add_subplot(spec[k // ncols, k % ncols])
        descent_run(loss, grad, theta0, lr, num_steps, extent, axes=(ax_path, ax_loss),
                    grid=grid, colour=f"C{k}", minimum=minimum,
                    label=None if labels is None else labels[k])
    ax_loss.legend(loc="upper right", fontsize=10, ncols=2)
    return fig



def computational_graph(nodes, edges, ax=None, title=None, note=True):
    """Draw a computational graph with the forward and backward numbers.

    Parameters
    ----------
    nodes : dict name -> (x, y, label, kind), kind one of "input" (a
        circle: a number we start from), "op" (a square: an operation) or
        "output" (a shaded circle: the final result, such as the loss L)
    edges : list of (src, dst, forward, backward): an arrow from node src
        to node dst; the string ``forward`` (the value flowing along it)
        is written above the arrow (left of it, if the arrow is upright)
        and ``backward`` (the gradient of the output with respect to
        that value) below it (right of it), in red
    note : bool, write a two-line key under the graph

    Node sizes and label offsets are in points, so the layout coordinates
    can be stretched freely.
    """
    kinds = {"input": ("o", "white"), "op": ("s", "#fdf3dc"), "output": ("o", "#dbe8f5")}
    bad = [n for n, spec in nodes.items() if len(spec) != 4 or spec[3] not in kinds]
    if bad:
        raise ValueError("computational_graph: each node must be (x, y, label, kind) "
                         f"with kind in {tuple(kinds)}; check {bad}")
    unknown = sorted({n for e in edges for n in e[:2] if n not in nodes})
    if unknown or any(len(e) != 4 for e in edges):
        raise ValueError("computational_graph: each edge must be (src, dst, forward, "
                         f"backward) between known nodes; unknown: {unknown}")
    ax = _axes(ax, figsize=(7, 2.8))
    size = 24  # marker size in points
    for x, y, label, kind in nodes.values():
        marker, fill = kinds[kind]
        ax.plot([x], [y], marker=marker, ms=size if marker == "o" else size * 0.9,
                mfc=fill, mec="0.3", mew=1.5, ls="none", zorder=3)
        ax.text(x, y, label, ha="center", va="center", zorder=4,
                fontsize=12 if len(label) <= 3 else 10)
    for src, dst, forward, backward in edges:
        (x0, y0), (x1, y1) = nodes[src][:2], nodes[dst][:2]
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>",
                                     mutation_scale=14, color="0.35", lw=1.3,
                                     shrinkA=size / 2 + 1, shrinkB=size / 2 + 2, zorder=2))
        mid = ((x0 + x1) / 2, (y0 + y1) / 2)
        across = abs(x1 - x0) >= abs(y1 - y0)  # in data units, as laid out
        places = ([((0, 4), "center", "bottom"), ((0, -4), "center", "top")] if across
                  else [((-5, 0), "right", "center"), ((5, 0), "left", "center")])
        for text, (offset, ha, va), colour in zip((forward, backward), places,
                                                 ("black", "#b2182b")):
            if text:
                ax.annotate(text, mid, xytext=offset, textcoords="offset points",
                            ha=ha, va=va, fontsize=10, color=colour, zorder=5)
    xs = [spec[0] for spec in nodes.values()]
    ys = [spec[1] for spec in nodes.values()]
    if note:
        ax.annotate("black, above (or left of) an arrow: the value it carries, forward\n"
                    "red, below (or right of) it: the gradient of the output "
                    "with respect to that value, backward",
                    ((min(xs) + max(xs)) / 2, min(ys)), xytext=(0, -size / 2 - 8),
                    textcoords="offset points", ha="center", va="top", fontsize=10,
                    color="0.3")
    pad_x = 0.06 * (max(xs) - min(xs) or 1)
    pad_y = 0.25 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - (1.9 if note else 1) * pad_y, max(ys) + pad_y)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
