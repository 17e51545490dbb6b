"""Long fuzzing run (issue 14): mutated real records (byte flips, truncation, field deletion, type
swaps) through every reader, the record rules, and the whole pipeline in batches.

    PYTHONPATH=. python scripts/fuzz_readers.py --n 20000 [--seed 14] [--audit-every 40]

Reports: mutated files per reader, records read, escaped exceptions (reader or pipeline), rule
crashes (INPUT002), reader drops (a whole file lost to an unexpected value), hangs (any file over
--timeout seconds), and files silently lost (neither a record nor an input finding). Exit 1 when any
escaped exception, hang or silent loss was seen."""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_mutations import SOURCES, files, mutate  # noqa: E402

from auditor.config import Config  # noqa: E402
from auditor.context import Context  # noqa: E402
from auditor.model import InputProblem, Publication, Trial  # noqa: E402
from auditor.pipeline import audit, run_checks  # noqa: E402
from auditor.readers.detect import read_bytes  # noqa: E402
from auditor.rules import load_rules  # noqa: E402


class Hang(Exception):
    pass


def _alarm(_sig, _frame):
    raise Hang()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="mutated files in all")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("--audit-every", type=int, default=40, help="also run the whole pipeline on every k-th batch")
    ap.add_argument("--start", type=int, default=0, help="check files from this index on (earlier ones are only "
                                                         "mutated, to replay a run)")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    cfg = Config(today=dt.date(2025, 1, 1))
    rules = {k: r for k, r in load_rules().items() if r.scope == "record"}
    pools = {r: files(r) for r in sorted(SOURCES)}
    stats: dict[str, collections.Counter] = {r: collections.Counter() for r in pools}
    escaped: list[str] = []
    crashes: list[str] = []
    signal.signal(signal.SIGALRM, _alarm)
    t0 = time.monotonic()
    slowest = 0.0
    batch: list[tuple[str, bytes]] = []
    for i in range(args.n):
        reader = sorted(pools)[i % len(pools)]
        src = rnd.choice(pools[reader])
        kind, data = mutate(src.read_bytes(), rnd)
        if i < args.start:
            continue
        s = stats[reader]
        s["files"] += 1
        s[kind] += 1
        start = time.monotonic()
        signal.alarm(args.timeout)
        try:
            items = list(read_bytes(data, f"{reader}-{i}"))
            recs = [x for x in items if not isinstance(x, InputProblem)]
            ctx = Context(config=cfg, today=cfg.today, trials=[x for x in recs if isinstance(x, Trial)],
                          publications=[x for x in recs if isinstance(x, Publication)])
            found = run_checks(ctx, rules, scopes=("record",))
        except Hang:
            s["hang"] += 1
            continue
        except Exception:  # noqa: BLE001 - counted: nothing may escape
            s["escaped"] += 1
            escaped.append(f"{reader} {src.name} {kind}: {traceback.format_exc(limit=3)}")
            continue
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.monotonic() - start)
        s["records"] += len(recs)
        problems = [x for x in items if isinstance(x, InputProblem)]
        s["unreadable"] += any(p.rule == "INPUT001" for p in problems)
        s["reader_drop"] += any("stopped the reader" in p.reason or "nested too deeply" in p.reason
                                for p in problems)
        s["partial"] += sum(p.rule == "INPUT004" for p in problems)
        for f in found:
            if f.rule == "INPUT002":
                s["rule_crash"] += 1
                crashes.append(f"file {i}: {reader} {src.name} {kind}: rule {f.values.get('rule')} on {f.record}")
        if not recs and not problems:
            s["lost"] += 1
        if (i + 1) % 1000 == 0:
            done = collections.Counter()
            for c in stats.values():
                done.update(c)
            print(f"[{i + 1} files, {time.monotonic() - t0:.0f} s] records={done['records']} escaped={done['escaped']} "
                  f"hang={done['hang']} lost={done['lost']} rule_crash={done['rule_crash']}", flush=True)
        batch.append((reader, data))
        if len(batch) == 50:
            if (i // 50) % args.audit_every == 0:
                _audit_batch(batch, cfg, escaped, stats)
            batch = []
    total = collections.Counter()
    for r, s in stats.items():
        total.update(s)
        print(f"{r:<20} " + " ".join(f"{k}={v}" for k, v in sorted(s.items())))
    print(f"{'all':<20} " + " ".join(f"{k}={v}" for k, v in sorted(total.items())))
    print(f"elapsed {time.monotonic() - t0:.0f} s; slowest file {slowest:.1f} s")
    for e in escaped[:20]:
        print(e)
    for c in crashes[:20]:
        print("rule crash:", c)
    return 1 if total["escaped"] or total["hang"] or total["lost"] or total["audit_escaped"] else 0


def _audit_batch(batch, cfg, escaped, stats) -> None:
    """The whole pipeline (schema checks, corpus rules) on one folder of mutated files: nothing
    escapes and every file is listed."""
    with tempfile.TemporaryDirectory(prefix="hostile-fuzz-") as tmp:
        for n, (reader, data) in enumerate(batch):
            (Path(tmp) / f"{n:03d}-{reader}.dat").write_bytes(data)
        try:
            r = audit([Path(tmp)], cfg)
        except Exception:  # noqa: BLE001
            stats[batch[0][0]]["audit_escaped"] += 1
            escaped.append("pipeline: " + traceback.format_exc(limit=5))
            return
        if len(r["files"]) != len(batch):
            stats[batch[0][0]]["lost"] += len(batch) - len(r["files"])
        stats[batch[0][0]]["audited_batches"] += 1
        stats[batch[0][0]]["audit_rule_crash"] += sum(f["rule"] == "INPUT002" for f in r["findings"])


if __name__ == "__main__":
    sys.exit(main())
