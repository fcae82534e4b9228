"""Train the character-level LSTM that chapter 22 loads.

    OPENBLAS_NUM_THREADS=2 python tools/train_char_lstm.py

Reads the nine training plays of nnscratch.data.load_shakespeare("train")
and keeps their last 5 % (the end of Timon of Athens) apart for validation.
Trains nnscratch.lm.CharLM (an LSTM, float32) by truncated BPTT with Adam
and after every epoch prints the training loss and the validation bits per
character. The model has no dropout, so it starts to overfit after a few
epochs: the weights of the epoch with the best validation score are kept
(early stopping). Only then is the held-out play, Macbeth, scored, once.
Writes code/nnscratch/data/char_lstm.npz
(weights and vocabulary, via lm.save_char_lm) and prints its SHA-256, which
nnscratch.lm.PRETRAINED_SHA256 must then hold. Every choice is a flag; the
defaults are the shipped model's, and the seed fixes everything random.
"""

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "code"))

from nnscratch import lm, optim  # noqa: E402
from nnscratch.data import load_shakespeare  # noqa: E402
from nnscratch.text import CharVocab, bptt_batches  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embed", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=384)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq-len", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--val-fraction", type=float, default=0.05)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--decay", type=float, default=0.9,
                    help="learning rate times this after every epoch")
    ap.add_argument("--max-norm", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(ROOT / "code/nnscratch/data/char_lstm.npz"))
    args = ap.parse_args(argv)

    plays, test = load_shakespeare("train"), load_shakespeare("test")
    vocab = CharVocab(plays)
    cut = round(len(plays) * (1 - args.val_fraction))
    train, val = plays[:cut], plays[cut:]
    train_ids, val_ids = vocab.encode(train), vocab.encode(val)
    test_ids = vocab.encode(test)
    rng = np.random.default_rng(args.seed)
    model = lm.CharLM(len(vocab), args.embed, args.hidden, rng)
    opt = optim.Adam(model.parameters(), lr=args.lr)
    batches = bptt_batches(train_ids, args.batch, args.seq_len)
    print(f"{model}: {model.num_parameters():,} parameters; {len(train):,} "
          f"training characters, {len(batches)} batches of "
          f"{args.batch} x {args.seq_len} per epoch", flush=True)
    start, best = time.perf_counter(), (float("inf"), 0, None)
    for epoch in range(1, args.epochs + 1):
        loss = lm.train_epoch(model, opt, batches, args.max_norm)
        val_bits = lm.bits_per_char(model, val_ids)
        if val_bits < best[0]:
            best = (val_bits, epoch, model.state_dict())
        print(f"epoch {epoch:2d}  lr {opt.lr:.2e}  train {loss:.3f} bits/char"
              f"  validation {val_bits:.3f} bits/char  "
              f"{time.perf_counter() - start:6.0f} s", flush=True)
        opt.lr *= args.decay
    model.load_state_dict(best[2])
    held_out = lm.bits_per_char(model, test_ids)
    print(f"kept epoch {best[1]} (validation {best[0]:.3f} bits/char); "
          f"Macbeth {held_out:.3f} bits/char")
    lm.save_char_lm(model, vocab, args.out)
    sha = hashlib.sha256(Path(args.out).read_bytes()).hexdigest()
    print(f"wrote {args.out} ({Path(args.out).stat().st_size:,} bytes), "
          f"SHA-256 {sha}; held-out {held_out:.3f} bits/char after "
          f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
