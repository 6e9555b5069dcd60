"""Resolve quote anchors to code-point offsets into the article text (spaCy-style: character
offsets into one text are the single truth; Python str indices are code points)."""

from __future__ import annotations

import unicodedata

from ..faults.codes import ANCHOR_AMBIGUOUS, ANCHOR_MISSING, QUOTE_NOT_NFC, Code
from ..read.models import Anchor

EMITS = (ANCHOR_MISSING, ANCHOR_AMBIGUOUS, QUOTE_NOT_NFC)


class AnchorError(ValueError):
    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code


def occurrences(text: str, quote: str) -> list[int]:
    starts, at = [], text.find(quote)
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def _fits(text: str, start: int, anchor: Anchor) -> bool:
    end = start + len(anchor.quote)
    if anchor.prefix is not None and not text[:start].endswith(anchor.prefix):
        return False
    return anchor.suffix is None or text.startswith(anchor.suffix, end)


def _in_context(text: str, anchor: Anchor, shown: str) -> tuple[int, int]:
    before, quote, after = anchor.context_parts()
    found = occurrences(text, before + quote + after)
    if len(found) != 1:
        code = ANCHOR_MISSING if not found else ANCHOR_AMBIGUOUS
        how = "is not in the text" if not found else f"occurs {len(found)} times; lengthen it"
        raise AnchorError(code, f"the context of quote {shown!r} {how}")
    start = found[0] + len(before)
    return start, start + len(quote)


def occurrence_of(text: str, quote: str, start: int) -> int | None:
    """The canonical `occurrence:` of the quote at `start` (None when the quote is unique)."""
    found = occurrences(text, quote)
    return None if len(found) == 1 else found.index(start) + 1


def resolve(text: str, anchor: Anchor) -> tuple[int, int]:
    """(start, end) of the one occurrence the anchor selects; AnchorError otherwise."""
    if unicodedata.normalize("NFC", anchor.quote) != anchor.quote:
        raise AnchorError(QUOTE_NOT_NFC, f"quote {anchor.quote[:60]!r} is not NFC-normalized")
    if anchor.context is not None:
        return _in_context(text, anchor, anchor.quote[:60])
    found = [s for s in occurrences(text, anchor.quote) if _fits(text, s, anchor)]
    shown = anchor.quote if len(anchor.quote) <= 60 else anchor.quote[:57] + "..."
    if not found:
        context = " with that prefix/suffix" if anchor.prefix or anchor.suffix else ""
        raise AnchorError(ANCHOR_MISSING, f"quote {shown!r} not found in the text{context}")
    if anchor.occurrence is not None:
        if anchor.occurrence > len(found):
            raise AnchorError(ANCHOR_MISSING, f"quote {shown!r} has {len(found)} occurrence(s), "
                              f"not {anchor.occurrence}")
        start = found[anchor.occurrence - 1]
    elif len(found) > 1:
        raise AnchorError(ANCHOR_AMBIGUOUS, f"quote {shown!r} occurs {len(found)} times; add "
                          "`occurrence:` (1-based) or a prefix/suffix")
    else:
        start = found[0]
    return start, start + len(anchor.quote)

