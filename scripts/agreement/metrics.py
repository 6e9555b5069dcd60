"""Inter-annotator agreement between two annotation sets of the same articles: pure
functions of their check tables.

Pass A is the reference for precision/recall (F1 is symmetric anyway). Mentions match on
exact offsets (and, leniently, on overlap); events on article + trigger offsets + type;
stances on article + holder + target. Label agreement is measured on matched items only, and
so is event coreference (coreference.py).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import polars as pl

from sovereign_skies.schema.labels import REALIS, STANCE_LABEL

from .. import lazy
from ..tables import CheckTables
from .coreference import coreference_agreement
from .result import (
    PRF,
    Agreement,
    EventAgreement,
    LabelAgreement,
    MentionAgreement,
    Observed,
    StanceAgreement,
)

ARTICLE_VOICE = "<article voice>"


def prf(reference: set[Hashable], other: set[Hashable]) -> PRF:
    tp = len(reference & other)
    precision = tp / len(other) if other else 0.0
    recall = tp / len(reference) if reference else 0.0
    f1 = 2 * tp / (len(reference) + len(other)) if reference or other else 1.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp,
            "n_a": len(reference), "n_b": len(other)}


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def label_agreement(a: list[str], b: list[str], labels: list[str]) -> LabelAgreement:
    """Observed agreement, Cohen's kappa (scikit-learn) and Krippendorff's alpha (nominal,
    `krippendorff`) on paired labels."""
    if not a:
        return {"n": 0, "observed": None, "cohen_kappa": None, "krippendorff_alpha": None}
    cohen_kappa_score, krippendorff = lazy.agreement_measures()
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    kappa = cohen_kappa_score(a, b, labels=labels) if len(set(a) | set(b)) > 1 else math.nan
    codes = {label: i for i, label in enumerate(labels)}
    data = np.array([[codes[x] for x in a], [codes[y] for y in b]], dtype=float)
    alpha = (krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                value_domain=list(range(len(labels))))
             if len(set(a) | set(b)) > 1 else math.nan)
    return {"n": len(a), "observed": observed, "cohen_kappa": _finite(kappa),
            "krippendorff_alpha": _finite(alpha)}


def _overlap_matches(a: list[tuple[str, int, int]], b: list[tuple[str, int, int]]) -> int:
    """Greedy one-to-one matching of overlapping spans in the same article."""
    unused = sorted(b)
    matched = 0
    for article, start, end in sorted(a):
        best = max((span for span in unused if span[0] == article and span[1] < end
                    and start < span[2]),
                   key=lambda s: min(end, s[2]) - max(start, s[1]), default=None)
        if best is not None:
            unused.remove(best)
            matched += 1
    return matched


def typed_mentions(tables: CheckTables) -> pl.DataFrame:
    return tables["mentions"].join(tables["entities"].select("entity_id", "type"),
                                   on="entity_id", how="left")


def _by_label(a: Iterable[tuple], b: Iterable[tuple], labels: Iterable[str]) -> dict[str, PRF]:
    """Per-label F1 where the label is each tuple's last element."""
    a, b = set(a), set(b)
    return {label: prf({t for t in a if t[-1] == label}, {t for t in b if t[-1] == label})
            for label in sorted(set(labels))}


def mention_agreement(a: CheckTables, b: CheckTables) -> MentionAgreement:
    ma, mb = typed_mentions(a), typed_mentions(b)
    spans_a = set(ma.select("article_id", "start", "end").iter_rows())
    spans_b = set(mb.select("article_id", "start", "end").iter_rows())
    overlap_tp = _overlap_matches(list(spans_a), list(spans_b))
    n = len(spans_a) + len(spans_b)
    links = ma.join(mb, on=["article_id", "start", "end"], suffix="_b")
    typed_a = set(ma.select("article_id", "start", "end", "type").iter_rows())
    typed_b = set(mb.select("article_id", "start", "end", "type").iter_rows())
    same = links.filter(pl.col("entity_id") == pl.col("entity_id_b")).height
    return {
        "exact": prf(spans_a, spans_b),
        "overlap": {"f1": 2 * overlap_tp / n if n else 1.0, "tp": overlap_tp},
        "typed_exact": prf(typed_a, typed_b),
        "per_type": _by_label(typed_a, typed_b, [t[-1] for t in typed_a | typed_b]),
        "entity_link_accuracy": {"n": links.height,
                                 "accuracy": same / links.height if links.height else None},
    }


def _mention_spans(tables: CheckTables) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in tables["mentions"].select(
        "article_id", "mention_id", "start", "end").iter_rows()}


def events_by_key(tables: CheckTables) -> dict[tuple, dict[str, Any]]:
    spans = _mention_spans(tables)
    arguments: dict[tuple[str, str], set[tuple[str, int, int]]] = {}
    for article, event, role, mention in tables["event_arguments"].select(
            "article_id", "event_id", "role", "mention_id").iter_rows():
        if (article, mention) in spans:
            arguments.setdefault((article, event), set()).add((role, *spans[article, mention]))
    return {(r["article_id"], r["trigger_start"], r["trigger_end"], r["type"]):
            {"realis": r["realis"], "source": r["source_entity_id"],
             "date": [str(r["date"]) if r["date"] else None, r["date_precision"],
                      r["date_basis"]],
             "arguments": frozenset(arguments.get((r["article_id"], r["event_id"]), set()))}
            for r in tables["events"].iter_rows(named=True)}


def event_agreement(a: CheckTables, b: CheckTables, realis_labels: list[str]
                    ) -> EventAgreement:
    ea, eb = events_by_key(a), events_by_key(b)
    matched = sorted(set(ea) & set(eb))
    with_args_a = {(*k, v["arguments"]) for k, v in ea.items()}
    with_args_b = {(*k, v["arguments"]) for k, v in eb.items()}
    args_a = {(*k, arg) for k, v in ea.items() for arg in v["arguments"]}
    args_b = {(*k, arg) for k, v in eb.items() for arg in v["arguments"]}
    return {
        "trigger_type": prf(set(ea), set(eb)),
        "trigger_type_arguments": prf(with_args_a, with_args_b),
        "argument_tuples": prf(args_a, args_b),
        "per_type": _by_label(ea, eb, [k[-1] for k in set(ea) | set(eb)]),
        "realis": label_agreement([ea[k]["realis"] for k in matched],
                                  [eb[k]["realis"] for k in matched], realis_labels),
        "source": _observed([ea[k]["source"] for k in matched],
                            [eb[k]["source"] for k in matched]),
        "date": _observed([ea[k]["date"] for k in matched], [eb[k]["date"] for k in matched]),
        "coreference": coreference_agreement(a, b),
    }


def _observed(a: list[Any], b: list[Any]) -> Observed:
    """Share of matched items with equal values (source entity; date with its precision and
    basis), where chance agreement is not meaningful."""
    agreed = sum(x == y for x, y in zip(a, b, strict=True))
    return {"n": len(a), "observed": agreed / len(a) if a else None}


def stances_by_key(tables: CheckTables) -> dict[tuple[str, str, str], str]:
    return {(r["article_id"], r["holder_entity_id"] or ARTICLE_VOICE, r["target"]): r["label"]
            for r in tables["stances"].iter_rows(named=True)}


def stance_agreement(a: CheckTables, b: CheckTables, stance_labels: list[str]
                     ) -> StanceAgreement:
    sa, sb = stances_by_key(a), stances_by_key(b)
    matched = sorted(set(sa) & set(sb))
    labels_a, labels_b = [sa[k] for k in matched], [sb[k] for k in matched]
    per_label = {label: {"n_a": labels_a.count(label), "n_b": labels_b.count(label),
                         "agreed": sum(x == y == label for x, y in zip(labels_a, labels_b,
                                                                        strict=True))}
                 for label in stance_labels}
    return {"holder_target": prf(set(sa), set(sb)),
            "label": label_agreement(labels_a, labels_b, stance_labels),
            "per_label": per_label}


def _restrict(tables: CheckTables, articles: set[str]) -> CheckTables:
    return CheckTables({name: frame if name == "entities" else
                   frame.filter(pl.col("article_id").is_in(sorted(articles)))
                   for name, frame in tables.frames.items()})


def agreement(a: CheckTables, b: CheckTables) -> Agreement:
    """Agreement per layer and label, over the articles both sets annotate."""
    articles_a = set(a["articles"]["article_id"])
    articles_b = set(b["articles"]["article_id"])
    a, b = _restrict(a, articles_a & articles_b), _restrict(b, articles_a & articles_b)
    return {
        "articles": sorted(articles_a & articles_b),
        "only_in_a": sorted(articles_a - articles_b),
        "only_in_b": sorted(articles_b - articles_a),
        "mentions": mention_agreement(a, b),
        "events": event_agreement(a, b, REALIS.names),
        "stances": stance_agreement(a, b, STANCE_LABEL.names),
    }
