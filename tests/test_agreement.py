"""Agreement measures on small hand-made pairs whose answers were worked out by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.agreement.coreference import coreference_agreement
from sovereign_skies.scripts.agreement.disagreements import disagreements
from sovereign_skies.scripts.agreement.metrics import agreement, label_agreement, prf
from sovereign_skies.scripts.agreement.result import PRF, Agreement, CoreferenceAgreement
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
    assert set(out["events"]["coreference"]) == set(CoreferenceAgreement.__annotations__)


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


# Event coreference: MUC, B³ and pairwise links over matched events.

def linked(t: CheckTables, links: dict[str, str]) -> CheckTables:
    """`t` with `same_as` set on the events named in `links` (event id -> link)."""
    t.frames["events"] = t["events"].with_columns(same_as=pl.col("event_id").replace_strict(
        links, default=None, return_dtype=pl.String))
    return t


FIVE = [("x", f"e{i}", "STRIKE", 10 * i, 10 * i + 5, "ACTUAL") for i in range(1, 6)]


def test_muc_b_cubed_and_pairwise_by_hand() -> None:
    # A = {e1 e2 e3} {e4 e5}, B = {e1 e2} {e3 e4 e5}.
    # MUC recall: A's {e1 e2 e3} falls into 2 B parts: 3 - 2 = 1 link kept; {e4 e5} into 1:
    # 2 - 1 = 1; of (3 - 1) + (2 - 1) = 3 links: 2/3. Precision, B's clusters cut by A:
    # {e1 e2} 1 of 1, {e3 e4 e5} 3 - 2 = 1 of 2: 2/3. F1 2/3.
    # B³, per event |A ∩ B| / |B| and / |A|: e1, e2: 2/2, 2/3; e3: 1/3, 1/3; e4, e5: 2/3, 2/2.
    # Precision (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15; recall (2/3 + 2/3 + 1/3 + 1 + 1) / 5 =
    # 11/15. Pairwise: A's pairs 12 13 23 45, B's 12 34 35 45; 2 shared of 4 each: 1/2.
    a = linked(tables([], FIVE), {"e2": "e1", "e3": "e1", "e5": "e4"})
    b = linked(tables([], FIVE), {"e2": "e1", "e4": "e3", "e5": "e3"})
    c = agreement(a, b)["events"]["coreference"]
    assert (c["applicable"], c["events"], c["links_a"], c["links_b"], c["clusters_a"],
            c["clusters_b"]) == (True, 5, 4, 4, 2, 2)
    for measure, value in (("muc", 2 / 3), ("b_cubed", 11 / 15), ("pairwise", 1 / 2)):
        assert c[measure] == {"precision": pytest.approx(value), "recall": pytest.approx(value),
                              "f1": pytest.approx(value)}, measure


def test_links_in_one_set_only_score_zero_links_not_a_perfect_b_cubed() -> None:
    # A = {e1 e2} {e3}, B all singletons. MUC recall (2 - 2) / 1 = 0; B has no link, so no
    # precision to measure. B³: precision 1 (each B singleton lies in its A cluster), recall
    # (1/2 + 1/2 + 1) / 3 = 2/3, F1 = 2 * 2/3 / (5/3) = 4/5. Pairwise recall 0 of 1.
    three = FIVE[:3]
    c = agreement(linked(tables([], three), {"e2": "e1"}), tables([], three))["events"][
        "coreference"]
    assert c["muc"] == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert c["b_cubed"] == {"precision": 1.0, "recall": pytest.approx(2 / 3),
                            "f1": pytest.approx(4 / 5)}
    assert c["pairwise"] == {"precision": None, "recall": 0.0, "f1": 0.0}


def test_no_links_in_either_set_is_not_applicable() -> None:
    c = agreement(tables([], FIVE), tables([], FIVE))["events"]["coreference"]
    none = {"precision": None, "recall": None, "f1": None}
    assert c == {"applicable": False, "events": 5, "links_a": 0, "links_b": 0,
                 "clusters_a": 0, "clusters_b": 0, "muc": none, "b_cubed": none,
                 "pairwise": none}


def test_a_link_to_an_event_the_other_set_lacks_is_not_counted() -> None:
    # B has no e3 (its e3 has another type), so only e1 and e2 are matched: A's one link
    # e3 -> e1 is outside them, and nothing is left to agree on.
    b_events = [*FIVE[:2], ("x", "e3", "INTERCEPT", 30, 35, "ACTUAL")]
    c = agreement(linked(tables([], FIVE[:3]), {"e3": "e1"}), tables([], b_events))["events"][
        "coreference"]
    assert (c["applicable"], c["events"], c["links_a"]) == (False, 2, 0)


def test_clusters_through_two_articles_are_compared_as_one() -> None:
    # y/e1 -> x/e1 in both sets, and B adds y/e2 -> y/e1: A = {x1 y1} {y2}, B = {x1 y1 y2}.
    # MUC: A's link kept (recall 1); B's 2 links, cut into 2 A parts: 3 - 2 = 1 of 2 (1/2).
    events = [("x", "e1", "STRIKE", 0, 5, "ACTUAL"), ("y", "e1", "STRIKE", 0, 5, "ACTUAL"),
              ("y", "e2", "STRIKE", 10, 15, "ACTUAL")]
    a = linked(tables([], events), {"e1": "x/e1"})
    b = linked(tables([], events), {"e1": "x/e1", "e2": "e1"})
    for t in (a, b):  # `linked` sets x's e1 too: x/e1 stays the first record
        t.frames["events"] = t["events"].with_columns(same_as=pl.when(
            pl.col("article_id") == "x").then(None).otherwise(pl.col("same_as")))
    c = coreference_agreement(a, b)
    assert c["muc"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3)}


def test_disagreements_list_a_link_one_set_makes() -> None:
    a, b = linked(tables([], FIVE[:2]), {"e2": "e1"}), tables([], FIVE[:2])
    for t in (a, b):
        t.frames["mentions"] = t["mentions"].with_columns(kind=pl.lit(None, pl.String),
                                                          text=pl.lit(None, pl.String))
    items = [i for i in disagreements(a, b) if i["layer"] == "coreference"]
    assert items == [{"layer": "coreference", "only_in": "a", "events": [
        {"article_id": "x", "trigger": [10, 15], "type": "STRIKE"},
        {"article_id": "x", "trigger": [20, 25], "type": "STRIKE"}]}]


def test_the_card_says_coreference_is_not_applicable_before_any_link(two_passes: Repo) -> None:
    release, report = prepare(two_passes.layout)
    assert release is not None, report.faults
    card = release.files[two_passes.layout.card].decode()
    assert ("| events | coreference (`same_as`) MUC / B³ / pairwise-link F1 over the 1 matched "
            "events | not applicable: neither pass links any matched event yet |") in card


def test_the_card_gives_the_coreference_figures_once_both_passes_link(two_passes: Repo) -> None:
    for name in ("a", "b"):
        two_passes.edit(two_passes.pass_annotation(name), "stances:",
                        f"{_meeting('e2', 1)}{_meeting('e3', 2, same_as='e2')}stances:")
    release, report = prepare(two_passes.layout)
    assert release is not None, report.faults
    card = release.files[two_passes.layout.card].decode()
    assert ("over the 3 matched events | 1.000 / 1.000 / 1.000 (1 / 1 coreferent pairs in "
            "A / B) |") in card


def _meeting(event_id: str, occurrence: int, same_as: str | None = None) -> str:
    link = f"    same_as: {same_as}\n" if same_as else ""
    return (f"  - id: {event_id}\n{link}    type: CONSULT\n"
            f"    trigger: {{quote: met, occurrence: {occurrence}}}\n    realis: ACTUAL\n"
            "    source: null\n    date: {value: null, precision: UNKNOWN, basis: UNKNOWN}\n")


def _new_annotator(repo: Repo) -> Path:
    """A new annotator's pass of the tiny article: the gold, but its one event's realis
    read as FUTURE."""
    directory = repo.root / "dataset" / "passes" / "new-annotator"
    directory.mkdir(parents=True)
    shutil.copytree(repo.layout.annotations, directory / "annotations")
    shutil.copy(repo.layout.entities, directory / "entities.yaml")
    path = directory / "annotations" / "tiny-article.yaml"
    path.write_text(path.read_text("utf-8").replace("realis: ACTUAL", "realis: FUTURE", 1),
                    encoding="utf-8")
    return path


def test_a_new_annotators_pass_is_scored_against_the_gold(two_passes: Repo) -> None:
    _new_annotator(two_passes)
    release, report = prepare(two_passes.layout)
    assert release is not None, report.faults
    figures = json.loads(release.files[two_passes.layout.agreement_new_annotator])
    assert figures["articles"] == ["tiny-article"]
    assert figures["events"]["realis"]["observed"] == 0.0
    assert figures["mentions"]["exact"]["f1"] == 1.0
    card = release.files[two_passes.layout.card].decode()
    assert ("| layer | measure | passes A and B, before adjudication | new annotator vs the "
            "gold |") in card
    # A and B agree on the realis; the new annotator does not
    assert ("| events | realis, observed agreement on matched events (n=1) | 1.000 | 0.000 |"
            in card)


def test_without_a_new_annotator_the_card_has_one_column(two_passes: Repo) -> None:
    release, _ = prepare(two_passes.layout)
    assert release is not None
    assert two_passes.layout.agreement_new_annotator not in release.files
    assert "| layer | measure | passes A and B, before adjudication |\n" in \
        release.files[two_passes.layout.card].decode()


def test_a_broken_new_annotator_pass_stops_the_build(two_passes: Repo) -> None:
    path = _new_annotator(two_passes)
    path.write_text(path.read_text("utf-8").replace("quote: Baghdad}", "quote: Basra}"),
                    encoding="utf-8")
    release, report = prepare(two_passes.layout)
    assert release is None
    assert [(f.code, f.file) for f in report.errors] == [
        ("S107", "dataset/passes/new-annotator/annotations/tiny-article.yaml")]
