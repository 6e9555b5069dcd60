"""Near-duplicate fingerprints of article texts: word 5-gram shingles and bottom-k sketches
(the k smallest shingle hashes of each article), computed in polars, in batches so memory
stays bounded. A sketch depends on its article's text alone, so it is computed with the
article's rows (on the workers) and cached with them; the corpus check only compares.
(datasketch's MinHash hashes each shingle in Python, minutes at 100,000 articles.)
"""

from __future__ import annotations

import polars as pl

SHINGLE = 5            # words per shingle
SKETCH = 64            # hashes kept per article
BATCH = 2_000          # articles per batch when shingling
SKETCH_SCHEMA = {"article_id": pl.UInt32, "_s": pl.UInt64}


def shingles(articles: pl.LazyFrame) -> pl.LazyFrame:
    """(article_id, shingle hash) rows, each shingle once per article."""
    words = (articles.select("article_id", _w=pl.col("text").str.to_lowercase()
                             .str.extract_all(r"\w+"))
             .explode("_w").drop_nulls("_w")
             .with_columns(_h=pl.col("_w").hash(seed=7)))
    window = [pl.col("_h").shift(-i).over("article_id").alias(f"_h{i}") for i in range(SHINGLE)]
    return (words.with_columns(_s=pl.struct(window).hash(seed=11),
                               _ok=window[-1].is_not_null())
            .filter("_ok").select("article_id", "_s").unique())


def sketches(articles: pl.DataFrame, first: int = 0) -> pl.DataFrame:
    """(article number, hash) rows: the SKETCH smallest shingle hashes of each article.
    Article numbers are row numbers in `articles` plus `first` (integers keep it small)."""
    parts = []
    for offset in range(0, articles.height, BATCH):
        batch = (articles.slice(offset, BATCH).lazy()
                 .select(pl.int_range(first + offset, first + offset + pl.len(),
                                      dtype=pl.UInt32).alias("article_id"), "text"))
        parts.append(shingles(batch).group_by("article_id")
                     .agg(pl.col("_s").bottom_k(SKETCH)).explode("_s").collect())
    return pl.concat(parts) if parts else pl.DataFrame(schema=SKETCH_SCHEMA)


def renumbered(sketch: pl.DataFrame, first: int) -> pl.DataFrame:
    """A chunk's sketches with article numbers counted from `first`."""
    return sketch.with_columns(pl.col("article_id") + pl.lit(first, dtype=pl.UInt32))
