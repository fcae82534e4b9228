"""The shipped Shakespeare text (chapter 22): complete, split, checked."""

import numpy as np
import pytest

from nnscratch.data import load_shakespeare, shakespeare, shakespeare_plays


def test_the_splits_hold_the_plays_they_say():
    plays = shakespeare_plays()
    assert list(plays.values()).count("test") == 1 and plays["macbeth"] == "test"
    train, test = load_shakespeare("train"), load_shakespeare("test")
    assert load_shakespeare("all") == train + test
    assert len(test) == shakespeare.PLAY_DIGESTS["macbeth"][0]
    assert len(train) == sum(n for p, (n, _) in shakespeare.PLAY_DIGESTS.items()
                             if p != "macbeth")
    assert test.startswith("MACBETH") or "MACBETH" in test[:200]
    assert "To be, or not to be" in train


def test_only_printable_ascii_and_newlines():
    text = load_shakespeare("all")
    assert set(text) <= {"\n"} | {chr(c) for c in range(32, 127)}
    assert "\n\n\n" not in text and " \n" not in text


def test_a_damaged_file_is_reported(tmp_path):
    with np.load(shakespeare._FILE) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["lear"] = arrays["lear"].copy()
    arrays["lear"][100] ^= 1                     # one flipped bit
    bad = tmp_path / "shakespeare.npz"
    np.savez_compressed(bad, **arrays)
    with pytest.raises(ValueError, match="'lear' is damaged.*SHA-256"):
        shakespeare._read_plays(bad)


def test_a_wrong_split_is_named():
    with pytest.raises(ValueError, match="split must be.*got 'valid'"):
        load_shakespeare("valid")
