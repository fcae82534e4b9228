"""Rebuild code/nnscratch/data/series.npz, the two time series of chapter 24.

    pip download statsmodels==0.15.0 sktime==1.2.0 --no-deps \\
        --only-binary=:all: --python-version 3.11 -d /tmp/series
    python tools/make_series.py /tmp/series

- Yearly sunspot numbers, 1700-2008 (309 values), from the statsmodels
  wheel, statsmodels/datasets/sunspots/sunspots.csv: "This data is public
  domain" (NOAA's National Geophysical Data Center, says its data.py).
- Monthly international airline passengers in thousands, January 1949 to
  December 1960 (144 values), Box, Jenkins and Reinsel's Series G, from the
  sktime wheel (BSD-3-Clause), sktime/datasets/data/Airline/Airline.csv.

The script checks each wheel's SHA-256 before reading it.
"""

import csv
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

WHEELS = {
    "statsmodels-0.15.0-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl":
        "b67886b66d9c7ca118526accedb5c6de7ffd74c015dc0492ea0b1690192b65da",
    "sktime-1.2.0-py3-none-any.whl":
        "dbffc6731d2d683b668dceb5e2bbc5804bebc8446b4c580803a281684d90e4ae",
}


def read_csv(folder, wheel, member):
    data = (Path(folder) / wheel).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEELS[wheel]:
        sys.exit(f"{wheel}: SHA-256 {digest}, expected {WHEELS[wheel]}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = z.read(member).decode("ascii")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def main(folder):
    wheels = list(WHEELS)
    _, sun = read_csv(folder, wheels[0],
                      "statsmodels/datasets/sunspots/sunspots.csv")
    _, air = read_csv(folder, wheels[1],
                      "sktime/datasets/data/Airline/Airline.csv")
    years = np.array([int(float(r[0])) for r in sun], np.int64)
    spots = np.array([float(r[1]) for r in sun])
    months = np.array([r[0] for r in air])
    passengers = np.array([float(r[1]) for r in air])
    assert years[0] == 1700 and years[-1] == 2008 and len(years) == 309
    assert months[0] == "1949-01" and months[-1] == "1960-12"
    assert np.all(np.diff(years) == 1) and len(months) == 144
    out = (Path(__file__).resolve().parents[1]
           / "code/nnscratch/data/series.npz")
    np.savez_compressed(out, sunspot_years=years, sunspots=spots,
                        airline_months=months, airline_passengers=passengers)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
