"""Reading a checker's Report in tests: its text with line wrapping undone."""


def words(report):
    """The report's text as one line: wrapped lines joined, spaces single."""
    return " ".join(str(report).split())


def failed_lines(report):
    """The text of each failed check (and its hint), one string each."""
    return words(report).split("✗")[1:]
