"""A synthetic corpus for benchmarks and scale tests: valid by construction, with realistic
densities, and optionally a chosen fraction of faults of every family.

Words look like `qbadez` (q + letters + z), so no word occurs inside another and every quote
anchor's occurrence number is exact. Everything is vectorized (numpy + polars): 100,000
articles with 3.2M mentions take seconds, not hours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl

from sovereign_skies.schema.labels import (
    DATE_BASIS,
    ENTITY_TYPE,
    EVENT_TYPE,
    ORG_SECTOR,
    REALIS,
    SPLITS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from sovereign_skies.schema.tables import polars_schema

from .build import LINE, SPLIT, Tables

WORDS_PER_ARTICLE = 400
MENTIONS_PER_ARTICLE = 32
EVENTS_PER_ARTICLE = 8
ARGUMENTS_PER_EVENT = 2
STANCES_PER_ARTICLE = 2
VOCABULARY = 3000
MAX_ENTITIES = 5000
_LETTERS = np.array(list("abcdefghijklmnoprstuvwxy"))  # no q or z: they delimit words


def _words(n: int, rng: np.random.Generator) -> list[str]:
    lengths = rng.integers(3, 9, n)
    return ["q" + "".join(rng.choice(_LETTERS, k)) + "z" for k in lengths]


def _positions(rng: np.random.Generator, articles: int, per: int) -> np.ndarray:
    """`per` distinct sorted token positions in each article: (articles, per)."""
    keys = rng.random((articles, WORDS_PER_ARTICLE))
    return np.sort(np.argpartition(keys, per, axis=1)[:, :per], axis=1)


def _tokens(articles: int, rng: np.random.Generator) -> pl.DataFrame:
    vocabulary = pl.Series(_words(VOCABULARY, rng)).unique(maintain_order=True)
    ids = rng.integers(0, len(vocabulary), (articles, WORDS_PER_ARTICLE)).ravel()
    words = vocabulary.gather(ids)
    tokens = pl.DataFrame({
        "_a": np.repeat(np.arange(articles), WORDS_PER_ARTICLE),
        "_p": np.tile(np.arange(WORDS_PER_ARTICLE), articles),
        "w": words,
    }).with_columns(_len=pl.col("w").str.len_chars())
    return tokens.with_columns(
        start=(pl.col("_len") + 1).cum_sum().over("_a") - pl.col("_len") - 1,
        occurrence=pl.col("w").cum_count().over("_a", "w"))


def _article_ids(n: int) -> list[str]:
    return [f"synthetic-{i:07d}" for i in range(n)]


def _pick(tokens: pl.DataFrame, rng: np.random.Generator, articles: int, per: int
          ) -> pl.DataFrame:
    positions = _positions(rng, articles, per)
    picked = pl.DataFrame({"_a": np.repeat(np.arange(articles), per),
                           "_p": positions.ravel(), "_k": np.tile(np.arange(per), articles)})
    return picked.join(tokens, on=["_a", "_p"], how="left").sort("_a", "_k")


def synth_tables(articles: int, seed: int = 0) -> Tables:
    """A valid corpus of `articles` articles, as check tables (with `_line` = 0)."""
    rng = np.random.default_rng(seed)
    ids = pl.Series("article_id", _article_ids(articles))
    tokens = _tokens(articles, rng)
    texts = tokens.group_by("_a", maintain_order=True).agg(text=pl.col("w").str.join(" "))
    n_entities = min(MAX_ENTITIES, max(10, articles * 4))  # every entity gets mentioned
    entity_ids = [f"entity-{i:05d}" for i in range(n_entities)]
    types = rng.choice(ENTITY_TYPE.names, n_entities)
    entities = pl.DataFrame({
        "entity_id": entity_ids, "name": [e.replace("-", " ") for e in entity_ids],
        "type": types, "sector": rng.choice(ORG_SECTOR.names, n_entities),
        "aliases": [[]] * n_entities, "wikidata_qid": [None] * n_entities,
        "note": [None] * n_entities, LINE: [0] * n_entities,
    }, schema={**polars_schema("entities"), LINE: pl.Int32}).with_columns(
        sector=pl.when(pl.col("type") == "ORG").then(pl.col("sector")))

    published = dt.date(2025, 6, 30)
    story = np.arange(articles) // 2  # two reports per story
    train, validation, test = SPLITS  # 80/10/10 by story
    split = np.array([train] * 8 + [validation, test])[story % 10]
    articles_frame = pl.DataFrame({
        "article_id": ids, "story_id": [f"story-{s:07d}" for s in story],
        "seed_file": [f"{a}.txt" for a in ids], "title": None, "outlet": None,
        "outlet_note": "Synthetic.", "url": None, "url_note": "Synthetic.",
        "published_date": published, "published_precision": "DAY",
        "published_basis": "EXPLICIT", "published_note": "Synthetic.",
        "rights": "Synthetic text.", "language": "en", "raw_sha256": "0" * 64,
        "cleaning": [["normalize to Unicode NFC"]] * articles, "text": texts["text"],
        SPLIT: split, LINE: 0,
    }, schema={**polars_schema("articles"), SPLIT: pl.String, LINE: pl.Int32})

    m = _pick(tokens, rng, articles, MENTIONS_PER_ARTICLE)
    mentions = pl.DataFrame({
        "article_id": ids.gather(m["_a"]), "mention_id": "m" + (m["_k"] + 1).cast(pl.String),
        "entity_id": pl.Series(entity_ids).gather(rng.integers(0, n_entities, m.height)),
        "kind": rng.choice(["NAME", "NOMINAL"], m.height), "start": m["start"],
        "end": m["start"] + m["_len"], "text": m["w"], LINE: 0,
        "occurrence": m["occurrence"],
    }, schema_overrides={**polars_schema("mentions"), LINE: pl.Int32})

    e = _pick(tokens, rng, articles, EVENTS_PER_ARTICLE)
    event_types = rng.choice(EVENT_TYPE.names, e.height)
    events = pl.DataFrame({
        "article_id": ids.gather(e["_a"]), "event_id": "e" + (e["_k"] + 1).cast(pl.String),
        "type": event_types, "trigger_start": e["start"],
        "trigger_end": e["start"] + e["_len"], "trigger_text": e["w"],
        "realis": rng.choice(REALIS.names, e.height), "source_entity_id": None,
        "date": published - dt.timedelta(days=3), "date_precision": "DAY",
        "date_basis": rng.choice(DATE_BASIS.names[:2], e.height), "date_note": None,
        LINE: 0, "occurrence": e["occurrence"],
    }, schema_overrides={**polars_schema("events"), LINE: pl.Int32})

    roles = {t.name: t.roles for t in EVENT_TYPE.labels}
    n_arguments = events.height * ARGUMENTS_PER_EVENT
    arguments = pl.DataFrame({
        "article_id": np.repeat(events["article_id"].to_numpy(), ARGUMENTS_PER_EVENT),
        "event_id": np.repeat(events["event_id"].to_numpy(), ARGUMENTS_PER_EVENT),
        # first argument: the type's first role (ACTOR for all); second: its second role
        "role": [roles[t][k] for t in event_types for k in range(ARGUMENTS_PER_EVENT)],
        "mention_id": "m" + pl.Series(rng.integers(1, MENTIONS_PER_ARTICLE + 1, n_arguments))
        .cast(pl.String), LINE: 0,
    }, schema_overrides={**polars_schema("event_arguments"), LINE: pl.Int32})
    arguments = arguments.unique(["article_id", "event_id", "role", "mention_id"],
                                 maintain_order=True)

    s = _pick(tokens, rng, articles, STANCES_PER_ARTICLE)
    stance_keys = {"article_id": ids.gather(s["_a"]),
                   "stance_id": "s" + (s["_k"] + 1).cast(pl.String)}
    holders = pl.Series(entity_ids).gather(rng.integers(0, n_entities, s.height))
    stances = pl.DataFrame({
        **stance_keys, "holder_entity_id": holders,
        "target": rng.choice(STANCE_TARGET.names, s.height),
        "label": rng.choice(STANCE_LABEL.names, s.height), LINE: 0,
    }, schema_overrides={**polars_schema("stances"), LINE: pl.Int32})
    evidence = pl.DataFrame({
        **stance_keys, "start": s["start"], "end": s["start"] + s["_len"], "text": s["w"],
        LINE: 0, "occurrence": s["occurrence"],
    }, schema_overrides={**polars_schema("stance_evidence"), LINE: pl.Int32})
    # A holder must be mentioned in its article: the stance holder takes over mention m1.
    mentions = mentions.join(stances.filter(pl.col("stance_id") == "s1").select(
        "article_id", _holder="holder_entity_id"), on="article_id", how="left").with_columns(
        entity_id=pl.when(pl.col("mention_id") == "m1").then(pl.col("_holder"))
        .otherwise(pl.col("entity_id"))).drop("_holder")
    stances = stances.with_columns(holder_entity_id=pl.when(pl.col("stance_id") == "s1")
                                   .then(pl.col("holder_entity_id")).otherwise(None))
    return Tables({"articles": articles_frame, "entities": entities, "mentions": mentions,
                   "events": events, "event_arguments": arguments, "stances": stances,
                   "stance_evidence": evidence})


# --- faults -----------------------------------------------------------------------------

def _corrupt(frame: pl.DataFrame, fraction: float, rng: np.random.Generator,
             **columns: pl.Expr) -> pl.DataFrame:
    hit = pl.Series(rng.random(frame.height) < fraction)
    return frame.with_columns(**{name: pl.when(hit).then(expr).otherwise(pl.col(name))
                                 for name, expr in columns.items()})


def inject_faults(tables: Tables, fraction: float, seed: int = 1) -> Tables:
    """Corrupt about `fraction` of the rows of each family: labels (T103), ids (T104), ranges
    (T105), spans (P103, P105), references (R101, R102), semantics (M101, M103)."""
    rng = np.random.default_rng(seed)
    t = dict(tables.frames)
    t["events"] = _corrupt(t["events"], fraction, rng, type=pl.lit("STRIKES"))
    t["events"] = _corrupt(t["events"], fraction, rng, realis=pl.lit("ACTUAL"),
                           date=pl.lit(dt.date(2026, 1, 1)))
    t["mentions"] = _corrupt(t["mentions"], fraction, rng, text=pl.col("text") + "x")
    t["mentions"] = _corrupt(t["mentions"], fraction, rng, entity_id=pl.lit("entity-nobody"))
    t["event_arguments"] = _corrupt(t["event_arguments"], fraction, rng,
                                    mention_id=pl.lit("m999"))
    t["event_arguments"] = _corrupt(t["event_arguments"], fraction, rng,
                                    role=pl.lit("FORUM"))
    t["stance_evidence"] = _corrupt(t["stance_evidence"], fraction, rng,
                                    start=pl.lit(-1, pl.Int32))
    t["entities"] = _corrupt(t["entities"], fraction, rng, entity_id=pl.col("entity_id") + "/x")
    return Tables(t)


# --- sources ----------------------------------------------------------------------------

def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _flow_lists(rows: list[dict], key: str, template: str) -> dict[str, list[str]]:
    """Rows grouped by `key`, each written as a YAML flow mapping from `template`."""
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(template.format(**row))
    return out


def write_sources(tables: Tables, root: Path) -> None:
    """Write the tables as a source corpus (raw texts, annotation files, registry, stories)
    that every `skies` command reads. Meant for small N: one YAML file per article."""
    import hashlib

    dataset = root / "dataset"
    (dataset / "raw").mkdir(parents=True, exist_ok=True)
    (dataset / "annotations").mkdir(parents=True, exist_ok=True)
    by_article = {name: dict(frame.partition_by("article_id", as_dict=True, include_key=True))
                  for name, frame in tables.frames.items() if "article_id" in frame.columns}
    empty = {name: frame.clear() for name, frame in tables.frames.items()}

    def rows(name: str, article: str) -> list[dict]:
        return by_article[name].get((article,), empty[name]).to_dicts()

    for a in tables["articles"].iter_rows(named=True):
        article = a["article_id"]
        raw = a["text"] + "\n"
        (dataset / "raw" / f"{article}.txt").write_text(raw, encoding="utf-8")
        lines = [f"article_id: {article}", f"seed_file: {a['seed_file']}",
                 f"raw_sha256: {hashlib.sha256(raw.encode()).hexdigest()}",
                 f"story_id: {a['story_id']}", "title: null", "outlet: null",
                 "outlet_note: Synthetic.", "url: null", "url_note: Synthetic.",
                 f"published: {{value: {a['published_date']}, precision: DAY, basis: EXPLICIT, "
                 "note: Synthetic.}", "rights: Synthetic text.",
                 "cleaning: [{op: trim, why: The raw file ends with a newline.}]", "mentions:"]
        lines += [f"  - {{id: {m['mention_id']}, entity: {m['entity_id']}, kind: {m['kind']}, "
                  f"quote: {m['text']}, occurrence: {m['occurrence']}}}"
                  for m in rows("mentions", article)]
        arguments = _flow_lists(rows("event_arguments", article), "event_id",
                                "{{role: {role}, mention: {mention_id}}}")
        lines.append("events:")
        for e in rows("events", article):
            date = e["date"].isoformat() if e["date"] else "null"
            lines += [f"  - id: {e['event_id']}", f"    type: {e['type']}",
                      f"    trigger: {{quote: {e['trigger_text']}, occurrence: "
                      f"{e['occurrence']}}}", f"    realis: {e['realis']}",
                      f"    source: {e['source_entity_id'] or 'null'}",
                      f"    date: {{value: {date}, precision: {e['date_precision']}, "
                      f"basis: {e['date_basis']}}}",
                      f"    arguments: [{', '.join(arguments.get(e['event_id'], []))}]"]
        evidence = _flow_lists(rows("stance_evidence", article), "stance_id",
                               "{{quote: {text}, occurrence: {occurrence}}}")
        lines.append("stances:")
        for s in rows("stances", article):
            lines += [f"  - id: {s['stance_id']}", f"    holder: {s['holder_entity_id'] or 'null'}",
                      f"    target: {s['target']}", f"    label: {s['label']}",
                      f"    evidence: [{', '.join(evidence.get(s['stance_id'], []))}]"]
        (dataset / "annotations" / f"{article}.yaml").write_text("\n".join(lines) + "\n",
                                                                   encoding="utf-8")
    entity_lines = ["entities:"] + [
        f"  - {{id: {e['entity_id']}, name: {_yaml_str(e['name'])}, type: {e['type']}, "
        f"sector: {e['sector'] or 'null'}}}" for e in tables["entities"].iter_rows(named=True)]
    (dataset / "entities.yaml").write_text("\n".join(entity_lines) + "\n", encoding="utf-8")
    stories = tables["articles"].select("story_id", SPLIT).unique(maintain_order=True)
    story_lines = ["stories:"] + [f"  - {{id: {s}, split: {p}, note: Synthetic.}}"
                                  for s, p in stories.iter_rows()]
    (dataset / "stories.yaml").write_text("\n".join(story_lines) + "\n", encoding="utf-8")
