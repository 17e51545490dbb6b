"""Shards of one audit: contiguous runs of the input files, each read and checked on its own (record
rules, schema checks, link digests) by a worker process or a Dask task, then merged in file order so
the result is byte-identical whatever the number of workers.

run_shard is a plain top-level function of plain data, so any executor can run it."""
from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config

if TYPE_CHECKING:
    from .pipeline import _Part

MIN_FILES = 16        # fewer files per shard: the per-shard set-up outweighs the gain
SHARDS_PER_JOB = 4    # several shards per worker, so one slow shard does not idle the others


@dataclass
class Shard:
    index: int
    files: list[Path]
    config: Config
    today: dt.date
    views: bool
    keep: int          # trials a shard returns for the cross-record rules (0: none, they are read again)


def plan(paths: list[Path], jobs: int, config: Config, today: dt.date, views: bool, keep: int) -> list[Shard]:
    """Contiguous runs of the files in reading order; one shard when there is nothing to share."""
    from .readers import iter_files
    files = list(iter_files(paths))
    n = max(1, min(jobs * SHARDS_PER_JOB, len(files) // MIN_FILES))
    size = -(-len(files) // n) if files else 1
    return [Shard(i, files[s:s + size], config, today, views, keep)
            for i, s in enumerate(range(0, max(len(files), 1), size))]


def run_shard(shard: Shard) -> "_Part":
    """Read and check one shard's files (in a worker): findings, summary rows, link digests, papers,
    and the shard's trials when it holds at most shard.keep of them."""
    from .pipeline import _first_pass
    from .rules import load_rules
    from .schema import finish, start_suites
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    suites = start_suites(shard.config)
    try:
        part = _first_pass(shard.files, shard.config, shard.today, load_rules(), shard.views,
                           lambda local: finish(local, shard.config, suites))
    finally:
        if suites is not None:
            suites.close()
        gc.set_threshold(*thresholds)
    part.used_gx = bool(suites is not None and suites.used_gx)
    if part.retained is not None and len(part.retained) > shard.keep:
        part.retained = None
    return part


def merge(parts: list["_Part"], keep: int) -> "_Part":
    """The parts in shard order, as one pass over all files would have left them."""
    from .pipeline import _Part, _merge_views
    out = _Part(retained=[])
    for p in parts:
        out.files.extend(p.files)
        out.summary.extend(p.summary)
        out.findings.extend(p.findings)
        out.index.extend(p.index)
        out.papers.extend(p.papers)
        out.paths.update(p.paths)
        _merge_views(out.views, p.views)
        out.used_gx = out.used_gx or p.used_gx
        if out.retained is not None and p.retained is not None and len(out.retained) + len(p.retained) <= keep:
            out.retained.extend(p.retained)
        else:
            out.retained = None
    return out
