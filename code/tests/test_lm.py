"""The character language model of chapter 22 (nnscratch.lm)."""

import math

import numpy as np
import pytest

from nnscratch import functional, lm, optim
from nnscratch.gradcheck import numerical_gradient, rel_error
from nnscratch.text import CharVocab, bptt_batches

TEXT = "to be or not to be, that is the question.\n" * 20


def small_model(cell="lstm", dtype=np.float64, seed=0):
    return lm.CharLM(7, 4, 5, np.random.default_rng(seed), cell=cell,
                     dtype=dtype)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_every_parameter_gradient_matches_the_numerical_one(cell):
    rng = np.random.default_rng(1)
    model = small_model(cell)
    ids, y = rng.integers(0, 7, (3, 6)), rng.integers(0, 7, (3, 6))
    state = ((rng.normal(size=(3, 5)), rng.normal(size=(3, 5)))
             if cell == "lstm" else rng.normal(size=(3, 5)))

    def loss():
        scores = model.forward(ids, state)
        return functional.temporal_softmax_cross_entropy(scores, y)[0]

    _, dscores = functional.temporal_softmax_cross_entropy(
        model.forward(ids, state), y)
    model.zero_grad()
    assert model.backward(dscores) is None
    for name, p in model.named_parameters():
        num = numerical_gradient(lambda _: loss(), p.data)
        # 1e-5 as in test_recurrent.py: central differences through tanh
        # and sigmoid chains leave ~1e-6 of noise on small entries; a wrong
        # gradient is off by far more (see test_a_wrong_gradient_is_caught)
        assert rel_error(p.grad, num) < 1e-5, name


def test_a_wrong_gradient_is_caught():
    rng = np.random.default_rng(1)
    model = small_model()
    ids, y = rng.integers(0, 7, (3, 6)), rng.integers(0, 7, (3, 6))
    _, dscores = functional.temporal_softmax_cross_entropy(model.forward(ids), y)
    model.zero_grad()
    model.backward(dscores * 1.001)          # 0.1 % too large everywhere
    num = numerical_gradient(lambda _: functional.temporal_softmax_cross_entropy(
        model.forward(ids), y)[0], model.rnn.Wh.data)
    assert rel_error(model.rnn.Wh.grad, num) > 1e-4


def test_shapes_state_config_and_repr():
    model = small_model("gru", np.float32)
    scores = model.forward(np.zeros((2, 3), np.int64))
    assert scores.shape == (2, 3, 7) and scores.dtype == np.float32
    assert model.last_state.shape == (2, 5)
    assert model.config == (7, 4, 5, "gru")
    assert repr(model) == "CharLM(V=7, D=4, H=5, cell='gru')"
    assert model.num_parameters() == 7 * 4 + 3 * (4 * 5 + 5 * 5 + 5) + 5 * 7 + 7


def test_bad_cell_and_bad_ids_say_what_was_expected():
    with pytest.raises(ValueError, match="cell must be 'lstm' or 'gru', got 'rnn'"):
        lm.CharLM(7, 4, 5, np.random.default_rng(0), cell="rnn")
    with pytest.raises(ValueError, match=r"\[0, 7\)"):
        small_model().forward(np.array([[0, 9]]))


def test_an_untrained_model_scores_about_log2_V_bits():
    vocab = CharVocab(TEXT)
    model = lm.CharLM(len(vocab), 8, 16, np.random.default_rng(0))
    for p in (model.head.W, model.head.b):
        p.data[...] = 0                       # uniform predictions
    bits = lm.bits_per_char(model, vocab.encode(TEXT), batch_size=4, seq_len=10)
    assert bits == pytest.approx(math.log2(len(vocab)), rel=1e-6)   # float32


def test_training_learns_a_repeated_sentence():
    vocab = CharVocab(TEXT)
    ids = vocab.encode(TEXT)
    rng = np.random.default_rng(0)
    model = lm.CharLM(len(vocab), 8, 32, rng)
    opt = optim.Adam(model.parameters(), lr=0.02)
    batches = bptt_batches(ids, 4, 20)
    first = lm.train_epoch(model, opt, batches)
    for _ in range(5):
        last = lm.train_epoch(model, opt, batches)
    assert first > 3.0 and last < 1.0            # bits per character
    assert lm.bits_per_char(model, ids, 4, 20) < 1.0
    text = lm.generate(model, vocab, "to be", 30, np.random.default_rng(0),
                       temperature=0)
    assert text.startswith("to be or not to be")


def test_train_epoch_stops_on_a_nan_loss():
    vocab = CharVocab(TEXT)
    model = lm.CharLM(len(vocab), 4, 4, np.random.default_rng(0))
    model.head.b.data[0] = np.nan
    opt = optim.Adam(model.parameters())
    with pytest.raises(FloatingPointError, match="the loss became nan"):
        lm.train_epoch(model, opt, bptt_batches(vocab.encode(TEXT), 2, 5))


def test_generate_is_seeded_and_starts_with_the_prompt():
    vocab = CharVocab(TEXT)
    model = lm.CharLM(len(vocab), 4, 8, np.random.default_rng(0))
    a = lm.generate(model, vocab, "to", 40, np.random.default_rng(3))
    b = lm.generate(model, vocab, "to", 40, np.random.default_rng(3))
    c = lm.generate(model, vocab, "to", 40, np.random.default_rng(4))
    assert a == b != c and a.startswith("to") and len(a) == 42
    assert set(a) <= set(vocab.itos)
    with pytest.raises(ValueError, match="prompt must have at least one"):
        lm.generate(model, vocab, "", 5, np.random.default_rng(0))


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_save_and_load_give_the_same_model(tmp_path, cell):
    vocab = CharVocab(TEXT)
    model = lm.CharLM(len(vocab), 4, 8, np.random.default_rng(5), cell=cell,
                      dtype=np.float32)
    lm.save_char_lm(model, vocab, tmp_path / "m.npz")
    again, vocab2 = lm.load_char_lm(tmp_path / "m.npz")
    assert vocab2.itos == vocab.itos and again.config == model.config
    ids = vocab.encode(TEXT[:50])[None]
    assert np.array_equal(again.forward(ids), model.forward(ids))
    assert again.embed.W.data.dtype == np.float32


def test_save_refuses_a_vocabulary_of_another_size(tmp_path):
    with pytest.raises(ValueError, match="vocabulary has 3 characters but the model 7"):
        lm.save_char_lm(small_model(), CharVocab("abc"), tmp_path / "m.npz")


def test_the_shipped_model_loads_and_is_checked(tmp_path, monkeypatch):
    model, vocab = lm.load_pretrained()
    assert model.config[0] == len(vocab) and model.cell == "lstm"
    assert model.embed.W.data.dtype == np.float32
    assert lm.PRETRAINED.stat().st_size < 4_000_000
    damaged = tmp_path / "char_lstm.npz"
    raw = bytearray(lm.PRETRAINED.read_bytes())
    raw[-100] ^= 1
    damaged.write_bytes(bytes(raw))
    monkeypatch.setattr(lm, "PRETRAINED", damaged)
    with pytest.raises(ValueError, match="load_pretrained: .* has SHA-256 .*, expected "
                       + lm.PRETRAINED_SHA256[:12]):
        lm.load_pretrained()
