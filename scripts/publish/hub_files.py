"""The files the card links to, shipped inside dataset/ so that every link works once the
folder is the Hub repository: the licence, copies of the guide, the adjudication log, the
check catalogue and the changelog (their sources live in cards/), and the plots."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from ..layout import Layout
from .card_metadata import (
    ANNOTATIONS_LICENSE,
    ANNOTATIONS_LICENSE_URL,
    CITATION_AUTHOR,
    LICENSE_NAME,
)

WIDTH = 88  # LICENSE lines are wrapped here
SHIPPED_HEADER = ("<!-- Shipped by `skies build` from {source} of the toolkit's repository. "
                  "Edit that file, not this copy. -->\n\n")


# The docs shipped in dataset/docs/, by name.
SHIPPED_DOCS = ("guidelines.md", "adjudication.md", "checks.md", "CHANGELOG.md")


def _sources(layout: Layout) -> dict[str, Path]:
    return dict(zip(SHIPPED_DOCS, (layout.guidelines, layout.adjudication_log,
                                   layout.checks_page, layout.changelog), strict=True))


def shipped_docs(layout: Layout, generated: Mapping[Path, str]) -> dict[str, str]:
    """Copy name -> text for every doc the card links to: the generated pages (`generated`:
    their path in cards/ -> their text) and the hand-written log and changelog, when the
    repository has them."""
    out = {}
    for name, source in _sources(layout).items():
        text = generated.get(source)
        if text is None and source.is_file():
            text = source.read_text(encoding="utf-8")
        if text is not None:
            out[name] = SHIPPED_HEADER.format(source=layout.rel(source)) + text
    return out


def license_text(articles: pl.DataFrame) -> str:
    """dataset/LICENSE: the annotations' licence, and each article's rights note as recorded
    (articles with the same note are listed together)."""
    notes: dict[str, list[str]] = {}
    for article_id, rights in articles.select("article_id", "rights").sort("article_id") \
            .iter_rows():
        notes.setdefault(rights, []).append(article_id)
    lines = [
        f"Sovereign Skies: licence terms ({LICENSE_NAME})",
        "",
        "This folder holds two kinds of material under different terms.",
        "",
        f"1. The annotations, by {CITATION_AUTHOR}: the entity registry, the stories and",
        "   splits, the mentions, events, stances and their metadata, the annotation passes,",
        "   the documentation and the plots. They are licensed under the Creative Commons",
        f"   Attribution 4.0 International licence ({ANNOTATIONS_LICENSE}):",
        f"   {ANNOTATIONS_LICENSE_URL}",
        "",
        "2. The article texts (raw/, the `text` columns, and the quoted span texts taken from",
        "   them). They remain the copyright of their publishers and are not covered by the",
        f"   {ANNOTATIONS_LICENSE} licence. Each article's rights note, as recorded in its",
        "   annotation file:",
        "",
    ]
    for rights, ids in notes.items():
        lines += [*textwrap.wrap(", ".join(ids) + ":", WIDTH, initial_indent="   ",
                                 subsequent_indent="   ", break_on_hyphens=False),
                  *textwrap.wrap(rights, WIDTH, initial_indent="     ",
                                 subsequent_indent="     "), ""]
    lines += ["The toolkit that builds this folder is MIT-licensed, in its own repository."]
    return "\n".join(lines) + "\n"
