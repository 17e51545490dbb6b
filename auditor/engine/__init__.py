"""Executors for the shards of an audit (auditor/shards.py): `local` (worker processes on this
machine) and `dask` (a Dask cluster). Both return the shards' parts in shard order."""
