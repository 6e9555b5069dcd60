"""Stories: each listed once with its split, and every article's story listed. Runs on the
parsed sources, before they are resolved into tables, because the splits come from here."""

from __future__ import annotations

from ..faults import Report, SourceLocation
from ..faults.codes import DUPLICATE_STORY, UNKNOWN_STORY
from ..read.corpus import Parsed
from ..read.models import StoryRegistry

EMITS = (DUPLICATE_STORY, UNKNOWN_STORY)


def story_splits(stories: Parsed[StoryRegistry] | None, report: Report) -> dict[str, str]:
    """Story id -> split; a story listed again keeps its first split."""
    if stories is None:
        return {}
    splits: dict[str, str] = {}
    for i, story in enumerate(stories.model.stories):
        if story.id in splits:
            report.add(DUPLICATE_STORY, f"story {story.id!r} is listed again",
                       stories.at("stories", i))
        splits.setdefault(story.id, story.split)
    return splits


def unknown_story(story: str, where: SourceLocation, splits: dict[str, str],
                  report: Report) -> None:
    """R104 when an article's story is not listed (checked only when stories.yaml is read)."""
    if story not in splits:
        report.add(UNKNOWN_STORY, f"story {story!r} is not in stories.yaml", where)
