"""What the expectation suites cost: `trial-audit audit` wall and CPU time with and without them.

    python benchmarks/bench_schema.py [--file F] [--runs 5] [--corpus-runs 3] [--no-corpus]

One file (default: an API v2 record with results) and the registry folders of the shared corpus,
each run with the bundled suites and with `expectations_dir: null`. Prints the median wall time,
the median CPU time of the run (user + system, a steadier figure on a busy machine) and the
overhead of the suites. Target: one file under 2.5 s with every check and suite; the corpus no
more than 20% slower with the suites than without."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
REGISTRY_DIRS = ("ctgov-legacy-xml_reesewang25", "ctgov-legacy-xml_fixtures", "ctgov-classic-api-v1-json",
                 "ctgov-api-v2-json", "pairs-registry-paper")
ONE_FILE = CORPUS / "ctgov-api-v2-json" / "NCT02513394.json"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(paths: list[Path], config: Path, out: Path) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "auditor", "audit", *map(str, paths), "--config", str(config),
           "--format", "json", "--out", str(out), "-q", "--fail-on", "never"]
    cpu0, t0 = _cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=dict(os.environ))
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    if done.returncode != 0:
        raise SystemExit(f"trial-audit failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu


def measure(label: str, paths: list[Path], runs: int, configs: dict[str, Path], out: Path) -> dict[str, tuple]:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
    for _ in range(runs):           # interleaved, so a change in machine load hits both alike
        for name, cfg in configs.items():
            times[name].append(run_once(paths, cfg, out))
    res = {}
    for name, pairs in times.items():
        walls, cpus = zip(*pairs)
        res[name] = (statistics.median(walls), statistics.median(cpus))
        print(f"{label:<8} {name:<10} wall {res[name][0]:6.2f} s   cpu {res[name][1]:6.2f} s   (median of {runs})")
    (w_on, c_on), (w_off, c_off) = res["suites"], res["no-suites"]
    print(f"{label:<8} suites cost: wall {w_on - w_off:+.2f} s ({100 * (w_on / w_off - 1):+.0f}%), "
          f"cpu {c_on - c_off:+.2f} s ({100 * (c_on / c_off - 1):+.0f}%)")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=ONE_FILE)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus-runs", type=int, default=3)
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "suites.yaml").write_text("fail_on: never\n")                       # bundled suites
        (t / "no-suites.yaml").write_text("fail_on: never\nexpectations_dir: null\n")
        configs = {"suites": t / "suites.yaml", "no-suites": t / "no-suites.yaml"}
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        one = measure("one file", [args.file], args.runs, configs, t / "out")
        print(f"one file with every check and suite: {one['suites'][0]:.2f} s (target < 2.5 s)")
        if not args.no_corpus:
            dirs = [CORPUS / d for d in REGISTRY_DIRS]
            corpus = measure("corpus", dirs, args.corpus_runs, configs, t / "out")
            slower = 100 * (corpus["suites"][0] / corpus["no-suites"][0] - 1)
            print(f"corpus with suites: {slower:+.0f}% wall (target <= +20%)")


if __name__ == "__main__":
    main()
