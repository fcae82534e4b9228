"""The math of each layer as a pair of plain functions.

``*_forward(x, ...)`` returns ``(out, cache)``;
``*_backward(dout, cache)`` takes dL/dout, the gradient of the loss
with respect to ``out``, and returns the gradients with respect to
the inputs. The cache holds what the backward pass needs from the
forward pass. Layers in ``nnscratch.layers`` are thin stateful
wrappers over these functions.

dense  linear, dropout, batch norm      rows are samples: x is (m, n)
conv   conv2d, im2col, pooling, batch norm for images: x is (N, C, H, W)
recurrent  rnn, lstm, gru (step and sequence), embedding, temporal
       linear, masked softmax cross-entropy: x is (N, T, D), batch-first
"""

from .conv import (avg_pool2d_backward, avg_pool2d_forward,
                   batchnorm2d_backward, batchnorm2d_forward,
                   channels_to_rows, col2im, conv2d_backward,
                   conv2d_forward, conv_output_size,
                   global_avg_pool2d_backward, global_avg_pool2d_forward,
                   im2col, max_pool2d_backward, max_pool2d_forward,
                   rows_to_channels)
from .dense import (batchnorm_backward, batchnorm_forward,
                    dropout_backward, dropout_forward, linear_backward,
                    linear_forward)
from .recurrent import (embedding_backward, embedding_forward,
                        gru_backward, gru_forward, gru_step_backward,
                        gru_step_forward, lstm_backward, lstm_forward,
                        lstm_step_backward, lstm_step_forward,
                        rnn_backward, rnn_forward, rnn_step_backward,
                        rnn_step_forward, temporal_linear_backward,
                        temporal_linear_forward,
                        temporal_softmax_cross_entropy)

__all__ = [
    "avg_pool2d_backward", "avg_pool2d_forward", "batchnorm2d_backward",
    "batchnorm2d_forward", "batchnorm_backward", "batchnorm_forward",
    "channels_to_rows", "col2im", "conv2d_backward", "conv2d_forward",
    "conv_output_size", "dropout_backward", "dropout_forward",
    "global_avg_pool2d_backward", "global_avg_pool2d_forward", "im2col",
    "linear_backward", "linear_forward", "max_pool2d_backward",
    "max_pool2d_forward", "rows_to_channels",
    "embedding_backward", "embedding_forward", "gru_backward",
    "gru_forward", "gru_step_backward", "gru_step_forward",
    "lstm_backward", "lstm_forward", "lstm_step_backward",
    "lstm_step_forward", "rnn_backward", "rnn_forward",
    "rnn_step_backward", "rnn_step_forward", "temporal_linear_backward",
    "temporal_linear_forward", "temporal_softmax_cross_entropy",
]
