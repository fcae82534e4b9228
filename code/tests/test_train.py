"""nnscratch.train: fit, History, EarlyStopping, evaluate, predict."""

import numpy as np
import pytest

from nnscratch import data, optim, train
from nnscratch.layers import Dropout, Linear, ReLU, Sequential, Sigmoid
from nnscratch.losses import BCELoss, CrossEntropyLoss, MSELoss


def moons_model(rng, hidden=16):
    return Sequential(Linear(2, hidden, rng, init="he_normal"), ReLU(),
                      Linear(hidden, 2, rng))


def moons(seed=0, n=300):
    rng = np.random.default_rng(seed)
    X, y = data.make_moons(n, 0.15, rng)
    return data.train_test_split(X, y, 0.25, rng)


def test_fit_learns_the_moons_and_logs_every_epoch():
    X_tr, X_val, y_tr, y_val = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    opt = optim.Adam(model.parameters(), lr=0.01)
    history = train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr,
                        epochs=60, batch_size=32, rng=rng,
                        validation_data=(X_val, y_val),
                        metrics=["accuracy"], progress=False)
    assert history.epochs == 60
    assert set(history.keys()) == {"loss", "accuracy", "val_loss",
                                   "val_accuracy", "lr"}
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_accuracy"][-1] >= 0.95
    np.testing.assert_array_equal(history["lr"], 0.01)


def test_fit_is_reproducible_with_the_same_seeds():
    X_tr, _, y_tr, _ = moons()

    def run():
        rng = np.random.default_rng(1)
        model = moons_model(rng)
        opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        return train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr,
                         epochs=5, rng=rng, progress=False)["loss"]

    np.testing.assert_array_equal(run(), run())


def test_fit_on_xor_with_bce_reaches_100_percent():
    X, y = data.make_xor()
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 8, rng), ReLU(), Linear(8, 1, rng), Sigmoid())
    opt = optim.SGD(model.parameters(), lr=0.5)
    history = train.fit(model, BCELoss(), opt, X, y.reshape(-1, 1),
                        epochs=1000, batch_size=4, rng=rng,
                        metrics=["accuracy"], progress=False)
    assert history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.05


def test_the_training_loss_is_the_sample_weighted_mean_of_batch_losses():
    # With lr=0 nothing changes, so every epoch's loss equals the loss
    # of the whole set, whatever the (unequal) batch sizes are.
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    full = CrossEntropyLoss()(model(X_tr), y_tr)

    class Frozen(optim.SGD):
        def step(self):
            pass

    history = train.fit(model, CrossEntropyLoss(), Frozen(model.parameters(), lr=1.0),
                        X_tr, y_tr, epochs=2, batch_size=64, rng=rng,
                        progress=False)
    np.testing.assert_allclose(history["loss"], full)


def test_early_stopping_stops_and_restores_the_best_weights():
    X_tr, X_val, y_tr, y_val = moons(n=120)
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 128, rng, init="he_normal"), ReLU(),
                       Linear(128, 128, rng, init="he_normal"), ReLU(),
                       Linear(128, 2, rng))
    stopper = train.EarlyStopping(patience=5)
    opt = optim.Adam(model.parameters(), lr=0.05)
    history = train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr,
                        epochs=300, rng=rng, validation_data=(X_val, y_val),
                        callbacks=[stopper], progress=False)
    assert history.epochs < 300
    assert stopper.stopped_epoch == history.epochs
    assert history.epochs - stopper.best_epoch == 5
    best_epoch, best = history.best("val_loss")
    assert best_epoch == stopper.best_epoch
    restored = train.evaluate(model, CrossEntropyLoss(), X_val, y_val)["loss"]
    assert restored == pytest.approx(best)


def test_early_stopping_needs_what_it_monitors():
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    with pytest.raises(KeyError, match="pass validation_data"):
        train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  X_tr, y_tr, epochs=2, rng=rng, progress=False,
                  callbacks=[train.EarlyStopping()])
    with pytest.raises(ValueError, match="mode must be 'min' or 'max'"):
        train.EarlyStopping(mode="best")


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning")
def test_a_diverging_run_stops_with_the_epoch_batch_and_a_smaller_lr():
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 16, rng), ReLU(), Linear(16, 1, rng))
    opt = optim.SGD(model.parameters(), lr=10.0)
    with pytest.raises(train.DivergenceError,
                       match=r"at epoch \d+, batch \d+.*lr=10\).*lr=1\b.*clip_norm"):
        train.fit(model, MSELoss(), opt, X_tr * 100, y_tr.reshape(-1, 1) * 100.0,
                  epochs=50, rng=rng, progress=False)


def test_nan_in_the_inputs_is_reported_before_training():
    X = np.zeros((5, 2))
    X[3, 1] = np.nan
    model = moons_model(np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"fit: X contains NaN or inf in rows \[3\]"):
        train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  X, np.zeros(5, dtype=int), epochs=1,
                  rng=np.random.default_rng(0), progress=False)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(epochs=0), ValueError, "epochs must be a whole number >= 1, got 0"),
    (dict(epochs=2, batch_size=0), ValueError, "batch_size must be a whole number"),
    (dict(epochs=2, metrics=["precision"]), ValueError, "unknown metric 'precision'"),
])
def test_fit_rejects_bad_arguments(kwargs, error, message):
    X_tr, _, y_tr, _ = moons()
    model = moons_model(np.random.default_rng(0))
    with pytest.raises(error, match=message):
        train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  X_tr, y_tr, rng=np.random.default_rng(0), progress=False, **kwargs)


def test_fit_names_wrong_kinds_of_model_loss_optimizer_and_data():
    X_tr, _, y_tr, _ = moons()
    model = moons_model(np.random.default_rng(0))
    opt = optim.SGD(model.parameters(), lr=0.1)
    common = dict(epochs=1, rng=np.random.default_rng(0), progress=False)
    from nnscratch.losses import cross_entropy
    with pytest.raises(TypeError, match="loss must be a loss object.*a function"):
        train.fit(model, cross_entropy, opt, X_tr, y_tr, **common)
    with pytest.raises(TypeError, match="model must be a Layer"):
        train.fit(lambda x: x, CrossEntropyLoss(), opt, X_tr, y_tr, **common)
    with pytest.raises(TypeError, match=r"optimizer must have step\(\)"):
        train.fit(model, CrossEntropyLoss(), 0.1, X_tr, y_tr, **common)
    with pytest.raises(ValueError, match="same number of rows"):
        train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr[:-1], **common)
    with pytest.raises(ValueError, match=r"fit \(validation_data\)"):
        train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr,
                  validation_data=(X_tr, y_tr[:3]), **common)


def test_scheduler_augment_and_l2_are_applied():
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    opt = optim.SGD(model.parameters(), lr=0.1)
    seen = []

    def augment(X_b, rng):
        seen.append(len(X_b))
        return X_b + rng.normal(0, 0.01, size=X_b.shape)

    history = train.fit(model, CrossEntropyLoss(), opt, X_tr, y_tr, epochs=3,
                        batch_size=100, rng=rng, augment=augment, l2=0.01,
                        scheduler=optim.StepLR(opt, step_size=1, gamma=0.5),
                        progress=False)
    np.testing.assert_allclose(history["lr"], [0.1, 0.05, 0.025])
    assert seen == [100, 100, 25] * 3


def test_l2_makes_weights_smaller():
    X_tr, _, y_tr, _ = moons()
    norms = []
    for l2 in (0.0, 0.1):
        rng = np.random.default_rng(0)
        model = moons_model(rng)
        train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  X_tr, y_tr, epochs=30, rng=rng, l2=l2, progress=False)
        norms.append(np.linalg.norm(model[0].W.data))
    assert norms[1] < 0.8 * norms[0]


def test_predict_uses_evaluation_mode_and_restores_the_mode():
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 4, rng), Dropout(0.5, rng))
    X = np.ones((3, 2))
    out1, out2 = train.predict(model, X), train.predict(model, X)
    np.testing.assert_array_equal(out1, out2)        # no dropout
    assert model.training
    assert train.predict(model, np.ones((2500, 2)), batch_size=1000).shape == (2500, 4)


def test_history_access_and_errors():
    h = train.History()
    h.append({"loss": 1.0, "val_loss": 0.9})
    h.append({"loss": 0.5, "val_loss": 1.2})
    assert h.epochs == 2 and "loss" in h
    np.testing.assert_array_equal(h["loss"], [1.0, 0.5])
    assert h.best("val_loss") == (1, 0.9)
    assert h.best("loss", mode="max") == (1, 1.0)
    with pytest.raises(KeyError, match=r"no 'accuracy'; it has \['loss', 'val_loss'\]"):
        h["accuracy"]
    assert "2 epochs" in repr(h)


def test_progress_bar_is_silent_under_tqdm_disable(monkeypatch, capsys):
    monkeypatch.setenv("TQDM_DISABLE", "1")
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
              X_tr, y_tr, epochs=2, rng=rng)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_progress_bar_shows_without_tqdm_disable(monkeypatch, capsys):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
              X_tr, y_tr, epochs=2, rng=rng)
    assert "2/2" in capsys.readouterr().err


def test_clip_norm_caps_every_step():
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    before = [p.data.copy() for p in model.parameters()]
    # one step of plain SGD with lr 1: the change is the clipped gradient
    train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=1.0),
              X_tr, y_tr, epochs=1, batch_size=len(X_tr), rng=rng,
              clip_norm=0.01, progress=False)
    change = np.sqrt(sum(np.sum((p.data - b) ** 2)
                         for p, b in zip(model.parameters(), before)))
    assert change == pytest.approx(0.01)


def test_training_metrics_are_computed_over_the_whole_epoch():
    # A metric that is not an average (the largest score) shows whether
    # fit pools the epoch's outputs or averages batch by batch.
    X_tr, _, y_tr, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)
    expected = model(X_tr).max()

    def largest(y_hat, y):
        return y_hat.max()

    frozen = optim.SGD(model.parameters(), lr=1e-300)
    history = train.fit(model, CrossEntropyLoss(), frozen, X_tr, y_tr,
                        epochs=1, batch_size=16, rng=rng,
                        metrics=[largest], progress=False)
    assert history["largest"][0] == pytest.approx(expected)


def test_data_and_parameters_of_different_dtypes_are_refused():
    X, _, y, _ = moons()
    rng = np.random.default_rng(0)
    model = moons_model(rng)                        # float64 parameters
    opt = optim.SGD(model.parameters(), lr=0.1)
    fit_args = dict(epochs=1, rng=rng)
    with pytest.raises(TypeError, match=r"fit: X is float32 but the model's "
                       r"parameters are float64.*dtype=np.float32"):
        train.fit(model, CrossEntropyLoss(), opt, X.astype(np.float32), y, **fit_args)
    with pytest.raises(TypeError, match=r"fit \(validation_data\): X is float32"):
        train.fit(model, CrossEntropyLoss(), opt, X, y,
                  validation_data=(X.astype(np.float32), y), **fit_args)
    with pytest.raises(TypeError, match=r"predict: X is float32"):
        train.predict(model, X.astype(np.float32))
    with pytest.raises(TypeError, match=r"evaluate|predict: X is float32"):
        train.evaluate(model, CrossEntropyLoss(), X.astype(np.float32), y)


def test_a_float32_model_trains_on_float32_data_and_stays_float32():
    X, _, y, _ = moons()
    X = X.astype(np.float32)
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 8, rng, dtype=np.float32), ReLU(),
                       Linear(8, 2, rng, dtype=np.float32))
    train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
              X, y, epochs=2, rng=rng)
    assert {p.data.dtype for p in model.parameters()} == {np.dtype(np.float32)}
    assert train.predict(model, X).dtype == np.float32
    # A float64 copy of the data is the other way to agree.
    with pytest.raises(TypeError, match=r"X.astype\(np.float32\)"):
        train.fit(model, CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  X.astype(np.float64), y, epochs=1, rng=rng)
