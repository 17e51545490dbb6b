"""Peak memory against input size for one file holding many studies (JSON Lines, API v2).

    python benchmarks/bench_memory.py 10000 30000 100000

Each study is a copy of a real v2 record from ../shared/corpus under a new NCT id. Every size
runs in a fresh process; the peak resident set size (ru_maxrss) is printed per size, so a flat
profile shows as equal peaks."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RECORD = REPO.parent / "shared" / "corpus" / "ctgov-api-v2-json" / "NCT05025241.json"   # a field-subset record, 1.2 kB


def make(n: int, folder: Path) -> Path:
    study = json.loads(RECORD.read_text(encoding="utf-8"))
    path = folder / f"studies-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            study["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{i:07d}"
            out.write(json.dumps(study) + "\n")
    return path


_RUN = """
import resource, sys, datetime as dt
from pathlib import Path
from auditor.config import Config
from auditor.pipeline import audit
r = audit([Path(sys.argv[1])], Config(today=dt.date(2026, 11, 23)))
print(r["summary"]["records"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 30_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = make(n, Path(tmp))
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", _RUN, str(path)], capture_output=True, text=True,
                                 cwd=REPO, check=True).stdout.split()
            records, peak_kb = int(out[0]), int(out[1])
            print(f"{n:>8} studies in one file ({path.stat().st_size / 1e6:6.1f} MB): {records} records read, "
                  f"peak RSS {peak_kb / 1024:6.0f} MB, {time.perf_counter() - t0:6.1f} s", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
