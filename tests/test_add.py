"""`skies add`: a new article stored verbatim with a skeleton that passes `skies check`, and
every refusal (an existing article, a text already in the corpus, an unsafe id, a file that
is not UTF-8, an empty file) a clear message with exit 2 and nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import Repo, _runner, skies

from sovereign_skies.scripts.cli import app
from sovereign_skies.scripts.edit.add import slug
from sovereign_skies.scripts.validate import validate

TEXT = "Baghdad protested on Monday.\nThe envoy said Iran would respond. 🇮🇶\n"


def _text(tmp_path: Path, data: bytes, name: str = "new.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _tree(repo: Repo) -> dict[str, bytes]:
    return {str(p.relative_to(repo.root)): p.read_bytes()
            for p in (repo.root / "dataset").rglob("*") if p.is_file()}


def test_an_added_article_is_stored_verbatim_and_checks_clean(tiny: Repo,
                                                              tmp_path: Path) -> None:
    source = _text(tmp_path, TEXT.encode())
    result = skies("add", source, "--title", "Baghdad protests, again!", "--story",
                   "tiny-story", "--outlet", "Example Outlet", "--date", "2025-06-14",
                   root=tiny.root)
    assert result.exit_code == 0, result.output
    raw = tiny.layout.raw_file("baghdad-protests-again")
    annotation = tiny.layout.annotation_file("baghdad-protests-again")
    assert raw.read_bytes() == TEXT.encode()
    written = annotation.read_text(encoding="utf-8")
    assert f"raw_sha256: {hashlib.sha256(TEXT.encode()).hexdigest()}" in written
    assert "outlet: Example Outlet" in written and "url: null" in written
    assert "url_note: Not given" in written and "value: 2025-06-14, precision: DAY" in written
    assert skies("check", "baghdad-protests-again", root=tiny.root).exit_code == 0
    faults = validate(tiny.layout, built=False).faults
    # Only the provenance it was added without (no --url) is reported, with the reason.
    assert [f.code for f in faults if f.file == tiny.layout.rel(annotation)] == ["M108"]


def test_an_unknown_date_is_recorded_as_unknown_with_the_reason(tiny: Repo,
                                                                tmp_path: Path) -> None:
    skies("add", _text(tmp_path, TEXT.encode()), "--id", "undated", "--story", "tiny-story",
          root=tiny.root)
    written = tiny.layout.annotation_file("undated").read_text(encoding="utf-8")
    assert "published: {value: null, precision: UNKNOWN, basis: UNKNOWN, note: No " in written


def test_crlf_and_non_nfc_text_are_recorded_as_cleaning_steps(tiny: Repo,
                                                              tmp_path: Path) -> None:
    text = "Cafe\u0301 in Baghdad.\r\nSecond line.\r\n"
    skies("add", _text(tmp_path, text.encode()), "--id", "crlf", "--story", "tiny-story",
          root=tiny.root)
    written = tiny.layout.annotation_file("crlf").read_text(encoding="utf-8")
    assert "op: normalize_newlines" in written and "op: nfc" in written
    assert tiny.layout.raw_file("crlf").read_bytes() == text.encode()
    assert skies("check", "crlf", root=tiny.root).exit_code == 0
    assert skies("text", "crlf", root=tiny.root).stdout.startswith("Café in Baghdad.\nSecond")


def test_a_new_story_is_added_to_stories_keeping_its_comments(tiny: Repo,
                                                              tmp_path: Path) -> None:
    stories = tiny.layout.stories
    stories.write_text("# A contributor's comment.\n" + stories.read_text(encoding="utf-8"),
                       encoding="utf-8")
    result = skies("add", _text(tmp_path, TEXT.encode()), "--id", "fresh", "--story",
                   "fresh-story", "--split", "test", root=tiny.root)
    assert result.exit_code == 0
    written = stories.read_text(encoding="utf-8")
    assert written.startswith("# A contributor's comment.\n")
    assert "- id: fresh-story\n    split: test\n" in written
    assert skies("check", "fresh", root=tiny.root).exit_code == 0


def test_standard_input_is_read(tiny: Repo) -> None:
    result = _runner.invoke(app, ["add", "-", "--id", "piped", "--story", "tiny-story",
                                  "--root", str(tiny.root)], input=TEXT.encode())
    assert result.exit_code == 0, result.output
    assert tiny.layout.raw_file("piped").read_bytes() == TEXT.encode()


@pytest.mark.parametrize(("data", "options", "says"), [
    (TEXT.encode(), ["--id", "tiny-article"], "dataset/annotations/tiny-article.yaml exists"),
    (TEXT.encode(), ["--id", "../escape"], "not a safe article id"),
    (TEXT.encode(), ["--id", "a/b"], "not a safe article id"),
    (TEXT.encode(), ["--id", "con"], "not a safe article id"),
    (TEXT.encode(), ["--title", "Two  Words", "--id", "two words"], "not a safe article id"),
    ("café\n".encode("latin-1"), ["--id", "latin"], ":1: byte 0xe9 at offset 3 is not UTF-8"),
    (b"", ["--id", "empty"], "the file is empty"),
    (TEXT.encode(), [], "give --id, or a --title"),
    (TEXT.encode(), ["--id", "x", "--story", "no-such-story"], "give --split to add it"),
    (TEXT.encode(), ["--id", "x", "--date", "2025-02-30"], "not a calendar date"),
    (TEXT.encode(), ["--id", "x", "--date", "2025-06", "--precision", "DAY"], "matching"),
    (TEXT.encode(), ["--id", "x", "--date", "2025", "--date-basis", "GUESSED"],
     "--date-basis GUESSED: one of"),
])
def test_refusals_exit_two_and_write_nothing(tiny: Repo, tmp_path: Path, data: bytes,
                                             options: list[str], says: str) -> None:
    before = _tree(tiny)
    story = [] if "--story" in options else ["--story", "tiny-story"]
    result = skies("add", _text(tmp_path, data), *options, *story, root=tiny.root)
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output and _tree(tiny) == before


@pytest.mark.parametrize(("stories", "says"), [
    ("stories:\n  - {id: a, split: train\n", "dataset/stories.yaml: line 3"),
    ("- just a list\n", "not a `stories:` list"),
])
def test_a_broken_stories_file_is_named_and_nothing_written(tiny: Repo, tmp_path: Path,
                                                            stories: str, says: str) -> None:
    tiny.layout.stories.write_text(stories, encoding="utf-8")
    before = _tree(tiny)
    result = skies("add", _text(tmp_path, TEXT.encode()), "--id", "x", "--story", "new",
                   "--split", "train", root=tiny.root)
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output and _tree(tiny) == before


def test_a_text_already_in_the_corpus_names_the_article(tiny: Repo, tmp_path: Path) -> None:
    existing = tiny.layout.raw_file("tiny-article").read_bytes()
    result = skies("add", _text(tmp_path, existing), "--id", "copy", "--story", "tiny-story",
                   root=tiny.root)
    assert result.exit_code == 2 and "already in the corpus as article 'tiny-article'" in \
        result.output


def test_a_legacy_encoding_is_read_with_encoding_and_stored_as_utf8(tiny: Repo,
                                                                    tmp_path: Path) -> None:
    source = _text(tmp_path, "Café in Baghdad.\n".encode("latin-1"))
    assert skies("add", source, "--id", "legacy", "--story", "tiny-story", "--encoding",
                 "latin-1", root=tiny.root).exit_code == 0
    assert tiny.layout.raw_file("legacy").read_text(encoding="utf-8") == "Café in Baghdad.\n"


def test_an_id_from_a_title_is_safe_and_short() -> None:
    assert slug("Iraq's Sovereignty: Airspace & the U.S. — 2025") == \
        "iraq-s-sovereignty-airspace-the-u-s-2025"
    assert len(slug("word " * 40)) <= 60
