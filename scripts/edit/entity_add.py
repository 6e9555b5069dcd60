"""`skies entity add` and `skies entity alias`: a new registry entry, written like the
one before it, and more aliases for an entry.

An alias another entity already claims (as name or alias, compared as R106 compares names) is
refused unless asked for (`shared`): rule M3 lets a capital stand for its state, so the
registry holds some shared forms on purpose; a new entity's name may be one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap

from sovereign_skies.schema.labels import ENTITY_TYPE, ORG_SECTOR
from sovereign_skies.schema.vocab import Vocabulary

from ..layout import Layout
from ..read.names import normalized_name
from . import yamlfile
from .entity import (
    FIELDS,
    QID,
    Change,
    Claim,
    EntityRefused,
    Registry,
    claims,
    extend_aliases,
    flow_seq,
    read_entities,
    safe_id,
)

ORG = ENTITY_TYPE.require("ORG")
GPE = ENTITY_TYPE.require("GPE")


def _claimant(registry: Registry, form: str, entity_id: str) -> Claim | None:
    others = [c for c in claims(registry).get(normalized_name(form), [])
              if c.entity != entity_id]
    return others[0] if others else None


def _check_aliases(registry: Registry, entity_id: str, aliases: list[str],
                   shared: bool) -> list[str]:
    """Refuse an alias another entity claims unless `shared`; notes on those shared."""
    notes = []
    for alias in aliases:
        if not alias.strip() or alias != alias.strip():
            raise EntityRefused(f"alias {alias!r}: an alias is a form of the text, non-empty "
                                "and without surrounding spaces")
        other = _claimant(registry, alias, entity_id)
        if other is None:
            continue
        claimed = (f"entity {other.entity!r} (its {other.kind} {other.form!r}, "
                   f"{registry.shown}:{other.line})")
        if not shared:
            raise EntityRefused(f"alias {alias!r} is already claimed by {claimed}; pass "
                                "--shared if both may be named so (rule M3: a capital "
                                "standing for its state)")
        notes.append(f"alias {alias!r} is shared with {claimed}")
    return notes


def _label(value: str, vocab: Vocabulary, option: str) -> None:
    if value not in vocab.names:
        raise EntityRefused(f"{option} {value!r} is not a label of {vocab.key}: one of "
                            f"{', '.join(vocab.names)}")


@dataclass(frozen=True)
class NewEntity:
    id: str
    name: str
    type: str
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    note: str | None = None


def _check_new(registry: Registry, new: NewEntity, shared: bool) -> list[str]:
    safe_id(new.id)
    if registry.index(new.id) is not None:
        raise EntityRefused(f"entity {new.id!r} already exists ({registry.at(new.id)}); add "
                            f"names to it with `skies entity alias {new.id} ...`")
    if not new.name.strip() or new.name != new.name.strip():
        raise EntityRefused(f"--name {new.name!r}: a name is non-empty, without surrounding "
                            "spaces")
    _label(new.type, ENTITY_TYPE, "--type")
    if new.sector is not None:
        _label(new.sector, ORG_SECTOR, "--sector")
        if new.type != ORG:  # the schema: the sector of any other type is null
            raise EntityRefused(f"--sector is for {ORG} entities only, not {new.type}")
    if new.wikidata is not None:
        _check_qid(registry, new.wikidata)
    if new.country is not None:
        _check_country(registry, new)
    notes = _check_aliases(registry, new.id, list(new.aliases), shared)
    if (other := _claimant(registry, new.name, new.id)) is not None:  # allowed: rule M3
        notes.append(f"its name {new.name!r} is also entity {other.entity!r}'s {other.kind}")
    return notes


def _check_qid(registry: Registry, qid: str) -> None:
    if not QID.match(qid):
        raise EntityRefused(f"--wikidata {qid!r} is not a Wikidata QID: Q and a number, "
                            "e.g. Q796")
    if owner := next((e.id for e in registry.entities if e.wikidata == qid), None):
        raise EntityRefused(f"--wikidata {qid} is already entity {owner!r}'s "
                            f"({registry.at(owner)}): one entity per Wikidata item")


def _check_country(registry: Registry, new: NewEntity) -> None:
    """Guide rule R1, as R111 checks it: a country is a state, a GPE that is its own
    country; a new GPE may name itself, and so becomes a state."""
    if new.country == new.id:
        if new.type != GPE:
            raise EntityRefused(f"--country {new.country}: only a GPE is its own country")
        return
    state = next((e for e in registry.entities if e.id == new.country), None)
    if state is None or state.type != GPE or state.country != state.id:
        raise EntityRefused(f"--country {new.country!r} is not a state of the registry (a GPE "
                            "that is its own country): give the state's id, e.g. iraq")


@dataclass
class Edited:
    change: Change | None  # None: nothing to write
    notes: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # the aliases added


def _entry(new: NewEntity, flow: bool) -> CommentedMap:
    aliases = list(dict.fromkeys(a for a in new.aliases if a != new.name))
    values = {"id": new.id, "name": new.name, "type": new.type, "sector": new.sector,
              "aliases": flow_seq(aliases) if aliases else None, "wikidata": new.wikidata,
              "country": new.country, "note": new.note}
    # Every entry says its QID, null when unknown (the registry's rule); the rest only when set.
    entry = CommentedMap((k, values[k]) for k in FIELDS
                         if values[k] is not None or k == "wikidata")
    if flow:
        entry.fa.set_flow_style()
    return entry


def add_entity(layout: Layout, new: NewEntity, shared: bool = False) -> Edited:
    """Append `new` to the registry, written like the entry before it."""
    registry = read_entities(layout)
    notes = _check_new(registry, new, shared)
    tree = yamlfile.loads(registry.text)
    entries = tree["entities"]
    last = entries[-1] if entries else None
    entries.fa.set_block_style()  # `entities: []` becomes a list of lines
    entries.append(_entry(new, flow=isinstance(last, CommentedMap) and last.fa.flow_style()))
    return Edited(Change(registry.path, registry.shown, registry.text, yamlfile.dumps(tree)),
                  notes)


def add_aliases(layout: Layout, entity_id: str, aliases: list[str],
                shared: bool = False) -> Edited:
    """Give an entity more aliases; one it already has is noted and left alone."""
    registry = read_entities(layout)
    entity = registry.require(entity_id)
    notes = _check_aliases(registry, entity_id, aliases, shared)
    own = [entity.name, *entity.aliases]
    new = [a for a in dict.fromkeys(aliases) if a not in own]
    notes += [f"{a!r} is already a name or alias of {entity_id!r}" for a in aliases if a in own]
    if not new:
        return Edited(None, notes)
    tree = yamlfile.loads(registry.text)
    extend_aliases(tree, entity_id, new)
    return Edited(Change(registry.path, registry.shown, registry.text, yamlfile.dumps(tree)),
                  notes, new)
