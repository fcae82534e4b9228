"""Checkers for the page "How fast is nnscratch?" (chapters/25-speed).

- ``check_mlp_flops(fn)``: ``fn(sizes, m, need_input_grad)`` returns the
  floating-point operations of the matrix products in one training pass
  of an MLP over m samples: forward and backward, 2 per multiply-add.
  ``sizes`` are the layer widths, e.g. (784, 256, 10); the first layer's
  input gradient counts only if ``need_input_grad``.
- ``check_conv_flops(fn)``: ``fn(N, C, H, W, F, k)`` returns the FLOPs of
  the forward pass of a k x k convolution, stride 1, no padding, with F
  filters on a batch (N, C, H, W): 2 per multiply-add.
"""

from ._report import Report, find_mistake


def mlp_flops(sizes, m, need_input_grad):
    """The reference: each layer n_in -> n_out costs 2 m n_in n_out for
    x @ W, the same for dW = x.T @ dout, and the same for dx = dout @ W.T
    except in the first layer when its input gradient is not needed."""
    total = 0
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        products = 3 if (i > 0 or need_input_grad) else 2
        total += products * 2 * m * n_in * n_out
    return total


def conv_flops(N, C, H, W, F, k):
    """The reference: N * OH * OW outputs per filter, each a dot product
    of C k k terms, for F filters."""
    OH, OW = H - k + 1, W - k + 1
    return 2 * N * F * OH * OW * C * k * k


_MLP_MISTAKES = [
    (lambda s, m, g: mlp_flops(s, m, g) // 2,
     "it counts one operation per multiply-add",
     "a multiply-add is two floating-point operations: count "
     "2 * m * n_in * n_out for each product"),
    (lambda s, m, g: mlp_flops(s, m, True),
     "it counts the first layer's input gradient although it is not "
     "needed", "with need_input_grad=False the first layer skips "
     "dx = dout @ W.T"),
    (lambda s, m, g: sum(2 * m * a * b for a, b in zip(s[:-1], s[1:])),
     "it counts only the forward pass",
     "the backward pass has two products per layer of the forward's "
     "size: dW = x.T @ dout and dx = dout @ W.T"),
    (lambda s, m, g: sum(4 * m * a * b for a, b in zip(s[:-1], s[1:])),
     "it counts one backward product per layer",
     "each layer's backward makes dW AND dx (but see the first layer)"),
]

_CONV_MISTAKES = [
    (lambda N, C, H, W, F, k: 2 * N * F * H * W * C * k * k,
     "it counts an output at every input pixel",
     "without padding the output is (H - k + 1) x (W - k + 1)"),
    (lambda N, C, H, W, F, k: conv_flops(N, C, H, W, F, k) // C,
     "it leaves out the input channels",
     "each output sums over C * k * k inputs: all channels"),
    (lambda N, C, H, W, F, k: conv_flops(N, C, H, W, F, k) // 2,
     "it counts one operation per multiply-add",
     "count 2 floating-point operations per multiply-add"),
]


def _check_counts(r, fn, cases, reference, mistakes, general):
    for what, args in cases:
        want = reference(*args)
        ran, got = r.number(what, lambda: fn(*args), general)
        if not ran:
            continue
        if got == want:
            r.check(True, what)
            continue
        name, hint = find_mistake(mistakes, got, args)
        r.check(False, what + (f" ({name})" if name else
                               f" (got {got:.4g}, expected {want:.4g})"),
                hint or general)
    return r


def check_mlp_flops(fn):
    """Exercise: ``fn(sizes, m, need_input_grad)`` returns the FLOPs of
    the matrix products of one training pass (forward and backward)."""
    r = Report("check_mlp_flops")
    cases = [
        ("the book's MLP (784, 256, 10), 8,000 samples, as fit runs it",
         ((784, 256, 10), 8000, False)),
        ("the same, with the input gradient", ((784, 256, 10), 8000, True)),
        ("three layers (20, 30, 40, 5), one sample",
         ((20, 30, 40, 5), 1, False)),
        ("one layer (3, 2), 10 samples, with the input gradient",
         ((3, 2), 10, True)),
    ]
    return _check_counts(
        r, fn, cases, mlp_flops, _MLP_MISTAKES,
        "per layer n_in -> n_out: 2 m n_in n_out for x @ W, for dW and "
        "for dx (dx of the first layer only if need_input_grad)")


def check_conv_flops(fn):
    """Exercise: ``fn(N, C, H, W, F, k)`` returns the FLOPs of a conv's
    forward pass (stride 1, no padding)."""
    r = Report("check_conv_flops")
    cases = [
        ("LeNet's second conv: 64 maps 6 x 12 x 12, 16 filters 5 x 5",
         (64, 6, 12, 12, 16, 5)),
        ("LeNet's first conv on 64 digits 1 x 28 x 28, 6 filters 5 x 5",
         (64, 1, 28, 28, 6, 5)),
        ("a rectangle: 2 maps 3 x 7 x 5, 4 filters 3 x 3",
         (2, 3, 7, 5, 4, 3)),
    ]
    return _check_counts(
        r, fn, cases, conv_flops, _CONV_MISTAKES,
        "2 * N * F * OH * OW * C * k * k with OH = H - k + 1, "
        "OW = W - k + 1")
