"""Settings for every test, including the kernels nbval starts (they inherit
this process's environment)."""

import os

# With MPLBACKEND=Agg inherited, plt.show() in a kernel displays nothing and
# every figure output would go missing under nbval.
os.environ.pop("MPLBACKEND", None)
# Progress bars are not content; keep them out of compared outputs.
os.environ.setdefault("TQDM_DISABLE", "1")
# The notebooks' outputs were stored with one BLAS thread (tools/refresh.py):
# float32 sums can differ in the last digits with more threads.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _load_nbcompare():
    """tests/nbcompare.py: the tolerant comparison of stored and
    re-executed outputs that nbval uses for every chapter cell."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).parent / "tests" / "nbcompare.py"
    spec = importlib.util.spec_from_file_location("nbcompare", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["nbcompare"] = module
    spec.loader.exec_module(module)
    return module


def pytest_configure(config):
    _load_nbcompare().install()
