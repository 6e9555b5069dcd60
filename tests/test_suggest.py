"""`skies suggest`: mentions from the registry's names and aliases by the guide's rules
(whole words, case as written, longest first, no overlap with existing mentions), written with
correct anchors as unreviewed mentions, keeping the file's comments; never over a file that
changed meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.check import check_articles, select_articles
from sovereign_skies.scripts.edit import suggest
from sovereign_skies.scripts.read.models import EntitySource
from sovereign_skies.scripts.resolve.text import article_text

TEXT = ("🇮🇶 Baghdad said al-Araji met Iranian envoys.\n"
        "Al-Araji said Iran-backed groups and Iran's allies respect the Islamic Republic of "
        "Iran.\n")


def _entities() -> list[EntitySource]:
    return [EntitySource(id="iraq", name="Iraq", type="GPE", aliases=["Baghdad", "Iraqi"]),
            EntitySource(id="iran", name="Iran", type="GPE",
                         aliases=["Iranian", "Islamic Republic of Iran"]),
            EntitySource(id="baghdad", name="Baghdad", type="GPE"),
            EntitySource(id="qasim-al-araji", name="al-Araji", type="PER")]


def _found(text: str, taken: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    owners = suggest.surface_forms(_entities())
    return [(text[s.start:s.end], s.entity) for s in suggest.suggestions(text, owners,
                                                                       taken or [])]


def test_the_guide_s_matching_rules() -> None:
    assert _found(TEXT) == [
        ("Baghdad", "baghdad"), ("al-Araji", "qasim-al-araji"), ("Iranian", "iran"),
        ("Al-Araji", "qasim-al-araji"), ("Iran", "iran"), ("Iran", "iran"),
        ("Islamic Republic of Iran", "iran")]


def test_words_inside_other_words_and_other_cases_are_not_matched() -> None:
    assert _found("Iranians and iran and IRAN and Iraqis.") == []


def test_existing_mentions_are_left_alone() -> None:
    start = TEXT.index("Baghdad")
    assert ("Baghdad", "baghdad") not in _found(TEXT, [(start, start + 7)])


def test_a_name_outranks_an_alias_and_the_other_owner_is_kept() -> None:
    owners = suggest.surface_forms(_entities())
    assert owners["Baghdad"] == ["baghdad", "iraq"]


@pytest.fixture
def new_article(tiny: Repo, tmp_path: Path) -> Repo:
    source = tmp_path / "new.txt"
    source.write_text(TEXT, encoding="utf-8")
    tiny.layout.entities.write_text(
        "# The registry, with a contributor's comment.\nentities:\n"
        "  - {id: iran, name: Iran, type: GPE, aliases: [Iranian, Islamic Republic of Iran]}\n"
        "  - {id: iraq, name: Iraq, type: GPE, aliases: [Baghdad]}\n"
        "  - {id: qasim-al-araji, name: al-Araji, type: PER}\n", encoding="utf-8")
    assert skies("add", source, "--id", "new-one", "--story", "tiny-story",
                 root=tiny.root).exit_code == 0
    path = tiny.layout.annotation_file("new-one")
    path.write_text("# Annotated by a contributor.\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return tiny


def test_suggest_writes_anchors_that_resolve_to_the_matches(new_article: Repo) -> None:
    result = skies("suggest", "new-one", root=new_article.root)
    assert result.exit_code == 0 and "appended 7 unreviewed mention(s)" in result.stdout
    written = new_article.layout.annotation_file("new-one").read_text(encoding="utf-8")
    assert written.startswith("# Annotated by a contributor.\n")
    assert "- {id: m5, entity: iran, quote: Iran, occurrence: 2, reviewed: false}" in written
    faults = check_articles(new_article.layout, select_articles(new_article.layout,
                                                                ["new-one"])).faults
    suggested = [f for f in faults if f.code != "M108"]  # added without a URL
    assert {f.code for f in suggested} == {"S124"} and len(suggested) == 7
    text = article_text(new_article.layout, "new-one")
    assert text.startswith("🇮🇶")  # offsets are code points: the flag is two of them


def test_a_second_run_suggests_nothing_new(new_article: Repo) -> None:
    skies("suggest", "new-one", root=new_article.root)
    before = new_article.layout.annotation_file("new-one").read_bytes()
    result = skies("suggest", "new-one", root=new_article.root)
    assert "found 0 unreviewed" in result.stdout
    assert new_article.layout.annotation_file("new-one").read_bytes() == before


def test_dry_run_writes_nothing(new_article: Repo) -> None:
    before = new_article.layout.annotation_file("new-one").read_bytes()
    result = skies("suggest", "new-one", "--dry-run", root=new_article.root)
    assert "would append 7" in result.stdout
    assert new_article.layout.annotation_file("new-one").read_bytes() == before


def test_reviewed_suggestions_pass_strict_and_unreviewed_ones_fail_it(new_article: Repo
                                                                      ) -> None:
    skies("suggest", "new-one", root=new_article.root)
    assert skies("check", "new-one", root=new_article.root).exit_code == 0  # warnings
    assert skies("check", "new-one", "--strict", root=new_article.root).exit_code == 1
    assert skies("validate", "--sources-only", "--strict", "--ignore", "D105",
                 root=new_article.root).exit_code == 1
    path = new_article.layout.annotation_file("new-one")
    path.write_text(path.read_text(encoding="utf-8").replace(", reviewed: false", ""),
                    encoding="utf-8")
    assert skies("check", "new-one", "--strict", root=new_article.root).exit_code == 0


def test_a_file_edited_meanwhile_is_never_overwritten(new_article: Repo,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = new_article.layout.annotation_file("new-one")
    save = suggest.yamlfile.loads

    def edit_then_load(text: str):  # a contributor saves while suggest is working
        path.write_text(path.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
        return save(text)

    monkeypatch.setattr(suggest.yamlfile, "loads", edit_then_load)
    result = skies("suggest", "new-one", root=new_article.root)
    assert result.exit_code == 2 and "changed while suggesting; nothing written" in \
        result.output
    assert path.read_text(encoding="utf-8").endswith("# my edit\n")
    assert "reviewed: false" not in path.read_text(encoding="utf-8")


def test_an_unknown_or_unsafe_article_is_bad_usage(tiny: Repo) -> None:
    assert skies("suggest", "../x", root=tiny.root).exit_code == 2
    result = skies("suggest", "nope", root=tiny.root)
    assert result.exit_code == 2 and "nope" in result.output
