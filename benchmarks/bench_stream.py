"""Scale: a JSON Lines file of N API v2 studies, built by replicating the real records of
../shared/corpus (ctgov-api-v2-json-bulk and ctgov-api-v2-json) with fresh NCT ids, audited in a
cold process; wall time, CPU time and peak RSS for each size, and how they grow.

    python benchmarks/bench_stream.py 10000 100000 [--jobs 1] [--keep /tmp/x]

Peak RSS is the audit process's (ru_maxrss of its child)."""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
_NCT = re.compile(rb"NCT\d{8}")


def build(n: int, out: Path) -> Path:
    """n studies, one per line: the real records in turn, each copy under a fresh id (every mention
    of its own id replaced, so renderings and links stay as in the original)."""
    records = []
    for d in ("ctgov-api-v2-json-bulk", "ctgov-api-v2-json"):
        for p in sorted((CORPUS / d).glob("NCT*.json")):
            study = orjson.loads(p.read_bytes())
            nct = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
            if nct:
                records.append((nct.encode(), orjson.dumps(study)))
    path = out / f"studies-{n}.jsonl"
    with open(path, "wb") as fh:
        for i in range(n):
            nct, line = records[i % len(records)]
            fresh = b"NCT%08d" % (90_000_000 + i)
            fh.write(line.replace(nct, fresh) + b"\n")
    return path


def run(path: Path, jobs: int, out: Path) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "audit", str(path), "--format", "json", "--out", str(out),
                    "--today", "2026-11-23", "--jobs", str(jobs), "-q"], env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024       # ru_maxrss: KiB on Linux, max over children so far


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=None, help="folder for the built files, reused when there "
                                                            "(default: a temp folder)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-stream-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sorted(a.sizes):      # ascending: ru_maxrss of children only grows, so each size's peak is its own
        path = work / f"studies-{n}.jsonl"
        if not path.is_file():
            path = build(n, work)
        load0 = os.getloadavg()[0]
        wall, cpu, rss = run(path, a.jobs, work / f"out-{n}")
        rows.append((n, wall, cpu, rss))
        # The machine may be shared: the load average says how much of the wall time was waiting.
        print(f"{n:>8} studies  {path.stat().st_size / 1e6:8.0f} MB  wall {wall:8.1f} s  cpu {cpu:8.1f} s  "
              f"{n / wall:6.0f} studies/s  peak RSS {rss} MB  load {load0:.1f} -> {os.getloadavg()[0]:.1f}",
              flush=True)
    if len(rows) > 1:
        (n0, w0, c0, r0), (n1, w1, c1, r1) = rows[0], rows[-1]
        print(f"growth {n0} -> {n1} ({n1 / n0:.0f}x studies): wall x{w1 / w0:.1f}, cpu x{c1 / c0:.1f}, "
              f"peak RSS x{r1 / r0:.2f}")


if __name__ == "__main__":
    main()
