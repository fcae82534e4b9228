"""Helpers for the book's notebooks: the first cell, printing, showing source."""

import inspect

import numpy as np

# The text of every chapter's first code cell. Colab starts without nnscratch,
# so the cell cannot import it to install it: it stands on its own, and
# tools/refresh.py writes it into each notebook from _config.yml's repository
# URL and this package's version. A test checks every notebook against it.
FIRST_CELL = '''\
# Run this cell first. In Colab it installs the book's companion package,
# nnscratch; on Binder or your own machine nnscratch is already installed.
try:
    import google.colab  # noqa: F401  (exists only in Colab)
    import subprocess, sys
    repo = "{repository_url}"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    f"nnscratch @ git+{{repo}}#subdirectory=code"], check=True)
except ImportError:
    pass
import nnscratch
nnscratch.setup_notebook("{version}")'''


def first_cell(repository_url, version):
    """The source of a chapter's first cell for this repository and version."""
    return FIRST_CELL.format(repository_url=repository_url.rstrip("/"), version=version)


def check_version(expected):
    """Raise a clear error unless the installed nnscratch is version `expected`."""
    from . import __version__

    if __version__ != expected:
        raise RuntimeError(
            f"This notebook was written for nnscratch {expected}, but {__version__} "
            "is installed. From the book's repository run `pip install -e ./code`; "
            "in Colab, restart the runtime and run the first cell again."
        )


def setup_notebook(expected_version):
    """Everything a chapter needs before its first line of math.

    Checks the version, fixes how NumPy prints (4 significant decimals, no
    scientific notation for small numbers, plain scalars) and, if matplotlib is
    installed, the book's figure style.
    """
    check_version(expected_version)
    numpy_2 = int(np.__version__.split(".")[0]) >= 2
    # legacy="1.25" prints NumPy scalars as 0.5, not np.float64(0.5)
    np.set_printoptions(precision=4, suppress=True, legacy="1.25" if numpy_2 else False)
    try:
        from . import plot
    except ImportError:  # matplotlib is optional for the math
        pass
    else:
        plot.use_book_style()
    print(f"nnscratch {expected_version} is ready.")


def show_source(obj):
    """Show the source code of a function or class from the library.

    In a notebook it is displayed with syntax colouring; elsewhere it is
    printed. This is how the chapters show that the library keeps exactly what
    the chapter derived.
    """
    try:
        source = inspect.getsource(obj)
    except (TypeError, OSError) as err:
        raise TypeError(f"show_source: cannot find the source of {obj!r} ({err})") from None
    try:
        from IPython import get_ipython
        from IPython.display import Code, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Code(source, language="python"))
    else:
        print(source)
