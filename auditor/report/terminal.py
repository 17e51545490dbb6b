"""The terminal summary and progress. A small rich layout on a terminal; plain lines when piped, in CI
or in a pre-commit hook, so logs stay readable. Progress goes to stderr and only on a terminal."""
from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from .common import has_baseline, is_gating, safe_text

PROGRESS_DELAY = 2.0      # seconds before a progress bar appears: short runs stay quiet
TOP_RULES = 5
SHOW_GATING = 10
SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_summary(result: dict[str, Any], written: list[Path], quiet: bool = False) -> None:
    if quiet:
        click.echo(verdict_line(result))
    elif sys.stdout.isatty():
        _rich_summary(result, written)
    else:
        click.echo("\n".join(plain_lines(result, written)))


def verdict_line(result: dict[str, Any]) -> str:
    s = result["summary"]
    sev = s["by_severity"]
    verdict = "FAIL" if result["run"]["gate"] == "fail" else "PASS"
    extra = f"; {s['new']} new, {s['resolved']} resolved" if has_baseline(result) else ""
    return (f"trial-audit: {verdict} (fail-on {result['run']['fail_on']}): {s['records']} records, "
            f"{s['documents']} documents, {s['findings']} findings "
            f"({sev['error']} error, {sev['warning']} warning, {sev['info']} info; {s['waived']} waived{extra})")


def plain_lines(result: dict[str, Any], written: list[Path]) -> list[str]:
    lines = [verdict_line(result)]
    top = _top_rules(result)
    if top:
        lines.append("  top rules: " + ", ".join(f"{rid} ({n})" for rid, n, _ in top))
    gate = _gating(result)
    if gate:
        lines.append(f"  failing the gate ({len(gate)}):")
        lines += [f"    {_where(f)}: {f['severity']} {safe_text(f['rule'])}: {safe_text(f['message'])}"
                  for f in gate[:SHOW_GATING]]
        if len(gate) > SHOW_GATING:
            lines.append(f"    … and {len(gate) - SHOW_GATING} more (see the reports)")
    lines += [f"  wrote {safe_text(p)}" for p in written]
    return lines


def _rich_summary(result: dict[str, Any], written: list[Path], con: Any = None) -> None:
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    con = con or Console(highlight=False)
    s, run = result["summary"], result["run"]
    failed = run["gate"] == "fail"
    head = Text()
    head.append(" FAIL " if failed else " PASS ", style="bold white on red" if failed else "bold white on green")
    head.append(f"  fail-on {run['fail_on']} · {s['records']:,} records · {s['documents']:,} documents · "
                f"{s['files']:,} files", style="dim")
    con.print(head)
    counts = Table(show_header=True, header_style="dim", box=None, padding=(0, 2))
    for name in ("error", "warning", "info", "waived"):
        counts.add_column(name, justify="right", style=SEV_STYLE.get(name, "dim"))
    counts.add_row(*(f"{s['by_severity'][k]:,}" for k in ("error", "warning", "info")), f"{s['waived']:,}")
    con.print(counts)
    if has_baseline(result):
        con.print(f"  baseline: {s['new']:,} new · {s['resolved']:,} resolved", style="dim")
    top = _top_rules(result)
    if top:
        rules = Table(title="top rules", title_justify="left", title_style="dim", box=None, show_header=False,
                      padding=(0, 2))
        for rid, n, title in top:
            rules.add_row(Text(safe_text(rid), style="bold"), f"{n:,}", Text(safe_text(title)))
        con.print(rules)
    gate = _gating(result)
    if gate:
        con.print(f"failing the gate ({len(gate):,}):", style="bold red")
        for f in gate[:SHOW_GATING]:
            con.print(Text.assemble("  ", (safe_text(f["rule"]), SEV_STYLE[f["severity"]]), "  ", (_where(f), "dim")))
            con.print(Padding(Text(safe_text(f["message"])), (0, 0, 0, 4)))
        if len(gate) > SHOW_GATING:
            con.print(f"  … and {len(gate) - SHOW_GATING:,} more (see the reports)", style="dim")
    for p in written:
        con.print(Text.assemble(("wrote ", "dim"), (safe_text(p), "underline")))


def _gating(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in result["findings"] if is_gating(f, result["run"]["fail_on"])]


def _top_rules(result: dict[str, Any]) -> list[tuple[str, int, str]]:
    titles = {r["id"]: r["title"] for r in result["rules"]}
    by_rule = result["summary"]["by_rule"]
    ranked = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]
    return [(rid, n, titles.get(rid, "")) for rid, n in ranked]


def _where(f: dict[str, Any]) -> str:
    e = next((e for e in f["evidence"] if e.get("line")), f["evidence"][0] if f["evidence"] else None)
    if e is None or not e.get("source"):
        return safe_text(f["record"])
    return safe_text(e["source"]) + (f":{int(e['line'])}" if e.get("line") else "")


class _LazyProgress:
    """Counts files read; shows a spinner line on stderr once a run has taken PROGRESS_DELAY seconds."""

    def __init__(self, delay: float = PROGRESS_DELAY) -> None:
        self.start = time.monotonic()
        self.delay = delay
        self.count = 0
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, source: str) -> None:
        self.count += 1
        if self.bar is None:
            if time.monotonic() - self.start < self.delay:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("")
        source = safe_text(source)
        name = source if len(source) <= 60 else "…" + source[-59:]
        self.bar.update(self.task, description=f"reading: {self.count:,} files · {name}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress_wanted(enabled: bool = True) -> bool:
    return enabled and sys.stderr.isatty() and not os.environ.get("CI")


@contextlib.contextmanager
def progress_reporter(enabled: bool = True, delay: float = PROGRESS_DELAY) -> Iterator[Callable[[str], None]]:
    """Yield a callable(source) the reader calls once per file. It draws nothing unless the run is long,
    stderr is a terminal and the CI environment variable is unset."""
    if not progress_wanted(enabled):
        yield lambda source: None
        return
    prog = _LazyProgress(delay)
    try:
        yield prog
    finally:
        prog.close()
