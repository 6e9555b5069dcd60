"""`skies reanchor`: after the raw text or the cleaning steps change, every anchor is carried
from the last build to the new text; the ones whose occurrence number changed are rewritten
(comments kept), the ones whose text is gone are reported at their line (S125), and a file
whose anchors all still select their place is left alone."""

from __future__ import annotations

import hashlib
import random

import pytest
from conftest import RAW, Repo, build, skies

from sovereign_skies.scripts.checks.run import check_sources
from sovereign_skies.scripts.edit.reanchor import reanchor_article
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.resolve.spanmap import SpanMap

ANNOTATION = "dataset/annotations/tiny-article.yaml"
CRUMB = "Breadcrumb: Iraq | Iran"
DROP_CRUMB = f"cleaning:\n  - {{op: drop_line, text: '{CRUMB}', why: Site navigation.}}"


def set_raw(repo: Repo, raw: str) -> None:
    """A corrected raw text, recorded with its new SHA-256 as a correction would be."""
    old = repo.layout.raw_file("tiny-article")
    sha = hashlib.sha256(old.read_bytes()).hexdigest()
    old.write_text(raw, encoding="utf-8")
    repo.edit(repo.annotation, sha, hashlib.sha256(raw.encode()).hexdigest())


@pytest.fixture
def crumbed(tiny: Repo) -> Repo:
    """`tiny` whose raw text starts with a navigation line holding an earlier Iraq and Iran,
    so m1 and m3 are `occurrence: 2`; built, so the release is the baseline."""
    set_raw(tiny, f"{CRUMB}\n{RAW}")
    tiny.edit(tiny.annotation, "quote: Iran, occurrence: 1}", "quote: Iran, occurrence: 2}")
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1}",
              "quote: Iraq, occurrence: 2}  # the Iraq that rejects")
    assert tiny.validate().faults == []
    return build(tiny)


def _mentions(repo: Repo) -> list[tuple[str, str, str]]:
    """(id, text, what follows it) of every mention, checked with no fault."""
    tables, report = check_sources(repo.layout, Report(ignore=("D105",)))
    assert report.faults == [], [f.message for f in report.faults]
    text = tables["articles"]["text"][0]
    return sorted((m, t, text[end:end + 9]) for m, t, end
                  in tables["mentions"].select("mention_id", "text", "end").iter_rows())


def test_a_dropped_line_recounts_the_later_occurrences(crumbed: Repo) -> None:
    mentions = _mentions(crumbed)
    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    # The danger: `occurrence: 2` now silently selects the Iraq of "Iraq met", and every
    # check passes.
    assert ("m3", "Iraq", " met Iran") in _mentions(crumbed)
    result = skies("reanchor", "tiny-article", root=crumbed.root)
    assert result.exit_code == 0, result.output
    m1 = crumbed.line_of(crumbed.annotation, "{id: m1,")
    m3 = crumbed.line_of(crumbed.annotation, "{id: m3,")
    assert f"{ANNOTATION}:{m1}: moved: quote 'Iran' occurrence 2 -> occurrence 1" in result.stdout
    assert f"{ANNOTATION}:{m3}: moved: quote 'Iraq' occurrence 2 -> occurrence 1" in result.stdout
    # Baghdad, the trigger and the evidence are unique: only their offsets changed.
    assert result.stdout.count(": shifted: ") == 3
    assert "2 moved, 3 shifted, 0 unchanged, 0 broke" in result.stdout
    assert crumbed.validate().faults == []
    assert _mentions(crumbed) == mentions  # the same texts, followed by the same words


def test_comments_and_every_other_line_survive(crumbed: Repo) -> None:
    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    crumbed.edit(crumbed.annotation, "mentions:\n", "mentions:  # checked twice\n")
    before = crumbed.annotation.read_text(encoding="utf-8").splitlines()
    assert skies("reanchor", "tiny-article", root=crumbed.root).exit_code == 0
    after = crumbed.annotation.read_text(encoding="utf-8").splitlines()
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [after[n] for n in changed] == [
        "  - {id: m1, entity: iran, quote: Iran, occurrence: 1}",
        "  - {id: m3, entity: iraq, quote: Iraq, occurrence: 1}  # the Iraq that rejects"]
    assert "mentions:  # checked twice" in after


def test_dry_run_writes_nothing(crumbed: Repo) -> None:
    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    before = crumbed.annotation.read_bytes()
    result = skies("reanchor", "tiny-article", "--dry-run", root=crumbed.root)
    assert result.exit_code == 0 and "nothing written (--dry-run)" in result.stdout
    assert result.stdout.count(": moved: ") == 2
    assert crumbed.annotation.read_bytes() == before


def test_a_deleted_quote_broke_at_its_line_and_nothing_is_written(tiny: Repo) -> None:
    build(tiny)
    set_raw(tiny, RAW.replace("said Baghdad met", "said it met"))
    before = tiny.annotation.read_bytes()
    result = skies("reanchor", "tiny-article", root=tiny.root)
    assert result.exit_code == 1
    line = tiny.line_of(tiny.annotation, "quote: Baghdad")
    assert f"{ANNOTATION}:{line}:" in result.stdout and " S125 quote 'Baghdad'" in result.stdout
    assert tiny.annotation.read_bytes() == before


def test_moves_are_written_while_a_break_is_reported(crumbed: Repo) -> None:
    set_raw(crumbed, f"{CRUMB}\n{RAW}".replace("said Baghdad met", "said it met"))
    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    result = skies("reanchor", "tiny-article", root=crumbed.root)
    assert result.exit_code == 1 and "S125 quote 'Baghdad'" in result.stdout
    assert "quote: Iraq, occurrence: 1}" in crumbed.annotation.read_text(encoding="utf-8")


def test_an_unchanged_text_changes_nothing(crumbed: Repo) -> None:
    before = crumbed.annotation.read_bytes()
    result = skies("reanchor", "tiny-article", root=crumbed.root)
    assert result.exit_code == 0 and "0 moved, 0 shifted, 5 unchanged" in result.stdout
    assert crumbed.annotation.read_bytes() == before


def test_a_correction_made_since_the_build_is_not_undone(crumbed: Repo) -> None:
    # Someone moves m3 to the crumb's Iraq by hand after the build: it is not carried over
    # from its built place (that would revert the edit), only resolved.
    crumbed.edit(crumbed.annotation, "quote: Iraq, occurrence: 2}", "quote: Iraq, occurrence: 1}")
    before = crumbed.annotation.read_bytes()
    result = reanchor_article(crumbed.layout, "tiny-article")
    assert (result.moved, result.uncompared, result.report.faults) == ([], 1, [])
    assert crumbed.annotation.read_bytes() == before


def test_an_article_not_in_the_last_build_is_only_resolved(tiny: Repo) -> None:
    result = skies("reanchor", "tiny-article", root=tiny.root)  # never built
    assert result.exit_code == 0
    assert f"{ANNOTATION}: not in the last build (dataset/data/), nothing to compare; every " \
           "anchor resolves" in result.stdout
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    result = skies("reanchor", "tiny-article", root=tiny.root)
    line = tiny.line_of(tiny.annotation, "Basra")
    assert result.exit_code == 1 and f"{ANNOTATION}:{line}:" in result.stdout
    assert "S107" in result.stdout


@pytest.mark.parametrize("article_id", ["../evil", "no-such-article"])
def test_an_unsafe_or_unknown_id_is_bad_usage(tiny: Repo, article_id: str) -> None:
    assert skies("reanchor", article_id, root=tiny.root).exit_code == 2


def test_an_unreadable_build_is_bad_usage_and_writes_nothing(crumbed: Repo) -> None:
    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    path = crumbed.layout.parquet("mentions", "train")
    path.write_bytes(path.read_bytes()[:100])
    before = crumbed.annotation.read_bytes()
    result = skies("reanchor", "tiny-article", root=crumbed.root)
    assert result.exit_code == 2 and "cannot read dataset/data/mentions/" in result.stderr
    assert "Traceback" not in result.output and crumbed.annotation.read_bytes() == before


def test_nothing_is_written_when_the_file_changes_meanwhile(
        crumbed: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    from sovereign_skies.scripts.edit import reanchor

    crumbed.edit(crumbed.annotation, "cleaning: []", DROP_CRUMB)
    real = reanchor.last_build

    def while_an_editor_saves(*args: object) -> object:
        crumbed.edit(crumbed.annotation, "rights: Test text.", "rights: Edited meanwhile.")
        return real(*args)

    monkeypatch.setattr(reanchor, "last_build", while_an_editor_saves)
    result = skies("reanchor", "tiny-article", root=crumbed.root)
    assert result.exit_code == 2 and "changed while it was being reanchored" in result.stderr
    text = crumbed.annotation.read_text(encoding="utf-8")
    assert "Edited meanwhile." in text and "quote: Iraq, occurrence: 2}" in text


# The span map alone: a span is carried only while every character of it is unchanged.

def test_spans_follow_a_dropped_line_and_break_inside_it() -> None:
    old, new = "crumb Iraq\nIraq met Iran.\n", "Iraq met Iran.\n"
    spans = SpanMap.between(old, new)
    assert spans.map(11, 15) == (0, 4)
    assert spans.map(6, 10) is None  # the dropped line's Iraq
    assert spans.map(8, 13) is None  # across the line that went


def test_spans_survive_edge_spaces_stripped_on_every_line() -> None:
    old = "".join(f"  line {i} Iraq  \n" for i in range(300))
    new = "".join(f"line {i} Iraq\n" for i in range(300))
    spans = SpanMap.between(old, new)
    start = old.index("line 299 Iraq")
    assert spans.map(start, start + 13) == (new.index("line 299 Iraq"), new.index("line 299 Iraq")
                                            + 13)


def test_a_carried_span_always_holds_the_same_text() -> None:
    rng = random.Random(7)
    words = ["Iraq", "Iran", "met", "said", "\n", "Baghdad", "  ", "rejected", "."]
    for _ in range(50):
        old = " ".join(rng.choice(words) for _ in range(80))
        tokens = old.split(" ")
        for _ in range(5):  # deletions, insertions and replacements anywhere
            at = rng.randrange(len(tokens))
            tokens[at:at + rng.randrange(3)] = rng.choice([[], [rng.choice(words)]])
        new = " ".join(tokens)
        spans = SpanMap.between(old, new)
        for start in range(0, len(old) - 4, 3):
            if (carried := spans.map(start, start + 4)) is not None:
                assert new[carried[0]:carried[1]] == old[start:start + 4]
