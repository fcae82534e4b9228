"""Settings for every test, including the kernels nbval starts (they inherit
this process's environment)."""

import os

# With MPLBACKEND=Agg inherited, plt.show() in a kernel displays nothing and
# every figure output would go missing under nbval.
os.environ.pop("MPLBACKEND", None)
# Progress bars are not content; keep them out of compared outputs.
os.environ.setdefault("TQDM_DISABLE", "1")
