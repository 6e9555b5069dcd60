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
from sovereign_skies.scripts.publish.pages import looks_like_html, read_page, url_key
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
    _assert_the_full_release(out)
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



# --- saved pages ------------------------------------------------------------------------
# Each page is built here around a shipped raw text, as a news site's template would hold
# it; no publisher's HTML is stored.

_ENTITIES = {"\u2019": "&#8217;", "\u201c": "&ldquo;", "\u201d": "&#x201D;", "\xa0": "&nbsp;"}


def _raw(article: str) -> str:
    return (REPO / "dataset" / "raw" / f"{article}.txt").read_text("utf-8")


def _article(article: str) -> dict:
    rows = pl.read_parquet(REPO / "dataset" / "data" / "articles-textfree")
    return rows.filter(pl.col("article_id") == article).row(0, named=True)


def _escaped(text: str, entities: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char, entity in _ENTITIES.items() if entities else ():
        text = text.replace(char, entity)
    return text


def _marked_up(paragraph: str, entities: bool) -> str:
    """A paragraph's source: wrapped over indented lines, a link and emphasis inside, its
    line breaks as <br>."""
    lines = []
    for line in paragraph.split("\n"):
        words = _escaped(line, entities).split(" ")  # ASCII spaces only: NBSPs stay
        lines.append("\n        ".join(" ".join(words[i:i + 9])
                                       for i in range(0, len(words), 9)))
    source = "<br>".join(lines)
    return (source.replace("Iraq", '<a href="/tag/iraq">Iraq</a>', 1)
            .replace("Iran", "<em>Iran</em>", 1))


def _page(raw: str, headline: str, url: str = "", *, charset: str = "utf-8",
          entities: bool = True, declare: bool = True, bom: bool = False) -> bytes:
    """A page as a browser saves it: the raw text's paragraphs (blank-line separated, or
    one per line) as <p>, its headline as <h1> (added when the raw text has none), inside
    an <article> among the site's menus, scripts, styles, sidebar and footer."""
    paragraphs = raw.split("\n\n" if "\n\n" in raw else "\n")
    blocks = [f"<h1>{_escaped(p, entities)}</h1>" if p == headline
              else f"<p>{_marked_up(p, entities)}</p>" for p in paragraphs]
    if headline not in paragraphs:
        blocks.insert(0, f"<h1>{_escaped(headline, entities)}</h1>")
    blocks.insert(len(blocks) // 2, '<!-- ad slot --><div class="share"><button>Share'
                                    '</button></div>')
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            if declare else "")
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    article = "\n      ".join(blocks)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  {meta}
  <title>{_escaped(headline, entities)} | The Outlet</title>
  {canonical}
  <style>p {{ margin: 0 0 1em }} nav li {{ display: inline }}</style>
  <script>window.dataLayer = ["<p>not the article</p>"];</script>
</head>
<body>
  <header class="site"><a href="/">The Outlet</a>
    <nav><ul><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      {article}
    </article>
    <aside><h2>Most read</h2><ul><li><a href="/other">Another story</a></li></ul></aside>
  </main>
  <footer><p>&copy; 2025 The Outlet</p>
    <form action="/subscribe"><input name="email"><button>Subscribe</button></form>
  </footer>
  <script src="/app.js"></script>
</body>
</html>
"""
    return (b"\xef\xbb\xbf" if bom else b"") + page.encode(charset)


def _headline(article: str) -> str:
    return _article(article)["title"] or "Iraq's airspace: the ambassador speaks"


def _pages(tmp_path: Path, **style: object) -> Path:
    """Every article as a saved page (some without a .html suffix: sniffed by content)."""
    copies = tmp_path / "copies"
    copies.mkdir()
    for n, raw in enumerate(sorted((REPO / "dataset" / "raw").glob("*.txt"))):
        name = f"saved-{n}" + (".html" if n % 2 else "")
        (copies / name).write_bytes(_page(raw.read_text("utf-8"), _headline(raw.stem),
                                          **style))
    return copies


def _assert_the_full_release(out: Path) -> None:
    compared = 0
    for config in FULL:
        for original in sorted((REPO / "dataset" / "data" / config).glob("*.parquet")):
            assert (out / "data" / config / original.name).read_bytes() == \
                original.read_bytes(), original
            compared += 1
    assert compared == 18  # six configs, three splits each


def _without(copies: Path, article: str) -> None:
    for saved in copies.iterdir():
        if saved.read_bytes() == _raw(article).encode("utf-8"):
            saved.unlink()


def _refused(result) -> str:
    """The refusal's message, after checking it is one: exit 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    assert "nothing written" in result.stderr
    return result.stderr


@pytest.mark.parametrize("style", [
    {"charset": "utf-8", "entities": True},
    {"charset": "utf-8", "entities": False, "declare": False, "bom": True},
    {"charset": "windows-1252", "entities": False},
], ids=["utf-8-entities", "utf-8-bom-undeclared", "windows-1252"])
def test_saved_pages_hydrate_to_the_full_release_byte_for_byte(tmp_path: Path,
                                                              style: dict) -> None:
    release, out = _text_free_release(tmp_path), tmp_path / "out"
    copies = _pages(tmp_path, **style)
    pages = [p.read_bytes() for p in copies.iterdir()]
    assert len(pages) == 5 and all(b"<p>" in p for p in pages)
    if style["charset"] == "windows-1252":  # U+2019 as that charset writes it
        assert any(b"\x92" in p for p in pages)
    result = _hydrate(release, copies, out)
    assert result.exit_code == 0, result.output
    _assert_the_full_release(out)


@pytest.mark.parametrize("named_by", ["canonical", "og:url", "saved from", "file name"])
def test_an_edited_page_is_refused_naming_the_file_and_article(tmp_path: Path,
                                                              named_by: str) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    article = "sadeq-us-spy-planes-iraqi-airspace"
    url = _article(article)["url"]
    _without(copies, article)
    edited = _raw(article).replace("spy planes", "surveillance planes", 1)  # one paragraph
    assert edited != _raw(article)
    page = _page(edited, _headline(article), url if named_by == "canonical" else "")
    if named_by == "og:url":  # the same address as the site may write it
        page = page.replace(b"<head>", b'<head><meta property="og:url" content="' +
                            url.replace("https://", "http://www.").encode() + b'/">', 1)
    if named_by == "saved from":  # as Chrome notes it
        page = page.replace(b"<html", f"<!-- saved from url=({len(url):04d}){url} -->\n"
                            "<html".encode(), 1)
    name = f"{article}.html" if named_by == "file name" else "page.html"
    (copies / name).write_bytes(page)
    stderr = _refused(_hydrate(release, copies, out))
    assert f"{copies / name}: a saved page of article {article} (" in stderr
    assert "so the hash check failed" in stderr
    assert "save the article's text itself" in stderr
    assert f"article {article}: no file in" not in stderr  # said once, for the page
    assert not out.exists()
    # The same page unedited is accepted.
    (copies / name).write_bytes(page.replace(b"surveillance planes", b"spy planes"))
    assert _hydrate(release, copies, out).exit_code == 0


def test_a_page_beside_its_raw_text_is_no_fault(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    article = "araji-concludes-tehran-visit"
    edited = _raw(article).replace("productive", "fruitful", 1)
    (copies / f"{article}.html").write_bytes(_page(edited, _headline(article)))
    assert _hydrate(release, copies, out).exit_code == 0


def test_a_truncated_page_is_refused_as_perhaps_cut_short(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    article = "tna-iran-iraq-strategic-relations"
    _without(copies, article)
    page = _page(_raw(article), _headline(article), _article(article)["url"])
    (copies / "page.html").write_bytes(page[:len(page) // 2])
    stderr = _refused(_hydrate(release, copies, out))
    assert f"page.html: a saved page of article {article} (its canonical link is the " \
        "article's url)" in stderr
    assert "does not end with </html>, so it may have been cut short" in stderr


@pytest.mark.parametrize(("data", "reason"), [
    (bytes(range(0x80, 0x100)) * 4,
     "is not valid utf-8 (none declared, so the default): byte 0x80 at offset 0"),
    (b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>\xff\xfe</body>",
     "is not valid utf-8 (declared by its <meta>): byte 0xff at offset 62"),
    (b"<!DOCTYPE html><html><head><meta charset='klingon-8'></head></html>",
     "declares the charset 'klingon-8', which is not a known text encoding"),
    (b"<\x00h\x00t\x00m\x00l\x00>\x00", "holds NUL characters"),
    (b"", "holds no HTML"),
], ids=["garbage", "not-its-charset", "unknown-charset", "utf-16-without-bom", "empty"])
def test_an_unreadable_page_is_named_with_its_reason(tmp_path: Path, data: bytes,
                                                    reason: str) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    article = "sadeq-us-spy-planes-iraqi-airspace"
    _without(copies, article)
    (copies / f"{article}.html").write_bytes(data)
    stderr = _refused(_hydrate(release, copies, out))
    assert f"{article}.html: a saved page of article {article} (it is named after the " \
        f"article); cannot be read: it {reason}" in stderr


def test_a_page_of_no_article_is_named_only_when_an_article_lacks_a_copy(tmp_path: Path
                                                                        ) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    (copies / "bookmark.html").write_bytes(_page("Weather\nSunny all week.", "Weather"))
    assert _hydrate(release, copies, out).exit_code == 0  # an unrelated page is ignored
    shutil.rmtree(out)
    _without(copies, "araji-concludes-tehran-visit")
    stderr = _refused(_hydrate(release, copies, out))
    assert "bookmark.html: a saved page that gives no article's url and is named after " \
        "none; none of the" in stderr and "has any article's raw_sha256" in stderr
    assert "article araji-concludes-tehran-visit: no file in" in stderr


def test_a_raw_text_named_html_is_matched_by_its_bytes(tmp_path: Path) -> None:
    release, copies, out = _text_free_release(tmp_path), _copies(tmp_path), tmp_path / "out"
    for saved in copies.iterdir():
        saved.rename(saved.with_suffix(".html"))
    assert _hydrate(release, copies, out).exit_code == 0


@pytest.mark.parametrize(("name", "data", "html"), [
    ("copy.txt", b"US using Iraqi airspace to spy on Iran\n", False),
    ("copy.txt", b"<b>Breaking</b>: a text that opens with markup", False),
    ("copy", b"<htmlish>", False),
    ("copy", b"\xef\xbb\xbf \n<!DOCTYPE html><html>", True),
    ("copy", b"<!-- saved from url=(0019)https://example.org -->\n<HTML lang=en>", True),
    ("copy", "<!doctype html>".encode("utf-16"), True),
    ("copy.HTM", b"anything at all", True),
])
def test_a_page_is_told_by_its_start_or_its_name(name: str, data: bytes, html: bool) -> None:
    assert looks_like_html(name, data) is html


def test_a_page_gives_its_blocks_in_every_layout_and_nothing_of_its_code() -> None:
    page = read_page(b"<!doctype html><html><head><title>T | Site</title>"
                     b"<script>SCRIPT</script><style>p{color:red}</style></head><body>"
                     b"<nav>Menu</nav><article><h1>H</h1>\n<p>a &amp;\n   b&nbsp;</p>"
                     b"<!-- ad --><p>c<br>d</p></article><footer>F</footer></body></html>")
    found = set(page.candidates)
    assert {
        "H\na & b\xa0\nc\nd",  # a block a line, NBSP kept as the page writes it
        "a & b\xa0\n\nc\nd\n",  # blank lines between, no headline, a final line break
        "H\n\na & b\xa0\n\nc\nd",  # as a browser copies it: blank lines around a <p>
        "T\n\na & b\n\nc\nd",  # the title without the site's name, NBSP made a space
        "Menu\nH\na & b\xa0\nc\nd\nF",  # the whole page, menus and footer too
    } <= found
    assert not any("&\n" in c for c in found)  # a line break in the source is a space
    assert not any("SCRIPT" in c or "color" in c for c in found)
    assert len(found) < 300 and page.complete


@pytest.mark.parametrize(("data", "text"), [
    (b'<meta charset="windows-1252"><p>it\x92s</p>', "it\u2019s"),
    (b'<meta charset="ISO-8859-1"><p>it\x92s</p>', "it\u2019s"),  # as HTML reads Latin-1
    (b"\xef\xbb\xbf<meta charset='windows-1252'><p>it\xe2\x80\x99s</p>", "it\u2019s"),
    ("<!doctype html><p>it\u2019s</p>".encode("utf-16"), "it\u2019s"),
    (b"<p>it&rsquo;s &#8220;so&#x201D;</p>", "it\u2019s \u201cso\u201d"),
])
def test_a_page_is_read_in_its_declared_charset(data: bytes, text: str) -> None:
    assert text in read_page(data).candidates


def test_a_page_names_its_address_as_the_article_compares_it() -> None:
    page = read_page(b'<html><head><link rel="Canonical" href="https://www.x.org/a/b/">'
                     b'<meta property="og:url" content="http://x.org/a/c"></head></html>')
    assert page.urls == (("its canonical link", "https://www.x.org/a/b/"),
                         ("its og:url", "http://x.org/a/c"))
    assert url_key("https://www.X.org/a/b/?utm=1#top") == url_key("http://x.org/a/b")
    assert url_key("https://x.org/a/b") != url_key("https://x.org/a/c")
    assert not page.candidates and page.complete
