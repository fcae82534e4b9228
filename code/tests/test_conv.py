"""Convolution, pooling, BatchNorm2d and Residual: values against plain
loops, float64 gradient checks, dtypes, and the error messages."""

import numpy as np
import pytest

from nnscratch import functional as F
from nnscratch.gradcheck import check_layer, rel_error
from nnscratch.layers import (AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d,
                              Flatten, GlobalAvgPool2d, Linear, MaxPool2d,
                              ReLU, Residual, Sequential, load, save,
                              summary)


def naive_conv(x, W, b, stride, padding):
    """Four loops, the definition (chapter 15)."""
    N, C, H, Wd = x.shape
    Fn, _, kh, kw = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    OH = (H + 2 * padding - kh) // stride + 1
    OW = (Wd + 2 * padding - kw) // stride + 1
    out = np.zeros((N, Fn, OH, OW))
    for n in range(N):
        for f in range(Fn):
            for p in range(OH):
                for q in range(OW):
                    win = xp[n, :, p * stride:p * stride + kh,
                             q * stride:q * stride + kw]
                    out[n, f, p, q] = np.sum(win * W[f]) + b[f]
    return out


def naive_pool(x, size, stride, reduce):
    N, C, H, W = x.shape
    OH, OW = (H - size) // stride + 1, (W - size) // stride + 1
    out = np.zeros((N, C, OH, OW))
    for p in range(OH):
        for q in range(OW):
            win = x[:, :, p * stride:p * stride + size,
                    q * stride:q * stride + size]
            out[:, :, p, q] = reduce(win, axis=(2, 3))
    return out


CONV_CASES = [  # (x shape, W shape, stride, padding)
    ((2, 3, 7, 7), (4, 3, 3, 3), 1, 0),
    ((2, 3, 7, 7), (4, 3, 3, 3), 2, 1),
    ((1, 2, 6, 9), (3, 2, 2, 4), 1, 2),
    ((3, 1, 5, 5), (2, 1, 5, 5), 1, 0),
    ((2, 2, 8, 8), (2, 2, 3, 3), 3, 1),
]


@pytest.mark.parametrize("xs, ws, stride, padding", CONV_CASES)
def test_conv2d_forward_equals_the_four_loops(xs, ws, stride, padding):
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=xs), rng.normal(size=ws), rng.normal(size=ws[0])
    out, _ = F.conv2d_forward(x, W, b, stride, padding)
    expected = naive_conv(x, W, b, stride, padding)
    assert out.shape == expected.shape
    assert rel_error(out, expected) < 1e-12


def test_conv_output_size_formula_and_error():
    assert F.conv_output_size(28, 5) == 24
    assert F.conv_output_size(28, 5, padding=2) == 28
    assert F.conv_output_size(7, 3, 1, 2) == 4
    with pytest.raises(ValueError, match=r"kernel \(5\) is larger"):
        F.conv_output_size(3, 5)


@pytest.mark.parametrize("xs, ws, stride, padding", CONV_CASES)
def test_col2im_is_the_adjoint_of_im2col(xs, ws, stride, padding):
    # <im2col(x), c> = <x, col2im(c)> for all x, c: col2im adds every
    # column back onto each pixel of its window, overlaps included
    rng = np.random.default_rng(1)
    x = rng.normal(size=xs)
    kh, kw = ws[2:]
    cols = F.im2col(x, kh, kw, stride, padding)
    c = rng.normal(size=cols.shape)
    lhs = np.sum(cols * c)
    rhs = np.sum(x * F.col2im(c, xs, kh, kw, stride, padding))
    assert abs(lhs - rhs) < 1e-10 * max(1, abs(lhs))


def test_col2im_counts_how_often_each_pixel_is_used():
    # a 3x3 kernel with stride 1 on a 4x4 image: corners are in one
    # window, the centre pixels in four
    ones = np.ones((9, 4))
    counts = F.col2im(ones, (1, 1, 4, 4), 3, 3)[0, 0]
    np.testing.assert_array_equal(counts, [[1, 2, 2, 1], [2, 4, 4, 2],
                                           [2, 4, 4, 2], [1, 2, 2, 1]])


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 1), (2, 1), (2, 0)])
def test_conv2d_layer_gradients(stride, padding):
    rng = np.random.default_rng(2)
    layer = Conv2d(3, 4, 3, rng, stride=stride, padding=padding)
    layer.b.data[:] = rng.normal(size=4)
    errors = check_layer(layer, rng.normal(size=(2, 3, 6, 7)))
    assert max(errors.values()) < 1e-6, errors


def test_conv2d_functional_gradients_with_non_square_kernel():
    rng = np.random.default_rng(3)
    x, W, b = (rng.normal(size=(2, 2, 6, 9)), rng.normal(size=(3, 2, 2, 4)),
               rng.normal(size=3))
    out, cache = F.conv2d_forward(x, W, b, 1, 2)
    dout = rng.normal(size=out.shape)
    dx, dW, db = F.conv2d_backward(dout, cache)
    from nnscratch.gradcheck import numerical_gradient as num
    assert rel_error(dx, num(lambda _: np.sum(
        F.conv2d_forward(x, W, b, 1, 2)[0] * dout), x)) < 1e-6
    assert rel_error(dW, num(lambda _: np.sum(
        F.conv2d_forward(x, W, b, 1, 2)[0] * dout), W)) < 1e-6
    assert rel_error(db, dout.sum(axis=(0, 2, 3))) < 1e-12


def test_conv2d_init_draws_he_normal_with_fan_in_c_k_k():
    layer = Conv2d(8, 64, 3, np.random.default_rng(0))
    assert layer.W.shape == (64, 8, 3, 3) and layer.b.shape == (64,)
    assert abs(layer.W.data.std() / np.sqrt(2 / 72) - 1) < 0.05
    assert layer.num_parameters() == 64 * 8 * 9 + 64
    assert Conv2d(1, 2, 3, np.random.default_rng(0),
                  bias=False).num_parameters() == 18


# 2 x 2 windows tile 6 x 8 maps (the tiled backward), not 7 x 8 ones
MAPS = [(7, 8), (6, 8)]


@pytest.mark.parametrize("hw", MAPS)
@pytest.mark.parametrize("size, stride", [(2, 2), (3, 1), (3, 2)])
def test_pooling_forward_equals_the_loops(size, stride, hw):
    x = np.random.default_rng(4).normal(size=(2, 3) + hw)
    out, _ = F.max_pool2d_forward(x, size, stride)
    assert rel_error(out, naive_pool(x, size, stride, np.max)) < 1e-15
    out, _ = F.avg_pool2d_forward(x, size, stride)
    assert rel_error(out, naive_pool(x, size, stride, np.mean)) < 1e-12


@pytest.mark.parametrize("hw", MAPS)
@pytest.mark.parametrize("size, stride", [(2, 2), (3, 1), (3, 2)])
def test_pooling_layer_gradients(size, stride, hw):
    # distinct values, so each window's maximum is unique and the
    # numerical gradient is defined
    x = np.random.default_rng(5).permutation(2 * 3 * hw[0] * hw[1]).reshape(
        (2, 3) + hw) / 1000.0
    assert max(check_layer(MaxPool2d(size, stride), x).values()) < 1e-6
    assert max(check_layer(AvgPool2d(size, stride), x).values()) < 1e-6


def test_max_pool_routes_a_tied_window_to_exactly_one_input():
    # after ReLU a whole window is often 0: the gradient of a max goes
    # to one input, not to every input equal to the max (the mask
    # x == max of some course code gives this window 4 gradients)
    x = np.zeros((1, 1, 2, 4))
    x[0, 0, :, 2:] = [[1.0, 5.0], [5.0, 2.0]]  # a tie at 5 as well
    out, cache = F.max_pool2d_forward(x, 2)
    dx = F.max_pool2d_backward(np.array([[[[3.0, 7.0]]]]), cache)
    np.testing.assert_array_equal(out, [[[[0.0, 5.0]]]])
    np.testing.assert_array_equal(dx[0, 0], [[3, 0, 0, 7], [0, 0, 0, 0]])
    assert dx.sum() == 10.0


def test_max_pool_overlapping_windows_add_up_at_a_shared_maximum():
    x = np.array([[[[0.0, 0.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])
    out, cache = F.max_pool2d_forward(x, 2, 1)     # 4 windows share 9
    dx = F.max_pool2d_backward(np.ones((1, 1, 2, 2)), cache)
    assert dx[0, 0, 1, 1] == 4.0 and dx.sum() == 4.0


def test_global_average_pool_values_and_gradient():
    x = np.random.default_rng(6).normal(size=(2, 3, 4, 5))
    layer = GlobalAvgPool2d()
    np.testing.assert_allclose(layer(x), x.mean(axis=(2, 3)))
    assert max(check_layer(layer, x).values()) < 1e-6


def test_batchnorm2d_normalizes_each_channel_and_matches_batchnorm1d():
    rng = np.random.default_rng(7)
    x = rng.normal(3.0, 2.0, size=(4, 3, 5, 5))
    bn = BatchNorm2d(3)
    out = bn(x)
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), 1, atol=1e-4)
    rows = BatchNorm1d(3)(F.channels_to_rows(x))
    np.testing.assert_allclose(F.rows_to_channels(rows, x.shape), out)
    np.testing.assert_allclose(bn.running_mean,
                               0.1 * x.mean(axis=(0, 2, 3)))


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm2d_gradients(training):
    rng = np.random.default_rng(8)
    bn = BatchNorm2d(3)
    bn.gamma.data[:] = rng.normal(size=3)
    bn.beta.data[:] = rng.normal(size=3)
    bn.running_mean[:] = rng.normal(size=3)
    bn.running_var[:] = rng.uniform(0.5, 2, size=3)
    if not training:
        bn.eval()
    x = rng.normal(size=(2, 3, 4, 4))
    assert max(check_layer(bn, x).values()) < 1e-6


def test_batchnorm2d_functional_pair_matches_the_layer():
    rng = np.random.default_rng(9)
    x, dout = rng.normal(size=(2, 3, 4, 4)), rng.normal(size=(2, 3, 4, 4))
    bn = BatchNorm2d(3)
    out = bn(x)
    dx = bn.backward(dout)
    mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    out2, cache = F.batchnorm2d_forward(x, mean, var, np.ones(3),
                                        np.zeros(3))
    dx2, dgamma, dbeta = F.batchnorm2d_backward(dout, cache)
    np.testing.assert_allclose(out2, out)
    np.testing.assert_allclose(dx2, dx)
    np.testing.assert_allclose(dbeta, dout.sum(axis=(0, 2, 3)))


def _block(rng, c_in, c_out, stride):
    return Sequential(Conv2d(c_in, c_out, 3, rng, stride=stride, padding=1),
                      ReLU(), Conv2d(c_out, c_out, 3, rng, padding=1))


def test_residual_identity_and_projection_gradients():
    rng = np.random.default_rng(10)
    x = rng.normal(size=(2, 2, 6, 6))
    identity = Residual(_block(rng, 2, 2, 1))
    np.testing.assert_allclose(identity(x), identity.body(x) + x)
    assert max(check_layer(identity, x).values()) < 1e-6
    projection = Residual(_block(rng, 2, 4, 2),
                          Conv2d(2, 4, 1, rng, stride=2))
    assert projection(x).shape == (2, 4, 3, 3)
    # h = 1e-5: with h = 1e-6 round-off in the two-path sum reaches 2e-6
    assert max(check_layer(projection, x, h=1e-5).values()) < 1e-6
    assert len(projection.parameters()) == 6


def test_residual_passes_the_gradient_through_the_identity():
    # a body whose weights are zero gives no gradient; the identity
    # path still delivers dout to x unchanged
    rng = np.random.default_rng(11)
    block = Residual(_block(rng, 2, 2, 1))
    for p in block.parameters():
        p.data[...] = 0
    x, dout = rng.normal(size=(1, 2, 4, 4)), rng.normal(size=(1, 2, 4, 4))
    block(x)
    np.testing.assert_array_equal(block.backward(dout), dout)


LAYERS_32 = [
    lambda rng: Conv2d(2, 3, 3, rng, padding=1, dtype=np.float32),
    lambda rng: MaxPool2d(2),
    lambda rng: AvgPool2d(2),
    lambda rng: GlobalAvgPool2d(),
    lambda rng: BatchNorm2d(2, dtype=np.float32),
    lambda rng: Residual(Conv2d(2, 2, 3, rng, padding=1, dtype=np.float32)),
]


@pytest.mark.parametrize("make", LAYERS_32)
def test_layers_keep_float32(make):
    rng = np.random.default_rng(12)
    layer = make(rng)
    x = rng.normal(size=(2, 2, 6, 6)).astype(np.float32)
    out = layer(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == np.float32 and dx.dtype == np.float32
    for p in layer.parameters():
        assert p.grad.dtype == np.float32


def test_wrong_channel_count_names_both_shapes():
    layer = Conv2d(3, 8, 3, np.random.default_rng(0))
    with pytest.raises(ValueError) as err:
        layer(np.zeros((2, 1, 28, 28)))
    msg = str(err.value)
    assert "Conv2d(3 -> 8, 3x3)" in msg and "(N, 3, H, W)" in msg
    assert "(2, 1, 28, 28)" in msg


def test_image_smaller_than_the_kernel_is_an_error():
    with pytest.raises(ValueError, match=r"5x5 kernel does not fit in the 3x3"):
        Conv2d(1, 2, 5, np.random.default_rng(0))(np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"MaxPool2d\(2x2\).*does not fit"):
        MaxPool2d(2)(np.zeros((1, 1, 1, 5)))


def test_a_grey_image_without_batch_and_channel_axes_gets_a_hint():
    with pytest.raises(ValueError, match=r"x\[None, None\]"):
        Conv2d(1, 2, 3, np.random.default_rng(0))(np.zeros((28, 28)))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        MaxPool2d(2)(np.zeros((4, 28, 28)))


def test_wrong_dout_shapes_and_bad_arguments():
    rng = np.random.default_rng(0)
    conv = Conv2d(1, 2, 3, rng)
    conv(np.zeros((1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"dout must have shape \(1, 2, 3, 3\)"):
        conv.backward(np.zeros((1, 2, 5, 5)))
    pool = MaxPool2d(2)
    pool(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"\(1, 1, 2, 2\)"):
        pool.backward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        Conv2d(1, 2, 3, rng).backward(np.zeros((1, 2, 3, 3)))
    with pytest.raises(ValueError, match="stride must be an int >= 1"):
        Conv2d(1, 2, 3, rng, stride=0)
    with pytest.raises(ValueError, match="unknown init"):
        Conv2d(1, 2, 3, rng, init="zeros")
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3\).*\(N, 3, H, W\)"):
        BatchNorm2d(3)(np.zeros((2, 4, 5, 5)))
    with pytest.raises(ValueError, match="projection"):
        Residual(Conv2d(1, 2, 3, rng, padding=1))(np.zeros((1, 1, 4, 4)))
    with pytest.raises(TypeError, match="must be a Layer"):
        Residual(ReLU)


def _small_cnn(rng):
    return Sequential(
        Conv2d(1, 4, 3, rng, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2),
        Residual(Sequential(Conv2d(4, 4, 3, rng, padding=1), ReLU())),
        Flatten(), Linear(4 * 4 * 4, 3, rng))


def test_summary_prints_cnn_shapes_and_parameter_counts():
    text = summary(_small_cnn(np.random.default_rng(0)), (1, 8, 8))
    import re
    assert re.search(r"Conv2d\(1 -> 4, 3x3, padding=1\) +\(m, 4, 8, 8\) +40", text)
    assert "MaxPool2d(2x2)" in text and "(m, 4, 4, 4)" in text
    assert "(m, 64)" in text
    total = 40 + 8 + 148 + 195
    assert f"Total parameters: {total:,}" in text


def test_save_and_load_a_cnn_with_batchnorm_buffers(tmp_path):
    rng = np.random.default_rng(0)
    model = _small_cnn(rng)
    x = rng.normal(size=(3, 1, 8, 8))
    model(x)                              # updates running statistics
    model.eval()
    expected = model(x)
    save(model, tmp_path / "cnn.npz")
    other = _small_cnn(np.random.default_rng(1)).eval()
    assert rel_error(other(x), expected) > 1e-3
    load(other, tmp_path / "cnn.npz")
    np.testing.assert_array_equal(other(x), expected)
    assert "layers.1.running_mean" in model.state_dict()


# ---- the fast paths (stride-1 dx, max-pool routing) against the plain ones


@pytest.mark.parametrize("xs, ws, padding", [
    ((2, 3, 7, 7), (4, 3, 3, 3), 0), ((2, 3, 7, 7), (4, 3, 3, 3), 1),
    ((1, 2, 6, 9), (3, 2, 2, 4), 2), ((3, 1, 5, 5), (2, 1, 5, 5), 0),
    ((2, 2, 4, 6), (3, 2, 1, 1), 0), ((1, 1, 3, 3), (1, 1, 3, 2), 3)])
def test_stride1_dx_equals_col2im_of_the_columns(xs, ws, padding):
    rng = np.random.default_rng(7)
    x, W = rng.normal(size=xs), rng.normal(size=ws)
    out, cache = F.conv2d_forward(x, W, None, 1, padding)
    dout = rng.normal(size=out.shape)
    dx, _, _ = F.conv2d_backward(dout, cache)
    d = dout.transpose(1, 0, 2, 3).reshape(ws[0], -1)
    want = F.col2im(W.reshape(ws[0], -1).T @ d, xs, ws[2], ws[3], 1,
                    padding)
    assert dx.shape == xs
    assert rel_error(dx, want) < 1e-12


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("hw", MAPS)
@pytest.mark.parametrize("size, stride", [(2, 2), (2, 1), (3, 2), (3, 3)])
def test_max_pool_backward_with_many_ties_goes_to_the_first(size, stride,
                                                            hw, dtype):
    # small integers: most windows hold their maximum more than once
    rng = np.random.default_rng(8)
    x = rng.integers(0, 3, size=(2, 3) + hw).astype(dtype)
    out, cache = F.max_pool2d_forward(x, size, stride)
    dout = rng.normal(size=out.shape)
    dx = F.max_pool2d_backward(dout, cache)
    want = np.zeros_like(x)
    for n, c, p, q in np.ndindex(out.shape):
        win = x[n, c, p * stride:p * stride + size,
                q * stride:q * stride + size]
        i, j = np.unravel_index(np.argmax(win), win.shape)  # the first
        want[n, c, p * stride + i, q * stride + j] += dout[n, c, p, q]
    # (overlapping windows add up in another order: equal up to rounding)
    assert dx.dtype == dtype
    assert np.allclose(dx, want, rtol=1e-6, atol=1e-6)
    if stride == size:        # one window per input: exactly dout or 0
        assert np.array_equal(dx, want.astype(dtype))


def test_conv_and_max_pool_backward_keep_float32():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(2, 3, 6, 6)).astype(np.float32)
    W = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
    for stride, padding in ((1, 0), (1, 1), (2, 1)):
        out, cache = F.conv2d_forward(x, W, np.zeros(4, np.float32),
                                      stride, padding)
        grads = F.conv2d_backward(np.ones_like(out), cache)
        assert out.dtype == np.float32
        assert all(g.dtype == np.float32 for g in grads)
    out, cache = F.max_pool2d_forward(x, 2)
    assert F.max_pool2d_backward(np.ones_like(out), cache).dtype == np.float32
