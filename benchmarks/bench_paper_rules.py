"""The paper statistics rules' share of the whole audit time on a folder of papers.

    python benchmarks/bench_paper_rules.py ../shared/corpus/papers-rct-with-nct_evidence-inference [--repeat 1]

Times the end-to-end audit of the folder (read, every rule, schema checks, report building), then
the paper statistics rules alone (STAT011-STAT021 and ENR008: test statistics, tables, words against
numbers, repeated facts, flow counts; and, for comparison, every publication-scope rule) over the same
papers already read, in the same process. The share is rules time / audit time, in CPU time (robust
on a shared machine) and wall time; the target is at most 25% for STAT011-STAT021 and ENR008."""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import Config  # noqa: E402
from auditor.context import Context  # noqa: E402
from auditor.pipeline import audit, read_inputs  # noqa: E402
from auditor.rules import load_rules  # noqa: E402

NEW = tuple(f"STAT0{i}" for i in range(11, 22)) + ("ENR008",)


def rules_time(pubs, ids, cfg) -> tuple[float, float]:
    """(CPU, wall) seconds of the rules over the papers."""
    rules = load_rules()
    ctx = Context(cfg, dt.date(2026, 11, 23))
    c0, t0 = time.process_time(), time.perf_counter()
    for p in pubs:             # paper by paper, as the pipeline runs them (rules share per-paper work)
        for r in ids:
            list(rules[r].func(p, ctx))
    return time.process_time() - c0, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    cfg = Config(today=dt.date(2026, 11, 23))
    c_all, t_all = [], []
    for _ in range(args.repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        result = audit([args.folder], cfg)
        c_all.append(time.process_time() - c0)
        t_all.append(time.perf_counter() - t0)
    pubs = read_inputs([args.folder], cfg).publications
    pub_ids = sorted(r.id for r in load_rules().values() if r.scope == "publication")
    cpu, wall = statistics.median(c_all), statistics.median(t_all)
    print(f"papers: {len(pubs)}  findings: {result['summary']['findings']}")
    print(f"whole audit: CPU {cpu:.2f} s, wall {wall:.2f} s")
    for name, ids in (("STAT011-STAT021, ENR008", NEW), (f"every publication rule ({len(pub_ids)})", pub_ids)):
        runs = [rules_time(pubs, ids, cfg) for _ in range(args.repeat)]
        c, w = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"{name}: CPU {c:.2f} s (share {100 * c / cpu:.1f}%), wall {w:.2f} s (share {100 * w / wall:.1f}%)")


if __name__ == "__main__":
    main()
