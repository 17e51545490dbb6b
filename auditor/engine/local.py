"""Shards on this machine's cores: a process pool, results taken in shard order."""
from __future__ import annotations

import gc
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from ..shards import Shard, run_shard


def warm_up(shards: list[Shard]) -> None:
    """Import and load what every shard needs before the workers fork, so each does not pay for it
    again: the rule families, pandas and pandera with the built table schemas, the spelling
    dictionaries (Hunspell's too: some word of any corpus needs it), scipy."""
    from ..extract.spelling import speller
    from ..rules import load_rules
    from ..schema import views  # noqa: F401 - pandas
    from ..schema.models import MODELS
    load_rules()
    for model in MODELS.values():
        model.to_schema()       # pandera builds and caches it (importing its dask typing on the way)
    if shards:
        speller(tuple(sorted(set(shards[0].config.words)))).lex.hunspell  # noqa: B018 - loads it
    import scipy.special  # noqa: F401 - p-values from t statistics (extract/pvalues.py): most corpora need it
    # What is loaded now lives as long as the run: keep it out of every collection in the parent and
    # the workers (fewer pages touched after the fork, less to scan).
    gc.freeze()


def run(shards: list[Shard], jobs: int, progress: Callable[[str], None] | None = None) -> list:
    warm_up(shards)
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else None)
    parts = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(shards)), mp_context=ctx) as pool:
        for part in pool.map(run_shard, shards):
            parts.append(part)
            if progress:
                for f in part.files:
                    progress(f["source"])
    return parts
