import subprocess
import sys
import types

import numpy as np
import pytest

import nnscratch
from nnscratch import book


def test_version_check_accepts_this_version_and_names_both_otherwise():
    nnscratch.check_version(nnscratch.__version__)
    with pytest.raises(RuntimeError, match=rf"written for nnscratch 9\.9\.9, but {nnscratch.__version__}"):
        nnscratch.check_version("9.9.9")


def test_first_cell_names_the_repository_once_and_the_version():
    src = book.first_cell("https://example.org/org/repo/", "1.2.3")
    assert src.count("https://example.org/org/repo") == 1
    assert 'nnscratch.setup_notebook("1.2.3")' in src
    compile(src, "<first cell>", "exec")  # plain Python, no magics


def test_first_cell_in_colab_pip_installs_the_package_from_the_repository(
        monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab",
                        types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run",
                        lambda args, check: calls.append((args, check)))
    src = book.first_cell("https://example.org/org/repo/",
                          nnscratch.__version__)
    exec(compile(src, "<first cell>", "exec"), {})
    assert calls == [([sys.executable, "-m", "pip", "install", "-q",
                       "nnscratch @ git+https://example.org/org/repo"
                       "#subdirectory=code"], True)]


def test_first_cell_outside_colab_only_sets_up(capsys):
    src = book.first_cell("https://example.org/org/repo", nnscratch.__version__)
    exec(compile(src, "<first cell>", "exec"), {})
    assert capsys.readouterr().out == f"nnscratch {nnscratch.__version__} is ready.\n"


def test_setup_notebook_fixes_print_options():
    old = np.get_printoptions()
    try:
        nnscratch.setup_notebook(nnscratch.__version__)
        assert str(np.array([1 / 3, 1e-9])) == "[0.3333 0.    ]"
    finally:
        np.set_printoptions(**old)


def test_show_source_prints_outside_a_notebook(capsys):
    nnscratch.show_source(nnscratch.activations.sigmoid)
    assert "def sigmoid(z):" in capsys.readouterr().out


def test_show_source_explains_what_it_cannot_show():
    with pytest.raises(TypeError, match="cannot find the source of 3"):
        nnscratch.show_source(3)


def test_importing_nnscratch_needs_only_numpy():
    import subprocess
    import sys

    code = ("import sys, nnscratch; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
