"""Corpus throughput with --jobs 1 and --jobs 2 (each a cold `trial-audit audit` process, end to
end), against an lxml parse of the same files measured in the same run: medians of --repeat runs,
with the CPU seconds per record (workers included; steadier than wall time on a shared machine) and
the load average while measuring.

    python benchmarks/bench_jobs.py ../shared/corpus/ctgov-legacy-xml_reesewang25 [--jobs 1 2] [--repeat 3]"""
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

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.readers import iter_files  # noqa: E402


def lxml_parse(files: list[Path]) -> float:
    t = time.perf_counter()
    for f in files:
        etree.fromstring(f.read_bytes())
    return time.perf_counter() - t


def audit(folder: Path, jobs: int) -> tuple[float, float, int]:
    out = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "audit", str(folder.resolve()), "--jobs", str(jobs),
                    "--format", "json", "--out", str(out), "--today", "2026-11-23", "-q"], env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import orjson
    records = orjson.loads((out / "audit.json").read_bytes())["summary"]["renderings"]
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), records


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = [f for f in iter_files([a.folder]) if f.suffix == ".xml"]
    parses = [lxml_parse(files)]
    print(f"lxml parse of {len(files)} files: {parses[0]:.2f} s ({len(files) / parses[0]:,.0f} files/s)")
    runs: dict[int, list[tuple[float, float, int]]] = {j: [] for j in a.jobs}
    for _ in range(a.repeat):
        for j in a.jobs:
            runs[j].append(audit(a.folder, j))
        parses.append(lxml_parse(files))
    bare = statistics.median(parses)
    print(f"lxml parse, median of {len(parses)}: {bare:.2f} s")
    for j, got in runs.items():
        wall = statistics.median(w for w, _c, _n in got)
        cpu = statistics.median(c for _w, c, _n in got)
        n = got[0][2]
        print(f"--jobs {j}: {n} records  wall {wall:.1f} s (median of {len(got)}: "
              f"{', '.join(f'{w:.1f}' for w, _c, _n in got)})  cpu {cpu:.1f} s ({cpu / n * 1000:.1f} ms/record, "
              f"workers included)  {n / wall:,.0f} records/s  {wall / bare:.1f}x the lxml parse")
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
