"""Shards as Dask tasks: on the cluster whose scheduler is at `scheduler` (tcp://host:8786), or on a
local cluster of this machine's cores when none is given. Workers need trial-audit installed and the
input paths readable at the same paths (a shared file system). Requires the `dask` extra."""
from __future__ import annotations

import logging
from typing import Callable

from ..shards import Shard, run_shard


def run(shards: list[Shard], scheduler: str | None = None, workers: int | None = None,
        progress: Callable[[str], None] | None = None) -> list:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:   # pragma: no cover - the message is the point
        raise RuntimeError("--engine dask needs the dask extra: pip install 'trial-audit[dask]'") from e
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        # silence_logs: workers still heartbeating while the cluster shuts down log harmless errors
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.CRITICAL)
        client = Client(cluster)
    try:
        futures = client.map(run_shard, shards, pure=False)
        parts = client.gather(futures)        # a list in shard order, however the tasks ran
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if progress:
        for part in parts:
            for f in part.files:
                progress(f["source"])
    return parts
