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
    what = f" {step.text!r}" if step.text else ""
    first = " (keeping the first)" if step.keep_first else ""
    return f"{step.op}{what}{first}: {step.why}"


NFC_STEP = "normalize to Unicode NFC (always applied last)"


def clean(raw: str, steps: list[CleaningStep]) -> str:
    """Apply the steps in order, then NFC. Raises CleaningError naming the failing step."""
    text = raw
    for number, step in enumerate(steps, 1):
        try:
            text = STEPS[step.op](text, step)
        except CleaningError as exc:
            raise CleaningError(f"step {number} ({step.op}): {exc}", number - 1) from exc
    return unicodedata.normalize("NFC", text)
