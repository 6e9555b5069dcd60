"""dataset/croissant.json: Croissant 1.1 metadata of the release, with the Responsible-AI
vocabulary, derived from the schema the Hugging Face Features come from.

One record set per config, a field per column: a nested list of rows is an array field with
a sub-field per item field, a ClassLabel is an integer that references an enumeration record
set of its label names. Each Parquet file is a FileObject with its SHA-256 and size; the
dataset-level facts (licence, citation, how the data was made) are card_metadata.py's.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import mlcroissant as mlc

# mlcroissant writes the 1.0 @context unless given the one of the version it writes (which
# maps isArray and the 1.1 containedIn); only this private helper builds that.
from mlcroissant._src.core.rdf import make_context

from sovereign_skies.schema.columns import (
    CONFIG_DESCRIPTIONS,
    DEFAULT_CONFIG,
    ENTITIES_SPLIT,
    SPLITS,
    TABLES,
    Column,
    Dtype,
    column_of,
    config_splits,
)
from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES
from sovereign_skies.schema.vocab import Vocabulary

from ..built import Built
from ..layout import Layout
from . import card_figures as figures
from .card import shipped_path
from .card_metadata import (
    ANNOTATIONS_LICENSE,
    ANNOTATIONS_LICENSE_URL,
    CITATION_AUTHOR,
    CITATION_NOTE,
    CITATION_TITLE,
    LICENSE_NAME,
    PRETTY_NAME,
    PROSE,
    TAGS,
    bibtex,
    languages,
    version,
)

CROISSANT = "http://mlcommons.org/croissant/1.1"
RAI = "http://mlcommons.org/croissant/RAI/1.0"
PARQUET = mlc.EncodingFormat.PARQUET
# schema.org as mlcroissant writes it (https), so that it is shortened to `sc:` like the rest.
ENUMERATION = "https://schema.org/Enumeration"
SPLITS_RECORD_SET = "splits"
SPLIT_FIELD = "split"
# The Croissant terms of the splits that have one; a config's only split `full` has none.
SPLIT_TERMS = {"train": "cr:TrainingSplit", "validation": "cr:ValidationSplit",
               "test": "cr:TestSplit"}
assert set(SPLIT_TERMS) == set(SPLITS), "every train/validation/test split has its term"

# Croissant's atomic type of each column type; a list type is an array of it. A list of rows
# has no type of its own: its sub-fields have theirs.
_TYPES: dict[Dtype, tuple[str | None, bool]] = {
    Dtype.STRING: (mlc.DataType.TEXT, False),
    Dtype.LARGE_STRING: (mlc.DataType.TEXT, False),
    Dtype.INT32: (mlc.DataType.INTEGER, False),
    Dtype.BOOL: (mlc.DataType.BOOL, False),
    Dtype.DATE32: (mlc.DataType.DATE, False),
    Dtype.CLASS: (mlc.DataType.INTEGER, False),
    Dtype.LIST_STRING: (mlc.DataType.TEXT, True),
    Dtype.LIST_INT32: (mlc.DataType.INTEGER, True),
    Dtype.LIST_CLASS: (mlc.DataType.INTEGER, True),
    Dtype.LIST_STRUCT: (None, True),
}


def croissant_bytes(layout: Layout, files: Mapping[Path, bytes],
                    tables: Built | None = None,
                    frames: figures.Frames | None = None) -> bytes:
    """croissant.json for the release `files` ({path: bytes}, the Parquet files among them):
    the same files give the same bytes (no timestamps; configs, splits and fields in schema
    order). `tables` and `frames` are the Parquet files read back and their frames, when the
    caller has them already (a large release is read back once, not twice)."""
    metadata = _metadata(layout, files, tables, frames)
    return (json.dumps(metadata.to_json(), indent=2, ensure_ascii=False) + "\n").encode()


def _metadata(layout: Layout, files: Mapping[Path, bytes],
              tables: Built | None,
              frames: figures.Frames | None) -> mlc.Metadata:
    ctx = mlc.Context(conforms_to=CROISSANT)
    ctx.rdf = mlc.Rdf(context=make_context(ctx))
    released = {config: [s for s in config_splits(config) if layout.parquet(config, s) in files]
                for config in TABLES}
    released = {config: splits for config, splits in released.items() if splits}
    if tables is None:
        tables = Built({(config, split): files[layout.parquet(config, split)]
                        for config, splits in released.items() for split in splits})
    vocabularies = _vocabularies(released)
    ids = [*released, *(v.key for v in vocabularies), SPLITS_RECORD_SET]
    if len(set(ids)) != len(ids):
        raise ValueError(f"record set ids must be unique: {sorted(ids)}")
    if any(c.name == SPLIT_FIELD for config in released for c in TABLES[config][0]):
        raise ValueError(f"a config has a column named {SPLIT_FIELD!r}: the split field's name")
    author = mlc.Organization(ctx=ctx, name=CITATION_AUTHOR)
    return mlc.Metadata(
        ctx=ctx, name=PRETTY_NAME, conforms_to=[CROISSANT, RAI],
        description=f"{PRETTY_NAME}: {CITATION_TITLE} ({CITATION_NOTE}).",
        cite_as=bibtex(), version=version(), license=_licenses(ctx, layout, files),
        creators=[author], publisher=[author], keywords=list(TAGS),
        in_language=languages(tables),
        distribution=[*(_file_object(ctx, layout, config, split, files)
                        for config, splits in released.items() for split in splits),
                      *(_file_set(ctx, layout, config) for config in released)],
        record_sets=[*(_record_set(ctx, layout, config, splits)
                       for config, splits in released.items()),
                     _splits(ctx, [s for s in (*SPLITS, ENTITIES_SPLIT)
                                   if any(s in splits for splits in released.values())]),
                     *(_enumeration(ctx, v) for v in vocabularies)],
        **_responsible_ai(layout, files, tables, frames or figures.Frames.of(tables)))


def _relative(layout: Layout, path: Path) -> str:
    """A path as croissant.json (which lies in dataset/) names it."""
    return shipped_path(layout, path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _size(data: bytes) -> str:
    return f"{len(data)} B"


def _file_object(ctx: mlc.Context, layout: Layout, config: str, split: str,
                 files: Mapping[Path, bytes]) -> mlc.FileObject:
    path = layout.parquet(config, split)
    name = _relative(layout, path)
    return mlc.FileObject(ctx=ctx, id=name, name=name, content_url=name,
                          encoding_formats=[PARQUET], sha256=_sha256(files[path]),
                          content_size=_size(files[path]),
                          description=f"The {split} split of the `{config}` config.")


def _file_set_id(config: str) -> str:
    return f"{config}-parquet"


def _file_set(ctx: mlc.Context, layout: Layout, config: str) -> mlc.FileSet:
    # The record sets read their files through a set: a field has one source, and a config
    # has a file per split. (mlcroissant reads no FileSet contained in Parquet FileObjects.)
    return mlc.FileSet(ctx=ctx, id=_file_set_id(config), name=_file_set_id(config),
                       encoding_formats=[PARQUET],
                       includes=[_relative(layout, layout.parquet(config, "*"))],
                       description=f"The Parquet files of the `{config}` config, one per split.")


def _walk(columns: tuple[Column, ...]) -> Iterator[Column]:
    for column in columns:
        yield column
        yield from _walk(column.fields)


def _vocabularies(released: Mapping[str, list[str]]) -> list[Vocabulary]:
    """The label sets of the released ClassLabels, in the schema's order."""
    used = {c.vocab.key for config in released for c in _walk(TABLES[config][0])
            if c.vocab is not None}
    return [v for v in PUBLISHED_VOCABULARIES if v.key in used]


def _enumeration(ctx: mlc.Context, vocab: Vocabulary) -> mlc.RecordSet:
    """A label set as Croissant's categorical data: its labels by ClassLabel integer."""
    id_, name = f"{vocab.key}/id", f"{vocab.key}/name"
    return mlc.RecordSet(
        ctx=ctx, id=vocab.key, name=vocab.key, data_types=[ENUMERATION], key=[id_],
        description=f"{vocab.title}: {vocab.description}",
        fields=[mlc.Field(ctx=ctx, id=id_, name="id", data_types=[mlc.DataType.INTEGER],
                          description="The label's integer in every ClassLabel over it."),
                mlc.Field(ctx=ctx, id=name, name="name", data_types=[mlc.DataType.TEXT],
                          description="The label.")],
        data=[{id_: i, name: label} for i, label in enumerate(vocab.names)])


def _splits(ctx: mlc.Context, names: list[str]) -> mlc.RecordSet:
    name, url = f"{SPLITS_RECORD_SET}/name", f"{SPLITS_RECORD_SET}/url"
    return mlc.RecordSet(
        ctx=ctx, id=SPLITS_RECORD_SET, name=SPLITS_RECORD_SET, data_types=[mlc.DataType.SPLIT],
        key=[name], description="The splits the records of every config lie in.",
        fields=[mlc.Field(ctx=ctx, id=name, name="name", data_types=[mlc.DataType.TEXT]),
                mlc.Field(ctx=ctx, id=url, name="url",
                          data_types=[mlc.DataType.URL, mlc.DataType.SPLIT])],
        data=[{name: split, url: SPLIT_TERMS.get(split)} for split in names])


def _record_set(ctx: mlc.Context, layout: Layout, config: str, splits: list[str]
                ) -> mlc.RecordSet:
    columns, key = TABLES[config]
    fields = [_field(ctx, _file_set_id(config), c, config, ()) for c in columns]
    return mlc.RecordSet(
        ctx=ctx, id=config, name=config, key=[f"{config}/{k}" for k in key],
        description=f"Each record is {CONFIG_DESCRIPTIONS[config]}"
                    f"{' (the default config)' if config == DEFAULT_CONFIG else ''}.",
        fields=[*fields, _split_field(ctx, layout, config, splits)])


def _field(ctx: mlc.Context, file_set: str, column: Column, parent: str,
           path: tuple[str, ...]) -> mlc.Field:
    """`column` as a field under `parent` (the record set, or the list of rows holding it);
    `path` names the lists of rows on the way down from the Parquet column."""
    data_type, is_array = _TYPES[column.dtype]
    id_ = f"{parent}/{column.name}"
    if column.dtype is Dtype.LIST_STRUCT:
        inner = (*path, column.name)
        return mlc.Field(ctx=ctx, id=id_, name=column.name, description=column.description,
                         is_array=True, sub_fields=[_field(ctx, file_set, sub, id_, inner)
                                                    for sub in column.fields])
    # A Parquet column is read whole; each list of rows below it is one JSON path step,
    # applied to each item of the list it meets.
    top, *steps = (*path, column.name)
    source = mlc.Source(ctx=ctx, file_set=file_set, extract=mlc.Extract(ctx=ctx, column=top),
                        transforms=[mlc.Transform(ctx=ctx, json_path=s) for s in steps])
    description = column.description
    references = None
    if column.vocab is not None:
        description += (f" An integer of the `{column.vocab.key}` labels (record set "
                        f"`{column.vocab.key}`), from 0: {', '.join(column.vocab.names)}.")
        # mlcroissant joins on a reference, which it cannot do for an array of labels: those
        # name their enumeration in the description only.
        if not is_array:
            references = mlc.Source(ctx=ctx, field=f"{column.vocab.key}/id")
    return mlc.Field(ctx=ctx, id=id_, name=column.name, description=description,
                     data_types=[data_type], is_array=is_array or None, source=source,
                     **({"references": references} if references is not None else {}))


def _split_field(ctx: mlc.Context, layout: Layout, config: str, splits: list[str]
                 ) -> mlc.Field:
    """The split of a record, read off the path of its file (`<folder>/<split><suffix>`)."""
    paths = [layout.parquet(config, split) for split in splits]
    folders = {_relative(layout, p.parent) for p in paths}
    suffixes = {p.name.removeprefix(split) for p, split in zip(paths, splits, strict=True)}
    if len(folders) != 1 or len(suffixes) != 1 or any(
            not p.name.startswith(split) for p, split in zip(paths, splits, strict=True)):
        raise ValueError(f"the files of {config} are not named <split><suffix> in one folder")
    folder, suffix = re.escape(folders.pop()), re.escape(suffixes.pop())
    alternatives = "|".join(re.escape(split) for split in splits)
    # mlcroissant applies a field's transform again after joining on that field, to the split
    # it extracted the first time: the pattern takes that too (folder and suffix optional).
    pattern = f"^(?:{folder}/)?({alternatives})(?:{suffix})?$"
    return mlc.Field(
        ctx=ctx, id=f"{config}/{SPLIT_FIELD}", name=SPLIT_FIELD, data_types=[mlc.DataType.TEXT],
        description="The split of the record (the file it is read from).",
        source=mlc.Source(ctx=ctx, file_set=_file_set_id(config),
                          extract=mlc.Extract(ctx=ctx, file_property="fullpath"),
                          transforms=[mlc.Transform(ctx=ctx, regex=pattern)]),
        references=mlc.Source(ctx=ctx, field=f"{SPLITS_RECORD_SET}/name"))


def _licenses(ctx: mlc.Context, layout: Layout, files: Mapping[Path, bytes]
              ) -> list[mlc.CreativeWork]:
    out = [mlc.CreativeWork(ctx=ctx, name=ANNOTATIONS_LICENSE, url=ANNOTATIONS_LICENSE_URL)]
    if layout.license_file in files:
        out.append(mlc.CreativeWork(ctx=ctx, name=LICENSE_NAME,
                                    url=_relative(layout, layout.license_file),
                                    description=_sentence(PROSE.text_rights)))
    return out


def _plain(markdown: str) -> str:
    """One line of plain text from the card's wrapped Markdown."""
    return " ".join(markdown.split()).replace("**", "")


def _sentence(start: str) -> str:
    """A sentence from the start of one of the card's sentences."""
    text = _plain(start)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _responsible_ai(layout: Layout, files: Mapping[Path, bytes],
                    tables: Built, f: figures.Frames
                    ) -> dict[str, object]:
    """The rai: properties that apply: there were no human annotators, so none of those
    about a human annotation platform, the human labels per item or annotator demographics."""
    gaps, size = figures.gaps(f), figures.size(f)
    # The stances a registry entity holds, as the card counts them.
    held = sum(h.stances for h in figures.holders(f) if h.entity_id is not None)
    changelog = layout.shipped_docs / "CHANGELOG.md"
    tools = [_plain(PROSE.annotators)]
    if "tokens" in {config for config, _split in tables}:
        tools.append(_plain(PROSE.tokenizer))
    return {
        "data_collection": f"{_plain(PROSE.supplied)} {_plain(PROSE.selection)}",
        "data_collection_missing_data": _sentence(PROSE.not_guessed),
        "data_collection_raw_data": (f"{_plain(PROSE.source_producers)} "
                                     f"{_plain(PROSE.writers_unknown)}"),
        "data_preprocessing_protocol": [_sentence(PROSE.raw_kept),
                                        column_of("articles", "text").description,
                                        _plain(PROSE.offsets)],
        "data_annotation_protocol": [
            _plain(PROSE.double_annotation),
            f"{_plain(PROSE.annotators)} {_plain(PROSE.annotator_caveats)}",
            _plain(PROSE.validation)],
        "machine_annotation_tools": tools,
        "data_use_cases": [_sentence(PROSE.data_use)],
        "data_social_impact": _sentence(PROSE.social_impact),
        "data_biases": [_sentence(PROSE.partisan_wording),
                        f"{gaps.claimed_events} of {size.totals['events']} "
                        f"{_plain(PROSE.claimed_events)}"],
        "data_limitations": [
            _plain(PROSE.pronouns), _plain(PROSE.ai_only), _plain(PROSE.one_topic),
            *(f"Out of scope. {_plain(use)}" for use in (
                PROSE.operational_use, PROSE.position_claims, PROSE.sentiment_use))],
        "personal_sensitive_information": [
            _sentence(PROSE.real_people), _plain(PROSE.not_anonymized),
            f"{PROSE.political_opinions} {_count(held, 'stance', 'stances')} "
            f"{_plain(PROSE.stance_attribution)}",
            _plain(PROSE.no_contact_fields)],
        "data_release_maintenance_plan": PROSE.maintenance.format(
            author=CITATION_AUTHOR,
            changelog=(f"`{_relative(layout, changelog)}`" if changelog in files
                       else "the changelog")),
    }


def croissant_mismatches(layout: Layout) -> list[str]:
    """Where the committed croissant.json and the Parquet files on disk disagree: a file it
    describes that is missing or whose bytes are not the ones it describes (SHA-256, size),
    and a Parquet file of a config that it does not describe."""
    path = layout.croissant
    if not path.is_file():
        return [f"{layout.rel(path)}: missing"]
    try:
        distribution = json.loads(path.read_bytes()).get("distribution", [])
    except (ValueError, AttributeError) as error:
        return [f"{layout.rel(path)}: not a JSON object ({error})"]
    if isinstance(distribution, dict):  # JSON-LD may write a list of one as that one
        distribution = [distribution]
    out, described = [], set()
    dataset = layout.dataset.resolve()
    for item in distribution:
        if not isinstance(item, dict) or item.get("@type") != "cr:FileObject":
            continue
        file = layout.dataset / str(item.get("contentUrl", ""))
        # A path the metadata points outside dataset/ is reported, never read.
        if not file.resolve().is_relative_to(dataset):
            out.append(f"{layout.rel(path)}: {item.get('contentUrl')!r} lies outside dataset/")
            continue
        described.add(file)
        if not file.is_file():
            out.append(f"{layout.rel(file)}: described in croissant.json, missing on disk")
            continue
        data = file.read_bytes()
        if (actual := _sha256(data)) != item.get("sha256"):
            out.append(f"{layout.rel(file)}: SHA-256 {actual}, croissant.json says "
                       f"{item.get('sha256')}")
        elif (size := _size(data)) != item.get("contentSize"):
            out.append(f"{layout.rel(file)}: {size}, croissant.json says "
                       f"{item.get('contentSize')}")
    on_disk = {layout.parquet(c, s) for c in TABLES for s in config_splits(c)
               if layout.parquet(c, s).is_file()}
    out += [f"{layout.rel(p)}: not described in croissant.json"
            for p in sorted(on_disk - described)]
    return out
