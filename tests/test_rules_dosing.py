"""dosing rules (DOSE001, DOSE002) on the seeds, a real corpus record and edited copies.
Line numbers and texts were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Arm, Field, Intervention, Loc, Trial
from auditor.pipeline import read_inputs
from checks.dosing import linked_schedule_conflict, named_schedule_conflict
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CTX = Context(Config(), dt.date(2026, 11, 23))


def _findings(path: Path):
    out = []
    for t in read_inputs([path], Config()).trials:
        out += list(named_schedule_conflict(t, CTX)) + list(linked_schedule_conflict(t, CTX))
    return out


def _edit_line(tmp_path: Path, src: Path, line: int, old: str, new: str) -> Path:
    lines = src.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    dst = tmp_path / src.name
    dst.write_text("\n".join(lines), encoding="utf-8")
    return dst


def test_seeds_have_no_dosing_conflict():
    # 001: both interventions 'once per 4 week' (lines 193, 199); 002: arm and intervention both
    # 'three times at 3-week intervals' (lines 44, 52); 000: a single dose only.
    for prefix in ("000", "001", "002", "004"):
        assert _findings(seed(prefix)) == [], prefix


def test_dose001_seed_001_arm_names_the_product_with_another_interval(tmp_path):
    path = _edit_line(tmp_path, seed("001"), 181, "plus a dose of MSC from day 0",
                      "plus a dose of MSC every 3 weeks from day 0")
    f, = _findings(path)
    assert (f.rule, f.severity, f.record) == ("DOSE001", "error", "NCT01218464")
    assert f.message == ('The dosing interval of "Conventional plus MSC treatment" is 3 weeks in the arm '
                         '"Conventional plus MSC treatment" description but 4 weeks in the intervention '
                         '"Conventional plus MSC treatment" description.')
    assert [(e.line, e.highlight) for e in f.evidence] == [(181, "every 3 weeks"), (193, "once per 4 week")]


def test_dose001_and_dose002_real_record_edited(tmp_path, corpus):
    src = LEGACY / "NCT00000135.xml"
    # line 88: arm 'MSL-109' '... every 2 weeks 60 mg.'; line 98: intervention 'MSL-109' '... every two weeks ...'
    # line 93: arm 'Placebo' '... every 2 weeks 60 mg.'; line 105: intervention 'Placebo' '... every two weeks ...'
    assert _findings(src) == []
    named = _edit_line(tmp_path, src, 88, "every 2 weeks 60 mg", "every 3 weeks 60 mg")
    f, = _findings(named)
    assert (f.rule, f.severity) == ("DOSE001", "error")
    assert f.message == ('The dosing interval of "MSL-109" is 3 weeks in the arm "MSL-109" description but 2 weeks '
                         'in the intervention "MSL-109" description.')
    assert [(e.line, e.highlight) for e in f.evidence] == [(88, "every 3 weeks"), (98, "every two weeks")]
    # 'Placebo' names no product: the arm's schedule is tied to the arm's only intervention
    linked = _edit_line(tmp_path, src, 105, "every two weeks", "every four weeks")
    f, = _findings(linked)
    assert (f.rule, f.severity) == ("DOSE002", "warning")
    assert f.message == ('The dosing interval of "Placebo" is 2 weeks in the arm "Placebo" description but 4 weeks '
                         'in the intervention "Placebo" description.')
    assert [(e.line, e.highlight) for e in f.evidence] == [(93, "every 2 weeks"), (105, "every four weeks")]


def test_dose001_real_record_bid_in_summary_daily_in_intervention(tmp_path, corpus):
    src = LEGACY / "NCT00498836.xml"
    # line 27-28: 'sorafenib 400 mg b.i.d. (twice daily) every day'; line 81: '400 mg/day, daily dosing'
    f, = _findings(src)
    assert (f.rule, f.severity) == ("DOSE001", "error")
    assert f.message == ('The dosing interval of "Sorafenib (Nexavar)" is 12 hours in the brief summary but 1 day in '
                         'the intervention "Sorafenib (Nexavar)" description.')
    assert [(e.line, e.highlight) for e in f.evidence] == [(27, "b.i.d."), (81, "daily")]
    fixed = _edit_line(tmp_path, src, 28, "sorafenib 400 mg b.i.d. (twice daily) every day",
                       "sorafenib 400 mg once daily every day")
    assert _findings(fixed) == []


def _trial(arms: list[tuple[str, str]], interventions: list[tuple[str, str, list[str]]], summary: str = "") -> Trial:
    def f(v: str, line: int) -> Field:
        return Field(v, v, Loc("t.json", line))
    return Trial(
        id="T", source="t.json", format="test",
        brief_summary=f(summary, 1) if summary else None,
        arms=[Arm(label=f(a, 10 + n), description=f(d, 20 + n)) for n, (a, d) in enumerate(arms)],
        interventions=[Intervention(name=f(nm, 30 + n), description=f(d, 40 + n), arm_labels=[f(x, 50) for x in lab])
                       for n, (nm, d, lab) in enumerate(interventions)])


def test_dose_groups_in_two_arms_are_not_compared():
    t = _trial([("Low", "Zoledronate 1 mg/kg every 2 weeks"), ("High", "Zoledronate 3 mg/kg every 3 weeks")],
               [("Zoledronate", "Zoledronate given every 3 weeks", ["Low", "High"])])
    assert list(named_schedule_conflict(t, CTX)) == [] and list(linked_schedule_conflict(t, CTX)) == []


def test_daily_dosing_and_cycle_length_are_not_compared():
    t = _trial([("A", "Lenalidomide 15 mg PO daily for 21 days.")],
               [("Lenalidomide", "15 mg PO Daily for 21 Days Every 28 Days", ["A"])],
               summary="Patients take lenalidomide daily; courses repeat every 28 days.")
    assert list(named_schedule_conflict(t, CTX)) == []


def test_follow_up_visits_are_not_a_dosing_interval():
    t = _trial([("A", "Zoledronate infusions every 3 weeks. Patients are seen for follow-up every 4 weeks.")],
               [("Zoledronate", "Zoledronate 4 mg IV every 3 weeks", ["A"])])
    assert list(named_schedule_conflict(t, CTX)) == []


def test_count_conflict_in_memory():
    t = _trial([("A", "Zoledronate: three infusions at 4-week intervals")],
               [("Zoledronate", "Zoledronate is infused four times at 4-week intervals.", ["A"])])
    f, = named_schedule_conflict(t, CTX)
    assert f.message == ('The dosing number of administrations of "Zoledronate" is 3 administrations in the arm "A" '
                         'description but 4 administrations in the intervention "Zoledronate" description.')
    # the same arm text without the product name is tied to the arm's only intervention: DOSE002
    t = _trial([("A", "Three infusions at 4-week intervals")],
               [("Zoledronate", "Zoledronate is infused four times at 4-week intervals.", ["A"])])
    assert list(named_schedule_conflict(t, CTX)) == []
    assert [f.rule for f in linked_schedule_conflict(t, CTX)] == ["DOSE002"]
