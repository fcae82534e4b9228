"""tools/benchmark.py times; these tests check what it times. Each speed
change of issue 12 must leave the computation as it was: the four steps of
the benchmark's last table train to the same weights, bit for bit. And
the memory setting of ``import nnscratch`` can be turned off."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from nnscratch import _memory

ROOT = Path(__file__).resolve().parent.parent


def load_benchmark_tool():
    spec = importlib.util.spec_from_file_location(
        "benchmark_tool", ROOT / "tools" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_speed_step_trains_the_same_weights():
    bench = load_benchmark_tool()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 784)).astype(np.float32)
    y = rng.integers(0, 10, 300)
    weights = []
    for level in range(len(bench.STEPS)):
        step = bench.step_epoch(level, X, y, batch=64)
        step()
        step()
        weights.append([p.data.copy() for p in step.model.parameters()])
    for later in weights[1:]:
        for a, b in zip(weights[0], later):
            np.testing.assert_array_equal(a, b)


def test_plain_adam_is_the_docstring_formula_and_differs_from_no_step():
    """The 'before' optimizer of the benchmark moves the weights (a
    broken baseline would make the comparison meaningless)."""
    bench = load_benchmark_tool()
    step = bench.step_epoch(0, np.ones((64, 784), np.float32),
                            np.zeros(64, np.int64))
    before = [p.data.copy() for p in step.model.parameters()]
    step()
    after = [p.data for p in step.model.parameters()]
    assert not all(np.array_equal(a, b) for a, b in zip(before, after))


def test_keep_freed_memory_reports_what_it_did():
    on_glibc = sys.platform.startswith("linux")
    assert _memory.keep_freed_memory() in (True, False)
    if on_glibc and os.path.exists("/lib/x86_64-linux-gnu/libc.so.6"):
        assert _memory.keep_freed_memory()


def test_keep_memory_can_be_turned_off():
    env = {**os.environ, "NNSCRATCH_KEEP_MEMORY": "0"}
    code = ("from nnscratch import _memory; "
            "print(_memory.keep_freed_memory_unless_asked_not_to())")
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
