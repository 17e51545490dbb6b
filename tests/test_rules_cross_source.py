"""XSRC rules: renderings of one record (seed 001 and copies of a real record) and related records
(seeds 001 and 002, hand-built teams). Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Age, Arm, Field, Intervention, Loc, Official, Trial
from auditor.pipeline import read_inputs
from auditor.vocab import parse_age, parse_date
from checks.cross_source import related_records_differ, renderings_disagree
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"


def _ctx(paths: list[Path]) -> Context:
    run = read_inputs(paths, Config())
    return Context(Config(), dt.date(2026, 11, 23), trials=run.trials, publications=run.publications)


def _f(value, raw: str, line: int, source: str = "a.txt") -> Field:
    return Field(value, raw, Loc(source, line))


def test_seed_001_summary_and_full_phase_disagree():
    ctx = _ctx([seed("001")])
    found = list(renderings_disagree(ctx))
    [f] = found
    assert (f.rule, f.record, f.severity) == ("XSRC001", "NCT01218464", "error")
    assert f.message.startswith("NCT01218464 states phase Phase 1 in ")
    assert f.message.endswith("(full).") and "but Phase 1/Phase 2 in" in f.message
    assert [(e.line, e.text) for e in f.evidence] == [(13, "Phase 1"), (164, "Phase 1, Phase 2")]


def _rendering(rendering: str, source: str, **kw) -> Trial:
    t = Trial(id="NCT00000001", source=source, format="test", rendering=rendering)
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def test_dates_at_common_precision_and_absent_values_agree():
    a = _rendering("summary", "a.txt", start_date=_f(parse_date("March 2009"), "March 2009", 3))
    b = _rendering("full", "a.txt", start_date=_f(parse_date("2009-03-15"), "2009-03-15", 30),
                   enrollment=_f(70, "70", 31))
    ctx = Context(Config(), dt.date(2026, 11, 23), trials=[a, b])
    assert list(renderings_disagree(ctx)) == []


def test_enrollment_disagreement_in_one_file():
    a = _rendering("summary", "a.txt", enrollment=_f(70, "70 participants", 3))
    b = _rendering("full", "a.txt", enrollment=_f(80, "80 (Anticipated)", 30))
    [f] = renderings_disagree(Context(Config(), dt.date(2026, 11, 23), trials=[a, b]))
    assert f.message == "NCT00000001 states enrollment 70 in a.txt (summary) but 80 in a.txt (full)."
    assert f.values == {"a.txt (summary)": "70", "a.txt (full)": "80"}


def test_files_of_different_versions_are_not_compared():
    old = _rendering("main", "2019.xml", enrollment=_f(70, "70", 3),
                     last_update_posted=_f(parse_date("May 1, 2019"), "May 1, 2019", 9))
    new = _rendering("main", "2021.xml", enrollment=_f(64, "64", 3),
                     last_update_posted=_f(parse_date("June 2, 2021"), "June 2, 2021", 9))
    assert list(renderings_disagree(Context(Config(), dt.date(2026, 11, 23), trials=[old, new]))) == []
    same = _rendering("main", "copy.xml", enrollment=_f(64, "64", 3),
                      last_update_posted=_f(parse_date("May 1, 2019"), "May 1, 2019", 9))
    [f] = renderings_disagree(Context(Config(), dt.date(2026, 11, 23), trials=[old, same]))
    assert f.message == "NCT00000001 states enrollment 70 in 2019.xml but 64 in copy.xml."


def test_real_record_read_twice_with_an_edited_phase(tmp_path):
    # NCT00003599.xml line 68 <phase>Phase 3</phase>; an identical copy agrees, an edited copy does not.
    text = (LEGACY / "NCT00003599.xml").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "NCT00003599.xml").write_text(text, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "NCT00003599.xml").write_text(text, encoding="utf-8")
    assert list(renderings_disagree(_ctx([tmp_path / "a", tmp_path / "b"]))) == []
    (tmp_path / "b" / "NCT00003599.xml").write_text(text.replace("<phase>Phase 3</phase>", "<phase>Phase 2</phase>"),
                                                    encoding="utf-8")
    [f] = renderings_disagree(_ctx([tmp_path / "a", tmp_path / "b"]))
    assert "states phase Phase 3 in" in f.message and "but Phase 2 in" in f.message
    assert [e.line for e in f.evidence] == [68, 68]


def test_seeds_001_and_002_related_by_team_differ_in_ages_and_dosing():
    ctx = _ctx([seed("001"), seed("002")])
    found = list(related_records_differ(ctx))
    assert [f.severity for f in found] == ["info", "info"]
    ages, dosing = found
    assert ages.message == ("Related records state different age limits: NCT01218464 18-70 years, NCT03945487 18-69 "
                            "years (linked by same sponsor (Beijing 302 Hospital), official (Fu-Sheng Wang, Professor) "
                            "and intervention (mesenchymal stem cell)).")
    assert ages.related == ["NCT03945487"]
    assert dosing.message.startswith("Related records give different dosing intervals for mesenchymal stem cell: "
                                     "NCT01218464 4 weeks ('once per 4 week'), NCT03945487 3 weeks ('three times at "
                                     "3-week intervals'), and doses 0.5*10E6 MSC/kg vs 1.0*10E6 UC-MSC/kg")
    quoted = {(Path(e.source).name[:3], e.line) for e in dosing.evidence}
    assert {("001", 193), ("002", 52), ("001", 106), ("001", 262), ("002", 75), ("002", 83)} <= quoted


def _team_member(rid: str, official: str, min_age: str, drug: str = "Aspirin") -> Trial:
    return Trial(id=rid, source=f"{rid}.txt", format="test",
                 lead_sponsor=_f("Acme Hospital", "Acme Hospital", 1, f"{rid}.txt"),
                 officials=[Official(name=_f(official, official, 2, f"{rid}.txt"))],
                 interventions=[Intervention(name=_f(drug, drug, 3, f"{rid}.txt"))],
                 min_age=_f(parse_age(min_age), min_age, 4, f"{rid}.txt"))


def test_team_link_needs_the_same_official_and_intervention():
    a = _team_member("NCT00000001", "Jane Q. Doe, MD", "18 Years")
    b = _team_member("NCT00000002", "Doe, Jane Q", "21 Years")
    [f] = related_records_differ(Context(Config(), dt.date(2026, 11, 23), trials=[a, b]))
    assert f.message.startswith("Related records state different age limits: NCT00000001 18 years-no maximum, "
                                "NCT00000002 21 years-no maximum")
    other_person = _team_member("NCT00000002", "John Roe, MD", "21 Years")
    assert list(related_records_differ(Context(Config(), dt.date(2026, 11, 23), trials=[a, other_person]))) == []
    other_drug = _team_member("NCT00000002", "Jane Q. Doe, MD", "21 Years", drug="Ibuprofen")
    assert list(related_records_differ(Context(Config(), dt.date(2026, 11, 23), trials=[a, other_drug]))) == []


def test_a_programme_of_many_team_studies_is_not_compared():
    # Four sibling studies of one team and product: deliberate differences, no pairwise findings.
    team = [_team_member(f"NCT0000000{i}", "Jane Q. Doe, MD", f"{18 + i} Years") for i in range(1, 5)]
    assert list(related_records_differ(Context(Config(), dt.date(2026, 11, 23), trials=team))) == []


def test_records_naming_each_other_are_related():
    a = _team_member("NCT00000001", "Jane Q. Doe, MD", "18 Years")
    b = Trial(id="NCT00000009", source="b.txt", format="test",
              min_age=_f(Age(16, "years", 16.0), "16 Years", 4, "b.txt"),
              related_ids=[_f("NCT00000001", "NCT00000001", 7, "b.txt")], arms=[Arm()])
    [f] = related_records_differ(Context(Config(), dt.date(2026, 11, 23), trials=[a, b]))
    assert f.message.endswith("(linked by NCT00000009 names NCT00000001).")
