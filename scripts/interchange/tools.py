"""The annotation tools skies exchanges files with, and what each module offers.

A tool module defines `export(documents, registry, out) -> list[Path]` (write the tool's files
for these articles into the folder `out`), and/or `read(path, current, registry) ->
list[Annotated]` (parse a tool file into the neutral form; `current(article_id)` gives the
article as it is now, for its text and for what the tool does not carry). Both raise
InterchangeError naming the file and the item on anything they cannot convert.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from .document import Annotated, Registry

Export = Callable[[list[Annotated], Registry, Path], list[Path]]
Read = Callable[[Path, Callable[[str], Annotated], Registry], list[Annotated]]


@dataclass(frozen=True)
class Tool:
    name: str  # as typed on the command line
    module: str
    title: str

    def _module(self) -> ModuleType:
        return importlib.import_module(f".{self.module}", __package__)

    @property
    def export(self) -> Export | None:
        return getattr(self._module(), "export", None)

    @property
    def read(self) -> Read | None:
        return getattr(self._module(), "read", None)


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("label-studio", "label_studio", "Label Studio (JSON tasks and labeling config)"),
    Tool("brat", "brat", "brat standoff (.txt, .ann, annotation.conf)"),
    Tool("doccano", "doccano", "doccano JSONL (UTF-16 offsets)"),
    Tool("inception", "inception", "INCEpTION / UIMA CAS XMI (dkpro-cassis)"),
    Tool("conll", "conll", "CoNLL-style BIO tokens and tags (export only, for review)"),
)}
