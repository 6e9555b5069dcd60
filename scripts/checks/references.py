"""References: every id points at a row that exists (arguments in the same article), and
every registry entity is mentioned somewhere."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.labels import MENTION_KIND

from ..faults import Report
from ..faults.codes import (
    COUNTRY_NOT_A_STATE,
    IMPLAUSIBLE_LINK,
    UNKNOWN_ARTICLE,
    UNKNOWN_ENTITY,
    UNKNOWN_MENTION,
    UNUSED_ENTITY,
    Code,
)
from ..read.names import normalized_names
from ..tables import CheckTables
from .emit import emit
from .locate import Locator

NAME = MENTION_KIND.require("NAME")

EMITS = (UNKNOWN_ENTITY, UNKNOWN_MENTION, UNKNOWN_ARTICLE, UNUSED_ENTITY, IMPLAUSIBLE_LINK,
         COUNTRY_NOT_A_STATE)

# (table, its columns, referenced table, referenced columns, what the value names, code)
REFERENCES: tuple[tuple[str, list[str], str, list[str], str, Code], ...] = (
    ("mentions", ["entity_id"], "entities", ["entity_id"], "entity", UNKNOWN_ENTITY),
    ("events", ["source_entity_id"], "entities", ["entity_id"], "source entity", UNKNOWN_ENTITY),
    ("stances", ["holder_entity_id"], "entities", ["entity_id"], "holder entity", UNKNOWN_ENTITY),
    ("event_arguments", ["article_id", "mention_id"], "mentions", ["article_id", "mention_id"],
     "mention", UNKNOWN_MENTION),
    ("event_arguments", ["article_id", "event_id"], "events", ["article_id", "event_id"],
     "event", UNKNOWN_ARTICLE),
    ("stance_evidence", ["article_id", "stance_id"], "stances", ["article_id", "stance_id"],
     "stance", UNKNOWN_ARTICLE),
    ("mentions", ["article_id"], "articles", ["article_id"], "article", UNKNOWN_ARTICLE),
    ("events", ["article_id"], "articles", ["article_id"], "article", UNKNOWN_ARTICLE),
    ("stances", ["article_id"], "articles", ["article_id"], "article", UNKNOWN_ARTICLE),
)


def reference_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    for table, columns, target, target_columns, what, code in REFERENCES:
        present = tables[table].lazy().filter(
            pl.all_horizontal(pl.col(c).is_not_null() for c in columns))
        if len(columns) == 1:  # a set of the (few) referenced ids, not a join over every row
            known = tables[target][target_columns[0]].unique()
            dangling = present.filter(~pl.col(columns[0]).is_in(known.implode()))
        else:
            known = tables[target].lazy().select(target_columns).unique()
            dangling = present.join(known, left_on=columns, right_on=target_columns,
                                    how="anti")
        in_article = " in this article" if "article_id" in columns[:-1] else ""
        emit(report, code, dangling, table, locate,
             lambda r, c=columns[-1], what=what, in_article=in_article:
             f"{what} {r[c]!r} does not exist{in_article}", column=columns[-1])


def country_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """A registry entity's `country` names no entity (R101) or one that is no state, a GPE
    that is its own country (R111). The registry alone decides: run with the registry."""
    entities = tables["entities"]
    if not {"country_entity_id", "type"} <= set(entities.columns):
        return  # a missing column is the table check's fault (T107)
    country = pl.col("country_entity_id")
    states = entities.filter((pl.col("type") == "GPE") & (country == pl.col("entity_id")))
    known = country.is_in(entities["entity_id"].implode())
    emit(report, UNKNOWN_ENTITY, entities.lazy().filter(country.is_not_null() & ~known),
         "entities", locate, lambda r: f"country {r['country_entity_id']!r} does not exist",
         column="country_entity_id")
    wrong = entities.lazy().filter(known & ~country.is_in(states["entity_id"].implode()))
    emit(report, COUNTRY_NOT_A_STATE, wrong, "entities", locate,
         lambda r: f"country {r['country_entity_id']!r} of {r['entity_id']!r} is not a state "
                   "(a GPE that is its own country)", column="country_entity_id")


def link_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """R106: a NAME mention whose text none of its entity's names and aliases gives."""
    if not ({"kind", "text", "entity_id"} <= set(tables["mentions"].columns)
            and {"name", "aliases"} <= set(tables["entities"].columns)):
        return  # a missing column is the table check's fault (T107)
    forms = (tables["entities"].lazy()
             .select("entity_id", _form=pl.concat_list(pl.col("name"),
                                                       pl.col("aliases").fill_null([])))
             .explode("_form").select("entity_id", _form=normalized_names(pl.col("_form")))
             .unique())
    known = tables["entities"].lazy().select("entity_id")
    named = (tables["mentions"].lazy().filter(pl.col("kind") == NAME)
             .join(known, on="entity_id", how="semi")  # an unknown id is R101's fault
             .with_columns(_form=normalized_names(pl.col("text"))))
    implausible = named.join(forms, on=["entity_id", "_form"], how="anti")
    emit(report, IMPLAUSIBLE_LINK, implausible, "mentions", locate,
         lambda r: f"{r['text']!r} is none of the names or aliases of {r['entity_id']!r}",
         column="entity_id")


def unused_entity_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """R105: a registry entity nothing in the whole corpus refers to."""
    used = pl.concat([
        tables["mentions"].lazy().select(pl.col("entity_id")),
        tables["events"].lazy().select(pl.col("source_entity_id").alias("entity_id")),
        tables["stances"].lazy().select(pl.col("holder_entity_id").alias("entity_id")),
    ]).drop_nulls().unique()
    unused = tables["entities"].lazy().join(used, on="entity_id", how="anti")
    emit(report, UNUSED_ENTITY, unused, "entities", locate,
         lambda r: f"entity {r['entity_id']!r} is in the registry but nothing refers to it",
         column="entity_id")
