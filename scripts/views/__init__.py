"""The task views: configs derived from the check tables when a release is published, shaped
for a task rather than for the annotation (`VIEW_TABLES` in schema/columns.py).

    segment.py  tokens and sentences of a text that never cut a gold span (spaCy, rule-based)
    tokens.py   `tokens`: one row per sentence, IOB2 NER tags, nested mentions, events
    labels.py   `labels`: one row per label of every vocabulary, with its definition
    folds.py    `folds`: a story-level k-fold assignment of the articles
    frames.py   every view as a frame, for the codec

Views are never read back into check tables: a fresh build proves them byte for byte.
"""
