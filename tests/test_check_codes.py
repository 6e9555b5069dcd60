"""One case per check code: a minimal change that triggers the code (and nothing else,
unless its cause necessarily triggers another), located where it is fixed. Source cases edit
the clean tiny corpus, table cases edit its check tables, release cases edit its built
release. The clean cases are test_sources.test_the_tiny_corpus_has_no_fault and
test_release_checks.test_fresh_release_is_clean.

Every code that a module declares it emits (`EMITS`) must have a case here: the coverage test
is derived from those declarations, so deleting a case or adding an untested code fails it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import RAW, Repo, build, only, skies

import sovereign_skies.scripts
from sovereign_skies.scripts.build import prepare
from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.checks.run import check_sources
from sovereign_skies.scripts.edit.reanchor import reanchor_article
from sovereign_skies.scripts.faults import CODES, Code, Report
from sovereign_skies.scripts.tables import SPLIT, CheckTables
from sovereign_skies.scripts.validate import validate

IGNORE = ("D105",)  # a one-article corpus misses most labels in every split
ANNOTATION = "dataset/annotations/tiny-article.yaml"


@dataclass(frozen=True)
class Case:
    """`mutate` gives exactly `codes`; the fault of the case's own code is in `file`, at the
    first line containing `line` (after the change) when `line` is given, and at the column
    where `at` starts on that line when `at` is given."""

    mutate: Callable
    codes: set[str]
    file: str | None = ANNOTATION
    line: str | None = None
    ignore: tuple[str, ...] = IGNORE
    at: str | None = None


def assert_located(repo: Repo, case: Case, fault) -> None:
    if case.file is not None and case.file.endswith("/"):  # a folder: names vary inside
        assert fault.file.startswith(case.file)
        return
    assert fault.file == case.file
    if case.line is None:
        return
    path = repo.root / case.file
    assert fault.line == repo.line_of(path, case.line)
    if case.at is not None:
        text = path.read_text(encoding="utf-8").splitlines()[fault.line - 1]
        assert fault.column == text.index(case.at) + 1


def set_raw(repo: Repo, raw: str) -> None:
    (repo.layout.raw / "tiny-article.txt").write_bytes(raw.encode("utf-8"))
    old = hashlib.sha256(RAW.encode()).hexdigest()
    repo.edit(repo.annotation, old, hashlib.sha256(raw.encode()).hexdigest())


def add_to_registry(repo: Repo, line: str) -> None:
    path = repo.layout.entities
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def add_mentions(repo: Repo, *lines: str) -> None:
    repo.edit(repo.annotation, "events:\n", "".join(f"  - {x}\n" for x in lines) + "events:\n")


def second_article(repo: Repo, article_id: str, raw: str) -> None:
    (repo.layout.raw / f"{article_id}.txt").write_text(raw, encoding="utf-8")
    text = repo.annotation.read_text(encoding="utf-8")
    text = text.split("mentions:")[0] + "mentions: []\nevents: []\nstances: []\n"
    text = text.replace("article_id: tiny-article", f"article_id: {article_id}")
    text = text.replace(hashlib.sha256(RAW.encode()).hexdigest(),
                        hashlib.sha256(raw.encode()).hexdigest())
    (repo.layout.annotations / f"{article_id}.yaml").write_text(text, encoding="utf-8")


def event(event_id: str, event_type: str, trigger: str, *, same_as: str | None = None,
          realis: str = "ACTUAL") -> str:
    """An event item of an annotation file, without arguments."""
    link = f"    same_as: {same_as}\n" if same_as else ""
    return (f"  - id: {event_id}\n{link}    type: {event_type}\n    trigger: {{{trigger}}}\n"
            f"    realis: {realis}\n    source: null\n"
            "    date: {value: null, precision: UNKNOWN, basis: UNKNOWN}\n")


# The tiny text's two meetings: "Baghdad met Tehran", "Iraq met Iran".
FIRST_MET, SECOND_MET = "quote: met, occurrence: 1", "quote: met, occurrence: 2"


def add_events(repo: Repo, *items: str, path=None) -> None:
    repo.edit(path or repo.annotation, "stances:", "".join(items) + "stances:")


def linked_article(repo: Repo, story: str = "tiny-story") -> None:
    """A second article, in `story`, whose meeting e1 the tiny article's e2 names."""
    if story != "tiny-story":
        repo.edit(repo.layout.stories, "stories:\n",
                  f"stories:\n  - {{id: {story}, split: train, note: Another story.}}\n")
    raw = "Tehran met Baghdad once more, on Monday.\n"
    second_article(repo, "tiny-report", raw)
    path = repo.layout.annotations / "tiny-report.yaml"
    repo.edit(path, "story_id: tiny-story", f"story_id: {story}")
    repo.edit(path, "events: []\n", "events:\n")
    add_events(repo, event("e1", "CONSULT", "quote: met"), path=path)
    add_events(repo, event("e2", "CONSULT", FIRST_MET, same_as="tiny-report/e1"))


def rename_to_unsafe_id(repo: Repo) -> None:
    target = repo.annotation.with_name("..-evil.yaml")
    repo.annotation.rename(target)
    repo.edit(target, "article_id: tiny-article", "article_id: ../evil")


def link_raw_to_a_host_file(repo: Repo) -> None:
    raw = repo.layout.raw_file("tiny-article")
    raw.unlink()
    raw.symlink_to("/etc/hostname")


def truncate_the_cache_entries(repo: Repo) -> None:
    validate(repo.layout, built=False)  # fills the cache: the article's, its chunk's, the snapshot
    cache = repo.root / ".skies-cache"
    for entry in [*cache.glob("articles/*.json"), *cache.glob("chunks/*/articles.json"),
                  cache / "snapshot" / "index.json"]:
        entry.write_bytes(entry.read_bytes()[:50])


def syria_in_registry(repo: Repo) -> None:
    add_to_registry(repo, "  - {id: syria, name: Syria, type: GPE}")


LONG = " ".join(f"word{i} alpha beta gamma delta" for i in range(60)) + "\n"

SOURCE_CASES: dict[str, Case] = {
    # An unreadable annotation file drops its article: nothing then refers to the registry
    # (R105), and a mention dropped for its anchor leaves its argument dangling (R102).
    "S100": Case(lambda r: r.layout.stories.unlink(), {"S100"}, file="dataset/stories.yaml"),
    "S101": Case(lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: Baghdad"),
                 {"S101", "R105"}, line="{id: m3,"),  # where the parser notices
    "S102": Case(lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: Baghdad, colour: red}"),
                 {"S102", "R105"}, line="colour"),
    "S103": Case(lambda r: r.annotation.write_bytes(r.annotation.read_bytes().replace(
        b"Named in the text.", b"Named in the text \xe9.")), {"S103", "R105"},
                 line="outlet_note"),
    # Without its raw text the article is not loaded, so nothing refers to the registry.
    "S104": Case(lambda r: (r.layout.raw / "tiny-article.txt").unlink(), {"S104", "R105"},
                 line="article_id"),
    "S105": Case(lambda r: set_raw(r, RAW + "More.\n") or r.edit(
        r.annotation, hashlib.sha256((RAW + "More.\n").encode()).hexdigest(),
        hashlib.sha256(RAW.encode()).hexdigest()), {"S105"}, line="raw_sha256"),
    # The renamed file leaves its raw text without an annotation file (S119).
    "S106": Case(rename_to_unsafe_id, {"S106", "S119", "R105"},
                 file="dataset/annotations/..-evil.yaml", line="article_id"),
    "S107": Case(lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: Basra}"), {"S107"},
                 line="Basra", at="Basra"),
    "S108": Case(lambda r: r.edit(r.annotation, "quote: Iraq, occurrence: 1}", "quote: Iraq}"),
                 {"S108", "R102"}, line="quote: Iraq}"),
    # A cleaning step that fails drops the article, so nothing refers to the registry.
    "S109": Case(lambda r: r.edit(r.annotation, "cleaning: []",
                                  "cleaning:\n  - {op: drop_line, text: Breadcrumb, why: nav}"),
                 {"S109", "R105"}, line="op: drop_line"),
    # The publication date is then unknown, so the precision check flags it too.
    "S110": Case(lambda r: r.edit(r.annotation, "precision: DAY", "precision: MONTH"),
                 {"S110", "M102"}, line="value: 2025-06-16"),
    "S111": Case(lambda r: r.edit(r.layout.stories, "stories:\n",
                                  "stories:\n  - {id: tiny-story, split: test, note: again}\n"),
                 {"S111"}, file="dataset/stories.yaml", line="tiny-story, split: train"),
    "S112": Case(lambda r: r.annotation.write_bytes(b"\xef\xbb\xbf" + r.annotation.read_bytes()),
                 {"S112"}, line="article_id"),
    "S113": Case(lambda r: r.annotation.write_bytes(r.annotation.read_bytes().replace(
        b"\n", b"\r\n")), {"S113"}, line="article_id"),
    "S114": Case(lambda r: r.edit(r.annotation, "rights: Test text.", "rights: Test\x07 text."),
                 {"S114"}, line="rights"),
    "S115": Case(lambda r: add_mentions(r, "{id: m4, entity: iran, quote: \"Ira\u0301n\"}"),
                 {"S115"}, line="m4"),
    "S116": Case(lambda r: set_raw(r, RAW.replace("\n", "\r\n")), {"S116"},
                 file="dataset/raw/tiny-article.txt"),
    "S117": Case(lambda r: r.edit(r.annotation, "rights: Test text.", "rights: !!int abc"),
                 {"S117"}, line="rights", at="!!int"),
    "S118": Case(lambda r: r.edit(r.annotation, "rights: Test text.",
                                  "rights: " + "[" * 40 + "]" * 40), {"S118", "R105"},
                 line="rights"),
    "S119": Case(lambda r: r.annotation.rename(r.annotation.with_suffix(".yml")),
                 {"S119", "R105"}, file="dataset/annotations/tiny-article.yml"),
    "S120": Case(link_raw_to_a_host_file, {"S120", "R105"}, file="dataset/raw/tiny-article.txt"),
    "S121": Case(lambda r: r.edit(r.annotation, "realis: ACTUAL", 'realis: "ACTUAL\\u200b"'),
                 {"S121", "T103"}, line="realis"),
    "S122": Case(lambda r: r.edit(r.annotation, "outlet_note: Named in the text.",
                                  'outlet_note: "Not\\u200c named."'), {"S122"},
                 line="outlet_note"),
    "S123": Case(truncate_the_cache_entries, {"S123"}, file=".skies-cache/"),
    "T103": Case(lambda r: r.edit(r.annotation, "realis: ACTUAL", "realis: REAL"), {"T103"},
                 line="realis: REAL", at="REAL"),
    "T104": Case(lambda r: (r.edit(r.layout.entities, "{id: iran,", "{id: ir/an,"),
                            r.edit(r.annotation, "entity: iran,", "entity: ir/an,")),
                 {"T104"}, file="dataset/entities.yaml", line="ir/an"),
    "T106": Case(lambda r: r.edit(r.annotation, "{id: m2,", "{id: m1,"), {"T106"},
                 line="{id: m1, entity: iran"),
    "P105": Case(lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: 'Baghdad '}"),
                 {"P105"}, line="Baghdad "),
    "P106": Case(lambda r: add_mentions(r, "{id: m4, entity: iraq, quote: Baghdad}"), {"P106"},
                 line="{id: m2,"),
    "P107": Case(lambda r: add_mentions(r, "{id: m4, entity: iran, quote: envoy said, kind: "
                                        "NOMINAL}", "{id: m5, entity: iraq, quote: said "
                                        "Baghdad, kind: NOMINAL}"),
                 {"P107"}, line="m5"),
    "R101": Case(lambda r: r.edit(r.annotation, "entity: iraq, quote: Baghdad",
                                  "entity: syria, quote: Baghdad"), {"R101"},
                 line="entity: syria", at="syria"),
    "R102": Case(lambda r: r.edit(r.annotation, "mention: m3}", "mention: m9}"), {"R102"},
                 line="m9", at="m9"),
    "R104": Case(lambda r: r.edit(r.annotation, "story_id: tiny-story", "story_id: other-story"),
                 {"R104"}, line="story_id"),
    "R105": Case(syria_in_registry, {"R105"}, file="dataset/entities.yaml", line="syria"),
    "M101": Case(lambda r: r.edit(r.annotation, "date: {value: null, precision: UNKNOWN, basis: "
                                  "UNKNOWN}", "date: {value: 2025-07-01, precision: DAY, basis: "
                                  "EXPLICIT}"), {"M101"}, line="value: 2025-07-01",
                 at="2025-07-01"),
    "M103": Case(lambda r: r.edit(r.annotation, "role: ACTOR", "role: INSTRUMENT"), {"M103"},
                 line="role: INSTRUMENT", at="INSTRUMENT"),
    "M104": Case(lambda r: (syria_in_registry(r), r.edit(r.annotation, "holder: iraq",
                                                         "holder: syria")), {"M104"},
                 line="holder: syria", at="syria"),
    "M105": Case(lambda r: (syria_in_registry(r), r.edit(r.annotation, "source: null",
                                                         "source: syria")), {"M105"},
                 line="source: syria", at="syria"),
    "D101": Case(lambda r: second_article(r, "tiny-copy", RAW), {"D101"},
                 file="dataset/annotations/tiny-copy.yaml", line="article_id"),
    "D102": Case(lambda r: (second_article(r, "long-one", LONG),
                            second_article(r, "long-two", LONG.replace("word7 ", "word7b "))),
                 {"D102"}, file="dataset/annotations/long-two.yaml", line="article_id"),
    "D104": Case(lambda r: set_raw(r, RAW + "A paragraph that is long enough to be counted.\n" * 2),
                 {"D104"}, line="article_id"),
    "D105": Case(lambda r: None, {"D105"}, file=None, ignore=()),
    # Two entity ids swapped: each mention's text is none of its entity's names.
    "R106": Case(lambda r: (r.edit(r.annotation, "entity: iran, quote: Iran", "entity: iraq, "
                                   "quote: Iran"),
                            r.edit(r.annotation, "entity: iraq, quote: Baghdad", "entity: iran, "
                                   "quote: Baghdad")), {"R106"}, line="quote: Iran", at="iraq"),
    "S124": Case(lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: Baghdad, reviewed: "
                                  "false}"), {"S124"}, line="reviewed", at="false"),
    # A person's role (guide rule M12) linked to a state: R106 sees NAME mentions only.
    "R107": Case(lambda r: add_mentions(r, "{id: m4, entity: iran, quote: envoy, kind: NOMINAL}"),
                 {"R107"}, line="{id: m4,", at="iran"),
    # Provenance not known: the reason is shown. The clean case is the tiny fixture itself.
    "M108": Case(lambda r: r.edit(r.annotation, "url: https://example.org/tiny-article",
                                  "url: null"), {"M108"}, line="url: null", at="null"),
    # A country that is no state (guide rule R1): Iran has no `country` of its own here.
    # The clean case is in test_country.py.
    "R111": Case(lambda r: r.edit(r.layout.entities, "{id: iraq,", "{id: iraq, country: iran,"),
                 {"R111"}, file="dataset/entities.yaml", line="country: iran", at="iran"),
    # Event coreference (guide rule E13); the clean cases are in test_coreference.py.
    "R108": Case(lambda r: add_events(r, event("e2", "CONSULT", FIRST_MET, same_as="e9")),
                 {"R108"}, line="same_as: e9", at="e9"),
    "R109": Case(lambda r: linked_article(r, story="other-story"), {"R109"},
                 line="same_as: tiny-report/e1", at="tiny-report"),
    "R110": Case(lambda r: add_events(r, event("e2", "CONSULT", FIRST_MET, same_as="e2")),
                 {"R110"}, line="same_as: e2", at="e2"),
    "M106": Case(lambda r: add_events(r, event("e2", "CONSULT", FIRST_MET, same_as="e1")),
                 {"M106"}, line="same_as: e1", at="e1"),
    "M107": Case(lambda r: add_events(r, event("e2", "CONSULT", FIRST_MET, realis="GENERIC"),
                                      event("e3", "CONSULT", SECOND_MET, same_as="e2")),
                 {"M107"}, line="same_as: e2", at="e2"),
}


@pytest.mark.parametrize("code", sorted(SOURCE_CASES))
def test_source_case(tiny: Repo, code: str) -> None:
    case = SOURCE_CASES[code]
    case.mutate(tiny)
    report = validate(tiny.layout, built=False, report=Report(ignore=case.ignore))
    assert {f.code for f in report.faults} == case.codes, [f.message for f in report.faults]
    assert_located(tiny, case, next(f for f in report.faults if f.code == code))


@pytest.mark.parametrize("code", sorted(set(SOURCE_CASES) - {"S123"}))  # S123: the cache
def test_source_case_is_the_same_from_the_cache_and_without_it(tiny: Repo, code: str) -> None:
    case = SOURCE_CASES[code]
    case.mutate(tiny)

    def run(use_cache: bool) -> list:
        return validate(tiny.layout, built=False, report=Report(ignore=case.ignore),
                        use_cache=use_cache).faults

    cold, warm, off = run(True), run(True), run(False)
    assert cold == warm == off


def _tables(repo: Repo) -> CheckTables:
    tables, report = check_sources(repo.layout, Report(ignore=IGNORE))
    assert report.faults == []
    return tables


def _column(tables: CheckTables, table: str, **columns: pl.Expr) -> None:
    tables.frames[table] = tables[table].with_columns(**columns)


def _when_id(column: str, value: str, expr: pl.Expr, id_column: str = "mention_id") -> pl.Expr:
    return pl.when(pl.col(id_column) == value).then(expr).otherwise(pl.col(column))


def _other_article(t: CheckTables) -> pl.DataFrame:
    return t["articles"].with_columns(article_id=pl.lit("other"), text=pl.lit("Different words."),
                                      **{SPLIT: pl.lit("test")})


TABLE_CASES: dict[str, Case] = {
    "T101": Case(lambda t: _column(t, "mentions", start=pl.col("start").cast(pl.Int64)),
                 {"T101"}, file=None),
    "T102": Case(lambda t: _column(t, "stances", label=pl.lit(None, pl.String)), {"T102"},
                 line="label: AGAINST", at="AGAINST"),
    "T105": Case(lambda t: _column(t, "stance_evidence", start=pl.lit(-1, pl.Int32)),
                 {"T105", "P103"}, line="- quote: Iraq rejected"),
    "T107": Case(lambda t: t.frames.update(mentions=t["mentions"].drop("kind")), {"T107"},
                 file=None),
    # A QID stored as a number: its pattern check cannot even run on it.
    "T199": Case(lambda t: _column(t, "entities", wikidata_qid=pl.lit(794)), {"T101", "T199"},
                 file=None),
    "P101": Case(lambda t: _column(t, "mentions", end=_when_id("end", "m1", pl.lit(10_000,
                                                                                    pl.Int32))),
                 {"P101"}, line="{id: m1,"),
    "P102": Case(lambda t: _column(t, "mentions", start=_when_id("start", "m2", pl.col("end"))),
                 {"P102"}, line="{id: m2,"),
    # The stored text 'Basra' is also no name of the mention's entity (R106).
    "P103": Case(lambda t: _column(t, "mentions", text=_when_id("text", "m2", pl.lit("Basra"))),
                 {"P103", "R106"}, line="{id: m2,"),
    "P104": Case(lambda t: _column(t, "articles", text=pl.col("text") + "e\u0301"), {"P104"},
                 line="article_id"),
    "R103": Case(lambda t: _column(t, "stance_evidence", stance_id=pl.lit("s9")), {"R103"},
                 line="- quote: Iraq rejected"),
    "M102": Case(lambda t: _column(t, "events", date_precision=pl.lit("MONTH"),
                                   date=pl.date(2025, 6, 3)), {"M102"},
                 line="date: {value: null", at="null"),
    "D103": Case(lambda t: t.frames.update(articles=pl.concat([t["articles"], _other_article(t)])),
                 {"D103"}, file="dataset/annotations/other.yaml"),
}


@pytest.mark.parametrize("code", sorted(TABLE_CASES))
def test_table_case(tiny: Repo, code: str) -> None:
    case = TABLE_CASES[code]
    tables = _tables(tiny)
    case.mutate(tables)
    report = Report(ignore=case.ignore)
    run_checks(tables, Locator(tiny.layout), report)
    assert {f.code for f in report.faults} == case.codes, [f.message for f in report.faults]
    assert_located(tiny, case, next(f for f in report.faults if f.code == code))


def _truncate(path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _out_of_range_label(repo: Repo) -> None:
    path = repo.layout.parquet("stances", "train")
    table = pq.read_table(path)
    column = table.schema.get_field_index("label")
    pq.write_table(table.set_column(column, "label", pa.array([99], pa.int64())), path)


RELEASE_CASES: dict[str, Case] = {
    "B101": Case(lambda r: r.edit(r.annotation, "label: AGAINST", "label: FAVOR"), {"B101"},
                 file="dataset/data/stances/train-00000-of-00001.parquet"),
    "B102": Case(lambda r: _truncate(r.layout.parquet("mentions", "train")),
                 {"B101", "B102", "B103", "B104"},
                 file="dataset/data/mentions/train-00000-of-00001.parquet"),
    # A wrong split size also makes load_dataset raise NonMatchingSplitsSizesError.
    "B103": Case(lambda r: r.edit(r.layout.card, "num_examples: 3", "num_examples: 4"),
                 {"B101", "B103", "B104"}, file="dataset/README.md"),
    "B104": Case(lambda r: r.edit(r.layout.card, "path: data/stances/train-00000-of-00001.parquet",
                                  "path: data/stances/missing.parquet"),
                 {"B101", "B103", "B104"}, file="dataset/README.md"),
    "B105": Case(lambda r: (r.layout.data / "mentions" / ".train.parquet.k2x9.tmp").write_bytes(
        b"half"), {"B105"}, file="dataset/data/mentions/.train.parquet.k2x9.tmp"),
    # A creator the Hub does not list: the card differs from a fresh build too (B101).
    "C101": Case(lambda r: r.edit(r.layout.card, "- machine-generated", "- ai-generated"),
                 {"B101", "C101"}, file="dataset/README.md"),
}


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


# Cases that only the command line can show: the command, and what breaks inside it.
# Faults a build adds to the checks' own: the sources change, the build refuses.
BUILD_CASES: dict[str, Case] = {
    "B106": Case(SOURCE_CASES["S124"].mutate, {"S124", "B106"}, file=None),
}


@pytest.mark.parametrize("code", sorted(BUILD_CASES))
def test_build_case(tiny: Repo, code: str) -> None:
    case = BUILD_CASES[code]
    case.mutate(tiny)
    release, report = prepare(tiny.layout, Report(ignore=case.ignore))
    assert release is None and {f.code for f in report.faults} == case.codes
    assert skies("build", root=tiny.root).exit_code == 1
    assert not tiny.layout.data.exists()


CLI_CASES: dict[str, tuple[list[str], str]] = {
    "X100": (["validate", "--sources-only", "--format", "json"],
             "sovereign_skies.scripts.validate.check_sources"),
}


@pytest.mark.parametrize("code", sorted(CLI_CASES))
def test_cli_case(tiny: Repo, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    argv, target = CLI_CASES[code]
    monkeypatch.setattr(target, _crash)
    result = skies(*argv, root=tiny.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert [f["code"] for f in json.loads(result.stdout)["faults"]] == [code]


def _reanchored(repo: Repo) -> Report:
    return reanchor_article(repo.layout, "tiny-article", write=False).report


# Codes that a command reports and validate never does: the tiny corpus is built, changed,
# and the command run on it.
COMMAND_CASES: dict[str, tuple[Case, Callable[[Repo], Report]]] = {
    # The raw text corrected: the quoted word is gone, so the anchor cannot be carried over.
    "S125": (Case(lambda r: set_raw(r, RAW.replace("said Baghdad met", "said it met")),
                  {"S125"}, line="quote: Baghdad", at="quote"), _reanchored),
}


@pytest.mark.parametrize("code", sorted(COMMAND_CASES))
def test_command_case(tiny: Repo, code: str) -> None:
    case, run = COMMAND_CASES[code]
    build(tiny)
    case.mutate(tiny)
    report = run(tiny)
    assert {f.code for f in report.faults} == case.codes, [f.message for f in report.faults]
    assert_located(tiny, case, next(f for f in report.faults if f.code == code))


@pytest.mark.parametrize("code", sorted(RELEASE_CASES))
def test_release_case(tiny: Repo, code: str) -> None:
    case = RELEASE_CASES[code]
    build(tiny)
    case.mutate(tiny)
    report = validate(tiny.layout, report=Report(ignore=case.ignore))
    assert {f.code for f in report.faults} == case.codes, [f.message for f in report.faults]
    assert case.file in {f.file for f in report.faults if f.code == code}


def _declared() -> dict[str, set[str]]:
    """Code -> the modules of the toolkit that declare they emit it."""
    declared: dict[str, set[str]] = {}
    package = sovereign_skies.scripts
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for code in getattr(module, "EMITS", ()):
            assert isinstance(code, Code), f"{info.name}.EMITS holds {code!r}"
            declared.setdefault(code.code, set()).add(info.name)
    return declared


def test_every_catalogued_code_is_emitted_by_some_module() -> None:
    assert set(_declared()) == set(CODES)


def test_every_emitted_code_has_a_case() -> None:
    cases = (set(SOURCE_CASES) | set(TABLE_CASES) | set(RELEASE_CASES) | set(CLI_CASES)
             | set(BUILD_CASES) | set(COMMAND_CASES))
    declared = set(_declared())
    assert cases == declared, f"without a case: {sorted(declared - cases)}; " \
                              f"cases of no code: {sorted(cases - declared)}"


def test_every_code_has_its_constant() -> None:
    from sovereign_skies.scripts.faults import codes
    assert all(getattr(codes, code.constant) is code for code in CODES.values())


def test_unknown_provenance_shows_the_recorded_reason(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "outlet: Tiny Times", "outlet: null")
    tiny.edit(tiny.annotation, "outlet_note: Named in the text.",
              "outlet_note: The dateline names no outlet.")
    fault = only(tiny.validate().faults, "M108")
    assert fault.message == "no outlet is known: The dateline names no outlet."
