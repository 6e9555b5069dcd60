"""Dates as sources write them (YYYY, YYYY-MM, YYYY-MM-DD, null) -> the first day of the
period they name, checked against their precision."""

from __future__ import annotations

import datetime as dt
import re

from sovereign_skies.schema.labels import DATE_PARTS, UNKNOWN_PRECISION

from ..read.models import DateSource

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_date(source: DateSource) -> tuple[dt.date | None, str | None]:
    """(date, problem): the first day of the period the value names, checked against its
    precision. Unknown precisions are left to the label check."""
    value, precision = source.value, source.precision
    if precision == UNKNOWN_PRECISION:
        return None, None if value is None else f"{UNKNOWN_PRECISION} precision takes `value: null`"
    if value is None:
        return None, f"precision {precision} needs a date value"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    match = _DATE.match(text)
    if not match:
        return None, f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    parts = [int(p) for p in match.groups() if p is not None]
    if precision in DATE_PARTS and len(parts) != DATE_PARTS[precision]:
        return None, f"{text!r} does not have {precision} precision"
    try:
        return dt.date(parts[0], *[*parts[1:], 1, 1][:2]), None
    except ValueError as exc:
        return None, f"{text!r}: {exc}"
