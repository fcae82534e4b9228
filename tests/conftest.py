import os

# Progress bars would make stored notebook outputs differ run to run.
os.environ.setdefault("TQDM_DISABLE", "1")
# The notebooks' outputs were stored with one BLAS thread (tools/refresh.py);
# float32 results can differ in the last digits with more.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
