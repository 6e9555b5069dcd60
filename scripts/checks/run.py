"""The order checks run in, and checking a set of source files end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..faults import UNLIMITED, Report, SourceLocation
from ..faults.codes import CACHE_ENTRY_IGNORED
from ..layout import Layout
from ..read.corpus import read_registry, read_stories, source_files
from ..resolve.articles import resolve_all
from ..resolve.cache import Cache, FileResult
from ..resolve.rows import entity_frame
from ..resolve.snapshot import read_early
from ..tables import CheckTables
from .chunks import Check, Sources, article_checks, join_chunks, joined_sketches
from .coreference import coreference_checks, cross_document_checks
from .corpus import corpus_checks, repeated_paragraph_checks
from .forms import form_checks
from .locate import Locator
from .provenance import provenance_checks
from .references import country_checks, link_checks, reference_checks, unused_entity_checks
from .semantics import semantic_checks
from .spans import span_checks
from .stories import story_splits, unknown_story
from .tables import registry_table_checks, table_checks

EMITS = (CACHE_ENTRY_IGNORED,)

# Checks of rows against their own article (and the registry): run on any subset of the
# articles, they find exactly the faults of that subset, so they run chunk by chunk.
ARTICLE_CHECKS: tuple[Check, ...] = (table_checks, span_checks, reference_checks, link_checks,
                                     form_checks, semantic_checks, coreference_checks,
                                     repeated_paragraph_checks, provenance_checks)
# Checks of the registry alone (with reading it: cached with it), and checks that need the
# whole corpus at once (on every run).
REGISTRY_CHECKS: tuple[Check, ...] = (registry_table_checks, country_checks)
CORPUS_CHECKS: tuple[Check, ...] = (unused_entity_checks, cross_document_checks,
                                    corpus_checks)
CHECKS = REGISTRY_CHECKS + ARTICLE_CHECKS + CORPUS_CHECKS


def run_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    for check in CHECKS:
        check(tables, locate, report)


def _entities(layout: Layout) -> FileResult:
    """The registry's table, and the faults of reading it and of checking that table."""
    scratch = Report(limit_per_code=UNLIMITED)
    tables = CheckTables({"entities": entity_frame(read_registry(layout, scratch))})
    for check in REGISTRY_CHECKS:
        check(tables, Locator(layout, sources=tables), scratch)
    return FileResult(scratch.faults, None, tables["entities"])


def _stories(layout: Layout) -> FileResult:
    scratch = Report(limit_per_code=UNLIMITED)
    stories = read_stories(layout, scratch)
    splits = story_splits(stories, scratch)
    return FileResult(scratch.faults, {"read": stories is not None, "splits": splits})


def _shared(layout: Layout, path: Path, read: Callable[[Layout], FileResult],
            store: Cache | None, report: Report) -> FileResult:
    """What a shared source file gives, from the cache when the file is unchanged."""
    key = store.file_key(path) if store else None
    result = store.get_file(key) if store and key else None
    if result is None:
        result = read(layout)
        if store and key:
            store.put_file(key, result)
    for fault in result.faults:
        report.add_fault(fault)
    return result


def read_sources(layout: Layout, report: Report, store: Cache | None = None,
                 paths: list[Path] | None = None) -> Sources:
    """Read and resolve every source file (or, given `paths`, the registry, the stories and
    those annotation files only); faults go to `report`."""
    whole = paths is None
    paths = source_files(layout, report) if paths is None else paths
    entities = _shared(layout, layout.entities, _entities, store, report).frame
    stories = _shared(layout, layout.stories, _stories, store, report).values
    splits: dict[str, str] = stories["splits"]
    chunks = resolve_all(layout, paths, store, report, whole)
    for chunk in chunks:
        for article in chunk.articles:
            for fault in article.faults:
                report.add_fault(fault)
            if stories["read"] and article.story is not None and article.story_at:
                unknown_story(article.story, article.story_at, splits, report)
    assert entities is not None
    tables = join_chunks(chunks, entities, splits)
    tables.sketches = joined_sketches(chunks)
    return Sources(tables, chunks, entities, splits)


def check_sources(layout: Layout, report: Report | None = None,
                  use_cache: bool = True) -> tuple[CheckTables, Report]:
    """Read, resolve and check every source file: the check tables and all their faults
    (added to `report` when given, whose selection and limits then apply). The article
    checks' faults come in file and line order, after the registry's and the sources' own
    and before the corpus checks'."""
    report = Report() if report is None else report
    store = Cache(layout) if use_cache else None
    if store and not store.usable and store.foreign:
        report.add(CACHE_ENTRY_IGNORED, f"the cache folder is not used: {store.foreign}",
                   SourceLocation(layout.rel(store.root)))
    if store:
        read_early(store)
    sources = read_sources(layout, report, store)
    article_checks(layout, sources, ARTICLE_CHECKS, store, report)
    # Aggregated rows (a repeated paragraph) lose `_line`: they are located by their key.
    locate = Locator(layout, sources=sources.tables)
    for check in CORPUS_CHECKS:
        check(sources.tables, locate, report)
    if store:
        store.save()
    return sources.tables, report
