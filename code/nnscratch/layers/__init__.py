"""Parameter and Layer, and the layers built on them.

``Parameter`` is an array the model learns, together with the gradient of
the loss with respect to it. ``Layer`` is anything with a ``forward``
(inputs to outputs) and a ``backward`` (gradient of the loss with respect
to the outputs to gradient with respect to the inputs, adding into its
parameters' ``.grad``).

base   Parameter, Layer, Sequential, summary, save, load
dense  Linear, the activations, Flatten, Dropout, BatchNorm1d (Part II)
conv   Conv2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d, BatchNorm2d,
       Residual (Part III)
recurrent  Embedding, RNN, LSTM, GRU, TemporalLinear (Part IV)
"""

from .base import Layer, Parameter, Sequential, load, save, summary
from .conv import (AvgPool2d, BatchNorm2d, Conv2d, GlobalAvgPool2d,
                   MaxPool2d, Residual)
from .dense import (ELU, GELU, Activation, BatchNorm1d, Dropout, Flatten,
                    LeakyReLU, Linear, ReLU, Sigmoid, Tanh)
from .recurrent import GRU, LSTM, RNN, Embedding, TemporalLinear

__all__ = [
    "Activation", "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "Conv2d",
    "Dropout", "ELU", "Embedding", "Flatten", "GELU", "GRU",
    "GlobalAvgPool2d", "LSTM", "Layer", "LeakyReLU", "Linear", "MaxPool2d",
    "Parameter", "RNN", "ReLU", "Residual", "Sequential", "Sigmoid", "Tanh",
    "TemporalLinear", "load", "save", "summary",
]
