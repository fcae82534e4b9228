"""How fast nnscratch is, next to PyTorch on the CPU, on the book's workloads.

    make benchmark                       (uses the book's .venv)
    PYTHONPATH=code python tools/benchmark.py [--only mlp,lstm] [--json F]

PyTorch is optional (pip install torch): without it the PyTorch column says
"not installed" and only nnscratch's own ratios (fit over a bare loop, the
MLP over its GEMM floor) are computed. With it, the script first checks that
the layers compute the same outputs and gradients as PyTorch's
(np.allclose in float32), so the comparison is between equal computations.

Every time is in float32, with 1 and then 2 threads (threadpoolctl for
NumPy's BLAS, torch.set_num_threads for PyTorch). The two libraries take
turns, sample by sample, and the script pauses for half a second at every
switch: an idle thread pool that still spins slows the other library's
GEMMs by up to 4x on two cores. Each time is the median of the samples.
Other programs running at the same time make the times meaningless: run it
on an idle machine. It prints a table and asserts nothing; --json writes
the table, the machine and the libraries to a file (the book's page "How
fast is nnscratch?" shows such a recorded run).

The workloads (issue 12 sets the goals, nnscratch / PyTorch):
  mlp     an epoch of MLP 784-256-10 (ReLU, cross-entropy, Adam) on the
          8,000 training images of the shipped MNIST sample, batch 64 and
          256, through train.fit; and the same epoch as a bare loop (no
          checks, no logging), and the GEMMs alone (the floor)
  cnn     an epoch of a LeNet-style CNN (conv 5x5 6, pool, conv 5x5 16,
          pool, 256-120-84-10) on the same images, batch 64
  conv    Conv2d(6, 16, 5) forward + backward on (64, 6, 12, 12)
  pool    MaxPool2d(2) forward + backward on (64, 16, 8, 8) and
          (64, 16, 24, 24)
  lstm    LSTM and GRU (D = H = 128), forward + BPTT, N = 32, T = 50
  steps   what each of issue 12's changes bought: the batch-64 MLP epoch
          as a bare loop, first as the library did it before (Adam with
          a new array for every intermediate result, the first layer's
          input gradient computed, the softmax computed twice), then with
          the changes added one at a time
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nnscratch
from nnscratch import data, optim, train
from nnscratch.layers import (GRU, LSTM, Conv2d, Flatten, Linear, MaxPool2d,
                              ReLU, Sequential)
from nnscratch.losses import (CrossEntropyLoss, cross_entropy,
                              cross_entropy_gradient)

try:
    import torch
    import torch.nn.functional as TF
except ImportError:
    torch = None

DTYPE = np.float32
THREADS = (1, 2)
SAMPLE_S = 0.2     # a sample repeats a short step for about this long
PAUSE_S = 0.5      # pause at every switch from one library to the other
GOALS = {"mlp": 0.8, "cnn": 1.0, "conv": 1.5, "pool": 0.8, "lstm": 1.2,
         "gru": 1.2, "fit": 1.05, "floor": 2.0}


# ---- timing ----

def calls_per_sample(step):
    """How many calls of ``step`` take about SAMPLE_S seconds (>= 1)."""
    step()  # warm-up: first calls allocate and fill caches
    start = time.perf_counter()
    step()
    once = time.perf_counter() - start
    return max(1, int(SAMPLE_S / max(once, 1e-6)))


def time_steps(steps, repeats):
    """Median seconds per call of each step; the steps take turns."""
    calls = [calls_per_sample(s) for s in steps]
    times = [[] for _ in steps]
    for _ in range(repeats):
        for k, step in enumerate(steps):
            if len(steps) > 1:
                time.sleep(PAUSE_S)
            start = time.perf_counter()
            for _ in range(calls[k]):
                step()
            times[k].append((time.perf_counter() - start) / calls[k])
    return [statistics.median(t) for t in times]


def close(a, b):
    return bool(np.allclose(a, b, rtol=1e-4, atol=1e-4))


# ---- the MLP and the CNN: whole epochs ----

def mnist(images):
    X, y = data.load_mnist_sample(flatten=not images)
    X_train, _, y_train, _ = data.train_test_split(
        X, y, 0.2, np.random.default_rng(0))
    X_train = X_train.astype(DTYPE)
    if images:
        X_train = X_train[:, None]          # (m, 1, 28, 28)
    return X_train, y_train


def mlp(rng):
    return Sequential(Linear(784, 256, rng, init="he_normal", dtype=DTYPE),
                      ReLU(), Linear(256, 10, rng, dtype=DTYPE))


def lenet(rng):
    return Sequential(
        Conv2d(1, 6, 5, rng, dtype=DTYPE), ReLU(), MaxPool2d(2),
        Conv2d(6, 16, 5, rng, dtype=DTYPE), ReLU(), MaxPool2d(2),
        Flatten(), Linear(256, 120, rng, init="he_normal", dtype=DTYPE),
        ReLU(), Linear(120, 84, rng, init="he_normal", dtype=DTYPE),
        ReLU(), Linear(84, 10, rng, dtype=DTYPE))


def fit_epoch(make_model, X, y, batch):
    """One epoch of train.fit per call (the model keeps learning)."""
    rng = np.random.default_rng(0)
    model = make_model(rng)
    opt = optim.Adam(model.parameters(), lr=1e-3)
    loss = CrossEntropyLoss()

    def step():
        train.fit(model, loss, opt, X, y, epochs=1, batch_size=batch,
                  rng=rng, progress=False)
    return step


def gemm_epoch(X, batch):
    """Only the matrix products an MLP 784-256-10 epoch cannot avoid:
    x @ W1, h @ W2 forward; h.T @ d2, d2 @ W2.T, x.T @ d1 backward (the
    first layer's input gradient is not needed). Returns the step and
    its FLOPs (2 per multiply-add)."""
    rng = np.random.default_rng(0)
    W1 = rng.standard_normal((784, 256)).astype(DTYPE)
    W2 = rng.standard_normal((256, 10)).astype(DTYPE)
    batches = [X[i:i + batch] for i in range(0, len(X), batch)]

    def step():
        for x in batches:
            h = x @ W1
            d2 = h @ W2
            h.T @ d2
            d1 = d2 @ W2.T
            x.T @ d1
    flops = 2 * len(X) * (784 * 256 * 2 + 256 * 10 * 3)
    return step, flops


def torch_epoch(torch_model, X, y, batch):
    """One epoch in PyTorch: the same model, loss, Adam and batches."""
    model = torch_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    tX, ty = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    gen = torch.Generator().manual_seed(0)

    def step():
        order = torch.randperm(len(tX), generator=gen)
        for i in range(0, len(tX), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            TF.cross_entropy(model(tX[idx]), ty[idx]).backward()
            opt.step()
    return step


def torch_mlp():
    nn = torch.nn
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def torch_lenet():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


# ---- what each change bought ----

class PlainAdam(optim.Adam):
    """Adam as its docstring writes it, a new array for every
    intermediate result: the library's step before issue 12."""

    def step(self):
        self._check()
        self.t += 1
        b1, b2 = self.betas
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad + self.weight_decay * p.data
            m[...] = b1 * m + (1 - b1) * g
            v[...] = b2 * v + (1 - b2) * g**2
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            p.data -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


STEPS = ("before: plain Adam, every gradient, softmax twice",
         "+ Adam in place (scratch arrays)",
         "+ no input gradient for the first layer",
         "+ one softmax per batch (the library now)")


def in_new_python(call, keep_memory, *args):
    """Run benchmark.<call>(*args) in a new Python with the memory
    setting on or off; returns the float it prints."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            f"import benchmark as B; print(B.{call}(*map(int, "
            "sys.argv[2:])))")
    env = {**os.environ, "NNSCRATCH_KEEP_MEMORY": str(int(keep_memory))}
    out = subprocess.run(
        [sys.executable, "-c", code, os.path.dirname(__file__),
         *map(str, args)], env=env, capture_output=True, text=True,
        check=True)
    return float(out.stdout.split()[-1])


def lstm_loop_ms(threads, repeats):
    """ms of lstm_forward + lstm_backward called in a loop (the pattern
    of chapters 20-22, which free every array before the next call)."""
    from nnscratch import functional as F
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, T, D)).astype(DTYPE)
    Wx = (0.1 * rng.standard_normal((D, 4 * H))).astype(DTYPE)
    Wh = (0.1 * rng.standard_normal((H, 4 * H))).astype(DTYPE)
    b, h0 = np.zeros(4 * H, DTYPE), np.zeros((N, H), DTYPE)
    dhs = rng.standard_normal((N, T, H)).astype(DTYPE)

    def step():
        F.lstm_backward(dhs, F.lstm_forward(x, h0, h0, Wx, Wh, b)[2])
    with threadpool_limits(limits=threads):
        return time_steps([step], repeats)[0] * 1e3


MEMORY_CASES = (("lstm_loop_ms", "LSTM forward + backward, in a loop"),
                ("plain_epoch_ms", "MLP epoch, before (plain Adam)"),
                ("library_epoch_ms", "MLP epoch, the library now"))


def memory_rows(repeats, rounds=3):
    """Each MEMORY_CASES workload with glibc's defaults and with freed
    memory kept, each in new Pythons taking turns; medians of rounds."""
    rows = []
    for n in THREADS:
        for call, name in MEMORY_CASES:
            ms = [[], []]
            for _ in range(rounds):
                for k in (0, 1):
                    ms[k].append(in_new_python(call, k, n, repeats))
            rows.append({"name": name, "threads": n,
                         "default_ms": statistics.median(ms[0]),
                         "kept_ms": statistics.median(ms[1])})
    return rows


def library_epoch_ms(threads, repeats):
    X, y = mnist(images=False)
    with threadpool_limits(limits=threads):
        return time_steps([step_epoch(len(STEPS) - 1, X, y)],
                          repeats)[0] * 1e3


def plain_epoch_ms(threads, repeats):
    X, y = mnist(images=False)
    with threadpool_limits(limits=threads):
        return time_steps([step_epoch(0, X, y)], repeats)[0] * 1e3


def step_epoch(level, X, y, batch=64):
    """A bare-loop MLP epoch with the first ``level`` changes of STEPS."""
    rng = np.random.default_rng(0)
    model = mlp(rng)
    opt = (optim.Adam if level >= 1 else PlainAdam)(model.parameters(),
                                                    lr=1e-3)
    loss = CrossEntropyLoss()

    def step():
        for X_b, y_b in data.minibatches(X, y, batch, rng):
            out = model(X_b)
            if level >= 3:
                loss(out, y_b)
                grad = loss.backward()
            else:
                cross_entropy(out, y_b)
                grad = cross_entropy_gradient(out, y_b)
            opt.zero_grad()
            model.backward(grad, need_input_grad=level < 2)
            opt.step()
    step.model = model      # for tests/test_benchmark.py: same weights?
    return step


# ---- single layers: forward + backward ----

def layer_step(layer, x, dout):
    def step():
        layer.forward(x)
        return layer.backward(dout)
    return step


def conv_case(rng):
    x = rng.standard_normal((64, 6, 12, 12)).astype(DTYPE)
    layer = Conv2d(6, 16, 5, rng, dtype=DTYPE)
    layer.b.data[...] = rng.standard_normal(16)  # not all zeros
    dout = rng.standard_normal((64, 16, 8, 8)).astype(DTYPE)

    def torch_step():
        tx = torch.tensor(x, requires_grad=True)
        tw = torch.tensor(layer.W.data, requires_grad=True)
        tb = torch.tensor(layer.b.data, requires_grad=True)
        tdout = torch.tensor(dout)

        def step():
            for t in (tx, tw, tb):
                t.grad = None      # a fresh gradient, not a running sum
            out = TF.conv2d(tx, tw, tb)
            out.backward(tdout)
            return out, tx.grad, tw.grad, tb.grad
        return step

    def check(t_step):
        layer.zero_grad()
        out, dx = layer.forward(x), layer.backward(dout)
        t_out, t_dx, t_dW, t_db = t_step()
        return {"out": close(out, t_out.detach()), "dx": close(dx, t_dx),
                "dW": close(layer.W.grad, t_dW),
                "db": close(layer.b.grad, t_db)}
    return layer_step(layer, x, dout), torch_step, check


def pool_case(rng, shape):
    x = rng.standard_normal(shape).astype(DTYPE)
    layer = MaxPool2d(2)
    dout = rng.standard_normal(
        shape[:2] + (shape[2] // 2, shape[3] // 2)).astype(DTYPE)

    def torch_step():
        tx = torch.tensor(x, requires_grad=True)
        tdout = torch.tensor(dout)

        def step():
            tx.grad = None
            out = TF.max_pool2d(tx, 2)
            out.backward(tdout)
            return out, tx.grad
        return step

    def check(t_step):
        out, dx = layer.forward(x), layer.backward(dout)
        t_out, t_dx = t_step()
        return {"out": close(out, t_out.detach()), "dx": close(dx, t_dx)}
    return layer_step(layer, x, dout), torch_step, check


N, T, D, H = 32, 50, 128, 128


def recurrent_case(rng, cell):
    """LSTM or GRU: PyTorch's layer gets our weights, in its gate order
    (ours: i, f, o, g and r, z, n; PyTorch's: i, f, g, o and r, z, n)."""
    layer = (LSTM if cell == "lstm" else GRU)(D, H, rng, dtype=DTYPE)
    x = rng.standard_normal((N, T, D)).astype(DTYPE)
    dhs = rng.standard_normal((N, T, H)).astype(DTYPE)
    blocks = np.split(np.arange(layer.Wh.data.shape[1]),
                      layer.Wh.data.shape[1] // H)
    order = np.concatenate(
        [blocks[k] for k in ((0, 1, 3, 2) if cell == "lstm" else (0, 1, 2))])

    def torch_step():
        net = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(
            D, H, batch_first=True)
        with torch.no_grad():
            net.weight_ih_l0.copy_(torch.tensor(layer.Wx.data[:, order].T))
            net.weight_hh_l0.copy_(torch.tensor(layer.Wh.data[:, order].T))
            net.bias_ih_l0.copy_(torch.tensor(layer.b.data[order]))
            net.bias_hh_l0.zero_()
        tx = torch.tensor(x, requires_grad=True)
        tdhs = torch.tensor(dhs)

        def step():
            tx.grad = None
            net.zero_grad()
            hs, _ = net(tx)
            hs.backward(tdhs)
            return hs, tx.grad, net.weight_ih_l0.grad, net.weight_hh_l0.grad
        return step

    def check(t_step):
        layer.zero_grad()
        hs, dx = layer.forward(x), layer.backward(dhs)
        t_hs, t_dx, t_dWx, t_dWh = t_step()
        return {"hs": close(hs, t_hs.detach()), "dx": close(dx, t_dx),
                "dWx": close(layer.Wx.grad[:, order], t_dWx.T),
                "dWh": close(layer.Wh.grad[:, order], t_dWh.T)}
    return layer_step(layer, x, dhs), torch_step, check


# ---- the table ----

def machine():
    """What ran the benchmark: CPU, Python, NumPy, BLAS, PyTorch."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = [f"{lib['internal_api']} {lib.get('version') or ''} "
            f"({lib.get('architecture') or '-'} kernel)"
            for lib in threadpool_info() if lib["user_api"] == "blas"]
    return {"cpu": cpu, "python": platform.python_version(),
            "numpy": np.__version__, "nnscratch": nnscratch.__version__,
            "blas": ", ".join(blas) or "unknown",
            "torch": torch.__version__ if torch else "not installed"}


def workloads(which, repeats):
    """(key, name, nnscratch step, PyTorch step or None, check or None,
    repeats) for each workload asked for."""
    rng = np.random.default_rng(0)
    out = []
    if "mlp" in which or "fit" in which or "floor" in which:
        X, y = mnist(images=False)
        for batch in (64, 256):
            t_step = (torch_epoch(torch_mlp, X, y, batch)
                      if torch else None)
            out.append(("mlp", f"MLP epoch, batch {batch}",
                        fit_epoch(mlp, X, y, batch), t_step, None,
                        repeats))
    if "cnn" in which:
        X, y = mnist(images=True)
        t_step = torch_epoch(torch_lenet, X, y, 64) if torch else None
        out.append(("cnn", "LeNet CNN epoch, batch 64",
                    fit_epoch(lenet, X, y, 64), t_step, None,
                    max(3, repeats // 2)))
    cases = []
    if "conv" in which:
        cases.append(("conv", "Conv2d 6->16 5x5, (64, 6, 12, 12)",
                      conv_case(rng)))
    if "pool" in which:
        for shape in ((64, 16, 8, 8), (64, 16, 24, 24)):
            cases.append(("pool", f"MaxPool2d 2x2, {shape}",
                          pool_case(rng, shape)))
    if "lstm" in which:
        for cell in ("lstm", "gru"):
            cases.append((cell, f"{cell.upper()} {D}->{H}, N={N}, T={T}",
                          recurrent_case(rng, cell)))
    for key, name, (step, make_torch, check) in cases:
        t_step = make_torch() if torch else None
        out.append((key, name, step, t_step, check, repeats))
    return out


def own_ratios(which, repeats):
    """nnscratch against itself: fit over a bare loop (batch 64), and
    the MLP epoch over the GEMMs alone (batch 256)."""
    rows = []
    X, y = mnist(images=False)
    if "mlp" in which or "fit" in which:
        bare = step_epoch(len(STEPS) - 1, X, y, 64)   # the library now
        fit_s, bare_s = time_steps([fit_epoch(mlp, X, y, 64), bare],
                                   repeats)
        rows.append({"key": "fit", "name": "fit epoch / bare loop, batch 64",
                     "a": fit_s, "b": bare_s})
    if "mlp" in which or "floor" in which:
        gemm, flops = gemm_epoch(X, 256)
        fit_s, floor_s = time_steps([fit_epoch(mlp, X, y, 256), gemm],
                                    repeats)
        rows.append({"key": "floor", "name": "MLP epoch / GEMM floor, "
                     "batch 256", "a": fit_s, "b": floor_s,
                     "gflop": flops / 1e9,
                     "gflops_per_s": flops / floor_s / 1e9})
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="mlp,cnn,conv,pool,lstm,steps",
                        help="comma-separated: mlp,cnn,conv,pool,lstm,steps")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    which = set(args.only.split(","))

    info = machine()
    print("  ".join(f"{k} {v}" for k, v in info.items()))
    rows = []
    if torch is not None:
        print("same results as PyTorch (np.allclose, rtol=atol=1e-4):")
        for key, name, _, t_step, check, _ in workloads(which, 1):
            if check is not None:
                ok = check(t_step)
                print(f"  {name:<38}" + "  ".join(
                    f"{k} {'yes' if v else 'NO'}" for k, v in ok.items()))
    print(f"\n{'median ms':<40}{'threads':>7}{'nnscratch':>11}"
          f"{'PyTorch':>10}{'ratio':>7}{'goal':>6}")
    for n in THREADS:
        # threadpool_limits also limits PyTorch's OpenMP pool when it is
        # loaded; set_num_threads is PyTorch's own setting for its ops
        with threadpool_limits(limits=n):
            if torch is not None:
                torch.set_num_threads(n)
            for key, name, step, t_step, _, reps in workloads(
                    which, args.repeats):
                steps = [step] + ([t_step] if t_step else [])
                times = time_steps(steps, reps)
                row = {"key": key, "name": name, "threads": n,
                       "nnscratch_ms": times[0] * 1e3,
                       "torch_ms": times[1] * 1e3 if t_step else None}
                rows.append(row)
                print_row(row, times[0], times[1] if t_step else None,
                          GOALS[key])
            for r in own_ratios(which, args.repeats):
                row = {"key": r["key"], "name": r["name"], "threads": n,
                       "a_ms": r["a"] * 1e3, "b_ms": r["b"] * 1e3}
                if "gflop" in r:
                    row["gflop"] = r["gflop"]
                    row["gflops_per_s"] = r["gflops_per_s"]
                rows.append(row)
                print_row(row, r["a"], r["b"], GOALS[r["key"]])
    steps = []
    if "steps" in which:
        X, y = mnist(images=False)
        print(f"\n{'MLP epoch, batch 64, bare loop (ms)':<52}{'threads':>7}"
              f"{'ms':>9}")
        for n in THREADS:
            with threadpool_limits(limits=n):
                times = time_steps([step_epoch(k, X, y)
                                    for k in range(len(STEPS))],
                                   args.repeats)
            for name, t in zip(STEPS, times):
                steps.append({"name": name, "threads": n, "ms": t * 1e3})
                print(f"{name:<52}{n:>7}{t * 1e3:9.1f}", flush=True)
    memory = []
    if "steps" in which:
        print("\nglibc's memory defaults against freed memory kept "
              "(new Pythons taking turns), ms:")
        memory = memory_rows(max(3, args.repeats // 2))
        for r in memory:
            print(f"  {r['name']:<40}{r['threads']:>3}  defaults "
                  f"{r['default_ms']:7.1f}  kept {r['kept_ms']:7.1f}",
                  flush=True)
    print("\nratio = first / second column (nnscratch / PyTorch, or fit / "
          "bare loop, or MLP / GEMM floor); below the goal is met")
    for row in rows:
        if "gflops_per_s" in row:
            print(f"GEMM floor with {row['threads']} thread(s): "
                  f"{row['gflop']:.2f} GFLOP at {row['gflops_per_s']:.0f} "
                  f"GFLOP/s = {row['b_ms']:.0f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "rows": rows, "steps": steps,
                       "memory": memory}, f, indent=1)
        print(f"wrote {args.json}")


def print_row(row, a, b, goal):
    other = "  not installed" if b is None else f"{b * 1e3:10.2f}"
    ratio = "" if b is None else f"{a / b:7.2f}"
    mark = "" if b is None else ("   ok" if a / b <= goal else "  >")
    print(f"{row['name']:<40}{row['threads']:>7}{a * 1e3:11.2f}"
          f"{other:>10}{ratio}{goal:>6}{mark}", flush=True)


if __name__ == "__main__":
    main()
