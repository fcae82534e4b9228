"""Text tools: vocabularies (round trips, determinism, unknowns), truncated
BPTT batches (continuity, shifted targets), padding masks, sampling
(greedy, top-k, temperature against softmax), and the error messages."""

import numpy as np
import pytest

from nnscratch.activations import softmax
from nnscratch.text import (CharVocab, WordVocab, bptt_batches,
                            pad_sequences, sample, sampling_distribution,
                            tokenize)

TEXT = "To be, or not to be, that is the question:\nWhether 'tis nobler"


# ---------------------------------------------------------------- CharVocab

def test_char_vocab_is_sorted_unique_and_round_trips():
    v = CharVocab(TEXT)
    assert v.itos == sorted(set(TEXT))
    assert len(v) == len(set(TEXT))
    assert all(v.stoi[c] == i for i, c in enumerate(v.itos))
    ids = v.encode(TEXT)
    assert ids.dtype == np.int64 and ids.shape == (len(TEXT),)
    assert v.decode(ids) == TEXT
    assert v.decode(list(ids)) == TEXT
    assert v.decode(v.stoi["T"]) == "T"          # a single id
    assert v.decode([]) == ""


def test_char_vocab_is_deterministic():
    a, b = CharVocab(TEXT), CharVocab("".join(reversed(TEXT)))
    assert a.itos == b.itos
    np.testing.assert_array_equal(a.encode("be"), b.encode("be"))


def test_char_vocab_unknown_character():
    v = CharVocab("abc")
    with pytest.raises(ValueError, match=r"character 'z' at position 2 is "
                                         r"not in the vocabulary of 3"):
        v.encode("abzc")
    u = CharVocab("abc", unk="?")
    assert "?" in u.stoi and len(u) == 4
    assert u.decode(u.encode("abzc")) == "ab?c"
    with pytest.raises(ValueError, match="unk must be one character"):
        CharVocab("abc", unk="??")
    with pytest.raises(ValueError, match="non-empty string"):
        CharVocab("")


def test_char_vocab_decode_out_of_range():
    v = CharVocab("abc")
    with pytest.raises(ValueError, match=r"id 3 at position 1 is out of "
                                         r"range .* size 3 \(ids 0\.\.2\)"):
        v.decode([0, 3])
    with pytest.raises(ValueError, match="id -1 at position 0"):
        v.decode([-1])                   # no silent wrap-around
    with pytest.raises(TypeError, match="ids must be integers"):
        v.decode([0.0, 1.0])
    with pytest.raises(ValueError, match=r"shape \(T,\)"):
        v.decode([[0, 1]])


# --------------------------------------------------------- words, WordVocab

def test_tokenize_words_apostrophes_punctuation():
    assert tokenize("It's good, isn't it?") == [
        "it's", "good", ",", "isn't", "it", "?"]
    assert tokenize("Don\u2019t  STOP!!") == ["don't", "stop", "!", "!"]
    assert tokenize("'Tis 2 o'clock.") == ["'", "tis", "2", "o'clock", "."]
    assert tokenize("") == []
    with pytest.raises(TypeError, match="text must be a string"):
        tokenize(["a"])


DOCS = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat"],
        ["the", "end"]]


def test_word_vocab_specials_order_and_round_trip():
    v = WordVocab(DOCS)
    assert v.itos[:2] == ["<pad>", "<unk>"]
    assert v.stoi["<pad>"] == v.pad_id == 0 and v.stoi["<unk>"] == v.unk_id == 1
    # the: 3; cat, sat: 2 (alphabetical); a, dog, end: 1 (alphabetical)
    assert v.itos[2:] == ["the", "cat", "sat", "a", "dog", "end"]
    assert v.counts["the"] == 3
    ids = v.encode(["the", "dog", "sat"])
    assert ids.dtype == np.int64
    assert v.decode(ids) == ["the", "dog", "sat"]
    assert WordVocab(list(reversed(DOCS))).itos == v.itos   # deterministic


def test_word_vocab_min_count_max_size_and_unknowns():
    v = WordVocab(DOCS, min_count=2)
    assert v.itos == ["<pad>", "<unk>", "the", "cat", "sat"]
    np.testing.assert_array_equal(v.encode(["the", "dog", "zebra"]),
                                  [2, 1, 1])
    w = WordVocab(DOCS, max_size=2)      # ties broken alphabetically
    assert w.itos == ["<pad>", "<unk>", "the", "cat"]
    assert len(WordVocab(DOCS, max_size=0)) == 2
    assert v.encode([]).shape == (0,)


def test_word_vocab_errors():
    v = WordVocab(DOCS)
    with pytest.raises(TypeError, match="got a string; use tokenize"):
        v.encode("the cat")
    with pytest.raises(TypeError, match="text 1 is a string"):
        WordVocab([["a"], "b c"])
    with pytest.raises(ValueError, match="min_count must be a whole number"):
        WordVocab(DOCS, min_count=0)
    with pytest.raises(ValueError, match="max_size must be None or"):
        WordVocab(DOCS, max_size=-1)
    with pytest.raises(ValueError, match=r"id 8 at position 0 .* size 8"):
        v.decode([8])


# ------------------------------------------------------------ bptt_batches

def test_bptt_batches_shapes_shift_and_continuity():
    ids = np.arange(103)
    B, S = 4, 6
    batches = bptt_batches(ids, B, S)
    L = 103 // B                                     # 25 per stream
    assert batches.streams.shape == (B, L)
    assert len(batches) == (L - 1) // S == 4
    out = list(batches)
    assert len(out) == len(batches)
    for x, y in out:
        assert x.shape == y.shape == (B, S)
        assert x.dtype.kind == "i"
        np.testing.assert_array_equal(y[:, :-1], x[:, 1:])  # shifted by one
        np.testing.assert_array_equal(y, x + 1)  # ids are positions here
    for (x0, y0), (x1, _) in zip(out, out[1:]):
        # row r of batch k+1 starts where row r of batch k ended
        np.testing.assert_array_equal(x1[:, 0], x0[:, -1] + 1)
        np.testing.assert_array_equal(x1[:, 0], y0[:, -1])
    # each row is one contiguous stretch of the text
    np.testing.assert_array_equal(out[0][0][:, 0], np.arange(B) * L)
    assert len(list(batches)) == 4                   # iterate again: epoch 2


def test_bptt_batches_exact_fit_and_errors():
    assert len(bptt_batches(np.arange(2 * 4), 2, 3)) == 1     # 2 x (3 + 1)
    with pytest.raises(ValueError, match=r"7 ids are too few .* batch_size 2 "
                                         r"streams x \(seq_len 3 \+ 1\) = 8"):
        bptt_batches(np.arange(7), 2, 3)
    with pytest.raises(ValueError, match="seq_len must be a whole number"):
        bptt_batches(np.arange(100), 2, 0)
    with pytest.raises(ValueError, match="batch_size must be a whole number"):
        bptt_batches(np.arange(100), 2.0, 3)
    with pytest.raises(ValueError, match="1-D integer array"):
        bptt_batches(np.zeros(100), 2, 3)


def test_bptt_batches_on_encoded_text():
    v = CharVocab(TEXT)
    x, y = next(iter(bptt_batches(v.encode(TEXT), 2, 5)))
    assert v.decode(x[0]) == TEXT[:5] and v.decode(y[0]) == TEXT[1:6]


# ----------------------------------------------------------- pad_sequences

def test_pad_sequences_values_and_mask():
    ids, mask = pad_sequences([[5, 6, 7], [8], []])
    np.testing.assert_array_equal(ids, [[5, 6, 7], [8, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(mask.sum(axis=1), [3, 1, 0])
    assert ids.dtype == np.int64 and mask.dtype == bool
    assert (ids[~mask] == 0).all()
    ids, mask = pad_sequences([np.array([1, 2]), [3]], pad_id=9, max_len=4)
    np.testing.assert_array_equal(ids, [[1, 2, 9, 9], [3, 9, 9, 9]])
    np.testing.assert_array_equal(mask, [[1, 1, 0, 0], [1, 0, 0, 0]])


def test_pad_sequences_truncation():
    seqs = [[1, 2, 3, 4, 5], [6, 7]]
    ids, mask = pad_sequences(seqs, max_len=3)
    np.testing.assert_array_equal(ids, [[1, 2, 3], [6, 7, 0]])
    np.testing.assert_array_equal(mask.sum(axis=1), [3, 2])
    ids, _ = pad_sequences(seqs, max_len=3, truncate="pre")
    np.testing.assert_array_equal(ids, [[3, 4, 5], [6, 7, 0]])


def test_pad_sequences_errors():
    with pytest.raises(ValueError, match="truncate must be 'post' or 'pre'"):
        pad_sequences([[1]], truncate="end")
    with pytest.raises(ValueError, match="seqs is empty"):
        pad_sequences([])
    with pytest.raises(ValueError, match="sequence 1 must be a 1-D list of "
                                         "integer ids"):
        pad_sequences([[1], [0.5]])
    with pytest.raises(ValueError, match="max_len must be None or"):
        pad_sequences([[1]], max_len=0)
    with pytest.raises(TypeError, match="got a string; encode it first"):
        pad_sequences("abc")


# ----------------------------------------------------------------- sampling

LOGITS = np.array([1.0, 3.0, 0.5, 2.5, -1.0])


def test_greedy_is_argmax():
    rng = np.random.default_rng(0)
    assert sample(LOGITS, rng, temperature=0) == 1
    assert sample(LOGITS, rng, top_k=1) == 1
    assert isinstance(sample(LOGITS, rng), int)
    Z = np.random.default_rng(1).normal(size=(50, 7))
    np.testing.assert_array_equal(sample(Z, rng, temperature=0),
                                  Z.argmax(axis=1))
    np.testing.assert_array_equal(sample(Z, rng, top_k=1, temperature=2.0),
                                  Z.argmax(axis=1))
    p = sampling_distribution(Z, temperature=0)
    np.testing.assert_array_equal(p.argmax(axis=1), Z.argmax(axis=1))
    np.testing.assert_array_equal(p.sum(axis=1), 1.0)


def test_top_k_never_leaves_the_top_k():
    rng = np.random.default_rng(2)
    Z = rng.normal(size=(200, 10))
    top3 = np.argsort(Z, axis=1)[:, -3:]
    for _ in range(20):
        ids = sample(Z, rng, temperature=5.0, top_k=3)
        assert ids.shape == (200,) and ids.dtype == np.int64
        assert (ids[:, None] == top3).any(axis=1).all()
    p = sampling_distribution(Z, top_k=3)
    assert ((p > 0).sum(axis=1) == 3).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


@pytest.mark.parametrize("T", [0.5, 1.0, 2.0])
def test_frequencies_follow_softmax_of_logits_over_temperature(T):
    rng = np.random.default_rng(3)
    n = 20000
    ids = sample(np.tile(LOGITS, (n, 1)), rng, temperature=T)
    freq = np.bincount(ids, minlength=len(LOGITS)) / n
    expected = softmax(LOGITS / T)
    np.testing.assert_allclose(sampling_distribution(LOGITS, T), expected)
    assert np.abs(freq - expected).max() < 0.015


def test_same_seed_same_samples_and_minus_inf_never_drawn():
    Z = np.random.default_rng(4).normal(size=(100, 6))
    a = sample(Z, np.random.default_rng(7))
    b = sample(Z, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    z = np.array([0.0, -np.inf, 0.0])
    ids = sample(np.tile(z, (1000, 1)), np.random.default_rng(0))
    assert not (ids == 1).any() and set(ids) == {0, 2}


def test_sampling_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="temperature must be a number >= 0"):
        sample(LOGITS, rng, temperature=-0.5)
    with pytest.raises(ValueError, match="temperature must be a number >= 0"):
        sample(LOGITS, rng, temperature=float("nan"))
    with pytest.raises(ValueError, match=r"top_k must be a whole number in "
                                         r"\[1, V\] = \[1, 5\], got 6"):
        sample(LOGITS, rng, top_k=6)
    with pytest.raises(ValueError, match=r"\[1, 5\], got 0"):
        sample(LOGITS, rng, top_k=0)
    bad = LOGITS.copy()
    bad[2] = np.nan
    with pytest.raises(ValueError, match=r"logits contain NaN \(at index "
                                         r"\(2,\)\)"):
        sample(bad, rng)
    with pytest.raises(ValueError, match=r"logits contain \+inf"):
        sample(np.array([0.0, np.inf]), rng)
    with pytest.raises(ValueError, match="all -inf"):
        sample(np.full((2, 3), -np.inf), rng)
    with pytest.raises(ValueError, match=r"shape \(V,\) or \(N, V\)"):
        sample(np.zeros((2, 2, 2)), rng)
    with pytest.raises(TypeError, match="rng must be a np.random.Generator"):
        sample(LOGITS, 0)
