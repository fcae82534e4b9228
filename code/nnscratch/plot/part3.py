"""Figures of Part III: convolutional networks (chapters 15-19)."""

import matplotlib.pyplot as plt
import numpy as np

from .part1 import NEGATIVE, POSITIVE, _axes

# ---------------------------------------------------------------- chapter 15

# 3 x 3 kernels of classical image processing, for the kernel explorer
# and its static twin. Sobel x responds to vertical edges (brightness
# changing from left to right), Sobel y to horizontal ones.
KERNELS = {
    "identity": np.array([[0., 0., 0.], [0., 1., 0.], [0., 0., 0.]]),
    "blur": np.full((3, 3), 1 / 9),
    "sharpen": np.array([[0., -1., 0.], [-1., 5., -1.], [0., -1., 0.]]),
    "sobel x": np.array([[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]]),
    "sobel y": np.array([[1., 2., 1.], [0., 0., 0.], [-1., -2., -1.]]),
    "laplacian": np.array([[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]]),
}


def feature_map_panel(values, title, ax, colorbar=True):
    """One feature map on ``ax`` in a diverging colormap centred at 0
    (red positive, blue negative, white 0), with a colorbar."""
    values = np.asarray(values, dtype=float)
    top = max(float(np.abs(values).max()), 1e-12)
    picture = ax.imshow(values, cmap="RdBu_r", vmin=-top, vmax=top)
    ax.set_title(title, fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    if colorbar:
        ax.figure.colorbar(picture, ax=ax, fraction=0.046, pad=0.04)
    return picture


def conv_feature_maps(image, maps, titles, image_title="input", ncols=None,
                 title=None, size=2.4):
    """A grey input image followed by its feature maps, each in a
    diverging colormap centred at 0 with its own colorbar.

    image : (H, W); maps : sequence of (H', W') arrays; titles : one per
    map. Returns the Figure.
    """
    maps = [np.asarray(m, dtype=float) for m in maps]
    if len(titles) != len(maps):
        raise ValueError(f"conv_feature_maps: {len(maps)} maps but "
                         f"{len(titles)} titles")
    n = len(maps) + 1
    ncols = n if ncols is None else ncols
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(size * 1.25 * ncols, size * nrows + 0.6))
    axes = axes.ravel()
    axes[0].imshow(image, cmap="gray_r", vmin=0, vmax=max(1.0, np.max(image)))
    axes[0].set_title(image_title, fontsize=11)
    axes[0].set_xticks([])
    axes[0].set_yticks([])
    for ax, m, t in zip(axes[1:], maps, titles):
        feature_map_panel(m, t, ax)
    for ax in axes[n:]:
        ax.axis("off")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def kernel_gallery(image, kernels=None, ncols=4, title=None, size=2.4):
    """The static twin of ``widgets.kernel_explorer``: a digit and its
    feature map under every kernel of ``kernels`` (a dict name -> 3 x 3
    array, by default ``KERNELS``), padding 1, so every map is as large
    as the image. Returns the Figure."""
    from ..functional import conv2d_forward
    kernels = KERNELS if kernels is None else kernels
    x = np.asarray(image, dtype=np.float64)[None, None]
    maps = [conv2d_forward(x, np.asarray(k, dtype=np.float64)[None, None],
                           None, 1, (len(k) - 1) // 2)[0][0, 0]
            for k in kernels.values()]
    return conv_feature_maps(image, maps, list(kernels), image_title="the digit",
                        ncols=ncols, title=title, size=size)


def conv_by_hand(image, kernel, p=0, q=0, title=None):
    """One step of a convolution, every number written in its cell: the
    image with the kernel's window at output position (p, q) outlined,
    the kernel, and the whole output (no padding, stride 1) with (p, q)
    outlined. image : (H, W); kernel : (kh, kw). Returns the Figure."""
    from ..functional import conv2d_forward
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("conv_by_hand: image and kernel must be 2-D, got "
                         f"shapes {image.shape} and {kernel.shape}")
    out = conv2d_forward(image[None, None], kernel[None, None], None)[0][0, 0]
    kh, kw = kernel.shape
    if not (0 <= p < out.shape[0] and 0 <= q < out.shape[1]):
        raise ValueError(f"conv_by_hand: (p, q) = ({p}, {q}) is not an "
                         f"output position of the {out.shape} output")
    # width ratios = columns, so every cell is drawn the same size
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 4.4), gridspec_kw={
        "width_ratios": [image.shape[1], kw, out.shape[1]]})
    panels = [(image, "image X", (p, q, kh, kw)),
              (kernel, "kernel K", None),
              (out, "output Y", (p, q, 1, 1))]
    for ax, (values, name, box) in zip(axes, panels):
        top = max(np.abs(values).max(), 1e-12)
        ax.imshow(values, cmap="RdBu_r", vmin=-1.6 * top, vmax=1.6 * top)
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=12)
        ax.set_xticks(range(values.shape[1]))
        ax.set_yticks(range(values.shape[0]))
        ax.tick_params(length=0, labelsize=9)
        ax.grid(False)
        ax.set_title(name, fontsize=11)
        if box is not None:
            i, j, h, w = box
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), w, h, fill=False,
                                       color="0.1", lw=3))
    axes[0].set_xlabel(f"window of output ({p}, {q}) outlined")
    axes[2].set_xlabel(f"Y[{p}, {q}]: window × kernel, summed")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig



# ---------------------------------------------------------------- chapter 16

def pooling_example(x, size=2, title=None):
    """A small image with its size x size windows outlined, next to its
    max pooling (each window's maximum ringed in the input) and its
    average pooling; every value is written in its cell.

    x : (H, W) with H and W multiples of size. Returns the Figure.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] % size or x.shape[1] % size:
        raise ValueError(
            "pooling_example: x must be (H, W) with H and W multiples of "
            f"size={size}; got shape {x.shape}")
    H, W = x.shape
    win = x.reshape(H // size, size, W // size, size).transpose(0, 2, 1, 3)
    maxed = win.max(axis=(2, 3))
    averaged = win.mean(axis=(2, 3))
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.4),
                             gridspec_kw={"width_ratios": [2, 1, 1]})
    panels = [(x, "input x (windows outlined)", "{:g}"),
              (maxed, f"max pooling, {size} × {size}", "{:g}"),
              (averaged, f"average pooling, {size} × {size}", "{:.2f}")]
    top = max(np.abs(x).max(), 1e-12)
    for ax, (values, name, fmt) in zip(axes, panels):
        ax.imshow(values, cmap="Blues", vmin=0, vmax=1.6 * top)
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, fmt.format(v), ha="center", va="center",
                    fontsize=12)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(name, fontsize=11)
    for p in range(H // size + 1):
        axes[0].axhline(p * size - 0.5, color="0.2", lw=2.5)
    for q in range(W // size + 1):
        axes[0].axvline(q * size - 0.5, color="0.2", lw=2.5)
    for p in range(H // size):          # ring the first maximum of each window
        for q in range(W // size):
            k = np.argmax(win[p, q])
            i, j = p * size + k // size, q * size + k % size
            axes[0].add_patch(plt.Circle((j, i), 0.38, fill=False,
                                         color=NEGATIVE, lw=2))
    axes[0].set_xlabel("red ring: the maximum of its window")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def kernel_grid(kernels, ncols=8, title=None):
    """Convolution kernels (F, kh, kw) side by side, on one diverging
    colour scale centred at 0 (blue +, red -), with a colour bar.

    Returns the Figure.
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim != 3:
        raise ValueError("kernel_grid: kernels must be (F, kh, kw), got "
                         f"shape {kernels.shape}")
    F = len(kernels)
    nrows = -(-F // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.0 * ncols + 1.2,
                                                    1.05 * nrows + 0.6),
                             squeeze=False)
    top = max(np.abs(kernels).max(), 1e-12)
    for f, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if f >= F:
            ax.axis("off")
            continue
        picture = ax.imshow(kernels[f], cmap="RdBu", vmin=-top, vmax=top)
        ax.set_title(f"{f}", fontsize=9, pad=2)
    fig.colorbar(picture, ax=axes, fraction=0.04, pad=0.03,
                 label="weight (blue +, red -)")
    if title:
        fig.suptitle(title)
    return fig


def feature_maps(maps, ncols=8, title=None, size=1.0):
    """Feature maps (C, H, W) of one image, each on its own grey scale
    (white 0, black its largest value), numbered by channel.

    Returns the Figure.
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError("feature_maps: maps must be (C, H, W), got "
                         f"shape {maps.shape}")
    C = len(maps)
    nrows = -(-C // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(size * ncols, size * nrows + 0.5))
    for c, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if c >= C:
            ax.axis("off")
            continue
        ax.imshow(maps[c], cmap="gray_r", vmin=0,
                  vmax=max(maps[c].max(), 1e-12))
        ax.set_title(f"{c}", fontsize=8, pad=1)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def shift_similarity(shifts, curves, ax=None, title=None,
                     ylabel="cosine similarity to the unshifted image"):
    """One line per representation: how similar it stays as the image
    moves. shifts : (k,) pixels; curves : {name: (k,) values}.

    Returns the Axes.
    """
    shifts = np.asarray(shifts)
    ax = _axes(ax, figsize=(6, 4))
    markers = "osD^v<>"
    for (name, values), marker in zip(curves.items(), markers * 3):
        values = np.asarray(values, dtype=float)
        if values.shape != shifts.shape:
            raise ValueError(
                f"shift_similarity: curve {name!r} has {values.size} "
                f"values for {shifts.size} shifts")
        ax.plot(shifts, values, marker=marker, label=name)
    ax.set_xticks(shifts)
    ax.set_xlabel("shift to the right (pixels)")
    ax.set_ylabel(ylabel)
    ax.set_title(title or "How much a representation changes with a shift")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax



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
