"""How the guide compares names: two forms name the same thing when they differ only in case,
a typographic apostrophe, a possessive 's or a leading "the"/"al-"/"el-".

The rules are data so that the table check (R106, a polars expression over every mention) and
the registry commands (plain Python, one name at a time) apply exactly the same ones.
"""

from __future__ import annotations

import re

import polars as pl

# (regular expression, replacement), applied in order to the lowercased form. The patterns
# are in the syntax Python's `re` and polars (Rust's regex) read alike.
NAME_REWRITES: tuple[tuple[str, str], ...] = (
    ("’", "'"),
    (r"'s$", ""),
    (r"^(?:the\s+|al-|el-)", ""),
)


def normalized_name(name: str) -> str:
    form = name.lower()
    for pattern, replacement in NAME_REWRITES:
        form = re.sub(pattern, replacement, form)
    return form.strip()


def normalized_names(forms: pl.Expr) -> pl.Expr:
    """`normalized_name` of every value of a string column."""
    forms = forms.str.to_lowercase()
    for pattern, replacement in NAME_REWRITES:
        forms = forms.str.replace_all(pattern, replacement)
    return forms.str.strip_chars()
