"""A synthetic corpus written as sources (raw texts, annotation files, registry, stories)
that every `skies` command reads, plus the card template so it can be built."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..layout import CHECKOUT_ROOT, Layout
from ..tables import SPLIT, CheckTables


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _flow_lists(rows: list[dict], key: str, template: str) -> dict[str, list[str]]:
    """Rows grouped by `key`, each written as a YAML flow mapping from `template`."""
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(template.format(**row))
    return out


def write_sources(tables: CheckTables, root: Path) -> None:
    """Write the tables as a source corpus (raw texts, annotation files, registry, stories)
    that every `skies` command reads. Meant for small N: one YAML file per article."""
    layout = Layout(root)
    layout.raw.mkdir(parents=True, exist_ok=True)
    layout.annotations.mkdir(parents=True, exist_ok=True)
    by_article = {name: dict(frame.partition_by("article_id", as_dict=True, include_key=True))
                  for name, frame in tables.frames.items() if "article_id" in frame.columns}
    empty = {name: frame.clear() for name, frame in tables.frames.items()}

    def rows(name: str, article: str) -> list[dict]:
        return by_article[name].get((article,), empty[name]).to_dicts()

    for a in tables["articles"].iter_rows(named=True):
        article = a["article_id"]
        raw = a["text"] + "\n"
        layout.raw_file(article).write_text(raw, encoding="utf-8")
        lines = [f"article_id: {article}", f"seed_file: {a['seed_file']}",
                 f"raw_sha256: {hashlib.sha256(raw.encode()).hexdigest()}",
                 f"story_id: {a['story_id']}", "title: null", f"outlet: {a['outlet']}",
                 "outlet_note: Synthetic.", f"url: {a['url']}", f"url_note: {a['url_note']}",
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
        layout.annotation_file(article).write_text("\n".join(lines) + "\n", encoding="utf-8")
    entity_lines = ["entities:"] + [
        f"  - {{id: {e['entity_id']}, name: {_yaml_str(e['name'])}, type: {e['type']}, "
        f"sector: {e['sector'] or 'null'}}}" for e in tables["entities"].iter_rows(named=True)]
    layout.entities.write_text("\n".join(entity_lines) + "\n", encoding="utf-8")
    stories = tables["articles"].select("story_id", SPLIT).unique(maintain_order=True)
    story_lines = ["stories:"] + [f"  - {{id: {s}, split: {p}, note: Synthetic.}}"
                                  for s, p in stories.iter_rows()]
    layout.stories.write_text("\n".join(story_lines) + "\n", encoding="utf-8")


def copy_card_template(root: Path) -> None:
    """The checkout's card template, so `skies build --root ROOT` can render a card."""
    source, target = Layout(CHECKOUT_ROOT).card_template, Layout(root).card_template
    if source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text("utf-8"), "utf-8")
