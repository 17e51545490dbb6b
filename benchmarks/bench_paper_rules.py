"""The paper statistics rules' share of the whole audit time on a folder of papers.

    python benchmarks/bench_paper_rules.py ../shared/corpus/papers-rct-with-nct_evidence-inference [--repeat 1]

Runs the end-to-end audit of the folder (read, every rule, schema checks, report building) with a
timer around every publication-scope rule, so each rule is timed where the pipeline runs it (paper by
paper, with the pipeline's garbage-collector settings). Prints the share of the audit taken by the
paper statistics rules (STAT011-STAT025 and ENR008-ENR010: test statistics, tables, words against numbers,
repeated facts, flow counts) and by every publication rule, in CPU time (robust on a shared machine)
and wall time. Target: at most 25% for STAT011-STAT025 and ENR008-ENR010."""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import Config  # noqa: E402
from auditor.pipeline import audit  # noqa: E402
from auditor.rules import load_rules  # noqa: E402

NEW = tuple(f"STAT0{i}" for i in range(11, 26)) + ("ENR008", "ENR009", "ENR010")


def _timed(func, acc: list[float]):
    def run(*args):
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            return list(func(*args))
        finally:
            acc[0] += time.process_time() - c0
            acc[1] += time.perf_counter() - t0
    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    cfg = Config(today=dt.date(2026, 11, 23))
    rules = load_rules()
    pub_ids = sorted(r.id for r in rules.values() if r.scope == "publication")
    originals = {i: rules[i].func for i in pub_ids}
    shares = defaultdict(list)
    try:
        for _ in range(args.repeat):
            acc = {i: [0.0, 0.0] for i in pub_ids}
            for i in pub_ids:
                rules[i].func = _timed(originals[i], acc[i])
            c0, t0 = time.process_time(), time.perf_counter()
            result = audit([args.folder], cfg)
            cpu, wall = time.process_time() - c0, time.perf_counter() - t0
            shares["audit"].append((cpu, wall))
            for name, ids in (("new", NEW), ("pub", pub_ids)):
                shares[name].append((sum(acc[i][0] for i in ids), sum(acc[i][1] for i in ids)))
            for i in NEW:
                shares[i].append(tuple(acc[i]))
    finally:
        for i in pub_ids:
            rules[i].func = originals[i]
    med = {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v)) for k, v in shares.items()}
    cpu, wall = med["audit"]
    print(f"documents: {result['summary']['documents']}  findings: {result['summary']['findings']}")
    print(f"whole audit: CPU {cpu:.2f} s, wall {wall:.2f} s")
    for key, name in (("new", "STAT011-STAT025, ENR008-ENR010"), ("pub", f"every publication rule ({len(pub_ids)})")):
        c, w = med[key]
        print(f"{name}: CPU {c:.2f} s (share {100 * c / cpu:.1f}%), wall {w:.2f} s (share {100 * w / wall:.1f}%)")
    print("by rule (CPU s): " + ", ".join(f"{i} {med[i][0]:.2f}" for i in NEW))


if __name__ == "__main__":
    main()
