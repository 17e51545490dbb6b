"""Findings as written (dicts), kept in an anonymous temporary file instead of a list: a run of 100,000
records never holds every finding dict at once. Iterating reads them back one at a time, in the order
they were added; each iteration reads independently, so the report writers may iterate as often as a
list allows. The file has no name (the system removes it when it is closed or the process ends, even
on a crash)."""
from __future__ import annotations

import os
import tempfile
from typing import Any, Iterator

import orjson

_CHUNK = 1 << 20


class SpilledFindings:
    """An append-then-read sequence of finding dicts, stored as orjson lines."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile(prefix="trial-audit-findings-")
        self._count = 0
        self._end = 0

    def append(self, finding: dict[str, Any]) -> None:
        # orjson output holds no raw line break (strings escape it), so one line is one finding.
        line = orjson.dumps(finding) + b"\n"
        self._fh.write(line)
        self._end += len(line)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self._fh.flush()
        fd, end, offset, rest = self._fh.fileno(), self._end, 0, b""
        while offset < end:
            chunk = _pread(self._fh, fd, min(_CHUNK, end - offset), offset)
            if not chunk:
                break
            offset += len(chunk)
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield orjson.loads(line)
        if rest:
            yield orjson.loads(rest)

    def close(self) -> None:
        self._fh.close()

    @property
    def closed(self) -> bool:
        return self._fh.closed


def _pread(fh: Any, fd: int, size: int, offset: int) -> bytes:
    """size bytes at offset without moving other readers (os.pread; seek and read where it is missing)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    fh.seek(offset)
    try:
        return fh.read(size)
    finally:
        fh.seek(0, os.SEEK_END)


def close_findings(result: dict[str, Any] | None) -> None:
    """Remove a result's spilled findings (a no-op for a plain list)."""
    found = (result or {}).get("findings")
    if isinstance(found, SpilledFindings):
        found.close()
