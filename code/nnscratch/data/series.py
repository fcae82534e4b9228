"""Two real time series for chapter 24, forecasting.

``load_airline()`` -> (months, passengers): international airline
passengers per month, in thousands, January 1949 to December 1960,
shapes (144,) and (144,). months are "YYYY-MM" strings.
Box, Jenkins and Reinsel, *Time Series Analysis* (1976), Series G, as
shipped in sktime 1.2.0 (BSD-3-Clause).

``load_sunspots()`` -> (years, sunspots): the yearly mean sunspot number,
1700 to 2008, shapes (309,) and (309,). Public domain (NOAA's National
Geophysical Data Center), as shipped in statsmodels 0.15.0.

Both ship in ``series.npz`` next to this module (3 kB), built by
``tools/make_series.py``, which checks the two wheels' SHA-256.
"""

from pathlib import Path

import numpy as np

_FILE = Path(__file__).with_name("series.npz")


def load_airline():
    """(months, passengers): (144,) "YYYY-MM" strings and (144,) floats,
    thousands of passengers, 1949-01 to 1960-12."""
    with np.load(_FILE) as f:
        return f["airline_months"], f["airline_passengers"]


def load_sunspots():
    """(years, sunspots): (309,) ints 1700..2008 and (309,) floats, the
    yearly mean sunspot number."""
    with np.load(_FILE) as f:
        return f["sunspot_years"], f["sunspots"]
