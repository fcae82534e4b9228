"""The book's figures. Needs matplotlib (imported here, never by the math).

Every function draws on an ``ax`` you pass, or on a new figure if you pass
none, and returns the Axes (or the Figure, for multi-panel figures), so a
chapter can arrange them as it likes. The figures live in one module per
part of the book; ``nnscratch.plot`` offers all of them under one name.
"""

from .part1 import *  # noqa: F401,F403
from .part2 import *  # noqa: F401,F403
from .part3 import *  # noqa: F401,F403
from .part4 import *  # noqa: F401,F403
