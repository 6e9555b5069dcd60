"""The task views: `tokens` (sentences with IOB2 tags, nested mentions and events as token
spans), `labels` (every label of every vocabulary) and `folds` (story-level folds).

The real corpus is loaded with `datasets.load_dataset` from a built copy. Its golden rows were
worked out by hand from the article texts and annotation files: offsets by counting
characters of the sentence, tokens by spaCy's English rules as the card states them (words,
punctuation and a possessive 's apart, a hyphen inside a word apart), tags from each
mention's entity type in dataset/entities.yaml. The constructed cases below pin one rule of
the segmentation or the tagging each."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

import datasets
import polars as pl
import pytest
from conftest import Repo

from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES
from sovereign_skies.scripts.tables import SPLIT, CheckTables
from sovereign_skies.scripts.views.folds import story_folds
from sovereign_skies.scripts.views.segment import segment
from sovereign_skies.scripts.views.tokens import tokens_rows

NER_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-LOC", "I-LOC",
            "B-FAC", "I-FAC", "B-NORP", "I-NORP", "B-WEA", "I-WEA", "B-VEH", "I-VEH",
            "B-EVENT", "I-EVENT", "B-LAW", "I-LAW"]


def _load(built: Repo, config: str, split: str | None = None) -> Any:
    return datasets.load_dataset(str(built.layout.dataset), config, split=split)


def _sentence(built: Repo, split: str, article_id: str, sentence_id: int) -> dict[str, Any]:
    rows = _load(built, "tokens", split).filter(
        lambda r: r["article_id"] == article_id and r["sentence_id"] == sentence_id)
    assert rows.num_rows == 1
    return rows[0]


def _names(built: Repo) -> dict[str, Any]:
    features = _load(built, "tokens", "train").features
    event = features["events"].feature
    return {"tag": features["ner_tags"].feature,
            "type": features["nested_mentions"].feature["type"],
            "event": event["type"], "realis": event["realis"],
            "role": event["arguments"].feature["role"]}


# --- tokens: the real corpus ------------------------------------------------------------

def test_tokens_tags_are_class_labels_in_the_published_order(built_seeds: Repo) -> None:
    for split in _load(built_seeds, "tokens").values():
        tags = split.features["ner_tags"]
        assert isinstance(tags, datasets.List)
        assert isinstance(tags.feature, datasets.ClassLabel)
        assert tags.feature.names == NER_TAGS


def test_golden_headline_with_nested_mentions(built_seeds: Repo) -> None:
    # "Will Iraqi militias join the Iran-Israel conflict as tensions grow in the region?"
    # m1 "Iraqi militias" (ORG) holds m2 "Iraqi" (GPE); m3 "Iran-Israel conflict" (EVENT)
    # holds m4 "Iran" and m5 "Israel" (GPE).
    row = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 0)
    names = _names(built_seeds)
    assert row["tokens"] == ["Will", "Iraqi", "militias", "join", "the", "Iran", "-", "Israel",
                             "conflict", "as", "tensions", "grow", "in", "the", "region", "?"]
    assert row["token_starts"] == [0, 5, 11, 20, 25, 29, 33, 34, 41, 50, 53, 62, 67, 70, 74, 80]
    assert row["token_ends"] == [4, 10, 19, 24, 28, 33, 34, 40, 49, 52, 61, 66, 69, 73, 80, 81]
    assert [names["tag"].int2str(t) for t in row["ner_tags"]] == [
        "O", "B-ORG", "I-ORG", "O", "O", "B-EVENT", "I-EVENT", "I-EVENT", "I-EVENT", "O", "O",
        "O", "O", "O", "O", "O"]
    assert [(m["mention_id"], m["entity_id"], names["type"].int2str(m["type"]),
             m["token_start"], m["token_end"]) for m in row["nested_mentions"]] == [
        ("m2", "iraq", "GPE", 1, 2), ("m4", "iran", "GPE", 5, 6), ("m5", "israel", "GPE", 7, 8)]
    assert row["events"] == []


def test_golden_sentence_with_an_event_and_its_arguments(built_seeds: Repo) -> None:
    # The headline "US using Iraqi airspace to spy on Iran", ended by a line break: e1 is a
    # SURVEILLANCE triggered by "spy", ACTOR m1 "US", RECIPIENT m3 "Iran", PLACE m2 "Iraqi".
    row = _sentence(built_seeds, "train", "sadeq-us-spy-planes-iraqi-airspace", 0)
    names = _names(built_seeds)
    assert row["tokens"] == ["US", "using", "Iraqi", "airspace", "to", "spy", "on", "Iran"]
    assert row["token_starts"] == [0, 3, 9, 15, 24, 27, 31, 34]
    assert row["token_ends"] == [2, 8, 14, 23, 26, 30, 33, 38]
    assert [names["tag"].int2str(t) for t in row["ner_tags"]] == [
        "B-GPE", "O", "B-GPE", "O", "O", "O", "O", "B-GPE"]
    [event] = row["events"]
    assert (event["event_id"], names["event"].int2str(event["type"]),
            names["realis"].int2str(event["realis"]), event["trigger_token_start"],
            event["trigger_token_end"]) == ("e1", "SURVEILLANCE", "ACTUAL", 5, 6)
    assert [(names["role"].int2str(a["role"]), a["mention_id"], a["entity_id"], a["sentence_id"],
             a["token_start"], a["token_end"]) for a in event["arguments"]] == [
        ("ACTOR", "m1", "united-states", 0, 0, 1), ("RECIPIENT", "m3", "iran", 0, 7, 8),
        ("PLACE", "m2", "iraq", 0, 2, 3)]


def test_a_token_is_split_where_a_mention_ends(built_seeds: Repo) -> None:
    # The dateline "Shafaq News/ On Tuesday," is "Shafaq" "News/" to spaCy; the mention m1
    # "Shafaq News" (ORG) ends before the slash, so "News/" becomes "News" and "/".
    row = _sentence(built_seeds, "validation", "araji-concludes-tehran-visit", 0)
    names = _names(built_seeds)
    assert row["tokens"][:6] == ["Shafaq", "News", "/", "On", "Tuesday", ","]
    assert row["token_starts"][:6] == [0, 7, 11, 13, 16, 23]
    assert row["token_ends"][:6] == [6, 11, 12, 15, 23, 24]
    assert [names["tag"].int2str(t) for t in row["ner_tags"][:6]] == [
        "B-ORG", "I-ORG", "O", "O", "O", "O"]


def test_an_argument_in_another_sentence_names_that_sentence(built_seeds: Repo) -> None:
    # Sentence 4, '"We are closely monitoring the movements of the American enemy's army
    # ...': e7 (monitoring) has ACTOR m17 "Kataib Hezbollah", tokens 3-5 of sentence 3
    # ("On Sunday, Kataib Hezbollah, ..."), and RECIPIENT m23 "American enemy's army",
    # tokens 9-13 of its own sentence.
    row = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 4)
    names = _names(built_seeds)
    assert row["tokens"][:13] == ['"', "We", "are", "closely", "monitoring", "the", "movements",
                                  "of", "the", "American", "enemy", "'s", "army"]
    [e7] = [e for e in row["events"] if e["event_id"] == "e7"]
    assert (e7["trigger_token_start"], e7["trigger_token_end"]) == (4, 5)
    assert [(names["role"].int2str(a["role"]), a["mention_id"], a["sentence_id"],
             a["token_start"], a["token_end"]) for a in e7["arguments"]] == [
        ("ACTOR", "m17", 3, 3, 5), ("RECIPIENT", "m23", 4, 9, 13)]
    before = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 3)
    assert before["tokens"][3:5] == ["Kataib", "Hezbollah"]


def test_sentences_end_at_line_breaks_and_begin_with_their_opening_quote(
        built_seeds: Repo) -> None:
    dateline = _sentence(built_seeds, "train", "sadeq-us-spy-planes-iraqi-airspace", 1)
    assert dateline["tokens"] == ["December", "28", ",", "2025", "-", "21:23"]
    said = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 4)
    quote = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 5)
    assert said["tokens"][-3:] == ["a", "statement", "."]
    assert quote["tokens"][:3] == ['"', "If", "America"]


def test_a_military_title_does_not_end_a_sentence(built_seeds: Repo) -> None:
    row = _sentence(built_seeds, "test", "iraqi-militias-iran-israel-conflict", 13)
    at = row["tokens"].index("Lt.")
    assert row["tokens"][at:at + 5] == ["Lt.", "Gen.", "Muhannad", "Ghalib", "al"]


def _chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags -> (first token, end token, type), as a reader decodes them."""
    chunks: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            chunks.append((i, i + 1, tag[2:]))
        elif tag.startswith("I-"):
            first, _, kind = chunks[-1]
            assert kind == tag[2:] and chunks[-1][1] == i, f"I- tag without its B-: {i}"
            chunks[-1] = (first, i + 1, kind)
    return chunks


def test_every_tag_and_token_span_maps_back_to_the_gold_offsets(built_seeds: Repo) -> None:
    documents = {d["article_id"]: d for split in _load(built_seeds, "documents").values()
                 for d in split}
    doc_features = _load(built_seeds, "documents", "train").features
    mention_type = doc_features["mentions"].feature["type"]
    event_type = doc_features["events"].feature["type"]
    role = doc_features["events"].feature["arguments"].feature["role"]
    names = _names(built_seeds)
    sentences: dict[str, list[dict[str, Any]]] = {}
    for split in _load(built_seeds, "tokens").values():
        for row in split:
            sentences.setdefault(row["article_id"], []).append(row)
    assert sentences.keys() == documents.keys()
    for article_id, doc in documents.items():
        text, rows = doc["text"], sorted(sentences[article_id], key=lambda r: r["sentence_id"])
        assert [r["sentence_id"] for r in rows] == list(range(len(rows)))
        # Every non-whitespace character is in exactly one token, in text order.
        covered = [i for r in rows for s, e in zip(r["token_starts"], r["token_ends"],
                                                   strict=True) for i in range(s, e)]
        assert covered == [i for i, ch in enumerate(text) if not ch.isspace()]
        for r in rows:
            assert r["tokens"] == [text[s:e] for s, e in zip(r["token_starts"], r["token_ends"],
                                                              strict=True)]

        def chars(r: dict[str, Any], first: int, end: int) -> tuple[int, int]:
            return r["token_starts"][first], r["token_ends"][end - 1]

        found = Counter()
        for r in rows:
            tags = [names["tag"].int2str(t) for t in r["ner_tags"]]
            found.update((*chars(r, a, b), kind) for a, b, kind in _chunks(tags))
            found.update((*chars(r, m["token_start"], m["token_end"]),
                          names["type"].int2str(m["type"])) for m in r["nested_mentions"])
        gold = Counter((m["start"], m["end"], mention_type.int2str(m["type"]))
                       for m in doc["mentions"])
        assert found == gold, article_id  # each mention once: in the tags or nested

        spans = {m["mention_id"]: (m["start"], m["end"]) for m in doc["mentions"]}
        events = {}
        for r in rows:
            for e in r["events"]:
                arguments = [(names["role"].int2str(a["role"]), a["mention_id"],
                              chars(rows[a["sentence_id"]], a["token_start"], a["token_end"]))
                             for a in e["arguments"]]
                assert e["event_id"] not in events
                events[e["event_id"]] = (names["event"].int2str(e["type"]),
                                         chars(r, e["trigger_token_start"],
                                               e["trigger_token_end"]), arguments)
        assert events == {
            e["event_id"]: (event_type.int2str(e["type"]), (e["trigger_start"], e["trigger_end"]),
                            [(role.int2str(a["role"]), a["mention_id"], spans[a["mention_id"]])
                             for a in e["arguments"]])
            for e in doc["events"]}, article_id


def test_every_token_event_has_the_cluster_of_the_events_config(built_seeds: Repo) -> None:
    for split in ("train", "validation", "test"):
        clusters = {(r["article_id"], r["event_id"]): r["cluster_id"]
                    for r in _load(built_seeds, "events", split)}
        found = {(row["article_id"], e["event_id"]): e["cluster_id"]
                 for row in _load(built_seeds, "tokens", split) for e in row["events"]}
        assert found == clusters
    # Golden: in the test article, e23 re-reports the strike e12 (`same_as: e12`).
    assert clusters[("iraqi-militias-iran-israel-conflict", "e23")] == \
        "iraqi-militias-iran-israel-conflict/e12"


def test_nested_mentions_are_the_mentions_inside_another(built_seeds: Repo) -> None:
    # Counted from the mentions config alone: a mention is nested when another mention
    # covers it (the corpus has no crossing mentions, nor two with one span).
    nested = 0
    for split in _load(built_seeds, "mentions").values():
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in split:
            spans.setdefault(m["article_id"], []).append((m["start"], m["end"]))
        for article in spans.values():
            assert len(set(article)) == len(article)
            nested += sum(any(s <= a and b <= e and (s, e) != (a, b) for s, e in article)
                          for a, b in article)
    tokens = _load(built_seeds, "tokens")
    assert sum(len(r) for split in tokens.values() for r in split["nested_mentions"]) == nested


# --- tokens: one rule each --------------------------------------------------------------

def _words(text: str, spans: list[tuple[int, int]] | None = None) -> list[list[str]]:
    """The sentences of `text` as lists of token texts."""
    seg = segment(text, spans or [])
    bounds = [*seg.sentence_starts, len(seg.starts)]
    return [[text[s:e] for s, e in zip(seg.starts[a:b], seg.ends[a:b], strict=True)]
            for a, b in pairwise(bounds)]


def test_a_token_is_cut_at_every_gold_boundary_inside_it() -> None:
    text = "Iran'sSupremeNational Council"  # one token to spaCy
    assert _words(text) == [["Iran'sSupremeNational", "Council"]]
    assert _words(text, [(6, 29)]) == [["Iran's", "SupremeNational", "Council"]]


def test_a_sentence_boundary_inside_a_gold_span_is_dropped() -> None:
    text = "They signed the Treaty of Paris. Agreement of 1990 today."
    assert len(_words(text)) == 2
    assert _words(text, [(16, 50)]) == [["They", "signed", "the", "Treaty", "of", "Paris", ".",
                                         "Agreement", "of", "1990", "today", "."]]


def test_a_gold_span_ending_at_a_boundary_keeps_it() -> None:
    text = "They met in Paris. Agreement followed."
    assert _words(text, [(12, 17), (19, 28)]) == [["They", "met", "in", "Paris", "."],
                                                  ["Agreement", "followed", "."]]


def test_a_line_break_ends_a_sentence() -> None:
    assert _words("Iraq protests overflights\nThe ministry said so.") == [
        ["Iraq", "protests", "overflights"], ["The", "ministry", "said", "so", "."]]
    assert _words("Iraq protests overflights. The ministry said so.") == [
        ["Iraq", "protests", "overflights", "."], ["The", "ministry", "said", "so", "."]]


@pytest.mark.parametrize("quote", ['"', "“"])
def test_an_opening_quote_begins_its_sentence(quote: str) -> None:
    assert _words(f"He said. {quote}We act.") == [["He", "said", "."], [quote, "We", "act", "."]]


def test_a_closing_quote_ends_its_sentence() -> None:
    assert _words("“We act.” Then he left.") == [["“", "We", "act", ".", "”"],
                                                  ["Then", "he", "left", "."]]


def test_a_title_is_not_a_full_stop() -> None:
    assert _words("He met Lt. Gen. Ali.") == [["He", "met", "Lt.", "Gen.", "Ali", "."]]
    assert _words("He met Sen. Ali.") == [["He", "met", "Sen.", "Ali", "."]]  # spaCy's own


def test_whitespace_is_never_a_token_and_offsets_are_code_points() -> None:
    text = "🇮🇶 Iraq\xa0rejected  it."  # a flag is two code points, four UTF-16 units
    seg = segment(text, [(3, 7)])
    assert [text[s:e] for s, e in zip(seg.starts, seg.ends, strict=True)] == [
        "🇮", "🇶", "Iraq", "rejected", "it", "."]
    assert seg.starts == [0, 1, 3, 8, 18, 20]


def test_an_empty_text_has_no_sentence() -> None:
    assert _words("") == [] and _words(" \n ") == []


def _tables(text: str, mentions: list[tuple[str, str, int, int]],
            entities: dict[str, str]) -> CheckTables:
    """A one-article corpus: mentions as (id, entity, start, end), entities as id -> type."""
    return CheckTables({
        "articles": pl.DataFrame({"article_id": ["a"], "text": [text], SPLIT: ["train"]}),
        "entities": pl.DataFrame({"entity_id": list(entities), "type": list(entities.values())}),
        "mentions": pl.DataFrame(
            {"article_id": ["a"] * len(mentions), "mention_id": [m[0] for m in mentions],
             "entity_id": [m[1] for m in mentions], "start": [m[2] for m in mentions],
             "end": [m[3] for m in mentions]},
            schema={"article_id": pl.String, "mention_id": pl.String, "entity_id": pl.String,
                    "start": pl.Int32, "end": pl.Int32}),
        "events": pl.DataFrame(schema={"article_id": pl.String, "event_id": pl.String,
                                       "type": pl.String, "realis": pl.String,
                                       "trigger_start": pl.Int32, "trigger_end": pl.Int32}),
        "event_arguments": pl.DataFrame(schema={"article_id": pl.String, "event_id": pl.String,
                                                "role": pl.String, "mention_id": pl.String}),
    })


def _tagged(tables: CheckTables) -> tuple[list[str], list[tuple[str, int, int]]]:
    [row] = list(tokens_rows(tables))
    return ([NER_TAGS[t] for t in row["ner_tags"]],
            [(m["mention_id"], m["token_start"], m["token_end"]) for m in row["nested_mentions"]])


def test_the_outer_mention_is_tagged_and_the_inner_one_nested() -> None:
    tables = _tables("the Iraqi government said", [("m1", "iraq", 4, 9), ("m2", "gov", 4, 20)],
                     {"iraq": "GPE", "gov": "ORG"})
    assert _tagged(tables) == (["O", "B-ORG", "I-ORG", "O"], [("m1", 1, 2)])


def test_of_two_crossing_mentions_the_first_is_tagged() -> None:
    tables = _tables("the Iraqi Kurdistan Region", [("m1", "kr", 10, 26), ("m2", "ik", 4, 19)],
                     {"kr": "GPE", "ik": "LOC"})
    assert _tagged(tables) == (["O", "B-LOC", "I-LOC", "O"], [("m1", 2, 4)])


def test_of_two_mentions_of_one_span_the_first_annotated_is_tagged() -> None:
    tables = _tables("in Baghdad today", [("m1", "city", 3, 10), ("m2", "gov", 3, 10)],
                     {"city": "GPE", "gov": "ORG"})
    assert _tagged(tables) == (["O", "B-GPE", "O"], [("m2", 1, 2)])


def test_adjacent_mentions_of_one_type_each_begin_with_b() -> None:
    tables = _tables("U.S.-Israeli strikes", [("m1", "us", 0, 4), ("m2", "il", 5, 12)],
                     {"us": "GPE", "il": "GPE"})
    assert _tagged(tables) == (["B-GPE", "O", "B-GPE", "O"], [])


# --- labels -----------------------------------------------------------------------------

def test_labels_has_one_row_per_label_of_every_vocabulary(built_seeds: Repo) -> None:
    labels = _load(built_seeds, "labels")
    assert list(labels) == ["full"]
    rows = labels["full"]
    # 10 entity types, 9 sectors, 3 kinds, 16 event types, 9 roles, 5 realis, 4 precisions,
    # 4 bases, 3 stance labels, 8 targets, and 1 + 2 x 10 NER tags.
    assert rows.num_rows == sum(len(v.labels) for v in PUBLISHED_VOCABULARIES) == 92
    assert Counter(zip(rows["vocabulary"], rows["label"], strict=True)).most_common(1)[0][1] == 1


def _label(built: Repo, vocabulary: str, label: str) -> dict[str, Any]:
    rows = _load(built, "labels", "full").filter(
        lambda r: r["vocabulary"] == vocabulary and r["label"] == label)
    assert rows.num_rows == 1
    return rows[0]


def test_golden_event_type_label_with_its_crosswalk(built_seeds: Repo) -> None:
    assert _label(built_seeds, "event_type", "INTERCEPT") == {
        "vocabulary": "event_type", "label": "INTERCEPT", "id": 1,
        "definition": "Shooting down or stopping an incoming projectile or aircraft.",
        "plover": "ASSAULT", "cameo": "190", "extension": True,
        "crosswalk_note": "No PLOVER category for air defence; nearest is ASSAULT (CAMEO 190).",
        "allowed_roles": ["ACTOR", "RECIPIENT", "INSTRUMENT", "PLACE", "ORIGIN", "DESTINATION",
                          "TRANSIT"]}
    assert _label(built_seeds, "event_type", "REJECT")["extension"] is False


def test_golden_stance_target_with_its_proposition(built_seeds: Repo) -> None:
    assert _label(built_seeds, "stance_target", "ISRAELI_MILITARY_ACTION_AGAINST_IRAN") == {
        "vocabulary": "stance_target", "label": "ISRAELI_MILITARY_ACTION_AGAINST_IRAN", "id": 3,
        "definition": "Israel's military strikes and war against Iran.", "plover": None,
        "cameo": None, "extension": None, "crosswalk_note": None, "allowed_roles": None}


def test_golden_ner_tag(built_seeds: Repo) -> None:
    row = _label(built_seeds, "ner_tag", "B-GPE")
    assert (row["id"], row["definition"]) == (5, "The first token of a GPE mention.")


def test_every_class_label_of_every_config_is_in_labels(built_seeds: Repo) -> None:
    labels = _load(built_seeds, "labels", "full")
    by_vocabulary: dict[str, list[tuple[int, str]]] = {}
    for row in labels:
        by_vocabulary.setdefault(row["vocabulary"], []).append((row["id"], row["label"]))
    published = {tuple(label for _, label in sorted(rows)) for rows in by_vocabulary.values()}

    def class_labels(feature: Any) -> list[datasets.ClassLabel]:
        if isinstance(feature, datasets.ClassLabel):
            return [feature]
        if isinstance(feature, datasets.List):
            return class_labels(feature.feature)
        if isinstance(feature, dict):
            return [c for sub in feature.values() for c in class_labels(sub)]
        return []

    seen = 0
    for config in ("documents", "entities", "tokens"):
        features = next(iter(_load(built_seeds, config).values())).features
        for feature in class_labels(dict(features)):
            assert tuple(feature.names) in published
            seen += 1
    assert seen >= 10


# --- folds ------------------------------------------------------------------------------

def test_stories_are_dealt_largest_first_to_the_lightest_fold() -> None:
    # a (3 articles) -> fold 0; d (2) -> fold 1; b (1) -> fold 1 (2 < 3); c (1) -> fold 0
    # (3 = 3: the lower number).
    assert story_folds({"a": 3, "b": 1, "c": 1, "d": 2}, k=2) == {"a": 0, "d": 1, "b": 1,
                                                                   "c": 0}


def test_fewer_stories_than_folds_gives_one_fold_per_story() -> None:
    assert story_folds({"x": 1, "y": 1}, k=5) == {"x": 0, "y": 1}
    assert story_folds({}, k=5) == {}


def test_folds_hold_every_article_once_and_no_story_twice(built_seeds: Repo) -> None:
    folds = _load(built_seeds, "folds")
    assert list(folds) == ["full"]
    rows = folds["full"]
    articles = [a for split in _load(built_seeds, "articles").values() for a in split["article_id"]]
    assert sorted(rows["article_id"]) == sorted(articles)
    story_folds_seen: dict[str, set[int]] = {}
    for story, fold in zip(rows["story_id"], rows["fold"], strict=True):
        story_folds_seen.setdefault(story, set()).add(fold)
    assert all(len(f) == 1 for f in story_folds_seen.values())
    # Four stories, fewer than five folds: one story per fold; the two-article story
    # (seeds 000 and 001) is dealt first.
    assert sorted(rows["fold"]) == [0, 0, 1, 2, 3]
    assert story_folds_seen["sadeq-interview-2025-12"] == {0}
