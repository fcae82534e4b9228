"""The comparison of stored and re-executed notebook outputs (tests/nbcompare.py).

What moves between CPUs must pass; what a regression changes must fail. The
passing examples are real: each pair was printed by the same chapter cell on
OpenBLAS's Haswell and SkylakeX kernels.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import nbcompare
from nbcompare import compare_outputs, compare_text, numbers_agree, split_numbers

ROOT = Path(__file__).resolve().parent.parent


def stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def figure():
    return nbformat.v4.new_output("display_data", data={
        "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})


# Pairs printed by the same cell on two BLAS kernels (chapters 7, 10, 11, 14).
MOVES_BETWEEN_CPUS = [
    ("momentum   0.0574 0.2219 94.0%", "momentum   0.0586 0.2232 93.8%"),
    ("adam       0.0219 0.2182 94.3%", "adam       0.0229 0.2183 94.1%"),
    ("validation accuracy 0.8985, best 0.9000", "validation accuracy 0.9000, best 0.9000"),
    ("validation accuracy, original pixels: 96.00%", "validation accuracy, original pixels: 95.88%"),
    ("test accuracy 97.35% (1947 of 2000)", "test accuracy 97.30% (1946 of 2000)"),
    ("mistakes in total: 53", "mistakes in total: 54"),
    ("largest relative error 7.2e-16", "largest relative error 5.6e-17"),
    ("lr   2.19e+02", "lr   2.18e+02"),
]


@pytest.mark.parametrize("stored, new", MOVES_BETWEEN_CPUS)
def test_what_moves_between_cpus_passes(stored, new):
    assert compare_text(stored, new) == []


REGRESSIONS = {
    "a loss 10 % off": ("final loss 0.0574", "final loss 0.0631"),
    "a loss 10 % lower": ("final loss 0.0574", "final loss 0.0517"),
    "a changed label": ("momentum   0.0574", "nesterov   0.0574"),
    "a changed word": ("dtype float32", "dtype float64"),
    "an extra line": ("loss 0.0574\n", "loss 0.0574\nloss 0.0574\n"),
    "a missing line": ("a 1.0\nb 2.0\n", "a 1.0\n"),
    "a reordered table": ("sgd   0.31\nadam  0.12\n", "adam  0.12\nsgd   0.31\n"),
    "an accuracy 1.35 points lower": ("test accuracy 97.35%", "test accuracy 96.00%"),
    "an accuracy near 50 % 3 points off": ("accuracy 52.0%", "accuracy 55.0%"),
    "three more mistakes": ("mistakes in total: 53", "mistakes in total: 56"),
    "a sign flip": ("slope 0.5", "slope -0.5"),
    "a number that became a percentage": ("accuracy 0.97", "accuracy 0.97%"),
    "a missing number": ("shape (64, 784)", "shape (64,)"),
    "a gradient check that broke": ("relative error 3.1e-09", "relative error 2.0e-03"),
}


@pytest.mark.parametrize("stored, new", REGRESSIONS.values(), ids=REGRESSIONS.keys())
def test_a_regression_fails(stored, new):
    assert compare_text(stored, new), f"{stored!r} -> {new!r} passed"


def test_numbers_are_split_from_words():
    assert split_numbers("float32 W1 ch07 layers.0.W") == (["float32 W1 ch07 layers.0.W"], [])
    assert split_numbers("loss 0.0574, 94.0% at epoch 3; lr=1e-05")[1] == [
        "0.0574", "94.0%", "3", "1e-05"]


def test_the_tolerance_follows_the_stated_rule():
    # decimals: 5 % of the value + 2 units of the last digit
    assert numbers_agree("1.000", "1.054") and not numbers_agree("1.000", "1.056")
    # percentages: 5 % of the distance to 100 % + 2 units: 97.35 -> +-0.1525
    assert numbers_agree("97.35%", "97.20%") and not numbers_agree("97.35%", "97.15%")
    # integers: 5 %, at most 2: counts of mistakes move, small numbers do not
    assert numbers_agree("53", "55") and not numbers_agree("53", "56")
    assert numbers_agree("1947", "1945") and not numbers_agree("1947", "1944")
    assert not numbers_agree("12", "13") and not numbers_agree("2", "3")
    # below float32's epsilon both are roundoff
    assert numbers_agree("2e-10", "5e-11") and not numbers_agree("2e-06", "5e-06")


def test_outputs_are_compared_in_kind_and_order():
    stored = [stream("loss 0.0574\n"), figure()]
    assert compare_outputs(stored, [stream("loss 0.0586\n"), figure()]) == []
    missing_figure = compare_outputs(stored, [stream("loss 0.0574\n")])
    assert missing_figure and "differ in kind" in missing_figure[0]
    missing_output = compare_outputs(stored, [figure()])
    assert missing_output
    swapped = compare_outputs(stored, [figure(), stream("loss 0.0574\n")])
    assert swapped
    stderr = compare_outputs([stream("x 1\n")], [stream("x 1\n", name="stderr")])
    assert stderr


def test_an_error_where_none_was_fails_and_its_message_is_compared():
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="x must have shape (m, 2), got (3,)",
                                   traceback=[])
    assert compare_outputs([stream("ok\n")], [error])
    assert compare_outputs([error], [error]) == []
    other = nbformat.v4.new_output("error", ename="ValueError", evalue="x must have shape (m, 3), got (3,)",
                                   traceback=[])
    assert compare_outputs([error], [other])


def test_the_report_says_what_was_stored_and_what_came():
    [message] = compare_text("final loss 0.0574", "final loss 0.0631")
    assert "0.0574 stored, 0.0631 now" in message and "tolerance" in message


def notebook(tmp_path, code, stored_text):
    """A one-cell notebook whose stored output is ``stored_text``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(code, execution_count=1)
    cell.outputs = [stream(stored_text)]
    nb.cells = [cell]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("printed, passes", [("0.0586", True), ("0.0631", False)])
def test_nbval_uses_this_comparison(tmp_path, printed, passes):
    """End to end: nbval re-executes a notebook and compares it by our rule."""
    path = notebook(tmp_path, f"print('loss {printed}')", "loss 0.0574\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "nbcompare", "--nbval", "-q",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode == 0) == passes, result.stdout[-2000:]
    if not passes:
        assert "0.0574 stored, 0.0631 now" in result.stdout


def test_the_root_conftest_installs_it():
    from nbval.plugin import IPyNbCell
    assert IPyNbCell.compare_outputs.__doc__ == nbcompare.compare_outputs.__doc__
