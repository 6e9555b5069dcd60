"""Resolving sources into check tables: cleaning, quote anchors, dates, rows."""
