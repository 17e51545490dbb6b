"""Run the suites with Great Expectations Core 1.x: an ephemeral context (no project folder), no
analytics, no progress bars. Great Expectations is imported here, only when a suite has rows to check.

Every failing row (result_format COMPLETE, unexpected_index_list keyed by the view's row and
record id) becomes a Hit whose rule is the expectation type and whose message is the
expectation's notes; an expectation that cannot be built or run is a SUITE001 input finding."""
from __future__ import annotations

import json
import os
import warnings
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


def run_suites(suites: list[Suite], views: dict[str, pd.DataFrame]) -> tuple[list[Hit], list[Finding]]:
    todo = [s for s in suites if s.table in views and not views[s.table].empty]
    if not todo:
        return [], []
    gx, context = _gx()
    source = context.data_sources.add_pandas("trial_audit")
    hits: list[Hit] = []
    findings: list[Finding] = []
    for suite in todo:
        df = views[suite.table]
        expectations, problems = _build(gx, suite, set(df.columns))
        findings.extend(problems)
        if not expectations:
            continue
        # Only the columns the suite reads: GX hashes the whole frame it is given.
        used = list(dict.fromkeys([ROW, "record_id"] + [c for s in suite.expectations for c in _domain(s)
                                                         if c in df.columns]))
        batch = source.add_dataframe_asset(name=suite.table).add_batch_definition_whole_dataframe("all") \
            .get_batch(batch_parameters={"dataframe": df[used]})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = batch.validate(gx.ExpectationSuite(name=suite.name, expectations=expectations),
                                    result_format={"result_format": "COMPLETE",
                                                   "unexpected_index_column_names": [ROW, "record_id"],
                                                   "return_unexpected_index_query": False})
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


def _build(gx, suite: Suite, columns: set[str]) -> tuple[list, list[Finding]]:
    from great_expectations.exceptions import ExpectationNotFoundError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    out, problems = [], []
    for i, spec in enumerate(suite.expectations):
        missing = [str(c) for c in _domain(spec) if c not in columns]
        if missing:
            problems.append(suite_problem(
                suite.shown, f"expectation {spec.type} names column '{missing[0]}', which table {suite.table} "
                             f"does not have", line=spec.line))
            continue
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
