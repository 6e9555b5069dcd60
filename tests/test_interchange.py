"""The boundary with annotation tools, whatever the tool: offsets converted both ways, a
span checked against the text, an import merged into the annotation file by id, and for every
tool that both exports and imports, a round trip that changes no byte."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.interchange.apply import apply
from sovereign_skies.scripts.interchange.document import Argument, Mention, read_annotated
from sovereign_skies.scripts.interchange.offsets import (
    InterchangeError,
    Utf16Offsets,
    checked_span,
)
from sovereign_skies.scripts.interchange.tools import TOOLS

ROUND_TRIP = [name for name, tool in TOOLS.items() if tool.export and tool.read]
ARTICLES = ("interchange-article", "tiny-article")


def test_utf16_offsets_count_a_flag_as_four_units() -> None:
    text = "🇮🇶 Iraq"  # two regional indicators, each outside the BMP
    offsets = Utf16Offsets(text)
    assert offsets.to_utf16(3) == 5  # "Iraq" starts after 2 pairs and a space
    assert offsets.to_code_points(5) == 3
    assert offsets.to_utf16(len(text)) == 9 == len(text.encode("utf-16-le")) // 2


def test_a_utf16_offset_inside_a_pair_is_refused() -> None:
    with pytest.raises(ValueError, match="not on a character boundary"):
        Utf16Offsets("🚀x").to_code_points(1)


def test_checked_span_refuses_text_that_does_not_match() -> None:
    assert checked_span("Iraq met Iran", 9, 13, "Iran", "item") == (9, 13)
    with pytest.raises(InterchangeError, match=r"task 3 region r1.*'met '.*'Iran'"):
        checked_span("Iraq met Iran", 5, 9, "Iran", "task 3 region r1")
    with pytest.raises(InterchangeError, match="outside the text"):
        checked_span("Iraq", 2, 9, None, "item")


def test_import_of_the_same_annotations_changes_nothing(interchange: Repo) -> None:
    before = interchange.annotation.parent / "interchange-article.yaml"
    original = before.read_bytes()
    applied = apply(interchange.layout, read_annotated(interchange.layout,
                                                       "interchange-article"), "test")
    assert applied.empty and not applied.written
    assert before.read_bytes() == original


def test_import_edits_items_in_place_and_appends_new_ones(interchange: Repo) -> None:
    path = interchange.annotation.parent / "interchange-article.yaml"
    document = read_annotated(interchange.layout, "interchange-article")
    text = document.text
    mentions = [m for m in document.mentions if m.id != "m4"]  # Israel dropped
    mentions[0] = dataclasses.replace(mentions[0], entity="iran")  # a wrong link, on purpose
    start = text.index("sky")
    mentions.append(Mention("m8", start, start + 3, "iraq", "NOMINAL", reviewed=False))
    events = [dataclasses.replace(document.events[0], realis="GENERIC",
                                  arguments=(Argument("ACTOR", "m2"), Argument("PLACE", "m8")))]
    applied = apply(interchange.layout, dataclasses.replace(
        document, mentions=mentions, events=events, stances=None), "test")
    assert applied.removed == {"mentions": ["m4"], "events": ["e2"]}
    assert applied.changed == {"mentions": ["m1"], "events": ["e1"]}
    assert applied.added == {"mentions": ["m8"]}
    written = path.read_text(encoding="utf-8")
    assert "  - {id: m1, entity: iran, quote: Baghdad, occurrence: 1}\n" in written
    kept = "  - {id: m2, entity: iraq, quote: Iraq, occurrence: 1}  # the state, rule M3\n"
    assert kept in written
    assert "  - {id: m8, entity: iraq, quote: sky, kind: NOMINAL, reviewed: false}\n" in written
    assert "Israel" not in written.split("events:")[0]
    assert "      - {role: PLACE, mention: m8}\n" in written
    assert "realis: GENERIC" in written
    assert written.startswith("# A constructed article")  # the file's comments are kept
    assert "      - quote: is not a corridor\n" in written


def test_a_text_that_is_not_the_article_is_refused(interchange: Repo) -> None:
    path = interchange.annotation.parent / "interchange-article.yaml"
    original = path.read_bytes()
    document = read_annotated(interchange.layout, "interchange-article")
    changed = dataclasses.replace(document, text=document.text.replace("Monday", "Sunday"))
    with pytest.raises(InterchangeError, match=r"not the article's text.*line 1, column 31"):
        apply(interchange.layout, changed, "test")
    assert path.read_bytes() == original


@pytest.mark.parametrize("tool", ROUND_TRIP)
def test_round_trip_changes_no_byte(interchange: Repo, tool: str, tmp_path: Path) -> None:
    folder = interchange.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    out = tmp_path / "exported"
    exported = skies("export", tool, *ARTICLES, "--out", out, root=interchange.root)
    assert exported.exit_code == 0, exported.stderr
    written = sorted(out.rglob("*"))
    assert written, f"{tool} exported nothing"
    source = _import_path(tool, out)
    imported = skies("import", tool, source, root=interchange.root)
    assert imported.exit_code == 0, imported.stderr + imported.stdout
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals
    assert imported.stdout.count("no change") == len(ARTICLES), imported.stdout


def _import_path(tool: str, out: Path) -> Path:
    """What a person would pass to `skies import`: the exported file, or its folder when the
    tool's export is one file per article."""
    files = [p for p in out.rglob("*") if p.is_file()]
    data = [p for p in files if p.suffix in (".json", ".jsonl")]
    return data[0] if len(data) == 1 else files[0].parent


def test_export_never_replaces_a_file_unless_forced(interchange: Repo, tmp_path: Path) -> None:
    tool = ROUND_TRIP[0]
    out = tmp_path / "exported"
    assert skies("export", tool, "tiny-article", "--out", out, root=interchange.root).exit_code == 0
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for path in files:
        path.write_bytes(b"a contributor's own work")
    again = skies("export", tool, "tiny-article", "--out", out, root=interchange.root)
    assert again.exit_code == 2 and "already exist" in again.stderr
    assert all(p.read_bytes() == b"a contributor's own work" for p in files)
    forced = skies("export", tool, "tiny-article", "--out", out, "--force", root=interchange.root)
    assert forced.exit_code == 0
    assert {p: p.read_bytes() for p in files} == files
    assert not [p for p in out.iterdir() if p.name.startswith(".export.")]


def test_an_unknown_tool_or_article_is_refused(interchange: Repo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    unknown = skies("export", "excel", "tiny-article", "--out", out, root=interchange.root)
    assert unknown.exit_code == 2 and "label-studio" in unknown.stderr
    missing = skies("export", ROUND_TRIP[0], "no-such-article", "--out", out,
                    root=interchange.root)
    assert missing.exit_code == 2 and "no-such-article" in missing.stderr
    unsafe = skies("export", ROUND_TRIP[0], "../etc", "--out", out, root=interchange.root)
    assert unsafe.exit_code == 2 and "not a safe article id" in unsafe.stderr
    assert not out.exists() or not list(out.iterdir())


def test_an_article_whose_anchor_fails_is_not_exported(interchange: Repo, tmp_path: Path) -> None:
    interchange.edit(interchange.annotation, "quote: Baghdad}", "quote: Basra}")
    result = skies("export", ROUND_TRIP[0], "tiny-article", "--out", tmp_path / "x",
                   root=interchange.root)
    assert result.exit_code == 2
    assert "tiny-article mention m2" in result.stderr and "skies check" in result.stderr
    assert json.dumps(sorted(p.name for p in (tmp_path / "x").glob("*"))) == "[]"


@pytest.mark.parametrize("tool", ROUND_TRIP)
def test_the_real_corpus_round_trips(seeds: Repo, tool: str, tmp_path: Path) -> None:
    """Every seed article through the tool and back: its 5 articles' mentions, events and
    stances, with their comments, unchanged to the byte."""
    folder = seeds.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    out = tmp_path / "exported"
    ids = sorted(name.removesuffix(".yaml") for name in originals)
    assert skies("export", tool, *ids, "--out", out, root=seeds.root).exit_code == 0
    imported = skies("import", tool, _import_path(tool, out), root=seeds.root)
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.count("no change") == len(ids) == 5
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals
