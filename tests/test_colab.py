"""A chapter copied alone into an empty folder runs top to bottom in a kernel
where `google.colab` is importable, installing nnscratch with pip from the
repository URL in _config.yml.

No network: git is told to fetch that URL from this repository instead
(`url.<here>.insteadOf`), pip may use no index, and the kernel's environment
has every dependency except nnscratch itself. What gets installed is the
committed HEAD of this repository, as Colab would get the pushed main branch.
"""

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def is_git_checkout():
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"],
                          capture_output=True).returncode == 0


def dependencies_without_nnscratch(target):
    """A folder of links to this environment's packages, minus nnscratch."""
    target.mkdir()
    for folder in {sysconfig.get_paths()["purelib"], *site.getsitepackages()}:
        for entry in Path(folder).iterdir():
            name = entry.name.lower()
            if name.startswith(("nnscratch", "__editable__")) or name.endswith(".pth"):
                continue
            if not (target / entry.name).exists():
                (target / entry.name).symlink_to(entry)
    return target


@pytest.mark.skipif(not is_git_checkout(), reason="needs this repository as a git checkout")
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_alone_in_a_colab_like_kernel(tmp_path, config, chapter):
    url = config["repository"]["url"]
    # 1. A fresh virtual environment without nnscratch; its other packages come
    #    from this one through a .pth file (pip and the kernel both see them).
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = dependencies_without_nnscratch(tmp_path / "deps")
    Path(purelib, "book-deps.pth").write_text(f"{deps}\n")
    check = subprocess.run([python, "-c", "import nnscratch"], capture_output=True)
    assert check.returncode != 0, "nnscratch must not be importable before the first cell runs"

    # 2. A fake google.colab module, so the first cell takes the Colab branch.
    fake = tmp_path / "fake-colab"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stands in for Colab."""\n')

    # 3. A kernel spec for that environment, with git and pip kept offline.
    kernel_env = {
        "PYTHONPATH": str(fake),
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{ROOT}.insteadOf",
        "GIT_CONFIG_VALUE_0": url,
        "GIT_TERMINAL_PROMPT": "0",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # i.e. build with the setuptools already here
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    spec_dir = tmp_path / "jupyter" / "kernels" / "colab-like"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python", "env": kernel_env,
    }))

    # 4. The chapter, alone in an empty folder, run top to bottom.
    work = tmp_path / "alone"
    work.mkdir()
    shutil.copy(chapter, work / chapter.name)
    nb = nbformat.read(work / chapter.name, as_version=4)
    old_path = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    os.environ.pop("MPLBACKEND", None)
    try:
        NotebookClient(nb, kernel_name="colab-like", timeout=300,
                       resources={"metadata": {"path": str(work)}}).execute()
    finally:
        if old_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old_path

    installed = list(Path(purelib).glob("nnscratch*"))
    assert any(p.is_dir() and p.name == "nnscratch" for p in installed), (
        f"nnscratch was not installed into the fresh environment: {installed}"
    )
    first_output = nb.cells[[c.cell_type for c in nb.cells].index("code")].outputs
    assert any("is ready." in o.get("text", "") for o in first_output)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
