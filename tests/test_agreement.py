"""Agreement measures on small hand-made pairs whose answers were worked out by hand."""

from __future__ import annotations

import json

import polars as pl
import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.agreement.disagreements import disagreements
from sovereign_skies.scripts.agreement.metrics import agreement, label_agreement, prf
from sovereign_skies.scripts.agreement.result import PRF, Agreement
from sovereign_skies.scripts.build import prepare
from sovereign_skies.scripts.tables import CheckTables

ENTITIES = pl.DataFrame({"entity_id": ["iran", "iraq", "envoy"], "type": ["GPE", "GPE", "PER"]})


def tables(mentions: list[tuple], events: list[tuple] = (), arguments: list[tuple] = (),
           stances: list[tuple] = ()) -> CheckTables:
    return CheckTables({
        "articles": pl.DataFrame({"article_id": ["x"]}),
        "entities": ENTITIES,
        "mentions": pl.DataFrame(mentions, orient="row", schema={
            "article_id": pl.String, "mention_id": pl.String, "entity_id": pl.String,
            "start": pl.Int32, "end": pl.Int32}),
        "events": pl.DataFrame(list(events), orient="row", schema=[
            "article_id", "event_id", "type", "trigger_start", "trigger_end", "realis"])
        .with_columns(source_entity_id=pl.lit(None, pl.String), date=pl.lit(None, pl.Date),
                      date_precision=pl.lit("UNKNOWN"), date_basis=pl.lit("UNKNOWN")),
        "event_arguments": pl.DataFrame(list(arguments), orient="row",
                                        schema=["article_id", "event_id", "role", "mention_id"]),
        "stances": pl.DataFrame(list(stances), orient="row", schema=[
            "article_id", "stance_id", "holder_entity_id", "target", "label"]),
    })


def test_prf_by_hand() -> None:
    assert prf({1, 2, 3, 4}, {3, 4, 5}) == {"precision": 2 / 3, "recall": 0.5,
                                           "f1": 4 / 7, "tp": 2, "n_a": 4, "n_b": 3}


def test_mentions_exact_overlap_and_links() -> None:
    # A: Iran [0,4), Baghdad [10,17), Iraq [30,34). B: Iran (same), Baghdad linked to the
    # wrong entity, and "Iraq rejected" [30,43), which overlaps A's Iraq but is not exact.
    a = tables([("x", "m1", "iran", 0, 4), ("x", "m2", "iraq", 10, 17),
                ("x", "m3", "iraq", 30, 34)])
    b = tables([("x", "m1", "iran", 0, 4), ("x", "m2", "iran", 10, 17),
                ("x", "m3", "iraq", 30, 43)])
    m = agreement(a, b)["mentions"]
    assert m["exact"]["f1"] == pytest.approx(2 / 3)
    assert m["overlap"]["f1"] == pytest.approx(1.0)
    assert m["entity_link_accuracy"] == {"n": 2, "accuracy": 0.5}
    assert m["per_type"]["GPE"]["tp"] == 2


def test_overlap_matching_is_one_to_one() -> None:
    a = tables([("x", "m1", "iran", 0, 10)])
    b = tables([("x", "m1", "iran", 0, 4), ("x", "m2", "iran", 5, 10)])
    assert agreement(a, b)["mentions"]["overlap"] == {"f1": pytest.approx(2 / 3), "tp": 1}


def test_events_with_and_without_arguments() -> None:
    mentions = [("x", "m1", "iraq", 0, 4), ("x", "m2", "iran", 10, 14)]
    events = [("x", "e1", "REJECT", 5, 9, "ACTUAL"), ("x", "e2", "THREATEN", 20, 28, "ACTUAL")]
    a = tables(mentions, events, [("x", "e1", "ACTOR", "m1"), ("x", "e2", "ACTOR", "m2")])
    b = tables(mentions, [("x", "e1", "REJECT", 5, 9, "ACTUAL"),
                          ("x", "e2", "THREATEN", 20, 28, "FUTURE")],
               [("x", "e1", "ACTOR", "m1"), ("x", "e2", "RECIPIENT", "m2")])
    e = agreement(a, b)["events"]
    assert e["trigger_type"]["f1"] == 1.0
    assert e["trigger_type_arguments"]["f1"] == 0.5
    assert e["argument_tuples"]["tp"] == 1
    assert e["realis"]["observed"] == 0.5


def test_stance_kappa_and_alpha_by_hand() -> None:
    # Four matched items: A = AGAINST FAVOR AGAINST NEUTRAL, B = AGAINST FAVOR FAVOR NEUTRAL.
    # Cohen: po = 3/4, pe = .5*.25 + .25*.5 + .25*.25 = .3125, kappa = .4375/.6875 = 7/11.
    # Krippendorff (nominal): Do = 2/8, De = 2*(3*3 + 3*2 + 3*2)/(8*7) = 3/4, alpha = 2/3.
    targets = ["T1", "T2", "T3", "T4"]
    a = tables([], stances=[("x", f"s{i}", "iraq", t, lab) for i, (t, lab) in enumerate(
        zip(targets, ["AGAINST", "FAVOR", "AGAINST", "NEUTRAL"], strict=True))])
    b = tables([], stances=[("x", f"s{i}", "iraq", t, lab) for i, (t, lab) in enumerate(
        zip(targets, ["AGAINST", "FAVOR", "FAVOR", "NEUTRAL"], strict=True))])
    s = agreement(a, b)["stances"]
    assert s["label"]["cohen_kappa"] == pytest.approx(7 / 11)
    assert s["label"]["krippendorff_alpha"] == pytest.approx(2 / 3)
    assert s["per_label"]["FAVOR"] == {"n_a": 1, "n_b": 2, "agreed": 1}


def test_unmatched_stances_lower_detection_not_label_agreement() -> None:
    a = tables([], stances=[("x", "s1", None, "T1", "AGAINST"), ("x", "s2", "iraq", "T1", "FAVOR")])
    b = tables([], stances=[("x", "s1", None, "T1", "AGAINST")])
    s = agreement(a, b)["stances"]
    assert s["holder_target"]["recall"] == 0.5 and s["label"]["observed"] == 1.0


def test_single_category_gives_no_kappa_rather_than_a_number() -> None:
    assert label_agreement(["FAVOR"] * 3, ["FAVOR"] * 3, ["FAVOR", "AGAINST"]) == {
        "n": 3, "observed": 1.0, "cohen_kappa": None, "krippendorff_alpha": None}


def _passes(repo: Repo) -> tuple[str, str]:
    passes = repo.root / "dataset" / "passes"
    return str(passes / "a"), str(passes / "b")


def test_cli_gives_the_figures_as_json(two_passes: Repo) -> None:
    result = skies("agreement", *_passes(two_passes), "--format", "json", root=two_passes.root)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["mentions"]["exact"]["f1"] == 1.0
    assert out["stances"]["label"]["observed"] == 0.0


def test_cli_json_has_exactly_the_typed_result_keys(two_passes: Repo) -> None:
    out = json.loads(skies("agreement", *_passes(two_passes), "--format", "json",
                           root=two_passes.root).stdout)
    assert set(out) == set(Agreement.__annotations__)
    assert set(out["events"]["trigger_type"]) == set(PRF.__annotations__)


def test_cli_gives_the_figures_as_tables(two_passes: Repo) -> None:
    result = skies("agreement", *_passes(two_passes), root=two_passes.root)
    assert result.exit_code == 0 and "Krippendorff" in result.stdout


def test_cli_refuses_a_missing_set(two_passes: Repo) -> None:
    a, _ = _passes(two_passes)
    result = skies("agreement", a, str(two_passes.root / "nope"), root=two_passes.root)
    assert result.exit_code == 2 and "has no annotations/ folder" in result.stderr


def test_build_publishes_the_agreement_in_the_card(two_passes: Repo) -> None:
    release, report = prepare(two_passes.layout)
    assert release is not None, report.faults
    card = release.files[two_passes.layout.card].decode()
    assert "| stances | label, observed agreement on matched stances (n=1) | 0.000 |" in card
    # one pair, AGAINST vs FAVOR: po = pe = 0 gives kappa 0; Do = De = 1 gives alpha 0
    assert "| stances | label, Cohen's κ / Krippendorff's α | 0.000 / 0.000 |" in card
    assert "| mentions | span F1, exact | 1.000 |" in card


def test_build_writes_the_figures_per_label(two_passes: Repo) -> None:
    release, _ = prepare(two_passes.layout)
    assert release is not None
    figures = json.loads(release.files[two_passes.layout.agreement])
    assert figures["stances"]["per_label"]["FAVOR"] == {"n_a": 0, "n_b": 1, "agreed": 0}


def test_a_broken_pass_stops_the_build(two_passes: Repo) -> None:
    two_passes.edit(two_passes.pass_annotation("b"), "quote: Baghdad}", "quote: Basra}")
    release, report = prepare(two_passes.layout)
    assert release is None
    assert [(f.code, f.file) for f in report.errors] == [
        ("S107", "dataset/passes/b/annotations/tiny-article.yaml")]


def test_disagreements_list_each_differing_item() -> None:
    a = tables([("x", "m1", "iran", 0, 4), ("x", "m2", "iraq", 10, 17)],
               [("x", "e1", "REJECT", 5, 9, "ACTUAL")], [("x", "e1", "ACTOR", "m1")],
               [("x", "s1", "iraq", "T1", "AGAINST")])
    a.frames["events"] = a["events"].with_columns(source_entity_id=pl.lit("iraq"))
    a.frames["stance_evidence"] = pl.DataFrame({"article_id": ["x"], "stance_id": ["s1"],
                                                "start": [0], "end": [4]})
    b = tables([("x", "m1", "iran", 0, 4), ("x", "m2", "iran", 10, 17),
                ("x", "m3", "iraq", 20, 24)],
               [("x", "e1", "REJECT", 5, 9, "NEGATED")], [("x", "e1", "ACTOR", "m2")],
               [("x", "s1", "iraq", "T1", "FAVOR")])
    a.frames["mentions"] = a["mentions"].with_columns(kind=pl.lit("NAME"), text=pl.lit("t"))
    b.frames["mentions"] = b["mentions"].with_columns(kind=pl.lit("NAME"), text=pl.lit("t"))
    items = disagreements(a, b)
    assert [i["layer"] for i in items] == ["mention", "link", "arguments", "realis",
                                           "source", "stance_label", "stance_evidence"]
    assert items[0]["only_in"] == "b" and items[0]["start"] == 20
    assert items[1]["a"] == ["iraq", "NAME"] and items[1]["b"] == ["iran", "NAME"]
    assert items[2]["only_a"] == [("ACTOR", 0, 4)] and items[2]["only_b"] == [("ACTOR", 10, 17)]
    assert (items[3]["a"], items[3]["b"]) == ("ACTUAL", "NEGATED")
    assert (items[4]["a"], items[4]["b"]) == ("iraq", None)
    assert (items[5]["a"], items[5]["b"]) == ("AGAINST", "FAVOR")
    assert items[6]["only_a"] == [(0, 4)] and items[6]["only_b"] == []
