"""CoNLL-style BIO files of the mentions, for review (export only: BIO loses what the
annotation file holds, so nothing is read back from it).

One `<article_id>.conll` per article: `#` comment lines first, then a token a line with five
tab-separated columns, a blank line between sentences:

    TOKEN  OUTER-TAG  OUTER-ENTITY  INNER-TAG  INNER-ENTITY

Tags are IOB2 (B-GPE, I-GPE, O) from the registry type of the mention's entity; `_` stands for
no entity. BIO cannot nest, and the annotations often do ("Iraqi government" holding "Iraqi"),
so there are two levels, as in GermEval 2014's nested NER data: a mention goes to the outer
columns unless it overlaps one already there, longest first; failing that to the inner
columns if an outer mention contains it; a mention fitting neither (a third level, or a crossing
overlap) is listed in a `# not tagged:` comment line.

Tokens: words (letters, digits, with combining accents), and every other visible character on
its own, keeping an emoji whole with its modifiers, variation selector and ZWJ sequence and a
flag's two regional indicators together; a token is also cut at each mention edge, so tags are
exact even when a mention cuts a word. A sentence ends at a line break, or after . ! ? then a
space and a word that is not lower case ("U.S. spy planes" goes on); never inside a mention.
Simple and deterministic, not linguistic.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from .document import Annotated, Mention, Registry
from .offsets import InterchangeError

COLUMNS = ("token", "outer-tag", "outer-entity", "inner-tag", "inner-entity")
_EMOJI_TAIL = "\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff"
_TOKEN = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    r"|[^\W_][\w\u0300-\u036f]*|_+"  # a word, or a run of underscores
    rf"|[^\w\s](?:\u200d[^\w\s]|[{_EMOJI_TAIL}])*"  # a symbol, an emoji with what joins it
)
_SENTENCE_END = {".", "!", "?"}


def _levels(mentions: list[Mention]) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """The outer and inner levels, and the mentions that fit neither."""
    outer: list[Mention] = []
    inner: list[Mention] = []
    left: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start, m.id)):
        if not any(_overlap(m, o) for o in outer):
            outer.append(m)
        elif any(o.start <= m.start and m.end <= o.end for o in outer) \
                and not any(_overlap(m, i) for i in inner):
            inner.append(m)
        else:
            left.append(m)
    return outer, inner, sorted(left, key=lambda m: (m.start, m.id))


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """The token spans of `text`, also cut at every offset of `cuts` (the mention edges)."""
    spans = []
    for match in _TOKEN.finditer(text):
        edges = [match.start(), *sorted(c for c in cuts if match.start() < c < match.end()),
                 match.end()]
        spans += list(pairwise(edges))
    return spans


def _column(level: list[Mention], start: int, end: int, types: dict[str, str]) -> list[str]:
    for m in level:
        if m.start <= start and end <= m.end:
            prefix = "B" if m.start == start else "I"
            return [f"{prefix}-{types[m.entity]}", m.entity]
    return ["O", "_"]


def _types(document: Annotated, registry: Registry) -> dict[str, str]:
    types = {}
    for m in document.mentions or []:
        entity_type = registry.type_of(m.entity)
        if entity_type is None:
            raise InterchangeError(f"article {document.article_id} mention {m.id}: entity "
                                   f"{m.entity!r} is not in the registry; fix it (skies check) "
                                   "before exporting")
        types[m.entity] = entity_type
    return types


def _breaks(text: str, spans: list[tuple[int, int]], mentions: list[Mention]) -> set[int]:
    """Indexes of the tokens that start a sentence."""
    starts = set()
    for n, ((_, end), (start, _)) in enumerate(pairwise(spans), 1):
        gap = text[end:start]
        ends = "\n" in gap or (text[spans[n - 1][0]:end] in _SENTENCE_END and gap.isspace()
                                and not text[start].islower())
        if ends and not any(m.start < start and end < m.end for m in mentions):
            starts.add(n)
    return starts


def lines(document: Annotated, registry: Registry) -> list[str]:
    """The file's lines for one article."""
    mentions = list(document.mentions or [])
    types = _types(document, registry)
    outer, inner, left = _levels(mentions)
    text = document.text
    out = [f"# article_id = {document.article_id}", f"# columns = {' '.join(COLUMNS)}"]
    out += [f"# not tagged: {m.id} {text[m.start:m.end]!r} [{m.start}, {m.end}) "
            f"{m.entity}: overlaps the two tagged levels" for m in left]
    spans = tokens(text, {edge for m in mentions for edge in (m.start, m.end)})
    breaks = _breaks(text, spans, mentions)
    for n, (start, end) in enumerate(spans):
        if n in breaks:
            out.append("")
        out.append("\t".join([text[start:end], *_column(outer, start, end, types),
                              *_column(inner, start, end, types)]))
    return out


def export(documents: list[Annotated], registry: Registry, out: Path) -> list[Path]:
    written = []
    for document in documents:
        path = out / f"{document.article_id}.conll"
        path.write_text("\n".join(lines(document, registry)) + "\n", encoding="utf-8")
        written.append(path)
    return written
