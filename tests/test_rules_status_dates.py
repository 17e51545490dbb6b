"""DATE rules: hand-built records for each branch, the seeds, and real corpus records (edited copies
for the positive or negative twin). Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Field, Loc, Site, Trial
from auditor.pipeline import read_inputs
from auditor.vocab import enum_value, parse_date
from checks import status_dates as sd
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
TODAY = dt.date(2026, 11, 23)
ALL = (sd.dates_out_of_order, sd.actual_in_future, sd.actual_after_last_update, sd.anticipated_past_at_verification,
       sd.anticipated_past_today, sd.site_recruiting_in_closed_study, sd.site_recruiting_status_mismatch,
       sd.active_after_completion, sd.retrospective_registration, sd.stale_active_record,
       sd.ended_with_anticipated_dates)


def _date(text: str, line: int, hint: str | None = None) -> Field:
    return Field(parse_date(text, hint), text, Loc("t.txt", line))


def _status(text: str, line: int = 1) -> Field:
    return Field(enum_value("Status", text), text, Loc("t.txt", line))


def _trial(**kw) -> Trial:
    t = Trial(id="NCT00000001", source="t.txt", format="test")
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def _run(trial: Trial, today: dt.date = TODAY, explicit: bool = True) -> list:
    """The rules as with `--today TODAY` (explicit) or with the date only as the run date."""
    ctx = Context(Config(today=today if explicit else None), today)
    return [f for rule in ALL for f in rule(trial, ctx)]


def _rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


def _file_findings(path: Path, today: dt.date = TODAY) -> list:
    out = []
    for t in read_inputs([path], Config()).trials:
        out += _run(t, today)
    return out


# ---- DATE001 order -----------------------------------------------------------------------------

def test_primary_completion_before_start():
    t = _trial(start_date=_date("June 2012", 5), primary_completion_date=_date("May 2011", 6),
               completion_date=_date("May 2013", 7))
    [f] = [f for f in _run(t) if f.rule == "DATE001"]
    assert f.message == "The primary completion date (May 2011) is before the study start date (June 2012)."
    assert [(e.line, e.text) for e in f.evidence] == [(5, "June 2012"), (6, "May 2011")]
    assert f.values == {"study start": "2012-06", "primary completion": "2011-05"}


def test_dates_at_different_precision_do_not_contradict():
    # 'March 2009' spans the whole month: a primary completion on March 15, 2009 is not before it.
    t = _trial(start_date=_date("March 2009", 1), primary_completion_date=_date("2009-03-15", 2),
               completion_date=_date("2009-03", 3))
    assert [f for f in _run(t) if f.rule == "DATE001"] == []


def test_start_after_completion_found_through_a_coarse_middle_date():
    # primary completion '2010' agrees with both; start June 15 after completion March 10 does not.
    t = _trial(start_date=_date("2010-06-15", 1), primary_completion_date=_date("2010", 2),
               completion_date=_date("2010-03-10", 3))
    [f] = [f for f in _run(t) if f.rule == "DATE001"]
    assert f.message == "The study completion date (2010-03-10) is before the study start date (2010-06-15)."


# ---- DATE002 / DATE003 actual dates ----------------------------------------------------------------

def test_actual_date_in_the_future():
    t = _trial(primary_completion_date=_date("2031-05 (Actual)", 9))
    [f] = [f for f in _run(t) if f.rule == "DATE002"]
    assert f.message == "The actual primary completion date 2031-05 is after today (2026-11-23)."


def test_actual_date_in_the_current_month_or_anticipated_is_not_future():
    t = _trial(primary_completion_date=_date("2026-11 (Actual)", 9), completion_date=_date("2031-05 (Anticipated)", 10))
    assert [f for f in _run(t) if f.rule == "DATE002"] == []


def test_actual_date_after_last_update():
    t = _trial(completion_date=_date("December 2016", 4, "Actual"), last_update_posted=_date("March 3, 2015", 20))
    [f] = [f for f in _run(t) if f.rule == "DATE003"]
    assert f.message == ("The actual study completion date December 2016 is after the record's last update "
                         "(March 3, 2015).")
    assert {e.line for e in f.evidence} == {4, 20}


def test_actual_date_in_the_month_of_the_last_update_is_fine():
    t = _trial(completion_date=_date("March 2015", 4, "Actual"), last_update_posted=_date("March 3, 2015", 20))
    assert [f for f in _run(t) if f.rule == "DATE003"] == []


# ---- DATE004 / DATE005 anticipated dates -------------------------------------------------------

def test_anticipated_date_long_past_at_verification():
    t = _trial(overall_status=_status("Unknown status"),
               primary_completion_date=_date("December 2010", 3, "Anticipated"), status_verified=_date("May 2013", 2))
    [f] = [f for f in _run(t) if f.rule in ("DATE004", "DATE005")]
    assert f.rule == "DATE004"
    assert f.message == ("The primary completion date (December 2010) is still anticipated although it was at least "
                         "2 years past when the record was last verified (May 2013).")


def test_anticipated_date_recent_at_verification_is_reported_only_against_today():
    # Seed-like: verified May 2013, anticipated March 2014 -> right when written, overdue now (info).
    t = _trial(overall_status=_status("Unknown status"), primary_completion_date=_date("March 2014", 3, "Anticipated"),
               status_verified=_date("May 2013", 2))
    [f] = [f for f in _run(t) if f.rule in ("DATE004", "DATE005")]
    assert (f.rule, f.severity) == ("DATE005", "info")
    assert f.message.startswith("The primary completion date (March 2014) is still anticipated, at least 12 years past")
    assert [f for f in _run(t, dt.date(2014, 6, 1)) if f.rule in ("DATE004", "DATE005")] == []


def test_withdrawn_study_keeps_anticipated_dates():
    t = _trial(overall_status=_status("Withdrawn"), start_date=_date("January 2009", 3, "Anticipated"),
               status_verified=_date("May 2013", 2))
    assert [f for f in _run(t) if f.rule in ("DATE004", "DATE005", "DATE011")] == []


def test_real_record_anticipated_completion_past_at_verification():
    # NCT00497939.xml line 32 <completion_date type="Anticipated">March 2008, line 139 verified July 2010.
    [f] = [f for f in _file_findings(LEGACY / "NCT00497939.xml") if f.rule == "DATE004"]
    assert f.message == ("The study completion date (March 2008) is still anticipated although it was at least "
                         "2 years past when the record was last verified (July 2010).")
    assert {e.line for e in f.evidence} == {32, 139}


# ---- DATE006 / DATE007 site statuses -------------------------------------------------------------

def _site(status: str, line: int, name: str = "City Hospital") -> Site:
    return Site(facility=Field(name, name, Loc("t.txt", line - 1)),
                status=Field(enum_value("RecruitmentStatus", status), status, Loc("t.txt", line)))


def test_site_recruiting_in_completed_study_is_an_error():
    t = _trial(overall_status=_status("Completed", 2), sites=[_site("Recruiting", 40), _site("Completed", 44, "B")])
    [f] = [f for f in _run(t) if f.rule.startswith("DATE00") and f.rule in ("DATE006", "DATE007")]
    assert (f.rule, f.severity) == ("DATE006", "error")
    assert f.message == ("1 site is still listed as Recruiting (City Hospital) while the overall status is "
                         "'Completed'; a recruiting site requires the overall status Recruiting.")


def test_recruiting_site_in_recruiting_study_is_fine():
    t = _trial(overall_status=_status("Recruiting", 2), sites=[_site("Recruiting", 40)])
    assert [f for f in _run(t) if f.rule in ("DATE006", "DATE007")] == []


def test_seed_000_sites_recruiting_while_status_unknown():
    fs = [f for f in _file_findings(seed("000")) if f.rule == "DATE007"]
    [f] = fs
    # A page gives no last known status: the registry may have set Unknown itself, so info only.
    assert f.severity == "info"
    assert f.message.startswith("3 sites are still listed as Recruiting (e.g. Asian American Liver Centre")
    assert [(e.line, e.text) for e in f.evidence] == [(19, "UNKNOWN"), (218, "RECRUITING"), (224, "RECRUITING"),
                                                     (230, "RECRUITING")]


def test_seed_001_site_recruiting_while_status_unknown():
    # Both renderings say it: merged by the pipeline into one finding, here one per rendering.
    fs = [f for f in _file_findings(seed("001")) if f.rule == "DATE007"]
    assert len(fs) == 2
    lines = sorted(e.line for f in fs for e in f.evidence)
    assert lines == [11, 56, 125, 279]
    assert all("(Beijing 302 Hospital)" in f.message and "'Unknown status'" in f.message for f in fs)


def test_real_record_site_recruiting_edited_to_completed(tmp_path):
    # NCT00005768.xml line 39 'Unknown status', line 40 last known status Recruiting, line 95 site
    # <status>Recruiting</status>: the registry's own Unknown status explains the site, so silent.
    original = _file_findings(LEGACY / "NCT00005768.xml")
    assert [f.rule for f in original if f.rule in ("DATE006", "DATE007")] == []
    text = (LEGACY / "NCT00005768.xml").read_text(encoding="utf-8")
    was_active = tmp_path / "was_active.xml"
    was_active.write_text(text.replace("<last_known_status>Recruiting</last_known_status>",
                                       "<last_known_status>Active, not recruiting</last_known_status>"),
                          encoding="utf-8")
    [f] = [f for f in _file_findings(was_active) if f.rule in ("DATE006", "DATE007")]
    assert (f.rule, f.severity) == ("DATE007", "warning")
    assert "'Unknown status' with last known status 'Active, not recruiting'" in f.message
    assert sorted(e.line for e in f.evidence) == [39, 40, 95]
    closed = tmp_path / "closed.xml"
    closed.write_text(text.replace("<overall_status>Unknown status</overall_status>",
                                   "<overall_status>Completed</overall_status>"), encoding="utf-8")
    assert [f.rule for f in _file_findings(closed) if f.rule in ("DATE006", "DATE007")] == ["DATE006"]
    active = tmp_path / "active.xml"
    active.write_text(text.replace("<overall_status>Unknown status</overall_status>",
                                   "<overall_status>Recruiting</overall_status>"), encoding="utf-8")
    assert [f.rule for f in _file_findings(active) if f.rule in ("DATE006", "DATE007")] == []


# ---- DATE008 active after completion ------------------------------------------------------------

def test_recruiting_long_after_completion():
    t = _trial(overall_status=_status("Recruiting", 2), completion_date=_date("June 2015", 5, "Anticipated"),
               status_verified=_date("August 2017", 3))
    [f] = [f for f in _run(t) if f.rule == "DATE008"]
    assert f.message == ("The overall status is 'Recruiting' although the anticipated study completion date June 2015 "
                         "was 2 years past when the record was last verified (August 2017).")
    # The same date is not reported again as an anticipated date (DATE004).
    assert [f for f in _run(t) if f.rule == "DATE004"] == []


def test_recruiting_before_completion_is_fine():
    t = _trial(overall_status=_status("Recruiting", 2), completion_date=_date("June 2015", 5, "Anticipated"),
               status_verified=_date("August 2015", 3))
    assert [f for f in _run(t) if f.rule == "DATE008"] == []


# ---- DATE009 retrospective registration --------------------------------------------------------

def test_seed_001_registered_after_start():
    [f] = [f for f in _file_findings(seed("001")) if f.rule == "DATE009"]
    assert f.message == ("The study was first posted on October 8, 2010, at least 18 months after it started "
                         "(March 2009): registered retrospectively.")
    assert [(e.line, e.text) for e in f.evidence] == [(127, "March 2009 (undefined)"), (102, "October 8, 2010")]


def test_registration_within_the_window_or_before_2005_or_observational_is_fine():
    interventional = Field("INTERVENTIONAL", "Interventional", Loc("t.txt", 1))
    soon = _trial(study_type=interventional, start_date=_date("March 2009", 2), first_posted=_date("April 10, 2009", 3))
    old = _trial(study_type=interventional, start_date=_date("March 1999", 2), first_posted=_date("October 8, 2010", 3))
    obs = _trial(study_type=Field("OBSERVATIONAL", "Observational", Loc("t.txt", 1)),
                 start_date=_date("March 2009", 2), first_posted=_date("October 8, 2010", 3))
    for t in (soon, old, obs):
        assert [f for f in _run(t) if f.rule == "DATE009"] == []


def test_real_record_retrospective_and_edited_prospective(tmp_path):
    # NCT00497315.xml line 45 start 'February 2006', line 184 first submitted 'July 4, 2007'.
    [f] = [f for f in _file_findings(LEGACY / "NCT00497315.xml") if f.rule == "DATE009"]
    assert f.message == ("The study was first submitted on July 4, 2007, at least 16 months after it started "
                         "(February 2006): registered retrospectively.")
    text = (LEGACY / "NCT00497315.xml").read_text(encoding="utf-8")
    assert "<study_first_submitted>July 4, 2007</study_first_submitted>" in text
    edited = tmp_path / "prospective.xml"
    edited.write_text(text.replace("<study_first_submitted>July 4, 2007</study_first_submitted>",
                                   "<study_first_submitted>March 1, 2006</study_first_submitted>"), encoding="utf-8")
    assert [f for f in _file_findings(edited) if f.rule == "DATE009"] == []


# ---- DATE010 stale active record -----------------------------------------------------------------

def test_recruiting_record_not_updated_for_years():
    t = _trial(overall_status=_status("Recruiting", 2), last_update_posted=_date("March 1, 2019", 30),
               status_verified=_date("March 2019", 29))
    [f] = [f for f in _run(t) if f.rule == "DATE010"]
    assert (f.severity, f.message) == ("info", "The record is 'Recruiting' but was last updated or verified 7 years "
                                               "before its reference date (last update posted March 1, 2019; record "
                                               "verified March 2019; as of 2026-11-23 (--today)).")
    fresh = _trial(overall_status=_status("Recruiting", 2), last_update_posted=_date("January 5, 2026", 30))
    assert [f for f in _run(fresh) if f.rule == "DATE010"] == []


# ---- DATE011 ended study with anticipated dates ---------------------------------------------------

def test_real_terminated_record_with_anticipated_dates(tmp_path):
    # NCT00006187.xml line 44 'Terminated', lines 45-46 completion/primary completion 'June 2005' Anticipated.
    [f] = [f for f in _file_findings(LEGACY / "NCT00006187.xml") if f.rule == "DATE011"]
    assert f.message == ("The study is 'Terminated' but the primary completion and study completion dates "
                         "(June 2005) are still marked anticipated.")
    text = (LEGACY / "NCT00006187.xml").read_text(encoding="utf-8")
    edited = tmp_path / "actual.xml"
    edited.write_text(text.replace('type="Anticipated"', 'type="Actual"'), encoding="utf-8")
    assert [f for f in _file_findings(edited) if f.rule == "DATE011"] == []


def test_completed_with_actual_dates_is_fine():
    t = _trial(overall_status=_status("Completed", 2), start_date=_date("May 2010", 3, "Actual"),
               primary_completion_date=_date("May 2012", 4, "Actual"))
    assert _rules(_run(t)) == []


# ---- the record's own reference date ------------------------------------------------------------

def test_snapshot_date_is_read_in_every_structured_format():
    # Read off the files: NCT00005768.xml line 5 'processed this data on February 03, 2023';
    # classic NCT00023673.json 'VersionHolder': 'October 18, 2023'; v2 bulk NCT00007696.json versionHolder.
    xml = read_inputs([LEGACY / "NCT00005768.xml"], Config()).trials[0]
    assert (xml.snapshot_date.value.iso, xml.snapshot_date.loc.line) == ("2023-02-03", 5)
    assert xml.last_known_status.value == "RECRUITING"
    classic = read_inputs([CORPUS / "ctgov-classic-api-v1-json" / "NCT00023673.json"], Config()).trials[0]
    assert classic.snapshot_date.value.iso == "2023-10-18"


def test_stale_rules_judge_the_record_at_its_snapshot(tmp_path):
    # NCT00005768.xml: Unknown status, verified December 2003 (line 108), last update posted
    # June 24, 2005 (line 114); the snapshot (line 5) is February 03, 2023. Edited copy: status
    # Recruiting, last update one month before the snapshot -> current at its snapshot, nothing stale.
    text = (LEGACY / "NCT00005768.xml").read_text(encoding="utf-8")
    assert "<download_date>ClinicalTrials.gov processed this data on February 03, 2023</download_date>" in text
    fresh = text.replace("<overall_status>Unknown status</overall_status>",
                         "<overall_status>Recruiting</overall_status>")
    fresh = re.sub(r"(<last_update_posted[^>]*>)[^<]*<", r"\1January 3, 2023<", fresh)
    p = tmp_path / "fresh.xml"
    p.write_text(fresh, encoding="utf-8")
    trial = read_inputs([p], Config()).trials[0]
    late = _run(trial, dt.date(2026, 12, 3), explicit=False)
    assert [f.rule for f in late if f.rule in ("DATE005", "DATE010")] == []
    # The same record audited with an explicit --today four years on is stale.
    [f] = [f for f in _run(trial, dt.date(2027, 6, 1)) if f.rule == "DATE010"]
    assert "as of 2027-06-01 (--today)" in f.message
    # Last updated two years before its snapshot: stale as of the snapshot, and the finding says so.
    old = p.with_name("old.xml")
    old.write_text(fresh.replace("January 3, 2023<", "January 3, 2020<"), encoding="utf-8")
    trial = read_inputs([old], Config()).trials[0]
    [f] = [f for f in _run(trial, dt.date(2026, 12, 3), explicit=False) if f.rule == "DATE010"]
    assert "as of 2023-02-03 (the record's data snapshot)" in f.message
    assert f.values["reference date"] == "2023-02-03"
    assert 5 in {e.line for e in f.evidence}
