"""Offsets at the tool boundary: code points (the project's one truth, Python str indices)
against UTF-16 code units (JavaScript tools: doccano, UIMA XMI), and the check that an
imported span covers the text the tool says it does."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate


class InterchangeError(ValueError):
    """A tool file that cannot be imported; the message names the file and the item."""


class Utf16Offsets:
    """Both directions of the code point <-> UTF-16 unit mapping of one text."""

    def __init__(self, text: str) -> None:
        # units[i]: UTF-16 units before code point i (a character past U+FFFF takes two).
        self._units = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]

    def to_utf16(self, offset: int) -> int:
        return self._units[offset]

    def to_code_points(self, units: int) -> int:
        """The code-point offset at UTF-16 offset `units`; ValueError inside a pair."""
        at = bisect_left(self._units, units)
        if at == len(self._units) or self._units[at] != units:
            raise ValueError(f"UTF-16 offset {units} is not on a character boundary")
        return at


def checked_span(text: str, start: int, end: int, expected: str | None,
                 item: str) -> tuple[int, int]:
    """(start, end) when they are a span of `text` holding `expected` (the tool's own copy of
    the span text, when it gives one); InterchangeError naming `item` otherwise."""
    if not (0 <= start < end <= len(text)):
        raise InterchangeError(f"{item}: span [{start}, {end}) is outside the text "
                               f"(length {len(text)})")
    if expected is not None and text[start:end] != expected:
        raise InterchangeError(f"{item}: span [{start}, {end}) holds {text[start:end]!r} in "
                               f"the article but the tool says {expected!r}; the offsets do "
                               "not match the text")
    return start, end


def first_difference(ours: str, theirs: str) -> str:
    """Where two versions of a text first differ, as 'line L, column C'."""
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
              min(len(ours), len(theirs)))
    line = ours.count("\n", 0, at) + 1
    return f"line {line}, column {at - (ours.rfind(chr(10), 0, at) + 1) + 1}"
