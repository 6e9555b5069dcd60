"""Recorded, re-runnable cleaning steps: raw text in, published text out.

Raw files are never edited. Every change between the raw file and the published `text` is a
step in the article's annotation file, and each step must change something, so a step that
silently stops applying (because the raw file changed) is caught.
"""

from __future__ import annotations

import re
import typing
import unicodedata

from ..read.models import CleaningStep
from .spanmap import SpanMap

# Unicode whitespace at line edges, including the no-break spaces in the seeds.
_EDGE_SPACE = re.compile(r"^[^\S\n]+|[^\S\n]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TEXT_EDGES = re.compile(r"^\s+|\s+$")
_LINE_BREAKS = re.compile(r"\r\n?")  # Windows and old Mac line ends


class CleaningError(ValueError):
    """A step that no longer applies; `step` is its index in the article's cleaning list."""

    def __init__(self, message: str, step: int | None = None) -> None:
        super().__init__(message)
        self.step = step


def _drop_line(text: str, step: CleaningStep) -> str:
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line == step.text]
    drop = set(hits[1:] if step.keep_first else hits)
    if not drop:
        raise CleaningError(f"no line to drop equals {step.text!r}")
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _remove_repeats(text: str, step: CleaningStep) -> str:
    assert step.text
    first = text.find(step.text)
    if first < 0 or text.find(step.text, first + 1) < 0:
        raise CleaningError(f"the passage {step.text[:40]!r}… is not repeated")
    head, tail = text[: first + len(step.text)], text[first + len(step.text):]
    # A repeated passage sits after a space inside its paragraph; remove that space with it.
    return head + tail.replace(" " + step.text, "").replace(step.text, "")


def _substitute(pattern: re.Pattern[str], replacement: str):
    def apply(text: str, step: CleaningStep) -> str:
        out = pattern.sub(replacement, text)
        if out == text:
            raise CleaningError(f"{step.op} changes nothing")
        return out
    return apply


def _nfc(text: str, step: CleaningStep) -> str:
    out = unicodedata.normalize("NFC", text)
    if out == text:
        raise CleaningError("nfc changes nothing: the text is NFC already")
    return out


STEPS = {
    "drop_line": _drop_line,
    "remove_repeats": _remove_repeats,
    "strip_lines": _substitute(_EDGE_SPACE, ""),
    "collapse_blank_lines": _substitute(_BLANK_RUNS, "\n\n"),
    "trim": _substitute(_TEXT_EDGES, ""),
    "normalize_newlines": _substitute(_LINE_BREAKS, "\n"),
    # Recorded by `skies add` when the text as received is not NFC (NFC runs last anyway).
    "nfc": _nfc,
}
assert set(STEPS) == set(typing.get_args(CleaningStep.model_fields["op"].annotation))


def describe(step: CleaningStep) -> str:
    """The step as published: its passage is the publisher's text, so only its length is
    given (the text-free configs carry this description too)."""
    what = f" of {len(step.text)} characters" if step.text else ""
    first = " (keeping the first)" if step.keep_first else ""
    return f"{step.op}{what}{first}: {step.why}"


NFC_STEP = "normalize to Unicode NFC (always applied last)"


Stretches = tuple[list[int], list[int]]  # starts, ends (exclusive) of removed stretches


def removed_stretches(raw: str, text: str) -> Stretches | None:
    """Stretches of NFC `raw` whose removal leaves `text` (then NFC again): the cleaning as
    offsets, which restore `text` from a copy of the raw file without quoting any of it.
    None when the cleaning did more than remove (then no stretches give `text`)."""
    source = unicodedata.normalize("NFC", raw)
    if (inside := source.find(text)) >= 0:  # only the edges went (a trim, a header): no diff
        blocks = [(inside, 0, len(text))]
    else:
        blocks = SpanMap.between(source, text).blocks
    # The diff gives whole stretches (a dropped line is one); when its blocks are no removal,
    # matching each character at its first possible place finds one if any exists.
    for found in (_from_blocks(blocks, len(source), len(text)), _leftmost(source, text)):
        if found is not None and restored(raw, found) == text:
            return found
    return None


def _from_blocks(blocks: list[tuple[int, int, int]], source_length: int, text_length: int
                 ) -> Stretches | None:
    starts: list[int] = []
    ends: list[int] = []
    kept_to = covered = 0  # where the last shared block ends, in the source and in the text
    for old, new, size in blocks:
        if new != covered:
            return None  # text between the blocks: not a removal
        if old > kept_to:
            starts.append(kept_to)
            ends.append(old)
        kept_to, covered = old + size, new + size
    if covered != text_length:
        return None
    if kept_to < source_length:
        starts.append(kept_to)
        ends.append(source_length)
    return starts, ends


def _leftmost(source: str, text: str) -> Stretches | None:
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for char in text:
        found = source.find(char, at)
        if found < 0:
            return None
        if found > at:
            starts.append(at)
            ends.append(found)
        at = found + 1
    if at < len(source):
        starts.append(at)
        ends.append(len(source))
    return starts, ends


def restored(raw: str, stretches: Stretches) -> str:
    """The text the removed `stretches` leave of `raw` (see removed_stretches)."""
    source = unicodedata.normalize("NFC", raw)
    kept, at = [], 0
    for start, end in zip(*stretches, strict=True):
        kept.append(source[at:start])
        at = end
    kept.append(source[at:])
    return unicodedata.normalize("NFC", "".join(kept))


def clean(raw: str, steps: list[CleaningStep]) -> str:
    """Apply the steps in order, then NFC. Raises CleaningError naming the failing step."""
    text = raw
    for number, step in enumerate(steps, 1):
        try:
            text = STEPS[step.op](text, step)
        except CleaningError as exc:
            raise CleaningError(f"step {number} ({step.op}): {exc}", number - 1) from exc
    return unicodedata.normalize("NFC", text)
