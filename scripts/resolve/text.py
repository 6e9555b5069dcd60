"""An article's published text (the text anchors match) and where a quote occurs in it,
for `skies text` and `skies find`."""

from __future__ import annotations

from dataclasses import dataclass

from ..faults import Report
from ..layout import Layout
from ..read.corpus import SAFE_ID, load_corpus
from ..read.files import line_col
from .anchors import occurrences
from .cleaning import CleaningError, clean


class TextUnavailable(Exception):
    """The text cannot be given; `exit_code` follows the CLI's convention (1 or 2) and
    `report` holds the faults of reading the corpus, if any."""

    def __init__(self, message: str, exit_code: int, report: Report | None = None) -> None:
        super().__init__(message)
        self.exit_code, self.report = exit_code, report


def article_text(layout: Layout, article_id: str) -> str:
    if not SAFE_ID.match(article_id):
        raise TextUnavailable(f"{article_id!r} is not a safe article id", 2)
    report = Report()
    for article in load_corpus(layout, report).articles:
        if article.src.article_id == article_id:
            try:
                return clean(article.raw, article.src.cleaning)
            except CleaningError as exc:
                raise TextUnavailable(str(exc), 1) from exc
    raise TextUnavailable(f"no readable article {article_id!r}", 2, report)


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
