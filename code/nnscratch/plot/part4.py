"""Figures of Part IV: recurrent networks (chapters 20-24)."""

import matplotlib.pyplot as plt
import numpy as np

from .part1 import NEGATIVE, POSITIVE, _axes

# ---------------------------------------------------------------- chapter 20

def rnn_unrolled(T=4, title="A vanilla RNN unrolled over time", ax=None):
    """The recurrence h_t = tanh(W_x x_t + W_h h_{t-1} + b) drawn as T
    copies of one cell, sharing W_x, W_h and b. Returns the Axes."""
    if not isinstance(T, (int, np.integer)) or T < 1:
        raise ValueError(f"rnn_unrolled: T must be a positive int, got {T!r}")
    ax = _axes(ax, figsize=(2.4 * (T + 1), 3.6))
    kw = dict(ha="center", va="center", fontsize=11)
    arrow = dict(arrowstyle="->", lw=1.5, color="0.25")
    for t in range(T + 1):
        X = 2.0 * t
        if t == 0:
            ax.text(X, 1.0, "$h_0$", bbox=dict(boxstyle="circle", fc="0.92"),
                    **kw)
            continue
        ax.text(X, 1.0, f"tanh\n$h_{t}$", bbox=dict(
            boxstyle="round,pad=0.5", fc=POSITIVE, alpha=0.35), **kw)
        ax.text(X, -0.6, f"$x_{t}$", bbox=dict(boxstyle="round", fc="0.92"),
                **kw)
        ax.text(X, 2.5, f"$\\hat y_{t}$", bbox=dict(boxstyle="round",
                                                     fc="0.92"), **kw)
        ax.annotate("", (X, 0.55), (X, -0.35), arrowprops=arrow)
        ax.annotate("", (X, 2.25), (X, 1.45), arrowprops=arrow)
        ax.text(X + 0.1, -0.0, "$W_x$", fontsize=10, color="0.3")
        ax.annotate("", (X - 0.5, 1.0), (X - 1.5, 1.0), arrowprops=dict(
            arrowstyle="->", lw=1.8, color=NEGATIVE))
        ax.text(X - 1.0, 1.15, "$W_h$", fontsize=10, color=NEGATIVE,
                ha="center")
    ax.set_xlim(-0.8, 2.0 * T + 0.8)
    ax.set_ylim(-1.1, 3.0)
    ax.axis("off")
    ax.set_title(title + " (the same $W_x$, $W_h$, $b$ at every step)")
    return ax


def gradient_norms_over_time(norms, title="", ax=None):
    """||dL/dh_t|| against t on a log scale, one line per setting.

    norms : {label: (T,) positive values}, index t = 1..T. The loss sits
    on the last step, so the gradient travels right to left. Returns the
    Axes.
    """
    ax = _axes(ax, figsize=(8, 4.2))
    for label, v in norms.items():
        v = np.asarray(v, dtype=float)
        if v.ndim != 1:
            raise ValueError(f"gradient_norms_over_time: {label!r} must be "
                             f"1-D, got shape {v.shape}")
        ax.plot(np.arange(1, len(v) + 1), v, lw=2, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("time step t (the loss is on the last step)")
    ax.set_ylabel(r"$\|\partial L / \partial h_t\|$ (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    return ax


# ---------------------------------------------------------------- chapter 21

def recall_accuracy_plot(Ts, accuracy, chance=None, title="", ax=None):
    """Test accuracy of several models against the sequence length T.

    Ts : (k,) lengths; accuracy : {model name: (k,) accuracies in [0, 1]};
    chance : the accuracy of guessing, drawn as a dotted line. Returns
    the Axes.
    """
    Ts = np.asarray(Ts)
    ax = _axes(ax, figsize=(7, 4))
    for name, acc in accuracy.items():
        acc = np.asarray(acc, dtype=float)
        if acc.shape != Ts.shape:
            raise ValueError(f"recall_accuracy_plot: {name!r} has shape "
                             f"{acc.shape}, expected {Ts.shape}")
        ax.plot(Ts, acc, marker="o", lw=2, label=name)
    if chance is not None:
        ax.axhline(chance, color="0.5", ls=":", label="chance")
    ax.set_xscale("log", base=2)
    ax.set_xticks(Ts, [str(t) for t in Ts])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("sequence length T (steps between the symbol and the question)")
    ax.set_ylabel("test accuracy")
    ax.set_title(title)
    ax.legend()
    return ax


# ---------------------------------------------------------------- chapter 22

def char_activation_plot(text, values, title="", width=64, vmax=None,
                         cmap="coolwarm", ax=None, fontsize=11):
    """Text with each character's cell coloured by one number, such as a
    hidden unit's activation while the network reads that character.

    text : str of length T (newlines start a new row, long lines wrap at
    ``width``); values : (T,) numbers, one per character; vmax : the
    colour scale runs from -vmax to vmax (default: the largest |value|).
    A newline is drawn as a small "⏎" in its own cell; fontsize is that of
    the characters. Returns the Axes.
    """
    values = np.asarray(values, dtype=float)
    if values.shape != (len(text),):
        raise ValueError(f"char_activation_plot: values must have shape "
                         f"({len(text)},), one per character, got "
                         f"{values.shape}")
    cells, row, col = [], 0, 0           # (row, col, char, value)
    for ch, v in zip(text, values):
        if col >= width:
            row, col = row + 1, 0
        cells.append((row, col, ch, v))
        if ch == "\n":
            row, col = row + 1, 0
        else:
            col += 1
    rows = row + 1
    grid = np.full((rows, width), np.nan)
    for r, c, _, v in cells:
        grid[r, c] = v
    vmax = float(np.nanmax(np.abs(values))) if vmax is None else vmax
    vmax = vmax or 1.0
    ax = _axes(ax, figsize=(width * 0.17, rows * 0.3 + 0.8))
    im = ax.imshow(grid, cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto",
                   interpolation="nearest")
    for r, c, ch, _ in cells:
        ax.text(c, r, "⏎" if ch == "\n" else ch, ha="center", va="center",
                fontsize=fontsize, family="monospace",
                color="0.5" if ch == "\n" else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.01,
                       label="activation")
    return ax


# ---------------------------------------------------------------- chapter 23

def attribution_text_plot(sentences, scores, labels=None, title="",
                          width=64, ax=None):
    """Sentences as text, each word on a background coloured by its score:
    blue for words that push towards positive, red towards negative,
    paler for smaller |score| (each sentence scaled by its own largest
    |score|).

    sentences : list of token lists; scores : list of (len(tokens),)
    arrays; labels : one string per sentence, shown above it (or None);
    width : characters per line before a sentence wraps. Returns the Axes.
    """
    if len(sentences) != len(scores):
        raise ValueError(f"attribution_text_plot: {len(sentences)} sentences "
                         f"but {len(scores)} score arrays")
    rows = []                                # (label or None, [(word, s)])
    for n, (tokens, s) in enumerate(zip(sentences, scores)):
        s = np.asarray(s, dtype=float)
        if s.shape != (len(tokens),):
            raise ValueError(f"attribution_text_plot: sentence {n} has "
                             f"{len(tokens)} tokens but scores of shape "
                             f"{s.shape}")
        scale = np.abs(s).max() if s.size and np.abs(s).max() > 0 else 1.0
        rows.append((labels[n] if labels is not None else None, []))
        used = 0
        for word, v in zip(tokens, s / scale):
            if used and used + len(word) + 1 > width:
                rows.append((None, []))
                used = 0
            rows[-1][1].append((word, used, v))
            used += len(word) + 1
    n_lines = len(rows) + sum(label is not None for label, _ in rows)
    ax = _axes(ax, figsize=(11, 0.42 * n_lines + 0.6))
    cmap = plt.get_cmap("RdBu")
    line = 0
    for label, words in rows:
        if label is not None:
            ax.text(0, line, label, fontsize=10, color="0.35", va="center",
                    style="italic")
            line += 1
        for word, col, v in words:
            ax.text(col / width, line, word, family="monospace", fontsize=12,
                    va="center",
                    bbox=dict(boxstyle="square,pad=0.15", lw=0,
                              facecolor=cmap(0.5 + 0.45 * v)))
        line += 1
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(line - 0.4, -0.6)
    ax.axis("off")
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------- chapter 24

def forecast_plot(t, y, n_test, forecasts, title="", ylabel="", ax=None):
    """A series with its held-out tail shaded and forecasts drawn over it.

    t : (n,) x values (e.g. decimal years); y : (n,) the series; n_test :
    length of the held-out tail; forecasts : {label: (n_test,) values}.
    Returns the Axes.
    """
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    if t.shape != y.shape or not 0 < n_test < len(y):
        raise ValueError(f"forecast_plot: t and y must have one shape and "
                         f"0 < n_test < len(y), got {t.shape}, {y.shape}, "
                         f"n_test={n_test}")
    ax = _axes(ax, figsize=(10, 4))
    ax.plot(t, y, color="0.2", lw=1.5, label="observed")
    ax.axvspan(t[-n_test], t[-1], color="0.9", zorder=0,
               label="held-out tail")
    for label, f in forecasts.items():
        f = np.asarray(f, dtype=float)
        if f.shape != (n_test,):
            raise ValueError(f"forecast_plot: forecast {label!r} has shape "
                             f"{f.shape}, expected ({n_test},)")
        ax.plot(t[-n_test:], f, lw=1.5, ls="--", label=label)
    ax.set_title(title)
    ax.set_xlabel("time")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", fontsize=9)
    return ax
