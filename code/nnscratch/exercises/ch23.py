"""Checkers for chapter 23, sentiment analysis.

- ``check_masked_mean(fn)``: ``fn(hs, mask)`` with hs (N, T, H) and a
  bool mask (N, T), True on real tokens, returns (N, H): the mean of
  each sentence's hidden states over its REAL time steps only.
- ``check_last_real_state(fn)``: ``fn(hs, mask)`` returns (N, H), the
  hidden state at each sentence's last real token, hs[n, len_n - 1]
  with len_n = mask[n].sum() (padding is at the end of each row).
"""

import numpy as np

from ._report import Report, find_mistake


def _cases(seed):
    """(description, hs, mask): padded batches with different lengths."""
    rng = np.random.default_rng(seed)
    out = []
    for what, lengths, T in (("3 sentences of lengths 4, 2, 1 (T = 4)",
                              [4, 2, 1], 4),
                             ("5 sentences of lengths 1..6 (T = 7)",
                              [3, 6, 1, 5, 2], 7),
                             ("one sentence without padding", [3], 3)):
        mask = np.arange(T)[None, :] < np.array(lengths)[:, None]
        hs = rng.normal(size=(len(lengths), T, 3))
        # padded steps hold values too, as an RNN run over <pad> gives
        out.append((what, hs, mask))
    return out


def _check(title, fn, reference, mistakes):
    r = Report(title)
    for what, hs, mask in _cases(23):
        ran, got = r.answer(what, lambda: fn(hs.copy(), mask.copy()),
                            "the function raised; read the shapes: hs is "
                            "(N, T, H) and mask (N, T)")
        if not ran:
            continue
        want = reference(hs, mask)
        got_arr = np.asarray(got, dtype=float) if np.ndim(got) else got
        ok = np.shape(got) == want.shape and np.allclose(got_arr, want)
        if ok:
            r.check(True, what)
            continue
        name, hint = find_mistake(mistakes, got, (hs, mask))
        if name is None:
            if np.shape(got) != want.shape:
                name = f"the result has shape {np.shape(got)}, expected {want.shape}"
                hint = "return one H-vector per sentence: shape (N, H)"
            else:
                name, hint = "the values are not the expected ones", (
                    "compare with a loop over the sentences on a small batch")
        r.check(False, f"{what}: {name}", hint)
    return r


# -------------------------------------------------------- masked mean

def _masked_mean(hs, mask):
    m = mask[:, :, None].astype(float)
    return (hs * m).sum(axis=1) / m.sum(axis=1)


_MEAN_MISTAKES = [
    (lambda hs, mask: hs.mean(axis=1),
     "it averages over padding too (hs.mean(axis=1))",
     "multiply by the mask before summing, and divide by the number of "
     "real tokens, mask.sum(axis=1), not by T"),
    (lambda hs, mask: (hs * mask[:, :, None]).sum(axis=1) / hs.shape[1],
     "it zeroes the padding but divides by T, not by the length",
     "divide by mask.sum(axis=1)[:, None], each sentence's own length"),
    (lambda hs, mask: (hs * mask[:, :, None]).sum(axis=1),
     "it returns the masked SUM, not the mean",
     "divide by the number of real tokens, mask.sum(axis=1)[:, None]"),
]


def check_masked_mean(fn):
    """Exercise: ``fn(hs, mask)`` -> (N, H), the mean hidden state of
    each sentence over its real tokens."""
    return _check("check_masked_mean", fn, _masked_mean, _MEAN_MISTAKES)


# ---------------------------------------------------- last real state

def _last_real(hs, mask):
    return hs[np.arange(len(hs)), mask.sum(axis=1) - 1]


_LAST_MISTAKES = [
    (lambda hs, mask: hs[:, -1],
     "it takes the last time step hs[:, -1], which is padding for "
     "short sentences",
     "the last REAL step of sentence n is mask[n].sum() - 1"),
    (lambda hs, mask: hs[np.arange(len(hs)),
                         np.minimum(mask.sum(axis=1), hs.shape[1] - 1)],
     "it is one step too late: hs[n, len_n] is the first padding step",
     "indices start at 0: the last real step is len_n - 1"),
    (lambda hs, mask: hs[:, 0],
     "it takes the first time step",
     "the state that has read the whole sentence is the last real one"),
]


def check_last_real_state(fn):
    """Exercise: ``fn(hs, mask)`` -> (N, H), each sentence's hidden
    state at its last real token."""
    return _check("check_last_real_state", fn, _last_real, _LAST_MISTAKES)
