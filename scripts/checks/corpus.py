"""Dataset-level checks: duplicate and near-duplicate articles, stories straddling splits,
paragraphs repeated within an article, labels missing from a split.

Near-duplicates: pairs of articles that share enough of their sketch hashes
(resolve/sketches.py) are confirmed with their exact Jaccard similarity. Repeated paragraphs
are looked for within each article, so that check runs with the article checks.
"""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    ENTITY_TYPE,
    EVENT_TYPE,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)

from ..faults import Report
from ..faults.codes import (
    DUPLICATE_ARTICLE,
    LABEL_MISSING_FROM_SPLIT,
    NEAR_DUPLICATE_ARTICLE,
    REPEATED_PARAGRAPH,
    STORY_STRADDLES_SPLITS,
)
from ..resolve.sketches import SKETCH, shingles, sketches
from ..tables import SPLIT, CheckTables
from .emit import emit
from .locate import Locator

EMITS = (DUPLICATE_ARTICLE, NEAR_DUPLICATE_ARTICLE, STORY_STRADDLES_SPLITS, REPEATED_PARAGRAPH,
    LABEL_MISSING_FROM_SPLIT)

NEAR_DUPLICATE = 0.8   # Jaccard similarity from which two articles are near-duplicates
BATCH = 2_000          # articles per batch when splitting paragraphs
MIN_PARAGRAPH = 40     # characters; shorter repeated lines (datelines, "Iran") are fine


def _jaccard(articles: pl.DataFrame, a: str, b: str) -> float:
    pair = articles.lazy().filter(pl.col("article_id").is_in([a, b]))
    sets = {r[0]: set(r[1]) for r in shingles(pair).group_by("article_id")
            .agg("_s").collect().iter_rows()}
    union = sets.get(a, set()) | sets.get(b, set())
    return len(sets.get(a, set()) & sets.get(b, set())) / len(union) if union else 1.0


def _duplicates(tables: CheckTables, locate: Locator, report: Report) -> None:
    articles = tables["articles"]
    text_hash = articles.select(pl.col("text").hash())["text"]  # once: it reads every text
    hashed = articles.lazy().with_columns(_hash=text_hash)
    first = hashed.group_by("_hash").agg(_first=pl.col("article_id").min())
    exact = (hashed.join(first, on="_hash").filter(pl.col("article_id") != pl.col("_first")))
    emit(report, DUPLICATE_ARTICLE, exact, "articles", locate,
         lambda r: f"text is identical to article {r['_first']!r}")
    # Candidate pairs share many sketch hashes; identical texts (D101) are left out.
    sketch = tables.sketches if tables.sketches is not None else sketches(articles)
    pairs = (sketch.lazy().group_by("_s").agg(pl.col("article_id"))
             .filter(pl.col("article_id").list.len() > 1)
             .select(a=pl.col("article_id"), b=pl.col("article_id")).explode("a").explode("b")
             .filter(pl.col("a") < pl.col("b"))
             .group_by("a", "b").len()
             .filter(pl.col("len") >= SKETCH * NEAR_DUPLICATE / 2).collect())
    ids = articles["article_id"]
    pairs = (pairs.filter(text_hash.gather(pairs["a"]) != text_hash.gather(pairs["b"]))
             .select(article_id=ids.gather(pairs["a"]), article_id_b=ids.gather(pairs["b"]),
                     len=pairs["len"]) if pairs.height else
             pl.DataFrame(schema={"article_id": pl.String, "article_id_b": pl.String,
                                  "len": pl.UInt32}))
    for a, b, _shared in pairs.sort("article_id", "article_id_b").iter_rows():
        similarity = _jaccard(articles, a, b)
        if similarity >= NEAR_DUPLICATE:
            row = articles.filter(pl.col("article_id") == b).row(0, named=True)
            report.add(NEAR_DUPLICATE_ARTICLE, f"{similarity:.0%} of its word 5-grams are "
                       f"shared with article {a!r}", *locate.where("articles", row))


def _straddling_stories(tables: CheckTables, locate: Locator, report: Report) -> None:
    articles = tables["articles"].lazy()
    straddling = (articles.group_by("story_id").agg(pl.col(SPLIT).n_unique().alias("_n"),
                                                    pl.col(SPLIT).unique().sort().alias("_s"))
                  .filter(pl.col("_n") > 1))
    rows = articles.join(straddling, on="story_id").sort("article_id")
    emit(report, STORY_STRADDLES_SPLITS, rows, "articles", locate,
         lambda r: f"story {r['story_id']!r} is in several splits: {', '.join(r['_s'])}")


def repeated_paragraph_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    articles, parts = tables["articles"], []
    for offset in range(0, articles.height, BATCH):  # splitting copies text: in batches
        parts.append(articles.slice(offset, BATCH).lazy()
                     .select("article_id", _p=pl.col("text").str.split("\n"))
                     .explode("_p").with_columns(pl.col("_p").str.strip_chars())
                     .filter(pl.col("_p").str.len_chars() >= MIN_PARAGRAPH)
                     .group_by("article_id", "_p").len().filter(pl.col("len") > 1).collect())
    paragraphs = (pl.concat(parts) if parts else
                  pl.DataFrame(schema={"article_id": pl.String, "_p": pl.String,
                                       "len": pl.UInt32})).sort("article_id")
    emit(report, REPEATED_PARAGRAPH, paragraphs, "articles", locate,
         lambda r: f"a paragraph occurs {r['len']} times: {r['_p'][:60]!r}…")


def _labels_per_split(tables: CheckTables, locate: Locator, report: Report) -> None:
    splits = tables["articles"].lazy().select("article_id", SPLIT)
    typed = (tables["mentions"].lazy().select("article_id", "entity_id")
             .join(tables["entities"].lazy().select("entity_id", "type"), on="entity_id",
                   how="left"))
    columns = ((typed, "type", ENTITY_TYPE), (tables["events"].lazy(), "type", EVENT_TYPE),
               (tables["events"].lazy(), "realis", REALIS),
               (tables["event_arguments"].lazy(), "role", ARGUMENT_ROLE),
               (tables["stances"].lazy(), "label", STANCE_LABEL),
               (tables["stances"].lazy(), "target", STANCE_TARGET))
    # One collect for all six: polars runs them side by side.
    present = pl.collect_all([frame.select("article_id", column).join(splits, on="article_id")
                              .group_by(SPLIT).agg(pl.col(column).unique())
                              for frame, column, _ in columns])
    for (_, _, vocab), found in zip(columns, present, strict=True):
        seen = {split: set(labels) for split, labels in found.iter_rows()}
        for split in sorted(set(tables["articles"][SPLIT].drop_nulls())):
            missing = [n for n in vocab.names if n not in seen.get(split, set())]
            if missing:
                report.add(LABEL_MISSING_FROM_SPLIT, f"split {split!r} has no {vocab.key} "
                           f"{', '.join(missing)}", *locate.where("articles", {}))


def corpus_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    _duplicates(tables, locate, report)
    _straddling_stories(tables, locate, report)
    _labels_per_split(tables, locate, report)
