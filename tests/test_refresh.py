"""tools/refresh.py: the one command that re-executes a notebook in place."""

import importlib.util
import shutil
from pathlib import Path

import nbformat
import numpy

import nnscratch

ROOT = Path(__file__).resolve().parent.parent


def load_refresh():
    spec = importlib.util.spec_from_file_location("refresh", ROOT / "tools" / "refresh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_refresh_rewrites_the_first_cell_and_executes_top_to_bottom(tmp_path, config):
    refresh = load_refresh()
    path = tmp_path / "02-neurons.ipynb"
    shutil.copy(ROOT / "chapters" / "02-neurons.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[0].source = "print('an old first cell')"
    for cell in code:
        cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)

    seconds = refresh.refresh(path)

    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == nnscratch.book.first_cell(config["repository"]["url"], nnscratch.__version__)
    assert "hide-input" in code[0].metadata["tags"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert "application/vnd.jupyter.widget-state+json" in nb.metadata["widgets"]
    assert 0 < seconds < 120
    # What executed it: float32 outputs depend on the BLAS kernel.
    executed = nb.metadata["executed_with"]
    assert executed["numpy"] == numpy.__version__
    assert executed["nnscratch"] == nnscratch.__version__
    [blas] = executed["blas"]
    assert blas["threads"] == 1 and blas["kernel"] and blas["library"]


def test_dry_run_writes_nothing(tmp_path):
    refresh = load_refresh()
    path = tmp_path / "01-introduction.ipynb"
    shutil.copy(ROOT / "chapters" / "01-introduction.ipynb", path)
    before = path.read_bytes()
    refresh.main(["--dry-run", str(path)])
    assert path.read_bytes() == before


def test_consecutive_outputs_of_one_stream_are_merged():
    from nbformat.v4 import new_output

    outputs = [new_output("stream", name="stdout", text="a\n"),
               new_output("stream", name="stdout", text="b\n"),
               new_output("stream", name="stderr", text="warn\n"),
               new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
               new_output("stream", name="stdout", text="c\n")]
    merged = load_refresh().merge_streams(outputs)
    assert [(o.output_type, o.get("text")) for o in merged] == [
        ("stream", "a\nb\n"), ("stream", "warn\n"), ("execute_result", None),
        ("stream", "c\n")]
