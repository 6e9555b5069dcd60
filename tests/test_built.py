"""The release read back a table at a time (scripts/built.py): every way of asking gives
what reading the whole file gives, and nothing is read that was not asked for."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import Repo

from sovereign_skies.scripts.built import Built
from sovereign_skies.scripts.publish.card_figures import SPLIT, Frames

TABLE = pa.table({"article_id": ["a", "b", "c"], "tokens": [["x", "y"], [], ["z"]],
                  "nested_mentions": [[], [{"start": 0}], []]})


def _bytes(table: pa.Table, row_group_size: int = 2) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=row_group_size)
    return sink.getvalue()


@pytest.fixture(params=["bytes", "path", "table"])
def built(request, tmp_path) -> Built:
    if request.param == "table":
        return Built({("tokens", "train"): TABLE})
    data = _bytes(TABLE)
    if request.param == "bytes":
        return Built({("tokens", "train"): data})
    path = tmp_path / "train.parquet"
    path.write_bytes(data)
    return Built({("tokens", "train"): path})


def test_every_way_of_reading_gives_the_file(built: Built) -> None:
    key = ("tokens", "train")
    assert built[key].equals(TABLE)
    assert built.read(key, ["article_id"]).column_names == ["article_id"]
    assert pa.Table.from_batches(list(built.batches(key, ["tokens"]))).column(
        "tokens").to_pylist() == TABLE.column("tokens").to_pylist()
    assert built.first_row(key) == TABLE.slice(0, 1).to_pylist()[0]
    assert (built.num_rows(key), built.nbytes(key)) == (3, built[key].nbytes)
    assert list(built) == [key] and len(built) == 1


def test_asking_whether_a_table_is_there_reads_nothing() -> None:
    # Bytes that are not Parquet: any read would raise.
    built = Built({("articles", "train"): b"not parquet"})
    assert ("articles", "train") in built and ("articles", "test") not in built
    with pytest.raises(pa.ArrowInvalid):
        built["articles", "train"]


def test_an_empty_table_has_no_first_row() -> None:
    assert Built({("a", "train"): _bytes(TABLE.slice(0, 0))}).first_row(("a", "train")) is None


def test_the_figures_keep_counts_of_the_tokens_not_the_tokens(built: Built) -> None:
    """The tokens are the release's largest column: the card's frames hold one count per
    sentence instead (and still find the words and the nested mentions)."""
    tokens = Frames.of(built).tokens
    assert tokens.columns == [SPLIT, "tokens", "nested_mentions"]
    assert tokens.rows() == [("train", 2, 0), ("train", 0, 1), ("train", 1, 0)]


def test_a_release_folder_is_read_by_config(built_seeds: Repo) -> None:
    layout = built_seeds.layout
    everything = Built.from_folder(layout.data)
    articles = Built.from_folder(layout.data, ["articles"])
    assert {c for c, _ in articles} == {"articles"}
    assert set(articles) < set(everything)
    for key in articles:
        assert articles[key].equals(pq.read_table(layout.parquet(*key)))
