"""Sentences rated for sentiment by people, for chapter 23; IMDb by download.

``load_sentiment(source, split)`` returns sentences and 0/1 labels
(1 = positive) from one of two shipped sets, "movies" (10,605 sentences of
movie reviews) and "amazon" (3,708 sentences of product reviews).
``load_sentiment_ratings(source)`` returns the mean human ratings behind
the labels, from -4 (extremely negative) to +4 (extremely positive).

The sets come from the ratings that C.J. Hutto and Eric Gilbert collected
for VADER (ICWSM 2014): every sentence was rated by at least 20 people.
The movie sentences are from the 2,000 reviews of Pang and Lee (ACL 2004),
the product sentences from Hu and Liu (KDD 2004). They ship in
``sentiment.npz`` (0.64 MB), built by ``tools/make_sentiment.py`` from the
sdist of the PyPI package vaderSentiment 3.3.2 (MIT licence), with a fixed
test mask of 20 % of each set.

``load_imdb()`` downloads the Large Movie Review Dataset of Maas et al.
(ACL 2011; 50,000 reviews, 84 MB) once, checks its SHA-256 and keeps it in
a cache folder; nothing of it ships.
"""

import hashlib
import tarfile
from pathlib import Path

import numpy as np

from .mnist import _default_cache_dir, download

_FILE = Path(__file__).with_name("sentiment.npz")
# (sentences, SHA-256 of the newline-joined UTF-8 text), as
# tools/make_sentiment.py printed them; checked on loading
SOURCE_DIGESTS = {
    "movies": (10605, "de5c01e0d955d42079ce601d9dba68d5e993f3f6eac53038ed365a061f21b2c6"),
    "amazon": (3708, "608161e961baa2c302c88b8a3399c5869c2134fa2709d45862432eccc65a69e9"),
}


def load_sentiment_ratings(source="movies"):
    """All sentences of one source with their ratings and test mask.

    source : "movies" or "amazon"
    Returns (sentences, ratings, is_test): a list of m str, float64
    (m,) mean ratings in [-4, 4], and bool (m,), True for the 20 % of
    sentences held out for testing.
    """
    if source not in SOURCE_DIGESTS:
        raise ValueError(f"load_sentiment: source must be one of "
                         f"{sorted(SOURCE_DIGESTS)}, got {source!r}")
    count, sha = SOURCE_DIGESTS[source]
    with np.load(_FILE) as f:
        raw = f[f"{source}_text"].tobytes()
        ratings, is_test = f[f"{source}_rating"], f[f"{source}_test"]
    got = hashlib.sha256(raw).hexdigest()
    sentences = raw.decode("utf-8").split("\n")
    if got != sha or len(sentences) != count or len(ratings) != count:
        raise ValueError(
            f"{_FILE}: the {source!r} sentences are damaged: expected "
            f"{count} with SHA-256 {sha[:12]}..., got {len(sentences)} "
            f"with {got[:12]}...; reinstall nnscratch or rebuild it with "
            f"tools/make_sentiment.py")
    return sentences, ratings, is_test


def load_sentiment(source="movies", split="train", margin=0.0):
    """Sentences and labels, 1 positive (mean rating > margin) and 0
    negative (< -margin); sentences rated within the margin of 0 are
    left out.

    source : "movies" or "amazon"
    split  : "train" (80 %), "test" (20 %) or "all"
    margin : float >= 0; 0 keeps every sentence not rated exactly 0
    Returns (sentences, y): a list of m str and int64 (m,) labels, in
    the order of the source.
    """
    if split not in ("train", "test", "all"):
        raise ValueError(f"load_sentiment: split must be 'train', 'test' "
                         f"or 'all', got {split!r}")
    if not np.isscalar(margin) or not 0 <= margin < 4:
        raise ValueError(f"load_sentiment: margin must be a number in "
                         f"[0, 4), got {margin!r}")
    sentences, ratings, is_test = load_sentiment_ratings(source)
    keep = np.abs(ratings) > margin
    if split != "all":
        keep &= is_test if split == "test" else ~is_test
    y = (ratings[keep] > 0).astype(np.int64)
    return [s for s, k in zip(sentences, keep) if k], y


# IMDb: the Large Movie Review Dataset, by download --------------------------

IMDB_FILE = "aclImdb_v1.tar.gz"
# the digest that loaders of this archive in other languages (Julia, Go,
# Rust) check too
IMDB_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"
IMDB_MIRRORS = ["https://ai.stanford.edu/~amaas/data/sentiment/"]


def load_imdb(cache_dir=None, mirrors=None):
    """The 50,000 labelled IMDb reviews of Maas et al. (2011), downloaded
    once into a cache and checked.

    cache_dir : folder for the tarball; default $NNSCRATCH_DATA/imdb if
                NNSCRATCH_DATA is set, else ~/.cache/nnscratch/imdb
    mirrors   : list of base URLs tried in order (IMDB_MIRRORS)
    Returns (train_texts, y_train, test_texts, y_test): lists of 25,000
    str and int64 (25000,) labels, 1 for a positive review (rated 7-10
    of 10), 0 for a negative one (1-4), sorted by file name. The
    archive's unlabelled reviews (train/unsup) are skipped.
    """
    if cache_dir is None:
        cache_dir = _default_cache_dir().with_name("imdb")
    mirrors = IMDB_MIRRORS if mirrors is None else mirrors
    path = download(mirrors, IMDB_FILE, IMDB_SHA256, cache_dir)
    return read_imdb(path)


def read_imdb(path):
    """Read aclImdb/{train,test}/{pos,neg}/*.txt from the tarball at
    `path` (see load_imdb for what is returned)."""
    found = {(s, lab): [] for s in ("train", "test") for lab in ("neg", "pos")}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            parts = member.name.split("/")
            if (member.isfile() and len(parts) == 4 and parts[0] == "aclImdb"
                    and (parts[1], parts[2]) in found
                    and parts[3].endswith(".txt")):
                text = tar.extractfile(member).read().decode("utf-8")
                found[parts[1], parts[2]].append((parts[3], text))
    empty = [f"aclImdb/{s}/{lab}" for (s, lab), v in found.items() if not v]
    if empty:
        raise ValueError(f"read_imdb: {path} has no reviews in {empty}; "
                         f"expected the folders aclImdb/train/pos, "
                         f"train/neg, test/pos and test/neg")
    out = []
    for s in ("train", "test"):
        texts, y = [], []
        for label, lab in enumerate(("neg", "pos")):
            for _, text in sorted(found[s, lab]):
                texts.append(text.replace("<br />", " "))
                y.append(label)
        out += [texts, np.array(y, np.int64)]
    return tuple(out)
