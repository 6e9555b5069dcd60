"""`skies suggest`: entity mentions proposed from the registry's names and aliases, written
into the annotation file as unreviewed mentions with correct anchors.

Matching follows the guide: a name or alias matches as written (case-sensitive; a name that
starts in lowercase, "al-Araji", also matches capitalised at a sentence start), only as a
whole word (not "Iran" inside "Iranian"; "Iran-backed" and "Iran's" do match, M2), longest
match first, never overlapping another suggestion or an existing mention. All names are
matched in one pass of an Aho-Corasick automaton (ahocorasick-rs), however large the
registry. A surface form that names several entities is proposed for the first and the
others are listed in a comment beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick_rs
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..faults import Report
from ..layout import Layout
from ..read.corpus import read_article, read_registry
from ..read.models import EntitySource
from ..resolve.anchors import AnchorError, occurrence_of, resolve
from ..resolve.cleaning import CleaningError, clean
from . import yamlfile

_WORD = re.compile(r"\w")


class SuggestRefused(ValueError):
    """The article or the registry cannot be read; the message names the file."""


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    quote: str
    entity: str
    others: tuple[str, ...]  # other entities with this surface form


def _forms(entity: EntitySource) -> list[str]:
    forms = [entity.name, *entity.aliases]
    forms += [f[0].upper() + f[1:] for f in forms if f[:1].islower()]
    return list(dict.fromkeys(f for f in forms if f.strip()))


def surface_forms(entities: list[EntitySource]) -> dict[str, list[str]]:
    """Surface form -> the entities it names, in registry order (the name's owner first)."""
    owners: dict[str, list[str]] = {}
    for entity in entities:
        for form in _forms(entity):
            owners.setdefault(form, []).append(entity.id)
    for entity in entities:  # an entity's own name outranks another's alias
        if entity.name in owners and owners[entity.name][0] != entity.id:
            owners[entity.name].remove(entity.id)
            owners[entity.name].insert(0, entity.id)
    return owners


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not _WORD.match(before) and not _WORD.match(after)


def suggestions(text: str, owners: dict[str, list[str]],
                taken: list[tuple[int, int]]) -> list[Suggestion]:
    """Whole-word matches, longest first, overlapping nothing in `taken` nor each other."""
    forms = list(owners)
    if not forms:
        return []
    matcher = ahocorasick_rs.AhoCorasick(forms)
    found = [(s, e, forms[i]) for i, s, e in matcher.find_matches_as_indexes(
        text, overlapping=True) if _whole_word(text, s, e)]
    chosen: list[Suggestion] = []
    busy = list(taken)
    for start, end, form in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
        if any(start < b_end and b_start < end for b_start, b_end in busy):
            continue
        busy.append((start, end))
        chosen.append(Suggestion(start, end, form, owners[form][0], tuple(owners[form][1:])))
    return sorted(chosen, key=lambda s: s.start)


def _next_ids(tree: CommentedMap) -> int:
    numbers = [int(m["id"][1:]) for m in tree.get("mentions") or []
               if str(m.get("id", "")).startswith("m") and str(m["id"])[1:].isdigit()]
    return max(numbers, default=0) + 1


@dataclass
class Suggested:
    added: list[Suggestion]
    written: bool


def suggest_article(layout: Layout, article_id: str, *, write: bool = True) -> Suggested:
    """Propose the mentions of an article and (with `write`) append them, unreviewed."""
    report = Report()
    path = layout.annotation_file(article_id)
    original = path.read_bytes() if path.is_file() else b""
    article = read_article(path, layout, report) if path.is_file() else None
    registry = read_registry(layout, report)
    if article is None or registry is None or report.errors:  # never rewrite a faulty file
        problems = "; ".join(f"{f.location}: {f.message}" for f in report.errors)
        raise SuggestRefused(problems or f"no article {article_id!r}")
    try:
        text = clean(article.raw, article.src.cleaning)
    except CleaningError as exc:
        raise SuggestRefused(f"{layout.rel(path)}: cleaning fails: {exc}") from None
    taken = []
    for mention in article.src.mentions:
        try:
            taken.append(resolve(text, mention))
        except AnchorError:
            continue  # its fault is reported by check; its words stay free
    found = suggestions(text, surface_forms(list(registry.model.entities)), taken)
    if write and found:
        _append(layout, article_id, text, found, original)
    return Suggested(found, write and bool(found))


def _append(layout: Layout, article_id: str, text: str, found: list[Suggestion],
            original: bytes) -> None:
    path = layout.annotation_file(article_id)
    tree = yamlfile.loads(original.decode("utf-8"))
    if not isinstance(tree.get("mentions"), CommentedSeq):
        tree["mentions"] = CommentedSeq()
    mentions = tree["mentions"]
    mentions.fa.set_block_style()  # `mentions: []` becomes a list of lines
    number = _next_ids(tree)
    for suggestion in found:
        item = CommentedMap({"id": f"m{number}", "entity": suggestion.entity,
                             "quote": suggestion.quote})
        if (occurrence := occurrence_of(text, suggestion.quote, suggestion.start)) is not None:
            item["occurrence"] = occurrence
        item["reviewed"] = False
        item.fa.set_flow_style()
        mentions.append(item)
        if suggestion.others:
            mentions.yaml_add_eol_comment(f"or: {', '.join(suggestion.others)}",
                                          len(mentions) - 1)
        number += 1
    if path.read_bytes() != original:  # edited meanwhile: never write over someone's work
        raise SuggestRefused(f"{layout.rel(path)} changed while suggesting; nothing written, "
                             "run skies suggest again")
    yamlfile.save(path, tree)
