"""A paper exported with a heading on every other line (common in PMC exports): read it and run the
publication rules, at 40,000 and 80,000 lines. Section lookups were a scan of every section per
line (quadratic: 30 s and 130 s); they are now a table built once.

    PYTHONPATH=. python benchmarks/bench_sections.py [--lines 40000 80000]

Prints the wall time of reading and of the rules for each size; the time should grow about linearly."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import Config  # noqa: E402
from auditor.context import Context  # noqa: E402
from auditor.model import Publication  # noqa: E402
from auditor.pipeline import run_checks  # noqa: E402
from auditor.readers.detect import read_bytes  # noqa: E402
from auditor.rules import load_rules  # noqa: E402

PAPER = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "papers-rct-with-nct_evidence-inference" / \
    "fulltext" / "PMC1522015.txt"


def paper(lines: int) -> bytes:
    """The real paper's title and abstract, then PMC headings and body lines in turn up to `lines` lines."""
    head = [ln for ln in PAPER.read_text(encoding="utf-8").splitlines() if not ln.startswith("BODY")][:40]
    body = []
    headings = ("Methods", "Results", "Participants", "Outcomes", "Statistical analysis", "Randomisation")
    i = 0
    while len(head) + len(body) < lines:
        body.append(f"BODY.{headings[i % len(headings)].upper()}.PART {i}:")
        body.append("This was an open-label trial; the control group received saline infusions every week.")
        i += 1
    return ("\n".join(head + body) + "\n").encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, nargs="+", default=[40_000, 80_000])
    args = ap.parse_args()
    rules = {k: r for k, r in load_rules().items() if r.scope == "publication"}
    cfg = Config(today=dt.date(2025, 1, 1))
    for n in args.lines:
        data = paper(n)
        t0 = time.perf_counter()
        items = list(read_bytes(data, f"paper-{n}.txt"))
        t1 = time.perf_counter()
        pubs = [x for x in items if isinstance(x, Publication)]
        ctx = Context(config=cfg, today=cfg.today, trials=[], publications=pubs)
        found = run_checks(ctx, rules, scopes=("publication",))
        t2 = time.perf_counter()
        for p in pubs:                      # what a rule does: the section of every line
            _ = [p.section_of(i) for i in range(1, len(p.lines) + 1)]
        t3 = time.perf_counter()
        secs = sum(len(p.sections) for p in pubs)
        print(f"{n:>7} lines, {secs:>6} sections: read {t1 - t0:6.2f} s, publication rules {t2 - t1:6.2f} s, "
              f"section of every line {t3 - t2:6.2f} s, {len(found)} findings")


if __name__ == "__main__":
    main()
