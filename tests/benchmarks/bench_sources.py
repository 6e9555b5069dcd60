"""The real path, as maintainers and contributors run it: `skies` commands on synthetic
corpora written to disk by `skies synth`, against parsing the same files with libyaml's C
loader in one process (the baseline, run in this same script).

Run: .venv/bin/python tests/benchmarks/bench_sources.py [--sizes 1000 10000 100000]
     [--repeat 3] [--one-file-repeat 11]

For each size it prints, as medians of the repeats: wall time and peak RSS of
`skies validate --sources-only` (cold: no cache), of `skies build`, of the full
`skies validate` of the built corpus, and of `skies validate --sources-only` after
changing one annotation file (warm cache); the baseline; the ratios; and how each cost
grows from the smallest size.
First, `skies check ID` on one real article (a copy of this repository's corpus), after
editing it and unchanged: the pre-commit hook's cost.
Every command is a fresh process, so interpreter start and imports are included.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

SKIES = str(Path(sys.executable).parent / "skies")


def run(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one command in a fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_maxrss / 1024


def baseline(root: Path) -> float:
    """Parse every annotation file with libyaml's C loader, in this process."""
    start = time.perf_counter()
    for path in sorted((root / "dataset" / "annotations").glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def corpus(size: int) -> Path:
    root = Path(tempfile.gettempdir()) / f"skies-sources-{size}"
    if not (root / "dataset" / "stories.yaml").exists():
        shutil.rmtree(root, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([SKIES, "synth", str(size), str(root)], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"  wrote {size:,} articles in {time.perf_counter() - start:.0f} s")
    return root


def touch_one(root: Path, n: int) -> None:
    """Change one annotation file (a comment line), as a contributor's edit would."""
    path = sorted((root / "dataset" / "annotations").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")


def measure(size: int, repeat: int) -> dict[str, tuple[float, float]]:
    root = corpus(size)
    rootarg = ["--root", str(root)]
    # build before the full validate: a maintainer validates a built release.
    commands = {
        "validate --sources-only (cold)": [SKIES, "validate", "--sources-only", "--no-cache",
                                           *rootarg],
        "build": [SKIES, "build", "--no-cache", *rootarg],
        "validate (full)": [SKIES, "validate", "--no-cache", *rootarg],
    }
    out: dict[str, tuple[float, float]] = {}
    base = [baseline(root) for _ in range(repeat)]
    out["baseline: libyaml parse, one process"] = (statistics.median(base), 0.0)
    for name, argv in commands.items():
        out[name] = _median([run(argv) for _ in range(repeat)])
    run([SKIES, "validate", "--sources-only", *rootarg])  # fill the cache
    incremental = []
    for n in range(repeat):
        touch_one(root, n)
        incremental.append(run([SKIES, "validate", "--sources-only", *rootarg]))
    out["validate --sources-only after one edit (warm)"] = _median(incremental)
    return out


REPOSITORY = Path(__file__).resolve().parents[2]


def arrow_mib(root: Path) -> float:
    """The in-memory Arrow size of every table of the built release (what a reader holds
    after `pq.read_table` of each file)."""
    return sum(pq.read_table(path).nbytes
               for path in (root / "dataset" / "data").glob("*/*.parquet")) / 2**20


def one_file(repeat: int) -> dict[str, tuple[float, float]]:
    """`skies check ID` on a real article of a copy of this repository's corpus: after an
    edit of that article (as in the pre-commit hook), and with nothing changed."""
    root = Path(tempfile.mkdtemp(prefix="skies-one-file-"))
    shutil.copytree(REPOSITORY / "dataset", root / "dataset")
    path = sorted((root / "dataset" / "annotations").glob("*.yaml"))[0]
    argv = [SKIES, "check", path.stem, "--root", str(root)]
    run(argv)  # fill the cache
    edited, unchanged = [], []
    for n in range(repeat):
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")
        edited.append(run(argv))
        unchanged.append(run(argv))
    shutil.rmtree(root)
    return {f"skies check {path.stem} (after an edit)": _median(edited),
            f"skies check {path.stem} (unchanged)": _median(unchanged)}


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t for t, _ in runs), max(r for _, r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-file-repeat", type=int, default=11)
    args = parser.parse_args()
    print(f"one-file check of a real article (medians of {args.one_file_repeat}):")
    for name, (seconds, rss) in one_file(args.one_file_repeat).items():
        print(f"  {name:60} {seconds:6.2f} s {rss:8,.0f} MiB")
    results = {}
    for size in args.sizes:
        print(f"{size:,} articles (medians of {args.repeat}; {os.cpu_count()} cores):")
        results[size] = figures = measure(size, args.repeat)
        base = figures["baseline: libyaml parse, one process"][0]
        cold = figures["validate --sources-only (cold)"][0]
        for name, (seconds, rss) in figures.items():
            memory = f"{rss:8,.0f} MiB" if rss else " " * 12
            print(f"  {name:48} {seconds:8.2f} s {memory}  {size / seconds:9,.0f} articles/s")
        print(f"  ratio validate --sources-only / baseline: {cold / base:.2f}")
        warm = figures["validate --sources-only after one edit (warm)"][0]
        print(f"  ratio incremental / full validate --sources-only: {warm / cold:.1%}")
        arrow = arrow_mib(corpus(size))
        print(f"  in-memory Arrow size of the built release: {arrow:,.0f} MiB; peak RSS of "
              f"the full validate / that: {figures['validate (full)'][1] / arrow:.2f}")
    smallest = min(results)
    for size in sorted(results)[1:]:
        growth = {name: results[size][name][0] / results[smallest][name][0]
                  for name in results[size]}
        print(f"growth {smallest:,} -> {size:,} articles (x{size // smallest}): " + ", ".join(
            f"{name.split(' (')[0]} x{factor:.1f}" for name, factor in growth.items()))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"(run {time.strftime('%Y-%m-%d %H:%M')}; peak RSS of each command from wait4; "
          f"this script's own peak {own} MiB)")


if __name__ == "__main__":
    main()
