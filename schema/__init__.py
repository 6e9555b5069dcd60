"""Sovereign Skies schema: label vocabularies (vocab.py, labels.py), table columns and release
facts (columns.py), pandera schemas (pandera_schemas.py) and Hugging Face Features
(features.py).

Import the submodule you need; nothing is imported eagerly here, because `datasets` alone
takes over a second to import and most commands never need it.
"""
