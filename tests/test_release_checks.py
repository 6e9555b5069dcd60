"""Release checks beyond each code's own case (test_check_codes.py): a fresh release is clean,
and faults in built rows are mapped back to the source line of the row."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import Repo, build, only

from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.validate import validate


def _set_column(path, name: str, values: pa.Array) -> None:
    table = pq.read_table(path)
    pq.write_table(table.set_column(table.schema.get_field_index(name), name, values), path)


def test_fresh_release_is_clean(tiny: Repo) -> None:
    build(tiny)
    assert validate(tiny.layout, report=Report(ignore=("D105",))).faults == []


def test_built_row_is_located_at_its_source_line(tiny: Repo) -> None:
    build(tiny)
    _set_column(tiny.layout.parquet("events", "train"), "realis", pa.array([42], pa.int64()))
    fault = next(f for f in validate(tiny.layout).faults if f.code == "T103")
    assert fault.table == "flat configs:events" and fault.row == "tiny-article/e1"
    assert (fault.file, fault.line) == ("dataset/annotations/tiny-article.yaml",
                                        tiny.line_of(tiny.annotation, "realis: ACTUAL"))
    assert fault.location == f"dataset/annotations/tiny-article.yaml:{fault.line}:13"


def test_class_label_out_of_range_in_parquet_is_caught(tiny: Repo) -> None:
    build(tiny)
    _set_column(tiny.layout.parquet("stances", "train"), "label", pa.array([99], pa.int64()))
    faults = validate(tiny.layout, report=Report(select=("T103",))).faults
    fault = only([f for f in faults if f.table == "flat configs:stances"], "T103")
    assert fault.row == "tiny-article/s1" and "'99'" in fault.message
