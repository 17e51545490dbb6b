"""Command line: `trial-audit audit|rules|explain`. Exit codes: 0 pass, 1 gate failed, 2 usage error."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .config import Config, ConfigError, load_config
from .report import FORMATS, writer

FAIL_ON = ("error", "warning", "info", "never")


def _config(path: str | None) -> Config:
    chosen = path or os.environ.get("TRIAL_AUDIT_CONFIG")
    if chosen is None and Path("config.yaml").is_file():
        chosen = "config.yaml"
    try:
        return load_config(chosen)
    except ConfigError as e:
        raise click.UsageError(f"bad config: {e}") from e


def _formats(value: str) -> list[str]:
    out = []
    for part in value.split(","):
        p = part.strip().lower()
        if not p:
            continue
        if p not in FORMATS:
            raise click.BadParameter(f"'{p}' is not one of {', '.join(FORMATS)}", param_hint="--format")
        out.append(p)
    return list(dict.fromkeys(out)) or ["json"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trial-audit")
def main() -> None:
    """trial-audit: find contradictions in clinical-trial registry records and the papers reporting them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the reports.")
@click.option("--format", "fmt", default="html,json", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that fails the run (exit 1). Default: error, or fail_on in the config.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="config.yaml with rule severities, thresholds and waivers (default: ./config.yaml if present).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A previous audit.json: only findings new since then fail the gate.")
@click.option("--today", default=None, help="The run's date (yyyy-mm-dd) for date rules; default: today.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading and checking files (default: the machine's cores).")
@click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="Where the shards run: worker processes here, or Dask tasks (needs the dask extra).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of per-file results: a re-run re-checks only changed files (a trusted folder).")
def audit(paths: tuple[Path, ...], out_dir: Path, fmt: str, fail_on: str | None, config_path: str | None,
          baseline: Path | None, today: str | None, quiet: bool, jobs: int | None, engine: str,
          scheduler: str | None, cache_dir: Path | None) -> None:
    """Audit PATHS (files or folders; default: the bundled example material)."""
    from .pipeline import EXAMPLES, audit as run_audit
    from .report.terminal import print_summary, progress_reporter

    formats = _formats(fmt)
    cfg = _config(config_path)
    if today:
        try:
            import datetime as dt
            cfg.today = dt.date.fromisoformat(today)
        except ValueError as e:
            raise click.BadParameter(f"'{today}' is not a date (yyyy-mm-dd)", param_hint="--today") from e
    fail_on = fail_on or str(cfg.raw.get("fail_on", "error"))
    if fail_on not in FAIL_ON:
        raise click.UsageError(f"bad config: fail_on must be one of {', '.join(FAIL_ON)}")
    base = None
    if baseline is not None:
        from .baseline import BaselineError, load_baseline
        try:
            base = load_baseline(baseline)
        except BaselineError as e:
            raise click.UsageError(str(e)) from e
    targets = list(paths) or [EXAMPLES]
    with progress_reporter(enabled=not quiet) as progress:
        result = run_audit(targets, cfg, fail_on=fail_on, baseline=base, progress=progress,
                           views="html" in formats, jobs=jobs or os.cpu_count() or 1, engine=engine,
                           scheduler=scheduler, cache=cache_dir)
    # Record views feed only the HTML report; audit.json stays lean.
    extra = {"html": {"views": result.pop("record_views", None)}}
    for note in result.pop("run_notes", []):
        if not quiet:
            click.echo(note, err=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for f in formats:
        p = writer(f)(result, out_dir, **extra.get(f, {}))
        if p is not None:
            written.append(p)
    print_summary(result, written, quiet=quiet)
    sys.exit(1 if result["run"]["gate"] == "fail" else 0)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
def list_rules(config_path: str | None) -> None:
    """List every rule: id, category, effective severity (default), title."""
    from .catalogue import rules as catalogue
    cfg = _config(config_path)
    rules = catalogue()
    if cfg.path:
        click.echo(f"config: {cfg.path}")
    for r in rules.values():
        sev = cfg.severity(r.id, r.category, r.severity)
        state = "" if cfg.enabled(r.id, r.category) else "  [disabled]"
        shown = sev if sev == r.severity else f"{sev} (default {r.severity})"
        click.echo(f"{r.id:<10} {r.category:<20} {shown:<24} {r.title}{state}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation: what it checks, why it matters, an example."""
    from .catalogue import rules as catalogue, source_of
    rules = catalogue()
    r = rules.get(rule_id.upper())
    if r is None:
        raise click.UsageError(f"no rule '{rule_id}'; `trial-audit rules` lists them")
    click.echo(f"{r.id}: {r.title}")
    click.echo(f"category: {r.category}   default severity: {r.severity}   defined in: {source_of(r)}")
    click.echo("")
    click.echo(r.docs)


if __name__ == "__main__":
    main()
