"""The helper process that runs the suites: same findings as in-process, and a fallback when it fails."""
from __future__ import annotations

import subprocess
import sys

from auditor.context import Context
from auditor.schema import run_schema
from auditor.schema.gx_run import needs_gx
from auditor.schema.gx_worker import SuiteRunner, start
from schema_support import INTERVENTIONAL_ONLY, TODAY, V2_OBSERVATIONAL, V2_RESULTS, config, edited, read, suites_copy


def _keys(findings):
    return sorted((f.rule, f.record, f.message, tuple((e.source, e.line, e.text) for e in f.evidence))
                  for f in findings)


# A type the fast path leaves to Great Expectations, so the helper really serves it.
SHORT_ACRONYM = {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "acronym", "max_value": 4},
                 "severity": "info", "notes": "Acronyms of at most 4 characters"}


def test_helper_process_gives_the_in_process_findings(tmp_path):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY, SHORT_ACRONYM]})
    phase = edited(V2_RESULTS, tmp_path, '"PHASE2"', '"PHASE1", "PHASE3"')
    cfg = config(d)
    ctx = Context(config=cfg, today=TODAY, trials=read(V2_OBSERVATIONAL) + read(phase))
    runner = start(cfg, str, spawn=True)
    try:
        assert runner.proc is not None
        assert needs_gx(runner.suites) == ["expect_column_value_lengths_to_be_between"]   # why it is needed
        helper = run_schema(ctx, runner)
        assert runner.proc is not None and runner.proc.poll() is None     # served, still waiting for more
        again = run_schema(ctx, runner)                                   # a second batch, same helper
    finally:
        runner.close()
    assert runner.proc is None and runner.used_gx
    here = run_schema(ctx)
    assert _keys(helper) == _keys(here) == _keys(again)
    assert sorted(f.record for f in here if f.rule == "expect_column_values_to_be_in_set") == [
        "NCT03064438", "NCT05594173"]
    # NCT05594173.json line 21: "acronym": "NIH_HVX6", 8 characters
    assert [(f.record, f.evidence[0].line) for f in here if f.rule == "expect_column_value_lengths_to_be_between"] \
        == [("NCT05594173", 21)]


def test_suites_the_fast_path_covers_start_no_helper(tmp_path):
    runner = start(config(suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY]})), str)
    ctx = Context(config=config(None), today=TODAY, trials=read(V2_OBSERVATIONAL))
    try:
        assert runner.proc is None
        [hit] = run_schema(ctx, runner)
        assert hit.record == "NCT05594173" and not runner.used_gx
    finally:
        runner.close()


def test_dead_helper_falls_back_to_this_process(tmp_path):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY, SHORT_ACRONYM]})
    cfg = config(d)
    ctx = Context(config=cfg, today=TODAY, trials=read(V2_OBSERVATIONAL))
    dead = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    dead.wait()
    loaded = start(cfg, str, spawn=False)
    runner = SuiteRunner(loaded.suites, loaded.problems, dead)
    found = run_schema(ctx, runner)
    assert sorted((f.rule, f.record) for f in found) == [
        ("expect_column_value_lengths_to_be_between", "NCT05594173"), ("expect_column_values_to_be_in_set", "NCT05594173")]
    assert runner.proc is None and runner.used_gx


def test_suites_off_starts_nothing():
    assert start(config(None), str, spawn=True) is None
