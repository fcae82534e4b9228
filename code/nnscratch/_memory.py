"""Keep freed memory in the process, so that NumPy's large temporary
arrays do not cost page faults (the page "How fast is nnscratch?" shows
the measurements).

Every NumPy array is a block from the C library's ``malloc``. By default
glibc takes a block above a threshold (128 kB at first) straight from the
operating system and gives it back when it is freed, and it also hands
back free memory at the top of its heap. Memory fresh from the operating
system costs a page fault at the first write to each 4 kB page: a 3 MB
array, an LSTM's gates for a batch, has 800 pages, which can cost a
millisecond before any arithmetic is done. A training loop frees and makes
such arrays at every step, so it pays this again and again.

``keep_freed_memory`` asks glibc (Linux) to serve blocks of up to 32 MB
from its heap and to keep up to 1 GB of freed memory for the next blocks.
The numbers computed are the same; the process may hold on to more memory.
nnscratch calls it once, at import; set the environment variable
NNSCRATCH_KEEP_MEMORY=0 before importing it to keep glibc's defaults.
"""

import ctypes
import os
import sys

# mallopt's parameter numbers, from glibc's <malloc.h>
M_TRIM_THRESHOLD = -1    # free memory kept at the top of the heap
M_MMAP_THRESHOLD = -3    # blocks at least this large come from mmap


def keep_freed_memory(mmap_threshold=32 << 20, trim_threshold=1 << 30):
    """Set glibc's two thresholds (bytes); True if it could, False on a
    system without glibc's mallopt (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold)
    ok = mallopt(M_TRIM_THRESHOLD, trim_threshold) and ok
    return bool(ok)


def keep_freed_memory_unless_asked_not_to():
    """What ``import nnscratch`` does."""
    if os.environ.get("NNSCRATCH_KEEP_MEMORY", "1") != "0":
        return keep_freed_memory()
    return False
