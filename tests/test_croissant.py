"""dataset/croissant.json from the committed release files: mlcroissant validates it and reads
every record set offline (every row, golden values, nested lists of rows), every column of
the schema is a field, two builds give the same bytes, and `croissant_mismatches` catches a
Parquet file that is not the one the metadata describes.

The golden values were found outside the toolkit: a plain `str.find` in the raw file of
`iraqi-militias-iran-israel-conflict` after dropping its first line (`Breadcrumb`, the one
cleaning step its annotation records)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import pyarrow.parquet as pq
import pytest
from conftest import REPO

# Where mlcroissant keeps downloads and extractions: pointed at a temporary folder.
from mlcroissant._src.core import constants as mlc_constants

from sovereign_skies.schema.columns import TABLES, Column, Dtype, config_splits
from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES
from sovereign_skies.scripts.layout import Layout
from sovereign_skies.scripts.publish.croissant import (
    SPLIT_FIELD,
    SPLITS_RECORD_SET,
    croissant_bytes,
    croissant_mismatches,
)

ARTICLE = "iraqi-militias-iran-israel-conflict"  # in the test split
LISTS = (Dtype.LIST_STRING, Dtype.LIST_INT32, Dtype.LIST_CLASS, Dtype.LIST_STRUCT)
VOCABULARIES = {v.key: v for v in PUBLISHED_VOCABULARIES}


def release_files(root: Path) -> dict[Path, bytes]:
    """The committed release files croissant.json describes or names, at their paths under
    `root`: every Parquet file, the licence and the changelog."""
    committed = Layout(REPO)
    paths = [*sorted(committed.data.rglob("*.parquet")), committed.license_file,
             committed.shipped_docs / "CHANGELOG.md"]
    target = Layout(root)
    return {target.dataset / p.relative_to(committed.dataset): p.read_bytes()
            for p in paths if p.is_file()}


def write_release(root: Path) -> Layout:
    layout = Layout(root)
    files = release_files(root)
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    layout.croissant.write_bytes(croissant_bytes(layout, files))
    return layout


def items(value: Any) -> list[Any]:
    """A JSON-LD property as a list (mlcroissant writes a list of one as that one)."""
    return [] if value is None else value if isinstance(value, list) else [value]


def fields_of(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every field of a record set, sub-fields included."""
    for field in items(node.get("field")) + items(node.get("subField")):
        yield field
        yield from fields_of(field)


def readable(metadata: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The metadata without the lists of rows nested in a list of rows, which mlcroissant
    1.1.1 cannot read (its JSON path meets a numpy array, and it nests sub-fields one level
    only), and the ids of the fields left out."""
    copy, dropped = json.loads(json.dumps(metadata)), []
    for record_set in items(copy["recordSet"]):
        for field in fields_of(record_set):
            kept = []
            for sub in items(field.get("subField")):
                if "subField" in sub and field.get("isArray"):
                    dropped.append(sub["@id"])
                else:
                    kept.append(sub)
            if "subField" in field:
                field["subField"] = kept
    return copy, dropped


def rows_on_disk(layout: Layout, config: str) -> int:
    return sum(pq.read_metadata(layout.parquet(config, split)).num_rows
               for split in config_splits(config) if layout.parquet(config, split).is_file())


@pytest.fixture(scope="module", autouse=True)
def offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """No socket may connect or resolve a name while this module runs; the attempts are
    recorded (a library could swallow the error) and each test asserts there were none."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:3]))
        raise OSError("network access from an offline test")

    cache = tmp_path_factory.mktemp("croissant-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(mlc_constants, "DOWNLOAD_PATH", cache / "download")
        patch.setattr(mlc_constants, "EXTRACT_PATH", cache / "extract")
        yield attempts


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    return write_release(tmp_path_factory.mktemp("croissant"))


@pytest.fixture(scope="module")
def metadata(written: Layout) -> dict[str, Any]:
    return json.loads(written.croissant.read_bytes())


@pytest.fixture(scope="module")
def records(written: Layout, metadata: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every record of every record set, read once each: a second read of a record set from
    one mlcroissant Dataset yields nothing."""
    shown, _dropped = readable(metadata)
    path = written.croissant.with_name("croissant-readable.json")  # beside it: same files
    path.write_text(json.dumps(shown), encoding="utf-8")
    dataset = mlc.Dataset(jsonld=path)
    return {rs["@id"]: list(dataset.records(rs["@id"])) for rs in items(shown["recordSet"])}


def by_key(rows: list[dict[str, Any]], config: str, **key: str) -> dict[str, Any]:
    found = [r for r in rows
             if all(r[f"{config}/{name}"] == value.encode() for name, value in key.items())]
    assert len(found) == 1, key
    return found[0]


def label_names(records: dict[str, list[dict[str, Any]]], vocab: str) -> dict[int, str]:
    return {r[f"{vocab}/id"]: r[f"{vocab}/name"] for r in records[vocab]}


def test_validates_offline(written: Layout, offline: list[str]) -> None:
    dataset = mlc.Dataset(jsonld=written.croissant)
    issues = dataset.metadata.ctx.issues
    assert not issues.errors
    # The one recommended property the release has no value for: no publication is recorded.
    assert all("datePublished" in warning for warning in issues.warnings), issues.warnings
    assert offline == []


def test_every_record_set_reads_every_row(written: Layout, metadata: dict[str, Any],
                                          records: dict[str, list[dict[str, Any]]],
                                          offline: list[str]) -> None:
    assert set(records) == {rs["@id"] for rs in items(metadata["recordSet"])}
    released = [c for c in TABLES if rows_on_disk(written, c)]
    assert set(released) <= set(records)
    for config in released:
        assert len(records[config]) == rows_on_disk(written, config), config
    for key in set(records) & set(VOCABULARIES):
        assert label_names(records, key) == dict(enumerate(VOCABULARIES[key].names)), key
    splits = {r[f"{SPLITS_RECORD_SET}/name"] for r in records[SPLITS_RECORD_SET]}
    assert splits == {s for c in released for s in config_splits(c)
                      if written.parquet(c, s).is_file()}
    assert offline == []


def test_golden_mention(records: dict[str, list[dict[str, Any]]]) -> None:
    mention = by_key(records["mentions"], "mentions", article_id=ARTICLE, mention_id="m2")
    assert (mention["mentions/text"], mention["mentions/start"], mention["mentions/end"],
            mention["mentions/split"]) == (b"Iraqi", 5, 10, b"test")
    assert label_names(records, "entity_type")[mention["mentions/type"]] == "GPE"


def test_golden_event_with_its_nested_arguments(records: dict[str, list[dict[str, Any]]]
                                                ) -> None:
    event = by_key(records["events"], "events", article_id=ARTICLE, event_id="e1")
    assert (event["events/trigger_text"], event["events/trigger_start"],
            event["events/trigger_end"]) == (b"targeting", 136, 145)
    roles = label_names(records, "argument_role")
    assert [(roles[a["events/arguments/role"]], a["events/arguments/text"],
             a["events/arguments/start"], a["events/arguments/end"])
            for a in event["events/arguments"]] == [
        ("ACTOR", b"Iran-aligned armed groups", 91, 116), ("RECIPIENT", b"US", 146, 148)]


def test_golden_document_with_its_nested_mentions(records: dict[str, list[dict[str, Any]]]
                                                  ) -> None:
    document = by_key(records["documents"], "documents", article_id=ARTICLE)
    mentions = {m["documents/mentions/mention_id"]: m for m in document["documents/mentions"]}
    m2 = mentions[b"m2"]
    assert (m2["documents/mentions/text"], m2["documents/mentions/start"],
            m2["documents/mentions/end"]) == (b"Iraqi", 5, 10)
    assert document["documents/text"].decode()[5:10] == "Iraqi"


def _follow(value: Any, steps: list[str]) -> Any:
    """A JSON path of field names, applied to each item of each list it meets."""
    if isinstance(value, list):
        return [_follow(item, steps) for item in value]
    return _follow(value[steps[0]], steps[1:]) if steps else value


def test_golden_arguments_of_a_document_as_the_metadata_defines_them(
        written: Layout, metadata: dict[str, Any]) -> None:
    # mlcroissant cannot read this field (see `readable`): its definition is followed by hand
    # on the Parquet row, as Croissant states it (column, then one JSON path step per list).
    _shown, dropped = readable(metadata)
    assert "documents/events/arguments" in dropped
    documents = next(rs for rs in items(metadata["recordSet"]) if rs["@id"] == "documents")
    text = next(f for f in fields_of(documents) if f["@id"] == "documents/events/arguments/text")
    source = text["source"]
    steps = [t["jsonPath"] for t in items(source.get("transform"))]
    assert (source["fileSet"]["@id"], steps) == ("documents-parquet", ["arguments", "text"])
    row = next(r for r in pq.read_table(written.parquet("documents", "test")).to_pylist()
               if r["article_id"] == ARTICLE)
    first_event = _follow(row[source["extract"]["column"]], steps)[0]
    assert first_event == ["Iran-aligned armed groups", "US"]


def test_mlcroissant_still_cannot_read_lists_of_rows_in_lists_of_rows(written: Layout) -> None:
    # When this fails, mlcroissant reads them: drop `readable` and read the metadata as is.
    dataset = mlc.Dataset(jsonld=written.croissant)
    with pytest.raises(mlc.GenerationError):
        list(dataset.records("documents"))


def _expected_fields(columns: tuple[Column, ...], parent: str) -> Iterator[tuple[str, Column]]:
    for column in columns:
        yield f"{parent}/{column.name}", column
        yield from _expected_fields(column.fields, f"{parent}/{column.name}")


@pytest.mark.parametrize("config", list(TABLES))
def test_every_column_is_a_field(metadata: dict[str, Any], config: str) -> None:
    record_sets = {rs["@id"]: rs for rs in items(metadata["recordSet"])}
    fields = {f["@id"]: f for f in fields_of(record_sets[config])}
    expected = dict(_expected_fields(TABLES[config][0], config))
    assert set(fields) == set(expected) | {f"{config}/{SPLIT_FIELD}"}
    for id_, column in expected.items():
        field = fields[id_]
        assert field["name"] == column.name
        assert field["description"].startswith(column.description), id_
        assert bool(field.get("isArray")) == (column.dtype in LISTS), id_
        assert ("subField" in field) == (column.dtype is Dtype.LIST_STRUCT), id_
        assert ("dataType" in field) == (column.dtype is not Dtype.LIST_STRUCT), id_
        if column.vocab is not None:
            assert all(name in field["description"] for name in column.vocab.names), id_
            enumeration = record_sets[column.vocab.key]
            assert [row[f"{column.vocab.key}/name"] for row in enumeration["data"]] == \
                column.vocab.names
        if column.dtype is Dtype.CLASS:
            assert field["references"] == {"field": {"@id": f"{column.vocab.key}/id"}}, id_


def test_same_files_same_bytes(tmp_path: Path) -> None:
    layout, files = Layout(tmp_path), release_files(tmp_path)
    first = croissant_bytes(layout, files)
    assert croissant_bytes(layout, dict(reversed(files.items()))) == first
    # Another process, other hash seeds: nothing may depend on the order of a set.
    script = ("import sys; from pathlib import Path; from test_croissant import release_files;"
              "from sovereign_skies.scripts.layout import Layout;"
              "from sovereign_skies.scripts.publish.croissant import croissant_bytes;"
              "root = Path(sys.argv[1]);"
              "sys.stdout.buffer.write(croissant_bytes(Layout(root), release_files(root)))")
    other = subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True,
                           capture_output=True, cwd=Path(__file__).parent,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert other == first


def test_a_tampered_parquet_file_is_caught(tmp_path: Path) -> None:
    layout = write_release(tmp_path)
    assert croissant_mismatches(layout) == []
    tampered = layout.parquet("mentions", "train")
    table = pq.read_table(tampered)
    pq.write_table(table.slice(0, table.num_rows - 1), tampered)
    removed = layout.parquet("events", "test")
    removed.unlink()
    undescribed = layout.parquet("stances", "train")
    metadata = json.loads(layout.croissant.read_bytes())
    metadata["distribution"] = [d for d in metadata["distribution"]
                                if d.get("contentUrl") != undescribed.relative_to(
                                    layout.dataset).as_posix()]
    layout.croissant.write_text(json.dumps(metadata), encoding="utf-8")
    found = {m.split(": ")[0]: m for m in croissant_mismatches(layout)}
    assert set(found) == {layout.rel(p) for p in (tampered, removed, undescribed)}
    assert "SHA-256" in found[layout.rel(tampered)]
    assert "missing" in found[layout.rel(removed)]
    assert "not described" in found[layout.rel(undescribed)]


def test_committed_croissant_describes_the_committed_parquet_files() -> None:
    assert croissant_mismatches(Layout(REPO)) == []
