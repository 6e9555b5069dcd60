"""Resolving sources into check tables: cleaning, quote anchors, dates, rows; the event
coreference clusters the `same_as` links make (coreference.py)."""
