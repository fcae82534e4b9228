"""Figures of Part III: convolutional networks (chapters 15-19)."""

import matplotlib.pyplot as plt
import numpy as np

from .part1 import NEGATIVE, POSITIVE, _axes

# ---------------------------------------------------------------- chapter 15


# ---------------------------------------------------------------- chapter 16


# ---------------------------------------------------------------- chapter 17

def receptive_field_1d(kernels, strides=None, ax=None, title=None):
    """One output unit at the top of a stack of 1-D convolutions and the
    units below that it sees (filled), layer by layer down to the input.

    kernels : kernel sizes, first layer first; strides : same length
    (default all 1). Returns the Axes; its title gives the receptive field.
    """
    kernels = [int(k) for k in kernels]
    strides = [1] * len(kernels) if strides is None else [int(s) for s in strides]
    if len(strides) != len(kernels) or not kernels:
        raise ValueError(
            "receptive_field_1d: need one stride per kernel, got "
            f"{len(kernels)} kernels and {len(strides)} strides")
    # the seen interval [lo, hi] of each layer, from the top unit down
    spans = [(0, 0)]
    for k, s in zip(reversed(kernels), reversed(strides)):
        lo, hi = spans[-1]
        spans.append((lo * s, hi * s + k - 1))
    spans = spans[::-1]                       # input first
    width = spans[0][1] + 1
    margin = 2                                # unseen units at each side
    total = width + 2 * margin
    ax = _axes(ax, (max(4.0, 0.3 * total + 1.8), 0.7 * len(spans) + 0.9))
    for level, (lo, hi) in enumerate(spans):
        n = hi - lo + 1 + 2 * margin
        shift = (total - n) / 2
        for i in range(n):
            seen = margin <= i < n - margin
            ax.add_patch(plt.Rectangle(
                (shift + i + 0.05, level - 0.35), 0.9, 0.7,
                facecolor=POSITIVE if seen else "white",
                edgecolor="0.3", lw=0.8, alpha=0.85 if seen else 1))
    names = ["input"] + [f"layer {i + 1}\n{k}x{k}" + (f", stride {s}" if s > 1 else "")
                         for i, (k, s) in enumerate(zip(kernels, strides))]
    ax.set_yticks(range(len(spans)), names, fontsize=9)
    ax.set_xlim(-0.3, total + 0.3)
    ax.set_ylim(-0.6, len(spans) - 0.4)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"receptive field of the top unit: {width} input positions")
    ax.set_title(title or "What one output unit sees")
    return ax


def gradient_norms(curves, ax=None, title=None):
    """The size of the gradient at every layer of deep stacks, as lines
    on a log scale.

    curves : {name: norms}, norms[l] = ||dL/dx_l|| for the input of layer
    l (l = 0 is the network's input, the last entry its output).
    Returns the Axes.
    """
    ax = _axes(ax, (6.4, 3.6))
    colours = [NEGATIVE, POSITIVE, "0.35", "#e09f3e"]
    for (name, norms), colour in zip(curves.items(), colours):
        norms = np.asarray(norms, dtype=float)
        ax.plot(np.arange(len(norms)), norms, "o-", ms=3.5, color=colour,
                label=name)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.axhline(1.0, color="0.5", lw=0.8, ls="--")
    ax.set_xlabel("layer l (0 = input of the network)")
    ax.set_ylabel(r"$\|\partial L/\partial x_l\|$ / value at the top")
    ax.set_title(title or "Gradient size through a deep stack")
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3, which="both")
    return ax


def cost_scatter(names, params, macs, ax=None, title=None):
    """Architectures as points: multiply-adds per image (x) against
    parameters (y), both on log scales, each point labelled.
    Returns the Axes."""
    params, macs = np.asarray(params, float), np.asarray(macs, float)
    if not len(names) == len(params) == len(macs):
        raise ValueError(
            "cost_scatter: names, params and macs must have the same "
            f"length, got {len(names)}, {len(params)}, {len(macs)}")
    ax = _axes(ax, (6.6, 4.2))
    ax.scatter(macs, params, s=36, color=POSITIVE, zorder=3)
    for name, x, y in zip(names, macs, params):
        ax.annotate(name, (x, y), xytext=(5, 4), textcoords="offset points",
                    fontsize=9)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(macs.min() / 3, macs.max() * 8)
    ax.set_ylim(params.min() / 3, params.max() * 4)
    ax.set_xlabel("multiply-adds per image (log scale)")
    ax.set_ylabel("parameters (log scale)")
    ax.set_title(title or "Size and cost of the architectures")
    ax.grid(alpha=0.3, which="both")
    return ax


# ---------------------------------------------------------------- chapter 18

def saliency_maps(images, maps, titles=None, title=None):
    """Images (top row) above the size of their saliency maps |S|
    (bottom row, each scaled to its own largest value: dark = large).

    images, maps : (n, H, W); titles : n strings or None.
    Returns the Figure.
    """
    images, maps = np.asarray(images), np.abs(np.asarray(maps))
    if images.shape != maps.shape or images.ndim != 3:
        raise ValueError(
            "saliency_maps: images and maps must both have shape "
            f"(n, H, W); got {images.shape} and {maps.shape}")
    n = len(images)
    fig, axes = plt.subplots(2, n, figsize=(1.9 * n, 4.2), squeeze=False)
    for i in range(n):
        axes[0, i].imshow(images[i], cmap="gray_r", vmin=0, vmax=1)
        axes[1, i].imshow(maps[i], cmap="Reds", vmin=0,
                          vmax=maps[i].max() or 1)
        if titles is not None:
            axes[0, i].set_title(titles[i], fontsize=10)
        for ax in axes[:, i]:
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("image")
    axes[1, 0].set_ylabel("|saliency|")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig



# ---------------------------------------------------------------- chapter 19
