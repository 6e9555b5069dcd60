"""Wall time and peak memory of the main commands on the committed corpus.

Run: .venv/bin/python tests/benchmarks/bench_pipeline.py [--repeat 5]
Prints the median and range over the repeats (machines are noisy; quote medians). Each run is
a fresh process, so import time is included, as a user sees it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SKIES = str(Path(sys.executable).parent / "skies")
COMMANDS = {
    "skies build --check": [SKIES, "build", "--check"],
    "skies validate": [SKIES, "validate"],
    "skies validate --sources-only": [SKIES, "validate", "--sources-only"],
    "skies load": [SKIES, "load"],
    "main job (build + validate + load)": None,
}


def run(argv: list[str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, cwd=REPO, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"{'command':40} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS MiB':>13}")
    for name, argv in COMMANDS.items():
        times, rss = [], 0
        for _ in range(repeat):
            if argv is None:
                parts = [run([SKIES, "build"]), run([SKIES, "validate"]), run([SKIES, "load"])]
                times.append(sum(t for t, _ in parts))
                rss = max(rss, *(r for _, r in parts))
            else:
                elapsed, peak = run(argv)
                times.append(elapsed)
                rss = max(rss, peak)
        print(f"{name:40} {statistics.median(times):9.2f} {min(times):7.2f} {max(times):7.2f} "
              f"{rss / 1024:13.0f}")


if __name__ == "__main__":
    main()
