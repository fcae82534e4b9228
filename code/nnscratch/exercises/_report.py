"""The report a checker returns."""

import textwrap

import numpy as np


class Report:
    """What a checker found: one line per check, with a hint for each failure.

    ``bool(report)`` is True when every check passed. In a notebook the report
    shows itself; in a script, ``print(report)``.
    """

    def __init__(self, title):
        self.title = title
        self.lines = []  # (passed, what, hint)
        self.unfinished = False  # the answer raised NotImplementedError
        self.skipped = 0  # checks not run because the answer is unfinished

    def check(self, passed, what, hint=""):
        """Record one check; returns whether it passed."""
        if self.unfinished:
            self.skipped += 1
            return False
        self.lines.append((bool(passed), what, hint))
        return bool(passed)

    def attempt(self, what, call, hint=""):
        """Call the reader's code: ``call()``.

        Returns (True, result), or (False, None) after recording why
        not: the answer is still a stub (later checks are skipped), or
        it raised, which is a failed check with ``hint`` (a string, or a
        function of the exception that returns one).
        """
        if self.unfinished:
            self.check(False, what)  # counted as skipped
            return False, None
        try:
            return True, call()
        except NotImplementedError:
            self.stop_unfinished()
        except Exception as err:  # the reader's code may raise anything
            text = hint(err) if callable(hint) else hint
            self.check(False, f"{what}: raised {type(err).__name__}: {err}", text)
        return False, None

    def answer(self, what, call, hint=""):
        """Like ``attempt``, and a reader's function that returned None
        (a forgotten ``return``) is a failed check too: returns
        (True, result) only for a result that is not None."""
        ran, got = self.attempt(what, call, hint)
        if ran and got is None:
            self.check(False, f"{what} (your function returned None)",
                       "did you forget `return`?")
            return False, None
        return ran, got

    def number(self, what, call, hint=""):
        """Like ``answer``, for a reader's function that returns one
        number: (True, the number as a float), or (False, None) after
        recording why not (a stub, an error, None, not a number)."""
        ran, got = self.answer(what, call, hint)
        if not ran:
            return False, None
        try:
            return True, float(got)
        except (TypeError, ValueError):
            self.check(False, f"{what}: got {type(got).__name__}, expected "
                       "a number", "return one number")
            return False, None

    def run(self, what, call, expected, hint, atol=1e-6):
        """Record whether ``call()`` returns ``expected`` (arrays compared with atol).

        An exception inside the reader's code is a failed check, not a crash.
        """
        ran, got = self.attempt(what, call, hint)
        if not ran:
            return False
        ok = _same(got, expected, atol)
        return self.check(ok, what + ("" if ok else _mismatch(got, expected)), hint)

    def stop_unfinished(self):
        """Record that the answer is still a stub; later checks are skipped."""
        self.check(False, "not implemented yet",
                   "write your code in place of `raise NotImplementedError`, run "
                   "that cell, then run this one again")
        self.unfinished = True
        return False

    @property
    def passed(self):
        return sum(ok for ok, _, _ in self.lines)

    @property
    def failed(self):
        return len(self.lines) - self.passed + self.skipped

    @property
    def total(self):
        return len(self.lines) + self.skipped

    def __bool__(self):
        return bool(self.lines) and self.failed == 0

    def __str__(self):
        out = [self.title]
        shown = set()  # each hint once: the first failure that needs it
        for ok, what, hint in self.lines:
            out.append(textwrap.fill(what, width=72, initial_indent=f"  {'✓' if ok else '✗'} ",
                                     subsequent_indent="    "))
            if not ok and hint and hint not in shown:  # wrapped to fit a notebook's output
                shown.add(hint)
                out.append(textwrap.fill(hint, width=72, initial_indent="      hint: ",
                                         subsequent_indent="            "))
        if self.unfinished and self.passed == 0:
            out.append(f"0/{self.total} checks passed: the answer is not written yet.")
        elif self.unfinished:
            out.append(f"{self.passed}/{self.total} checks passed: part of the "
                       "answer is not written yet.")
        else:
            verdict = "all passed" if self else f"{self.failed} failed"
            out.append(f"{self.passed}/{self.total} checks passed: {verdict}.")
        return "\n".join(out)

    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle):  # IPython shows str(), not a repr
        printer.text(str(self))


def find_mistake(mistakes, got, args):
    """(name, hint) of the first known mistake whose result matches the
    reader's ``got``, or (None, None).

    mistakes : (function, name, hint) triples. Each function takes
    ``args`` (arrays among them are copied first, so a mistake that
    writes into its inputs spoils nothing) and returns what that
    mistake returns: an array, a number, or a tuple or list of those.
    A mistake that raises does not apply to this case.
    """
    for mistake, name, hint in mistakes:
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        try:
            with np.errstate(all="ignore"):
                want = mistake(*copies)
        except Exception:  # a mistake may not apply to every case
            continue
        if _matches(got, want):
            return name, hint
    return None, None


def _matches(got, want):
    """Same shape and np.allclose; tuples and lists item by item."""
    if isinstance(want, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_matches(g, w) for g, w in zip(got, want)))
    try:
        return (np.shape(got) == np.shape(want)
                and bool(np.allclose(got, want)))
    except (TypeError, ValueError):
        return False


def _same(got, expected, atol):
    try:
        got = np.asarray(got, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and bool(np.allclose(got, expected, atol=atol, rtol=0))


def _mismatch(got, expected):
    """A short description of how `got` differs from `expected`."""
    if got is None:
        return " (your function returned None: did you forget `return`?)"
    got_shape, want_shape = np.shape(got), np.shape(expected)
    if got_shape != want_shape:
        return f" (got shape {got_shape}, expected shape {want_shape}: {_show(got)})"
    return f" (got {_show(got)}, expected {_show(expected)})"


def _show(x):
    try:
        return np.array2string(np.asarray(x, dtype=np.float64), precision=4, suppress_small=True)
    except (TypeError, ValueError):
        return repr(x)
