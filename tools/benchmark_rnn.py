"""How fast the LSTM layer is, next to PyTorch on the CPU.

    PYTHONPATH=code .venv/bin/python tools/benchmark_rnn.py
    make benchmark                  (the same, after the other benchmarks)

Times, in float32, one forward + backpropagation through time of
LSTM(D=128 -> H=128) over a batch of N = 32 sequences of T = 50 steps
(the size of chapter 22's character model), with 1 and 2 threads, the
two libraries taking turns (the timing code is benchmark_conv.py's).
PyTorch is optional; with it, the script first checks that both compute
the same outputs and gradients, with PyTorch's weights copied from ours
(its gate order is i, f, g, o; ours i, f, o, g). Prints a table; asserts
nothing. The goal (issue 11) is a ratio of at most 1.2.

Most of the time is matrix products (1.26 GFLOP per call), so the BLAS
kernel matters: the table's header names the one OpenBLAS chose. On an
AVX-512 CPU that OpenBLAS does not recognise it may fall back to its
Haswell (AVX2) kernels at half the speed, while PyTorch uses AVX-512;
compare by running again with OPENBLAS_CORETYPE=SkylakeX set.
"""

import numpy as np
from threadpoolctl import threadpool_limits

from benchmark_conv import close, print_libraries, time_steps, torch
from nnscratch.layers import LSTM

DTYPE = np.float32
N, T, D, H = 32, 50, 128, 128


def case(rng):
    x = rng.standard_normal((N, T, D)).astype(DTYPE)
    layer = LSTM(D, H, rng, dtype=DTYPE)
    dhs = rng.standard_normal((N, T, H)).astype(DTYPE)
    return x, layer, dhs


def nnscratch_step(x, layer, dhs):
    def step():
        layer.forward(x)
        return layer.backward(dhs)
    return step


def torch_lstm(layer):
    """A torch.nn.LSTM holding the same weights as our layer."""
    i, f, o, g = np.split(np.arange(4 * H), 4)
    order = np.concatenate([i, f, g, o])      # ours -> PyTorch's order
    lstm = torch.nn.LSTM(D, H, batch_first=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(layer.Wx.data[:, order].T))
        lstm.weight_hh_l0.copy_(torch.tensor(layer.Wh.data[:, order].T))
        lstm.bias_ih_l0.copy_(torch.tensor(layer.b.data[order]))
        lstm.bias_hh_l0.zero_()
    return lstm


def torch_step(x, layer, dhs):
    lstm = torch_lstm(layer)
    tx = torch.tensor(x, requires_grad=True)
    tdhs = torch.tensor(dhs)

    def step():
        tx.grad = None
        lstm.zero_grad()
        hs, _ = lstm(tx)
        hs.backward(tdhs)
        return lstm, tx, hs
    return step


def check(x, layer, dhs):
    layer.zero_grad()
    hs = layer.forward(x)
    dx = layer.backward(dhs)
    lstm, tx, ths = torch_step(x, layer, dhs)()
    i, f, o, g = np.split(np.arange(4 * H), 4)
    order = np.concatenate([i, f, g, o])
    dWx = lstm.weight_ih_l0.grad.numpy().T
    return {"hs": close(hs, ths.detach().numpy()),
            "dx": close(dx, tx.grad.numpy()),
            "dWx": close(layer.Wx.grad[:, order], dWx),
            "float32": hs.dtype == dx.dtype == DTYPE}


def main():
    rng = np.random.default_rng(0)
    args = case(rng)
    name = f"LSTM({D} -> {H}), N={N}, T={T}"
    print(f"NumPy {np.__version__}, float32, forward + BPTT")
    print("PyTorch: not installed (pip install torch)" if torch is None
          else f"PyTorch {torch.__version__}")
    print_libraries()
    if torch is not None:
        ok = check(*args)
        print(f"same results as PyTorch: {name}  " + "  ".join(
            f"{k} {'yes' if v else 'NO'}" for k, v in ok.items()))
    print(f"\n{'ms per forward + backward':<32}{'threads':>8}"
          f"{'nnscratch':>11}" + (f"{'PyTorch':>9}{'ratio':>7}"
                                 if torch is not None else ""))
    for n in (1, 2):
        with threadpool_limits(limits=n):
            if torch is not None:
                torch.set_num_threads(n)
            steps = [nnscratch_step(*args)]
            if torch is not None:
                steps.append(torch_step(*args))
            times = time_steps(steps)
            line = f"{name:<32}{n:>8}{times[0] * 1e3:>11.2f}"
            if torch is not None:
                line += f"{times[1] * 1e3:>9.2f}{times[0] / times[1]:>7.2f}"
            print(line, flush=True)
    if torch is not None:
        print("\nratio = nnscratch / PyTorch; the goal is at most 1.2")


if __name__ == "__main__":
    main()
