"""Synthetic corpora: generated as check tables (generate.py), with faults (faults.py),
written as sources (write.py)."""
