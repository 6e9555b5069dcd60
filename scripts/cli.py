"""`skies`: the command line of Sovereign Skies. Typer wiring only: each command parses its
options, calls one library function and renders the result.

No command ends in a Python traceback: an unexpected exception becomes an internal-error
report (X100, exit 2) in the command's output format; `skies --debug ...` adds the traceback.
"""

from __future__ import annotations

import functools
import gc
import json
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sovereign_skies.schema.columns import SPLITS
from sovereign_skies.schema.labels import ENTITY_TYPE, EXPLICIT, ORG_SECTOR

from .faults import Report
from .faults.codes import INTERNAL_ERROR, UNREVIEWED_SUGGESTION
from .faults.render import print_github, print_lines, print_report, report_json
from .layout import Layout
from .score.items import Task

EMITS = (INTERNAL_ERROR,)

app = typer.Typer(
    help="Build, validate and inspect the Sovereign Skies dataset.\n\n"
    "Run from the repository root (or pass --root). Exit codes: 0 clean, 1 faults found, "
    "2 bad usage or unreadable input.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def main() -> None:
    """The `skies` program: the commands of `app`, with the garbage collector set for a
    short-lived process. The libraries leave ~100,000 objects behind on import, which the
    default threshold (700) rescans ~340 times in a warm validate at 10,000 articles
    (0.16 s; 11 times and 0.06 s with a threshold of 10,000), and which the interpreter's
    last collection walks once more at exit (0.2 s) unless they are frozen. Outputs are
    written and closed by then."""
    gc.set_threshold(10_000, 10, 10)
    try:
        app()
    finally:
        gc.freeze()


# Messages name paths and quotes: never wrapped, so they can be searched and copied whole.
out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
_debug = {"on": False}


@app.callback()
def _options(debug: Annotated[bool, typer.Option(
        "--debug", help="Show the Python traceback when skies fails internally.")] = False,
             ) -> None:
    _debug["on"] = debug


def _internal_error(command: str, exc: Exception, options: dict[str, Any]) -> None:
    report = Report()
    report.add(INTERNAL_ERROR, f"skies {command} failed: {type(exc).__name__}: {exc}")
    if str(options.get("fmt")) == "json":
        print(report_json(report))
    else:
        print_report(report, err)
        if not _debug["on"]:
            err.print(f"run `skies --debug {command} ...` for the traceback, and report it")
    if _debug["on"]:
        err.print(traceback.format_exc(), markup=False, highlight=False)
    raise typer.Exit(2) from None


F = TypeVar("F", bound=Callable[..., None])


def _register(target: typer.Typer, name: str, shown: str) -> Callable[[F], F]:
    """Register a command of `target` that turns any unexpected exception into an X100
    report; `shown` is the command as typed (`entity add`), for that report."""
    def register(function: F) -> F:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> None:
            try:
                function(*args, **kwargs)
            except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
                raise
            except Exception as exc:
                _internal_error(shown, exc, kwargs)

        target.command(name=name)(guarded)
        return function
    return register


def command(function: F) -> F:
    """Register a command of `skies` (see `_register`)."""
    # `import_` is the command `import` (a Python keyword cannot name a function).
    name = function.__name__.strip("_").replace("_", "-")
    return _register(app, name, name)(function)


class Format(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


Root = Annotated[Path, typer.Option(help="Repository root (the folder holding dataset/).")]
AnnotationSet = Annotated[Path | None, typer.Option(
    "--set", help="An annotation set other than the gold, e.g. dataset/passes/b: a folder "
    "with its own annotations/ and entities.yaml (raw texts and stories are shared).")]
FormatOpt = Annotated[Format, typer.Option("--format", help="text for people, json for tools.")]
NoCache = Annotated[bool, typer.Option(
    "--no-cache", help="Read every article again instead of taking unchanged ones from "
    ".skies-cache/ (the results are the same).")]


Strict = Annotated[bool, typer.Option(
    "--strict", help="Exit 1 while any mention suggested by `skies suggest` is unreviewed "
    "(S124).")]


def _layout(root: Path, annotation_set: Path | None = None) -> Layout:
    layout = Layout(root.resolve())
    if annotation_set is not None:
        layout = layout.for_pass(annotation_set)
    if not layout.annotations.is_dir():
        err.print(f"[red]error:[/] no {layout.rel(layout.annotations)}/ under {layout.root}; "
                  "run from the repository root or pass --root")
        raise typer.Exit(2)
    return layout


def _exit_code(report: Report, warnings_as_errors: bool = False, strict: bool = False) -> int:
    failed = not report.ok or (warnings_as_errors and report.warning_count > 0) or (
        strict and report.counts()[UNREVIEWED_SUGGESTION.code] > 0)
    return 2 if report.unreadable else 1 if failed else 0


def _finish(report: Report, fmt: ReportFormat, warnings_as_errors: bool = False,
            strict: bool = False) -> None:
    if fmt is ReportFormat.json:
        print(report_json(report))
    elif fmt is ReportFormat.github:
        print_github(report)
    else:
        print_report(report, out if report.faults else err)
    raise typer.Exit(_exit_code(report, warnings_as_errors, strict))


@command
def build(
    root: Root = Path("."),
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if the committed files differ from a fresh "
        "build.")] = False,
    no_cache: NoCache = False,
) -> None:
    """Build Parquet for every config and split, and the dataset card, from the sources.

    Nothing is written unless every check passes; files are written atomically and only when
    their bytes change, so the same sources always give byte-identical files.

    Example: skies build && skies build --check
    """
    from .build import prepare
    from .publish.release import differences, write

    layout = _layout(root)
    release, report = prepare(layout, use_cache=not no_cache)
    if release is None:
        print_report(report, err)
        raise typer.Exit(_exit_code(report))
    if check:
        stale = differences(release, layout)
        for difference in stale:
            err.print(f"[red]stale:[/] {difference.path}: {difference.reason}")
        if stale:
            err.print("run `skies build` and commit the result")
            raise typer.Exit(1)
        out.print(f"up to date: {len(release.files)} files match a fresh build")
        return
    written = write(release, layout)
    for path in written.removed:
        out.print(f"removed {layout.rel(path)} (no longer built, or left by an interrupted "
                  "write)")
    out.print(f"wrote {len(written.changed)} file(s), "
              f"{len(release.files) - len(written.changed)} unchanged, under "
              f"{layout.rel(layout.dataset)}/")


@command
def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Report only faults in these source files (the whole corpus is still read, "
        "for references). Used by the pre-commit hook.", show_default=False)] = None,
    root: Root = Path("."),
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", help="text for people, json for tools (schema in cards/checks.md), "
        "github for GitHub Actions annotations and step summary.")] = ReportFormat.text,
    sources_only: Annotated[bool, typer.Option(
        "--sources-only", help="Check the source files only, not the release (built Parquet, "
        "card, loading).")] = False,
    annotation_set: AnnotationSet = None,
    select: Annotated[list[str] | None, typer.Option(
        help="Only these check codes or code prefixes (repeatable): --select S --select "
        "P103.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Skip these check codes or prefixes (repeatable): --ignore D105.")] = None,
    max_errors: Annotated[int | None, typer.Option(
        "--max-errors", min=1, help="List at most this many faults (the rest are counted).")
    ] = None,
    warnings_as_errors: Annotated[bool, typer.Option(
        "--warnings-as-errors", help="Exit 1 on warnings too.")] = False,
    strict: Strict = False,
    no_cache: NoCache = False,
) -> None:
    """Check sources and the release; report every fault, located where it is fixed.

    Sources are located at file:line; built files at table[row] plus the source line of the
    row where it is known. With --set, only that annotation set's sources are checked.

    Example: skies validate --sources-only --format json --ignore D105
    """
    from .validate import validate as run_validate

    layout = _layout(root, annotation_set)
    if missing := [str(path) for path in files or () if not path.exists()]:
        err.print(f"[red]error:[/] no such file: {', '.join(missing)}")
        raise typer.Exit(2)
    report = Report(select=tuple(select or ()), ignore=tuple(ignore or ()),
                    max_faults=max_errors)
    report = run_validate(layout, built=not sources_only and annotation_set is None,
                          report=report, use_cache=not no_cache)
    if files:
        report = report.only_files({layout.rel(path.resolve()) for path in files})
    _finish(report, fmt, warnings_as_errors, strict)


@command
def check(
    names: Annotated[list[str], typer.Argument(
        help="Article ids, or paths of annotation files (as pre-commit passes them). Naming "
        "dataset/entities.yaml or dataset/stories.yaml checks every article against it.",
        show_default=False)],
    root: Root = Path("."),
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", help="text: one `file:line:column: CODE message` line per fault; json "
        "and github as for validate.")] = ReportFormat.text,
    annotation_set: AnnotationSet = None,
    strict: Strict = False,
    no_cache: NoCache = False,
) -> None:
    """Check the named articles only: sources, anchors, spans, references, semantics.

    Reads the registry and the stories but no other article, so it takes about a second:
    the pre-commit hook runs it on the files a commit touches. Checks that need the whole
    corpus (duplicates, splits, unused entities) are left to `skies validate`.

    Example: skies check araji-concludes-tehran-visit
    Example: skies check dataset/annotations/*.yaml --format json
    """
    from .check import NotAnArticle, check_articles, select_articles

    layout = _layout(root, annotation_set)
    try:
        selection = select_articles(layout, names)
    except NotAnArticle as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    report = check_articles(layout, selection, use_cache=not no_cache)
    if fmt is ReportFormat.text:
        print_lines(report, out)
        raise typer.Exit(_exit_code(report, strict=strict))
    _finish(report, fmt, strict=strict)


@command
def add(
    file: Annotated[str, typer.Argument(
        help="The article's text file, or - for standard input.", show_default=False)],
    story: Annotated[str, typer.Option(help="Its story id (in dataset/stories.yaml, or new "
                                       "with --split).", show_default=False)],
    title: Annotated[str | None, typer.Option(help="The headline; the id is derived from it "
                                              "unless --id is given.")] = None,
    article_id: Annotated[str | None, typer.Option("--id", help="The article id.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet; unknown when not given.")
                      ] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published; unknown when not "
                                            "given.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date: 2025-06-13, 2025-06 or "
                                             "2025.")] = None,
    precision: Annotated[str | None, typer.Option(help="DAY, MONTH or YEAR (default: from "
                                                  "--date).")] = None,
    date_basis: Annotated[str, typer.Option(help="EXPLICIT (printed in the article), "
                                            "RESOLVED or INFERRED.")] = EXPLICIT,
    date_note: Annotated[str | None, typer.Option(help="How the date was established.")
                         ] = None,
    split: Annotated[str | None, typer.Option(help="The split of a new story.")] = None,
    story_note: Annotated[str | None, typer.Option(help="What a new story is about.")] = None,
    encoding: Annotated[str | None, typer.Option(help="The file's encoding when not UTF-8 "
                                                 "(stored as UTF-8).")] = None,
    root: Root = Path("."),
) -> None:
    """Add an article: the text stored verbatim, an annotation skeleton with its metadata.

    Unknown outlet, URL or date are recorded as unknown with the reason; a new story is
    added to dataset/stories.yaml (comments kept). Refuses to overwrite an article, a text
    already in the corpus, an unsafe id, and a file that is not UTF-8 (see --encoding).

    Example: skies add article.txt --title "Iraq protests overflights" --story my-story
    --split train --outlet "Shafaq News" --date 2025-06-14
    """
    import sys

    from .edit.add import AddRefused, NewArticle, add_article, read_input
    from .read.files import MAX_BYTES

    layout = _layout(root)
    try:
        path = None if file == "-" else Path(file)
        if path is not None and not path.exists():
            raise AddRefused(f"no such file: {file}")
        stdin = sys.stdin.buffer.read(MAX_BYTES + 1) if path is None else None
        text, seed = read_input(path, stdin, encoding)
        added = add_article(layout, NewArticle(
            text, seed, story, article_id, title, outlet, url, date, precision, date_basis,
            date_note, split, story_note))
    except AddRefused as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for written in added.written:
        out.print(f"wrote {layout.rel(written)}", markup=False, highlight=False)
    out.print(f"next: annotate {layout.rel(layout.annotation_file(added.article_id))}, then "
              f"`skies check {added.article_id}`", markup=False, highlight=False)


@command
def anchor(
    article_ids: Annotated[list[str], typer.Argument(help="Article ids.", show_default=False)],
    check_only: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if a context is missing from the text or "
        "occurs more than once.")] = False,
    root: Root = Path("."),
) -> None:
    """Turn context anchors into canonical ones: `context: "visit to [[Iraq]] on"` becomes
    `occurrence: N`.

    A contributor writes an ambiguous quote with a piece of its surrounding text, the quote
    marked with [[ ]], instead of counting occurrences; `build` and `check` accept it as it
    is, and this command rewrites it (comments and layout kept). Nothing is written while
    any context of the article selects no place or several.

    Example: skies anchor araji-concludes-tehran-visit --check
    """
    from .edit.anchor import anchor_article
    from .resolve.text import TextUnavailable

    layout = _layout(root)
    failed = False
    for article_id in article_ids:
        try:
            result = anchor_article(layout, article_id, write=not check_only)
        except TextUnavailable as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            if exc.report is not None:
                print_lines(exc.report, err)
            raise typer.Exit(exc.exit_code) from None
        for line in result.rewritten:
            verb = "would rewrite" if check_only or not result.report.ok else "rewrote"
            out.print(f"{verb} {line}", markup=False, highlight=False)
        if result.report.faults:
            print_lines(result.report, out)
        failed = failed or not result.report.ok
    raise typer.Exit(1 if failed else 0)


@command
def reanchor(
    article_ids: Annotated[list[str], typer.Argument(help="Article ids.", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Report what moved or broke; write nothing.")] = False,
    root: Root = Path("."),
) -> None:
    """After the raw text or the cleaning steps change, carry every anchor over from the
    last build and report, at file:line, the ones that moved or broke.

    The baseline is the release in dataset/data/: each mention, trigger and evidence span is
    followed through the difference between the built text and the new one. An anchor that,
    as written, now selects another place (its occurrence number changed) is rewritten to
    the canonical `occurrence:` (comments and layout kept); one whose text was changed or
    deleted broke (S125) and is left for you. Moves are written even when something broke.
    Exit 1 when an anchor broke or does not resolve.

    Example: skies reanchor araji-concludes-tehran-visit --dry-run
    """
    from .edit.reanchor import ReanchorRefused, reanchor_article
    from .resolve.text import TextUnavailable

    layout = _layout(root)
    failed = False
    for article_id in article_ids:
        try:
            result = reanchor_article(layout, article_id, write=not dry_run)
        except (TextUnavailable, ReanchorRefused) as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            if isinstance(exc, TextUnavailable) and exc.report is not None:
                print_lines(exc.report, err)
            raise typer.Exit(exc.exit_code if isinstance(exc, TextUnavailable) else 2) from None
        _print_reanchoring(result, layout, dry_run)
        failed = failed or not result.report.ok
    raise typer.Exit(1 if failed else 0)


def _print_reanchoring(result: Any, layout: Layout, dry_run: bool) -> None:
    for note in sorted(result.notes, key=lambda n: n.line):
        out.print(str(note), markup=False, highlight=False)
    if result.report.faults:
        print_lines(result.report, out)
    if not result.in_release:
        verdict = "every anchor resolves" if result.report.ok else "fix the anchors above"
        out.print(f"{result.file}: not in the last build ({layout.rel(layout.data)}/), "
                  f"nothing to compare; {verdict}", markup=False, highlight=False)
        return
    done = ("rewritten" if result.written else "nothing written (--dry-run)" if dry_run
            and result.moved else "nothing to write")
    out.print(f"{result.file}: {len(result.moved)} moved, {len(result.shifted)} shifted, "
              f"{result.unchanged} unchanged, {len(result.report.faults)} broke or "
              f"unresolved, {result.uncompared} new or edited since the build; {done}",
              markup=False, highlight=False)


@command
def suggest(
    article_id: Annotated[str, typer.Argument(help="The article id.", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the suggestions; write nothing.")] = False,
    root: Root = Path("."),
) -> None:
    """Propose entity mentions from the registry's names and aliases, as unreviewed mentions.

    Whole words only, case as written, longest match first, never over an existing mention;
    each is appended with a correct anchor and `reviewed: false` (comments and layout kept).
    Review each one against the guide and delete `reviewed: false`: validate warns (S124),
    `validate --strict` fails and a release build refuses while any is left.

    Example: skies suggest araji-concludes-tehran-visit --dry-run
    """
    from .edit.suggest import SuggestRefused, suggest_article
    from .read.corpus import is_safe_id

    layout = _layout(root)
    if not is_safe_id(article_id):
        err.print(f"[red]error:[/] {escape(repr(article_id))} is not an article id")
        raise typer.Exit(2)
    try:
        result = suggest_article(layout, article_id, write=not dry_run)
    except SuggestRefused as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for found in result.added:
        others = f" (or {', '.join(found.others)})" if found.others else ""
        out.print(f"[{found.start}, {found.end}) {found.quote!r} -> {found.entity}{others}",
                  markup=False, highlight=False)
    verb = "appended" if result.written else "would append" if result.added else "found"
    out.print(f"{verb} {len(result.added)} unreviewed mention(s) to "
              f"{layout.rel(layout.annotation_file(article_id))}", markup=False,
              highlight=False)


@command
def show(
    article_id: Annotated[str, typer.Argument(help="The article id.", show_default=False)],
    layer: Annotated[list[str] | None, typer.Option(
        help="Only this layer (repeatable): mentions, events, stances.")] = None,
    root: Root = Path("."),
    annotation_set: AnnotationSet = None,
) -> None:
    """Print an article's text with its annotations marked inline.

    [Iraq]{iraq} marks a mention and its entity, <rejected>{e1 REJECT ACTUAL} an event
    trigger (with `same_as e1` when it is linked), «…»{s1 AGAINST TARGET} stance evidence.
    Colours in a terminal, plain brackets when piped. Annotations that do not resolve are
    listed after the text.

    Example: skies show araji-concludes-tehran-visit --layer events | less
    """
    from .resolve.text import TextUnavailable
    from .show import LAYERS, show_article

    layout = _layout(root, annotation_set)
    unknown = [name for name in layer or () if name not in LAYERS]
    if unknown:
        err.print(f"[red]error:[/] unknown layer {escape(', '.join(unknown))}: one of "
                  f"{', '.join(LAYERS)}")
        raise typer.Exit(2)
    try:
        shown, report = show_article(layout, article_id, tuple(layer or LAYERS))
    except TextUnavailable as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        if exc.report is not None:
            print_lines(exc.report, err)
        raise typer.Exit(exc.exit_code) from None
    out.print(shown, soft_wrap=True, highlight=False, end="")
    if report.errors:
        print_lines(report, err)


def _print_counts(title: str, counts: dict[str, int]) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("value")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(str(key), str(value))
    out.print(table)


@command
def stats(root: Root = Path("."), fmt: FormatOpt = Format.text,
          annotation_set: AnnotationSet = None) -> None:
    """Count articles, entities, mentions, events and stances, per layer and per label.

    Example: skies stats --format json
    """
    from .checks import check_sources
    from .stats import corpus_stats

    tables, report = check_sources(_layout(root, annotation_set))
    result = corpus_stats(tables)
    if fmt is Format.json:
        print(json.dumps(result, indent=2))
    else:
        for title, counts in result.items():
            _print_counts(title, counts)
    if not report.ok:
        err.print(f"[yellow]note:[/] the sources have {len(report.errors)} error(s); "
                  "run `skies validate`")


def _pass_tables(layout: Layout, directory: Path):
    from .checks import check_sources

    if not (directory / "annotations").is_dir():
        err.print(f"[red]error:[/] {directory} has no annotations/ folder")
        raise typer.Exit(2)
    tables, report = check_sources(layout.for_pass(directory))
    if not report.ok:
        print_report(report, err)
        err.print(f"[red]error:[/] fix the faults in {directory} before measuring agreement")
        raise typer.Exit(_exit_code(report))
    return tables


@command
def agreement(
    a: Annotated[Path, typer.Argument(help="First annotation set: a folder with annotations/ "
                                      "and entities.yaml (e.g. dataset/passes/a).")],
    b: Annotated[Path, typer.Argument(help="Second annotation set of the same articles.")],
    root: Root = Path("."),
    fmt: FormatOpt = Format.text,
    list_disagreements: Annotated[bool, typer.Option(
        "--disagreements", help="List every item the two sets annotate differently (for "
        "adjudication) instead of the figures.")] = False,
) -> None:
    """Inter-annotator agreement per layer and label: mention span F1 (exact, overlap),
    entity-link accuracy, event F1 (type+trigger, with arguments), event coreference (MUC,
    B³, pairwise links over matched events; "not applicable" while neither set has a
    `same_as` link), realis and stance label agreement (Cohen's kappa, Krippendorff's alpha).

    Example: skies agreement dataset/passes/a dataset/passes/b --disagreements
    """
    from .agreement.disagreements import disagreements
    from .agreement.metrics import agreement as measure
    from .agreement.render import print_agreement

    layout = _layout(root)
    tables_a, tables_b = _pass_tables(layout, a), _pass_tables(layout, b)
    if list_disagreements:
        items = disagreements(tables_a, tables_b)
        if fmt is Format.json:
            print(json.dumps(items, indent=2, ensure_ascii=False))
        else:
            for item in items:
                out.print(json.dumps(item, ensure_ascii=False), markup=False)
            err.print(f"{len(items)} disagreement(s)")
        return
    result = measure(tables_a, tables_b)
    if fmt is Format.json:
        print(json.dumps(result, indent=2))
    else:
        print_agreement(result, out)


@command
def load(
    root: Root = Path("."),
    offline: Annotated[bool, typer.Option(help="Forbid network access while loading.")] = True,
) -> None:
    """Load every config with datasets.load_dataset and print a summary.

    Example: skies load
    """
    from sovereign_skies.schema.columns import TABLES

    from . import lazy
    from .load import load as load_config

    lazy.datasets(offline_only=offline)
    layout = _layout(root)
    table = Table(title="load_dataset", title_justify="left")
    for name in ("config", "splits (rows)", "features"):
        table.add_column(name)
    for config in TABLES:
        loaded = load_config(config, root=layout.root)
        splits = ", ".join(f"{s}={d.num_rows}" for s, d in loaded.items())
        first = next(iter(loaded.values()))
        table.add_row(config, splits, str(len(first.features)))
    out.print(table)


@command
def hydrate(
    copies: Annotated[Path, typer.Argument(help="Folder with your copies of the articles: "
                                                "their raw text files or saved web pages "
                                                "(any names; matched by sha256).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the full release "
                                                        "into.")],
    release: Annotated[Path, typer.Option(help="The release folder holding the text-free "
                                               "configs.")] = Path("dataset"),
    force: Annotated[bool, typer.Option(help="Replace files that exist in --out.")] = False,
) -> None:
    """Restore the full configs from the text-free ones and your own copies of the articles.

    A copy is the article's raw file as the dataset records it (`raw_sha256`; a CRLF or
    byte-order-mark variant of it is accepted), or the article's page as a browser saves it
    (HTML, in its declared charset): the page's headline, paragraphs and other blocks of
    text are laid out in each of a few ways a raw file could have them, and one must hash
    to `raw_sha256`; nothing is ever accepted by resemblance. The text is the copy with the
    recorded cleaning applied (`removed_starts`/`removed_ends`), NFC; every span text and
    token is then cut from it. Nothing is written unless every article is restored: an
    article without a matching copy is named, and a file named after an article (or a page
    whose canonical link or og:url is its url) but holding another text is refused; save
    that article's text itself instead. The output is the full release, byte for byte, with
    the card, so `load_dataset(OUT, "documents")` works.

    Example: skies hydrate ~/my-copies --out ~/sovereign-skies-full
    """
    from .publish.hydrate import HydrateRefused
    from .publish.hydrate import hydrate as run

    if not copies.is_dir():
        _refuse(FileNotFoundError(f"{copies}: no such folder"))
    try:
        written = run(release, copies, out_dir, force=force)
    except HydrateRefused as exc:
        for problem in exc.problems:
            err.print(f"error: {problem}", markup=False, highlight=False)
        err.print("nothing written", markup=False)
        raise typer.Exit(1) from None
    _plain(f"hydrated {len(written)} file(s) into {out_dir}")


@command
def release(
    check_only: Annotated[bool, typer.Option("--check", help="Only check (the default); "
                                                             "record nothing.")] = False,
    record: Annotated[bool, typer.Option(help="Record the build as a release of the version "
                                              "(after publishing it).")] = False,
    root: Root = Path("."),
) -> None:
    """Check that the version (pyproject.toml, the one place it is written) does not
    understate the change since the last recorded release (cards/releases/).

    A removed or renamed config, field or label, a changed type or reordered labels need a
    major version; an added config, field, label or article a minor one; any other change of
    a data file a patch. The changelog's latest entry must be the version. Exit 1 when the
    version is not truthful; --record then writes nothing.

    Example: skies release --check
    """
    from .publish.card_metadata import version
    from .publish.versions import check
    from .publish.versions import record as record_release

    layout = _layout(root)
    verdict = check(layout, version())
    _plain(f"version {verdict.version}; last release: {verdict.previous or 'none yet'}")
    for change in verdict.changes:
        _plain(f"  {change.bump.name.lower():5} {change.what}")
    for problem in verdict.problems:
        err.print(f"error: {problem}", markup=False, highlight=False)
    if verdict.problems:
        raise typer.Exit(1)
    if record and not check_only:
        _plain(f"recorded {layout.rel(record_release(layout, verdict.version))}")


@command
def synth(
    articles: Annotated[int, typer.Argument(min=1, help="Number of articles.")],
    directory: Annotated[Path, typer.Argument(help="New folder to write the corpus into.")],
    faults: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Fraction of rows of each fault family to corrupt.")] = 0.0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same corpus).")] = 0,
) -> None:
    """Write a synthetic corpus (sources: raw texts, annotation files, registry, stories) with
    realistic densities: 400 words, 32 mentions, 8 events, 2 stances per article.

    With --faults, that fraction of rows of every fault family is corrupted. Refuses to
    write into an existing folder: nothing is overwritten.

    Example: skies synth 1000 /tmp/corpus && skies validate --root /tmp/corpus
    """
    from .synth.faults import inject_faults
    from .synth.generate import synth_tables
    from .synth.write import copy_card_template, write_sources

    if directory.exists():
        err.print(f"[red]error:[/] {directory} exists; synth writes only into a new folder")
        raise typer.Exit(2)
    tables = synth_tables(articles, seed=seed)
    if faults:
        tables = inject_faults(tables, faults, seed=seed + 1)
    write_sources(tables, directory)
    copy_card_template(directory)
    counts = ", ".join(f"{frame.height} {name}" for name, frame in tables.frames.items())
    out.print(f"wrote {directory}: {counts}")


def _article_text(layout: Layout, article_id: str) -> str:
    from .resolve.text import TextUnavailable, article_text

    try:
        return article_text(layout, article_id)
    except TextUnavailable as exc:
        if exc.report is not None:
            print_report(exc.report, err)
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(exc.exit_code) from exc


@command
def text(article_id: str, root: Root = Path("."), annotation_set: AnnotationSet = None) -> None:
    """Print an article's published text (after its cleaning steps), the text anchors match.

    Example: skies text iraqi-militias-iran-israel-conflict
    """
    print(_article_text(_layout(root, annotation_set), article_id))


@command
def find(article_id: str, quote: str, root: Root = Path("."),
         annotation_set: AnnotationSet = None) -> None:
    """List where QUOTE occurs in an article's text, with the anchor to write for each.

    Example: skies find iraqi-militias-iran-israel-conflict Iran
    """
    from .resolve.text import find as find_quote

    hits = find_quote(_article_text(_layout(root, annotation_set), article_id), quote)
    if not hits:
        err.print(f"quote {quote!r} not found")
        raise typer.Exit(1)
    for hit in hits:
        anchor = f"occurrence: {hit.number}" if len(hits) > 1 else "(unique)"
        out.print(f"{hit.number}. line {hit.line} col {hit.column} offsets [{hit.start}, "
                  f"{hit.end}) {anchor}  …{hit.context}…", markup=False)


Tool = Annotated[str, typer.Argument(
    help="label-studio, brat, doccano, inception or conll.", show_default=False)]


def _tool(name: str, direction: str) -> Any:
    from .interchange.tools import TOOLS

    tool = TOOLS.get(name)
    if tool is None or getattr(tool, direction) is None:
        able = [t.name for t in TOOLS.values() if getattr(t, direction) is not None]
        err.print(f"[red]error:[/] skies cannot {direction} {escape(name)!r}: one of "
                  f"{', '.join(able)}")
        raise typer.Exit(2)
    return tool


@command
def export(
    tool_name: Tool,
    article_ids: Annotated[list[str], typer.Argument(help="Article ids.", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--out", help="The folder to write into.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace files already in --out.")] = False,
    root: Root = Path("."),
) -> None:
    """Write articles and their annotations in an annotation tool's format.

    Offsets are converted at this boundary (code points here; UTF-16 for doccano and XMI).
    Files already in --out are never replaced unless --force is given.

    Example: skies export label-studio araji-concludes-tehran-visit --out ls/
    """
    from .interchange.document import read_annotated, read_registry_for_tools
    from .interchange.offsets import InterchangeError

    tool, layout = _tool(tool_name, "export"), _layout(root)
    try:
        documents = [read_annotated(layout, article_id) for article_id in article_ids]
        registry = read_registry_for_tools(layout)
        written = _export_into(tool, documents, registry, out_dir, force)
    except InterchangeError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for path in written:
        out.print(f"wrote {path}", markup=False, highlight=False)


def _export_into(tool: Any, documents: list[Any], registry: Any, out_dir: Path,
                 force: bool) -> list[Path]:
    """Export into a fresh folder beside --out, then move the files in: an export that fails
    half-way or would replace a file leaves --out as it was."""
    import shutil
    import tempfile

    from .interchange.offsets import InterchangeError

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".export.") as scratch:
        made = tool.export(documents, registry, Path(scratch))
        targets = [out_dir / path.relative_to(scratch) for path in made]
        clashing = [str(t) for t in targets if t.exists()]
        if clashing and not force:
            raise InterchangeError(f"{', '.join(clashing)} already exist(s); nothing written "
                                   "(pass --force to replace)")
        for path, target in zip(made, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
    return targets


@command
def import_(
    tool_name: Tool,
    path: Annotated[Path, typer.Argument(help="The tool's file (or folder, for brat).",
                                         show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print what would change; write nothing.")] = False,
    root: Root = Path("."),
) -> None:
    """Merge an annotation tool's file into the articles' annotation files.

    Every span is checked against the article's text (`text[start:end]` must be the tool's
    own span text): a mismatch refuses the whole import, naming the item. Items are matched
    by id, so unchanged ones keep their lines and comments; items the tool dropped are
    removed; new ones get canonical anchors. Nothing is written unless every article of the
    file converts. Run `skies check ID` afterwards.

    Example: skies import label-studio export.json --dry-run
    """
    from .interchange.apply import apply
    from .interchange.document import read_annotated, read_registry_for_tools
    from .interchange.offsets import InterchangeError

    tool, layout = _tool(tool_name, "read"), _layout(root)
    try:
        registry = read_registry_for_tools(layout)
        documents = tool.read(path, lambda article_id: read_annotated(layout, article_id),
                              registry)
        for document in documents:  # every article converts before any is written
            apply(layout, document, tool.title, write=False)
        results = [(d.article_id, apply(layout, d, tool.title, write=not dry_run))
                   for d in documents]
    except InterchangeError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for article_id, applied in results:
        _print_applied(article_id, applied, dry_run)


def _print_applied(article_id: str, applied: Any, dry_run: bool) -> None:
    if applied.empty:
        out.print(f"{article_id}: no change", markup=False, highlight=False)
        return
    verb = "would change" if dry_run else "changed"
    for label, groups in (("added", applied.added), ("changed", applied.changed),
                          ("removed", applied.removed)):
        for layer, ids in groups.items():
            out.print(f"{article_id}: {verb}: {label} {len(ids)} {layer}: {', '.join(ids)}",
                      markup=False, highlight=False)


DatasetDir = Annotated[Path, typer.Option(
    "--dataset", help="The dataset folder whose built release is the gold: data/<config>/"
    "<split>-*.parquet (this repository's dataset/, or a download of the Hub repository).")]


def _score_failed(exc: Exception) -> NoReturn:
    for problem in getattr(exc, "problems", [str(exc)]):
        err.print(f"[red]error:[/] {escape(problem)}")
    raise typer.Exit(2) from None


@command
def score(
    predictions: Annotated[Path, typer.Argument(
        help="The predictions: .jsonl (one JSON object per line) or .parquet (the task's "
        "published table); formats in the README, section Scoring.", show_default=False)],
    task: Annotated[Task, typer.Option(
        "--task", help="ner (mentions), events (triggers and arguments) or stance.",
        show_default=False)],
    split: Annotated[str, typer.Option(help=f"The split scored: {', '.join(SPLITS)}.")
                     ] = "test",
    dataset: DatasetDir = Path("dataset"),
    fmt: FormatOpt = Format.text,
) -> None:
    """Score predictions with the official scorer: every metric with its 95% bootstrap
    interval, per-label tables, and the size of the split.

    ner: exact and partial span F1 per type, micro and macro (nervaluate); events:
    trigger and argument identification and classification F1; stance: F_avg (FAVOR,
    AGAINST) and macro-F1. A bad prediction (unknown article, label outside the vocabulary,
    offsets past the text, malformed JSON, wrong type) is named at its file:line or row,
    exit 2, and nothing is scored.

    Example: skies score predictions.jsonl --task ner --split test --format json
    """
    from .score import ScoreError
    from .score import score as run_score
    from .score.render import score_text

    try:
        result = run_score(predictions, task.value, split, dataset)
    except ScoreError as exc:
        _score_failed(exc)
    if fmt is Format.json:
        print(json.dumps(result.as_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        out.print(score_text(result), markup=False, highlight=False, end="")


@command
def baselines(
    root: Root = Path("."),
    predictions: Annotated[Path | None, typer.Option(
        "--predictions", help="Also write each baseline's test predictions into this folder "
        "(JSONL, the scorer's format), e.g. to score them with `skies score`.")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Train the baselines on train, predict test, score with the official scorer, and
    write dataset/baselines.json (the same bytes `skies build` writes from the same release).

    Gazetteer NER (training mention forms), trigger-lexicon events (training trigger words),
    majority and bag-of-words stance (given the gold holder, target and evidence). Nothing
    is downloaded; the same release always gives the same figures.

    Example: skies baselines --predictions baseline-predictions/
    """
    from .baselines.run import figures, figures_json, figures_text, has_baselines, predictions_jsonl
    from .publish.parquet import write_atomic
    from .score import ScoreError
    from .score.gold import read_tables

    layout = Layout(root.resolve())
    try:
        tables = read_tables(layout.dataset)
    except ScoreError as exc:
        _score_failed(exc)
    if not has_baselines(tables):
        err.print(f"[red]error:[/] {layout.rel(layout.data)}/ has no built train and test "
                  "splits: run `skies build` first")
        raise typer.Exit(2)
    result = figures(tables)
    data = figures_json(result).encode("utf-8")
    if predictions is not None:
        predictions.mkdir(parents=True, exist_ok=True)
        for name, text in predictions_jsonl(tables).items():
            (predictions / name).write_text(text, encoding="utf-8")
            _plain(f"wrote {predictions / name}")
    changed = not layout.baselines.is_file() or layout.baselines.read_bytes() != data
    if changed:
        write_atomic(layout.baselines, data)
    if fmt is Format.json:
        print(data.decode("utf-8"), end="")
    else:
        out.print(figures_text(result), markup=False, highlight=False, end="")
        _plain(f"{'wrote' if changed else 'unchanged:'} {layout.rel(layout.baselines)}")


# --- skies publish: the Hub -----------------------------------------------------------------

@command
def publish(
    repo_id: Annotated[str, typer.Option(
        "--repo-id", help="The Hub dataset repository, ORG/NAME.", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print every file (path in the repository, size, SHA-256) and the "
        "commit and tag it would make; upload nothing.")] = False,
    token: Annotated[str | None, typer.Option(
        help="A Hub token with write access (default: huggingface_hub's lookup: HF_TOKEN, "
        "else the token `hf auth login` saved).", show_default=False)] = None,
    root: Root = Path("."),
) -> None:
    """Upload dataset/ to the Hugging Face Hub as one commit, tagged with the version.

    Every check of `skies validate`, `skies build --check` and `skies release --check` runs
    first: on any fault nothing is uploaded (exit 1, every fault listed). The dataset
    repository is created if needed; a version whose tag exists is refused before any
    upload. The Hub applies a commit whole, so a failed upload leaves no commit and no tag
    (exit 1, the failed step named). A successful publish records the release in
    cards/releases/ (commit it). HF_ENDPOINT points it at another Hub.

    Example: skies publish --repo-id my-org/sovereign-skies --dry-run
    Example: skies publish --repo-id my-org/sovereign-skies --token "$HF_TOKEN"
    """
    from .prepublish import prepublish_faults
    from .publish.card_metadata import version
    from .publish.hub import (
        BadRepoId,
        PublishFailed,
        PublishRefused,
        check_repo_id,
        publish_plan,
    )
    from .publish.hub import publish as upload

    try:
        check_repo_id(repo_id)
    except BadRepoId as exc:
        _refuse(exc)
    layout = _layout(root)
    try:
        if faults := prepublish_faults(layout):
            raise PublishRefused(faults)
        plan = publish_plan(layout, repo_id)
        if dry_run:
            _print_plan(plan)
            return
        from huggingface_hub import HfApi

        done = upload(plan, HfApi(token=token, library_name="sovereign-skies",
                                  library_version=version()))
    except PublishRefused as exc:
        for problem in exc.problems:
            err.print(f"[red]refused:[/] {escape(problem)}")
        err.print(exc.state)
        raise typer.Exit(1) from None
    except PublishFailed as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    _plain(f"committed {len(plan.files)} files ({plan.total_size} bytes) to {plan.repo_id}: "
           f"{done.commit_url}")
    _plain(f"tagged {done.commit} as {done.tag}")
    from .publish.versions import record

    # The next `skies release --check` compares with what was just published.
    _plain(f"recorded the release in {layout.rel(record(layout, plan.tag))}: commit it")


def _print_plan(plan: Any) -> None:
    for label, value in (("repository", f"{plan.repo_id} (dataset, created if missing)"),
                         ("revision", plan.revision), ("message", plan.message),
                         ("tag", plan.tag),
                         ("files", f"{len(plan.files)}, {plan.total_size} bytes")):
        _plain(f"{label + ':':<12}{value}")
    width = max(len(file.path) for file in plan.files)
    for file in plan.files:
        _plain(f"  {file.path:<{width}}  {file.size:>9}  sha256:{file.sha256}")
    _plain("nothing uploaded (--dry-run)")


# --- skies entity: the registry ------------------------------------------------------------

entity_app = typer.Typer(
    help="Add, inspect, alias and merge the entities of dataset/entities.yaml (comments and "
    "layout kept; nothing is written when a command refuses).", no_args_is_help=True)
app.add_typer(entity_app, name="entity")


def entity_command(name: str) -> Callable[[F], F]:
    """Register `skies entity NAME` (guarded like every command)."""
    return _register(entity_app, name, f"entity {name}")


Shared = Annotated[bool, typer.Option(
    "--shared", help="Accept an alias another entity also claims (rule M3: a capital standing "
    "for its state).")]


def _refuse(exc: Exception) -> NoReturn:
    err.print(f"[red]error:[/] {escape(str(exc))}")
    raise typer.Exit(2) from None


def _plain(line: str) -> None:
    out.print(line, markup=False, highlight=False)


def _write_edit(edited: Any, done: str) -> None:
    """Print the notes of an `entity add` or `alias`, then write its change (if any)."""
    from .edit.entity import EntityRefused, write_all

    for note in edited.notes:
        err.print(f"[yellow]note:[/] {escape(note)}")
    if edited.change is None:
        return
    try:
        write_all([edited.change])
    except EntityRefused as exc:
        _refuse(exc)
    _plain(f"{done} in {edited.change.shown}")


@entity_command("add")
def entity_add(
    entity_id: Annotated[str, typer.Argument(
        metavar="ID", help="The new id: lowercase letters, digits and inner hyphens.",
        show_default=False)],
    name: Annotated[str, typer.Option(help="Its name, as the texts write it.",
                                      show_default=False)],
    entity_type: Annotated[str, typer.Option(
        "--type", help=f"One of {', '.join(ENTITY_TYPE.names)}.", show_default=False)],
    sector: Annotated[str | None, typer.Option(
        help=f"For an ORG: one of {', '.join(ORG_SECTOR.names)}.")] = None,
    alias: Annotated[list[str] | None, typer.Option(
        help="Another form the texts name it by (repeatable).")] = None,
    wikidata: Annotated[str | None, typer.Option(
        help="Its Wikidata QID (Q796), only where certain.")] = None,
    country: Annotated[str | None, typer.Option(
        help="The state it belongs to (guide rule R1): a state's id; a state names itself.")
                       ] = None,
    note: Annotated[str | None, typer.Option(help="What the entity is, for annotators.")
                    ] = None,
    shared: Shared = False,
    root: Root = Path("."),
) -> None:
    """Add an entity to dataset/entities.yaml, written like the entries before it.

    Refuses an existing or unsafe id, an unknown type or sector, a malformed QID or one
    another entity has, and an alias another entity claims as name or alias (compared as
    R106 compares names) unless --shared, and a --country that is no state of the registry.

    Example: skies entity add kataib-sayyid-al-shuhada --name "Kataib Sayyid al-Shuhada"
    --type ORG --sector MILITIA --alias KSS --country iraq
    --note "Iran-backed armed faction in Iraq."
    """
    from .edit.entity import EntityRefused
    from .edit.entity_add import NewEntity, add_entity

    layout = _layout(root)
    try:
        edited = add_entity(layout, NewEntity(entity_id, name, entity_type, sector,
                                              tuple(alias or ()), wikidata, country, note),
                            shared)
    except EntityRefused as exc:
        _refuse(exc)
    _write_edit(edited, f"added entity {entity_id}")
    _plain(f"next: link its mentions to it (entity: {entity_id}), then `skies check ID`")


@entity_command("show")
def entity_show(
    entity_id: Annotated[str, typer.Argument(metavar="ID", help="The entity id.",
                                             show_default=False)],
    root: Root = Path("."),
) -> None:
    """Print an entity's record and every place the annotation files refer to it.

    Mentions (with their quote), event sources and stance holders, each at file:line, and
    the forms the entity shares with other entities.

    Exits 2 after the listing when an annotation file cannot be read (it is named).

    Example: skies entity show qasim-al-araji
    """
    from .edit.entity import EntityRefused
    from .edit.entity_refs import usage

    try:
        found = usage(_layout(root), entity_id)
    except EntityRefused as exc:
        _refuse(exc)
    entity = found.entity
    _plain(f"{entity.id}: {entity.name} ({entity.type}"
           f"{', ' + entity.sector if entity.sector else ''}) at {found.at}")
    for label, value in (("aliases", ", ".join(entity.aliases)),
                         ("wikidata", entity.wikidata),
                         ("country", entity.country), ("note", entity.note)):
        if value:
            _plain(f"  {label}: {value}")
    for claims in found.shared.values():
        others = [c for c in claims if c.entity != entity.id]
        _plain(f"  shares {claims[0].form!r} with " + ", ".join(
            f"{c.entity} ({c.kind} {c.form!r}, line {c.line})" for c in others))
    _plain(f"{len(found.references)} reference(s)" + (
        ":" if found.references else " (R105: an entity nothing refers to)"))
    for reference in found.references:
        _plain(f"  {reference}")
    for problem in found.problems:
        err.print(f"[red]error:[/] {escape(problem)}")
    raise typer.Exit(2 if found.problems else 0)


@entity_command("alias")
def entity_alias(
    entity_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="The entity id.", show_default=False)] = None,
    aliases: Annotated[list[str] | None, typer.Argument(
        metavar="ALIAS", help="Forms the texts name it by.", show_default=False)
                       ] = None,
    list_conflicts: Annotated[bool, typer.Option(
        "--conflicts", help="Write nothing; list every form more than one entity claims "
        "(of ID only, when given).")] = False,
    shared: Shared = False,
    root: Root = Path("."),
) -> None:
    """Add aliases to an entity, or list the forms several entities claim.

    An alias another entity claims as name or alias (compared as R106 compares names: case,
    ’/', a possessive 's, a leading the/al-/el-) is refused, naming that entity, unless
    --shared. --conflicts lists the shared forms already in the registry (some are there on
    purpose, rule M3) and exits 0.

    Example: skies entity alias kataib-hezbollah KH "Kata'ib Hezbollah"
    Example: skies entity alias --conflicts
    """
    from .edit.entity import EntityRefused
    from .edit.entity_add import add_aliases

    layout = _layout(root)
    if list_conflicts:
        _print_conflicts(layout, entity_id, aliases or [])
        return
    if not (entity_id and aliases):
        err.print("[red]error:[/] give an entity id and one or more aliases, or --conflicts")
        raise typer.Exit(2)
    try:
        edited = add_aliases(layout, entity_id, aliases, shared)
    except EntityRefused as exc:
        _refuse(exc)
    _write_edit(edited, f"added {', '.join(map(repr, edited.added))} to {entity_id}")


def _print_conflicts(layout: Layout, entity_id: str | None, aliases: list[str]) -> None:
    from .edit.entity import EntityRefused, conflicts, read_entities

    if aliases:
        err.print("[red]error:[/] --conflicts lists the registry's shared forms and adds "
                  "none: give at most an entity id")
        raise typer.Exit(2)
    try:
        registry = read_entities(layout)
        if entity_id is not None:
            registry.require(entity_id)
    except EntityRefused as exc:
        _refuse(exc)
    found = [claims for claims in conflicts(registry).values()
             if entity_id is None or any(c.entity == entity_id for c in claims)]
    for claims in found:
        _plain(f"{claims[0].form!r}: " + ", ".join(
            f"{c.entity} ({c.kind} {c.form!r}, {registry.shown}:{c.line})" for c in claims))
    _plain(f"{len(found)} form(s) claimed by more than one entity")


@entity_command("merge")
def entity_merge(
    source: Annotated[str, typer.Argument(
        metavar="FROM", help="The entity to fold in and remove.", show_default=False)],
    target: Annotated[str, typer.Argument(
        metavar="INTO", help="The entity that stays.", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the diff of every file that would change; write nothing.")
                       ] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Merge even when the two differ in type, sector or Wikidata QID "
        "(INTO's are kept).")] = False,
    root: Root = Path("."),
) -> None:
    """Merge entity FROM into INTO, rewriting every reference to FROM.

    In every annotation file, each mention entity, event source and stance holder naming
    FROM names INTO; FROM's name and aliases become INTO's aliases; FROM leaves the
    registry. Comments and layout are kept.

    Refuses, writing nothing, when either entity does not exist, FROM is INTO, an annotation
    file cannot be read (named at its line), or the two differ in type, sector or QID
    (unless --force). A QID or sector only FROM has goes to INTO.

    Example: skies entity merge tehran iran --dry-run
    """
    from .edit.entity import EntityRefused, write_all
    from .edit.entity_merge import merge_entities

    layout = _layout(root)
    try:
        merge = merge_entities(layout, source, target, force)
        if not dry_run:
            write_all(merge.changes)
    except EntityRefused as exc:
        _refuse(exc)
    for note in merge.notes:
        err.print(f"[yellow]note:[/] {escape(note)}")
    if dry_run:
        for change in merge.changes:
            _plain(change.diff())
    verb = "would rewrite" if dry_run else "rewrote"
    for reference in merge.rewritten:
        _plain(f"{verb} {reference.shown}:{reference.line}: {reference.kind} "
               f"{reference.item}: {source} -> {target}")
    files = len(merge.changes) - 1  # the last change is the registry's
    _plain(f"{verb} {len(merge.rewritten)} reference(s) in {files} file(s); {source} "
           f"{'would be' if dry_run else 'was'} merged into {target} in "
           f"{layout.rel(layout.entities)}" + (
               f" (aliases added: {', '.join(merge.aliases)})" if merge.aliases else ""))
    _plain("nothing written (--dry-run)" if dry_run else
           "next: skies validate --sources-only, then skies build")
