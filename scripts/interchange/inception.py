"""INCEpTION through UIMA CAS XMI (XML 1.0), read and written with dkpro-cassis: entity
mentions.

A mention is a DKPro Core `NamedEntity` (INCEpTION's built-in named-entity layer): `value` is
the entity type, `identifier` the registry id. `export` writes `<article_id>.xmi` per article
and one `TypeSystem.xml` declaring the two types it uses, as INCEpTION's own XMI export does
(the XMI and its type system side by side); the DKPro `DocumentMetaData` carries the article
id as documentTitle and documentId. `read` takes an .xmi, or a folder of them, with
TypeSystem.xml beside. The article is found by documentTitle first, because INCEpTION
rewrites DocumentMetaData on export: the title becomes the document's name (the uploaded
file's, `<article_id>.xmi`) and documentId the annotator's user name; then documentId, then
the file name.

UIMA offsets are UTF-16 code units; cassis converts them to code points on reading and back on
writing. cassis only warns about an offset inside a surrogate pair and keeps it unconverted,
so those warnings are caught and the annotation refused. Mentions have no kind or reviewed
flag here: both are kept from the current mention at the same span (mention_spans).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from cassis import Cas, TypeSystem, load_cas_from_xmi, load_typesystem
from cassis.typesystem import TYPE_NAME_BOOLEAN, TYPE_NAME_STRING
from lxml import etree

from sovereign_skies.schema.labels import ENTITY_TYPE

from ..read.corpus import is_safe_id
from .document import Annotated, Registry
from .mention_spans import Span, mentions_from_spans
from .offsets import InterchangeError, Utf16Offsets, checked_span, first_difference

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPESYSTEM_FILE = "TypeSystem.xml"
_UNMAPPED = re.compile(r"Not mapping external offset \[(\d+)\]")


def type_system() -> TypeSystem:
    """The two DKPro Core types the export uses, with their features as DKPro declares them."""
    types = TypeSystem()
    metadata = types.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId",
                 "documentBaseUri"):
        types.create_feature(metadata, name, TYPE_NAME_STRING)
    types.create_feature(metadata, "isLastSegment", TYPE_NAME_BOOLEAN)
    entity = types.create_type(NAMED_ENTITY, supertypeName="uima.tcas.Annotation")
    types.create_feature(entity, "value", TYPE_NAME_STRING)
    types.create_feature(entity, "identifier", TYPE_NAME_STRING)
    return types


def _cas(document: Annotated, types: TypeSystem, registry: Registry) -> Cas:
    cas = Cas(typesystem=types, sofa_string=document.text)
    cas.add(types.get_type(METADATA)(begin=0, end=len(document.text), language="en",
                                     documentTitle=document.article_id,
                                     documentId=document.article_id))
    entity = types.get_type(NAMED_ENTITY)
    for m in sorted(document.mentions or [], key=lambda m: (m.start, m.end, m.id)):
        entity_type = registry.type_of(m.entity)
        if entity_type is None:
            raise InterchangeError(f"article {document.article_id} mention {m.id}: entity "
                                   f"{m.entity!r} is not in the registry; fix it (skies check) "
                                   "before exporting")
        cas.add(entity(begin=m.start, end=m.end, value=entity_type, identifier=m.entity))
    return cas


def _pretty(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml.encode("utf-8")), pretty_print=True,
                          xml_declaration=True, encoding="UTF-8")


def export(documents: list[Annotated], registry: Registry, out: Path) -> list[Path]:
    types, written = type_system(), []
    for document in documents:
        path = out / f"{document.article_id}.xmi"
        path.write_bytes(_pretty(_cas(document, types, registry).to_xmi()))
        written.append(path)
    path = out / TYPESYSTEM_FILE
    path.write_bytes(_pretty(types.to_xml()))
    return [*written, path]


def _xmi_files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.glob("*.xmi"))
        if not found:
            raise InterchangeError(f"{path}: no .xmi file in this folder")
        return found
    if not path.is_file():
        raise InterchangeError(f"{path} does not exist")
    return [path]


def _parsed(path: Path, what: str, parse: Callable[[BytesIO], Any]) -> Any:
    """`parse` of the file's bytes; InterchangeError naming the file on anything unreadable."""
    try:
        return parse(BytesIO(path.read_bytes()))
    except etree.XMLSyntaxError as exc:
        raise InterchangeError(f"{path}: not valid XML ({exc.msg})") from None
    except Exception as exc:  # cassis raises many kinds; none may escape as a traceback
        raise InterchangeError(f"{path}: not {what} ({type(exc).__name__}: {exc})") from None


def _types(folder: Path, loaded: dict[Path, TypeSystem]) -> TypeSystem:
    path = folder / TYPESYSTEM_FILE
    if path not in loaded:
        if not path.is_file():
            raise InterchangeError(f"{path} is missing: INCEpTION exports it beside each XMI "
                                   "file (in the same ZIP); put it beside the .xmi")
        loaded[path] = _parsed(path, "a UIMA type system", load_typesystem)
        if not loaded[path].contains_type(NAMED_ENTITY):
            raise InterchangeError(f"{path}: no {NAMED_ENTITY} type (the named-entity layer)")
    return loaded[path]


def _load(path: Path, types: TypeSystem) -> tuple[Cas, set[int]]:
    """The CAS of `path` and the UTF-16 offsets cassis could not map to code points."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cas = _parsed(path, "UIMA CAS XMI", lambda data: load_cas_from_xmi(data, types))
    return cas, {int(m.group(1)) for w in caught if (m := _UNMAPPED.search(str(w.message)))}


def _article_id(cas: Cas, path: Path) -> str:
    names: list[str] = []
    if cas.typesystem.contains_type(METADATA):
        for meta in cas.select(METADATA):
            names += [re.sub(r"\.(xmi|txt)$", "", meta.get("documentTitle") or ""),
                      meta.get("documentId") or ""]
    article_id = next((name for name in [*names, path.stem] if name), path.stem)
    if not is_safe_id(article_id):
        raise InterchangeError(f"{path}: {article_id!r} (its DocumentMetaData documentTitle) "
                               "is not a safe article id")
    return article_id


def _entity(identifier: str | None, value: str | None, registry: Registry, item: str) -> str:
    """The registry entity a NamedEntity links to; its value, when set, must be the entity's
    type (the type is the registry's, a value that differs is a disagreement to settle)."""
    if not identifier:
        raise InterchangeError(f"{item}: no identifier: link it to a registry entity id")
    entity_type = registry.type_of(identifier)
    if entity_type is None:
        raise InterchangeError(f"{item}: identifier {identifier!r} is not a registry entity id")
    if value and value not in ENTITY_TYPE.names:
        raise InterchangeError(f"{item}: unknown entity type {value!r} (one of "
                               f"{', '.join(ENTITY_TYPE.names)})")
    if value and value != entity_type:
        raise InterchangeError(f"{item}: value {value} but the registry types {identifier} as "
                               f"{entity_type}: change the link, or the registry")
    return identifier


def _nowhere(text: str) -> str:
    length = Utf16Offsets(text).to_utf16(len(text))
    return (f"past the end of the text ({length} UTF-16 code units) or inside a character "
            "outside the BMP (an emoji, a flag): no offset of the text")


def _spans(cas: Cas, text: str, unmapped: set[int], path: Path,
           registry: Registry) -> list[Span]:
    spans = []
    for fs in cas.select(NAMED_ENTITY):
        item = f"{path} NamedEntity xmi:id {fs.xmiID}"
        bad = unmapped & {fs.begin, fs.end}
        if bad:
            raise InterchangeError(f"{item}: UTF-16 offset {min(bad)} is {_nowhere(text)}")
        entity = _entity(fs.get("identifier"), fs.get("value"), registry, item)
        start, end = checked_span(text, fs.begin, fs.end, fs.get_covered_text(), item)
        spans.append(Span(start, end, entity))
    return spans


def _document(path: Path, types: TypeSystem, current: Callable[[str], Annotated],
              registry: Registry) -> Annotated:
    cas, unmapped = _load(path, types)
    article_id = _article_id(cas, path)
    try:
        now = current(article_id)
    except InterchangeError as exc:
        raise InterchangeError(f"{path}: {exc}") from None
    if cas.sofa_string != now.text:
        at = first_difference(now.text, cas.sofa_string or "")
        raise InterchangeError(f"{path}: its text (the sofa) is not the text of article "
                               f"{article_id} (first difference at {at}); export again")
    spans = _spans(cas, now.text, unmapped, path, registry)
    return Annotated(article_id, now.text, mentions_from_spans(spans, now.mentions))


def read(path: Path, current: Callable[[str], Annotated], registry: Registry) -> list[Annotated]:
    loaded: dict[Path, TypeSystem] = {}
    documents: dict[str, tuple[Path, Annotated]] = {}
    for xmi in _xmi_files(path):
        document = _document(xmi, _types(xmi.parent, loaded), current, registry)
        if document.article_id in documents:
            raise InterchangeError(f"{xmi}: article {document.article_id} is also in "
                                   f"{documents[document.article_id][0]}")
        documents[document.article_id] = (xmi, document)
    return [document for _, document in documents.values()]
