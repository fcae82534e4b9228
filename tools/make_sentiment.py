"""Rebuild code/nnscratch/data/sentiment.npz, the sentences of chapter 23.

    pip download vaderSentiment==3.3.2 --no-deps --no-binary=:all: -d /tmp/vs
    python tools/make_sentiment.py /tmp/vs/vaderSentiment-3.3.2.tar.gz

The source is the sdist of "vaderSentiment" 3.3.2 on PyPI (C.J. Hutto,
MIT licence), whose additional_resources/hutto_ICWSM_2014.tar.gz holds the
human ratings behind the VADER paper (Hutto and Gilbert, ICWSM 2014):
sentences each rated by at least 20 people from -4 (extremely negative) to
+4 (extremely positive), the mean rating kept. Two of its sets are kept:

- "movies": 10,605 sentences of the 2,000 movie reviews of Pang and Lee
  (ACL 2004), split into sentences with NLTK's tokenizer;
- "amazon": 3,708 sentences of 309 customer reviews of 5 products on
  amazon.com (Hu and Liu, KDD 2004).

Each set is stored as its sentences joined by newlines (UTF-8 bytes), the
mean ratings (float64), and a fixed test mask: 20 % of the sentences,
drawn once with np.random.default_rng(2014), so that the split never
depends on the NumPy version that loads it. The script checks the SHA-256
of the sdist, and prints the SHA-256 of each set's text for
code/nnscratch/data/sentiment.py to check on loading.
"""

import hashlib
import io
import sys
import tarfile
from pathlib import Path

import numpy as np

SDIST_SHA256 = "5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9"
INNER = "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz"
SOURCES = {"movies": "movieReviewSnippets_GroundTruth.txt",
           "amazon": "amazonReviewSnippets_GroundTruth.txt"}
TEST_FRACTION = 0.2


def read_ratings(raw):
    """Lines 'id<TAB>mean rating<TAB>sentence' -> (sentences, ratings)."""
    sentences, ratings = [], []
    for line in raw.decode("utf-8").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        _, rating, sentence = line.split("\t")
        sentence = " ".join(sentence.split())  # one line, single spaces
        assert sentence, line
        sentences.append(sentence)
        ratings.append(float(rating))
    return sentences, np.array(ratings)


def main(sdist):
    data = Path(sdist).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: SHA-256 {digest}, expected {SDIST_SHA256}")
    with tarfile.open(sdist) as outer:
        inner = io.BytesIO(outer.extractfile(INNER).read())
    arrays = {}
    rng = np.random.default_rng(2014)
    with tarfile.open(fileobj=inner) as tar:
        for name, member in SOURCES.items():
            raw = tar.extractfile(f"hutto_ICWSM_2014/{member}").read()
            sentences, ratings = read_ratings(raw)
            text = "\n".join(sentences).encode("utf-8")
            m = len(sentences)
            test = np.zeros(m, bool)
            test[rng.permutation(m)[:round(TEST_FRACTION * m)]] = True
            arrays[f"{name}_text"] = np.frombuffer(text, np.uint8)
            arrays[f"{name}_rating"] = ratings
            arrays[f"{name}_test"] = test
            print(f"    {name!r}: ({m}, "
                  f"{hashlib.sha256(text).hexdigest()!r}),")
    out = (Path(__file__).resolve().parents[1]
           / "code/nnscratch/data/sentiment.npz")
    np.savez_compressed(out, **arrays)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
