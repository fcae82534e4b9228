"""Forecast errors: mae, rmse and mase against hand computations."""

import numpy as np
import pytest

from nnscratch import metrics


def test_mae_and_rmse_by_hand():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    y_pred = np.array([2.0, 2.0, 1.0, 4.0])            # errors 1, 0, -2, 0
    assert metrics.mae(y_pred, y) == pytest.approx(0.75)
    assert metrics.rmse(y_pred, y) == pytest.approx(np.sqrt(5 / 4))


def test_mase_scales_by_the_naive_error_on_the_training_part():
    y_train = np.array([1.0, 3.0, 2.0, 6.0])           # naive errors 2, 1, 4
    y, y_pred = np.array([5.0, 5.0]), np.array([4.0, 8.0])
    assert metrics.mase(y_pred, y, y_train) == pytest.approx(2.0 / (7 / 3))
    # seasonal, m = 2: errors |2-1|, |6-3| -> scale 2
    assert metrics.mase(y_pred, y, y_train, m=2) == pytest.approx(1.0)


def test_naive_forecast_of_a_random_walk_has_mase_near_one():
    walk = np.cumsum(np.random.default_rng(0).normal(size=4001))
    train, test = walk[:2000], walk[2000:]
    assert metrics.mase(test[:-1], test[1:], train) == pytest.approx(1, abs=0.1)


def test_forecast_metrics_refuse_bad_input():
    with pytest.raises(ValueError, match="mae: .*same length"):
        metrics.mae([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="1 <= m"):
        metrics.mase([1.0], [1.0], [1.0, 2.0], m=2)
    with pytest.raises(ValueError, match="constant"):
        metrics.mase([1.0], [1.0], [3.0, 3.0, 3.0])
