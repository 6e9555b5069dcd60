"""Read a text file as UTF-8, safely: never through a symbolic link, never a device or FIFO,
never more than a size limit. Report what makes it unreadable or badly formatted, and turn
code-point offsets into the line and column people see."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..faults import Report, SourceLocation
from ..faults.codes import (
    BYTE_ORDER_MARK,
    CONTROL_CHARACTER,
    CR_LINE_ENDINGS,
    INPUT_LIMIT,
    NOT_UTF8,
    RAW_FORMAT,
    UNREADABLE_FILE,
    UNSAFE_PATH,
    Code,
)

EMITS = (UNREADABLE_FILE, NOT_UTF8, BYTE_ORDER_MARK, CR_LINE_ENDINGS, CONTROL_CHARACTER,
         RAW_FORMAT, UNSAFE_PATH, INPUT_LIMIT)

MAX_BYTES = 16 * 2**20  # the longest seed is 12 kB; a file this large is a mistake


class Unreadable(Exception):
    """The file could not be read at all; its fault is already in the report."""


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset, for people reading the text."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def unsafe_kind(mode: int) -> str | None:
    """Why a path of this `lstat` mode may not be read or written, or None if it may."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return "a special file (device, FIFO or socket)"


def _format_faults(text: str, shown: str, report: Report, raw: bool) -> None:
    """BOM, CR line endings, control characters: errors in files people write, warnings in
    raw files (kept exactly as received)."""
    def add(code: Code, message: str, offset: int) -> None:
        line, column = line_col(text, offset)
        report.add(RAW_FORMAT if raw else code, message, SourceLocation(shown, line, column))

    if text.startswith("\ufeff"):
        add(BYTE_ORDER_MARK, "the file starts with a byte-order mark", 0)
    if (cr := text.find("\r")) >= 0:
        add(CR_LINE_ENDINGS, "CR line endings (\\r)", cr)
    if control := CONTROL.search(text):
        add(CONTROL_CHARACTER, f"control character U+{ord(control.group()):04X}",
            control.start())


def read_bytes(path: Path, shown: str, report: Report) -> bytes:
    """The bytes of a regular file, opened without following a link, at most MAX_BYTES."""
    where = SourceLocation(shown)
    try:
        mode = os.lstat(path).st_mode
        if kind := unsafe_kind(mode):
            report.add(UNSAFE_PATH, f"the file is {kind}; it is not read", where)
            raise Unreadable
        if stat.S_ISDIR(mode):
            report.add(UNREADABLE_FILE, "cannot read the file: it is a folder", where)
            raise Unreadable
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        report.add(UNREADABLE_FILE, f"cannot read the file: {exc.strerror or exc}", where)
        raise Unreadable from exc
    if len(data) > MAX_BYTES:
        report.add(INPUT_LIMIT, f"the file is larger than {MAX_BYTES // 2**20} MiB", where)
        raise Unreadable
    return data


def read_text(path: Path, shown: str, report: Report, *, raw: bool = False) -> str:
    data = read_bytes(path, shown, report)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(NOT_UTF8, f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
                   SourceLocation(shown, line))
        raise Unreadable from exc
    _format_faults(text, shown, report, raw)
    return text
