"""Stories: each listed once with its split, and every article's story listed. Runs on the
parsed sources, before they are resolved into tables, because the splits come from here."""

from __future__ import annotations

from ..faults import Report
from ..faults.codes import DUPLICATE_STORY, UNKNOWN_STORY
from ..read.corpus import Corpus

EMITS = (DUPLICATE_STORY, UNKNOWN_STORY)


def story_splits(corpus: Corpus, report: Report) -> dict[str, str]:
    """Story id -> split; a story listed again keeps its first split."""
    if corpus.stories is None:
        return {}
    splits: dict[str, str] = {}
    for i, story in enumerate(corpus.stories.model.stories):
        if story.id in splits:
            report.add(DUPLICATE_STORY, f"story {story.id!r} is listed again",
                       corpus.stories.at("stories", i))
        splits.setdefault(story.id, story.split)
    return splits


def unknown_stories(corpus: Corpus, splits: dict[str, str], report: Report) -> None:
    if corpus.stories is None:  # its unreadable file is reported already
        return
    for article in corpus.articles:
        if article.src.story_id not in splits:
            report.add(UNKNOWN_STORY, f"story {article.src.story_id!r} is not in stories.yaml",
                       article.parsed.at("story_id"))
