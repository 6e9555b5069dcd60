"""Sovereign Skies schema: label vocabularies, table columns, pandera schemas, HF Features."""

from .columns import FLAT_TABLES, TABLES
from .features import arrow_schema_for, features_for
from .labels import SPLITS, VOCABULARIES
from .tables import CHECK_TABLES, schema_for

__all__ = ["CHECK_TABLES", "FLAT_TABLES", "SPLITS", "TABLES", "VOCABULARIES",
           "arrow_schema_for", "features_for", "schema_for"]
