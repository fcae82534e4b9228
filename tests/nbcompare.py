"""How a re-executed notebook's outputs are compared with the stored ones.

nbval re-executes every chapter cell by cell; this module replaces only its
comparison of one cell's outputs (``install()``, called from the root
conftest.py). The rule:

* Structure is compared exactly: the same outputs in the same order (streams
  merged by nbval), the same kinds (stdout, stderr, a figure, a result, an
  error) and the same MIME types in each.
* Figures and widgets must exist where they existed; their pixels and model
  ids are not compared (a PNG changes with matplotlib's version).
* Text is split into lines, and each line into numbers and the text between
  them. The text between numbers must be identical, and so must the number of
  lines and of numbers on each line.
* Two numbers agree when their printed strings are identical, or when they
  differ by no more than the tolerance, which depends on how they are written:

  =============  =====================================  =====================
  written as     tolerance on the difference            e.g. stored 0.0574
  =============  =====================================  =====================
  integer        ``RTOL`` of the value, at most          53 accepts 51..55,
                 ``UNITS`` (2): counts of mistakes       1947 accepts 1945..1949
                 move, small numbers and shapes don't    and 12 only 12
  decimal, 1e-3  ``RTOL`` (5 %) of the larger value     0.0574 accepts
                 + ``UNITS`` units of the last digit    0.0548..0.0601
  percentage     ``RTOL`` of the distance to 0 % or      97.35 % accepts
                 100 %, whichever is nearer, + UNITS     97.20..97.50 %
                 units of the last digit
  tiny           both below ``FLOOR`` (1e-7) in size:    2e-10 vs 5e-11
                 roundoff, equal
  =============  =====================================  =====================

Why these numbers: float32 training on one BLAS kernel and on another
(OpenBLAS's Haswell, SkylakeX and Sandybridge kernels, one or two threads)
differs after a few hundred steps by up to about 4 % in a final loss, by a
test image or two in a count, and by a few tenths of a point in an accuracy.
A percentage near 100 % is an error rate in disguise (97.35 % and 96.00 %
differ by half the mistakes), so its tolerance is taken relative to the
nearer end. A loss 10 % off, a changed label, a missing or extra line, a
reordered table and a missing figure all fail; tests/test_nbcompare.py shows
each.
"""

import re

RTOL = 0.05
UNITS = 2
FLOOR = 1e-7

# A number not glued to a word (float32, ch07, x1 stay text), with an
# optional exponent and percent sign.
NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])%?")


def split_numbers(line):
    """'loss 0.0574, 94.0%' -> (['loss ', ', ', ''], ['0.0574', '94.0%'])."""
    return NUMBER.split(line), NUMBER.findall(line)


def last_digit_unit(s):
    """One unit of the last printed digit: '0.0574' -> 1e-4, '94.0%' -> 0.1,
    '53' -> 1, '2.5e-03' -> 1e-4."""
    mantissa, _, exponent = s.rstrip("%").lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def tolerance(stored):
    """The largest difference from the number printed as ``stored``
    that still counts as the same result (see the module docstring)."""
    value = float(stored.rstrip("%"))
    slack = UNITS * last_digit_unit(stored)
    if stored.endswith("%"):
        return RTOL * min(abs(value), abs(100 - value)) + slack
    if re.fullmatch(r"[-+]?\d+", stored):
        return min(slack, RTOL * abs(value))
    return RTOL * abs(value) + slack


def numbers_agree(stored, new):
    """True if two printed numbers are the same result."""
    if stored == new:
        return True
    if stored.endswith("%") != new.endswith("%"):
        return False
    a, b = float(stored.rstrip("%")), float(new.rstrip("%"))
    if max(abs(a), abs(b)) < FLOOR:
        return True
    return abs(a - b) <= max(tolerance(stored), tolerance(new))


def compare_text(stored, new):
    """Differences between two texts under the rule above, as a list of
    messages (empty if they agree)."""
    old_lines, new_lines = stored.splitlines(), new.splitlines()
    if len(old_lines) != len(new_lines):
        return [f"{len(old_lines)} lines stored, {len(new_lines)} now"
                + _first_line_diff(old_lines, new_lines)]
    problems = []
    for i, (old, now) in enumerate(zip(old_lines, new_lines), 1):
        old_text, old_nums = split_numbers(old)
        new_text, new_nums = split_numbers(now)
        if old_text != new_text or len(old_nums) != len(new_nums):
            problems.append(f"line {i} differs beyond its numbers:\n"
                            f"  stored: {old!r}\n  now:    {now!r}")
            continue
        for a, b in zip(old_nums, new_nums):
            if not numbers_agree(a, b):
                tol = max(tolerance(a), tolerance(b))
                problems.append(
                    f"line {i}: {a} stored, {b} now; the tolerance is "
                    f"{tol:.3g}\n  stored: {old!r}\n  now:    {now!r}")
    return problems


def _first_line_diff(old_lines, new_lines):
    for i, (old, now) in enumerate(zip(old_lines, new_lines), 1):
        if old != now:
            return f"; first difference on line {i}:\n  stored: {old!r}\n  now:    {now!r}"
    i = min(len(old_lines), len(new_lines))
    extra = (old_lines if len(old_lines) > i else new_lines)[i]
    return f"; line {i + 1} is only in one of them: {extra!r}"


def _parts(output, sanitize):
    """One output as (what, text or None): text is compared, None only
    checked to exist."""
    kind = output["output_type"]
    if kind == "stream":
        return [(output["name"], sanitize(output["text"]))]
    if kind == "error":
        return [("error", sanitize(f"{output['ename']}: {output['evalue']}"))]
    parts = []
    for mime in sorted(output.get("data", {})):
        value = output["data"][mime]
        if mime.startswith("text/"):
            text = value if isinstance(value, str) else "".join(value)
            parts.append((mime, sanitize(text)))
        else:  # image/png, widget views: exist, content not compared
            parts.append((mime, None))
    return parts


def compare_outputs(stored, new, sanitize=lambda s: s):
    """Differences between a cell's stored and re-executed outputs (lists
    of nbformat output dicts, streams already merged), as messages."""
    old_parts = [p for out in stored for p in _parts(out, sanitize)]
    new_parts = [p for out in new for p in _parts(out, sanitize)]
    old_kinds = [k for k, _ in old_parts]
    new_kinds = [k for k, _ in new_parts]
    if old_kinds != new_kinds:
        return [f"the outputs differ in kind: stored {old_kinds}, now {new_kinds}"]
    problems = []
    for n, ((kind, old), (_, now)) in enumerate(zip(old_parts, new_parts), 1):
        if old is not None:
            problems += [f"output {n} ({kind}): {p}" for p in compare_text(old, now)]
    return problems


def install():
    """Make nbval (pinned in requirements-dev.txt) compare cells with
    ``compare_outputs``; everything else nbval does stays as it is."""
    from nbval.plugin import IPyNbCell

    def compare(self, test, ref, skip_compare=None):
        self.comparison_traceback = compare_outputs(ref, test, self.sanitize)
        return not self.comparison_traceback

    compare.__doc__ = compare_outputs.__doc__
    IPyNbCell.compare_outputs = compare


def pytest_configure(config):
    """Loaded as a plugin (``pytest -p nbcompare``), it installs itself;
    the book's root conftest.py calls ``install()`` the same way."""
    install()
