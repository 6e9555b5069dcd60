"""Saved web pages as copies of an article: the raw texts a page could hold.

A raw file is the article's text as someone took it from the publisher's page, so a page
saved by a browser ("Save page as") holds it too, laid out as HTML. This module reads the
page's blocks of text (headline, paragraphs, list items, ...) in document order and lays
them out in each of a small, fixed set of ways a raw text could have been made from them
(`candidates`). It never decides whether one is right: `hydrate.py` accepts a candidate only
when its sha256 is an article's `raw_sha256`, so trying more layouts can never accept a
wrong text, only find the right one more often.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from urllib.parse import urlsplit

from lxml import etree, html

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Elements whose text is not page text: code, styling, embedded media, form widgets.
_NOT_TEXT = frozenset({"head", "script", "style", "noscript", "template", "svg", "math",
                       "iframe", "object", "embed", "canvas", "video", "audio", "select",
                       "option", "textarea", "button", "input"})
# The page around the article: menus, sidebars, forms. A header or footer inside an
# <article> is the article's own (its headline, byline, date), so only the page's are chrome.
_CHROME = frozenset({"nav", "aside", "form", "dialog"})
_PAGE_CHROME = frozenset({"header", "footer"})
_BLOCKS = frozenset({"html", "body", "address", "article", "aside", "blockquote", "center",
                     "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
                     "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                     "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
                     "section", "summary", "table", "caption", "thead", "tbody", "tfoot",
                     "tr", "td", "th", "ul"})
_BREAK = None  # a <br> among a block's pieces of text

# HTML's own whitespace, which a browser collapses; a no-break space is text (the shipped
# raw files keep U+00A0 where the page had `&nbsp;`), unless a tool flattened it too.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_PLAIN_SPACE = re.compile(r"[ \t\n\r\f\xa0]+")
_SPACE_MODES = ((_HTML_SPACE, " \t\n\r\f"), (_PLAIN_SPACE, " \t\n\r\f\xa0"))

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
                           re.IGNORECASE)
_PRESCAN_BYTES = 64 * 1024  # where a page declares its charset: in its <head>
# Labels the HTML standard reads as another encoding than Python does: pages labelled
# Latin-1 or ASCII are windows-1252, and a <meta> cannot truthfully declare UTF-16.
_LABELS = {"iso-8859-1": "windows-1252", "iso8859-1": "windows-1252",
           "latin1": "windows-1252", "latin-1": "windows-1252", "l1": "windows-1252",
           "ascii": "windows-1252", "us-ascii": "windows-1252",
           "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
_SNIFF = re.compile(rb"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html[\s>])",
                    re.IGNORECASE | re.DOTALL)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ")
_MAX_SCOPES = 12  # <body>, its <main>s and outermost <article>s: a page has a few


class PageUnreadable(ValueError):
    """The page cannot be read as HTML text; the message says why (no file name)."""


@dataclass(frozen=True)
class Block:
    lines: tuple[str, ...]  # a block is one line unless it holds a <br>
    paragraph: bool  # a <p>: a browser's copy puts a blank line around it
    headline: bool  # an <h1>


@dataclass(frozen=True)
class Page:
    candidates: tuple[str, ...]  # the raw texts it could hold, each once
    urls: tuple[tuple[str, str], ...]  # (where the page gives it, url): what the page is of
    charset: str  # the charset it was read in, and why (for messages)
    complete: bool  # it ends with </html>, so it was not cut short


def looks_like_html(name: str, data: bytes) -> bool:
    """A saved page: named .html/.htm, or starting (after a byte-order mark, whitespace
    and comments) with a doctype or <html> tag."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = data[:4096]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, "ignore").encode("utf-8")
            break
    return _SNIFF.match(head) is not None


def read_page(data: bytes) -> Page:
    """The page's candidate raw texts and the urls it names; `PageUnreadable` when it
    cannot be decoded or holds no HTML."""
    text, charset = decoded(data)
    if "\x00" in text:
        raise PageUnreadable("holds NUL characters, so it is no text page (a UTF-16 page "
                             "without a byte-order mark, or not a page at all)")
    try:
        # Parsed from UTF-8 bytes: lxml refuses a str that carries an XML declaration.
        root = html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except (etree.LxmlError, ValueError) as exc:
        raise PageUnreadable(f"holds no HTML ({exc})") from exc
    titles = _titles(root)
    texts: dict[str, None] = {}
    for scope, keep_chrome in product(_scopes(root), (False, True)):
        texts.update(dict.fromkeys(candidates(_blocks(scope, keep_chrome), titles)))
    return Page(tuple(texts), tuple(_urls(root, text)), charset,
                complete="</html" in text[-4096:].lower())


def decoded(data: bytes) -> tuple[str, str]:
    """The page as text, and the charset read (with how it was chosen): its byte-order
    mark, else its <meta> declaration, else UTF-8."""
    skipped = 0  # the byte-order mark's length, so offsets are the file's
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            data, label, how = data[len(bom):], encoding, "declared by its byte-order mark"
            skipped = len(bom)
            break
    else:
        declared = _META_CHARSET.search(data[:_PRESCAN_BYTES])
        if declared is None:
            label, how = "utf-8", "none declared, so the default"
        else:
            label = declared.group(1).decode("ascii").lower()
            how = "declared by its <meta>"
            if label in _LABELS:  # as a browser reads it
                how = f"its <meta> declares {label!r}, which browsers read so"
                label = _LABELS[label]
    try:
        return data.decode(label), f"{label}, {how}"
    except LookupError as exc:  # an unknown label, or a codec that is no text encoding
        raise PageUnreadable(f"declares the charset {label!r}, which is not a known text "
                             "encoding") from exc
    except UnicodeDecodeError as exc:
        raise PageUnreadable(
            f"is not valid {label} ({how}): byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start + skipped} cannot be decoded") from exc


def _parser() -> html.HTMLParser:
    return html.HTMLParser(encoding="utf-8", remove_comments=False, no_network=True)


def _scopes(root: html.HtmlElement) -> list[html.HtmlElement]:
    """Where the article may be: the whole body, each <main>, each outermost <article>."""
    found = root.xpath("//body | //main | //*[@role='main'] | //article[not(ancestor::article)]")
    scopes = list(dict.fromkeys(found)) or [root]
    return scopes[:_MAX_SCOPES]


def _skipped(element: html.HtmlElement, keep_chrome: bool, in_article: int) -> bool:
    tag = element.tag
    if tag in _NOT_TEXT or element.get("hidden") is not None:
        return True
    return not keep_chrome and (tag in _CHROME or (tag in _PAGE_CHROME and not in_article))


def _blocks(scope: html.HtmlElement, keep_chrome: bool) -> list[Block]:
    """The blocks of text under `scope` in document order, their whitespace as written.
    Walked, not recursed, so a deeply nested page cannot exhaust the stack."""
    blocks: list[Block] = []
    pieces: list[str | None] = []
    open_blocks: list[str] = []  # tags of the block elements the walk is inside
    in_article = 0

    def flush() -> None:
        if pieces:
            lines = [""]
            for piece in pieces:  # a source line break is whitespace; only a <br> ends a line
                if piece is _BREAK:
                    lines.append("")
                else:
                    lines[-1] += piece
            tag = open_blocks[-1] if open_blocks else ""
            blocks.append(Block(tuple(lines), tag == "p", tag == "h1"))
            pieces.clear()

    walk = etree.iterwalk(scope, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event in ("comment", "pi"):
            if element.tail:
                pieces.append(element.tail)
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        skipped = _skipped(element, keep_chrome, in_article)
        if event == "start":
            if skipped:
                walk.skip_subtree()
                continue
            if tag == "article":
                in_article += 1
            if tag == "br":
                pieces.append(_BREAK)
            if tag in _BLOCKS:
                flush()
                open_blocks.append(tag)
            if element.text:
                pieces.append(element.text)
            continue
        if not skipped:
            if tag in _BLOCKS:
                flush()
                open_blocks.pop()
            if tag == "article":
                in_article -= 1
        if element is not scope and element.tail:
            pieces.append(element.tail)
    flush()
    return blocks


def _normalised(blocks: Iterable[Block], space: re.Pattern[str], edges: str) -> list[Block]:
    """Whitespace inside each line collapsed to single spaces and trimmed, as a browser
    shows it; blank blocks (spacers, emptied widgets) dropped."""
    kept = []
    for block in blocks:
        lines = tuple(space.sub(" ", line).strip(edges) for line in block.lines)
        if any(lines):
            kept.append(Block(lines, block.paragraph, block.headline))
    return kept


def _titles(root: html.HtmlElement) -> list[str]:
    """The page's <title>, and the same without the site's name after a separator."""
    title = _HTML_SPACE.sub(" ", root.findtext("head/title") or "").strip(" \t\n\r\f")
    found = [title] if title else []
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            found.append(title.rsplit(separator, 1)[0].strip())
    return list(dict.fromkeys(t for t in found if t))


def _headlines(blocks: list[Block], titles: list[str]) -> Iterator[list[Block]]:
    """The blocks as the page has them; without the headline (<h1>); and with the page's
    title first in its place."""
    yield blocks
    first = next((i for i, b in enumerate(blocks) if b.headline), None)
    body = blocks if first is None else blocks[:first] + blocks[first + 1:]
    if first is not None:
        yield body
    for title in titles:
        yield [Block((title,), False, True), *body]


def _joined(blocks: list[Block], layout: str) -> str:
    """The blocks one per line, with a blank line between each, or as a browser copies
    them (a blank line around each <p>, a line break around other blocks)."""
    texts = ["\n".join(b.lines) for b in blocks]
    if layout == "lines":
        return "\n".join(texts)
    if layout == "paragraphs":
        return "\n\n".join(texts)
    out = [texts[0]] if texts else []
    for before, block, text in zip(blocks, blocks[1:], texts[1:], strict=False):
        out.append("\n\n" if before.paragraph or block.paragraph else "\n")
        out.append(text)
    return "".join(out)


def candidates(blocks: list[Block], titles: list[str]) -> list[str]:
    """Every layout of `blocks` a raw text could have: NBSP kept or made a space, headline
    as found / dropped / the <title>, one of three layouts, with or without a final line
    break. Each distinct text once, in that order."""
    found: dict[str, None] = {}
    for space, edges in _SPACE_MODES:
        normalised = _normalised(blocks, space, edges)
        for heads in _headlines(normalised, titles):
            if not heads:
                continue
            for layout in ("lines", "paragraphs", "browser"):
                text = _joined(heads, layout)
                found.update(dict.fromkeys((text, text + "\n")))
    return list(found)


def _urls(root: html.HtmlElement, text: str) -> Iterator[tuple[str, str]]:
    """The urls the page gives for itself: its canonical link, og:url, and the address a
    browser notes when it saves a page ("saved from url")."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            yield "its canonical link", link.get("href").strip()
    for meta in root.iter("meta"):
        if "og:url" in (meta.get("property"), meta.get("name")) and meta.get("content"):
            yield "its og:url", meta.get("content").strip()
    saved = _SAVED_FROM.search(text[:4096])
    if saved:
        yield "the address it was saved from", saved.group(1)


def url_key(url: str) -> str:
    """A url as compared with an article's: scheme, `www.`, query, fragment and a final
    slash left out, the host in lower case."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"
