"""A character-level language model: the model of chapter 22.

``CharLM`` reads character ids and scores the next character at every
step: Embedding (V -> D), then an LSTM or GRU (D -> H), then a
TemporalLinear (H -> V). Chapter 22 assembles it from the layers of
chapters 20 and 21 and trains it; ``tools/train_char_lstm.py`` trains the
larger model the chapter loads, with the same functions:

- ``train_epoch(model, optimizer, batches, max_norm)``: one pass of
  truncated BPTT over ``text.bptt_batches`` windows, the state carried
  from window to window;
- ``bits_per_char(model, ids)``: the mean cross-entropy on a text, in
  bits (log base 2), the state carried over the whole text;
- ``generate(model, vocab, prompt, length, rng, ...)``: text, one
  sampled character at a time;
- ``save_char_lm`` / ``load_char_lm``: the weights and the vocabulary in
  one .npz file (plain arrays, no pickle).
"""

import hashlib
import math
from pathlib import Path

import numpy as np

from . import functional
from .layers.base import Layer
from .layers.recurrent import GRU, LSTM, Embedding, TemporalLinear
from .optim import clip_grad_norm
from .text import CharVocab, sample

CELLS = {"lstm": LSTM, "gru": GRU}


class CharLM(Layer):
    """Embedding -> LSTM or GRU -> TemporalLinear.

    vocab_size, embed_dim, hidden_size : int, V, D and H
    rng  : np.random.Generator for the initial weights
    cell : "lstm" or "gru"
    dtype: float dtype of every parameter (float32 to train)

    forward(ids (N, T) int, state=None) -> scores (N, T, V); the state
    after the last step is ``last_state`` (for the LSTM a pair (h, c) of
    (N, H) arrays, for the GRU one (N, H) array). backward(dscores)
    -> None (token ids have no gradient).
    """

    def __init__(self, vocab_size, embed_dim, hidden_size, rng,
                 cell="lstm", dtype=np.float32):
        if cell not in CELLS:
            raise ValueError(f"CharLM: cell must be 'lstm' or 'gru', "
                             f"got {cell!r}")
        self.cell = cell
        self.embed = Embedding(vocab_size, embed_dim, rng, dtype=dtype)
        self.rnn = CELLS[cell](embed_dim, hidden_size, rng, dtype=dtype)
        self.head = TemporalLinear(hidden_size, vocab_size, rng, dtype=dtype)

    @property
    def config(self):
        """(V, D, H, cell): what ``CharLM(*config[:3], rng, cell)`` needs."""
        V, D = self.embed.W.shape
        return V, D, self.rnn.hidden_size, self.cell

    def forward(self, ids, state=None):
        hs = self.rnn.forward(self.embed.forward(ids), state)
        self.last_state = self.rnn.last_state
        return self.head.forward(hs)

    def backward(self, dscores):
        self.embed.backward(self.rnn.backward(self.head.backward(dscores)))

    def __repr__(self):
        V, D, H, cell = self.config
        return f"CharLM(V={V}, D={D}, H={H}, cell={cell!r})"


def train_epoch(model, optimizer, batches, max_norm=5.0):
    """One pass over ``batches`` (x, y) pairs of (N, T) ids, such as
    ``text.bptt_batches(ids, N, T)``; each window starts from the state
    the previous one ended in, and the gradient stops at its edge.

    Each step: forward, cross-entropy, backward, clip the global
    gradient norm to ``max_norm``, optimizer step.
    Returns the mean training loss of the epoch in bits per character.
    """
    state, total = None, 0.0
    for x, y in batches:
        scores = model.forward(x, state)
        loss, dscores = functional.temporal_softmax_cross_entropy(scores, y)
        if not math.isfinite(loss):
            raise FloatingPointError(
                f"train_epoch: the loss became {loss}; lower the learning "
                f"rate or max_norm (now {max_norm})")
        model.zero_grad()
        model.backward(dscores)
        clip_grad_norm(model.parameters(), max_norm)
        optimizer.step()
        state, total = model.last_state, total + loss
    return total / len(batches) / math.log(2)


def bits_per_char(model, ids, batch_size=16, seq_len=200):
    """Mean cross-entropy of predicting ids[t + 1] from ids[..t], in
    bits per character (nats / ln 2).

    ids : (T,) int, e.g. ``vocab.encode(load_shakespeare("test"))``.
    The text is cut into ``batch_size`` streams (as ``bptt_batches``
    does) and read in windows of ``seq_len``, the state carried across
    windows, so almost every prediction sees a long context. A few ids
    at the end that do not fill a window are not scored.
    """
    from .text import bptt_batches
    state, total, count = None, 0.0, 0
    for x, y in bptt_batches(np.asarray(ids), batch_size, seq_len):
        scores = model.forward(x, state)
        loss, _ = functional.temporal_softmax_cross_entropy(scores, y)
        state, total, count = model.last_state, total + loss * y.size, count + y.size
    return total / count / math.log(2)


def generate(model, vocab, prompt, length, rng, temperature=1.0, top_k=None):
    """``prompt`` followed by ``length`` sampled characters (a str).

    The prompt is read in one forward pass; then each new character is
    drawn by ``text.sample(scores, rng, temperature, top_k)`` and fed
    back in. temperature 0 is greedy.
    """
    if not prompt:
        raise ValueError("generate: prompt must have at least one "
                         "character, e.g. '\\n'")
    scores = model.forward(vocab.encode(prompt)[None, :])
    out = []
    for _ in range(length):
        i = sample(scores[0, -1], rng, temperature, top_k)
        out.append(i)
        scores = model.forward(np.array([[i]]), model.last_state)
    return prompt + vocab.decode(np.array(out, dtype=np.int64))


def save_char_lm(model, vocab, path):
    """Write the weights, the configuration and the vocabulary to an
    .npz file."""
    V, D, H, cell = model.config
    if len(vocab) != V:
        raise ValueError(f"save_char_lm: the vocabulary has {len(vocab)} "
                         f"characters but the model {V}")
    arrays = model.state_dict()
    arrays["meta.vocab"] = np.frombuffer("".join(vocab.itos).encode("utf-8"),
                                         np.uint8)
    arrays["meta.config"] = np.array([D, H, ["lstm", "gru"].index(cell)])
    np.savez_compressed(path, **arrays)


def load_char_lm(path):
    """Read a file written by ``save_char_lm`` -> (model, vocab)."""
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    chars = arrays.pop("meta.vocab").tobytes().decode("utf-8")
    D, H, cell = (int(v) for v in arrays.pop("meta.config"))
    vocab = CharVocab(chars)
    if vocab.itos != list(chars):
        raise ValueError(f"load_char_lm: {path} has a damaged vocabulary")
    dtype = arrays["embed.W"].dtype
    model = CharLM(len(vocab), D, H, np.random.default_rng(0),
                   cell=["lstm", "gru"][cell], dtype=dtype)
    model.load_state_dict(arrays)
    return model, vocab


# The model that tools/train_char_lstm.py trains and chapter 22 loads -------

PRETRAINED = Path(__file__).with_name("data") / "char_lstm.npz"
# printed by tools/train_char_lstm.py; checked on loading
PRETRAINED_SHA256 = "3e089e09db2bcfbb4c92d248f6eb8eedd24f5297383dbd7a84c33d7b907ea337"


def load_pretrained():
    """The shipped character LSTM and its vocabulary -> (model, vocab),
    after checking the file's SHA-256 against PRETRAINED_SHA256. The
    README says how it was trained (command, seed, time, bits per
    character on Macbeth)."""
    got = hashlib.sha256(PRETRAINED.read_bytes()).hexdigest()
    if got != PRETRAINED_SHA256:
        raise ValueError(
            f"load_pretrained: {PRETRAINED} has SHA-256 {got[:12]}..., "
            f"expected {PRETRAINED_SHA256[:12]}...; reinstall nnscratch or "
            f"retrain it with tools/train_char_lstm.py")
    return load_char_lm(PRETRAINED)
