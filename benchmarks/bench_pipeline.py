"""End-to-end throughput: read + normalize + every check over a folder, against a bare parse
of the same files (xml.etree / orjson) measured in the same run.

    python benchmarks/bench_pipeline.py ../shared/corpus/ctgov-legacy-xml_reesewang25 [--repeat 3]

Prints the median wall time of each, records/s, and the ratio. Timings on shared machines are
noisy: compare the ratio, not the absolute numbers, across runs."""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import Config  # noqa: E402
from auditor.pipeline import audit, read_inputs  # noqa: E402
from auditor.readers import iter_files  # noqa: E402


def bare_parse(files: list[Path]) -> int:
    n = 0
    for f in files:
        data = f.read_bytes()
        if data.lstrip()[:1] == b"<":
            ET.fromstring(data)
        elif data.lstrip()[:1] in (b"{", b"["):
            orjson.loads(data)
        n += 1
    return n


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-schema", action="store_true", help="skip pandera/GX (expectations_dir: null)")
    args = ap.parse_args()
    files = list(iter_files([args.folder]))
    cfg = Config(today=dt.date(2026, 11, 23))
    if args.no_schema:
        cfg.raw["expectations_dir"] = None
    t_bare, _ = timed(lambda: bare_parse(files), args.repeat)
    t_read, run = timed(lambda: read_inputs([args.folder], cfg), args.repeat)
    n = len(run.trials) + len(run.publications)
    t_all, result = timed(lambda: audit([args.folder], cfg), args.repeat)
    print(f"files: {len(files)}  records: {n}  findings: {result['summary']['findings']}")
    print(f"bare parse (xml.etree/orjson): {t_bare:.2f} s  {len(files) / t_bare:,.0f} files/s")
    print(f"read + normalize:              {t_read:.2f} s  {n / t_read:,.0f} records/s  ratio to bare {t_read / t_bare:.1f}x")
    print(f"end to end (read+checks+schema): {t_all:.2f} s  {n / t_all:,.0f} records/s  ratio to bare {t_all / t_bare:.1f}x")


if __name__ == "__main__":
    main()
