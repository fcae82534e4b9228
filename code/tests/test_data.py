"""nnscratch.data: batching, splits, standardization, one-hot, toy sets."""

import numpy as np
import pytest

from nnscratch import data


def test_minibatches_cover_every_row_once_in_order_without_rng():
    X, y = np.arange(10).reshape(5, 2), np.arange(5)
    batches = list(data.minibatches(X, y, 2))
    assert [len(b[1]) for b in batches] == [2, 2, 1]
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    np.testing.assert_array_equal(batches[0][0], [[0, 1], [2, 3]])


def test_minibatches_shuffle_with_an_rng_and_keep_rows_paired():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    batches = list(data.minibatches(X, y, 3, np.random.default_rng(0)))
    order = np.concatenate([b[1] for b in batches])
    assert sorted(order) == list(range(10)) and list(order) != list(range(10))
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


@pytest.mark.parametrize("batch_size", [0, -1, 2.5])
def test_minibatches_reject_bad_batch_sizes(batch_size):
    with pytest.raises(ValueError, match="batch_size must be a whole number >= 1"):
        list(data.minibatches(np.zeros((4, 2)), np.zeros(4), batch_size))


def test_minibatches_reject_x_and_y_of_different_lengths():
    with pytest.raises(ValueError, match=r"got X \(4, 2\) and y \(3,\)"):
        list(data.minibatches(np.zeros((4, 2)), np.zeros(3), 2))


def test_minibatches_want_a_generator_not_a_seed():
    with pytest.raises(TypeError, match=r"default_rng\(0\), got int"):
        list(data.minibatches(np.zeros((4, 2)), np.zeros(4), 2, rng=0))


def test_train_test_split_sizes_and_pairing():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, 0.3, np.random.default_rng(0))
    assert len(X_te) == 3 and len(X_tr) == 7
    assert sorted(np.r_[y_tr, y_te]) == list(range(10))
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)


@pytest.mark.parametrize("fraction", [0, 1, 0.01, 1.5])
def test_train_test_split_rejects_fractions_that_leave_a_set_empty(fraction):
    with pytest.raises(ValueError, match="test_fraction|empty set"):
        data.train_test_split(np.zeros((10, 2)), np.zeros(10), fraction,
                              np.random.default_rng(0))


def test_standardize_by_hand_and_with_training_statistics():
    X = np.array([[1.0, 10.0], [3.0, 10.0]])
    Xs, mean, std = data.standardize(X)
    np.testing.assert_allclose(mean, [2.0, 10.0])
    np.testing.assert_allclose(std, [1.0, 0.0])
    np.testing.assert_allclose(Xs, [[-1.0, 0.0], [1.0, 0.0]], atol=1e-7)
    X_new, _, _ = data.standardize(np.array([[5.0, 11.0]]), mean, std)
    assert X_new[0, 0] == pytest.approx(3.0)
    with pytest.raises(ValueError, match=r"shape \(2,\), one value per column"):
        data.standardize(X, mean=np.zeros(3), std=np.ones(3))
    with pytest.raises(ValueError, match=r"shape \(m, n\), got \(4,\)"):
        data.standardize(np.zeros(4))


def test_one_hot_by_hand_and_errors():
    np.testing.assert_array_equal(data.one_hot(np.array([2, 0])),
                                  [[0, 0, 1], [1, 0, 0]])
    assert data.one_hot(np.array([1]), num_classes=4).shape == (1, 4)
    with pytest.raises(ValueError, match="label 3 does not fit in num_classes=3"):
        data.one_hot(np.array([3]), num_classes=3)
    with pytest.raises(ValueError, match="integer labels >= 0"):
        data.one_hot(np.array([0.5, 1.0]))


def test_toy_datasets_are_reproducible_and_balanced():
    X, y = data.make_xor()
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    X1, y1 = data.make_moons(100, 0.1, np.random.default_rng(0))
    X2, _ = data.make_moons(100, 0.1, np.random.default_rng(0))
    np.testing.assert_array_equal(X1, X2)
    assert X1.shape == (100, 2) and np.bincount(y1).tolist() == [50, 50]
    X3, y3 = data.make_spiral(50, 3, 0.2, np.random.default_rng(0))
    assert X3.shape == (150, 2) and np.bincount(y3).tolist() == [50, 50, 50]
    assert np.all(np.hypot(*X3.T) <= 1.0 + 1e-12)
    with pytest.raises(TypeError, match="rng must be a np.random.Generator"):
        data.make_moons(10, 0.1, 42)
