"""CoNLL-style BIO export for review: a token a line with its outer and inner IOB2 tags and
entities, sentences apart, emoji kept whole, nested mentions on two levels and the rest listed;
export only."""

from __future__ import annotations

from pathlib import Path

from conftest import Repo, skies

from sovereign_skies.scripts.interchange.conll import lines, tokens
from sovereign_skies.scripts.interchange.document import Annotated, Mention, Registry
from sovereign_skies.scripts.read.models import EntitySource

TINY = """\
# article_id = tiny-article
# columns = token outer-tag outer-entity inner-tag inner-entity
Iran\tB-GPE\tiran\tO\t_
’\tO\t_\tO\t_
s\tO\t_\tO\t_
envoy\tO\t_\tO\t_
said\tO\t_\tO\t_
Baghdad\tB-GPE\tiraq\tO\t_
met\tO\t_\tO\t_
Tehran\tO\t_\tO\t_
.\tO\t_\tO\t_

Iraq\tB-GPE\tiraq\tO\t_
rejected\tO\t_\tO\t_
strikes\tO\t_\tO\t_
.\tO\t_\tO\t_

Iraq\tO\t_\tO\t_
met\tO\t_\tO\t_
Iran\tO\t_\tO\t_
.\tO\t_\tO\t_
"""


def _export(repo: Repo, out: Path, article: str) -> str:
    result = skies("export", "conll", article, "--out", out, root=repo.root)
    assert result.exit_code == 0, result.stderr
    return (out / f"{article}.conll").read_text(encoding="utf-8")


def test_the_tiny_article_as_written_by_hand(tiny: Repo, tmp_path: Path) -> None:
    assert _export(tiny, tmp_path / "out", "tiny-article") == TINY


def test_nested_mentions_take_the_inner_level_and_crossing_ones_are_listed(
        tiny: Repo, tmp_path: Path) -> None:
    tiny.edit(tiny.annotation, "  - {id: m2,", "  - {id: m4, entity: iran, quote: Iran’s envoy, "
              "kind: NOMINAL}\n  - {id: m5, entity: iraq, quote: envoy said}\n  - {id: m2,")
    written = _export(tiny, tmp_path / "out", "tiny-article")
    assert written.startswith(
        "# article_id = tiny-article\n"
        "# columns = token outer-tag outer-entity inner-tag inner-entity\n"
        "# not tagged: m5 'envoy said' [7, 17) iraq: overlaps the two tagged levels\n"
        "Iran\tB-GPE\tiran\tB-GPE\tiran\n"
        "’\tI-GPE\tiran\tO\t_\n"
        "s\tI-GPE\tiran\tO\t_\n"
        "envoy\tI-GPE\tiran\tO\t_\n"
        "said\tO\t_\tO\t_\n")


def test_emoji_and_flags_are_whole_tokens(interchange: Repo, tmp_path: Path) -> None:
    written = _export(interchange, tmp_path / "out", "interchange-article").splitlines()
    assert written[2:5] == ["🇮🇶\tO\t_\tO\t_", "Baghdad\tB-GPE\tiraq\tO\t_", "—\tO\t_\tO\t_"]
    assert "🚀\tO\t_\tO\t_" in written and "🛩️\tO\t_\tO\t_" in written
    assert "its\tB-GPE\tiraq\tO\t_" in written  # m7, the PRONOUN


def test_the_tokenizer() -> None:
    text = "🇮🇶 U.S.-led x🚀y 👩‍❤️‍👩 1,500 snake_case café"
    found = [text[s:e] for s, e in tokens(text, set())]
    assert found == ["🇮🇶", "U", ".", "S", ".", "-", "led", "x", "🚀", "y", "👩‍❤️‍👩", "1", ",",
                     "500", "snake_case", "café"]
    # A mention edge inside a word cuts the token ("SupremeNational" in a real article).
    glued = "theSupreme one"
    assert [glued[s:e] for s, e in tokens(glued, {3})] == ["the", "Supreme", "one"]


def test_a_sentence_ends_at_a_line_break_or_a_full_stop_not_inside_a_mention() -> None:
    text = "U.S. spy planes flew. Then St. Louis\nsaid no"
    start = text.index("St. Louis")
    document = Annotated("x", text, [Mention("m1", start, start + 9, "stl")])
    registry = Registry({"stl": EntitySource(id="stl", name="St. Louis", type="GPE")})
    rows = [row.split("\t")[0] for row in lines(document, registry)[2:]]
    assert rows == ["U", ".", "S", ".", "spy", "planes", "flew", ".", "", "Then", "St", ".",
                    "Louis", "", "said", "no"]


def test_conll_is_export_only_and_needs_registry_entities(tiny: Repo, tmp_path: Path) -> None:
    refused = skies("import", "conll", tmp_path, root=tiny.root)
    assert refused.exit_code == 2 and "cannot read 'conll'" in refused.stderr
    tiny.edit(tiny.annotation, "entity: iraq, quote: Baghdad", "entity: atlantis, quote: Baghdad")
    result = skies("export", "conll", "tiny-article", "--out", tmp_path / "out", root=tiny.root)
    assert result.exit_code == 2
    assert "tiny-article mention m2: entity 'atlantis' is not in the registry" in result.stderr
