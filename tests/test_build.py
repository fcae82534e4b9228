"""The strict book build: zero warnings, and the pages a reader needs are there."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="module")
def html(tmp_path_factory, config):
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(ROOT), "-W", "-n", "--keep-going",
                             "--path-output", str(out)], capture_output=True, text=True)
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines()
                if re.search(r"\b(WARNING|ERROR)\b", line) and "IPKernelApp" not in line]
    assert result.returncode == 0 and not warnings, "strict build failed:\n" + "\n".join(warnings or [log[-3000:]])
    return out / "_build" / "html"


def page(html, name):
    return (html / name).read_text(encoding="utf-8")


def test_landing_page_has_the_title_toc_and_search(html):
    index = page(html, "index.html")
    assert "<title>From Neuron to Narrative" in index
    assert "Part I: Artificial neural networks" in index
    for chapter in CHAPTERS:
        assert f"chapters/{chapter}.html" in index
    assert (html / "search.html").exists() and (html / "searchindex.js").exists()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_pages_have_launch_buttons_for_colab_and_binder(html, config, chapter):
    text = page(html, f"chapters/{chapter}.html")
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    assert f"colab.research.google.com/github/{repo}/blob/main/chapters/{chapter}.ipynb" in text
    assert f"mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/chapters/{chapter}.ipynb" in text
    assert "_sources/chapters/" in text  # download button
    assert f"{repo}/edit/main/chapters/{chapter}.ipynb" in text  # edit button


def test_chapter_2_has_math_figures_and_collapsed_solutions(html):
    text = page(html, "chapters/02-neurons.html")
    assert text.count('class="math') > 20
    assert len(re.findall(r'<img [^>]*src="../_images/[^"]+\.png"', text)) >= 6
    exercises = text.count('<div class="exercise admonition"')
    assert exercises >= 3 and text.count('<div class="solution dropdown admonition"') == exercises


def test_citations_resolve_to_the_references_page(html):
    assert "Rosenblatt" in page(html, "references.html")
    assert "references.html#id" in page(html, "chapters/02-neurons.html")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_page_has_collapsed_solutions_and_no_raw_markup(html, chapter):
    text = page(html, f"chapters/{chapter}.html")
    exercises = text.count('<div class="exercise admonition"')
    assert exercises >= 3 and text.count('<div class="solution dropdown admonition"') == exercises
    # MyST that failed to parse shows up as literal text on the page
    for raw in ("{doc}`", "{cite}`", "{exercise}", "{solution", ":label:", "$$"):
        body = re.sub(r"<(script|pre)\b.*?</\1>", "", text, flags=re.S)
        assert raw not in body, f"{chapter}: unrendered markup {raw!r} on the page"
