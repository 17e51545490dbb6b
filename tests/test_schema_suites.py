"""Great Expectations suites: the shipped ones, one a user adds by editing JSON, malformed ones,
and the split with pandera (one finding per problem)."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import load_config
from auditor.schema import gx_run
from auditor.schema.suites import load_suites, suites_dir
from schema_support import (INTERVENTIONAL_ONLY, LEGACY, SHIPPED, V2_OBSERVATIONAL, V2_RESULTS, audit, by_rule, config,
                            edited, suites_copy)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def test_shipped_suites_load_and_pass_on_real_records():
    suites, problems = load_suites(SHIPPED, {"trials", "arms", "interventions", "sites", "criteria", "outcomes",
                                             "analyses", "documents", "secondary_ids"}, str)
    assert problems == []
    assert [s.table for s in suites] == ["analyses", "arms", "interventions", "outcomes", "sites", "trials"]
    assert audit([V2_RESULTS, V2_OBSERVATIONAL, LEGACY], config(SHIPPED)) == []


def test_bundled_suites_are_the_default_and_null_turns_them_off(tmp_path):
    assert suites_dir(config(SHIPPED)) == SHIPPED
    cfg = tmp_path / "c.yaml"
    cfg.write_text("today: 2026-11-23\n")
    assert suites_dir(load_config(cfg)) == SHIPPED.resolve()
    cfg.write_text("expectations_dir: null\n")
    assert suites_dir(load_config(cfg)) is None


def test_user_added_expectation_shows_up_as_findings(tmp_path):
    suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY]})
    cfg_file = tmp_path / "config.yaml"
    cfg_file.write_text("expectations_dir: suites\n")      # relative to the config file
    cfg = load_config(cfg_file)
    [hit] = audit([V2_OBSERVATIONAL], cfg)
    assert hit.rule == "expect_column_values_to_be_in_set" and hit.category == "schema"
    assert hit.severity == "warning" and hit.record == "NCT05594173"
    assert hit.message == "Only interventional studies belong in this portfolio (study type is 'OBSERVATIONAL')."
    # NCT05594173.json line 89: "studyType": "OBSERVATIONAL"
    assert (hit.evidence[0].line, hit.evidence[0].text) == (89, "OBSERVATIONAL")
    assert hit.fields == ["designModule.studyType"] and hit.values["suite"].endswith("suites/trials.json")
    # The same suite passes an interventional record, and the shipped suites pass this one.
    assert audit([V2_RESULTS], cfg) == []
    assert audit([V2_OBSERVATIONAL], config(SHIPPED)) == []


def test_suite_severities_map_to_ours(tmp_path):
    info = dict(INTERVENTIONAL_ONLY, severity="info")
    critical = {"type": "expect_column_values_to_be_between", "kwargs": {"column": "enrollment", "max_value": 10},
                "severity": "critical", "notes": "Small studies only"}
    d = suites_copy(tmp_path, {"trials": [info, critical]})
    found = {f.rule: f for f in audit([V2_OBSERVATIONAL], config(d))}
    assert found["expect_column_values_to_be_in_set"].severity == "info"
    between = found["expect_column_values_to_be_between"]
    # NCT05594173.json line 96: "count": 20
    assert between.severity == "error" and between.message == "Small studies only (enrollment is '20')."
    assert between.evidence[0].line == 96


def test_aggregate_expectation_is_one_table_finding(tmp_path):
    rows = {"type": "expect_table_row_count_to_be_between", "kwargs": {"max_value": 0},
            "notes": "This run should hold no arms"}
    d = suites_copy(tmp_path, {"arms": [rows]})
    [hit] = audit([V2_RESULTS], config(d))
    assert hit.rule == "expect_table_row_count_to_be_between" and hit.record == "(corpus)"
    assert hit.message == "This run should hold no arms (table arms: observed 2)."
    assert hit.evidence[0].source.endswith("suites/arms.json")
    assert hit.evidence[0].line == line_of(d / "arms.json", "expect_table_row_count_to_be_between")


@pytest.mark.parametrize("bad, problem", [
    ({"type": "expect_column_values_to_be_fancy", "kwargs": {"column": "phases"}},
     "'expect_column_values_to_be_fancy' is not a Great Expectations expectation type"),
    ({"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "no_such_column", "value_set": ["X"]}},
     "expectation expect_column_values_to_be_in_set names column 'no_such_column', which table trials does not have"),
    ({"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "phases"}, "severity": "fatal"},
     "expectation 14 (expect_column_values_to_be_in_set): severity 'fatal' is not one of critical, warning, info"),
])
def test_malformed_expectation_is_an_input_finding_and_the_rest_still_runs(tmp_path, bad, problem):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY, bad]})
    found = audit([V2_OBSERVATIONAL], config(d))
    [p] = by_rule(found, "SUITE001")
    assert p.category == "input" and p.severity == "error"
    assert p.message == f"Expectation suite {(d / 'trials.json').as_posix()} could not be used as written: {problem}."
    lines = (d / "trials.json").read_text().splitlines()
    assert p.evidence[0].line == max(i for i, ln in enumerate(lines, 1) if f'"type": "{bad["type"]}"' in ln)
    assert len(by_rule(found, "expect_column_values_to_be_in_set")) == 1


def test_expectation_gx_rejects_is_an_input_finding(tmp_path):
    d = suites_copy(tmp_path, {"trials": [{"type": "expect_column_values_to_be_in_set",
                                           "kwargs": {"column": "phases"}}]})
    [p] = by_rule(audit([V2_OBSERVATIONAL], config(d)), "SUITE001")
    assert "expectation expect_column_values_to_be_in_set is not valid" in p.message


def test_bad_json_and_wrong_names_are_input_findings(tmp_path):
    d = suites_copy(tmp_path)
    (d / "arms.json").write_text('{"name": "arms", "expectations": [\n  {"type": "x",\n')
    (d / "trial.json").write_text('{"expectations": []}')
    (d / "sites.json").write_text('[]')
    found = audit([V2_RESULTS], config(d))
    msgs = sorted((p.evidence[0].source.rsplit("/", 1)[-1], p.message.split(": ", 1)[1], p.evidence[0].line)
                  for p in by_rule(found, "SUITE001"))
    assert msgs == [
        ("arms.json", "not valid JSON: Expecting property name enclosed in double quotes at line 3 column 1.", 3),
        ("sites.json", 'the top level must be an object with an "expectations" list.', 1),
        ("trial.json", "the file name must be a table name (analyses, arms, criteria, documents, interventions, "
                       "outcomes, secondary_ids, sites, trials).", None),
    ]
    assert [f for f in found if f.rule != "SUITE001"] == []


def test_missing_expectations_dir_is_an_input_finding(tmp_path):
    [p] = audit([V2_RESULTS], config(tmp_path / "nowhere"))
    assert p.rule == "SUITE001" and "expectations_dir is not a folder" in p.message


def test_no_suites_means_no_great_expectations(tmp_path, monkeypatch):
    def boom():
        raise AssertionError("Great Expectations must not be started")
    monkeypatch.setattr(gx_run, "_gx", boom)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert audit([V2_RESULTS], config(empty)) == []
    assert audit([V2_RESULTS], config(None)) == []


def test_value_failing_pandera_and_a_suite_is_reported_once(tmp_path):
    f = edited(V2_RESULTS, tmp_path, '"PHASE2"', '"PHASE5"')
    found = audit([f], config(SHIPPED))
    # pandera (SCH001) and trials.json's phases value_set both reject PHASE5: one finding.
    assert [(h.rule, h.evidence[0].line) for h in found] == [("SCH001", 78)]


def test_suite_only_check_is_reported_by_the_suite(tmp_path):
    # PHASE1 and PHASE3 are each valid (pandera passes them) but not a combination the registry allows.
    f = edited(V2_RESULTS, tmp_path, '"PHASE2"', '"PHASE1", "PHASE3"')
    [hit] = audit([f], config(SHIPPED))
    assert hit.rule == "expect_column_values_to_be_in_set" and hit.severity == "warning"
    assert hit.message == ("The phase must be one phase or one of the two combinations the registry allows "
                           "(Phase 1/Phase 2, Phase 2/Phase 3) (phase is 'PHASE1|PHASE3').")
    assert hit.evidence[0].line == 78
    assert audit([f], config(None)) == []


def test_config_can_switch_off_a_suite_rule(tmp_path):
    d = suites_copy(tmp_path, {"trials": [INTERVENTIONAL_ONLY]})
    cfg = config(d)
    cfg.ignore = ["expect_column_values_to_be_in_set"]
    assert audit([V2_OBSERVATIONAL], cfg) == []
