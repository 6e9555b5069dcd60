"""The baselines: what each learns (hand-made train and test texts), that none looks at the
test split's annotations, and dataset/baselines.json (written by the build, rewritten
byte for byte by `skies baselines`, covered by `skies build --check`)."""

from __future__ import annotations

import gc
import json
import shutil
import weakref
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import Repo, build, skies

from sovereign_skies.schema.labels import ENTITY_TYPE, STANCE_LABEL, STANCE_TARGET
from sovereign_skies.scripts.baselines import gazetteer, run, stance, triggers
from sovereign_skies.scripts.baselines.lexicon import Lexicon, majority
from sovereign_skies.scripts.baselines.run import predictions
from sovereign_skies.scripts.built import Built
from sovereign_skies.scripts.score import Argument, Event, Gold, Mention, Stance
from sovereign_skies.scripts.score.gold import gold_from_tables, read_tables


def gold(text: str, mentions: tuple = (), events: tuple = (), stances: tuple = (),
         evidence: dict | None = None) -> Gold:
    return Gold("train", {"a": text}, {"a": "train"}, frozenset(), mentions, events, stances,
                evidence or {})


def test_a_tie_goes_to_the_label_first_in_the_vocabulary() -> None:
    assert ENTITY_TYPE.names.index("ORG") < ENTITY_TYPE.names.index("GPE")
    assert majority(["GPE", "ORG"], ENTITY_TYPE.names) == "ORG"
    assert majority(["GPE", "ORG", "GPE"], ENTITY_TYPE.names) == "GPE"


def test_the_lexicon_takes_the_longest_whole_word_form() -> None:
    lexicon = Lexicon.learn([("Iraqi", "NORP"), ("Iraqi government", "ORG")],
                            ENTITY_TYPE.names)
    # "Iraqis" is no whole-word match of "Iraqi".
    assert lexicon.find("the Iraqi government and Iraqis, Iraqi.") == [
        (4, 20, "ORG"), (33, 38, "NORP")]


def test_the_gazetteer_knows_only_the_training_mentions() -> None:
    train = gold("Iraq met Iran.", (Mention("a", 0, 4, "GPE"),))  # Iran is not annotated
    found = gazetteer.predict(gazetteer.learn(train), {"t": "Iran and Iraq."})
    assert found == [Mention("t", 9, 13, "GPE")]


def test_the_trigger_lexicon_ignores_case_and_fills_arguments_by_side() -> None:
    text = "Iran struck Erbil.\n"
    train = gold(text, (Mention("a", 0, 4, "GPE"), Mention("a", 12, 17, "GPE")),
                 (Event("a", 5, 11, "STRIKE", (Argument("ACTOR", 0, 4),
                                               Argument("RECIPIENT", 12, 17))),))
    test_text = "Erbil Struck Iran.\nIran struck."
    mentions = gazetteer.predict(gazetteer.learn(train), {"t": test_text})
    found = triggers.predict(triggers.learn(train), {"t": test_text}, mentions)
    # In the first paragraph Erbil [0,5) precedes "Struck" [6,12) and Iran [13,17) follows;
    # the second paragraph starts at 19: Iran [19,23) before "struck" [24,30), none after.
    assert found == [
        Event("t", 6, 12, "STRIKE", (Argument("ACTOR", 0, 5), Argument("RECIPIENT", 13, 17))),
        Event("t", 24, 30, "STRIKE", (Argument("ACTOR", 19, 23),)),
    ]


def test_the_majority_baseline_predicts_the_training_majority_for_every_item() -> None:
    train = gold("x", stances=(Stance("a", "h", "IRAQI_SOVEREIGNTY", "FAVOR"),
                               Stance("a", "i", "IRAQI_SOVEREIGNTY", "AGAINST"),
                               Stance("a", "j", "REGIONAL_ESCALATION", "AGAINST")))
    test = gold("y", stances=(Stance("a", "k", "REGIONAL_ESCALATION", "FAVOR"),))
    assert stance.predict_majority(train, test) == [
        Stance("a", "k", "REGIONAL_ESCALATION", "AGAINST")]


def test_bag_of_words_learns_from_the_evidence() -> None:
    items = [Stance("a", h, "IRAQI_SOVEREIGNTY", label) for h, label in
             (("h", "FAVOR"), ("i", "AGAINST"), ("j", "FAVOR"), ("k", "AGAINST"))]
    words = {"h": "we support it", "i": "we reject it", "j": "support", "k": "reject"}
    train = gold("x", stances=tuple(items),
                 evidence={s.key: words[s.holder_entity_id] for s in items})
    test_items = (Stance("a", "m", "IRAQI_SOVEREIGNTY", "FAVOR"),
                  Stance("a", "n", "IRAQI_SOVEREIGNTY", "FAVOR"))
    test = gold("y", stances=test_items, evidence={
        test_items[0].key: "they support", test_items[1].key: "they reject"})
    assert [s.label for s in stance.predict_bag_of_words(train, test)] == ["FAVOR", "AGAINST"]


# --- on the real release -------------------------------------------------------------------

def release(repo: Repo) -> dict[tuple[str, str], pa.Table]:
    return read_tables(repo.layout.dataset)


def test_no_baseline_looks_at_the_test_annotations(built_seeds: Repo) -> None:
    tables = release(built_seeds)
    blind = {key: table for key, table in tables.items()
             if key not in {("mentions", "test"), ("events", "test")}}
    # Stance items are given (the gold holder, target and evidence), their labels are not:
    # every test label set to 0 changes no prediction.
    stances = tables["stances", "test"]
    index = stances.schema.get_field_index("label")
    blind["stances", "test"] = stances.set_column(
        index, "label", pa.array([0] * stances.num_rows, stances.schema.field("label").type))
    assert predictions(Built(blind)) == predictions(tables)


def test_the_predictions_are_the_same_on_every_run(built_seeds: Repo) -> None:
    assert predictions(release(built_seeds)) == predictions(release(built_seeds))


def label_counts(repo: Repo, split: str) -> dict[str, int]:
    labels = pq.read_table(repo.layout.parquet("stances", split)).column("label").to_pylist()
    return {name: labels.count(i) for i, name in enumerate(STANCE_LABEL.names)}


def test_the_majority_stance_figures_by_hand(built_seeds: Repo) -> None:
    # Counted with pyarrow on the built files: train's majority is AGAINST; the test split
    # has 6 FAVOR, 9 AGAINST, 1 NEUTRAL.
    train = label_counts(built_seeds, "train")
    assert max(train, key=train.get) == "AGAINST"
    assert label_counts(built_seeds, "test") == {"FAVOR": 6, "AGAINST": 9, "NEUTRAL": 1}
    # All 16 predicted AGAINST: F1(AGAINST) = 2*9/(16+9) = 0.72, F1(FAVOR) = F1(NEUTRAL) = 0.
    results = json.loads(built_seeds.layout.baselines.read_text(encoding="utf-8"))["results"]
    found = {r["metric"]: r["value"] for r in results if r["system"] == "majority"}
    assert found == {"F_avg (FAVOR, AGAINST)": 0.36, "macro-F1": 0.24}


def test_the_build_writes_the_figures_the_card_renders(built_seeds: Repo) -> None:
    figures = json.loads(built_seeds.layout.baselines.read_text(encoding="utf-8"))
    assert figures["split"] == "test"
    assert figures["bootstrap"]["samples"] == 1000 and figures["bootstrap"]["seed"] == 0
    for config, key in (("articles", "articles"), ("mentions", "mentions"),
                        ("events", "events"), ("stances", "stances")):
        rows = pq.read_table(built_seeds.layout.parquet(config, "test")).num_rows
        assert figures["size"][key] == rows
    assert {(r["task"], r["system"]) for r in figures["results"]} == {
        ("ner", "gazetteer"), ("events", "trigger lexicon"), ("stance", "majority"),
        ("stance", "bag of words")}
    for r in figures["results"]:
        low, high = r["ci95"]
        assert 0 <= low <= r["value"] <= high <= 1, r
    card = built_seeds.layout.card.read_text(encoding="utf-8")
    assert "| ner | gazetteer | exact F1 (micro) |" in card


def writable(built_seeds: Repo, tmp_path: Path) -> Repo:
    """A copy of the built real corpus to write in (built_seeds itself is read only)."""
    shutil.copytree(built_seeds.root, tmp_path / "repo")
    return Repo(tmp_path / "repo")


def test_skies_baselines_writes_the_bytes_the_build_wrote(built_seeds: Repo,
                                                          tmp_path: Path) -> None:
    built_copy = writable(built_seeds, tmp_path)
    built = built_copy.layout.baselines.read_bytes()
    built_copy.layout.baselines.unlink()
    result = skies("baselines", root=built_copy.root)
    assert result.exit_code == 0, result.stderr
    assert "wrote dataset/baselines.json" in result.stdout
    assert built_copy.layout.baselines.read_bytes() == built
    again = skies("baselines", root=built_copy.root)
    assert "unchanged: dataset/baselines.json" in again.stdout
    assert built_copy.layout.baselines.read_bytes() == built


def test_scoring_the_written_predictions_gives_the_published_figures(built_seeds: Repo,
                                                                      tmp_path: Path) -> None:
    built_copy = writable(built_seeds, tmp_path)
    out = tmp_path / "predictions"
    assert skies("baselines", "--predictions", out, root=built_copy.root).exit_code == 0
    published = json.loads(built_copy.layout.baselines.read_text(encoding="utf-8"))["results"]
    for task, system, name in (("ner", "gazetteer", "ner-gazetteer.jsonl"),
                               ("events", "trigger lexicon", "events-trigger-lexicon.jsonl"),
                               ("stance", "majority", "stance-majority.jsonl"),
                               ("stance", "bag of words", "stance-bag-of-words.jsonl")):
        result = skies("score", out / name, "--task", task, "--dataset",
                       built_copy.layout.dataset, "--format", "json")
        assert result.exit_code == 0, result.stderr
        scored = [{"metric": m["metric"], "value": m["value"], "ci95": m["ci95"]}
                  for m in json.loads(result.stdout)["metrics"]]
        assert scored == [{k: r[k] for k in ("metric", "value", "ci95")} for r in published
                          if (r["task"], r["system"]) == (task, system)]


def test_a_stale_baselines_file_fails_the_build_check(built_seeds: Repo,
                                                       tmp_path: Path) -> None:
    built_copy = writable(built_seeds, tmp_path)
    path = built_copy.layout.baselines
    path.write_text(path.read_text(encoding="utf-8").replace('"seed": 0', '"seed": 1'),
                    encoding="utf-8")
    result = skies("build", "--check", root=built_copy.root)
    assert result.exit_code == 1
    assert "stale: dataset/baselines.json: differs from a fresh build" in result.stderr


def test_a_corpus_without_a_test_split_has_no_baselines(tiny: Repo) -> None:
    build(tiny)
    assert not tiny.layout.baselines.exists()
    result = skies("baselines", root=tiny.root)
    assert result.exit_code == 2 and "has no built train and test splits" in result.stderr


def test_each_stance_item_carries_its_evidence_text(built_seeds: Repo) -> None:
    from sovereign_skies.scripts.score.gold import gold_from_tables

    test = gold_from_tables(release(built_seeds), "test")
    row = pq.read_table(built_seeds.layout.parquet("stances", "test")).slice(0, 1).to_pylist()[0]
    key = (row["article_id"], row["holder_entity_id"], STANCE_TARGET.names[row["target"]])
    assert [span["text"] in test.evidence[key] for span in row["evidence"]] == [True] * len(
        row["evidence"])


def test_the_nearest_mentions_of_a_trigger_are_found_around_it() -> None:
    def m(start: int, end: int) -> Mention:
        return Mention("a", start, end, "GPE")

    # [0,30) is long and ends last before 40; [10,20) and [12,20) tie on end 20
    fillers = triggers.Fillers.of([m(50, 55), m(12, 20), m(0, 30), m(10, 20), m(38, 45)])
    assert fillers.nearest_before(0, 40) == m(0, 30)
    assert fillers.nearest_before(5, 40) == m(10, 20)  # [0,30) starts before the paragraph
    assert fillers.nearest_before(5, 19) is None
    assert fillers.nearest_after(40, 60) == m(50, 55)  # [38,45) starts before the trigger ends
    assert fillers.nearest_after(46, 54) is None  # [50,55) runs past the paragraph


def test_the_training_gold_is_let_go_before_any_prediction(built_seeds: Repo,
                                                           monkeypatch) -> None:
    """Only what the baselines learnt is kept: at 100,000 articles the training gold is
    gigabytes, and holding it while predicting set the build's peak memory."""
    trains: list[weakref.ref] = []

    def tracked(tables, split: str) -> Gold:
        gold = gold_from_tables(tables, split)
        if split == "train":
            trains.append(weakref.ref(gold))
        return gold

    monkeypatch.setattr(run, "gold_from_tables", tracked)
    first = next(run._predicted(release(built_seeds)))
    gc.collect()
    assert first[1] == "ner" and len(trains) == 1 and trains[0]() is None
