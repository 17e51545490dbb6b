"""The terminal summary and progress. A small rich layout on a terminal; plain lines when piped, in CI
or in a pre-commit hook, so logs stay readable. Progress goes to stderr and only on a terminal."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .common import has_baseline, is_gating, safe_text

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


def plural(n: int, word: str) -> str:
    """'1 record', '2 records', '1,234 findings'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def baseline_counts(s: dict[str, Any]) -> str:
    """'2 new, 1 resolved' and, when the config changed since the baseline, the findings whose rule is
    now off or re-levelled (not fixed: only judged differently)."""
    out = f"{s['new']:,} new, {s['resolved']:,} resolved"
    if s.get("disabled"):
        out += f", {s['disabled']:,} no longer checked (rule disabled)"
    if s.get("relevelled"):
        out += f", {s['relevelled']:,} re-levelled"
    return out


def verdict_line(result: dict[str, Any]) -> str:
    s = result["summary"]
    sev = s["by_severity"]
    verdict = "FAIL" if result["run"]["gate"] == "fail" else "PASS"
    extra = f"; {baseline_counts(s)}" if has_baseline(result) else ""
    return (f"trial-audit: {verdict} (fail-on {result['run']['fail_on']}): {plural(s['records'], 'record')}, "
            f"{plural(s['documents'], 'document')}, {plural(s['findings'], 'finding')} "
            f"({sev['error']} error, {sev['warning']} warning, {sev['info']} info; {s['waived']} waived{extra})")


def expired_lines(result: dict[str, Any]) -> list[str]:
    """Expired waivers: they no longer apply, so their findings count again."""
    ws = result["run"].get("expired_waivers") or []
    if not ws:
        return []
    cfg = result["run"].get("config") or "config"
    strict = " (fails the gate: --strict-waivers)" if result["run"].get("strict_waivers") else ""
    head = f"{plural(len(ws), 'waiver')} expired, no longer applied{strict}:"
    return [head] + [f"  {cfg}:{w.get('line') or '?'}: {w['rule']} {w['record']} expired {w['expires']} "
                     f"({w['reason']})" for w in ws]


def plain_lines(result: dict[str, Any], written: list[Path]) -> list[str]:
    lines = [verdict_line(result)]
    lines += ["  " + x for x in expired_lines(result)]
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
    head.append(f"  fail-on {run['fail_on']} · {plural(s['records'], 'record')} · "
                f"{plural(s['documents'], 'document')} · {plural(s['files'], 'file')}", style="dim")
    con.print(head)
    counts = Table(show_header=True, header_style="dim", box=None, padding=(0, 2))
    for name in ("error", "warning", "info", "waived"):
        counts.add_column(name, justify="right", style=SEV_STYLE.get(name, "dim"))
    counts.add_row(*(f"{s['by_severity'][k]:,}" for k in ("error", "warning", "info")), f"{s['waived']:,}")
    con.print(counts)
    if has_baseline(result):
        con.print(f"  baseline: {baseline_counts(s)}", style="dim")
    for i, line in enumerate(expired_lines(result)):
        con.print(line, style="yellow" if i == 0 else "dim")
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


def progress_wanted(enabled: bool = True) -> bool:
    from ..progress import wanted
    return wanted(enabled)


def progress_reporter(enabled: bool = True, delay: float | None = None, paths: list | None = None):
    """The staged progress display (auditor/progress.py); kept here for existing callers."""
    from ..progress import DELAY, progress_reporter as reporter
    return reporter(enabled, DELAY if delay is None else delay, paths)
