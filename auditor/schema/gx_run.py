"""Run the suites with Great Expectations Core 1.x: an ephemeral context (no project folder), no
analytics, no progress bars. Great Expectations is imported here, only when a suite has rows to check.

Every failing row (result_format COMPLETE, unexpected_index_list keyed by the view's row and
record id) becomes a Hit whose rule is the expectation type and whose message is the
expectation's notes; an expectation that cannot be built or run is a SUITE001 input finding."""
from __future__ import annotations

import json
import os
import warnings
from dataclasses import replace
from typing import Any

import pandas as pd

from ..findings import Evidence, Finding
from . import fields
from .hits import Hit, lower, norm
from .ruleset import GX_SEVERITY
from .suites import ExpectationSpec, Suite, suite_problem
from .views import ROW

_COLUMN_KEYS = ("column", "column_A", "column_B")
_INDEX = "_trial_audit_index"   # meta key carrying an expectation's position through GX


def _gx():
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations as gx
    from great_expectations.data_context.types.base import (DataContextConfig, InMemoryStoreBackendDefaults,
                                                             ProgressBarsConfig)

    # In memory only: no project folder, no docs site, no analytics, no progress bars.
    project = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
                                analytics_enabled=False,
                                progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False))
    return gx, gx.get_context(mode="ephemeral", project_config=project)


def plan(suites: list[Suite], views: dict[str, pd.DataFrame]) -> tuple[list[Suite], dict[str, pd.DataFrame],
                                                                       list[Finding]]:
    """Without GX: the suites that have rows to check, each table cut to the columns its suite reads
    (GX hashes the whole frame it is given), and expectations naming a column the table lacks
    reported (SUITE001) and left out."""
    todo: list[Suite] = []
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Finding] = []
    for suite in suites:
        df = views.get(suite.table)
        if df is None or df.empty:
            continue
        kept = []
        for spec in suite.expectations:
            missing = [str(c) for c in _domain(spec) if c not in df.columns]
            if missing:
                problems.append(suite_problem(
                    suite.shown, f"expectation {spec.type} names column '{missing[0]}', which table {suite.table} "
                                 f"does not have", line=spec.line))
            else:
                kept.append(spec)
        if kept:
            todo.append(replace(suite, expectations=kept))
            used = [ROW, "record_id"] + [c for spec in kept for c in _domain(spec)]
            frames[suite.table] = df[list(dict.fromkeys(used))]
    return todo, frames, problems


def validate(suites: list[Suite], frames: dict[str, pd.DataFrame]) -> tuple[list[Hit], list[Finding]]:
    """With GX, imported here: every failing row as a Hit, every expectation GX cannot use as SUITE001."""
    try:
        gx, context = _gx()
    except ImportError as e:
        return [], [suite_problem(s.shown, f"Great Expectations could not be imported ({e})") for s in suites]
    source = context.data_sources.add_pandas("trial_audit")
    hits: list[Hit] = []
    findings: list[Finding] = []
    for suite in suites:
        expectations, problems = _build(suite)
        findings.extend(problems)
        if not expectations:
            continue
        try:
            batch = source.add_dataframe_asset(name=suite.table).add_batch_definition_whole_dataframe("all") \
                .get_batch(batch_parameters={"dataframe": frames[suite.table]})
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = batch.validate(gx.ExpectationSuite(name=suite.name, expectations=expectations),
                                        result_format={"result_format": "COMPLETE",
                                                       "unexpected_index_column_names": [ROW, "record_id"],
                                                       "return_unexpected_index_query": False})
        except Exception as e:  # noqa: BLE001 - GX failing on a suite must not stop the audit
            findings.append(suite_problem(suite.shown, f"Great Expectations could not run it ({_short(e)})"))
            continue
        for r in result.results:
            spec_i = int((r.expectation_config.meta or {}).get(_INDEX, -1))
            if not 0 <= spec_i < len(suite.expectations):
                continue
            spec = suite.expectations[spec_i]
            error = _exception(r.exception_info)
            if error:
                findings.append(suite_problem(suite.shown, f"expectation {spec.type} could not run: {error}",
                                              line=spec.line))
            elif not r.success:
                h, f = _failures(suite, spec, r.result or {})
                hits.extend(h)
                findings.extend(f)
    return hits, findings


def run_suites(suites: list[Suite], views: dict[str, pd.DataFrame]) -> tuple[list[Hit], list[Finding]]:
    """plan + validate in this process; GX is only imported when a suite has rows to check and a
    type the fast path does not cover."""
    todo, frames, problems = plan(suites, views)
    if not todo:
        return [], problems
    hits, findings = run_planned(todo, frames, validate)
    return hits, problems + findings


def run_planned(todo: list[Suite], frames: dict[str, pd.DataFrame], slow) -> tuple[list[Hit], list[Finding]]:
    """Each suite through the fast path when it covers every expectation of the suite on its frame,
    else through slow(suites, frames) (GX); results kept in suite order as GX alone gives them."""
    from . import fast
    hits: list[Hit] = []
    findings: list[Finding] = []
    for suite in todo:
        df = frames[suite.table]
        if all(fast.covers(s) and fast.covers_frame(s, df) for s in suite.expectations):
            for spec in fast.gx_order(suite.expectations):
                rows = fast.failing_rows(spec, df, [ROW, "record_id"])
                if rows is not None:
                    h, f = _failures(suite, spec, {"unexpected_index_list": rows})
                    hits.extend(h)
                    findings.extend(f)
        else:
            h, f = slow([suite], {suite.table: df})
            hits.extend(h)
            findings.extend(f)
    return hits, findings


def needs_gx(suites: list[Suite]) -> list[str]:
    """The expectation types in these suites that only Great Expectations evaluates."""
    from . import fast
    return sorted({s.type for suite in suites for s in suite.expectations if not fast.covers(s)})


def _build(suite: Suite) -> tuple[list, list[Finding]]:
    from great_expectations.exceptions import ExpectationNotFoundError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    out, problems = [], []
    for i, spec in enumerate(suite.expectations):
        try:
            cfg = ExpectationConfiguration(type=spec.type, kwargs=dict(spec.kwargs), meta={**spec.meta, _INDEX: i},
                                           notes=spec.notes, severity=spec.severity)
            out.append(cfg.to_domain_obj())
        except ExpectationNotFoundError:
            problems.append(suite_problem(suite.shown, f"'{spec.type}' is not a Great Expectations expectation type",
                                          line=spec.line))
        except Exception as e:  # noqa: BLE001 - pydantic or GX rejecting the kwargs: report, keep going
            problems.append(suite_problem(suite.shown, f"expectation {spec.type} is not valid: {_short(e)}",
                                          line=spec.line))
    return out, problems


def _short(e: Exception) -> str:
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return " ".join(lines[:3])[:300] or type(e).__name__


def _exception(info: Any) -> str | None:
    if not isinstance(info, dict):
        return None
    if "raised_exception" in info:
        return str(info.get("exception_message") or "error") if info.get("raised_exception") else None
    for v in info.values():      # keyed by metric when several metrics failed
        msg = _exception(v)
        if msg:
            return msg
    return None


def _domain(spec: ExpectationSpec) -> list[str]:
    return [spec.kwargs[k] for k in _COLUMN_KEYS if k in spec.kwargs] + list(spec.kwargs.get("column_list") or [])


def _failures(suite: Suite, spec: ExpectationSpec, result: dict) -> tuple[list[Hit], list[Finding]]:
    severity = GX_SEVERITY[spec.severity]
    notes = spec.notes
    columns = _domain(spec)
    rows = result.get("unexpected_index_list")
    if not rows or not columns:
        # An aggregate expectation (a mean, a row count): one finding for the table.
        observed = result.get("observed_value")
        text = json.dumps({"type": spec.type, "kwargs": spec.kwargs}, sort_keys=True, default=str)
        msg = (f"{notes.rstrip('.')} (table {suite.table}: observed {observed})." if notes else
               f"Table {suite.table} fails {spec.type} in {suite.shown} (observed {observed}).")
        return [], [Finding(rule=spec.type, category="schema", severity=severity, record="(corpus)", message=msg,
                            evidence=[Evidence(source=suite.shown, line=spec.line, text=text, label="expectation")],
                            values={"observed": str(observed)})]
    col = columns[0]
    label = fields.label(suite.table, col)
    hits = []
    for entry in rows:
        if not isinstance(entry, dict) or entry.get(ROW) is None:
            continue
        value = entry.get(col) if len(columns) == 1 else " / ".join(str(norm(entry.get(c))) for c in columns)
        v = norm(value)
        what = "missing" if v is None else f"'{v}'"
        msg = (f"{notes.rstrip('.')} ({lower(label)} is {what})." if notes else
               f"{label} {what} fails {spec.type} in {suite.shown}.")
        hits.append(Hit(table=suite.table, row=int(entry[ROW]), column=col, value=value, rule=spec.type,
                        message=msg, severity=severity,
                        values={lower(label): v if v is not None else "(missing)", "suite": suite.shown}))
    return hits, []
