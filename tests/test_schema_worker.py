"""The helper process that runs the suites: same findings as in-process, and a fallback when it fails."""
from __future__ import annotations

import subprocess
import sys

from auditor.context import Context
from auditor.schema import run_schema
from auditor.schema.gx_worker import SuiteRunner, start
from schema_support import INTERVENTIONAL_ONLY, TODAY, V2_OBSERVATIONAL, V2_RESULTS, config, edited, read, suites_copy


def _keys(findings):
    return sorted((f.rule, f.record, f.message, tuple((e.source, e.line, e.text) for e in f.evidence))
                  for f in findings)


def test_helper_process_gives_the_in_process_findings(tmp_path):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY]})
    phase = edited(V2_RESULTS, tmp_path, '"PHASE2"', '"PHASE1", "PHASE3"')
    cfg = config(d)
    ctx = Context(config=cfg, today=TODAY, trials=read(V2_OBSERVATIONAL) + read(phase))
    runner = start(cfg, str, spawn=True)
    try:
        assert runner.proc is not None
        helper = run_schema(ctx, runner)
        assert runner.proc is not None and runner.proc.poll() is None     # served, still waiting for more
        again = run_schema(ctx, runner)                                   # a second batch, same helper
    finally:
        runner.close()
    assert runner.proc is None
    here = run_schema(ctx)
    assert _keys(helper) == _keys(here) == _keys(again)
    assert sorted(f.record for f in here if f.rule == "expect_column_values_to_be_in_set") == [
        "NCT03064438", "NCT05594173"]


def test_dead_helper_falls_back_to_this_process(tmp_path):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY]})
    cfg = config(d)
    ctx = Context(config=cfg, today=TODAY, trials=read(V2_OBSERVATIONAL))
    dead = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    dead.wait()
    loaded = start(cfg, str, spawn=False)
    runner = SuiteRunner(loaded.suites, loaded.problems, dead)
    [hit] = run_schema(ctx, runner)
    assert hit.rule == "expect_column_values_to_be_in_set" and hit.record == "NCT05594173"
    assert runner.proc is None


def test_suites_off_starts_nothing():
    assert start(config(None), str, spawn=True) is None
