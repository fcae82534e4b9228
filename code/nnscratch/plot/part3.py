"""Figures of Part III: convolutional networks (chapters 15-19)."""

import matplotlib.pyplot as plt
import numpy as np

from .part1 import NEGATIVE, POSITIVE, _axes

# ---------------------------------------------------------------- chapter 15


# ---------------------------------------------------------------- chapter 16


# ---------------------------------------------------------------- chapter 17


# ---------------------------------------------------------------- chapter 18


# ---------------------------------------------------------------- chapter 19
