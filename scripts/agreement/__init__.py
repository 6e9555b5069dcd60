"""Inter-annotator agreement: the typed result (result.py), the measures (metrics.py; event
coreference in coreference.py), the repository's two passes (passes.py), the adjudication
listing (disagreements.py), and the figures as tables for people (render.py)."""
