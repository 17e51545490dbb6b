"""Corpus throughput with --jobs 1 and --jobs 2 (each a cold `trial-audit audit` process, end to
end), against an lxml parse of the same files measured in the same run.

    python benchmarks/bench_jobs.py ../shared/corpus/ctgov-legacy-xml_reesewang25 [--jobs 1 2]"""
from __future__ import annotations

import argparse
import os
import resource
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
    a = ap.parse_args()
    files = [f for f in iter_files([a.folder]) if f.suffix == ".xml"]
    bare = lxml_parse(files)
    print(f"lxml parse of {len(files)} files: {bare:.2f} s ({len(files) / bare:,.0f} files/s)")
    for j in a.jobs:
        wall, cpu, n = audit(a.folder, j)
        print(f"--jobs {j}: {n} records  wall {wall:.1f} s  cpu {cpu:.1f} s (workers included)  "
              f"{n / wall:,.0f} records/s  {wall / bare:.1f}x the lxml parse")
    print(f"lxml parse again: {lxml_parse(files):.2f} s")


if __name__ == "__main__":
    main()
