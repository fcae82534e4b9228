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
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(ncols * size, nrows * size * 1.15))
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
