"""Great Expectations in a helper process started when an audit starts.

Only suites holding a type the fast path (fast.py) does not cover need GX; importing it costs
2-6 s of CPU. Started with the audit, the helper imports it on the second
core while the records are read and checked; each batch's frames are then validated there. The
helper serves batch after batch and ends when the audit closes its input. If it cannot start or
fails, the suites run in the audit's own process: the result is the same either way."""
from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO, Callable

import pandas as pd

from ..config import Config
from ..findings import Finding
from .gx_run import needs_gx, plan, run_planned, validate
from .hits import Hit
from .suites import Suite, load_suites, suites_dir
from .views import TABLE_NAMES

_LEN = struct.Struct("!Q")
_started = False    # one helper per process: later audits in it import GX here once and reuse it


def _send(fh: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_LEN.pack(len(data)))
    fh.write(data)
    fh.flush()


def _recv(fh: BinaryIO) -> Any:
    """The next message, or None when the other side has closed the pipe."""
    head = fh.read(_LEN.size)
    if len(head) < _LEN.size:
        return None
    (n,) = _LEN.unpack(head)
    data = fh.read(n)
    if len(data) < n:
        raise EOFError("message cut short")
    return pickle.loads(data)


class SuiteRunner:
    """The suites of one audit, and the helper process that validates them while it works."""

    def __init__(self, suites: list[Suite], problems: list[Finding], proc: subprocess.Popen | None) -> None:
        self.suites = suites
        self.problems = problems        # SUITE001 for files that could not be read
        self.proc = proc
        self.used_gx = False            # whether a batch needed Great Expectations (run summary)

    def run(self, views: dict[str, pd.DataFrame]) -> tuple[list[Hit], list[Finding]]:
        todo, frames, problems = plan(self.suites, views)
        if not todo:
            return [], self.problems + problems
        hits, found = run_planned(todo, frames, self._slow)
        return hits, self.problems + problems + found

    def _slow(self, todo: list[Suite], frames: dict[str, pd.DataFrame]) -> tuple[list[Hit], list[Finding]]:
        """Great Expectations: in the helper when one runs, else here."""
        self.used_gx = True
        result = self._remote(todo, frames) if self.proc is not None else None
        return result if result is not None else validate(todo, frames)

    def _remote(self, todo: list[Suite], frames: dict[str, pd.DataFrame]):
        try:
            _send(self.proc.stdin, (todo, frames))
            out = _recv(self.proc.stdout)
        except (OSError, EOFError, pickle.PickleError, AttributeError, ValueError):
            out = None
        if out is None:
            self.close()
        return out

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        # Nothing is left to ask: stop the helper now. Left to exit by itself it would first finish
        # importing GX, then tear it down, seconds the audit would wait for.
        proc.kill()
        proc.wait()
        for fh in (proc.stdin, proc.stdout):
            try:
                fh.close()
            except OSError:
                pass


def start(config: Config, display: Callable[[Path], str], spawn: bool | None = None) -> SuiteRunner | None:
    """Read the configured suites and, when there are any, start the helper; None when suites are off.

    spawn None: only when a suite holds a type the fast path does not cover, GX is not imported here
    yet and no helper was started in this process."""
    global _started
    directory = suites_dir(config)
    if directory is None:
        return None
    suites, problems = load_suites(directory, set(TABLE_NAMES), display)
    if spawn is None:
        spawn = bool(needs_gx(suites)) and not _started and "great_expectations" not in sys.modules
    proc = None
    if suites and spawn:
        _started = True
        proc = _spawn()
    return SuiteRunner(suites, problems, proc)


def _spawn() -> subprocess.Popen | None:
    root = str(Path(__file__).resolve().parents[2])      # where the auditor package lives
    env = dict(os.environ, GX_ANALYTICS_ENABLED="false",
               PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    try:
        return subprocess.Popen([sys.executable, "-m", "auditor.schema.gx_worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return None


def main() -> None:
    """The helper: import GX now, then validate each batch sent until the input closes."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)       # whatever GX prints must not mix with the results on the pipe
    from .gx_run import _gx
    _gx()
    inp = sys.stdin.buffer
    while (request := _recv(inp)) is not None:
        _send(out, validate(*request))


if __name__ == "__main__":
    main()
