"""How fast the library trains: seconds per epoch of `train.fit`.

    python tools/benchmark_library.py

An MLP 784-256-10 (ReLU, cross-entropy, Adam, batch 64) on the 8,000
training images of the shipped MNIST sample, in float32 and float64, and
the same step without fit's checks (a bare loop), so the cost of the
library's input validation is visible. Prints a table; asserts nothing.
"""

import time

import numpy as np

from nnscratch import data, optim, train
from nnscratch.layers import Linear, ReLU, Sequential
from nnscratch.losses import CrossEntropyLoss


def model_for(dtype, rng):
    return Sequential(Linear(784, 256, rng, init="he_normal", dtype=dtype),
                      ReLU(), Linear(256, 10, rng, dtype=dtype))


def time_fit(X, y, dtype, epochs=3):
    rng = np.random.default_rng(0)
    model = model_for(dtype, rng)
    opt = optim.Adam(model.parameters(), lr=1e-3)
    start = time.perf_counter()
    train.fit(model, CrossEntropyLoss(), opt, X.astype(dtype), y,
              epochs=epochs, batch_size=64, rng=rng, progress=False)
    return (time.perf_counter() - start) / epochs


def time_bare_loop(X, y, dtype, epochs=3):
    """The same updates with no checks or logging around them."""
    rng = np.random.default_rng(0)
    model = model_for(dtype, rng)
    opt = optim.Adam(model.parameters(), lr=1e-3)
    loss = CrossEntropyLoss()
    X = X.astype(dtype)
    start = time.perf_counter()
    for _ in range(epochs):
        for X_b, y_b in data.minibatches(X, y, 64, rng):
            loss(model(X_b), y_b)
            opt.zero_grad()
            model.backward(loss.backward())
            opt.step()
    return (time.perf_counter() - start) / epochs


def main():
    X, y = data.load_mnist_sample(flatten=True)
    X_train, _, y_train, _ = data.train_test_split(
        X, y, 0.2, np.random.default_rng(0))
    print("seconds per epoch, 8,000 images, MLP 784-256-10, batch 64")
    print(f"{'dtype':<8}{'fit':>8}{'bare loop':>11}{'overhead':>10}")
    for dtype in (np.float32, np.float64):
        time_bare_loop(X_train, y_train, dtype, epochs=1)  # warm-up
        fit_s = time_fit(X_train, y_train, dtype)
        bare_s = time_bare_loop(X_train, y_train, dtype)
        print(f"{np.dtype(dtype).name:<8}{fit_s:>8.3f}{bare_s:>11.3f}"
              f"{(fit_s / bare_s - 1):>9.0%}")


if __name__ == "__main__":
    main()
