"""List what is wider than the page in the built book: display equations,
tables and code boxes that would scroll sideways, and images wider than the
text column.

    apt-get install chromium                    # once
    (cd /tmp/mj && npm install mathjax@3)       # once: MathJax without a CDN
    make book
    python tools/check_layout.py                # every page of _build/html
    python tools/check_layout.py _build/html/chapters/16-pooling.html

It opens each page in headless Chromium at 1280 px, waits for MathJax, and
prints one line per element whose content is wider than its box. A page
with nothing to report prints "ok". The hidden first cell of every chapter
(the Colab install line) is left out: it is folded away on the page.
"""

import argparse
import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"

PROBE = """
<script>
setTimeout(function () {
  var out = [], col = document.querySelector('article').clientWidth;
  function text(e) { return e.textContent.replace(/\\s+/g, ' ').slice(0, 60); }
  function wide(kind, sel) {
    document.querySelectorAll(sel).forEach(function (e) {
      if (e.scrollWidth > e.clientWidth + 2
          && !/Run this cell first/.test(e.textContent))
        out.push(kind + ' ' + e.scrollWidth + ' > ' + e.clientWidth
                 + ' px: ' + text(e));
    });
  }
  wide('math ', 'article mjx-container[display="true"]');
  wide('table', 'article .pst-scrollable-table-container');
  wide('code ', 'article div.cell_input pre, article div.highlight pre');
  document.querySelectorAll('article img').forEach(function (e) {
    var w = e.getBoundingClientRect().width;
    if (w > col + 2) out.push('image ' + Math.round(w) + ' > ' + col + ' px');
  });
  var p = document.createElement('pre');
  p.id = 'layout-report';
  p.textContent = out.join('\\n') || 'ok';
  document.body.appendChild(p);
}, 8000);
</script>
"""


def report(page, mathjax):
    """The lines Chromium's probe writes for one built page."""
    source = page.read_text(encoding="utf-8").replace(CDN, mathjax)
    probe = page.with_name("_layout_probe.html")
    probe.write_text(source + PROBE, encoding="utf-8")
    try:
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--virtual-time-budget=25000", "--window-size=1280,2000",
             "--dump-dom", probe.as_uri()],
            capture_output=True, text=True, timeout=120).stdout
    finally:
        probe.unlink()
    found = re.search(r'<pre id="layout-report">(.*?)</pre>', dom, re.S)
    return html.unescape(found.group(1)) if found else "no report"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--mathjax", default="file:///tmp/mj/node_modules/"
                        "mathjax/es5/tex-mml-chtml.js",
                        help="MathJax to load instead of the CDN's")
    args = parser.parse_args()
    pages = args.pages or sorted(
        p for p in (ROOT / "_build/html").rglob("*.html")
        if "_static" not in p.parts and p.name not in ("search.html",
                                                       "genindex.html"))
    if not pages:
        sys.exit("no built pages: run `make book` first")
    for page in pages:
        page = page.resolve()
        shown = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
        print(f"== {shown}")
        print(report(page, args.mathjax))


if __name__ == "__main__":
    main()
