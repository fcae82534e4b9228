"""The two shipped time series of chapter 24."""

import numpy as np

from nnscratch.data import load_airline, load_sunspots


def test_airline_is_box_and_jenkins_series_g():
    months, passengers = load_airline()
    assert months.shape == passengers.shape == (144,)
    assert months[0] == "1949-01" and months[-1] == "1960-12"
    # the published first and last values, and the famous total
    assert passengers[:3].tolist() == [112.0, 118.0, 132.0]
    assert passengers[-1] == 432.0 and passengers.sum() == 40363.0
    assert passengers.dtype == np.float64


def test_sunspots_are_yearly_from_1700_to_2008():
    years, spots = load_sunspots()
    assert years.shape == spots.shape == (309,)
    assert years[0] == 1700 and years[-1] == 2008
    assert np.all(np.diff(years) == 1)
    assert spots[0] == 5.0 and spots.min() >= 0
    assert 1950 < years[np.argmax(spots)] < 1960     # the 1957 maximum
