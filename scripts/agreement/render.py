"""Agreement figures as tables for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from .result import Agreement


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _prf_table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("measure", "F1", "P", "R", "tp", "n A", "n B"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, r in rows.items():
        table.add_row(name, _f(r.get("f1")), _f(r.get("precision")), _f(r.get("recall")),
                      str(r.get("tp", "")), str(r.get("n_a", "")), str(r.get("n_b", "")))
    return table


def _scores_table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("measure", "F1", "P", "R"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, r in rows.items():
        table.add_row(name, _f(r["f1"]), _f(r["precision"]), _f(r["recall"]))
    return table


def _labels_table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("measure", "n", "observed", "Cohen κ", "Krippendorff α"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, r in rows.items():
        table.add_row(name, str(r["n"]), _f(r["observed"]), _f(r["cohen_kappa"]),
                      _f(r["krippendorff_alpha"]))
    return table


def print_agreement(result: Agreement, console: Console) -> None:
    console.print(f"articles compared: {len(result['articles'])}")
    m, e, s = result["mentions"], result["events"], result["stances"]
    console.print(_prf_table("mentions", {"span exact": m["exact"],
                                          "span overlap": m["overlap"],
                                          "span + type exact": m["typed_exact"],
                                          **{f"  type {k}": v for k, v in m["per_type"].items()}}))
    link = m["entity_link_accuracy"]
    console.print(f"entity-link accuracy on exact matches: {_f(link['accuracy'])} "
                  f"(n={link['n']})")
    console.print(_prf_table("events", {"type + trigger": e["trigger_type"],
                                        "type + trigger + arguments": e["trigger_type_arguments"],
                                        "argument tuples": e["argument_tuples"],
                                        **{f"  type {k}": v for k, v in e["per_type"].items()}}))
    console.print(f"event source agreement on matched events: {_f(e['source']['observed'])} "
                  f"(n={e['source']['n']}); date (value, precision, basis): "
                  f"{_f(e['date']['observed'])}")
    coreference = e["coreference"]
    if coreference["applicable"]:
        console.print(_scores_table(
            f"event coreference over the {coreference['events']} matched events (links: "
            f"{coreference['links_a']} in A, {coreference['links_b']} in B)",
            {"MUC": coreference["muc"], "B³": coreference["b_cubed"],
             "pairwise links": coreference["pairwise"]}))
    else:
        console.print(f"event coreference: not applicable, neither set links any of the "
                      f"{coreference['events']} matched events")
    console.print(_prf_table("stances", {"holder + target": s["holder_target"]}))
    console.print(_labels_table("label agreement on matched items",
                                {"event realis": e["realis"], "stance label": s["label"]}))
    per_label = Table(title="stance labels on matched items", title_justify="left")
    for name in ("label", "n A", "n B", "agreed"):
        per_label.add_column(name)
    for label, r in s["per_label"].items():
        per_label.add_row(label, str(r["n_a"]), str(r["n_b"]), str(r["agreed"]))
    console.print(per_label)
