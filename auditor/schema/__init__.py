"""Schema validation of the canonical tables: pandera models and Great Expectations suites.

Who checks what: the pandera models (models.py) hold the registry's own rules (SCH001-SCH008):
enumerations, identifier formats, length limits, ranges, required and required-if fields. The
suites (expectations/*.json) hold what users customise: allowed sets, ranges, required fields.
Both run on the same frames (views.py), so a value failing both is the same (table, row, field,
value): it is reported once, by the first owner in this order: empty sections (SCH007), pandera,
suites. The suites run in a helper process (gx_worker.py) when the pipeline started one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import Config
from ..context import Context
from ..findings import Evidence, Finding

if TYPE_CHECKING:   # keep `import auditor.schema` light: the rule listing imports ruleset.py through it
    import pandas as pd
    from .gx_worker import SuiteRunner
    from .hits import Hit

DEFAULT_YEARS_AHEAD = 30   # a date later than this many years after the run date is implausible


def dedupe(hits: list[Hit]) -> list[Hit]:
    """The first hit for each (table, row, field, value); later ones report the same problem."""
    seen: set[tuple] = set()
    out = []
    for h in hits:
        k = h.key()
        if k not in seen:
            seen.add(k)
            out.append(h)
    return out


def start_suites(config: Config) -> SuiteRunner | None:
    """Call once when an audit starts: reads the suites and starts Great Expectations loading in a
    helper process while the records are read. Pass the result to every run_schema; close() it at
    the end. None when the config turns the suites off."""
    from ..pipeline import display_path
    from .gx_worker import start
    return start(config, display_path)


@dataclass(slots=True)
class LocalSchema:
    """A batch's schema work that needs its records: the frames, the built-in rules' hits and
    findings. Plain data, so a worker process can hand it to the process running the suites."""
    views: dict[str, pd.DataFrame]
    hits: list[Hit]
    findings: list[Finding]


def check_local(ctx: Context) -> LocalSchema | None:
    """The built-in schema rules (empty sections, pandera) on the records in ctx."""
    if not ctx.trials:
        return None
    from .pandera_run import run_pandera
    from .sections import section_hits
    from .views import build_views

    views = build_views(ctx.tables, ctx.trials)
    years = ctx.threshold("schema_max_years_ahead")
    hits = section_hits(ctx.trials)
    found, problems = run_pandera(views, ctx.today, int(years if years is not None else DEFAULT_YEARS_AHEAD))
    return LocalSchema(views, hits + found, [_problem(p) for p in problems])


def finish(local: LocalSchema | None, config: Config, suites: SuiteRunner | None = None) -> list[Finding]:
    """Run the expectation suites on a batch's frames and report every hit once. Without `suites`
    (from start_suites) the configured suites are read and run in this process."""
    if local is None:
        return []
    from ..pipeline import display_path
    from .gx_run import run_suites
    from .hits import to_finding
    from .suites import load_suites, suites_dir

    views, hits, findings = local.views, list(local.hits), list(local.findings)
    if suites is not None:
        gx_hits, gx_findings = suites.run(views)
    elif (directory := suites_dir(config)) is not None:
        loaded, load_problems = load_suites(directory, set(views), display_path)
        gx_hits, gx_findings = run_suites(loaded, views)
        gx_findings = load_problems + gx_findings
    else:
        gx_hits, gx_findings = [], []
    hits += gx_hits
    findings += gx_findings
    findings += [to_finding(h, views) for h in dedupe(hits)]
    return [f for f in findings if config.enabled(f.rule, f.category)]


def run_schema(ctx: Context, suites: SuiteRunner | None = None) -> list[Finding]:
    """Schema findings for the records in ctx (check_local, then finish)."""
    return finish(check_local(ctx), ctx.config, suites)


def _problem(text: str) -> Finding:
    # A check that could not run at all is a defect of ours, not of a record: say so, do not hide it.
    return Finding(rule="INPUT002", category="input", severity="warning", record="(corpus)",
                   message=f"A schema check could not run ({text}).",
                   evidence=[Evidence(source="", line=None, text=text)])
