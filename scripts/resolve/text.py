"""An article's published text (the text anchors match) and where a quote occurs in it,
for `skies text` and `skies find`."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..faults import Report
from ..layout import Layout
from ..read.corpus import is_safe_id, read_article
from ..read.files import line_col
from .anchors import occurrences
from .cleaning import CleaningError, clean


class TextUnavailable(Exception):
    """The text cannot be given; `exit_code` follows the CLI's convention (1 or 2) and
    `report` holds the faults of reading the corpus, if any."""

    def __init__(self, message: str, exit_code: int, report: Report | None = None) -> None:
        super().__init__(message)
        self.exit_code, self.report = exit_code, report


def article_text(layout: Layout, article_id: str, *, refuse_faulty: bool = False) -> str:
    """The published text of an article. `refuse_faulty`: for a command that rewrites or
    shows the annotations: any fault in reading the file (a refused tag, a limit, a
    structure fault) refuses, since the command would carry the fault on or show or lose
    what was not read."""
    if not is_safe_id(article_id):
        raise TextUnavailable(f"{article_id!r} is not a safe article id", 2)
    report = Report()
    path = layout.annotation_file(article_id)
    article = read_article(path, layout, report) if os.path.lexists(path) else None
    if article is None or (refuse_faulty and report.errors):
        raise TextUnavailable(f"no readable article {article_id!r}", 2, report)
    try:
        return clean(article.raw, article.src.cleaning)
    except CleaningError as exc:
        raise TextUnavailable(str(exc), 1) from exc


@dataclass(frozen=True)
class Occurrence:
    number: int  # 1-based, as `occurrence:` is written
    start: int
    end: int
    line: int
    column: int
    context: str  # up to 30 characters either side, on one line


def find(text: str, quote: str, context: int = 30) -> list[Occurrence]:
    found = []
    for number, start in enumerate(occurrences(text, quote), 1):
        line, column = line_col(text, start)
        around = text[max(0, start - context): start + len(quote) + context].replace("\n", " ")
        found.append(Occurrence(number, start, start + len(quote), line, column, around))
    return found
