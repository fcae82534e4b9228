"""Figures of Part II (chapters 9-14): training curves, optimizer paths,
regularization, deep networks, metrics and digits."""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_float_array, check_shape
from .part1 import NEGATIVE, POSITIVE, _axes
