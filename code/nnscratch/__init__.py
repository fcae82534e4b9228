"""nnscratch: neural networks from scratch with NumPy.

The companion library of the book *From Neuron to Narrative*. Each chapter
derives an idea in its notebook; this package keeps the result so that later
chapters can import it instead of copying it.

Modules
-------
activations  sigmoid, tanh, relu, gelu, softmax ... each beside its derivative
functional   each layer's math as forward/backward function pairs
             (dense: linear, dropout, batch norm; conv: conv2d, pooling)
layers       Parameter and Layer, and the layers built on them (Linear, ReLU,
             Conv2d, MaxPool2d, BatchNorm2d, Residual ...)
init         initial weights: Xavier/Glorot, He/Kaiming
losses       MSE, cross-entropy, hinge, KL ... each with its gradient;
             the same as objects (CrossEntropyLoss ...); weight penalties
optim        SGD (momentum, Nesterov), RMSProp, Adam; learning-rate schedules
train        fit: the training loop, History, EarlyStopping
data         batches, splits, standardization, toy sets, MNIST
text         vocabularies, encode/decode, truncated-BPTT batches,
             padding, sampling with temperature and top-k
metrics      accuracy, precision, recall, F1, confusion matrix, ROC and AUC
augment      shifted and rotated copies of digit images
gradcheck    numerical gradients and the relative error used to check them
autograd     Value: a scalar that records its computation and backpropagates
plot         the book's figures (needs matplotlib)
widgets      interactive explorers (needs ipywidgets)
exercises    checkers for the exercises at the end of each chapter
book         the notebooks' first cell: version check, print options, style
"""

__version__ = "0.3.0"

from ._memory import keep_freed_memory_unless_asked_not_to  # noqa: E402

keep_freed_memory_unless_asked_not_to()   # fewer page faults; see _memory

from . import (activations, augment, autograd, data, functional,  # noqa: E402
               gradcheck, init, layers, lm, losses, metrics, optim, text,
               train)
from .book import check_version, setup_notebook, show_source  # noqa: E402

__all__ = [
    "__version__",
    "activations",
    "augment",
    "autograd",
    "check_version",
    "data",
    "functional",
    "gradcheck",
    "init",
    "layers",
    "lm",
    "losses",
    "metrics",
    "optim",
    "setup_notebook",
    "show_source",
    "text",
    "train",
]
