"""Figures of Part II (chapters 9-14): training curves, optimizer paths,
regularization, deep networks, metrics and digits."""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_float_array, check_shape
from .part1 import NEGATIVE, POSITIVE, _axes

TRAIN_COLOUR = POSITIVE   # training curves
VAL_COLOUR = "#e08a1e"    # validation curves (orange)


def history(hist, metric=None, title=None, log_loss=False):
    """Training curves from ``train.fit``'s History: the loss per
    epoch (training and, if logged, validation) and, with
    ``metric="accuracy"``, a second panel for that metric.

    Returns the Figure.
    """
    names = ["loss"] + ([metric] if metric else [])
    for name in names:
        if name not in hist:
            raise KeyError(f"history: nothing called {name!r} was "
                           f"logged; logged: {sorted(hist.keys())}")
    fig, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names)
                                                     + 0.6, 3.2),
                             squeeze=False)
    epochs = np.arange(1, hist.epochs + 1)
    for ax, name in zip(axes[0], names):
        ax.plot(epochs, hist[name], color=TRAIN_COLOUR, label="training")
        if "val_" + name in hist:
            ax.plot(epochs, hist["val_" + name], color=VAL_COLOUR,
                    label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        if name == "loss" and log_loss:
            ax.set_yscale("log")
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def digits(images, labels=None, predictions=None, ncols=8, size=0.9,
           title=None):
    """A grid of small grey images, e.g. MNIST digits.

    images : (n, h, w), or (n, h*w) rows of a square image
    labels, predictions : (n,) ints shown above each image; a wrong
        prediction is written in red as "pred (true)".
    Returns the Figure.
    """
    images = as_float_array(images, "images", "digits")
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(
                f"digits: rows of {images.shape[1]} pixels are not a "
                "square image; pass images of shape (n, h, w)")
        images = images.reshape(-1, side, side)
    if images.ndim != 3:
        raise ValueError(f"digits: images must have shape (n, h, w), "
                         f"got {images.shape}")
    n = len(images)
    for name, arr in (("labels", labels), ("predictions", predictions)):
        if arr is not None and len(arr) != n:
            raise ValueError(f"digits: {name} must have one entry per "
                             f"image ({n}), got {len(arr)}")
    nrows = int(np.ceil(n / ncols))
    height = nrows * size * 1.15 + (0.45 if title else 0.0)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(ncols * size, height))
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap="gray_r", interpolation="nearest")
        text, colour = "", "black"
        if predictions is not None:
            text = str(predictions[i])
            if labels is not None and predictions[i] != labels[i]:
                text, colour = f"{predictions[i]} ({labels[i]})", NEGATIVE
        elif labels is not None:
            text = str(labels[i])
        ax.set_title(text, fontsize=10, color=colour, pad=2)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def confusion_matrix(cm, class_names=None, ax=None, title=None,
                     normalize=False):
    """A confusion matrix as a heatmap with the numbers in its cells.

    cm : (k, k) counts from ``metrics.confusion_matrix``: row = true
        class, column = predicted class.
    class_names : k labels for the axes, or None for 0..k-1.
    normalize : if True, each row is divided by its sum, so a cell
        shows the fraction of that true class predicted as the column
        (the diagonal is each class's recall); a row of zeros stays 0.
    Returns the Axes.
    """
    where = "confusion_matrix"
    cm = as_float_array(cm, "cm", where)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] < 1:
        raise ValueError(f"{where}: cm must be a square (k, k) array "
                         f"of counts, got shape {cm.shape}")
    if not np.all(np.isfinite(cm)) or np.any(cm < 0):
        raise ValueError(f"{where}: cm must hold counts >= 0 (finite)")
    k = cm.shape[0]
    if class_names is None:
        class_names = [str(c) for c in range(k)]
    class_names = [str(c) for c in class_names]
    if len(class_names) != k:
        raise ValueError(f"{where}: got {len(class_names)} class names "
                         f"for a {k} x {k} matrix")
    values = cm
    if normalize:
        rows = cm.sum(axis=1, keepdims=True)
        values = np.divide(cm, rows, out=np.zeros_like(cm),
                           where=rows > 0)
    side = min(7.0, 1.6 + 0.55 * k)
    ax = _axes(ax, figsize=(side, side * 0.9))
    top = values.max() if values.max() > 0 else 1.0
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    ax.grid(False)
    size = 11 if k <= 6 else 10 if k <= 12 else 8
    for i in range(k):
        for j in range(k):
            v = values[i, j]
            text = f"{v:.2f}" if normalize else f"{v:.0f}"
            colour = "white" if v > 0.55 * top else "black"
            ax.text(j, i, text, ha="center", va="center",
                    fontsize=size, color=colour)
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xticklabels(class_names)
    ax.set_yticklabels(class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04,
                       label="fraction of the row" if normalize
                       else "count")
    ax.set_title(title if title is not None else
                 "Confusion matrix" + (" (rows sum to 1)"
                                       if normalize else ""))
    return ax


# Chapter 9 -----------------------------------------------------------

CLASS_COLOURS = (NEGATIVE, POSITIVE, "#3a9d5d", "#e08a1e", "#7b5ea7",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
"""One colour per class: class 0 red and class 1 blue, as in Part I."""
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def decision_regions(predict_labels, X, y, ax=None, title=None,
                     padding=0.5, resolution=200, class_names=None):
    """Shade the class a 2-input classifier picks at every point of
    the plane, with the data on top: any number of classes.

    predict_labels : callable, (m, 2) array -> (m,) integer labels,
        e.g. ``lambda P: loss.predict(predict(model, P))``
    X : (n, 2) inputs; y : (n,) integer labels 0..k-1
    class_names : optional list of k legend labels
    Returns the Axes. Class c is drawn in ``CLASS_COLOURS[c]``.
    """
    import matplotlib.colors as mcolors
    from matplotlib.ticker import MaxNLocator

    where = "decision_regions"
    X = as_float_array(X, "X", where)
    check_shape(X, (None, 2), "X", where)
    y = np.asarray(y)
    check_shape(y, (X.shape[0],), "y", where)
    if y.dtype.kind not in "iu" or (y.size and y.min() < 0):
        raise ValueError(f"{where}: y must hold integer class labels "
                         f">= 0, got dtype {y.dtype}")
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    labels = np.asarray(predict_labels(grid))
    if labels.shape != (len(grid),):
        hint = (" (scores, one column per class? return labels, e.g. "
                "scores.argmax(axis=1))" if labels.ndim == 2 else "")
        raise ValueError(
            f"{where}: predict_labels must return one label per row, "
            f"shape ({len(grid)},), got {labels.shape}{hint}")
    if labels.dtype.kind not in "iu" and not np.all(
            labels == np.round(labels)):
        raise ValueError(
            f"{where}: predict_labels must return integer class "
            f"labels, got values such as {labels.ravel()[:3]} "
            "(probabilities? threshold them or take argmax)")
    labels = labels.astype(np.int64)
    k = int(max(y.max(initial=0), labels.max(initial=0))) + 1
    if k > len(CLASS_COLOURS):
        raise ValueError(f"{where}: at most {len(CLASS_COLOURS)} "
                         f"classes can be drawn, got {k}")
    if class_names is not None and len(class_names) < k:
        raise ValueError(f"{where}: class_names needs {k} names, got "
                         f"{len(class_names)}")
    names = class_names or [f"class {c}" for c in range(k)]
    cmap = mcolors.ListedColormap(CLASS_COLOURS[:k])
    ax = _axes(ax)
    ax.contourf(g1, g2, labels.reshape(g1.shape),
                levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.3)
    for c in range(k):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=30, c=CLASS_COLOURS[c],
                   marker=CLASS_MARKERS[c], edgecolors="k",
                   linewidths=0.6, label=names[c], zorder=3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=5,
                                           steps=[1, 2, 5, 10]))
    ax.grid(False)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


# Chapter 10: optimizers on two test surfaces ---------------------------

def _bowl_f(x, y):
    return 0.5 * (50 * x**2 + y**2)


def _bowl_grad(x, y):
    return np.array([50 * x, y])


def _rosenbrock_f(x, y):
    return (1 - x)**2 + 100 * (y - x**2)**2


def _rosenbrock_grad(x, y):
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2),
                     200 * (y - x**2)])


OPTIM_SURFACES = {
    "bowl": dict(f=_bowl_f, grad=_bowl_grad, start=(-0.6, 2.0),
                 minimum=(0.0, 0.0), extent=(-0.8, 0.8, -0.6, 2.4),
                 levels=np.logspace(-2, 1.5, 9),
                 title=r"bowl $\frac{1}{2}(50x^2 + y^2)$"),
    "rosenbrock": dict(f=_rosenbrock_f, grad=_rosenbrock_grad,
                       start=(-1.5, 1.5), minimum=(1.0, 1.0),
                       extent=(-2.0, 2.0, -1.0, 3.0),
                       levels=np.logspace(-1, 3, 9),
                       title="Rosenbrock $(1-x)^2 + 100(y-x^2)^2$"),
}
"""Chapter 10's test surfaces: f(x, y) and its gradient (written by
hand), the start, the minimum and the box drawn."""

OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "momentum",
                    "nesterov": "Nesterov", "rmsprop": "RMSProp",
                    "adam": "Adam"}
OPTIMIZER_COLOURS = {"sgd": "0.35", "momentum": POSITIVE,
                     "nesterov": "#7b4fa6", "rmsprop": "#2a9d5c",
                     "adam": NEGATIVE}


def _surface(surface, where):
    if surface not in OPTIM_SURFACES:
        raise ValueError(f"{where}: surface must be one of "
                         f"{sorted(OPTIM_SURFACES)}, got {surface!r}")
    return OPTIM_SURFACES[surface]


def make_optimizer(name, params, lr, momentum=0.9):
    """The library optimizer called ``name`` (one of OPTIMIZER_NAMES)
    over ``params`` with learning rate ``lr``. ``momentum`` is mu for
    "momentum" and "nesterov", beta1 for "adam" (beta2 = 0.999);
    "sgd" and "rmsprop" ignore it."""
    from .. import optim
    if name == "sgd":
        return optim.SGD(params, lr)
    if name in ("momentum", "nesterov"):
        return optim.SGD(params, lr, momentum=momentum,
                         nesterov=name == "nesterov")
    if name == "rmsprop":
        return optim.RMSProp(params, lr)
    if name == "adam":
        return optim.Adam(params, lr, betas=(momentum, 0.999))
    raise ValueError(f"make_optimizer: name must be one of "
                     f"{list(OPTIMIZER_NAMES)}, got {name!r}")


def optimizer_path(name, surface, lr, num_steps=100, momentum=0.9):
    """Run the library optimizer ``name`` (see ``make_optimizer``)
    on one surface of OPTIM_SURFACES ("bowl" or "rosenbrock"): a
    Parameter of shape (2,) starts at the surface's start, and every
    step gets the hand-written gradient.

    Returns the points, shape (num_steps + 1, 2); row t is the point
    after t steps. A run that blows up (|x| or |y| above 1e6) stops
    early, so its path is shorter.
    """
    from ..layers import Parameter
    s = _surface(surface, "optimizer_path")
    if (isinstance(num_steps, bool)
            or not isinstance(num_steps, (int, np.integer))
            or not 1 <= num_steps <= 10_000):
        raise ValueError("optimizer_path: num_steps must be an int "
                         f"from 1 to 10000, got {num_steps!r}")
    p = Parameter(np.array(s["start"], dtype=np.float64), name="xy")
    opt = make_optimizer(name, [p], lr, momentum)
    points = [p.data.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_steps):
            opt.zero_grad()
            g = s["grad"](*p.data)
            if not np.all(np.isfinite(g)):
                break
            p.grad += g
            opt.step()
            points.append(p.data.copy())
            if not np.all(np.abs(p.data) < 1e6):
                break
    return np.array(points)


def surface_map(surface, ax, resolution=120):
    """The surface's contours (log-spaced levels), start and minimum."""
    s = OPTIM_SURFACES[surface]
    x0, x1, y0, y1 = s["extent"]
    xs, ys = np.meshgrid(np.linspace(x0, x1, resolution),
                         np.linspace(y0, y1, resolution))
    ax.contour(xs, ys, s["f"](xs, ys), levels=s["levels"],
               colors="0.75", linewidths=0.8)
    ax.plot(*s["minimum"], marker="*", ms=13, color="gold",
            mec="k", mew=0.8, zorder=5, ls="none", label="minimum")
    ax.plot(*s["start"], marker="o", ms=6, color="k", zorder=5,
            ls="none", label="start")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.grid(False)


def _draw_path(ax, path, colour):
    ax.plot(path[:, 0], path[:, 1], "-", color=colour, lw=1.4,
            marker=".", ms=3, zorder=4)


def optimizer_race(surface, lrs, num_steps=100, momentum=0.9):
    """Small multiples: each optimizer's path on the surface, one
    panel per entry of ``lrs`` ({name: lr}, names from
    OPTIMIZER_NAMES), and a last panel with each one's distance to
    the minimum against the step (log scale). Returns the Figure."""
    s = _surface(surface, "optimizer_race")
    if not isinstance(lrs, dict) or not lrs:
        raise ValueError("optimizer_race: lrs must be a non-empty "
                         "dict {optimizer name: lr}, got "
                         f"{lrs!r}")
    n = len(lrs) + 1
    ncols = min(n, 3)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(7, 2.6 * nrows + 0.4))
    axes = axes.ravel()
    minimum = np.array(s["minimum"])
    for ax, (name, lr) in zip(axes, lrs.items()):
        path = optimizer_path(name, surface, lr, num_steps, momentum)
        surface_map(surface, ax)
        _draw_path(ax, path, OPTIMIZER_COLOURS[name])
        ax.set_title(f"{OPTIMIZER_LABELS[name]}, η = {lr:g}",
                     fontsize=11)
        dist = np.linalg.norm(path - minimum, axis=1)
        axes[n - 1].semilogy(np.arange(len(dist)), dist, lw=1.8,
                             color=OPTIMIZER_COLOURS[name],
                             label=OPTIMIZER_LABELS[name])
    last = axes[n - 1]
    last.set_xlabel("step")
    last.set_ylabel("distance to minimum")
    last.set_title("distance (log scale)", fontsize=11)
    for ax in axes[n:]:
        ax.axis("off")
    for ax in axes[:n - 1]:
        if ax not in axes[::ncols]:
            ax.set_ylabel("")
        if ax not in axes[(nrows - 1) * ncols:]:
            ax.set_xlabel("")
    fig.suptitle(f"{s['title']}: {num_steps} steps from "
                 f"{s['start']}", fontsize=12)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.legend(*axes[n - 1].get_legend_handles_labels(),
               loc="lower center", ncol=len(lrs), fontsize=10)
    return fig


def optimizer_lrs(surface, lrs, num_steps=100, momentum=0.9):
    """Static companion of ``widgets.optimizer_explorer``: one row
    per optimizer, one column per learning rate. ``lrs`` is
    {name: (lr, lr, ...)} with the same number of lrs in each row.
    Each panel's title gives lr and the loss f after the last step
    ("blew up" if the run left the map for good). Returns the
    Figure."""
    s = _surface(surface, "optimizer_lrs")
    if not isinstance(lrs, dict) or not lrs:
        raise ValueError("optimizer_lrs: lrs must be a non-empty "
                         "dict {optimizer name: (lr, ...)}, got "
                         f"{lrs!r}")
    counts = {len(v) for v in lrs.values()}
    if len(counts) != 1 or 0 in counts:
        raise ValueError("optimizer_lrs: every optimizer needs the "
                         "same number of learning rates (at least "
                         f"one), got {lrs!r}")
    nrows, ncols = len(lrs), counts.pop()
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(7, 2.3 * nrows + 0.5),
                             sharex=True, sharey=True)
    for row, (name, rates) in zip(axes, lrs.items()):
        for ax, lr in zip(row, rates):
            path = optimizer_path(name, surface, lr, num_steps,
                                  momentum)
            surface_map(surface, ax)
            _draw_path(ax, path, OPTIMIZER_COLOURS[name])
            end = ("blew up" if len(path) < num_steps + 1 else
                   f"f = {s['f'](*path[-1]):.2g}")
            ax.set_title(f"{OPTIMIZER_LABELS[name]}, η = {lr:g}\n"
                         f"{end}", fontsize=10)
    for ax in axes[:, 1:].ravel():
        ax.set_ylabel("")
    for ax in axes[:-1].ravel():
        ax.set_xlabel("")
    fig.suptitle(f"{s['title']}: {num_steps} steps", fontsize=12)
    fig.tight_layout()
    return fig


def width_fits(x, y, fits, ncols=3, title=None):
    """Small multiples for chapter 12: in each panel the target y(x)
    (grey, dashed) and one network's fit (blue), titled with the
    network's hidden width and its mean squared error.

    x, y : (n,) inputs and target values
    fits : dict {width: y_hat}, each y_hat of shape (n,); one panel
        per entry, in the dict's order (e.g. from widgets.fit_width)
    Returns the Figure.
    """
    x = as_float_array(x, "x", "width_fits").ravel()
    y = as_float_array(y, "y", "width_fits").ravel()
    if x.shape != y.shape:
        raise ValueError(f"width_fits: x and y must have the same "
                         f"length, got {x.shape} and {y.shape}")
    if not isinstance(fits, dict) or not fits:
        raise ValueError("width_fits: fits must be a non-empty dict "
                         "{width: y_hat}")
    n = len(fits)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(min(7.0, 2.35 * ncols + 0.3),
                                      2.2 * nrows + 0.4),
                             sharex=True, sharey=True)
    for ax, (width, y_hat) in zip(axes.flat, fits.items()):
        y_hat = as_float_array(y_hat, "y_hat", "width_fits").ravel()
        if y_hat.shape != x.shape:
            raise ValueError(
                f"width_fits: the fit for width {width} must have "
                f"shape {x.shape} like x, got {y_hat.shape}")
        mse = float(np.mean((y_hat - y) ** 2))
        ax.plot(x, y, "--", color="0.45", lw=1.5, label="target")
        ax.plot(x, y_hat, color=POSITIVE, lw=2, label="network")
        unit = "unit" if width == 1 else "units"
        ax.set_title(f"{width} hidden {unit}\nMSE {mse:.4f}",
                     fontsize=10)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for col in range(ncols):  # the lowest panel in use of each column
        ax = axes[-(-(n - col) // ncols) - 1, col]
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("input $x$")
    for ax in axes[:, 0]:
        ax.set_ylabel("output")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))
    return fig
