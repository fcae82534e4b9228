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
