"""The article cache and the worker processes change how fast results come, never what they
are: a warm cache reads no unchanged article, any change to an article's inputs or to the
code reads it again, a damaged entry is ignored, and any number of workers gives the same
report and the same bytes."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import Repo, only, skies

from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.resolve import articles, cache, snapshot
from sovereign_skies.scripts.validate import validate
from sovereign_skies.scripts.views import frames


def faults(repo: Repo, use_cache: bool = True) -> list:
    return validate(repo.layout, built=False, report=Report(ignore=("D105",)),
                    use_cache=use_cache).faults


@pytest.fixture
def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The annotation files resolved (not taken from the cache), in order."""
    reads: list[str] = []
    resolve = articles.resolve_article

    def counting(path: Path, layout) -> articles.Resolved:
        reads.append(path.name)
        return resolve(path, layout)

    monkeypatch.setattr(articles, "resolve_article", counting)
    return reads


def test_a_warm_cache_reads_no_unchanged_article(seeds: Repo, count_reads: list[str]) -> None:
    faults(seeds)
    count_reads.clear()
    faults(seeds)
    assert count_reads == []


def test_an_edited_annotation_is_read_again(tiny: Repo, count_reads: list[str]) -> None:
    faults(tiny)
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    count_reads.clear()
    assert [f.code for f in faults(tiny)] == ["S107"] and count_reads == ["tiny-article.yaml"]


def test_a_changed_raw_text_is_read_again(tiny: Repo, count_reads: list[str]) -> None:
    faults(tiny)
    raw = tiny.layout.raw_file("tiny-article")
    raw.write_text(raw.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    count_reads.clear()
    assert [f.code for f in faults(tiny)] == ["S105"] and count_reads == ["tiny-article.yaml"]


@pytest.fixture
def count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source files read to learn their digest (not taken from the manifest)."""
    hashed: list[str] = []
    read = cache.read_bytes

    def counting(path: Path, shown: str, report: Report) -> bytes:
        hashed.append(shown)
        return read(path, shown, report)

    # Files made by the test are within the racy window of the manifest: trusted at once.
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    monkeypatch.setattr(cache, "read_bytes", counting)
    return hashed


def test_an_unchanged_file_is_not_hashed_again(tiny: Repo, count_hashes: list[str]) -> None:
    faults(tiny)
    assert "dataset/annotations/tiny-article.yaml" in count_hashes
    count_hashes.clear()
    faults(tiny)
    assert count_hashes == []


def test_an_edit_that_keeps_size_and_times_is_hashed_again(tiny: Repo,
                                                            count_hashes: list[str]) -> None:
    """Size and modification time put back as they were: the change time still differs."""
    before = os.lstat(tiny.annotation)
    faults(tiny)
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Bxghdad}")  # same length
    os.utime(tiny.annotation, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.lstat(tiny.annotation).st_size == before.st_size
    count_hashes.clear()
    assert [f.code for f in faults(tiny)] == ["S107"]
    assert count_hashes == ["dataset/annotations/tiny-article.yaml"]


@pytest.mark.parametrize("damage", [b"", b"ARROW1\x00\x00garbage"])
def test_a_damaged_manifest_is_read_again_from_the_files(tiny: Repo, count_hashes: list[str],
                                                         damage: bytes) -> None:
    clean = faults(tiny)
    manifest = tiny.root / ".skies-cache" / "manifest.arrow"
    manifest.write_bytes(damage)
    count_hashes.clear()
    assert faults(tiny) == clean
    assert "dataset/annotations/tiny-article.yaml" in count_hashes
    count_hashes.clear()
    faults(tiny)  # the manifest written again is used
    assert count_hashes == []


def test_other_code_reads_everything_again(seeds: Repo, count_reads: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    faults(seeds)
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    count_reads.clear()
    faults(seeds)
    assert len(count_reads) == 5


def test_a_registry_change_is_seen_with_a_warm_cache(tiny: Repo) -> None:
    faults(tiny)
    tiny.edit(tiny.layout.entities, "{id: iraq,", "{id: iraq-state,")
    assert {f.code for f in faults(tiny)} == {"R101", "R105"}  # iraq unknown, iraq-state unused


def test_an_entry_made_for_other_inputs_is_ignored(tiny: Repo) -> None:
    faults(tiny)
    shutil.rmtree(tiny.root / ".skies-cache" / "snapshot")  # else chunks come from there
    (chunk,) = (tiny.root / ".skies-cache" / "chunks").glob("*/articles.json")
    data = json.loads(chunk.read_text(encoding="utf-8"))
    chunk.write_text(json.dumps({**data, "key": "0" * 64}), encoding="utf-8")
    assert "made for other inputs" in only(faults(tiny), "S123").message


def test_a_snapshot_made_for_other_inputs_is_ignored(tiny: Repo) -> None:
    faults(tiny)
    index = tiny.root / ".skies-cache" / "snapshot" / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({**data, "key": "0" * 64}), encoding="utf-8")
    fault = only(faults(tiny), "S123")
    assert "snapshot is ignored: it was made for other inputs" in fault.message
    assert fault.file == ".skies-cache/snapshot"


@pytest.mark.parametrize("damage", ["truncated table", "index lists other rows"])
def test_a_damaged_snapshot_is_ignored_with_a_warning(seeds: Repo, damage: str) -> None:
    clean = faults(seeds, use_cache=False)
    faults(seeds)
    folder = seeds.root / ".skies-cache" / "snapshot"
    if damage == "truncated table":
        table = folder / "mentions.arrow"
        table.write_bytes(table.read_bytes()[:100])
    else:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        index["chunks"][0]["rows"]["mentions"] += 1
        (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    warned = faults(seeds)
    assert "snapshot is ignored: it cannot be read" in only(warned, "S123").message
    assert [f for f in warned if f.code != "S123"] == clean
    assert faults(seeds) == clean  # rewritten whole by the run that ignored it


def test_a_warm_run_reads_the_snapshot_not_the_chunks(seeds: Repo,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    clean = faults(seeds)
    monkeypatch.setattr(cache.Cache, "get_chunk", lambda *a: pytest.fail("read a chunk"))
    assert faults(seeds) == clean


@pytest.mark.parametrize("rewrite_from", [0.0, 0.9])
def test_an_edit_gives_the_results_of_a_full_run(tmp_path: Path, rewrite_from: float,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged chunks from the snapshot (rewritten after the edit, or kept as it was)
    and the edited one resolved again: the same faults as reading everything."""
    corpus = Repo(_synth_with_faults(tmp_path))
    monkeypatch.setattr(articles, "CHUNK", 5)
    monkeypatch.setattr(snapshot, "REWRITE_FROM", rewrite_from)
    faults(corpus)
    index = corpus.root / ".skies-cache" / "snapshot" / "index.json"
    before = index.read_bytes()
    path = sorted(corpus.layout.annotations.glob("*.yaml"))[17]
    path.write_text(path.read_text(encoding="utf-8").replace("realis: ACTUAL", "realis: REAL",
                                                              1), encoding="utf-8")
    warm = faults(corpus)
    assert "T103" in {f.code for f in warm if f.file == corpus.layout.rel(path)}
    assert warm == faults(corpus, use_cache=False)
    assert (index.read_bytes() != before) == (rewrite_from == 0.0)
    assert faults(corpus) == warm


def test_a_warm_chunk_is_taken_whole(seeds: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    faults(seeds)
    monkeypatch.setattr(cache.Cache, "get", lambda *a: pytest.fail("read an article"))
    assert faults(seeds) == faults(seeds, use_cache=False)


def test_a_cache_folder_that_is_a_link_is_not_used(tiny: Repo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tiny.root / ".skies-cache").symlink_to(elsewhere, target_is_directory=True)
    assert "is a link" in only(faults(tiny), "S123").message
    assert list(elsewhere.iterdir()) == []


def test_a_copied_cache_folder_is_not_used(tiny: Repo, tmp_path: Path,
                                           count_reads: list[str]) -> None:
    """Cache keys come from the repository's content, so a committed or copied cache could
    hold entries with the right keys and wrong results: it must never be used."""
    faults(tiny)
    fresh = tmp_path / "fresh-clone"
    shutil.copytree(tiny.root, fresh)  # new inodes and change times, as in a clone
    count_reads.clear()
    clone = Repo(fresh)
    assert "not made in this checkout" in only(faults(clone), "S123").message
    assert count_reads == ["tiny-article.yaml"]


def test_a_planted_result_with_the_right_key_is_not_trusted(tiny: Repo, tmp_path: Path) -> None:
    """An attacker who knows the keys writes clean results for a faulty article and ships
    the cache folder with it: the fault is still found."""
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    assert {f.code for f in faults(tiny)} == {"T103"}
    for entry in (tiny.root / ".skies-cache" / "checks").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps({**data, "faults": []}), encoding="utf-8")
    fresh = tmp_path / "fresh-clone"
    shutil.copytree(tiny.root, fresh)
    assert {f.code for f in faults(Repo(fresh))} == {"S123", "T103"}


def test_a_changed_stories_file_is_seen_with_a_warm_cache(tiny: Repo) -> None:
    faults(tiny)
    tiny.edit(tiny.layout.stories, "{id: tiny-story,", "{id: other-story,")
    assert {f.code for f in faults(tiny)} == {"R104"}


def test_a_damaged_check_entry_is_ignored(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    faults(tiny)
    for entry in (tiny.root / ".skies-cache" / "checks").glob("*.json"):
        entry.write_bytes(entry.read_bytes()[:20])
    assert {f.code for f in faults(tiny)} == {"S123", "T103"}
    assert {f.code for f in faults(tiny)} == {"T103"}  # the entry was rewritten


def test_old_unused_entries_are_pruned_and_used_ones_kept(tiny: Repo) -> None:
    faults(tiny)
    folder = tiny.root / ".skies-cache"
    week_ago = time.time() - cache.PRUNE_AFTER - 60
    stale = folder / "checks" / ("0" * 64 + ".json")
    stale.write_text("{}", encoding="utf-8")
    for path in [stale, *folder.glob("chunks/*")]:
        os.utime(path, (week_ago, week_ago))
    faults(tiny)
    assert stale.exists(), "the folders were scanned again within PRUNE_EVERY"
    day_ago = time.time() - cache.PRUNE_EVERY - 60
    os.utime(folder / "pruned", (day_ago, day_ago))
    faults(tiny)
    assert not stale.exists() and list(folder.glob("chunks/*"))


def test_no_cache_writes_no_cache(tiny: Repo) -> None:
    assert skies("validate", "--sources-only", "--no-cache", root=tiny.root).exit_code == 0
    assert not (tiny.root / ".skies-cache").exists()


def _synth_with_faults(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    assert skies("synth", "40", target, "--faults", "0.05").exit_code == 0
    return target


def test_workers_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _synth_with_faults(tmp_path)
    monkeypatch.setattr(articles, "CHUNK", 7)
    monkeypatch.setattr(articles, "PARALLEL_FROM", 1)
    outputs = []
    for count in ("1", "2"):
        monkeypatch.setenv("SKIES_WORKERS", count)
        result = skies("validate", "--sources-only", "--no-cache", "--format", "json",
                       root=target)
        outputs.append(result.stdout)
    assert json.loads(outputs[0])["errors"] > 0 and outputs[0] == outputs[1]


def test_workers_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = {}
    monkeypatch.setattr(articles, "CHUNK", 5)
    monkeypatch.setattr(articles, "PARALLEL_FROM", 1)
    # The tokens view is segmented in workers too, in chunks of other sizes.
    monkeypatch.setattr(frames, "TOKENS_CHUNK", 3)
    monkeypatch.setattr(frames, "TOKENS_PARALLEL_FROM", 1)
    for count in ("1", "2"):
        target = tmp_path / f"workers-{count}"
        assert skies("synth", "24", target).exit_code == 0
        monkeypatch.setenv("SKIES_WORKERS", count)
        assert skies("build", "--no-cache", root=target).exit_code == 0
        built[count] = {p.relative_to(target): p.read_bytes()
                        for p in (target / "dataset" / "data").rglob("*.parquet")}
    assert built["1"] and built["1"] == built["2"]


def test_checking_one_article_leaves_the_snapshot_alone(seeds: Repo,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    clean = faults(seeds)
    index = seeds.root / ".skies-cache" / "snapshot" / "index.json"
    before = index.read_bytes()
    path = sorted(seeds.layout.annotations.glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    assert skies("check", path.stem, root=seeds.root).exit_code == 0
    assert index.read_bytes() == before
    path.write_text(path.read_text(encoding="utf-8").removesuffix("# an edit\n"),
                    encoding="utf-8")
    monkeypatch.setattr(cache.Cache, "get_chunk", lambda *a: pytest.fail("read a chunk"))
    assert faults(seeds) == clean
