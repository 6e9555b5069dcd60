"""Event coreference (guide rule E13): `same_as` links, the checks beyond each code's case in
test_check_codes.py (clean clusters, links through other articles, cycles), the clusters
derived from the links, and their release as `cluster_id`."""

from __future__ import annotations

import polars as pl
import pyarrow.parquet as pq
from conftest import Repo, build, only, skies
from test_check_codes import FIRST_MET, SECOND_MET, add_events, event, linked_article

from sovereign_skies.scripts.resolve.coreference import cluster_ids, cycles, roots

REPORT = "dataset/annotations/tiny-report.yaml"


def codes(repo: Repo) -> list[str]:
    return [f.code for f in repo.validate().faults]


def test_a_cluster_within_one_article_is_clean(tiny: Repo) -> None:
    add_events(tiny, event("e2", "CONSULT", FIRST_MET), event("e3", "CONSULT", SECOND_MET,
                                                               same_as="e2"))
    assert codes(tiny) == []


def test_a_link_to_another_article_of_the_story_is_clean(tiny: Repo) -> None:
    linked_article(tiny)
    assert codes(tiny) == []


def test_a_realis_that_differs_inside_a_cluster_is_clean(tiny: Repo) -> None:
    # A report that the meeting happened and one that denies it: one event, two claims.
    add_events(tiny, event("e2", "CONSULT", FIRST_MET),
               event("e3", "CONSULT", SECOND_MET, same_as="e2", realis="NEGATED"))
    assert codes(tiny) == []


def test_a_cycle_in_one_article_names_every_link_of_it(tiny: Repo) -> None:
    add_events(tiny, event("e2", "CONSULT", FIRST_MET, same_as="e3"),
               event("e3", "CONSULT", SECOND_MET, same_as="e2"))
    faults = tiny.validate().faults
    assert [(f.code, f.line) for f in faults] == [
        ("R110", tiny.line_of(tiny.annotation, "same_as: e3")),
        ("R110", tiny.line_of(tiny.annotation, "same_as: e2"))]
    assert faults[0].message == ("the same_as links go round in a cycle: tiny-article/e2 -> "
                                 "tiny-article/e3 -> tiny-article/e2")


def test_a_cycle_through_two_articles_is_reported_at_both_links(tiny: Repo) -> None:
    linked_article(tiny)
    report = tiny.layout.annotations / "tiny-report.yaml"
    tiny.edit(report, "  - id: e1\n", "  - id: e1\n    same_as: tiny-article/e2\n")
    faults = tiny.validate().faults
    assert sorted((f.code, f.file) for f in faults) == [
        ("R110", "dataset/annotations/tiny-article.yaml"), ("R110", REPORT)]
    assert "tiny-article/e2 -> tiny-report/e1 -> tiny-article/e2" in faults[0].message


def test_a_link_to_an_article_that_does_not_exist(tiny: Repo) -> None:
    add_events(tiny, event("e2", "CONSULT", FIRST_MET, same_as="no-such-article/e1"))
    fault = only(tiny.validate().faults, "R108")
    assert fault.message == "same_as 'no-such-article/e1': there is no article 'no-such-article'"
    assert fault.line == tiny.line_of(tiny.annotation, "same_as: no-such")


def test_a_link_to_a_missing_event_of_another_article(tiny: Repo) -> None:
    linked_article(tiny)
    tiny.edit(tiny.annotation, "same_as: tiny-report/e1", "same_as: tiny-report/e7")
    fault = only(tiny.validate().faults, "R108")
    assert fault.message == "same_as 'tiny-report/e7': no event 'e7' in the article it names"


def test_types_that_differ_across_articles(tiny: Repo) -> None:
    linked_article(tiny)
    tiny.edit(tiny.layout.annotations / "tiny-report.yaml", "type: CONSULT", "type: AGREE")
    fault = only(tiny.validate().faults, "M106")
    assert fault.file == "dataset/annotations/tiny-article.yaml"
    assert fault.message == ("e2 (CONSULT) is linked to tiny-report/e1 (AGREE): the records of "
                             "one event share its type")


def test_a_link_that_is_no_event_reference_is_a_format_fault(tiny: Repo) -> None:
    add_events(tiny, event("e2", "CONSULT", FIRST_MET, same_as="tiny-report/x/e1"))
    assert "T104" in codes(tiny)


def test_skies_check_leaves_links_to_other_articles_to_validate(tiny: Repo) -> None:
    add_events(tiny, event("e2", "CONSULT", FIRST_MET, same_as="no-such-article/e1"))
    assert skies("check", "tiny-article", root=tiny.root).exit_code == 0
    tiny.edit(tiny.annotation, "same_as: no-such-article/e1", "same_as: e9")
    result = skies("check", "tiny-article", root=tiny.root)
    assert result.exit_code == 1 and "R108" in result.stdout


# Clusters from links, worked out by hand.

def test_a_chain_and_a_star_both_end_at_the_first_record() -> None:
    links = {("a", "e2"): ("a", "e1"), ("a", "e3"): ("a", "e2"), ("a", "e4"): ("a", "e1")}
    assert roots(links) == {("a", e): ("a", "e1") for e in ("e1", "e2", "e3", "e4")}


def test_a_cycle_is_named_after_its_smallest_event() -> None:
    links = {("a", "e5"): ("a", "e3"), ("a", "e3"): ("a", "e4"), ("a", "e4"): ("a", "e5"),
             ("a", "e9"): ("a", "e4")}
    assert cycles(links) == [[("a", "e3"), ("a", "e4"), ("a", "e5")]]
    assert set(roots(links).values()) == {("a", "e3")}


def test_every_event_gets_a_cluster_and_a_dangling_link_joins_nothing() -> None:
    events = pl.DataFrame({"article_id": ["a", "a", "a", "b", "b"],
                           "event_id": ["e1", "e2", "e3", "e1", "e2"],
                           "same_as": [None, "e1", "e7", "a/e2", None]})
    assert cluster_ids(events).rows() == [("a", "e1", "a/e1"), ("a", "e2", "a/e1"),
                                          ("a", "e3", "a/e3"), ("b", "e1", "a/e1"),
                                          ("b", "e2", "b/e2")]


def test_the_release_names_each_event_after_its_first_record(tiny: Repo) -> None:
    linked_article(tiny)
    add_events(tiny, event("e3", "CONSULT", SECOND_MET, same_as="e2"))
    build(tiny)
    events = pq.read_table(tiny.layout.parquet("events", "train")).to_pylist()
    assert [(e["article_id"], e["event_id"], e["same_as"], e["cluster_id"]) for e in events] == [
        ("tiny-article", "e2", "tiny-report/e1", "tiny-report/e1"),
        ("tiny-article", "e1", None, "tiny-article/e1"),
        ("tiny-article", "e3", "e2", "tiny-report/e1"),
        ("tiny-report", "e1", None, "tiny-report/e1")]


def test_show_marks_the_link_of_an_annotation_set(two_passes: Repo) -> None:
    add_events(two_passes, event("e2", "CONSULT", FIRST_MET),
               event("e3", "CONSULT", SECOND_MET, same_as="e2"),
               path=two_passes.pass_annotation("a"))
    result = skies("show", "tiny-article", "--layer", "events", "--set",
                   two_passes.root / "dataset" / "passes" / "a",
                   root=two_passes.root)
    assert result.exit_code == 0
    assert result.stdout == ("Iran’s envoy said Baghdad <met>{e2 CONSULT ACTUAL} Tehran.\n"
                             "Iraq <rejected>{e1 REJECT ACTUAL} strikes. Iraq "
                             "<met>{e3 CONSULT ACTUAL same_as e2} Iran.\n")
