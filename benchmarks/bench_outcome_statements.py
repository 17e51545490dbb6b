"""How many papers state a primary outcome the OUT rules can read, and how fast.

    python benchmarks/bench_outcome_statements.py [N_SAMPLE]

Reads every full text in ../shared/corpus/papers-rct-with-nct_evidence-inference/fulltext, counts
the papers with at least one primary-outcome statement (find_outcome_statements, whole text) and
prints a random sample of N_SAMPLE statements (default 20, seed 1) to check by eye."""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from auditor.extract.outcome_statements import find_outcome_statements

REPO = Path(__file__).resolve().parents[1]
PAPERS = REPO.parent / "shared" / "corpus" / "papers-rct-with-nct_evidence-inference" / "fulltext"


def main(n_sample: int = 20) -> None:
    files = sorted(PAPERS.glob("*.txt"))
    t0 = time.perf_counter()
    found = {}
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        found[f.name] = [s for s in find_outcome_statements(text) if s.kind == "primary"]
    took = time.perf_counter() - t0
    with_one = sum(1 for v in found.values() if v)
    print(f"{with_one} of {len(files)} papers ({100 * with_one / max(1, len(files)):.1f}%) state a primary outcome; "
          f"{took:.1f} s ({len(files) / took:.0f} papers/s)")
    rng = random.Random(1)
    items = [(k, s) for k, v in sorted(found.items()) for s in v]
    for name, s in rng.sample(items, min(n_sample, len(items))):
        print(f"{name}: {' '.join(s.text.split())[:110]!r} -> {s.what[:90]!r}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
