"""The fast path for expectation suites against Great Expectations itself: the same suites run
through both on the same tables (real records of four formats) must give the same hits, in the
same order, with the same values and messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.context import Context
from auditor.schema import fast, gx_run
from auditor.schema.suites import ExpectationSpec, load_suites
from auditor.schema.views import TABLE_NAMES, build_views
from conftest import CORPUS
from schema_support import SHIPPED, TODAY, config, read

FILES = sorted((CORPUS / "ctgov-api-v2-json").glob("NCT*.json"))[:12] + \
    sorted((CORPUS / "ctgov-classic-api-v1-json").glob("NCT*.json"))[:4] + \
    sorted((CORPUS / "ctgov-legacy-xml_fixtures").glob("NCT*.xml"))[:8] + \
    sorted((CORPUS / "ctgov-legacy-xml_reesewang25").glob("*.xml"))[:40]


@pytest.fixture(scope="module")
def views():
    trials = [t for p in FILES for t in read(p)]
    assert len(trials) >= 50
    ctx = Context(config=config(None), today=TODAY, trials=trials)
    return build_views(ctx.tables, trials)


def _e(type_: str, notes: str | None = "A note", **kwargs) -> dict:
    return {"type": type_, "kwargs": kwargs, "severity": "warning", "notes": notes}


# Narrowed and edge-case variants of what users write: sets that many rows fail, mostly, strict and
# one-sided ranges, integer sets on numeric columns, nulls, no notes.
VARIANTS = {
    "trials": [
        _e("expect_column_values_to_be_in_set", column="overall_status", value_set=["COMPLETED"]),
        _e("expect_column_values_to_be_in_set", column="overall_status", value_set=["COMPLETED", "RECRUITING"],
           mostly=0.5),
        _e("expect_column_values_to_be_in_set", column="phases", value_set=["PHASE2", "PHASE3"], mostly=0.99),
        _e("expect_column_values_to_be_in_set", None, column="study_type", value_set=["INTERVENTIONAL"]),
        _e("expect_column_values_to_be_between", column="enrollment", min_value=20, max_value=400),
        _e("expect_column_values_to_be_between", column="enrollment", min_value=100, strict_min=True),
        _e("expect_column_values_to_be_between", column="enrollment", max_value=50, strict_max=True, mostly=0.2),
        _e("expect_column_values_to_be_in_set", column="enrollment", value_set=[0, 100, 200]),
        _e("expect_column_values_to_not_be_null", column="phases"),
        _e("expect_column_values_to_not_be_null", column="enrollment", mostly=0.5),
        _e("expect_column_values_to_be_between", column="min_age", min_value=18.5, max_value=60),
    ],
    "arms": [
        _e("expect_column_values_to_be_in_set", column="type", value_set=["EXPERIMENTAL"]),
        _e("expect_column_values_to_not_be_null", None, column="type"),
    ],
    "sites": [_e("expect_column_values_to_not_be_null", column="status")],
}


def _suites(tmp_path: Path, variants: bool):
    d = tmp_path / "suites"
    d.mkdir()
    for src in sorted(SHIPPED.glob("*.json")):
        data = json.loads(src.read_text())
        if variants:
            data["expectations"] = VARIANTS.get(src.stem, []) + data["expectations"]
        (d / src.name).write_text(json.dumps(data, indent=2))
    suites, problems = load_suites(d, set(TABLE_NAMES), str)
    assert problems == []
    return suites


def _hit_keys(hits):
    return [(h.table, h.row, h.column, repr(h.value) if h.value is None else str(h.value), h.rule, h.message,
             h.severity, sorted(h.values.items())) for h in hits]


def _no_gx(*_):
    raise AssertionError("the fast path must cover these suites")


@pytest.mark.parametrize("variants", [False, True], ids=["shipped", "user-variants"])
def test_fast_path_equals_great_expectations(tmp_path, views, variants):
    suites = _suites(tmp_path, variants)
    todo, frames, problems = gx_run.plan(suites, views)
    assert problems == [] and gx_run.needs_gx(todo) == []
    fast_hits, fast_findings = gx_run.run_planned(todo, frames, _no_gx)
    gx_hits, gx_findings = gx_run.validate(todo, frames)
    assert fast_findings == gx_findings == []
    assert _hit_keys(fast_hits) == _hit_keys(gx_hits)
    if variants:   # the variants must really fail rows, of every type and table
        assert len(fast_hits) > 100
        assert {(h.table, h.rule) for h in fast_hits} >= {
            ("trials", "expect_column_values_to_be_in_set"), ("trials", "expect_column_values_to_be_between"),
            ("trials", "expect_column_values_to_not_be_null"), ("arms", "expect_column_values_to_be_in_set")}


def test_uncovered_types_and_kwargs_go_to_great_expectations():
    def spec(type_, **kw):
        return ExpectationSpec(type=type_, kwargs=kw, meta={}, notes=None, severity="warning", line=None)
    assert fast.covers(spec("expect_column_values_to_be_in_set", column="phase", value_set=["PHASE1"]))
    assert not fast.covers(spec("expect_column_value_lengths_to_be_between", column="phase", max_value=3))
    assert not fast.covers(spec("expect_column_values_to_be_in_set", column="phase", value_set=["PHASE1"],
                                row_condition='study_type=="INTERVENTIONAL"'))
    assert not fast.covers(spec("expect_column_values_to_be_between", column="enrollment"))  # GX rejects it
    assert not fast.covers(spec("expect_column_values_to_be_between", column="enrollment", min_value="10"))
    assert not fast.covers(spec("expect_column_values_to_be_in_set", column="phase", value_set={"$PARAMETER": "p"}))
