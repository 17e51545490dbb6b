"""Start-up: a one-file audit with the default config and `trial-audit rules`, each in a cold
process; median wall and CPU time of 5 runs (CPU is the steadier figure on a shared machine).
Byte code is written and one unmeasured run goes first, as on an installed package (pip compiles it):
with PYTHONDONTWRITEBYTECODE set every run would compile the project's modules again (about 0.5 s).

    python benchmarks/bench_startup.py [FILE] [--runs 5]"""
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

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = next((ROOT / "auditor" / "examples").glob("000_*.txt"))


def timed(argv: list[str]) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", *argv], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(argv: list[str], runs: int) -> str:
    timed(argv)     # writes the byte code
    got = [timed(argv) for _ in range(runs)]
    w = statistics.median(g[0] for g in got)
    c = statistics.median(g[1] for g in got)
    return f"wall {w:.2f} s  cpu {c:.2f} s  (median of {runs}; wall runs {', '.join(f'{g[0]:.2f}' for g in got)})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    out = tempfile.mkdtemp(prefix="bench-startup-")
    print(f"one-file audit ({a.file.name}):", median(["audit", str(a.file.resolve()), "--out", out,
                                                        "--format", "json", "-q"], a.runs))
    print("trial-audit rules:", median(["rules"], a.runs))
    print("trial-audit --help:", median(["--help"], a.runs))
    print("trial-audit explain AGE001:", median(["explain", "AGE001"], a.runs))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
