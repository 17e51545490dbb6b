"""The paper statistics rules' share of the whole audit time on a folder of papers.

    python benchmarks/bench_paper_rules.py ../shared/corpus/papers-rct-with-nct_evidence-inference [--repeat 1]

Times the end-to-end audit of the folder (read, every rule, schema checks, report building), then
the paper rules alone (STAT011-STAT019, the test statistics, tables, words-vs-numbers and repeated-fact
rules; and, for comparison, every publication-scope rule) over the same papers already read, in the
same process. The share is rules time / audit time; the target is at most 25% for STAT011-STAT019.
Timings on shared machines are noisy: read the share, not the absolute numbers."""
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

NEW = tuple(f"STAT0{i}" for i in range(11, 20))


def rules_time(pubs, ids, cfg) -> float:
    rules = load_rules()
    ctx = Context(cfg, dt.date(2026, 11, 23))
    t0 = time.perf_counter()
    for p in pubs:             # paper by paper, as the pipeline runs them (rules share per-paper work)
        for r in ids:
            list(rules[r].func(p, ctx))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    cfg = Config(today=dt.date(2026, 11, 23))
    t_all = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = audit([args.folder], cfg)
        t_all.append(time.perf_counter() - t0)
    pubs = read_inputs([args.folder], cfg).publications
    pub_ids = sorted(r.id for r in load_rules().values() if r.scope == "publication")
    t_new = statistics.median(rules_time(pubs, NEW, cfg) for _ in range(args.repeat))
    t_pub = statistics.median(rules_time(pubs, pub_ids, cfg) for _ in range(args.repeat))
    whole = statistics.median(t_all)
    print(f"papers: {len(pubs)}  findings: {result['summary']['findings']}")
    print(f"whole audit:                         {whole:.2f} s")
    print(f"STAT011-STAT019 on the same papers:  {t_new:.2f} s  share {100 * t_new / whole:.1f}%")
    print(f"every publication rule ({len(pub_ids)}):        {t_pub:.2f} s  share {100 * t_pub / whole:.1f}%")


if __name__ == "__main__":
    main()
