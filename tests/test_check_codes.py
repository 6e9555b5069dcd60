"""One case per check code: a minimal change to the clean tiny corpus that triggers the code
(and nothing else, unless the code's cause necessarily triggers another), located where it
is fixed. The clean case is test_sources.test_the_tiny_corpus_is_clean."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

import polars as pl
import pytest
from conftest import RAW, Repo

from sovereign_skies.scripts.build import SPLIT, Tables, build_tables
from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.checks.tables import code_of
from sovereign_skies.scripts.faults import CODES, Report
from sovereign_skies.scripts.sources import load_corpus
from sovereign_skies.scripts.validate import validate

IGNORE = ("D105",)  # a one-article corpus misses most labels in every split


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


LONG = " ".join(f"word{i} alpha beta gamma delta" for i in range(60)) + "\n"

SourceCase = Callable[[Repo], None]
SOURCE_CASES: dict[str, tuple[SourceCase, set[str]]] = {
    "S100": (lambda r: r.layout.stories.unlink(), {"S100"}),
    # Without its raw text the article is not loaded, so nothing refers to the registry.
    "S104": (lambda r: (r.layout.raw / "tiny-article.txt").unlink(), {"S104", "R105"}),
    "S111": (lambda r: r.edit(r.layout.stories, "stories:\n",
                              "stories:\n  - {id: tiny-story, split: test, note: again}\n"),
             {"S111"}),
    "S112": (lambda r: r.annotation.write_bytes(b"\xef\xbb\xbf" + r.annotation.read_bytes()),
             {"S112"}),
    "S113": (lambda r: r.annotation.write_bytes(r.annotation.read_bytes().replace(b"\n",
                                                                                  b"\r\n")),
             {"S113"}),
    "S114": (lambda r: r.edit(r.annotation, "rights: Test text.", "rights: Test\x07 text."),
             {"S114"}),
    "S115": (lambda r: add_mentions(r, "{id: m4, entity: iran, quote: \"Ira\u0301n\"}"),
             {"S115"}),
    "S116": (lambda r: set_raw(r, RAW.replace("\n", "\r\n")), {"S116"}),
    "P105": (lambda r: r.edit(r.annotation, "quote: Baghdad}", "quote: 'Baghdad '}"),
             {"P105"}),
    "P106": (lambda r: add_mentions(r, "{id: m4, entity: iraq, quote: Baghdad}"), {"P106"}),
    "P107": (lambda r: add_mentions(r, "{id: m4, entity: iran, quote: envoy said}",
                                    "{id: m5, entity: iraq, quote: said Baghdad}"), {"P107"}),
    "R105": (lambda r: add_to_registry(r, "  - {id: syria, name: Syria, type: GPE}"),
             {"R105"}),
    "M101": (lambda r: r.edit(r.annotation, "date: {value: null, precision: UNKNOWN, basis: "
                              "UNKNOWN}", "date: {value: 2025-07-01, precision: DAY, basis: "
                              "EXPLICIT}"), {"M101"}),
    "M103": (lambda r: r.edit(r.annotation, "role: ACTOR", "role: INSTRUMENT"), {"M103"}),
    "M104": (lambda r: (add_to_registry(r, "  - {id: syria, name: Syria, type: GPE}"),
                        r.edit(r.annotation, "holder: iraq", "holder: syria")), {"M104"}),
    "M105": (lambda r: (add_to_registry(r, "  - {id: syria, name: Syria, type: GPE}"),
                        r.edit(r.annotation, "source: null", "source: syria")), {"M105"}),
    "D101": (lambda r: second_article(r, "tiny-copy", RAW), {"D101"}),
    "D102": (lambda r: (second_article(r, "long-one", LONG),
                        second_article(r, "long-two", LONG.replace("word7 ", "word7b "))),
             {"D102"}),
    "D104": (lambda r: set_raw(r, RAW + "A paragraph that is long enough to be counted.\n" * 2),
             {"D104"}),
}


def _tables(repo: Repo) -> Tables:
    report = Report()
    tables = build_tables(load_corpus(repo.layout, report), report)
    assert report.faults == []
    return tables


def _column(tables: Tables, table: str, **columns: pl.Expr) -> None:
    tables.frames[table] = tables[table].with_columns(**columns)


TableCase = Callable[[Tables], None]
TABLE_CASES: dict[str, tuple[TableCase, set[str]]] = {
    "T101": (lambda t: _column(t, "mentions", start=pl.col("start").cast(pl.Int64)), {"T101"}),
    "T102": (lambda t: _column(t, "stances", label=pl.lit(None, pl.String)), {"T102"}),
    "T107": (lambda t: t.frames.update(mentions=t["mentions"].drop("kind")), {"T107"}),
    "P104": (lambda t: _column(t, "articles", text=pl.col("text") + "e\u0301"), {"P104"}),
    "R103": (lambda t: _column(t, "stance_evidence", stance_id=pl.lit("s9")), {"R103"}),
    "M102": (lambda t: _column(t, "events", date_precision=pl.lit("MONTH"),
                               date=pl.date(2025, 6, 3)), {"M102"}),
    "D103": (lambda t: t.frames.update(articles=pl.concat([t["articles"], t["articles"]
             .with_columns(article_id=pl.lit("other"), text=pl.lit("Different words."),
                           **{SPLIT: pl.lit("test")})])), {"D103"}),
}


@pytest.mark.parametrize("code", sorted(SOURCE_CASES))
def test_source_case(tiny: Repo, code: str) -> None:
    mutate, expected = SOURCE_CASES[code]
    mutate(tiny)
    report = validate(tiny.layout, built=False, report=Report(ignore=IGNORE))
    assert {f.code for f in report.faults} == expected, [f.message for f in report.faults]
    fault = next(f for f in report.faults if f.code == code)
    assert fault.file is not None and fault.file.startswith("dataset/")
    assert fault.line is not None or code == "S100"  # a file that cannot be read has no line


@pytest.mark.parametrize("code", sorted(TABLE_CASES))
def test_table_case(tiny: Repo, code: str) -> None:
    tables = _tables(tiny)
    mutate, expected = TABLE_CASES[code]
    mutate(tables)
    report = Report(ignore=IGNORE)
    run_checks(tables, Locator(tiny.layout), report)
    assert {f.code for f in report.faults} == expected, [f.message for f in report.faults]


def test_unknown_pandera_check_falls_back_to_t199() -> None:
    assert code_of("some_future_check(1)") == "T199"
    assert code_of("isin(['A'])") == "T103"


def test_d105_names_the_split_and_the_missing_labels(tiny: Repo) -> None:
    report = validate(tiny.layout, built=False)
    messages = [f.message for f in report.faults if f.code == "D105"]
    assert "split 'train' has no event_type STRIKE" in " ".join(messages)
    assert not any("REJECT," in m for m in messages if "event_type" in m)


OTHER_TESTS = {  # codes tested elsewhere, with the test that does it
    "S101": "test_sources", "S102": "test_sources", "S103": "test_sources",
    "S105": "test_sources", "S106": "test_sources", "S107": "test_sources",
    "S108": "test_sources", "S109": "test_sources", "S110": "test_sources",
    "T103": "test_checks", "T104": "test_sources", "T105": "test_checks",
    "T106": "test_checks", "T199": "test_check_codes", "P101": "test_checks",
    "P102": "test_checks", "P103": "test_checks", "R101": "test_checks",
    "R102": "test_checks", "R104": "test_sources", "D105": "test_check_codes",
    "B101": "test_release_checks", "B102": "test_cli", "B103": "test_release_checks",
    "B104": "test_release_checks",
}


def test_every_code_has_a_case() -> None:
    covered = set(SOURCE_CASES) | set(TABLE_CASES) | set(OTHER_TESTS)
    assert covered == set(CODES), sorted(set(CODES) ^ covered)
    assert unicodedata.normalize("NFC", "Ira\u0301n") != "Ira\u0301n"
