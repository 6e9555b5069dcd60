"""The registry's `country` (guide rule R1): the checks beyond R111's case in
test_check_codes.py, its release as `country_entity_id`, the real registry's values and the
card's breakdown by country."""

from __future__ import annotations

import polars as pl
from conftest import REPO, Repo, build

from sovereign_skies.scripts.built import Built
from sovereign_skies.scripts.publish.card_figures import Frames, countries


def codes(repo: Repo) -> list[str]:
    return [f.code for f in repo.validate().faults]


def _state_and_city(repo: Repo) -> None:
    repo.edit(repo.layout.entities, "{id: iran,", "{id: iran, country: iran,")
    repo.edit(repo.layout.entities, "{id: iraq,", "{id: iraq, country: iran,")


def test_a_country_that_is_a_state_is_clean(tiny: Repo) -> None:
    _state_and_city(tiny)  # iran is its own country, so it is a state
    assert codes(tiny) == []


def test_an_unknown_country_is_named_at_its_line(tiny: Repo) -> None:
    tiny.edit(tiny.layout.entities, "{id: iraq,", "{id: iraq, country: mesopotamia,")
    faults = tiny.validate().faults
    assert [(f.code, f.line) for f in faults] == [
        ("R101", tiny.line_of(tiny.layout.entities, "mesopotamia"))]
    assert "country 'mesopotamia' does not exist" in faults[0].message


def test_a_country_that_is_no_gpe_is_no_state(tiny: Repo) -> None:
    # An ORG that names itself is still no state: a state is a GPE.
    tiny.edit(tiny.layout.entities, "{id: iran, name: Iran, type: GPE,",
              "{id: iran, name: Iran, type: ORG, sector: GOVERNMENT, country: iran,")
    tiny.edit(tiny.layout.entities, "{id: iraq,", "{id: iraq, country: iran,")
    assert "R111" in codes(tiny)


def test_the_country_is_released_in_the_entities_config(tiny: Repo) -> None:
    _state_and_city(tiny)
    build(tiny)
    entities = pl.read_parquet(tiny.layout.parquet("entities", "full"))
    assert dict(entities.select("entity_id", "country_entity_id").iter_rows()) == {
        "iran": "iran", "iraq": "iran"}


def test_the_real_registry_gives_a_country_to_every_state_and_city() -> None:
    entities = pl.read_parquet(REPO / "dataset/data/entities/full-00000-of-00001.parquet")
    countries_of = dict(entities.select("entity_id", "country_entity_id").iter_rows())
    # Golden values, from the two independent passes (cards/adjudication.md).
    assert countries_of["iraq"] == "iraq" and countries_of["baghdad"] == "iraq"
    assert countries_of["kataib-hezbollah"] == "iraq"
    assert countries_of["mohammad-kazem-al-sadeq"] == "iran"
    assert countries_of["united-nations"] is None
    assert sum(c is not None for c in countries_of.values()) == 62


def test_the_card_counts_each_layer_by_country() -> None:
    tables = {}
    for config in ("articles", "entities", "mentions", "events", "stances"):
        tables.update({(config, p.stem.split("-")[0]): pl.read_parquet(p).to_arrow()
                       for p in (REPO / "dataset/data" / config).glob("*.parquet")})
    found = {c.country_id: c for c in countries(Frames.of(Built(tables)))}
    mentions = pl.concat(pl.read_parquet(p) for p in
                         (REPO / "dataset/data/mentions").glob("*.parquet"))
    entities = pl.read_parquet(REPO / "dataset/data/entities/full-00000-of-00001.parquet")
    iraq_ids = entities.filter(pl.col("country_entity_id") == "iraq")["entity_id"]
    of_iraq = mentions.filter(pl.col("entity_id").is_in(iraq_ids.implode()))
    assert found["iraq"].mentions == of_iraq.height
    assert sum(c.mentions for c in found.values()) == mentions.height
    assert list(found)[-1] is None  # entities of no one state come last
