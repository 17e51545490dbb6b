"""The progress display of a run on a terminal (rich.progress on stderr): one line per stage (reading files,
checking records, expectation suites, cross-record rules, reports) with a bar, counts, the time taken and
an estimate of the time left. Silent in CI ($CI set), when stderr is not a terminal, and with --quiet; it
appears only once a run has taken `delay` seconds, so short runs print nothing.

The pipeline calls the object it is given: `progress(source)` once per file read, and, when present,
`progress.stage(name, total)` and `progress.advance(name, n)`; any callable(source) still works."""
from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Any, Callable, Iterator

DELAY = 2.0
STAGES = {"reading": "reading files", "checking": "checking records", "suites": "schema checks",
          "cross-record": "cross-record rules", "reports": "writing reports"}


def wanted(enabled: bool = True) -> bool:
    return enabled and sys.stderr.isatty() and not os.environ.get("CI")


class StageProgress:
    """Counts per stage; draws them with rich once the run has lasted `delay` seconds."""

    def __init__(self, total_files: int | None = None, delay: float = DELAY, console: Any = None) -> None:
        self.start = time.monotonic()
        self.delay = delay
        self.console = console
        self.count = 0                                   # files read
        self.state: dict[str, dict[str, Any]] = {}       # stage -> {"done", "total", "note"}
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        if total_files is not None:
            self.state["reading"] = {"done": 0, "total": total_files, "note": ""}

    # -- what the pipeline calls --
    def __call__(self, source: str) -> None:
        self.count += 1
        st = self.state.setdefault("reading", {"done": 0, "total": None, "note": ""})
        st["done"] = self.count
        from .report.common import safe_text    # a file name is untrusted: no escapes, no '::'
        source = safe_text(source)
        st["note"] = source if len(source) <= 50 else "…" + source[-49:]
        self._draw("reading")

    def stage(self, name: str, total: int | None = None) -> None:
        """Start (or extend, for stages that come back batch after batch) a stage of `total` steps."""
        st = self.state.setdefault(name, {"done": 0, "total": 0, "note": ""})
        st["total"] = (st["total"] or 0) + (total or 0) if total is not None else None
        self._draw(name)

    def advance(self, name: str, n: int = 1) -> None:
        st = self.state.setdefault(name, {"done": 0, "total": None, "note": ""})
        st["done"] += n
        self._draw(name)

    # -- drawing --
    def _draw(self, name: str) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < self.delay:
                return
            self._start()
        for n in self.state:
            self._update(n)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description:<20}"), BarColumn(bar_width=24),
                            MofNCompleteColumn(), TextColumn("·"), TimeElapsedColumn(), TextColumn("· left"),
                            TimeRemainingColumn(), TextColumn("{task.fields[note]}", style="dim", markup=False),
                            console=self.console or Console(file=sys.stderr), transient=True)
        self.bar.start()

    def _update(self, name: str) -> None:
        st = self.state[name]
        if name not in self.tasks:
            self.tasks[name] = self.bar.add_task(STAGES.get(name, name), total=st["total"], note="")
        self.bar.update(self.tasks[name], completed=st["done"], total=st["total"], note=st["note"])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def count_files(paths: list) -> int | None:
    """How many files the run will read (a walk of the folders, no reading), for the reading total."""
    from .readers import iter_files
    try:
        return sum(1 for _ in iter_files(paths))
    except OSError:
        return None


@contextlib.contextmanager
def progress_reporter(enabled: bool = True, delay: float = DELAY,
                      paths: list | None = None) -> Iterator[Callable[[str], None]]:
    """Yield what the pipeline reports progress to: a silent callable unless wanted() says so."""
    if not wanted(enabled):
        yield lambda source: None
        return
    prog = StageProgress(count_files(paths) if paths else None, delay)
    try:
        yield prog
    finally:
        prog.close()


def stage(progress: Any, name: str, total: int | None = None) -> None:
    """progress.stage(...) when the reporter has stages (a plain callable has none)."""
    f = getattr(progress, "stage", None)
    if f is not None:
        f(name, total)


def advance(progress: Any, name: str, n: int = 1) -> None:
    f = getattr(progress, "advance", None)
    if f is not None:
        f(name, n)
