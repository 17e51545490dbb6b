"""Command line: `trial-audit audit|rules|explain`. Exit codes: 0 pass, 1 gate failed, 2 usage error,
3 internal error (the run broke; the reports that could be written were)."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from . import __version__
from .config import Config, ConfigError, load_config
from .gate import baseline_option, gate_options
from .report import FORMATS

FAIL_ON = ("error", "warning", "info", "never")
EXIT_INTERNAL = 3


def _globs(values: tuple[str, ...]) -> list[str]:
    """--exclude a,b --exclude c -> ['a', 'b', 'c'] (ruff's form)."""
    return [g.strip() for v in values for g in v.split(",") if g.strip()]


def _internal_error(e: BaseException) -> None:
    """One line on stderr, never the exception text (it may carry record text into a CI log)."""
    if os.environ.get("TRIAL_AUDIT_DEBUG"):
        import traceback
        traceback.print_exception(e)
    click.echo(f"trial-audit: internal error ({type(e).__name__}); the run did not finish. "
               f"Set TRIAL_AUDIT_DEBUG=1 for the traceback.", err=True)


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


def _today(value: str | None):
    if not value:
        return None
    import datetime as dt
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"'{value}' is not a date (yyyy-mm-dd)", param_hint="--today") from e


def _targets(args: tuple[str, ...], out_dir: Path, cfg: Config) -> list[Path]:
    """Files and folders as given; NCT ids (not existing paths) are downloaded into OUT/records/."""
    from .fetch import FetchError, Unavailable, fetch_all, is_nct_id
    paths, ids = [], []
    for a in args:
        if Path(a).exists():
            paths.append(Path(a))
        elif is_nct_id(a):
            ids.append(a)
        else:
            raise click.BadParameter(f"'{a}' is neither a file or folder nor an NCT id", param_hint="PATHS")
    if ids:
        try:
            paths += fetch_all(ids, out_dir / "records", cfg)
        except FetchError as e:
            raise Unavailable(str(e)) from e
    return paths


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the reports.")
@click.option("--format", "fmt", default="html,json", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that fails the run (exit 1). Default: error, or fail_on in the config.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="config.yaml with rule severities, thresholds and waivers (default: ./config.yaml if present).")
@click.option("--today", default=None, help="The run's date (yyyy-mm-dd) for date rules; default: today.")
@gate_options
@click.option("--exclude", multiple=True, help="Globs left out when walking folders (replaces the defaults: "
              ".git, __pycache__, .venv, venv, node_modules, .trial-audit). Comma-separated or repeated.")
@click.option("--extend-exclude", multiple=True, help="Globs left out when walking folders, added to the defaults.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading and checking files (default: the machine's cores).")
@click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="Where the shards run: worker processes here, or Dask tasks (needs the dask extra).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of per-file results: a re-run re-checks only changed files (a trusted folder).")
def audit(paths: tuple[str, ...], out_dir: Path, fmt: str, fail_on: str | None, config_path: str | None,
          baseline: Path | None, today: str | None, strict_waivers: bool, allow_empty: bool, quiet: bool,
          exclude: tuple[str, ...] = (), extend_exclude: tuple[str, ...] = (), jobs: int | None = None,
          engine: str = "local", scheduler: str | None = None, cache_dir: Path | None = None) -> None:
    """Audit PATHS: files, folders, or ClinicalTrials.gov ids (NCT01234567, downloaded into OUT/records/);
    default: the bundled example material."""
    from .gate import finish, github_cap
    from .pipeline import EXAMPLES, audit as run_audit
    from .progress import progress_reporter
    from .spill import close_findings

    formats = _formats(fmt)
    cfg = _config(config_path)
    cfg.today = _today(today) or cfg.today
    fail_on = fail_on or str(cfg.raw.get("fail_on", "error"))
    if fail_on not in FAIL_ON:
        raise click.UsageError(f"bad config: fail_on must be one of {', '.join(FAIL_ON)}")
    base = baseline_option(baseline)
    if exclude:
        cfg.exclude = _globs(exclude)
    # The output folder is never walked: a second run must not read the first run's reports. Records
    # downloaded by id into OUT/records/ are named explicitly, and a file named explicitly is always read.
    cfg.extend_exclude = cfg.extend_exclude + _globs(extend_exclude) + [str(out_dir.resolve())]
    targets = _targets(paths, out_dir, cfg) if paths else [EXAMPLES]
    # The run's records and findings live until the process exits: rare collections during the run
    # (the pipeline restores these, not the defaults, so no scan of them all follows it) and none at exit.
    gc.set_threshold(100_000, 50, 100)
    try:
        with progress_reporter(enabled=not quiet, paths=targets) as progress:
            result = run_audit(targets, cfg, fail_on=fail_on, baseline=base, progress=progress,
                               views="html" in formats, jobs=jobs or os.cpu_count() or 1, engine=engine,
                               scheduler=scheduler, cache=cache_dir, spill=True)
            for note in result.pop("run_notes", []):
                if not quiet:
                    click.echo(note, err=True)
            # Record views feed only the HTML report; audit.json stays lean.
            views = result.pop("record_views", None)
            try:
                code = finish(result, formats, out_dir, quiet=quiet, allow_empty=allow_empty,
                              strict_waivers=strict_waivers, views=views, progress=progress,
                              github_max=github_cap(cfg))
            finally:
                close_findings(result)      # the spilled findings' temporary file
    except (click.ClickException, click.exceptions.Exit):
        raise
    except Exception as e:  # noqa: BLE001 - a broken run must not look like a failed gate (exit 1)
        _internal_error(e)
        sys.exit(EXIT_INTERNAL)
    gc.freeze()     # the interpreter's last collection at exit then has nothing to scan
    sys.exit(code)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def list_rules(config_path: str | None, fmt: str) -> None:
    """List every rule: id, category, effective severity (default), title."""
    from .catalogue import rules as catalogue_rules
    cfg = _config(config_path)
    rules = catalogue_rules()       # without importing the rule families
    if fmt == "json":
        import orjson

        from .meta import catalogue
        click.echo(orjson.dumps(catalogue(rules, cfg), option=orjson.OPT_INDENT_2).decode())
        return
    if cfg.path:
        click.echo(f"config: {cfg.path}")
    for r in rules.values():
        sev = cfg.severity(r.id, r.category, r.severity)
        state = "" if cfg.enabled(r.id, r.category) else "  [disabled]"
        shown = sev if sev == r.severity else f"{sev} (default {r.severity})"
        click.echo(f"{r.id:<10} {r.category:<20} {shown:<24} {r.title}{state}")


@main.command()
@click.argument("name")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="config.yaml (its expectations_dir names the suites whose expectation types are known).")
def explain(name: str, config_path: str | None) -> None:
    """Print the documentation of a rule id (what, why, an example, where it is defined), an expectation
    type used as a rule id, a category, or a rule family (checks module or id prefix)."""
    from .catalogue import rules as catalogue_rules
    from .meta import explain_text
    text = explain_text(name, catalogue_rules(), _config(config_path))
    if text is None:
        raise click.UsageError(f"no rule, expectation type, category or family '{name}'; "
                               "`trial-audit rules` lists them")
    click.echo(text)


@main.command("config")
@click.option("--show", is_flag=True, help="Print the effective configuration (defaults filled in) as YAML.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
def config_command(show: bool, config_path: str | None) -> None:
    """Validate the configuration (exit 2 with file:line on problems); --show prints it in effect."""
    import yaml
    cfg = _config(config_path)
    if show:
        click.echo(yaml.safe_dump(cfg.effective(), sort_keys=False, allow_unicode=True).rstrip())
    else:
        click.echo(f"{cfg.path or '(no config file: defaults)'}: valid")


def _register() -> None:
    from .fetch import fetch_command
    from .gate import gate_command
    main.add_command(gate_command)
    main.add_command(fetch_command)


_register()


if __name__ == "__main__":
    main()
