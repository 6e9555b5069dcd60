"""The official scorer: hand-made gold and predictions whose scores are worked out by hand in
each test, a perfect prediction of the real test split, the bootstrap, and every kind of bad
prediction (named at its file:line or row, exit 2, never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.score import (
    Argument,
    Event,
    Gold,
    Mention,
    ScoreError,
    Stance,
    score,
    score_items,
)
from sovereign_skies.scripts.score.bootstrap import resample_weights
from sovereign_skies.scripts.score.formats import jsonl
from sovereign_skies.scripts.score.gold import Paragraphs, read_gold

# Two paragraphs; the offsets below are counted on this text.
#           0         1         2         3         4         5
#           012345678901234567890123456789012345678901234567890123456
NER_TEXT = "Iraq and Iran met in Baghdad.\nThe Iraqi government spoke."


def gold(text: str, mentions: tuple = (), events: tuple = (), stances: tuple = ()) -> Gold:
    return Gold("test", {"a": text}, {"a": "test", "t": "train"},
                frozenset({"h1", "h2", "h3", "h4"}), tuple(mentions), tuple(events),
                tuple(stances))


def value(result, name: str) -> float:
    return result.metric(name).value


# --- NER ---------------------------------------------------------------------------------

NER_GOLD = gold(NER_TEXT, (Mention("a", 0, 4, "GPE"), Mention("a", 9, 13, "GPE"),
                           Mention("a", 21, 28, "GPE"), Mention("a", 30, 50, "ORG")))


def test_ner_exact_and_partial_by_hand() -> None:
    assert NER_TEXT[30:50] == "The Iraqi government" and NER_TEXT[21:28] == "Baghdad"
    predicted = [
        Mention("a", 0, 4, "GPE"),    # exact
        Mention("a", 9, 13, "ORG"),   # right span, wrong type: nothing, typed
        Mention("a", 21, 27, "GPE"),  # "Baghda": overlaps its gold, half credit
        Mention("a", 34, 50, "ORG"),  # "Iraqi government": overlaps, half credit
    ]
    result = score_items(predicted, NER_GOLD, "ner")
    # GPE: gold 3, predicted 2, exact 1, partial 1 + 0.5; ORG: gold 1, predicted 2, exact 0,
    # partial 0.5. Micro: exact 2*1/(4+4); partial 2*2/(4+4).
    assert value(result, "exact F1 (micro)") == pytest.approx(0.25)
    assert value(result, "partial F1 (micro)") == pytest.approx(0.5)
    # Macro: exact (2*1/5 + 0) / 2; partial (2*1.5/5 + 2*0.5/3) / 2.
    assert value(result, "exact F1 (macro)") == pytest.approx(0.2)
    assert value(result, "partial F1 (macro)") == pytest.approx((0.6 + 1 / 3) / 2)
    rows = {r.label: r for r in result.tables["entity type"]}
    assert (rows["GPE"].gold, rows["GPE"].predicted, rows["GPE"].precision) == (3, 2, 0.5)
    assert rows["ORG"].partial_f1 == pytest.approx(1 / 3)
    assert set(rows) == {"GPE", "ORG", "all (micro)"}  # types nobody used are not listed


def test_an_overlapping_prediction_never_takes_the_gold_an_exact_one_hits() -> None:
    # Gold "Iraqi government"; the prediction "The Iraqi government" starts first, and in
    # nervaluate's greedy order (offsets) would claim it, leaving the exact one spurious.
    predicted = [Mention("a", 30, 50, "ORG"), Mention("a", 34, 50, "ORG")]
    result = score_items(predicted, gold(NER_TEXT, (Mention("a", 34, 50, "ORG"),)), "ner")
    assert value(result, "exact F1 (micro)") == pytest.approx(2 * 1 / (2 + 1))


def test_ner_without_predictions_scores_zero_not_undefined() -> None:
    result = score_items([], NER_GOLD, "ner")
    assert value(result, "exact F1 (micro)") == 0.0
    assert value(result, "exact F1 (macro)") == 0.0


# --- events ------------------------------------------------------------------------------

EVENT_TEXT = "Iran struck Erbil and Israel condemned it.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_event_identification_and_classification_by_hand() -> None:
    iran, erbil, israel = (span(EVENT_TEXT, w) for w in ("Iran", "Erbil", "Israel"))
    struck, condemned = span(EVENT_TEXT, "struck"), span(EVENT_TEXT, "condemned")
    truth = gold(EVENT_TEXT, events=(
        Event("a", *struck, "STRIKE", (Argument("ACTOR", *iran), Argument("RECIPIENT", *erbil))),
        Event("a", *condemned, "ACCUSE", (Argument("ACTOR", *israel),))))
    predicted = [
        # right trigger and type; one argument right, one with the wrong role
        Event("a", *struck, "STRIKE", (Argument("ACTOR", *iran), Argument("PLACE", *erbil))),
        # right trigger, wrong type; its argument is right (the type is not part of it)
        Event("a", *condemned, "REJECT", (Argument("ACTOR", *israel),)),
        # no gold trigger here: a spurious trigger, and its argument cannot match
        Event("a", *erbil, "STRIKE", (Argument("ACTOR", *iran),)),
    ]
    result = score_items(predicted, truth, "events")
    # triggers: gold 2, predicted 3; identified 2, classified 1
    assert value(result, "trigger identification F1") == pytest.approx(2 * 2 / 5)
    assert value(result, "trigger classification F1") == pytest.approx(2 * 1 / 5)
    # arguments: gold 3, predicted 4; identified 3 (not the one of the spurious trigger),
    # classified 2 (Erbil's role is wrong)
    assert value(result, "argument identification F1") == pytest.approx(2 * 3 / 7)
    assert value(result, "argument classification F1") == pytest.approx(2 * 2 / 7)
    types = {r.label: r for r in result.tables["event type (trigger classification)"]}
    assert (types["STRIKE"].gold, types["STRIKE"].predicted, types["STRIKE"].f1) == (
        1, 2, pytest.approx(2 / 3))


def test_a_trigger_predicted_twice_matches_once() -> None:
    struck = span(EVENT_TEXT, "struck")
    truth = gold(EVENT_TEXT, events=(Event("a", *struck, "STRIKE"),))
    predicted = [Event("a", *struck, "STRIKE"), Event("a", *struck, "ACCUSE")]
    result = score_items(predicted, truth, "events")
    assert value(result, "trigger identification F1") == pytest.approx(2 * 1 / 3)


# --- stance ------------------------------------------------------------------------------

FOREIGN, SOVEREIGNTY, ESCALATION = ("FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE",
                                    "IRAQI_SOVEREIGNTY", "REGIONAL_ESCALATION")


def test_f_avg_with_a_label_never_predicted_by_hand() -> None:
    truth = gold("x", stances=(Stance("a", "h1", FOREIGN, "FAVOR"),
                               Stance("a", "h2", FOREIGN, "AGAINST"),
                               Stance("a", "h3", SOVEREIGNTY, "AGAINST"),
                               Stance("a", None, ESCALATION, "NEUTRAL")))
    predicted = [Stance("a", "h1", FOREIGN, "AGAINST"),      # wrong
                 Stance("a", "h2", FOREIGN, "AGAINST"),      # right
                 # (h3, SOVEREIGNTY) missing: a false negative of AGAINST
                 Stance("a", None, ESCALATION, "NEUTRAL"),   # right
                 Stance("a", "h4", SOVEREIGNTY, "AGAINST")]  # not in the gold
    result = score_items(predicted, truth, "stance")
    # FAVOR: gold 1, predicted 0 -> 0. AGAINST: gold 2, predicted 3, right 1 -> 2/5.
    # NEUTRAL: 1 of 1 -> 1.
    assert value(result, "F_avg (FAVOR, AGAINST)") == pytest.approx((0 + 0.4) / 2)
    assert value(result, "macro-F1") == pytest.approx((0 + 0.4 + 1) / 3)
    assert "1 gold item(s) without prediction (counted wrong), 1 predicted item(s) not in " \
        "the gold" in " ".join(result.notes)


def test_a_label_absent_from_gold_and_predictions_is_left_out_of_the_macro_average() -> None:
    truth = gold("x", stances=(Stance("a", "h1", FOREIGN, "FAVOR"),
                               Stance("a", "h2", FOREIGN, "AGAINST")))
    predicted = [Stance("a", "h1", FOREIGN, "FAVOR"), Stance("a", "h2", FOREIGN, "FAVOR")]
    result = score_items(predicted, truth, "stance")
    # FAVOR 2*1/(2+1), AGAINST 0, NEUTRAL undefined: the mean of two.
    assert value(result, "macro-F1") == pytest.approx((2 / 3 + 0) / 2)


# --- the real test split -----------------------------------------------------------------

def dataset(repo: Repo) -> Path:
    return repo.layout.dataset


@pytest.mark.parametrize(("task", "config"), [("ner", "mentions"), ("events", "events"),
                                              ("stance", "stances")])
def test_the_published_gold_table_scores_one(built_seeds: Repo, task: str, config: str
                                             ) -> None:
    # A model can emit the published table: the gold's own Parquet file is a perfect one.
    result = score(built_seeds.layout.parquet(config, "test"), task, "test",
                   dataset(built_seeds))
    assert all(m.value == 1.0 and m.ci95 == (1.0, 1.0) for m in result.metrics)


@pytest.mark.parametrize("task", ["ner", "events", "stance"])
def test_the_gold_as_jsonl_scores_one(built_seeds: Repo, tmp_path: Path, task: str) -> None:
    truth = read_gold(dataset(built_seeds), "test")
    path = tmp_path / "gold.jsonl"
    path.write_text(jsonl(truth.items(task)), encoding="utf-8")
    result = skies("score", path, "--task", task, "--dataset", dataset(built_seeds),
                   "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {m["value"] for m in json.loads(result.stdout)["metrics"]} == {1.0}


def test_the_output_says_how_small_the_split_is(built_seeds: Repo, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds))
    assert result.exit_code == 0
    # 1 test article of 24 paragraphs (a non-blank line each), 166 mentions: counted on the
    # test Parquet files with pyarrow, independently of the scorer.
    mentions = pq.read_table(built_seeds.layout.parquet("mentions", "test")).num_rows
    texts = pq.read_table(built_seeds.layout.parquet("articles", "test")).column("text")
    paragraphs = sum(1 for t in texts.to_pylist() for line in t.split("\n") if line.strip())
    assert f"1 article(s), {paragraphs} paragraphs, {mentions} mentions" in result.stdout
    assert f"resamples of {paragraphs} paragraphs" in result.stdout


# --- bootstrap ---------------------------------------------------------------------------

def test_paragraphs_are_the_non_blank_lines() -> None:
    units = Paragraphs.of({"b": "one", "a": "x\n\ny z\n"})
    assert units.count == 3
    # a's paragraphs start at 0 and 3; a blank line belongs to the paragraph before it;
    # b (sorted after a) is the third.
    assert [units.index("a", i) for i in (0, 1, 2, 3, 5)] == [0, 0, 0, 1, 1]
    assert units.index("b", 0) == 2


def test_every_resample_draws_as_many_units_as_there_are() -> None:
    weights = resample_weights(7, samples=50, seed=3)
    assert weights.shape == (50, 7) and set(weights.sum(axis=1)) == {7}


def half_of_the_gold(built_seeds: Repo) -> tuple[list[Mention], Gold]:
    truth = read_gold(dataset(built_seeds), "test")
    return list(truth.mentions[::2]), truth


def test_the_bootstrap_is_deterministic_and_holds_the_estimate(built_seeds: Repo) -> None:
    predicted, truth = half_of_the_gold(built_seeds)
    first, second = (score_items(predicted, truth, "ner") for _ in range(2))
    assert first == second
    for metric in first.metrics:
        low, high = metric.ci95
        assert low <= metric.value <= high and low < high


def test_another_seed_gives_another_interval(built_seeds: Repo) -> None:
    predicted, truth = half_of_the_gold(built_seeds)
    intervals = {score_items(predicted, truth, "ner", seed=seed).metric(
        "exact F1 (micro)").ci95 for seed in (0, 1)}
    assert len(intervals) == 2


def test_a_resample_sums_the_counts_of_its_units() -> None:
    # Two units: (matched 1, predicted 1, gold 1) and (0, 1, 1). A resample drawing the first
    # twice is perfect; the second twice scores 0.
    from sovereign_skies.scripts.score.counts import Tally, f1

    tally = Tally(("m", "p", "g"), np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    totals = tally.totals(np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    assert list(f1(totals["m"], totals["p"], totals["g"])) == [1.0, 0.0, 0.5]


# --- bad predictions ---------------------------------------------------------------------

ARTICLE = "iraqi-militias-iran-israel-conflict"  # the test article
TRAIN_ARTICLE = "sadeq-us-spy-planes-iraqi-airspace"


def good_mention(**changes: object) -> dict:
    return {"article_id": ARTICLE, "start": 0, "end": 4, "type": "GPE", **changes}


def run(repo: Repo, tmp_path: Path, lines: list[str], task: str = "ner", name: str = "p.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, skies("score", path, "--task", task, "--dataset", dataset(repo))


def test_a_clean_prediction_file_scores(built_seeds: Repo, tmp_path: Path) -> None:
    _, result = run(built_seeds, tmp_path, [json.dumps(good_mention())])
    assert result.exit_code == 0 and "exact F1 (micro)" in result.stdout


BAD_JSONL = [
    ("ner", '{"article_id": ', "not valid JSON"),
    ("ner", "[1, 2]", "expected a JSON object, found list"),
    ("ner", json.dumps(good_mention(article_id="no-such-article")),
     "article 'no-such-article' is not in the test split nor anywhere in the release"),
    ("ner", json.dumps(good_mention(article_id=TRAIN_ARTICLE)),
     f"article '{TRAIN_ARTICLE}' is not in the test split (it is in train)"),
    ("ner", json.dumps(good_mention(type="PERSON")), "type 'PERSON' is not a label of "
     "entity_type"),
    ("ner", json.dumps(good_mention(end=10**6)), "end 1000000 is past the end of "
     f"{ARTICLE}'s text"),
    ("ner", json.dumps(good_mention(start="0")), "start must be an integer, not '0'"),
    ("ner", json.dumps(good_mention(end=True)), "end must be an integer, not True"),
    ("ner", json.dumps(good_mention(end=4.0)), "end must be an integer, not 4.0"),
    ("ner", json.dumps(good_mention(start=4, end=4)), "are no span"),
    ("ner", json.dumps(good_mention(type=3)), "type 3 is not a label of entity_type"),
    ("ner", json.dumps({"article_id": ARTICLE, "start": 0, "end": 4}), "missing field 'type'"),
    ("ner", json.dumps(good_mention(text="Iraq")), "text 'Iraq' is not the text at [0, 4)"),
    ("events", json.dumps({"article_id": ARTICLE, "type": "STRIKE", "trigger_start": 0,
                           "trigger_end": 4, "arguments": [{"role": "ATTACKER", "start": 0,
                                                            "end": 4}]}),
     "arguments[0]: role 'ATTACKER' is not a label of argument_role"),
    ("events", json.dumps({"article_id": ARTICLE, "type": "STRIKE", "trigger_start": 0,
                           "trigger_end": 4, "arguments": "none"}),
     "arguments must be a list"),
    ("stance", json.dumps({"article_id": ARTICLE, "holder_entity_id": "nobody",
                           "target": FOREIGN, "label": "FAVOR"}),
     "holder_entity_id 'nobody' is not an entity of the registry"),
    ("stance", json.dumps({"article_id": ARTICLE, "holder_entity_id": None,
                           "target": FOREIGN, "label": "PRO"}),
     "label 'PRO' is not a label of stance_label"),
    ("stance", json.dumps({"article_id": ARTICLE, "target": FOREIGN, "label": "FAVOR"}),
     "missing field 'holder_entity_id'"),
]


@pytest.mark.parametrize(("task", "line", "message"), BAD_JSONL,
                         ids=[m for _, _, m in BAD_JSONL])
def test_a_bad_line_is_named_with_its_line_and_exits_two(
        built_seeds: Repo, tmp_path: Path, task: str, line: str, message: str) -> None:
    # The bad line is the second: a good one comes first.
    first = json.dumps(good_mention()) if task == "ner" else ""
    path, result = run(built_seeds, tmp_path, [first, line], task)
    assert result.exit_code == 2
    assert f"{path}:2: " in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.output and not result.stdout


def test_a_prediction_made_twice_names_both_lines(built_seeds: Repo, tmp_path: Path) -> None:
    line = json.dumps(good_mention())
    path, result = run(built_seeds, tmp_path, [line, line])
    assert result.exit_code == 2
    assert f"{path}:2: predicted twice: the same ner item as {path}:1" in result.stderr


def test_a_line_that_is_not_utf8_is_named(built_seeds: Repo, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(json.dumps(good_mention()).encode() + b"\n\xff\xfe\n")
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds))
    assert result.exit_code == 2 and f"{path}:2: not UTF-8" in result.stderr


def test_many_bad_lines_are_counted_after_the_first_twenty(built_seeds: Repo,
                                                           tmp_path: Path) -> None:
    _, result = run(built_seeds, tmp_path, ["nonsense"] * 25)
    assert result.exit_code == 2
    assert result.stderr.count("not valid JSON") == 20
    assert "... and 5 more problem(s)" in result.stderr


def parquet_file(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_a_bad_parquet_row_is_named_by_its_row(built_seeds: Repo, tmp_path: Path) -> None:
    path = parquet_file(tmp_path, [good_mention(type=2), good_mention(type=99)])
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds))
    assert result.exit_code == 2
    assert f"{path}: row 1: type 99 is no ClassLabel of entity_type (0 to 9)" in result.stderr


@pytest.mark.parametrize("label", [2, "GPE"])  # ClassLabel 2 is GPE (schema/labels.py order)
def test_parquet_labels_are_class_ids_or_names(built_seeds: Repo, tmp_path: Path,
                                               label: int | str) -> None:
    path = parquet_file(tmp_path, [good_mention(type=label)])
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds),
                   "--format", "json")
    rows = json.loads(result.stdout)["tables"]["entity type"]
    assert [(r["label"], r["predicted"]) for r in rows if r["label"] == "GPE"] == [("GPE", 1)]


def test_a_parquet_file_without_a_column_names_each_row(built_seeds: Repo,
                                                        tmp_path: Path) -> None:
    path = parquet_file(tmp_path, [{"article_id": ARTICLE, "start": 0, "end": 4}])
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds))
    assert result.exit_code == 2 and f"{path}: row 0: missing field 'type'" in result.stderr


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.parquet", b"not parquet", "cannot read as Parquet"),
    ("p.csv", b"a,b\n", "unknown prediction format '.csv'"),
])
def test_an_unreadable_file_is_named(built_seeds: Repo, tmp_path: Path, name: str,
                                     content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = skies("score", path, "--task", "ner", "--dataset", dataset(built_seeds))
    assert result.exit_code == 2 and f"{path}: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file_is_named(built_seeds: Repo, tmp_path: Path) -> None:
    result = skies("score", tmp_path / "none.jsonl", "--task", "ner", "--dataset",
                   dataset(built_seeds))
    assert result.exit_code == 2 and "none.jsonl: no such file" in result.stderr


def test_an_unknown_split_is_bad_usage(built_seeds: Repo, tmp_path: Path) -> None:
    path, _ = run(built_seeds, tmp_path, [])
    result = skies("score", path, "--task", "ner", "--split", "dev", "--dataset",
                   dataset(built_seeds))
    assert result.exit_code == 2 and "unknown split 'dev'" in result.stderr


def test_a_dataset_without_a_release_is_bad_usage(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("", encoding="utf-8")
    result = skies("score", path, "--task", "ner", "--dataset", tmp_path)
    assert result.exit_code == 2 and "has no test split" in result.stderr


def test_the_python_api_raises_with_every_problem(built_seeds: Repo, tmp_path: Path) -> None:
    path, _ = run(built_seeds, tmp_path, ["{", json.dumps(good_mention(type="X"))])
    with pytest.raises(ScoreError) as raised:
        score(path, "ner", dataset=dataset(built_seeds))
    assert [p.split(": ")[0] for p in raised.value.problems] == [f"{path}:1", f"{path}:2"]
