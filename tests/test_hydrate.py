"""The text-free configs and `skies hydrate`: strip the texts, restore them from copies of
the raw files, and get the full release back byte for byte; refusals name the article."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import datasets
import polars as pl
import pytest
from conftest import REPO, skies
from hypothesis import given
from hypothesis import strategies as st

from sovereign_skies.schema.columns import TABLES, TEXTFREE, Column
from sovereign_skies.scripts.resolve.cleaning import removed_stretches, restored

FULL = sorted(set(TEXTFREE.values()))


def _text_free_release(tmp_path: Path) -> Path:
    """A copy of the committed release with the text-free configs only (and the configs
    that hold no text): what someone who may not redistribute the texts would publish."""
    release = tmp_path / "release"
    (release / "data").mkdir(parents=True)
    shutil.copy(REPO / "dataset" / "README.md", release / "README.md")
    for folder in (REPO / "dataset" / "data").iterdir():
        if folder.name not in FULL:
            shutil.copytree(folder, release / "data" / folder.name)
    return release


def _copies(tmp_path: Path) -> Path:
    """The raw files under names that say nothing: copies are matched by hash."""
    copies = tmp_path / "copies"
    copies.mkdir()
    for n, raw in enumerate(sorted((REPO / "dataset" / "raw").glob("*.txt"))):
        shutil.copy(raw, copies / f"saved-{n}.txt")
    return copies


def _hydrate(release: Path, copies: Path, out: Path, *more: str):
    return skies("hydrate", copies, "--out", out, "--release", release, *more)


def test_every_config_with_text_has_a_text_free_variant_without_any_text() -> None:
    def text_columns(columns: tuple[Column, ...]) -> list[str]:
        return [c.name for c in columns if c.text_source is not None] + [
            name for c in columns for name in text_columns(c.fields)]
    assert set(FULL) == {"articles", "documents", "mentions", "events", "stances", "tokens"}
    for variant in TEXTFREE:
        assert text_columns(TABLES[variant][0]) == []
    # The committed text-free files hold no sentence of any article.
    sentence = "Iraq is independent and must have full independence"
    for path in (REPO / "dataset" / "data").glob("*-textfree/*.parquet"):
        assert sentence.encode() not in path.read_bytes(), path


def test_strip_then_hydrate_gives_the_full_release_byte_for_byte(tmp_path: Path) -> None:
    release, out = _text_free_release(tmp_path), tmp_path / "out"
    result = _hydrate(release, _copies(tmp_path), out)
    assert result.exit_code == 0, result.output
    compared = 0
    for config in FULL:
        for original in sorted((REPO / "dataset" / "data" / config).glob("*.parquet")):
            assert (out / "data" / config / original.name).read_bytes() == \
                original.read_bytes(), original
            compared += 1
    assert compared == 18  # six configs, three splits each
    # ... and it loads: the card beside the files names every config.
    loaded = datasets.load_dataset(str(out), "documents", split="train")
    texts = dict(zip(loaded["article_id"], loaded["text"], strict=True))
    assert "Iraq is independent and must have full independence" in texts[
        "sadeq-us-spy-planes-iraqi-airspace"]


def test_a_copy_with_crlf_line_ends_is_accepted(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    first = sorted(copies.iterdir())[0]
    first.write_bytes(first.read_bytes().replace(b"\n", b"\r\n"))
    assert _hydrate(release, copies, out).exit_code == 0


def test_a_copy_of_another_version_is_refused_naming_the_article(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    article = "sadeq-us-spy-planes-iraqi-airspace"
    edited = (REPO / "dataset" / "raw" / f"{article}.txt").read_text("utf-8")
    for saved in copies.iterdir():
        if saved.read_text("utf-8") == edited:
            saved.unlink()
    # The page as re-edited by its publisher: one word changed.
    (copies / f"{article}.txt").write_text(edited.replace("spy", "survey", 1), "utf-8")
    result = _hydrate(release, copies, out)
    assert result.exit_code == 1
    assert f"of article {article}: another version of the text" in result.stderr
    assert "nothing written" in result.stderr
    assert not out.exists()


def test_a_missing_copy_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    for saved in copies.iterdir():
        if "Shafaq News/" in saved.read_text("utf-8"):
            saved.unlink()
    result = _hydrate(release, copies, out)
    assert result.exit_code == 1
    assert "article araji-concludes-tehran-visit: no file in" in result.stderr
    assert not out.exists()


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("my notes\n", "utf-8")
    result = _hydrate(release, copies, out)
    assert result.exit_code == 1 and "pass --force" in result.stderr
    assert (out / "README.md").read_text("utf-8") == "my notes\n"
    assert _hydrate(release, copies, out, "--force").exit_code == 0


def test_a_folder_without_a_text_free_release_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _hydrate(tmp_path / "empty", _copies(tmp_path), tmp_path / "out")
    assert result.exit_code == 1 and "no text-free release here" in result.stderr
    assert _hydrate(tmp_path, tmp_path / "nowhere", tmp_path / "out").exit_code == 2


def test_the_release_records_what_the_cleaning_removed() -> None:
    articles = pl.concat(pl.read_parquet(p) for p in
                         (REPO / "dataset" / "data" / "articles").glob("*.parquet"))
    for row in articles.iter_rows(named=True):
        raw = (REPO / "dataset" / "raw" / f"{row['article_id']}.txt").read_text("utf-8")
        stretches = (row["removed_starts"], row["removed_ends"])
        assert restored(raw, stretches) == row["text"]
    tna = articles.filter(pl.col("article_id") == "tna-iran-iraq-strategic-relations")
    assert tna["removed_starts"].item().to_list()[0] == 0  # the page header went first
    # Steps are described without quoting what they removed.
    assert not any("Politics Local" in step for step in tna["cleaning"].item().to_list())


@given(st.text(alphabet="ab \nxé", max_size=40), st.data())
def test_any_removal_is_found_again(source: str, data: st.DataObject) -> None:
    source = unicodedata.normalize("NFC", source)
    keep = data.draw(st.lists(st.booleans(), min_size=len(source), max_size=len(source)))
    kept = unicodedata.normalize("NFC", "".join(c for c, k in zip(source, keep, strict=True)
                                                if k))
    found = removed_stretches(source, kept)
    assert found is not None and restored(source, found) == kept


@pytest.mark.parametrize(("raw", "text"), [("abc", "abXc"), ("abc", "cab")])
def test_a_cleaning_that_adds_or_reorders_text_records_no_stretches(raw: str, text: str
                                                                    ) -> None:
    assert removed_stretches(raw, text) is None
