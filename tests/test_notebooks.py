"""Notebook hygiene: the table of contents, the first cell, clean outputs, exercises.

nbval (pytest --nbval over chapters/) re-executes every notebook and compares
outputs; these tests check what nbval does not.
"""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

import nnscratch
from nnscratch.book import first_cell

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
# Chapters whose exercises are all pen-and-paper; every other chapter must use
# at least one checker from nnscratch.exercises.
NO_CHECKER = {"01-introduction"}


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part["chapters"]]
    return files


def source_file(entry):
    matches = [ROOT / (entry + ext) for ext in (".ipynb", ".md")]
    return next((m for m in matches if m.exists()), None)


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_there_are_chapters():
    assert len(CHAPTERS) >= 2


def test_every_toc_entry_exists():
    missing = [entry for entry in toc_files() if source_file(entry) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_chapter_is_in_the_toc():
    listed = set(toc_files())
    absent = [p.name for p in CHAPTERS if f"chapters/{p.stem}" not in listed]
    assert not absent, f"chapters missing from _toc.yml: {absent}"


def test_chapter_names_are_numbered_kebab_case():
    bad = [p.name for p in CHAPTERS if not re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", p.name)]
    assert not bad, f"chapter files must be named like 02-neurons.ipynb: {bad}"


@pytest.fixture(params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_first_cell_installs_from_the_configured_repository(chapter, config):
    path, nb = chapter
    code = [c for c in nb.cells if c.cell_type == "code"]
    expected = first_cell(config["repository"]["url"], nnscratch.__version__)
    assert code and code[0].source == expected, (
        f"{path.name}: the first code cell must be exactly\n{expected}\n"
        f"Run: python tools/refresh.py {path.relative_to(ROOT)}"
    )


def test_first_cell_fits_the_page(config):
    src = first_cell(config["repository"]["url"], nnscratch.__version__)
    widest = max(src.splitlines(), key=len)
    assert len(widest) <= 79, (
        f"the first cell has a line of {len(widest)} characters (at most 79 "
        f"fit a code box): {widest!r}")


def test_executed_once_top_to_bottom_in_a_fresh_kernel(chapter):
    path, nb = chapter
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; re-run it with tools/refresh.py"
    )


def test_no_error_outputs(chapter):
    path, nb = chapter
    errors = [(i, o.get("ename")) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{path.name}: error outputs in cells {errors}"


def test_uses_the_python3_kernel_and_no_path_hacks(chapter):
    path, nb = chapter
    assert nb.metadata.kernelspec.name == "python3"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "sys.path" not in code and "import *" not in code


def test_has_three_exercises_each_with_a_collapsed_solution(chapter):
    path, nb = chapter
    text = markdown(nb)
    exercises = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
    assert len(exercises) >= 3, f"{path.name}: {len(exercises)} exercises, need at least 3"
    solutions = re.findall(r"```\{solution(?:-start)?\} (\S+)\n((?::\w+:.*\n)*)", text)
    solved = {label: options for label, options in solutions}
    for label in exercises:
        assert label in solved, f"{path.name}: exercise {label} has no solution"
        assert ":class: dropdown" in solved[label], f"{path.name}: solution to {label} is not collapsed"
    assert text.count("{solution-start}") == text.count("{solution-end}")


def test_code_exercises_have_a_checker(chapter):
    path, nb = chapter
    if path.stem in NO_CHECKER:
        pytest.skip("pen-and-paper exercises only")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert re.search(r"ch\d\d\.check_\w+\(", code), f"{path.name}: no checker from nnscratch.exercises is used"


def test_widgets_have_stored_state_and_a_static_companion(chapter):
    path, nb = chapter
    widget_cells = [c for c in nb.cells if c.cell_type == "code" and any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c.outputs)]
    if not widget_cells:
        pytest.skip("no widgets")
    assert "application/vnd.jupyter.widget-state+json" in nb.metadata.get("widgets", {}), (
        f"{path.name}: widget state not stored; refresh it with tools/refresh.py"
    )
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert figures >= len(widget_cells), f"{path.name}: each widget needs a static figure beside it"


def test_notebook_is_small_enough_to_download(chapter):
    path, _ = chapter
    assert path.stat().st_size < 3_000_000, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB"


def test_records_what_executed_it(chapter):
    path, nb = chapter
    executed = nb.metadata.get("executed_with")
    assert executed and executed.get("numpy") and executed.get("blas"), (
        f"{path.name}: no record of the NumPy version and BLAS kernel it was "
        f"executed with; refresh it with tools/refresh.py")


def test_claim_checks_are_hidden_asserts_without_output(chapter):
    """A cell tagged remove-cell checks a sentence of the prose against
    the outputs (README: what the tests check): it must be able to fail,
    and it shows nothing."""
    path, nb = chapter
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "remove-cell" in cell.metadata.get("tags", []):
            assert "assert" in cell.source, f"{path.name} cell {i}: a hidden cell that checks nothing"
            assert not cell.outputs, f"{path.name} cell {i}: a hidden claim check printed something"
