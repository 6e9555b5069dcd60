"""The boundary with annotation tools (Label Studio, brat, doccano, INCEpTION, CoNLL).

Every tool module converts between its own file format and one neutral form, `Annotated`
(code-point offsets into the article's published text); `document` builds that form from the
sources, `apply` writes an imported one back into the annotation file. Offsets are converted
and checked at this boundary only (`offsets`): a span whose text does not match is refused.
"""
