"""The `folds` view: a story-level k-fold assignment of every article, for cross-validation
on a corpus too small for one held-out split to say much.

k is FOLD_COUNT, or the number of stories when there are fewer. Stories are dealt out
largest first (then by id), each to the fold with the fewest articles so far (then the
lowest number), so a story is never in two folds and the folds are as even as whole stories
allow. The assignment is a function of the stories and their article counts only: the same
corpus always gives the same folds, and adding articles can move stories between folds (cite
the release you used).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from sovereign_skies.schema.columns import ENTITIES_SPLIT, FOLD_COUNT

from ..tables import SPLIT, CheckTables


def story_folds(articles_per_story: dict[str, int], k: int = FOLD_COUNT) -> dict[str, int]:
    """Story id -> fold (0 to k - 1), for stories with their article counts."""
    folds = min(k, len(articles_per_story))
    load = [0] * folds
    out = {}
    for story, size in sorted(articles_per_story.items(), key=lambda item: (-item[1], item[0])):
        fold = min(range(folds), key=lambda f: (load[f], f))
        out[story] = fold
        load[fold] += size
    return out


def folds_rows(tables: CheckTables) -> Iterator[dict[str, Any]]:
    """Every article with its story and fold, in article id order."""
    articles = tables["articles"].select("article_id", "story_id").sort("article_id")
    fold_of = story_folds(dict(Counter(articles["story_id"].to_list())))
    for article_id, story_id in articles.iter_rows():
        yield {"article_id": article_id, "story_id": story_id, "fold": fold_of[story_id],
               SPLIT: ENTITIES_SPLIT}
