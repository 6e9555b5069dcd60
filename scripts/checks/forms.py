"""R107: a mention whose form fixes the type of its entity (a personal pronoun, a nationality
adjective, the head noun of a nominal: guide rule M12, word lists in schema/forms.py) linked
to an entity of another type. With R106 (a NAME none of its entity's names) it keeps two
swapped entity ids from passing silently: R106 sees NAME mentions only, this sees nominals
and pronouns too, and a wrong alias in the registry."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.forms import FORM_RULES, FormRule
from sovereign_skies.schema.labels import ENTITY_TYPE

from ..faults import Report
from ..faults.codes import FORM_TYPE_MISMATCH
from ..tables import CheckTables
from .emit import emit
from .locate import Locator

EMITS = (FORM_TYPE_MISMATCH,)


def _words(column: str) -> dict[str, pl.Expr]:
    """The parts of a mention's text the rules look at, in lower case: the whole text, and
    its head (the last word: a nominal's span ends at its head noun, M4)."""
    text = pl.col(column).str.to_lowercase().str.strip_chars()
    return {"text": text, "head": text.str.extract(r"(\S+)$")}


def _mismatches(mentions: pl.LazyFrame, rule: FormRule) -> pl.LazyFrame:
    return (mentions.filter((pl.col("kind") == rule.kind)
                            & pl.col(f"_{rule.part}").is_in(rule.words)
                            & ~pl.col("_type").is_in(rule.types))
            .with_columns(_form=pl.lit(rule.form), _fits=pl.lit(rule.fits)))


def form_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    if not ({"kind", "text", "entity_id"} <= set(tables["mentions"].columns)
            and "type" in tables["entities"].columns):
        return  # a missing column is the table check's fault (T107)
    # An unknown entity (R101) or entity type (T103) is another check's fault.
    types = (tables["entities"].lazy().filter(pl.col("type").is_in(ENTITY_TYPE.names))
             .select("entity_id", _type=pl.col("type")).unique("entity_id"))
    mentions = (tables["mentions"].lazy().join(types, on="entity_id", how="inner")
                .with_columns(**{f"_{part}": expr for part, expr in _words("text").items()}))
    failing = pl.concat([_mismatches(mentions, rule) for rule in FORM_RULES])
    emit(report, FORM_TYPE_MISMATCH, failing, "mentions", locate,
         lambda r: f"{r['text']!r} is {r['_form']} (guide rule M12), so it links to an "
                   f"entity of {r['_fits']}; {r['entity_id']!r} is of type {r['_type']}",
         column="entity_id")
