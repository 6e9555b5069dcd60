"""Tokens and sentences of an article text, with their code-point offsets, that never cut a
gold span: spaCy's rule-based English tokenizer and sentencizer (no model), then four rules.

1. Whitespace is never a token; a line break always ends a sentence (spaCy's sentencizer
   only looks at punctuation, and headlines and datelines end without any).
2. A quote that opens a sentence belongs to it: the sentencizer leaves a straight `"` that
   follows a full stop (`said. "If`) at the end of the sentence before.
3. A token is split at every gold span boundary inside it (`Iran'sSupremeNational`,
   `News/`), so every mention and trigger is a whole number of tokens.
4. A sentence boundary inside a gold span is dropped: the two sentences are merged.

The same text and spans always give the same tokens and sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import lazy

# Military and diplomatic titles that spaCy's English exceptions lack ("Gen." is there):
# without them `Lt. Gen. Muhannad` is split into two sentences after "Lt.".
TITLES = ("Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Brig.", "Cmdr.", "Cpl.", "Pvt.", "Amb.")
QUOTES = frozenset("\"'“”‘’«»„")
# Every character `str.splitlines` breaks a line at.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Segmented:
    """Tokens as code-point offsets into the text, and where each sentence begins."""

    starts: list[int]
    ends: list[int]
    sentence_starts: list[int]  # the index of each sentence's first token, ascending


@cache
def _pipeline() -> Any:
    spacy = lazy.spacy()
    nlp = spacy.blank("en")
    for title in TITLES:
        nlp.tokenizer.add_special_case(title, [{spacy.symbols.ORTH: title}])
    nlp.add_pipe("sentencizer")
    return nlp


def _spacy_tokens(text: str, cuts: list[int]) -> tuple[list[int], list[int], list[bool]]:
    """Rules 1 and 3: the non-whitespace tokens, cut at the gold boundaries, and whether
    each begins a sentence (spaCy's boundaries, plus one after every line break). spaCy
    splits wherever whitespace starts or stops, so a token is all whitespace or has none."""
    spacy = lazy.spacy()
    attrs = [spacy.attrs.IDX, spacy.attrs.LENGTH, spacy.attrs.IS_SPACE, spacy.attrs.SENT_START]
    starts: list[int] = []
    ends: list[int] = []
    first: list[bool] = []
    pending = True
    # Plain integers, one row per token: reading Token objects costs twice as much.
    for start, length, space, sentence_start in _pipeline()(text).to_array(attrs).tolist():
        pending = pending or sentence_start == 1
        end = start + length
        if space:
            pending = pending or _LINE_BREAK.search(text, start, end) is not None
            continue
        cut = bisect_right(cuts, start)
        while cut < len(cuts) and cuts[cut] < end:
            starts.append(start)
            ends.append(cuts[cut])
            first.append(pending)
            start, cut, pending = cuts[cut], cut + 1, False
        starts.append(start)
        ends.append(end)
        first.append(pending)
        pending = False
    return starts, ends, first


def _is_opening_quote(text: str, starts: list[int], ends: list[int], i: int) -> bool:
    """Token i is quotes only, stuck to the token after it and not to the one before."""
    return (all(ch in QUOTES for ch in text[starts[i]:ends[i]])
            and i + 1 < len(starts) and ends[i] == starts[i + 1]
            and (i == 0 or ends[i - 1] < starts[i]))


def _covered(spans: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of the spans as disjoint intervals (starts, ends); spans that only touch
    stay apart, since a boundary where one ends and the next begins cuts neither."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [s for s, _ in merged], [e for _, e in merged]


def _inside(position: int, covered: tuple[list[int], list[int]]) -> bool:
    starts, ends = covered
    i = bisect_left(starts, position) - 1  # the last interval starting before `position`
    return i >= 0 and position < ends[i]


def segment(text: str, spans: Iterable[tuple[int, int]]) -> Segmented:
    """The tokens and sentences of `text`; `spans` are the gold spans (start, end) that no
    token and no sentence may cut."""
    spans = list(spans)
    cuts = sorted({offset for span in spans for offset in span})
    starts, ends, first = _spacy_tokens(text, cuts)
    for i in range(len(starts) - 1):  # rule 2
        if first[i + 1] and not first[i] and _is_opening_quote(text, starts, ends, i):
            first[i], first[i + 1] = True, False
    covered = _covered(spans)
    sentence_starts = [i for i, begins in enumerate(first)
                       if begins and (i == 0 or not _inside(starts[i], covered))]  # rule 4
    return Segmented(starts, ends, sentence_starts)
