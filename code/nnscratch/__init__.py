"""nnscratch: neural networks from scratch with NumPy.

The companion library of the book *From Neuron to Narrative*. Each chapter
derives an idea in its notebook; this package keeps the result so that later
chapters can import it instead of copying it.

Modules
-------
activations  sigmoid, tanh, relu, gelu, softmax ... each beside its derivative
functional   each layer's math as forward/backward function pairs
layers       Parameter and Layer, and the layers built on them (Linear, ReLU ...)
init         initial weights: Xavier/Glorot, He/Kaiming
losses       MSE, cross-entropy, hinge, KL ... each with its gradient
gradcheck    numerical gradients and the relative error used to check them
autograd     Value: a scalar that records its computation and backpropagates
plot         the book's figures (needs matplotlib)
widgets      interactive explorers (needs ipywidgets)
exercises    checkers for the exercises at the end of each chapter
book         the notebooks' first cell: version check, print options, style
"""

__version__ = "0.3.0"

from . import activations, autograd, functional, gradcheck, init, layers, losses  # noqa: E402
from .book import check_version, setup_notebook, show_source  # noqa: E402

__all__ = [
    "__version__",
    "activations",
    "autograd",
    "check_version",
    "functional",
    "gradcheck",
    "init",
    "layers",
    "losses",
    "setup_notebook",
    "show_source",
]
