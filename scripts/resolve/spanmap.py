"""Where a span of an old text is in a new one: the parts the two texts share, found by
difflib line by line, then token by token and character by character only inside the lines
that changed. Diffing characters of a whole article at once takes seconds (every letter
occurs hundreds of times); this stays fast for 10,000-character articles whatever the
change (a dropped line, trailing spaces stripped on every line, a corrected word)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

Block = tuple[int, int, int]  # (start in the old text, start in the new text, length)

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _chars(text: str) -> list[str]:
    return list(text)


# Coarse to fine: each level diffs only what the level before it found replaced.
_LEVELS: tuple[Callable[[str], list[str]], ...] = (_lines, _tokens, _chars)


def _starts(parts: list[str]) -> list[int]:
    return [0, *accumulate(len(p) for p in parts)]


def _shared(old: str, new: str, at_old: int, at_new: int, level: int) -> Iterator[Block]:
    a, b = _LEVELS[level](old), _LEVELS[level](new)
    sa, sb = _starts(a), _starts(b)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        o1, o2, n1, n2 = sa[i1], sa[i2], sb[j1], sb[j2]
        if tag == "equal":
            yield at_old + o1, at_new + n1, o2 - o1
        elif tag == "replace" and level + 1 < len(_LEVELS):
            yield from _replaced(a[i1:i2], b[j1:j2], old[o1:o2], new[n1:n2],
                                 at_old + o1, at_new + n1, level)


def _replaced(a: list[str], b: list[str], old: str, new: str, at_old: int, at_new: int,
              level: int) -> Iterator[Block]:
    """The shared parts of a replaced run. Lines replaced one for one (every line's edge
    spaces stripped) are diffed pair by pair, so no finer diff ever spans the whole text."""
    if level == 0 and len(a) == len(b):
        for old_line, new_line, o, n in zip(a, b, _starts(a), _starts(b), strict=False):
            yield from _shared(old_line, new_line, at_old + o, at_new + n, level + 1)
    else:
        yield from _shared(old, new, at_old, at_new, level + 1)


def _merged(blocks: Iterator[Block]) -> list[Block]:
    """Adjacent blocks that continue each other in both texts, as one."""
    merged: list[Block] = []
    for old, new, size in blocks:
        if size == 0:
            continue
        last = merged[-1] if merged else None
        if last and last[0] + last[2] == old and last[1] + last[2] == new:
            merged[-1] = (last[0], last[1], last[2] + size)
        else:
            merged.append((old, new, size))
    return merged


@dataclass(frozen=True)
class SpanMap:
    """The parts an old and a new text share, to carry spans from one to the other."""

    blocks: list[Block]
    old_starts: list[int]  # of the blocks, for bisecting

    @classmethod
    def between(cls, old: str, new: str) -> SpanMap:
        blocks = _merged(_shared(old, new, 0, 0, 0))
        return cls(blocks, [b[0] for b in blocks])

    def map(self, start: int, end: int) -> tuple[int, int] | None:
        """The new offsets of old `[start, end)`, or None when any of its characters was
        changed or deleted (the span is then not in one shared part)."""
        at = bisect.bisect_right(self.old_starts, start) - 1
        if at < 0:
            return None
        old, new, size = self.blocks[at]
        if end > old + size:
            return None
        return new + start - old, new + end - old
