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


def activation_explorer(name="sigmoid", w=1.0, b=0.0, x_max=5.0):
    """A menu for the activation and sliders for the weight w and bias b of one
    unit a = φ(w x + b), for inputs x in [-x_max, x_max]. Shows a and its slope
    φ'(w x + b), shades where that slope is small, and prints how much of the
    input range that is. Static companion: ``plot.activation_knobs``.
    """
    if not x_max > 0:
        raise ValueError(f"activation_explorer: x_max must be positive, got {x_max!r}")
    activations.get(name)  # a clear error for an unknown name
    act = widgets.Dropdown(options=sorted(activations.ACTIVATIONS), value=name,
                           description="φ")
    slider = dict(min=-5.0, max=5.0, step=0.1, continuous_update=False)
    weight = widgets.FloatSlider(value=w, description="w", **slider)
    bias = widgets.FloatSlider(value=b, description="b", **slider)
    out = widgets.Output()
    x = np.linspace(-x_max, x_max, 401)

    def draw(*_):
        _, df = activations.get(act.value)
        small = np.mean(np.abs(df(weight.value * x + bias.value)) < plot.SMALL_SLOPE)
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 3.6))
            plot.activation_curves(act.value, weight.value, bias.value, x=x, ax=ax)
            plt.show()
            sign = "-" if bias.value < 0 else "+"
            print(f"z = {weight.value:.1f} x {sign} {abs(bias.value):.1f}: the slope φ'(z) is "
                  f"below {plot.SMALL_SLOPE} for {small:.0%} of the inputs "
                  f"in [{-x_max:g}, {x_max:g}]")

    for control in (act, weight, bias):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([act]), widgets.HBox([weight, bias]), out])


def learning_rate_explorer(loss, grad, theta0, extent=(-2, 4, -2, 4), lr=0.1,
                           num_steps=50, minimum=None):
    """A slider for the learning rate (on a log scale, 0.001 to about 3) and one
    for the number of steps of gradient descent on a loss of two parameters;
    shows the path on the contour map and the loss after every step. Static
    companion: ``plot.learning_rates``.

    loss, grad : callables of theta (shape (2,)): the loss (float) and its
        gradient (shape (2,)); theta0 : the start, shape (2,)
    extent : (x_min, x_max, y_min, y_max), the box of parameters shown
    minimum : optional (2,), marked with a star
    """
    theta0 = plot.part1._descent_args(theta0, lr, num_steps, "learning_rate_explorer")
    extent = plot.part1._extent(extent, "learning_rate_explorer")
    if not 1e-3 <= lr <= 10**0.5 or num_steps > 300:
        raise ValueError("learning_rate_explorer: the sliders run over 0.001 <= lr <= 3.16 "
                         f"and 1 <= num_steps <= 300, got lr={lr}, num_steps={num_steps}")
    grid = plot.loss_grid(loss, extent)  # the map is drawn once per move: compute it once
    rate = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0.5, step=0.01,
                                  description="η", readout_format=".3g",
                                  continuous_update=False)
    steps = widgets.IntSlider(value=num_steps, min=1, max=300, description="steps",
                              continuous_update=False)
    out = widgets.Output()

    def draw(*_):
        with out:
            out.clear_output(wait=True)
            fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
            plot.descent_run(loss, grad, theta0, rate.value, steps.value, extent,
                             axes=axes, grid=grid, minimum=minimum)
            fig.tight_layout()
            plt.show()

    for control in (rate, steps):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([rate, steps]), out])


def optimizer_explorer(optimizer="adam", surface="rosenbrock", lr=0.2,
                       momentum=0.9, num_steps=200):
    """Menus for the optimizer and the surface ("bowl" or
    "rosenbrock"), sliders for the learning rate (log scale, 1e-4 to
    10) and for the momentum mu (beta1 for Adam; SGD and RMSProp
    ignore it). Shows the path on the contour map and the loss after
    every step. Static companion: ``plot.optimizer_lrs``.
    """
    names, surfaces = plot.OPTIMIZER_NAMES, plot.OPTIM_SURFACES
    if optimizer not in names:
        raise ValueError(f"optimizer_explorer: optimizer must be one "
                         f"of {list(names)}, got {optimizer!r}")
    if surface not in surfaces:
        raise ValueError(f"optimizer_explorer: surface must be one of "
                         f"{sorted(surfaces)}, got {surface!r}")
    if not (1e-4 <= lr <= 10 and 0 <= momentum <= 0.99
            and 1 <= num_steps <= 1000):
        raise ValueError(
            "optimizer_explorer: the sliders run over 1e-4 <= lr <= "
            "10, 0 <= momentum <= 0.99 and 1 <= num_steps <= 1000, "
            f"got lr={lr}, momentum={momentum}, num_steps={num_steps}")
    menu = widgets.Dropdown(
        options=[(plot.OPTIMIZER_LABELS[n], n) for n in names],
        value=optimizer, description="optimizer")
    where = widgets.Dropdown(options=sorted(surfaces), value=surface,
                             description="surface")
    rate = widgets.FloatLogSlider(value=lr, base=10, min=-4, max=1,
                                  step=0.05, description="η",
                                  readout_format=".3g",
                                  continuous_update=False)
    mu = widgets.FloatSlider(value=momentum, min=0.0, max=0.99,
                             step=0.01, description="μ or β₁",
                             continuous_update=False)
    steps = widgets.IntSlider(value=num_steps, min=1, max=1000,
                              description="steps",
                              continuous_update=False)
    out = widgets.Output()

    def draw(*_):
        s = surfaces[where.value]
        path = plot.optimizer_path(menu.value, where.value, rate.value,
                                   steps.value, mu.value)
        with np.errstate(over="ignore", invalid="ignore"):
            f = s["f"](path[:, 0], path[:, 1])
        with out:
            out.clear_output(wait=True)
            fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.4))
            plot.surface_map(where.value, left)
            plot.part2._draw_path(left, path,
                                  plot.OPTIMIZER_COLOURS[menu.value])
            left.set_title(f"{plot.OPTIMIZER_LABELS[menu.value]}, "
                           f"η = {rate.value:.3g}", fontsize=11)
            right.semilogy(np.arange(len(f)), f,
                           color=plot.OPTIMIZER_COLOURS[menu.value])
            right.set_xlabel("step")
            right.set_ylabel("loss f (log scale)")
            right.set_title("loss after each step", fontsize=11)
            fig.tight_layout()
            plt.show()
            if len(path) < steps.value + 1:
                print(f"blew up after {len(path) - 1} steps: "
                      "lower the learning rate")
            else:
                x, y = path[-1]
                print(f"after {steps.value} steps: (x, y) = "
                      f"({x:.4f}, {y:.4f}), f = {f[-1]:.3g}")

    for control in (menu, where, rate, mu, steps):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([menu, where]),
                         widgets.HBox([rate, mu]),
                         widgets.HBox([steps]), out])


# Chapter 12: one hidden layer of growing width ------------------------------

import functools  # noqa: E402  (appended with chapter 12's explorer)


def width_target(x):
    """sin(3x) + |x|: the function chapter 12 fits with one hidden
    layer of growing width."""
    return np.sin(3 * x) + np.abs(x)


@functools.lru_cache(maxsize=None)
def fit_width(width, num_epochs=1000, lr=0.05, seed=0):
    """Fit ``width_target`` on 200 points of [-2, 2] with a network
    1 -> width (tanh) -> 1: MSE loss, Adam with a cosine schedule from
    ``lr`` to 0 (a constant rate never settles, and the last loss then
    depends on roundoff), full batch, fixed seed.

    Returns (x, y_hat, loss): x and y_hat of shape (200,), read-only,
    and the training MSE after the last step. Results are cached:
    asking again for the same width costs nothing.
    """
    from .layers import Linear, Sequential, Tanh
    from .losses import MSELoss
    from .optim import Adam, CosineLR
    from .train import fit

    if not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"fit_width: width must be a positive int, "
                         f"got {width!r}")
    x = np.linspace(-2, 2, 200).reshape(-1, 1)
    y = width_target(x)
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(1, width, rng), Tanh(),
                       Linear(width, 1, rng))
    optimizer = Adam(model.parameters(), lr=lr)
    fit(model, MSELoss(), optimizer, x, y, epochs=num_epochs, rng=rng,
        batch_size=len(x), progress=False,
        scheduler=CosineLR(optimizer, num_epochs))
    y_hat = model(x)
    loss = float(np.mean((y_hat - y) ** 2))  # after the last step
    x, y_hat = x.ravel(), y_hat.ravel()
    x.flags.writeable = False
    y_hat.flags.writeable = False
    return x, y_hat, loss


def width_explorer(widths=(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64),
                   width=8):
    """A slider for the number of hidden units of a one-hidden-layer
    network fitted to sin(3x) + |x| (``fit_width``; each width is
    trained once, the first time the slider reaches it, in about a
    second). Static companion: ``plot.width_fits``.
    """
    widths = [int(w) for w in widths]
    if width not in widths:
        raise ValueError(f"width_explorer: width={width!r} must be one "
                         f"of the widths {widths}")
    slider = widgets.SelectionSlider(options=widths, value=width,
                                     description="width",
                                     continuous_update=False)
    out = widgets.Output()

    def draw(*_):
        x, y_hat, loss = fit_width(slider.value)
        with out:
            out.clear_output(wait=True)
            fig = plot.width_fits(x, width_target(x),
                                  {slider.value: y_hat})
            fig.set_size_inches(5, 3.4)
            fig.tight_layout()
            plt.show()
            print(f"{slider.value} hidden units, "
                  f"{3 * slider.value + 1} parameters: "
                  f"training MSE {loss:.4f}")

    slider.observe(draw, names="value")
    draw()
    return widgets.VBox([slider, out])


def _kernel_png(image, kernel, relu, name):
    """The feature map of ``image`` under a 3 x 3 ``kernel`` (padding 1),
    drawn next to the kernel, as PNG bytes."""
    import io

    from .functional import conv2d_forward
    x = np.asarray(image, dtype=np.float64)[None, None]
    fmap = conv2d_forward(x, kernel[None, None], None, 1, 1)[0][0, 0]
    if relu:
        fmap = np.maximum(fmap, 0)
    fig, (ax_k, ax_m) = plt.subplots(1, 2, figsize=(6.4, 3.0),
                                     gridspec_kw={"width_ratios": [1, 1.3]})
    plot.feature_map_panel(kernel, "kernel", ax_k, colorbar=False)
    for (i, j), v in np.ndenumerate(kernel):
        ax_k.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=11)
    plot.feature_map_panel(fmap, f"feature map ({name}"
                           + (", ReLU)" if relu else ")"), ax_m)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return buffer.getvalue()


def kernel_explorer(image, preset="sobel x"):
    """A menu of 3 x 3 kernels (``plot.KERNELS``: identity, blur,
    sharpen, Sobel x and y, Laplacian), nine boxes to edit the weights,
    and a ReLU switch; shows the kernel and the feature map of
    ``image`` (H, W), padding 1. Static companion:
    ``plot.kernel_gallery``.
    """
    if preset not in plot.KERNELS:
        raise ValueError(f"kernel_explorer: preset={preset!r} must be one "
                         f"of {sorted(plot.KERNELS)}")
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"kernel_explorer: image must be (H, W), got "
                         f"shape {image.shape}")
    menu = widgets.Dropdown(options=list(plot.KERNELS), value=preset,
                            description="kernel")
    relu = widgets.Checkbox(value=False, description="ReLU")
    boxes = [widgets.FloatText(value=0.0, step=0.5,
                               layout=widgets.Layout(width="70px"))
             for _ in range(9)]
    picture = widgets.Image(format="png")
    state = {"loading": False}

    def draw(*_):
        if state["loading"]:
            return
        kernel = np.array([b.value for b in boxes]).reshape(3, 3)
        name = menu.value if np.allclose(
            kernel, plot.KERNELS[menu.value]) else "edited"
        picture.value = _kernel_png(image, kernel, relu.value, name)

    def load(*_):
        state["loading"] = True
        for b, v in zip(boxes, plot.KERNELS[menu.value].ravel()):
            b.value = round(float(v), 4)
        state["loading"] = False
        draw()

    menu.observe(load, names="value")
    relu.observe(draw, names="value")
    for b in boxes:
        b.observe(draw, names="value")
    load()
    grid = widgets.GridBox(boxes, layout=widgets.Layout(
        grid_template_columns="repeat(3, 76px)"))
    return widgets.VBox([widgets.HBox([menu, relu]), grid, picture])
