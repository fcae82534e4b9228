"""Checkers for the exercises at the end of each chapter.

A checker takes the reader's answer (usually a function), tries it on cases
worked out in advance, and returns a ``Report``: in a notebook it shows what
passed, what failed, and a hint for each failure.

    from nnscratch.exercises import ch02
    ch02.check_step(my_step)
"""

from ._report import Report

__all__ = ["Report"]
