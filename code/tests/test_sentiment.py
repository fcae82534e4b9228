"""The shipped sentiment sentences (chapter 23) and the IMDb download.

The download is tested against the local HTTP server of test_mnist.py
serving a small fake archive built here; no test touches the network.
"""

import io
import tarfile
from importlib import resources

import numpy as np
import pytest
from test_mnist import corrupt, publish, server, sha  # noqa: F401

from nnscratch import data
from nnscratch.data import sentiment
from nnscratch.data.mnist import DownloadError
from nnscratch.data.sentiment import (load_imdb, load_sentiment,
                                      load_sentiment_ratings, read_imdb)



def test_shipped_file_is_small_and_complete():
    raw = (resources.files("nnscratch.data") / "sentiment.npz").read_bytes()
    assert len(raw) <= 700_000
    with np.load(io.BytesIO(raw)) as f:
        assert sorted(f.files) == sorted(
            f"{s}_{k}" for s in ("movies", "amazon")
            for k in ("text", "rating", "test"))


@pytest.mark.parametrize("source, m", [("movies", 10605), ("amazon", 3708)])
def test_ratings_counts_range_and_test_fraction(source, m):
    sentences, ratings, is_test = load_sentiment_ratings(source)
    assert len(sentences) == m and ratings.shape == (m,) and is_test.shape == (m,)
    assert ratings.dtype == np.float64 and is_test.dtype == bool
    assert -4 <= ratings.min() and ratings.max() <= 4
    assert is_test.sum() == round(0.2 * m)
    assert all(s and "\n" not in s and s == s.strip() for s in sentences)


def test_known_sentences_and_ratings():
    sentences, ratings, _ = load_sentiment_ratings("movies")
    assert sentences[2] == "Effective but too tepid biopic"
    assert ratings[2] == pytest.approx(-0.6)
    assert sentences[0].startswith("The Rock is destined to be the 21st")
    amazon, r, _ = load_sentiment_ratings("amazon")
    assert amazon[0] == ("troubleshooting ad-2500 and ad-2600 no picture "
                         "scrolling b/w.")
    assert r[0] == pytest.approx(-0.9)
    assert "é" in "".join(sentences)          # UTF-8 kept


def test_labels_follow_the_sign_of_the_rating():
    sentences, ratings, _ = load_sentiment_ratings("movies")
    X, y = load_sentiment("movies", "all")
    assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    assert len(X) == int((ratings != 0).sum()) == len(y)
    assert y.sum() == int((ratings > 0).sum())
    assert X[2] == "Effective but too tepid biopic" and y[2] == 0 and y[1] == 1


def test_train_and_test_are_disjoint_and_cover_all():
    train, y_train = load_sentiment("amazon", "train")
    test, y_test = load_sentiment("amazon", "test")
    everything, _ = load_sentiment("amazon", "all")
    assert len(train) + len(test) == len(everything)
    assert len(test) / len(everything) == pytest.approx(0.2, abs=0.01)
    assert sorted(train + test) == sorted(everything)


def test_margin_drops_the_nearly_neutral_sentences():
    _, ratings, _ = load_sentiment_ratings("movies")
    X, y = load_sentiment("movies", "all", margin=1.0)
    assert len(X) == int((np.abs(ratings) > 1.0).sum()) < 10605
    assert len(load_sentiment("movies", "all", margin=0.5)[0]) > len(X)


@pytest.mark.parametrize("kwargs, match", [
    ({"source": "yelp"}, r"source must be one of \['amazon', 'movies'\], got 'yelp'"),
    ({"split": "valid"}, r"split must be 'train', 'test' or 'all', got 'valid'"),
    ({"margin": -1}, r"margin must be a number in \[0, 4\), got -1"),
    ({"margin": 4}, r"margin must be a number in \[0, 4\), got 4"),
])
def test_bad_arguments_say_what_was_expected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_sentiment(**kwargs)


def test_a_damaged_file_is_refused(tmp_path, monkeypatch):
    good = resources.files("nnscratch.data") / "sentiment.npz"
    with np.load(good) as f:
        arrays = {k: f[k] for k in f.files}
    text = arrays["movies_text"].copy()
    text[5] ^= 1                                   # one flipped bit
    arrays["movies_text"] = text
    bad = tmp_path / "sentiment.npz"
    np.savez_compressed(bad, **arrays)
    monkeypatch.setattr(sentiment, "_FILE", bad)
    with pytest.raises(ValueError, match=r"'movies' sentences are damaged: "
                       r"expected 10605 with SHA-256 de5c01e0d955"):
        load_sentiment("movies")
    assert len(load_sentiment("amazon", "all")[0]) > 3000   # the other is fine


def test_exported_from_data():
    assert data.load_sentiment is load_sentiment and data.load_imdb is load_imdb


# IMDb, against a local server ------------------------------------------------

def fake_imdb(extra=None):
    """An aclImdb_v1.tar.gz (bytes) with 2 reviews per folder, plus
    an unlabelled one and a non-review file that must be skipped."""
    members = {}
    for split in ("train", "test"):
        for lab in ("neg", "pos"):
            for i in (1, 0):                       # stored out of order
                members[f"aclImdb/{split}/{lab}/{i}_{7 if lab == 'pos' else 2}.txt"] = \
                    f"{split} {lab} review {i}.<br />Line two.".encode()
    members["aclImdb/train/unsup/0_0.txt"] = b"unlabelled"
    members["aclImdb/README"] = b"readme"
    members.update(extra or {})
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


@pytest.fixture
def tiny_imdb(monkeypatch):
    tarball = fake_imdb()
    monkeypatch.setattr(sentiment, "IMDB_SHA256", sha(tarball))
    return tarball


def test_imdb_constants():
    assert sentiment.IMDB_SHA256 == (
        "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe")
    assert sentiment.IMDB_FILE == "aclImdb_v1.tar.gz"


def test_load_imdb_downloads_checks_and_reads(server, tiny_imdb, tmp_path):
    url = publish(server, "good", {"aclImdb_v1.tar.gz": tiny_imdb})
    X, y, Xt, yt = load_imdb(tmp_path, [url])
    assert len(X) == 4 and len(Xt) == 4
    assert y.tolist() == [0, 0, 1, 1] and yt.tolist() == [0, 0, 1, 1]
    assert y.dtype == np.int64
    assert X[0] == "train neg review 0. Line two."       # sorted, <br /> gone
    assert Xt[3] == "test pos review 1. Line two."
    assert "unlabelled" not in X + Xt
    load_imdb(tmp_path, [url])                            # from the cache
    assert server.paths == ["/good/aclImdb_v1.tar.gz"]


def test_load_imdb_cache_dir_from_environment(server, tiny_imdb, tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path / "data"))
    load_imdb(mirrors=[publish(server, "env", {"aclImdb_v1.tar.gz": tiny_imdb})])
    assert (tmp_path / "data" / "imdb" / "aclImdb_v1.tar.gz").exists()


def test_load_imdb_corrupt_download_names_both_digests(server, tiny_imdb, tmp_path):
    url = publish(server, "bad", {"aclImdb_v1.tar.gz": corrupt(tiny_imdb)})
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError) as err:
        load_imdb(tmp_path, [url])
    assert sha(tiny_imdb) in str(err.value) and sha(corrupt(tiny_imdb)) in str(err.value)
    assert list(tmp_path.iterdir()) == []                 # nothing cached


def test_read_imdb_refuses_an_archive_without_reviews(tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("aclImdb/README")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    path = tmp_path / "aclImdb_v1.tar.gz"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match=r"no reviews in \['aclImdb/train/neg'"):
        read_imdb(path)
