"""Chapter 9's framework layers: Flatten, Dropout, BatchNorm1d,
Sequential, summary, save/load, and Linear without a bias."""

import numpy as np
import pytest

from nnscratch import functional
from nnscratch.gradcheck import check_layer, numerical_gradient, rel_error
from nnscratch.layers import (BatchNorm1d, Dropout, Flatten, Layer, Linear,
                              ReLU, Sequential, Sigmoid, Tanh, load, save,
                              summary)


def small_model(rng, dtype=np.float64):
    # No bias before BatchNorm: its mean subtraction cancels a bias,
    # whose gradient would be exactly 0 (and useless to check).
    return Sequential(Linear(3, 5, rng, dtype=dtype, bias=False),
                      BatchNorm1d(5, dtype=dtype),
                      Tanh(), Linear(5, 2, rng, dtype=dtype))


def test_linear_without_bias_has_only_w_and_passes_gradcheck():
    rng = np.random.default_rng(0)
    layer = Linear(3, 2, rng, bias=False)
    assert layer.b is None and [p.name for p in layer.parameters()] == ["W"]
    x = rng.normal(size=(4, 3))
    np.testing.assert_allclose(layer(x), x @ layer.W.data)
    assert max(check_layer(layer, x).values()) < 1e-7


def test_flatten_keeps_the_batch_axis_and_restores_the_shape():
    x = np.arange(24.0).reshape(2, 3, 4)
    layer = Flatten()
    out = layer(x)
    assert out.shape == (2, 12)
    np.testing.assert_array_equal(layer.backward(out), x)
    assert check_layer(layer, x)["x"] < 1e-7
    with pytest.raises(ValueError, match=r"\(m, \.\.\.\), got shape \(5,\)"):
        layer(np.zeros(5))


def test_dropout_functional_matches_numerical_gradient_for_a_fixed_mask():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 6))
    out, mask = functional.dropout_forward(x, 0.5, np.random.default_rng(2))
    assert set(np.unique(mask)) <= {0.0, 2.0}
    dout = rng.normal(size=x.shape)
    numeric = numerical_gradient(lambda _: np.sum(x * mask * dout), x)
    assert rel_error(functional.dropout_backward(dout, mask), numeric) < 1e-7


def test_dropout_layer_drops_about_p_and_keeps_the_mean_in_training():
    layer = Dropout(0.25, np.random.default_rng(0))
    x = np.ones((200, 500))
    out = layer(x)
    assert abs(np.mean(out == 0) - 0.25) < 0.01
    assert abs(out.mean() - 1.0) < 0.01          # inverted: E[out] = x
    np.testing.assert_array_equal(layer.backward(x), out)  # same mask
    assert out.dtype == np.float64
    assert layer(x.astype(np.float32)).dtype == np.float32


def test_dropout_is_the_identity_in_evaluation_mode():
    layer = Dropout(0.5, np.random.default_rng(0)).eval()
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_impossible_probabilities(p):
    with pytest.raises(ValueError, match=r"must be in \[0, 1\), got"):
        Dropout(p, np.random.default_rng(0))


def test_batchnorm_training_output_has_mean_0_and_std_1_per_feature():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 5.0, size=(64, 4))
    out = BatchNorm1d(4)(x)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-3)


def test_batchnorm_backward_matches_numerical_gradients_in_training():
    rng = np.random.default_rng(3)
    layer = BatchNorm1d(4)
    layer.gamma.data[:] = rng.normal(size=4)
    layer.beta.data[:] = rng.normal(size=4)
    errors = check_layer(layer, rng.normal(2.0, 3.0, size=(6, 4)))
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < 1e-6


def test_batchnorm_backward_matches_numerical_gradients_in_evaluation():
    rng = np.random.default_rng(4)
    layer = BatchNorm1d(3)
    layer.running_mean[:] = [1.0, -1.0, 0.5]
    layer.running_var[:] = [4.0, 0.25, 1.0]
    layer.gamma.data[:] = [2.0, -1.0, 0.5]
    layer.eval()
    assert max(check_layer(layer, rng.normal(size=(5, 3))).values()) < 1e-7


def test_batchnorm_running_statistics_by_hand():
    layer = BatchNorm1d(1, momentum=0.1)
    x = np.array([[1.0], [3.0]])     # mean 2, unbiased var 2
    layer(x)
    np.testing.assert_allclose(layer.running_mean, [0.2])   # 0.9*0 + 0.1*2
    np.testing.assert_allclose(layer.running_var, [1.1])    # 0.9*1 + 0.1*2
    layer.eval()
    # evaluation uses the running statistics: (3 - 0.2) / sqrt(1.1 + 1e-5)
    np.testing.assert_allclose(layer(np.array([[3.0]])),
                               [[2.8 / np.sqrt(1.1 + 1e-5)]])


def test_batchnorm_errors_name_shapes_and_the_one_sample_case():
    layer = BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"shape \(m, 3\), got \(2, 4\)"):
        layer(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"at least 2 samples.*model.eval\(\)"):
        layer(np.zeros((1, 3)))
    assert layer.eval()(np.zeros((1, 3))).shape == (1, 3)


def test_sequential_runs_forward_in_order_and_backward_in_reverse():
    rng = np.random.default_rng(0)
    model = Sequential(Linear(3, 4, rng), ReLU(), Linear(4, 2, rng), Sigmoid())
    x = rng.normal(size=(5, 3))
    expected = x
    for layer in model.layers:
        expected = layer(expected)
    np.testing.assert_array_equal(model(x), expected)
    assert len(model) == 4 and model[2] is model.layers[2]
    assert max(check_layer(model, x).values()) < 1e-7


def test_sequential_with_batchnorm_passes_gradcheck():
    rng = np.random.default_rng(5)
    model = small_model(rng)
    errors = check_layer(model, rng.normal(size=(6, 3)))
    assert len(errors) == 6 and max(errors.values()) < 1e-6


def test_sequential_says_when_a_layer_class_was_passed_instead_of_a_layer():
    with pytest.raises(TypeError, match=r"argument 1 must be a Layer.*ReLU\(\)"):
        Sequential(Linear(2, 2, np.random.default_rng(0)), ReLU)


def test_train_and_eval_reach_layers_inside_sequential():
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 2, rng), Dropout(0.5, rng))
    model.eval()
    assert not model[1].training
    model.train()
    assert model[1].training


def test_summary_lists_output_shapes_and_parameter_counts():
    rng = np.random.default_rng(0)
    model = Sequential(Flatten(), Linear(784, 128, rng), ReLU(),
                       Dropout(0.2, rng), Linear(128, 10, rng))
    text = summary(model, (28, 28))
    assert "(m, 784)" in text and "(m, 128)" in text and "(m, 10)" in text
    assert "100,480" in text             # 784*128 + 128
    assert "1,290" in text               # 128*10 + 10
    assert "Total parameters: 101,770" in text
    assert model.training                # summary restores the mode
    with pytest.raises(TypeError, match="expected a Sequential"):
        summary(Linear(2, 2, rng), (2,))


def test_state_dict_names_parameters_and_buffers():
    model = small_model(np.random.default_rng(0))
    assert list(model.state_dict()) == [
        "layers.0.W", "layers.1.gamma", "layers.1.beta",
        "layers.3.W", "layers.3.b",
        "layers.1.running_mean", "layers.1.running_var"]


def test_save_and_load_round_trip_through_npz(tmp_path):
    rng = np.random.default_rng(0)
    model = small_model(rng)
    x = rng.normal(size=(8, 3))
    model(x)                       # moves the running statistics
    model.eval()
    path = tmp_path / "model.npz"
    save(model, path)
    fresh = small_model(np.random.default_rng(99)).eval()
    assert not np.allclose(fresh(x), model(x))
    load(fresh, path)
    np.testing.assert_array_equal(fresh(x), model(x))
    with np.load(path, allow_pickle=False) as f:   # plain arrays only
        assert all(f[k].dtype == np.float64 for k in f.files)


def test_load_names_missing_and_unexpected_entries_and_wrong_shapes(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "m.npz"
    save(Sequential(Linear(3, 4, rng)), path)
    with pytest.raises(KeyError, match=r"missing \['layers.1.W'.*unexpected \[\]"):
        load(Sequential(Linear(3, 4, rng), Linear(4, 1, rng)), path)
    with pytest.raises(ValueError, match=r"'layers.0.W' must have shape \(3, 5\), got \(3, 4\)"):
        load(Sequential(Linear(3, 5, rng)), path)


def test_load_refuses_pickled_objects(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, **{"layers.0.W": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle"):
        load(Sequential(Linear(1, 1, np.random.default_rng(0))), path)


def test_float32_model_stays_float32_through_forward_and_backward():
    rng = np.random.default_rng(0)
    model = small_model(rng, dtype=np.float32)
    x = rng.normal(size=(4, 3)).astype(np.float32)
    out = model(x)
    assert out.dtype == np.float32
    assert model.backward(np.ones_like(out)).dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_a_custom_layer_is_found_by_sequential():
    class Double(Layer):
        def forward(self, x):
            return 2 * x

        def backward(self, dout):
            return 2 * dout

    model = Sequential(Double(), Double())
    np.testing.assert_array_equal(model(np.ones((1, 2))), [[4.0, 4.0]])
    np.testing.assert_array_equal(model.backward(np.ones((1, 2))), [[4.0, 4.0]])


def test_a_bias_before_batchnorm_gets_zero_gradient():
    rng = np.random.default_rng(5)
    model = Sequential(Linear(3, 4, rng), BatchNorm1d(4))
    out = model(rng.normal(size=(6, 3)))
    model.backward(rng.normal(size=out.shape))
    np.testing.assert_allclose(model[0].b.grad, 0, atol=1e-12)
