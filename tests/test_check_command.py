"""`skies check`: the checks of named articles only, for the pre-commit hook. It finds every
fault of a named article that `skies validate` finds (but the corpus-wide ones), at the same
line, reads no other article, and refuses names that are not articles of the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Repo, skies
from test_check_codes import ANNOTATION, SOURCE_CASES

from sovereign_skies.scripts.check import check_articles, select_articles
from sovereign_skies.scripts.checks import coreference, corpus, references
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.resolve import articles
from sovereign_skies.scripts.validate import validate

# Codes only the whole corpus can show: `skies check` leaves them to `skies validate`.
CORPUS_CODES = {code.code for code in (*corpus.EMITS, references.UNUSED_ENTITY,
                                        coreference.LINK_ACROSS_STORIES)} - {
    corpus.REPEATED_PARAGRAPH.code}


def test_a_clean_article_passes(tiny: Repo) -> None:
    result = skies("check", "tiny-article", root=tiny.root)
    assert result.exit_code == 0 and "clean" in result.output


def test_a_fault_is_one_line_at_the_field(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    result = skies("check", str(tiny.annotation), root=tiny.root)
    line = tiny.line_of(tiny.annotation, "realis: REAL")
    column = tiny.annotation.read_text(encoding="utf-8").splitlines()[line - 1].index("REAL") + 1
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{ANNOTATION}:{line}:{column}: T103 events.realis: 'REAL'")


@pytest.mark.parametrize("code", sorted(set(SOURCE_CASES) - {"S123"}))
def test_check_finds_what_validate_finds_in_the_article(tiny: Repo, code: str) -> None:
    case = SOURCE_CASES[code]
    case.mutate(tiny)
    if not tiny.annotation.is_file():
        pytest.skip("the case removes the article itself")
    expected = [f for f in validate(tiny.layout, built=False, report=Report(
        ignore=case.ignore)).faults if f.file == ANNOTATION and f.code not in CORPUS_CODES]
    selection = select_articles(tiny.layout, ["tiny-article"])
    found = check_articles(tiny.layout, selection, Report(ignore=case.ignore)).faults
    assert found == expected


def test_it_reads_no_other_article(seeds: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    resolve = articles.resolve_article
    monkeypatch.setattr(articles, "resolve_article",
                        lambda path, layout: reads.append(path.name) or resolve(path, layout))
    selection = select_articles(seeds.layout, ["araji-concludes-tehran-visit"])
    assert check_articles(seeds.layout, selection, use_cache=False).faults == []
    assert reads == ["araji-concludes-tehran-visit.yaml"]


def test_naming_the_registry_checks_every_article_against_it(tiny: Repo) -> None:
    tiny.edit(tiny.layout.entities, "{id: iraq,", "{id: iraq-state,")
    result = skies("check", str(tiny.layout.entities), "--format", "json", root=tiny.root)
    faults = json.loads(result.stdout)["faults"]
    assert result.exit_code == 1
    assert {(f["code"], f["file"]) for f in faults} == {("R101", ANNOTATION)}


@pytest.mark.parametrize(("name", "says"), [
    ("no-such-article", "no article 'no-such-article'"),
    ("../../etc/passwd", "not an annotation file"),
    ("con", "not an article id"),
    ("two words", "not an article id"),
])
def test_a_name_that_is_no_article_is_bad_usage(tiny: Repo, name: str, says: str) -> None:
    result = skies("check", name, root=tiny.root)
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_the_pre_commit_hook_runs_check() -> None:
    config = (Path(__file__).parents[1] / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "entry: .venv/bin/skies check" in config


def test_pandera_without_pandas_finds_the_same_faults(tiny: Repo) -> None:
    """The command line imports pandera with pandas hidden (schema/pandera_polars.py); the
    test suite has pandas imported already. Both must report the same faults."""
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    tiny.edit(tiny.annotation, "{id: m2,", "{id: m1,")
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from sovereign_skies.scripts.check import check_articles, select_articles\n"
        "from sovereign_skies.scripts.layout import Layout\n"
        f"layout = Layout(Path({str(tiny.root)!r}))\n"
        "report = check_articles(layout, select_articles(layout, ['tiny-article']),"
        " use_cache=False)\n"
        "print(json.dumps([[f.code, f.line, f.column, f.message] for f in report.faults]))\n"
        "print('pandas' in sys.modules, 'hypothesis' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    faults, imported = done.stdout.splitlines()
    selection = select_articles(tiny.layout, ["tiny-article"])
    here = check_articles(tiny.layout, selection, use_cache=False).faults
    assert {c for c, *_ in json.loads(faults)} == {"T103", "T106"}
    assert json.loads(faults) == [[f.code, f.line, f.column, f.message] for f in here]
    assert imported == "False False"
