"""Validation at scale: the toolkit's checks against the same checks written directly in
polars (the baseline), in the same process, on a synthetic corpus.

Run: .venv/bin/python tests/benchmarks/bench_validate.py [--articles 100000] [--repeat 3]

Prints wall time (median of the repeats), rows/s, the ratio toolkit/baseline, peak RSS of
each phase (VmHWM, reset before the phase) against the in-memory Arrow size of the tables,
and the time to produce the report when 1M mention rows are faulty. Targets (set when validation
was built): ratio
<= 1.5, peak RSS <= 2x the Arrow size, report with 1M faulty rows < 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

from sovereign_skies.schema.labels import ALLOWED_ROLES
from sovereign_skies.schema.pandera_schemas import CHECK_TABLES, polars_schema
from sovereign_skies.scripts import ALLOCATOR_CONF
from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.checks.corpus import MIN_PARAGRAPH, NEAR_DUPLICATE
from sovereign_skies.scripts.checks.references import reference_checks
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.faults.render import report_json
from sovereign_skies.scripts.resolve.sketches import SKETCH, sketches
from sovereign_skies.scripts.synth.faults import inject_faults
from sovereign_skies.scripts.synth.generate import synth_tables
from sovereign_skies.scripts.tables import SPLIT, CheckTables


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _status_mib(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024


def _peak_mib() -> float:
    return _status_mib("VmHWM")


# --- the baseline: the same checks, written directly in polars ---------------------------

def _count(counts: Counter[str], code: str, frame: pl.LazyFrame) -> None:
    failing = frame.collect()
    counts[code] += failing.height
    failing.head(1000).to_dicts()  # the toolkit materializes up to 1000 faults per code


def _baseline_tables(t: CheckTables, counts: Counter[str]) -> None:
    for name, (columns, key) in CHECK_TABLES.items():
        frame = t[name].lazy()
        for c in columns:
            if t[name].schema[c.name] != polars_schema(name)[c.name]:
                counts["T101"] += 1
                continue
            if not c.nullable:
                _count(counts, "T102", frame.filter(pl.col(c.name).is_null()))
            value = pl.col(c.name)
            if c.vocab is not None:
                _count(counts, "T103", frame.filter(value.is_not_null()
                                                    & ~value.is_in(c.vocab.names)))
            if c.pattern is not None:
                _count(counts, "T104", frame.filter(value.is_not_null()
                                                    & ~value.str.contains(c.pattern)))
            if c.ge is not None:
                _count(counts, "T105", frame.filter(value < c.ge))
        _count(counts, "T106", frame.filter(pl.struct(list(key)).is_duplicated()))


def _baseline_spans(t: CheckTables, counts: Counter[str]) -> None:
    texts = t["articles"].lazy().select("article_id", _text="text")
    for table, prefix in (("mentions", ""), ("events", "trigger_"), ("stance_evidence", "")):
        s, e, x = f"{prefix}start", f"{prefix}end", f"{prefix}text"
        spans = (t[table].lazy().join(texts, on="article_id")
                 .with_columns(_len=pl.col("_text").str.len_chars(),
                               _slice=pl.col("_text").str.slice(pl.col(s), pl.col(e) - pl.col(s)))
                 .drop("_text"))
        _count(counts, "P102", spans.filter(pl.col(e) <= pl.col(s)))
        _count(counts, "P101", spans.filter(pl.col(e) > pl.col("_len")))
        _count(counts, "P103", spans.filter((pl.col(e) > pl.col(s)) & (pl.col(e) <= pl.col("_len"))
                                            & (pl.col("_slice") != pl.col(x))))
        _count(counts, "P105", spans.filter(pl.col(x).str.contains(r"^\s|\s$")))
    _count(counts, "P104", t["articles"].lazy().filter(
        pl.col("text").str.normalize("NFC") != pl.col("text")))
    m = t["mentions"].lazy()
    _count(counts, "P106", m.filter(pl.struct("article_id", "start", "end").is_duplicated()))


def _baseline_references(t: CheckTables, counts: Counter[str]) -> None:
    m = t["mentions"].lazy()
    entities = t["entities"].lazy().select("entity_id")
    for table, column in (("mentions", "entity_id"), ("events", "source_entity_id"),
                          ("stances", "holder_entity_id")):
        _count(counts, "R101", t[table].lazy().filter(pl.col(column).is_not_null())
               .join(entities, left_on=column, right_on="entity_id", how="anti"))
    _count(counts, "R102", t["event_arguments"].lazy().join(
        m.select("article_id", "mention_id"), on=["article_id", "mention_id"], how="anti"))


def _baseline_semantics(t: CheckTables, counts: Counter[str]) -> None:
    m = t["mentions"].lazy()
    published = t["articles"].lazy().select("article_id", "published_date")
    _count(counts, "M101", t["events"].lazy().join(published, on="article_id").filter(
        (pl.col("realis") == "ACTUAL") & (pl.col("date") > pl.col("published_date"))))
    allowed = pl.LazyFrame([(x, r) for x, roles in ALLOWED_ROLES.items() for r in roles],
                           schema={"type": pl.String, "role": pl.String}, orient="row")
    _count(counts, "M103", t["event_arguments"].lazy().join(
        t["events"].lazy().select("article_id", "event_id", "type"),
        on=["article_id", "event_id"]).join(allowed, on=["type", "role"], how="anti"))
    mentioned = m.select("article_id", "entity_id").unique()
    _count(counts, "M104", t["stances"].lazy().filter(pl.col("holder_entity_id").is_not_null())
           .join(mentioned, left_on=["article_id", "holder_entity_id"],
                 right_on=["article_id", "entity_id"], how="anti"))


def _baseline_corpus(t: CheckTables, counts: Counter[str]) -> None:
    a = t["articles"].lazy()
    _count(counts, "D101", a.filter(pl.col("text").is_duplicated()))
    sketch = sketches(t["articles"].unique("text"))
    _count(counts, "D102", sketch.lazy().join(sketch.lazy(), on="_s", suffix="_b")
           .filter(pl.col("article_id") < pl.col("article_id_b"))
           .group_by("article_id", "article_id_b").len()
           .filter(pl.col("len") >= SKETCH * NEAR_DUPLICATE / 2))
    _count(counts, "D103", a.group_by("story_id").agg(pl.col(SPLIT).n_unique())
           .filter(pl.col(SPLIT) > 1))
    _count(counts, "D104", a.select("article_id", _p=pl.col("text").str.split("\n"))
           .explode("_p").filter(pl.col("_p").str.len_chars() >= MIN_PARAGRAPH)
           .group_by("article_id", "_p").len().filter(pl.col("len") > 1))


def baseline(t: CheckTables) -> Counter[str]:
    counts: Counter[str] = Counter()
    for family in (_baseline_tables, _baseline_spans, _baseline_references, _baseline_semantics,
                   _baseline_corpus):
        family(t, counts)
    return counts


def toolkit(t: CheckTables) -> Report:
    report = Report()
    run_checks(t, Locator(None), report)
    return report


def timed(function, tables: CheckTables, repeat: int):
    times, result = [], None
    function(tables)  # warm-up: first-call costs (regex compilation, lazy imports) excluded
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function(tables)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _load(directory: Path) -> CheckTables:
    return CheckTables({p.stem: pl.read_parquet(p) for p in sorted(directory.glob("*.parquet"))})


def _arrow_mib(tables: CheckTables) -> float:
    return sum(f.to_arrow().nbytes for f in tables.frames.values()) / 2**20


def _corpus(articles: int) -> Path:
    """Check tables of a synthetic corpus, generated once and kept as Parquet."""
    directory = Path(tempfile.gettempdir()) / f"skies-bench-{articles}"
    if not (directory / "mentions.parquet").exists():
        start = time.perf_counter()
        directory.mkdir(exist_ok=True)
        for name, frame in synth_tables(articles).frames.items():
            frame.write_parquet(directory / f"{name}.parquet")
        print(f"generated {articles:,} articles in {time.perf_counter() - start:.0f} s")
    return directory


def _time(tables: CheckTables, repeat: int) -> None:
    rows = sum(f.height for f in tables.frames.values())
    for label, data in (("clean corpus", tables),
                        ("1% faults per family", inject_faults(tables, 0.01))):
        base_s, counts = timed(baseline, data, repeat)
        tool_s, report = timed(toolkit, data, repeat)
        print(f"{label}: {report.error_count:,} errors, {report.warning_count:,} warnings")
        print(f"  baseline {base_s:7.2f} s  {rows / base_s:11,.0f} rows/s")
        print(f"  toolkit  {tool_s:7.2f} s  {rows / tool_s:11,.0f} rows/s")
        print(f"  ratio toolkit/baseline (medians of {repeat}): {tool_s / base_s:.2f}")
        tool_counts = report.counts()
        for code in sorted(set(counts) | set(tool_counts)):
            if counts[code] != tool_counts[code] and code not in {
                    "T101", "R105", "M105", "D105", "T106", "P107"}:
                print(f"  note: {code} baseline {counts[code]:,} toolkit "
                      f"{tool_counts[code]:,}")


def _memory(tables: CheckTables, side: str) -> None:
    gc.collect()
    loaded = _status_mib("VmRSS")
    _reset_peak()
    (baseline if side == "baseline" else toolkit)(tables)
    arrow = _arrow_mib(tables)
    print(f"  {side:9} peak RSS {_peak_mib():7,.0f} MiB = {_peak_mib() / arrow:.2f} x "
          f"Arrow size ({arrow:,.0f} MiB); resident after loading the tables "
          f"{loaded:,.0f} MiB")


def _million(tables: CheckTables, repeat: int) -> None:
    n = tables["mentions"].height
    faulty = CheckTables({**tables.frames, "mentions": tables["mentions"].with_columns(
        entity_id=pl.when(pl.int_range(pl.len()) < 1_000_000)
        .then(pl.lit("entity-nobody")).otherwise(pl.col("entity_id")))})
    clean_s, _ = timed(toolkit, tables, repeat)
    faulty_s, report = timed(toolkit, faulty, repeat)

    def references_and_json(t: CheckTables) -> str:
        partial = Report()
        reference_checks(t, Locator(None), partial)
        return report_json(partial)

    family_s, text = timed(references_and_json, faulty, repeat)
    print(f"1,000,000 faulty mention rows (of {n:,}), medians of {repeat}:")
    print(f"  the reference checks that find them + the JSON report: {family_s:.2f} s "
          f"({len(text) / 2**20:.1f} MiB JSON, 1,000 listed, the rest counted)")
    print(f"  whole validation: {faulty_s:.2f} s with the faults, {clean_s:.2f} s without "
          f"(the faults cost {faulty_s - clean_s:+.2f} s); {report.error_count:,} errors, "
          f"{len(report.faults):,} listed")


def _child(mode: str, directory: Path, repeat: int) -> None:
    """One measurement in this (fresh) process: `time`, `mem-baseline`, `mem-toolkit` or
    `million`."""
    tables = _load(directory)
    if mode == "time":
        _time(tables, repeat)
    elif mode.startswith("mem-"):
        _memory(tables, mode.removeprefix("mem-"))
    elif mode == "million":
        _million(tables, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.corpus, args.repeat)
        return
    directory = _corpus(args.articles)
    tables = _load(directory)
    print(f"corpus: {args.articles:,} articles, {tables['mentions'].height:,} mentions, "
          f"{sum(f.height for f in tables.frames.values()):,} rows in all, Arrow size "
          f"{_arrow_mib(tables):,.0f} MiB")
    del tables
    for mode in ("time", "mem-baseline", "mem-toolkit", "million"):
        if mode == "mem-baseline":
            print("memory (each in a fresh process that only loaded the tables):")
        # Both sides run with the allocator setting the `skies` command uses.
        env = {**os.environ, "_RJEM_MALLOC_CONF": ALLOCATOR_CONF}
        subprocess.run([sys.executable, __file__, "--child", mode, "--corpus", str(directory),
                        "--repeat", str(args.repeat)], check=True, env=env)
    print(f"(run {dt.datetime.now():%Y-%m-%d %H:%M})")


if __name__ == "__main__":
    main()
