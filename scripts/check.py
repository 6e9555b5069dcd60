"""`skies check` as a Python API: the checks of named articles only (their sources, anchors,
spans, references and semantics), without reading the rest of the corpus. Fast enough to run
on every commit; `skies validate` adds the checks that need the whole corpus."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks.chunks import article_checks
from .checks.run import ARTICLE_CHECKS, read_sources
from .faults import CODES, UNLIMITED, Report
from .layout import Layout
from .read.corpus import annotation_paths, is_safe_id
from .resolve.cache import Cache


class NotAnArticle(ValueError):
    """A name that is neither an article id of the corpus nor one of its source files."""


@dataclass
class Selection:
    """The annotation files to check, and the files whose faults are reported."""

    files: list[Path]
    shown: set[str]


def select_articles(layout: Layout, names: list[str]) -> Selection:
    """What `names` stand for: article ids, or paths of annotation files. Naming the
    registry or the stories stands for every article too (a change there can break a
    reference anywhere)."""
    shared = {layout.entities.resolve(): layout.entities, layout.stories.resolve():
              layout.stories}
    files: dict[Path, None] = {}
    shown: set[str] = set()
    for name in names:
        path = Path(name)
        if path.resolve() in shared:
            shown.add(layout.rel(shared[path.resolve()]))
            files.update(dict.fromkeys(annotation_paths(layout, Report())))
            continue
        if path.suffix in (".yaml", ".yml") or "/" in name:
            if path.resolve().parent != layout.annotations.resolve():
                raise NotAnArticle(f"{name}: not an annotation file of "
                                   f"{layout.rel(layout.annotations)}/")
            name = path.stem
        if not is_safe_id(name):
            raise NotAnArticle(f"{name!r} is not an article id (letters, digits, '-', '_')")
        file = layout.annotation_file(name)
        if not file.is_file():
            raise NotAnArticle(f"no article {name!r}: {layout.rel(file)} does not exist")
        files[file] = None
    shown.update(layout.rel(file) for file in files)
    return Selection(sorted(files), shown)


def check_articles(layout: Layout, selection: Selection, report: Report | None = None,
                   use_cache: bool = True) -> Report:
    """The faults located in the selection's files, in file and line order (added to
    `report` when given, whose selection of codes and limits then apply)."""
    report = Report() if report is None else report
    scratch = Report(limit_per_code=UNLIMITED)
    store = Cache(layout) if use_cache else None
    sources = read_sources(layout, scratch, store, selection.files)
    article_checks(layout, sources, ARTICLE_CHECKS, store, scratch)
    if store:
        store.save()
    for fault in scratch.faults:
        if fault.file in selection.shown:
            report.add_fault(fault)
    for code, count in scratch.suppressed.items():
        report.suppress(CODES[code], count)
    return report
