"""Sovereign Skies schema: label vocabularies (labels.py), table columns (columns.py),
pandera schemas (tables.py) and Hugging Face Features (features.py).

Import the submodule you need; nothing is imported eagerly here, because `datasets` alone
takes over a second to import and most commands never need it.
"""
