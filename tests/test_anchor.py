"""Context anchors: a contributor marks the quote in a piece of its surrounding text instead
of counting occurrences; check and build accept it, `skies anchor` rewrites it into the
canonical `occurrence:` (comments and layout kept), and a context that selects no place or
several is a fault at its line, with nothing written."""

from __future__ import annotations

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.check import check_articles, select_articles

ANNOTATION = "dataset/annotations/tiny-article.yaml"
CANONICAL = "{id: m3, entity: iraq, quote: Iraq, occurrence: 2}"


def _with_context(repo: Repo, context: str, comment: str = "") -> None:
    repo.edit(repo.annotation, "{id: m3, entity: iraq, quote: Iraq, occurrence: 1}",
              f"{{id: m3, entity: iraq, quote: Iraq, context: '{context}'}}{comment}")


def _faults(repo: Repo) -> list:
    return check_articles(repo.layout, select_articles(repo.layout, ["tiny-article"])).faults


def test_a_context_anchor_is_accepted_as_written(tiny: Repo) -> None:
    _with_context(tiny, "strikes. [[Iraq]] met")
    assert _faults(tiny) == []


def test_anchor_rewrites_it_into_the_occurrence_keeping_everything_else(tiny: Repo) -> None:
    _with_context(tiny, "strikes. [[Iraq]] met", "  # second Iraq")
    before = tiny.annotation.read_text(encoding="utf-8")
    result = skies("anchor", "tiny-article", root=tiny.root)
    assert result.exit_code == 0, result.output
    line = tiny.line_of(tiny.annotation, "quote: Iraq, occurrence: 2")
    assert f"rewrote {ANNOTATION}:{line}: quote 'Iraq': context -> occurrence: 2" in result.stdout
    after = tiny.annotation.read_text(encoding="utf-8").splitlines()
    assert after[line - 1].startswith(f"  - {CANONICAL}") and after[line - 1].endswith(
        "# second Iraq")
    others = [n for n, text in enumerate(before.splitlines()) if "context" not in text]
    assert [before.splitlines()[n] for n in others] == [after[n] for n in others]
    assert _faults(tiny) == []


def test_a_unique_quote_loses_its_context_and_needs_no_occurrence(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Baghdad, context: 'said [[Baghdad]]'}")
    assert skies("anchor", "tiny-article", root=tiny.root).exit_code == 0
    assert "{id: m2, entity: iraq, quote: Baghdad}" in tiny.annotation.read_text("utf-8")


def test_check_mode_writes_nothing(tiny: Repo) -> None:
    _with_context(tiny, "strikes. [[Iraq]] met")
    before = tiny.annotation.read_bytes()
    result = skies("anchor", "tiny-article", "--check", root=tiny.root)
    assert result.exit_code == 0 and "would rewrite" in result.stdout
    assert tiny.annotation.read_bytes() == before


@pytest.mark.parametrize(("context", "code", "says"), [
    ("[[Iraq]]", "S108", "occurs 2 times; lengthen it"),
    ("Basra [[Iraq]]", "S107", "is not in the text"),
])
def test_a_context_that_selects_no_place_or_several_is_a_fault(tiny: Repo, context: str,
                                                               code: str, says: str) -> None:
    _with_context(tiny, context)
    before = tiny.annotation.read_bytes()
    line = tiny.line_of(tiny.annotation, "context:")
    # The mention is then dropped, so the argument naming it dangles too (R102).
    (fault,) = [f for f in _faults(tiny) if f.code == code]
    assert fault.line == line and says in fault.message
    result = skies("anchor", "tiny-article", root=tiny.root)
    assert result.exit_code == 1 and f"{ANNOTATION}:{line}:" in result.stdout
    assert tiny.annotation.read_bytes() == before


@pytest.mark.parametrize(("anchor", "says"), [
    ("quote: Iraq, context: 'strikes. [[Iran]] met'", "marks 'Iran', not the quote"),
    ("quote: Iraq, context: 'strikes. Iraq met'", "marks its quote once"),
    ("quote: Iraq, occurrence: 2, context: 'strikes. [[Iraq]] met'", "keep one"),
])
def test_a_malformed_context_is_a_structure_fault(tiny: Repo, anchor: str, says: str) -> None:
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1", anchor)
    (fault,) = _faults(tiny)
    assert fault.code == "S102" and says in fault.message
    result = skies("anchor", "tiny-article", root=tiny.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
