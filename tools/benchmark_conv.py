"""How fast the conv and pooling layers are, next to PyTorch on the CPU.

Run it from the repository's root, in any environment with NumPy and
threadpoolctl (PyTorch is optional):

    PYTHONPATH=code .venv/bin/python tools/benchmark_conv.py
    make benchmark                  (the same, after the other benchmarks)

and, to compare with PyTorch, with a Python that has torch installed:

    PYTHONPATH=code /path/to/torch-venv/bin/python tools/benchmark_conv.py

Other programs running at the same time make the times, especially with
2 threads on a 2-core machine, meaningless: run it on an idle machine.

Times, in float32, the forward + backward pass of
  - Conv2d(6, 16, 5) on a batch of 64 images of 6 x 12 x 12
    (the second convolution of LeNet-5), and
  - MaxPool2d(2) on the conv's output, (64, 16, 8, 8), and on a larger
    (64, 16, 24, 24),
with 1 and 2 threads (threadpoolctl for NumPy's BLAS, torch.set_num_threads
for PyTorch). The two libraries take turns, with a short pause at each
switch so that one's idle thread pool does not slow the other; each time is
the median of the repeats, per forward + backward, in milliseconds. The
ratio column is nnscratch / PyTorch (below 1: nnscratch is faster).

PyTorch is optional: without it only nnscratch's times are printed. With it,
the script first checks that the two compute the same outputs and gradients
(np.allclose in float32), so the comparison is between equal computations.
Prints a table; asserts nothing.
"""

import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnscratch.layers import Conv2d, MaxPool2d

try:
    import torch
    import torch.nn.functional as TF
except ImportError:
    torch = None

DTYPE = np.float32
THREADS = (1, 2)
REPEATS = 7        # interleaved samples per library; the median is shown
SAMPLE_S = 0.2     # each sample runs the step for about this long
PAUSE_S = 0.5      # pause when switching from one library to the other


# ---- the steps being timed: each returns a function of no arguments ----

def conv_case(rng):
    x = rng.standard_normal((64, 6, 12, 12)).astype(DTYPE)
    layer = Conv2d(6, 16, 5, rng, dtype=DTYPE)
    layer.b.data[...] = rng.standard_normal(16)  # not all zeros
    dout = rng.standard_normal((64, 16, 8, 8)).astype(DTYPE)
    return x, layer, dout


def pool_case(rng, shape):
    x = rng.standard_normal(shape).astype(DTYPE)
    layer = MaxPool2d(2)
    h, w = shape[2] // 2, shape[3] // 2
    dout = rng.standard_normal(shape[:2] + (h, w)).astype(DTYPE)
    return x, layer, dout


def nnscratch_step(x, layer, dout):
    def step():
        layer.forward(x)
        return layer.backward(dout)
    return step


def torch_conv_step(x, layer, dout):
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(layer.W.data, requires_grad=True)
    tb = torch.tensor(layer.b.data, requires_grad=True)
    tdout = torch.tensor(dout)

    def step():
        for t in (tx, tw, tb):
            t.grad = None  # a fresh gradient each time, not a running sum
        TF.conv2d(tx, tw, tb).backward(tdout)
        return tx, tw, tb
    return step


def torch_pool_step(x, layer, dout):
    tx = torch.tensor(x, requires_grad=True)
    tdout = torch.tensor(dout)

    def step():
        tx.grad = None
        TF.max_pool2d(tx, layer.size, layer.stride).backward(tdout)
        return tx
    return step


# ---- the same results? ----

def close(a, b):
    return np.allclose(a, b, rtol=1e-4, atol=1e-4)


def check_conv(x, layer, dout):
    layer.zero_grad()
    out = layer.forward(x)
    dx = layer.backward(dout)
    tx, tw, tb = torch_conv_step(x, layer, dout)()
    ref = TF.conv2d(tx, tw, tb).detach().numpy()
    return {"out": close(out, ref), "dx": close(dx, tx.grad.numpy()),
            "dW": close(layer.W.grad, tw.grad.numpy()),
            "db": close(layer.b.grad, tb.grad.numpy()),
            "float32": out.dtype == dx.dtype == layer.W.grad.dtype == DTYPE}


def check_pool(x, layer, dout):
    out = layer.forward(x)
    dx = layer.backward(dout)
    tx = torch_pool_step(x, layer, dout)()
    ref = TF.max_pool2d(tx, layer.size, layer.stride).detach().numpy()
    return {"out": close(out, ref), "dx": close(dx, tx.grad.numpy()),
            "float32": out.dtype == dx.dtype == DTYPE}


# ---- timing ----

def calls_per_sample(step):
    """How many calls of step take about SAMPLE_S seconds."""
    step()  # warm-up
    start = time.perf_counter()
    step()
    once = time.perf_counter() - start
    return max(1, int(SAMPLE_S / max(once, 1e-6)))


def sample(step, calls):
    start = time.perf_counter()
    for _ in range(calls):
        step()
    return (time.perf_counter() - start) / calls


def time_steps(steps):
    """Median seconds per call of each step, the steps taking turns."""
    calls = [calls_per_sample(s) for s in steps]
    times = [[] for _ in steps]
    for _ in range(REPEATS):
        for k, step in enumerate(steps):
            if len(steps) > 1:
                time.sleep(PAUSE_S)
            times[k].append(sample(step, calls[k]))
    return [statistics.median(t) for t in times]


def print_libraries():
    print("thread pools (threadpoolctl.threadpool_info(), default limits):")
    for lib in threadpool_info():
        kernel = lib.get("architecture") or "-"
        print(f"  {lib['internal_api']:<9} {lib.get('version') or '':<14}"
              f" kernel {kernel:<12} {lib['num_threads']} threads"
              f"  ({lib['filepath'].rsplit('/', 1)[-1]})")


def main():
    rng = np.random.default_rng(0)
    cases = [("Conv2d(6, 16, 5) on (64, 6, 12, 12)", conv_case(rng),
              torch_conv_step, check_conv),
             ("MaxPool2d(2) on (64, 16, 8, 8)",
              pool_case(rng, (64, 16, 8, 8)), torch_pool_step, check_pool),
             ("MaxPool2d(2) on (64, 16, 24, 24)",
              pool_case(rng, (64, 16, 24, 24)), torch_pool_step, check_pool)]

    print(f"NumPy {np.__version__}, float32, forward + backward")
    if torch is None:
        print("PyTorch: not installed (pip install torch)")
    else:
        print(f"PyTorch {torch.__version__}")
    print_libraries()

    if torch is not None:
        print("same results as PyTorch (np.allclose, rtol=atol=1e-4):")
        for name, args, _, check in cases:
            ok = check(*args)
            print(f"  {name:<36}" + "  ".join(
                f"{k} {'yes' if v else 'NO'}" for k, v in ok.items()))

    print()
    header = f"{'ms per forward + backward':<36}{'threads':>8}{'nnscratch':>11}"
    if torch is not None:
        header += f"{'PyTorch':>9}{'ratio':>7}"
    print(header)
    for n in THREADS:
        # threadpool_limits also limits PyTorch's OpenMP pool when it is
        # loaded; set_num_threads is PyTorch's own setting for its ops
        with threadpool_limits(limits=n):
            if torch is not None:
                torch.set_num_threads(n)
            for name, args, torch_step, _ in cases:
                steps = [nnscratch_step(*args)]
                if torch is not None:
                    steps.append(torch_step(*args))
                times = time_steps(steps)
                line = f"{name:<36}{n:>8}{times[0] * 1e3:>11.3f}"
                if torch is not None:
                    line += (f"{times[1] * 1e3:>9.3f}"
                             f"{times[0] / times[1]:>7.2f}")
                print(line, flush=True)
    if torch is not None:
        print("\nratio = nnscratch / PyTorch; the goals are at most 1.5 for "
              "the conv and 1.0 for max-pooling")


if __name__ == "__main__":
    main()
