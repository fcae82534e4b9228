"""nnscratch: neural networks from scratch with NumPy.

The companion library of the book *From Neuron to Narrative*. Each chapter
derives an idea in its notebook; this package keeps the result so that later
chapters can import it instead of copying it.

Modules
-------
activations  step, sigmoid, tanh, relu, ... each beside its derivative
layers       Parameter and Layer, the two classes every model is made of
gradcheck    numerical gradients and the relative error used to check them
plot         the book's figures (needs matplotlib)
widgets      interactive explorers (needs ipywidgets)
exercises    checkers for the exercises at the end of each chapter
book         the notebooks' first cell: version check, print options, style
"""

__version__ = "0.1.0"

from . import activations, gradcheck, layers  # noqa: E402  (NumPy only)
from .book import check_version, setup_notebook, show_source  # noqa: E402

__all__ = [
    "__version__",
    "activations",
    "check_version",
    "gradcheck",
    "layers",
    "setup_notebook",
    "show_source",
]
