"""The dataset card of the real release: its first lines, every section of the Hugging Face
template, the Hub metadata (C101), links that resolve inside dataset/, code snippets that
run, byte-reproducible plots, and figures checked against the sources.

Expected counts come from tests/test_release.py's ROWS (established outside the toolkit) or
are worked out here from the annotation files with plain YAML and grep-like searches."""

from __future__ import annotations

import json
import re
import struct
import tomllib
from pathlib import Path

import huggingface_hub
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import REPO, Repo, build

from sovereign_skies.schema.columns import TABLES, TEXTFREE
from sovereign_skies.scripts.build import prepare
from sovereign_skies.scripts.built import Built
from sovereign_skies.scripts.checks.card_metadata import metadata_faults
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.publish import card_metadata, plots
from sovereign_skies.scripts.publish.card_figures import Frames, label_coverage, size

CLEAN = {
    "annotations_creators": ["machine-generated"], "language_creators": ["found"],
    "language": ["en"], "license": "other", "license_name": "cc-by-4.0-annotations",
    "license_link": "LICENSE", "multilinguality": ["monolingual"],
    "size_categories": ["n<1K"], "source_datasets": ["original"],
    "task_categories": ["token-classification", "text-classification"],
    "task_ids": ["named-entity-recognition", "multi-class-classification"],
}


def _card(repo: Repo) -> str:
    return repo.layout.card.read_text(encoding="utf-8")


def _meta(repo: Repo) -> dict:
    return yaml.safe_load(_card(repo).split("---\n")[1])


def _body(repo: Repo) -> str:
    return _card(repo).split("---\n", 2)[2]


# --- the first lines --------------------------------------------------------------------


def test_first_lines_give_the_size_and_say_the_annotators_were_ai(built_release: Repo) -> None:
    body = _body(built_release)
    opening = body[body.index("# Dataset Card"):body.index("## Table of Contents")]
    for figure in ("**5 articles** (4 stories)", "**495 entity mentions** of 99 registry "
                   "entities", "**132 events** with 283 arguments", "**37 stances** with 63 "
                   "evidence spans", "The test split is **1 article** "
                   "(`iraqi-militias-iran-israel-conflict`: 166 mentions, 55 events, "
                   "16 stances)", "**The annotators were AI agents.**"):
        assert figure in " ".join(opening.split()), figure


def test_token_count_says_what_it_counts(tiny: Repo) -> None:
    """Without the tokens config the size is whitespace-separated words: the tiny text has
    12 (Iran’s envoy said Baghdad met Tehran. / Iraq rejected strikes. Iraq met Iran.)."""
    build(tiny)
    tables = Built.from_folder(tiny.layout.data)
    words = size(Frames.of(Built.from_folder(tiny.layout.data,
                                             [c for c in TABLES if c != "tokens"])))
    assert (words.words["train"], words.words_are_tokens) == (12, False)
    assert size(Frames.of(tables)).words_are_tokens is ("tokens" in TABLES)


# --- every section ----------------------------------------------------------------------

TEMPLATE = Path(huggingface_hub.__file__).parent / "templates" / "datasetcard_template.md"
# The sections of the older card guide and the Datasheets topics the current template has
# no heading for (written out by hand).
EXTRA_SECTIONS = (
    "Supported Tasks and Leaderboards", "Languages", "Data Instances", "Data Fields",
    "Data Splits", "Social Impact and Dual Use", "Biases computed from the data",
    "Other Known Limitations", "Dataset Curators", "Licensing Information",
    "Citation Information", "Contributions", "Glossary", "Datasheet questions",
)


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines()
            if re.match(r"#{1,6} ", line)]


def test_card_has_every_section_of_the_hub_template(built_release: Repo) -> None:
    template_body = TEMPLATE.read_text(encoding="utf-8").split("---\n", 2)[2]
    wanted = [h.replace("[optional]", "").strip() for h in _headings(template_body)
              if "{{" not in h]
    assert "Personal and Sensitive Information" in wanted  # the template is the one meant
    found = _headings(_body(built_release))
    missing = [w for w in [*wanted, *EXTRA_SECTIONS] if not any(h.startswith(w) for h in found)]
    assert missing == []


def test_every_config_has_an_example_and_its_fields(built_release: Repo) -> None:
    body = _body(built_release)
    for config, (columns, _key) in TABLES.items():
        if config in TEXTFREE:  # its full config's, less the text: described once, there
            assert f"`{config}`" in body[body.index("**The text-free configs**"):]
            continue
        assert f"#### `{config}` (first row of `" in body, config
        section = body[body.index(f"#### `{config}`\n\n| field"):]
        assert all(f"| `{c.name}` |" in section for c in columns), config


def test_example_instance_is_the_first_row_as_loaded(built_release: Repo) -> None:
    body = _body(built_release)
    block = body[body.index("#### `mentions` (first row of `train`)"):]
    start = block.index("```json\n") + 8
    shown = json.loads(block[start:block.index("```", start)])
    first = pq.read_table(built_release.layout.parquet("mentions", "train")).slice(0, 1)
    assert shown == first.to_pylist()[0]
    # a long text is cut visibly, never silently
    documents = body[body.index("#### `documents` (first row of"):]
    assert re.search(r"… \[\d+ more characters\]", documents[:documents.index("```\n")])


def test_labels_absent_from_train_are_listed(built_release: Repo) -> None:
    """Worked out with grep on the sources: the three FAC entities are mentioned only in the
    test article; no train article has an INTERCEPT event or a stance on the two targets."""
    body = _body(built_release)
    assert "Absent from `train`: `FAC`." in body
    assert "Absent from `train`: `INTERCEPT`." in body
    assert ("Absent from `train`: `IRANIAN_MILITARY_ACTION_AGAINST_ISRAEL`, "
            "`ARMED_FACTION_ACTION_AGAINST_US`.") in body


def test_biases_are_computed_from_the_data(built_release: Repo) -> None:
    body = " ".join(_body(built_release).split())
    # outlets as the annotation files record them: named in the text, or the matching page's
    assert "| Shafaq News | 1 |" in body and "| Total News Agency (TNA) | 1 |" in body
    assert "| Tehran Times | 1 |" in body
    assert "The data records an outlet for 5 of 5 articles. Where" in body
    # seeds 000 and 001 report one interview: 2 of 5 articles
    assert "| `sadeq-interview-2025-12` | 2 (40%) |" in body
    # the holders table: Qasim al-Araji holds 5 stances (1 FAVOR, 4 AGAINST) in the gold
    assert ("| Qasim al-Araji | PER | – | Iraq's National Security Advisor. | 1 | 4 | 0 |"
            in body)


# --- the Hub metadata (C101) ------------------------------------------------------------


def test_card_yaml_states_the_hub_metadata(built_release: Repo) -> None:
    meta = _meta(built_release)
    assert {k: meta.get(k) for k in CLEAN} == CLEAN
    assert "stance-detection" in meta["tags"] and "event-extraction" in meta["tags"]
    assert "sentiment-classification" not in meta["task_ids"]


def test_clean_metadata_has_no_fault() -> None:
    assert metadata_faults(CLEAN, lambda name: name == "LICENSE") == []


@pytest.mark.parametrize(("field", "value"), [
    ("annotations_creators", ["ai-generated"]), ("language_creators", ["scraped"]),
    ("multilinguality", ["bilingual"]), ("size_categories", ["tiny"]),
    ("task_categories", [*CLEAN["task_categories"], "stance-detection"]),
    ("task_ids", ["stance-classification"]),
    ("license", "cc-by-4.1"), ("language", ["english"]), ("source_datasets", ["a b"]),
])
def test_a_value_outside_the_hub_lists_is_a_fault(field: str, value: object) -> None:
    faults = metadata_faults({**CLEAN, field: value})
    assert [f[0] for f in faults] == [field]


def test_a_task_id_of_another_category_is_a_fault() -> None:
    faults = metadata_faults({**CLEAN, "task_categories": ["text-classification"]})
    assert [(f[0], f[2]) for f in faults] == [("task_ids", "named-entity-recognition")]


def test_other_license_needs_a_name_and_a_file() -> None:
    assert [f[0] for f in metadata_faults({**CLEAN, "license_name": "My Licence"})] == [
        "license_name"]
    assert [f[0] for f in metadata_faults(CLEAN, lambda name: False)] == ["license_link"]
    no_link = {k: v for k, v in CLEAN.items() if k != "license_link"}
    assert [f[0] for f in metadata_faults(no_link)] == ["license_link"]


def test_a_missing_required_field_is_a_fault() -> None:
    faults = metadata_faults({k: v for k, v in CLEAN.items() if k != "language_creators"})
    assert [f[0] for f in faults] == ["language_creators"]


def test_build_refuses_a_card_the_hub_would_refuse(tiny: Repo,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_metadata, "TASK_IDS", ["sentiment-classification",
                                                    "stance-classification"])
    release, report = prepare(tiny.layout, Report(ignore=("D105",)))
    assert release is None
    assert [(f.code, f.message, f.file) for f in report.faults] == [
        ("C101", "task_ids: 'stance-classification' is not a value the Hub allows",
         "dataset/README.md")]
    assert not tiny.layout.card.exists()


# --- what the card links to -------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]+src=\"([^\"]+)\"")


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_every_relative_link_resolves_inside_dataset(built_release: Repo) -> None:
    body = _body(built_release)
    anchors = {_slug(h) for h in _headings(body)} | set(re.findall(r'<a id="([^"]+)">', body))
    links = [a or b for a, b in LINK.findall(body)]
    relative = [x for x in links if not re.match(r"[a-z]+://|mailto:", x)]
    assert "docs/guidelines.md" in relative and "LICENSE" in relative  # the test sees links
    dataset = built_release.layout.dataset
    for link in relative:
        if link.startswith("#"):
            assert link[1:] in anchors, link
        else:
            target = (dataset / link.split("#")[0]).resolve()
            assert target.is_file() and dataset.resolve() in target.parents, link


def test_guide_adjudication_log_and_check_catalogue_are_shipped(built_release: Repo) -> None:
    docs = built_release.layout.dataset / "docs"
    for name, source in (("guidelines.md", "cards/guidelines.md"),
                         ("adjudication.md", "cards/adjudication.md"),
                         ("checks.md", "cards/checks.md")):
        shipped = (docs / name).read_text(encoding="utf-8")
        assert shipped.endswith((built_release.root / source).read_text(encoding="utf-8"))


def test_a_shipped_doc_goes_when_its_source_goes(tiny: Repo) -> None:
    log = tiny.root / "cards" / "adjudication.md"
    log.write_text("# Adjudication\n\nNothing to decide.\n", encoding="utf-8")
    build(tiny)
    shipped = tiny.layout.dataset / "docs" / "adjudication.md"
    assert shipped.read_text(encoding="utf-8").endswith("Nothing to decide.\n")
    assert "](docs/adjudication.md)" in _body(tiny)
    log.unlink()
    build(tiny)
    assert not shipped.exists() and "docs/adjudication.md" not in _body(tiny)


def test_license_file_states_both_licences(built_release: Repo) -> None:
    text = " ".join((built_release.layout.dataset / "LICENSE").read_text(encoding="utf-8")
                    .split())  # lines are wrapped
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    for path in sorted((REPO / "dataset" / "annotations").glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert source["article_id"] in text and source["rights"] in text


# --- the code snippets ------------------------------------------------------------------


def test_card_states_the_datasets_version_the_toolkit_requires(built_release: Repo) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = next(d for d in project["dependencies"] if d.startswith("datasets"))
    assert f"Requires `{required}`" in _body(built_release)


def test_the_cards_python_snippets_run_offline(built_release: Repo,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", _body(built_release), re.DOTALL)
    assert len(blocks) >= 2  # loading, and cross-validation over the folds
    monkeypatch.chdir(built_release.root)  # the card's `path` names dataset/ from here
    for block in blocks:
        exec(compile(block, "dataset/README.md", "exec"), {})


def test_baselines_not_computed_is_said(tiny: Repo) -> None:
    """The tiny corpus has no test split, so no baselines."""
    build(tiny)
    assert "Baselines are not yet computed" in _body(tiny)


# --- the plots --------------------------------------------------------------------------


def _png_text_keys(data: bytes) -> list[bytes]:
    keys, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            keys.append(data[at + 8:at + 8 + length].split(b"\0")[0])
        at += 12 + length
    return keys


def test_plots_are_byte_reproducible_and_embedded(built_release: Repo) -> None:
    layout = built_release.layout
    tables = Built.from_folder(layout.data)
    agreement = json.loads(layout.agreement.read_text(encoding="utf-8"))
    frames = Frames.of(tables)
    plots.clear_cache()
    first = plots.plots(frames, label_coverage(frames), agreement)
    plots.clear_cache()  # drawn again, not taken from the cache
    second = plots.plots(Frames.of(tables), label_coverage(frames), agreement)
    assert all(a is not b for a, b in zip(first.values(), second.values(), strict=True))
    assert first == second and set(first) == set(plots.PLOT_NAMES)
    body = _body(built_release)
    for name, data in first.items():
        assert (layout.figures / name).read_bytes() == data  # the build wrote these bytes
        assert f"](figures/{name})" in body
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and b"Software" not in _png_text_keys(data)


def test_plots_use_the_font_that_ships_with_matplotlib() -> None:
    import matplotlib
    from matplotlib import font_manager

    found = Path(font_manager.findfont(plots.FONT, fallback_to_default=False))
    assert Path(matplotlib.get_data_path()) in found.parents
