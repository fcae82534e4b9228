"""Re-execute chapter notebooks in place, in a fresh kernel, top to bottom.

    python tools/refresh.py chapters/02-neurons.ipynb     # one chapter
    python tools/refresh.py chapters/*.ipynb              # all of them
    python tools/refresh.py --dry-run chapters/*.ipynb    # time them, write nothing

Before running, it writes each notebook's first code cell from _config.yml's
repository URL and nnscratch's version (nnscratch.book.first_cell), so the
Colab install line can never drift. Widget state is stored, so sliders render
in the HTML book. It records in the notebook's metadata what executed it
(nnscratch, NumPy and Python versions, the BLAS library, its kernel and its
thread count, read by threadpoolctl), because float32 outputs move in the last
digits from one BLAS kernel to another. It prints how long each notebook took:
that is the book's benchmark of "fast enough for a reader".
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

import nnscratch
from nnscratch.book import first_cell

ROOT = Path(__file__).resolve().parent.parent
# One BLAS thread: float32 sums then add up in the same order on every
# machine, so stored outputs match when nbval re-executes them (and a
# busy machine is not slowed down by threads fighting for cores).
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def repository_url():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def expected_first_cell():
    return first_cell(repository_url(), nnscratch.__version__)


# Run in a fresh interpreter with the environment the kernel gets, so it
# sees the BLAS kernel and thread count the notebook was executed with.
_PROBE = """
import json, platform, numpy, threadpoolctl, nnscratch
blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
print(json.dumps({
    "nnscratch": nnscratch.__version__, "numpy": numpy.__version__,
    "python": platform.python_version(), "machine": platform.machine(),
    "blas": [{"library": p["internal_api"], "version": p["version"],
              "kernel": p.get("architecture"), "threads": p["num_threads"]}
             for p in blas]}))
"""


def execution_environment():
    """What a kernel started now would compute with (see _PROBE)."""
    out = subprocess.run([sys.executable, "-c", _PROBE], env=os.environ,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def refresh(path, write=True, timeout=600):
    """Execute one notebook; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if not code_cells:
        raise SystemExit(f"{path}: has no code cells")
    code_cells[0].source = expected_first_cell()
    nb.metadata.pop("jupytext", None)  # authoring-tool leftovers are not content
    tags = code_cells[0].metadata.setdefault("tags", [])
    if "hide-input" not in tags:  # the HTML shows its output, the code folded
        tags.append("hide-input")
    # Inline figures need the kernel's own backend: an inherited MPLBACKEND=Agg
    # would make every plt.show() print nothing.
    os.environ.pop("MPLBACKEND", None)
    os.environ.setdefault("TQDM_DISABLE", "1")
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}},
                            store_widget_state=True, record_timing=False)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        nb.metadata["executed_with"] = execution_environment()
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
        nbformat.write(nb, path)
    return seconds


def merge_streams(outputs):
    """Join consecutive outputs of the same stream (stdout or stderr).

    The kernel may flush one print in two pieces, which the HTML book
    shows as two boxes, one of them empty; merged, the stored output is
    the same whatever the timing was.
    """
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.output_type == "stream" and prev is not None
                and prev.output_type == "stream" and prev.name == out.name):
            prev.text += out.text
        else:
            merged.append(out)
    return merged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="execute and time, but write nothing")
    args = parser.parse_args(argv)
    total = 0.0
    for path in args.notebooks:
        seconds = refresh(path, write=not args.dry_run)
        total += seconds
        print(f"{seconds:6.1f} s  {path}", flush=True)
    print(f"{total:6.1f} s  in all ({len(args.notebooks)} notebooks, {os.cpu_count()} cores, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
