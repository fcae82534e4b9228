"""Text as numbers, and numbers back as text (Part IV).

- ``CharVocab``: one id per character, for the character-level models
  trained on Shakespeare.
- ``tokenize`` and ``WordVocab``: words for the word-level models, with
  ``<pad>`` = 0 and ``<unk>`` = 1 reserved.
- ``bptt_batches``: one long sequence of ids cut into parallel streams,
  served in windows for truncated backpropagation through time.
- ``pad_sequences``: sentences of different lengths in one (N, T) array,
  with a mask that says which entries are real.
- ``sampling_distribution`` and ``sample``: the next id drawn from a
  model's scores, with a temperature and an optional top-k cut.

Ids are int64 NumPy arrays. Randomness comes only from an explicit
``rng`` (``np.random.default_rng(seed)``).
"""

import re
from collections import Counter

import numpy as np

from .activations import softmax


def _check_ids(ids, size, where):
    """``ids`` as a 1-D int64 array of ids in 0..size-1, or an error that
    names the first bad id. A single id (0-d) becomes a 1-element array.
    Negative ids are refused: Python indexing would wrap them around."""
    arr = np.atleast_1d(np.asarray(ids))
    if arr.size == 0:
        return arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{where}: ids must be integers, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{where}: ids must have shape (T,), got {arr.shape}")
    bad = np.flatnonzero((arr < 0) | (arr >= size))
    if bad.size:
        i = bad[0]
        raise ValueError(
            f"{where}: id {arr[i]} at position {i} is out of range for a "
            f"vocabulary of size {size} (ids 0..{size - 1})")
    return arr.astype(np.int64)


# ---------------------------------------------------------------- characters

class CharVocab:
    """One id per distinct character of ``text``, in sorted order, so the
    same text always gives the same ids.

    stoi : dict, character -> id;  itos : list, id -> character.
    unk  : optional character that stands in for characters never seen
           (added to the vocabulary if ``text`` lacks it). Without it,
           encoding an unseen character is an error.
    """

    def __init__(self, text, unk=None):
        if not isinstance(text, str) or not text:
            raise ValueError(f"CharVocab: text must be a non-empty string, "
                             f"got {text!r:.40}")
        chars = set(text)
        if unk is not None:
            if not isinstance(unk, str) or len(unk) != 1:
                raise ValueError(f"CharVocab: unk must be one character, "
                                 f"got {unk!r}")
            chars.add(unk)
        self.itos = sorted(chars)
        self.stoi = {c: i for i, c in enumerate(self.itos)}
        self.unk = unk

    def __len__(self):
        return len(self.itos)

    def __repr__(self):
        return f"CharVocab({len(self)} characters: {''.join(self.itos)!r:.60})"

    def encode(self, s):
        """str of length T -> ids (T,) int64."""
        unk_id = None if self.unk is None else self.stoi[self.unk]
        ids = np.empty(len(s), dtype=np.int64)
        for t, c in enumerate(s):
            i = self.stoi.get(c, unk_id)
            if i is None:
                raise ValueError(
                    f"CharVocab.encode: character {c!r} at position {t} is "
                    f"not in the vocabulary of {len(self)} characters; build "
                    f"the vocabulary with unk=... to map unseen characters")
            ids[t] = i
        return ids

    def decode(self, ids):
        """ids (T,) (or a single id) -> str of length T."""
        ids = _check_ids(ids, len(self), "CharVocab.decode")
        return "".join(self.itos[i] for i in ids)


# --------------------------------------------------------------------- words

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")


def tokenize(text):
    """A simple tokenizer: lowercase, then words (letters, digits, with
    apostrophes inside: "don't", "o'clock") and each punctuation mark as
    its own token. Curly apostrophes count as straight ones.

    "It's good, isn't it?" -> ["it's", "good", ",", "isn't", "it", "?"]

    Simple on purpose: no stemming, no special cases ("U.S." becomes
    "u", ".", "s", "."). Real tokenizers (and BPE) do much more.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize: text must be a string, "
                        f"got {type(text).__name__}")
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


class WordVocab:
    """Words -> ids, built from an iterable of token lists (one per text).

    Id 0 is ``<pad>`` (fills short sequences) and id 1 is ``<unk>`` (any
    word not kept). Then come the kept words, most frequent first; equal
    counts are ordered alphabetically, so the ids are deterministic.

    min_count : keep only words seen at least this many times.
    max_size  : keep at most this many words, *besides* <pad> and <unk>
                (so len(vocab) <= max_size + 2).
    counts    : Counter of every word in the data, kept or not.
    """

    PAD, UNK = "<pad>", "<unk>"
    pad_id, unk_id = 0, 1

    def __init__(self, texts, min_count=1, max_size=None):
        if not isinstance(min_count, (int, np.integer)) or min_count < 1:
            raise ValueError(f"WordVocab: min_count must be a whole number "
                             f">= 1, got {min_count!r}")
        if max_size is not None and (
                not isinstance(max_size, (int, np.integer)) or max_size < 0):
            raise ValueError(f"WordVocab: max_size must be None or a whole "
                             f"number >= 0, got {max_size!r}")
        self.counts = Counter()
        for n, tokens in enumerate(texts):
            if isinstance(tokens, str):
                raise TypeError(
                    f"WordVocab: texts must be lists of tokens, but text {n} "
                    f"is a string; tokenize it first: tokenize(text)")
            self.counts.update(tokens)
        for special in (self.PAD, self.UNK):
            self.counts.pop(special, None)
        words = sorted((w for w, c in self.counts.items() if c >= min_count),
                       key=lambda w: (-self.counts[w], w))
        if max_size is not None:
            words = words[:max_size]
        self.itos = [self.PAD, self.UNK] + words
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def __repr__(self):
        return f"WordVocab({len(self)} words: {self.itos[2:7]} ...)"

    def encode(self, tokens):
        """list of T tokens -> ids (T,) int64; words not kept -> 1 (<unk>)."""
        if isinstance(tokens, str):
            raise TypeError("WordVocab.encode: tokens must be a list of "
                            "words, got a string; use tokenize(text) first")
        return np.array([self.stoi.get(w, self.unk_id) for w in tokens],
                        dtype=np.int64)

    def decode(self, ids):
        """ids (T,) (or a single id) -> list of T tokens."""
        ids = _check_ids(ids, len(self), "WordVocab.decode")
        return [self.itos[i] for i in ids]


# ------------------------------------------------------- truncated BPTT

class BPTTBatches:
    """The (x, y) windows of ``bptt_batches``; see there. Iterate over it
    once per epoch; ``len()`` is the number of batches."""

    def __init__(self, ids, batch_size, seq_len):
        where = "bptt_batches"
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu" or ids.ndim != 1:
            raise ValueError(f"{where}: ids must be a 1-D integer array "
                             f"(T,), got dtype {ids.dtype} shape {ids.shape}")
        for name, v in (("batch_size", batch_size), ("seq_len", seq_len)):
            if not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{where}: {name} must be a whole number "
                                 f">= 1, got {v!r}")
        need = batch_size * (seq_len + 1)
        if len(ids) < need:
            raise ValueError(
                f"{where}: {len(ids)} ids are too few for one batch; "
                f"batch_size {batch_size} streams x (seq_len {seq_len} + 1) "
                f"= {need} ids are needed")
        L = len(ids) // batch_size        # length of each stream
        self.streams = ids[:batch_size * L].reshape(batch_size, L)
        self.seq_len = seq_len
        self.num_batches = (L - 1) // seq_len

    def __len__(self):
        return self.num_batches

    def __iter__(self):
        s = self.seq_len
        for k in range(self.num_batches):
            t = k * s
            yield self.streams[:, t:t + s], self.streams[:, t + 1:t + s + 1]


def bptt_batches(ids, batch_size, seq_len):
    """Windows of one long sequence for truncated backpropagation through
    time.

    ids : (T,) int, e.g. a whole play encoded by a CharVocab.
    Yields (x, y), both (batch_size, seq_len) int: y is x shifted by one
    (y[r, t] is the id that follows x[r, t]), the targets of next-id
    prediction.

    The sequence is cut into ``batch_size`` contiguous parts of length
    L = T // batch_size, the rows of ``.streams`` (batch_size, L); the
    last T % batch_size ids are dropped. Batch k is columns
    k*seq_len .. (k+1)*seq_len - 1 of every stream, so row r of batch
    k+1 starts exactly where row r of batch k ended. That is why the
    final hidden state of one batch can be carried in as the initial
    state of the next (detached: the gradient stops at the window's
    edge, which is what "truncated" means): row r always reads on in the
    same stretch of text. Windows that would run past the end of a
    stream are dropped, so every batch has the same shape:
    len(result) = (L - 1) // seq_len batches.

    A ValueError if T < batch_size * (seq_len + 1) (not even one batch).
    """
    return BPTTBatches(ids, batch_size, seq_len)


# ------------------------------------------------------------------ padding

def pad_sequences(seqs, pad_id=0, max_len=None, truncate="post"):
    """N id sequences of different lengths -> one (N, T) array.

    seqs     : list of N 1-D int sequences (lists or arrays).
    max_len  : T; by default the longest sequence's length.
    truncate : for sequences longer than max_len, "post" keeps the first
               max_len ids, "pre" keeps the last max_len.
    Padding always goes at the end of a row.

    Returns ids (N, T) int64 and mask (N, T) bool, True where ids holds
    a real id and False on padding: mask.sum(axis=1) are the lengths
    (after truncation). Losses and averages use the mask so that padding
    counts for nothing.
    """
    where = "pad_sequences"
    if truncate not in ("post", "pre"):
        raise ValueError(f"{where}: truncate must be 'post' or 'pre', "
                         f"got {truncate!r}")
    if isinstance(seqs, str):
        raise TypeError(f"{where}: seqs must be a list of id sequences, "
                        f"got a string; encode it first")
    arrays = []
    for n, s in enumerate(seqs):
        a = np.asarray(s)
        if a.ndim != 1 or (a.size and a.dtype.kind not in "iu"):
            raise ValueError(f"{where}: sequence {n} must be a 1-D list of "
                             f"integer ids, got dtype {a.dtype} shape "
                             f"{a.shape}")
        arrays.append(a)
    if not arrays:
        raise ValueError(f"{where}: seqs is empty; need at least one sequence")
    if max_len is None:
        max_len = max(len(a) for a in arrays)
    elif not isinstance(max_len, (int, np.integer)) or max_len < 1:
        raise ValueError(f"{where}: max_len must be None or a whole number "
                         f">= 1, got {max_len!r}")
    ids = np.full((len(arrays), max_len), pad_id, dtype=np.int64)
    mask = np.zeros((len(arrays), max_len), dtype=bool)
    for n, a in enumerate(arrays):
        if len(a) > max_len:
            a = a[:max_len] if truncate == "post" else a[-max_len:]
        ids[n, :len(a)] = a
        mask[n, :len(a)] = True
    return ids, mask


# ----------------------------------------------------------------- sampling

def sampling_distribution(logits, temperature=1.0, top_k=None):
    """The probabilities that ``sample`` draws from.

    logits : (V,) or (N, V) scores, one per vocabulary id (a model's
             output before softmax; for probabilities p pass np.log(p)).
             -inf means "never"; NaN and +inf are errors.
    temperature : softmax(logits / temperature). Below 1 sharpens the
             distribution (more predictable text), above 1 flattens it
             (more surprising text). 0 means greedy: all the probability
             on the argmax (the first one if several tie).
    top_k  : if given, only the k highest scores keep their chance
             (renormalised); the others get probability 0. top_k=1 is
             greedy too.

    Returns probabilities, float64, the same shape as logits; each row
    sums to 1.
    """
    where = "sample"
    z = np.array(logits, dtype=np.float64)   # a copy: masked below
    if z.ndim not in (1, 2) or z.shape[-1] == 0:
        raise ValueError(f"{where}: logits must have shape (V,) or (N, V), "
                         f"got {z.shape}")
    if np.isnan(z).any():
        raise ValueError(f"{where}: logits contain NaN (at index "
                         f"{tuple(int(i) for i in np.argwhere(np.isnan(z))[0])}"
                         f"); check the model's output")
    if np.isposinf(z).any():
        raise ValueError(f"{where}: logits contain +inf; scores must be "
                         f"finite (-inf is allowed and means probability 0)")
    if np.isneginf(z).all(axis=-1).any():
        raise ValueError(f"{where}: a row of logits is all -inf; no id "
                         f"can be chosen")
    if not isinstance(temperature, (int, float, np.integer, np.floating)) \
            or not temperature >= 0:
        raise ValueError(f"{where}: temperature must be a number >= 0 (0 "
                         f"means greedy), got {temperature!r}")
    V = z.shape[-1]
    if top_k is not None and (not isinstance(top_k, (int, np.integer))
                              or not 1 <= top_k <= V):
        raise ValueError(f"{where}: top_k must be a whole number in "
                         f"[1, V] = [1, {V}], got {top_k!r}")
    if temperature == 0 or top_k == 1:               # greedy
        best = np.argmax(z, axis=-1)
        p = np.zeros_like(z)
        np.put_along_axis(p, np.expand_dims(best, -1), 1.0, axis=-1)
        return p
    if top_k is not None:
        # the V - k lowest scores of each row get -inf (exactly k ids
        # stay, even when scores tie at the edge)
        low = np.argpartition(z, V - top_k, axis=-1)[..., :V - top_k]
        np.put_along_axis(z, low, -np.inf, axis=-1)
    return softmax(z / temperature, axis=-1)


def sample(logits, rng, temperature=1.0, top_k=None):
    """Draw the next id from a model's scores.

    logits : (V,) -> one int;  (N, V) -> ids (N,) int64, one per row.
    rng    : np.random.Generator, the only source of randomness (same
             seed, same samples).
    temperature, top_k : as in ``sampling_distribution``; temperature=0
             (or top_k=1) is greedy: the argmax, no randomness used.

    Draws by inverting the cumulative distribution: one uniform number u
    per row, and the first id whose cumulative probability passes u.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"sample: rng must be a np.random.Generator, e.g. "
                        f"np.random.default_rng(0), got {type(rng).__name__}")
    p = sampling_distribution(logits, temperature, top_k)
    if temperature == 0 or top_k == 1:
        ids = np.argmax(p, axis=-1)
    else:
        cdf = np.cumsum(p, axis=-1)
        u = rng.random(cdf.shape[:-1] + (1,)) * cdf[..., -1:]
        ids = np.argmax(cdf > u, axis=-1)     # first id with cdf > u
    return int(ids) if p.ndim == 1 else ids.astype(np.int64)
