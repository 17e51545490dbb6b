"""The end of a run, shared by `audit` and `gate`: strict waivers, the empty-input check, writing the
reports, the summary and the exit code; and `trial-audit gate`, which re-applies a configuration
(severities, rules turned off, waivers), a baseline and --fail-on to a saved audit.json without
auditing again (the data-quality practice of re-checking thresholds on saved results)."""
from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from .config import Config
from .findings import SEVERITY_RANK

EMPTY_HINT = "pass --allow-empty to accept a run with nothing to audit"


def apply_strict_waivers(result: dict[str, Any], strict: bool) -> None:
    """--strict-waivers: an expired waiver fails the gate (it no longer hides its findings, and the
    config still claims it does)."""
    if strict and result["run"].get("expired_waivers"):
        result["run"]["gate"] = "fail"
        result["run"]["strict_waivers"] = True


def empty_message(result: dict[str, Any]) -> str | None:
    """Why the run had nothing to audit, or None when it read some record or document."""
    s = result["summary"]
    if s["records"] or s["documents"]:
        return None
    unreadable = [f for f in result["findings"] if f["rule"] == "INPUT001"]
    msg = f"nothing to audit: no record or document was read from {s['files']:,} file{'s' if s['files'] != 1 else ''}"
    if unreadable:
        shown = "; ".join(f["message"] for f in unreadable[:3])
        more = f" (and {len(unreadable) - 3:,} more)" if len(unreadable) > 3 else ""
        msg += f" ({len(unreadable):,} unreadable: {shown}{more})"
    return f"{msg}; {EMPTY_HINT}"


def finish(result: dict[str, Any], formats: list[str], out_dir: Path, quiet: bool = False,
           allow_empty: bool = False, strict_waivers: bool = False, views: dict | None = None,
           progress: Any = None, github_max: int | None = None) -> int:
    """Write the reports, print the summary; the exit code: 0 pass, 1 gate failed, 2 nothing read."""
    from .progress import advance, stage
    from .report import writer
    from .report.terminal import print_summary

    apply_strict_waivers(result, strict_waivers)
    empty = None if allow_empty else empty_message(result)
    extra = {"html": {"views": views}, "github": {"max_annotations": github_max}}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    broken: Exception | None = None
    stage(progress, "reports", len(formats))
    for f in formats:
        try:
            p = writer(f)(result, out_dir, **extra.get(f, {}))
        except Exception as e:  # noqa: BLE001 - write the other reports first; the caller exits 3
            broken = broken or e
            continue
        if p is not None:
            written.append(p)
        advance(progress, "reports")
    getattr(progress, "close", lambda: None)()     # the summary goes below, not under a live display
    if empty is None:       # a PASS verdict over nothing would contradict the error below
        print_summary(result, written, quiet=quiet)
    if broken is not None:
        raise broken
    if empty is not None:
        click.echo(f"Error: {empty}", err=True)
        return 2
    return 1 if result["run"]["gate"] == "fail" else 0


def github_cap(cfg: Config) -> int | None:
    """github.max_annotations from the config (None: the writer's default)."""
    return (cfg.raw.get("github") or {}).get("max_annotations")


def _sort_key(f: dict[str, Any]) -> tuple:
    """Finding.sort_key on a finding as written."""
    first = f["evidence"][0] if f["evidence"] else None
    return (f["record"], -SEVERITY_RANK[f["severity"]], f["rule"], first["source"] if first else "",
            (first.get("line") or 0) if first else 0, f["message"])


def regate(saved: dict[str, Any], config: Config, fail_on: str, baseline: dict[str, Any] | None = None,
           today: dt.date | None = None) -> dict[str, Any]:
    """A saved audit.json with config, baseline and gate applied anew. A finding's severity before any
    config is its `default_severity` when the saved run re-levelled it; rules the config turns off drop
    their findings. Rules that were off in the saved run cannot come back: audit again for those."""
    from .baseline import mark_baseline_dicts
    from .pipeline import count_findings

    result = copy.deepcopy(saved)
    today = today or config.today or dt.date.fromisoformat(result["run"]["today"])
    findings = []
    for f in result["findings"]:
        if not config.enabled(f["rule"], f["category"]):
            continue
        base = f.pop("default_severity", f["severity"])
        f["severity"] = config.severity(f["rule"], f["category"], base)
        if f["severity"] != base:
            f["default_severity"] = base
        for k in ("waived", "waived_until", "baseline", "baseline_severity"):
            f.pop(k, None)
        w = config.waiver_for(f["rule"], f["record"], today)
        if w is not None:
            f["waived"] = w.reason
            if w.expires is not None:
                f["waived_until"] = w.expires.isoformat()
        findings.append(f)
    resolved = mark_baseline_dicts(findings, baseline, config) if baseline is not None else []
    findings.sort(key=_sort_key)
    used = {f["rule"] for f in findings}
    rules = []
    for r in result["rules"]:
        if r["id"] in used:
            rules.append(dict(r, severity=config.severity(r["id"], r["category"], r["default_severity"])))
    counts = count_findings(findings, fail_on, resolved)
    summary = {k: v for k, v in result["summary"].items() if k not in ("disabled", "relevelled")}
    summary.update(counts)
    result.update(findings=findings, resolved=resolved, rules=rules, summary=summary)
    result["run"].update(fail_on=fail_on, gate="fail" if counts["gating"] else "pass", today=today.isoformat(),
                         config=config.path, expired_waivers=[w.to_dict() for w in config.expired_waivers(today)])
    result["run"].pop("strict_waivers", None)
    return result


def load_saved(path: Path) -> dict[str, Any]:
    """A saved audit.json, checked as a baseline is (it must be one this tool wrote)."""
    from .baseline import BaselineError, load_baseline
    try:
        data = load_baseline(path)
    except BaselineError as e:
        raise click.UsageError(str(e).replace("baseline", "saved audit", 1)) from e
    for key in ("run", "summary", "rules", "resolved"):
        if key not in data:
            raise click.UsageError(f"{path} is not an audit.json: it has no '{key}'")
    return data


def gate_options(f):
    """The options `audit` and `gate` share: baseline, strict waivers, empty input, quiet."""
    for opt in reversed([
        click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     help="A previous audit.json: only findings new since then fail the gate."),
        click.option("--strict-waivers", is_flag=True, help="Fail the gate when a waiver in the config has expired."),
        click.option("--allow-empty", is_flag=True,
                     help="Pass a run that read no record or document (default: exit 2, nothing was audited)."),
        click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line."),
    ]):
        f = opt(f)
    return f


def baseline_option(path: Path | None) -> dict[str, Any] | None:
    """--baseline read and checked; a bad file is a usage error."""
    if path is None:
        return None
    from .baseline import BaselineError, load_baseline
    try:
        return load_baseline(path)
    except BaselineError as e:
        raise click.UsageError(str(e)) from e


@click.command("gate")
@click.argument("saved", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None, type=click.Path(path_type=Path),
              help="Folder for the reports (default: the saved audit.json's folder).")
@click.option("--format", "fmt", default="html", show_default=True,
              help="Comma-separated output formats: json, html, sarif, junit, github.")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info", "never")), default=None,
              help="Lowest severity that fails (exit 1). Default: fail_on in the config, else the saved run's.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="config.yaml whose severities, rule switches and waivers apply (default: ./config.yaml).")
@click.option("--today", default=None, help="The date for waiver expiry (yyyy-mm-dd); default: the saved run's.")
@gate_options
def gate_command(saved: Path, out_dir: Path | None, fmt: str, fail_on: str | None, config_path: str | None,
                 baseline: Path | None, today: str | None, strict_waivers: bool, allow_empty: bool,
                 quiet: bool) -> None:
    """Re-apply severities, waivers, a baseline and the gate to SAVED (an audit.json), write the reports
    from it and exit like `audit` (0 pass, 1 gate failed, 2 usage error)."""
    from .cli import _config, _formats, _today
    data = load_saved(saved)
    formats = _formats(fmt)
    cfg = _config(config_path)
    day = _today(today)
    fail_on = fail_on or (str(cfg.raw["fail_on"]) if "fail_on" in cfg.raw else str(data["run"]["fail_on"]))
    base = baseline_option(baseline)
    out = out_dir or saved.parent
    if "json" in formats and (out / "audit.json").resolve() == saved.resolve():
        raise click.UsageError(f"writing json to {out} would overwrite {saved}, the input; pass another --out")
    result = regate(data, cfg, fail_on, base, day)
    sys.exit(finish(result, formats, out, quiet=quiet, allow_empty=allow_empty, strict_waivers=strict_waivers,
                    github_max=github_cap(cfg)))
