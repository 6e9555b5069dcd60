"""Round-trip YAML editing: a file loaded with its comments and layout, changed, and written
back atomically (only ruamel.yaml keeps comments; reading for checks uses libyaml)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError

from ..publish.parquet import write_atomic


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # a new value goes on one line, as the files are written by hand
    yaml.indent(mapping=2, sequence=4, offset=2)
    # `null` written out, as the guide asks for unknowns (ruamel writes nothing by default).
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer: Any, _value: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def load(path: Path) -> Any:
    """A YAML file as ruamel's commented tree (comments and flow style remembered)."""
    return loads(path.read_text(encoding="utf-8"))


class YamlEditError(ValueError):
    """A file that cannot be edited as YAML; the message gives the line."""


def loads(text: str) -> Any:
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlEditError(f"{where}{problem}") from None


def dumps(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def save(path: Path, data: Any) -> None:
    write_atomic(path, dumps(data).encode("utf-8"))
