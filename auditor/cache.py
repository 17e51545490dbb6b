"""An optional cache of per-file results (`--cache DIR`): a re-run re-reads and re-checks only the
files whose content changed. An entry is keyed by the file's content hash, the name it is shown
under, the tool version and rule catalogue, and everything in the config that can change a finding
(the config itself, the run date, the expectation suites), so a changed rule set, config or date
never serves stale findings. Cross-record rules always run afresh on the linked records.

Entries are pickles: point --cache only at a folder you trust (your own CI cache)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config

if TYPE_CHECKING:
    from .pipeline import _Part


def _suites_digest(config: Config) -> str:
    from .schema.suites import suites_dir
    d = suites_dir(config)
    h = hashlib.sha256()
    if d is not None and d.is_dir():
        for p in sorted(d.glob("*.json")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


# The layout of a stored entry (auditor.pipeline._Part and its link digests): entries of another are not read.
_FORMAT = 2


class Cache:
    def __init__(self, directory: Path, config: Config, today: dt.date, views: bool) -> None:
        from .catalogue import PATH as CATALOGUE
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        settings = {k: v for k, v in vars(config).items() if k not in ("path", "today")}
        salt = {"version": __version__, "format": _FORMAT, "config": settings, "today": today.isoformat(), "views": views,
                "suites": _suites_digest(config),
                "rules": hashlib.sha256(CATALOGUE.read_bytes()).hexdigest() if CATALOGUE.is_file() else ""}
        self.salt = hashlib.sha256(json.dumps(salt, sort_keys=True, default=str).encode()).hexdigest()
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, shown: str) -> str | None:
        h = hashlib.sha256(self.salt.encode() + b"\0" + shown.encode() + b"\0")
        try:
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return None          # unreadable: never cached, the reader reports it
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, key: str | None) -> "_Part | None":
        if key is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                part = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return part

    def put(self, key: str | None, part: "_Part") -> None:
        if key is None:
            return
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(part, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)      # atomic: a concurrent run never reads half an entry
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def cached_parts(files: list[Path], shown: list[str], store: Cache, run: Any) -> list["_Part"]:
    """Each file's part from the cache, or from run(missing indexes) -> parts (stored)."""
    keys = [store.key(f, s) for f, s in zip(files, shown)]
    parts: list[Any] = [store.get(k) for k in keys]
    missing = [i for i, p in enumerate(parts) if p is None]
    for i, part in zip(missing, run(missing)):
        part.retained = None          # trials are not cached: linked ones are read again
        store.put(keys[i], part)
        parts[i] = part
    return parts
