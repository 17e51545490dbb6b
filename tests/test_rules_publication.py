"""PUB and OUT rules: the seed paper (003) against its related records (001, 002), hand-built
papers against their own record, and the real (registry record, paper) pairs with edited twins.
Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Arm, Field, Intervention, Loc, Outcome, Publication, Section, Trial
from auditor.pipeline import read_inputs
from auditor.vocab import find_registry_ids, parse_age
from checks.outcomes import outcome_switched, outcome_unmatched
from checks.publication_registry import paper_ages, paper_design, paper_dosing, paper_enrollment, paper_vs_related
from conftest import CORPUS, seed

PAIRS = CORPUS / "pairs-registry-paper"
OWN_RULES = (paper_design, paper_enrollment, paper_dosing, paper_ages, outcome_switched, outcome_unmatched)


def _ctx(paths: list[Path]) -> Context:
    run = read_inputs(paths, Config())
    return Context(Config(), dt.date(2026, 11, 23), trials=run.trials, publications=run.publications)


def _run(ctx: Context, rules=OWN_RULES + (paper_vs_related,)) -> list:
    return [f for p in ctx.publications for r in rules for f in r(p, ctx)]


# ---- the seed paper against related records -------------------------------------------------------

def _seed_findings():
    ctx = _ctx([seed("001"), seed("002"), seed("003")])
    found = _run(ctx)
    assert {f.rule for f in found} == {"PUB005"}, [f.rule for f in found]
    assert {f.severity for f in found} == {"info"}
    return found


def test_seed_003_dosing_interval_differs_from_related_002():
    [f] = [f for f in _seed_findings() if "between doses" in f.message]
    assert f.related == ["NCT03945487"]
    assert f.message.startswith("The paper gives 4 weeks between doses of mesenchymal stem cell ('three times of "
                                "UC-MSC infusions at 4-week intervals') while NCT03945487 registers 3 weeks "
                                "('three times at 3-week intervals')")
    assert "NCT03945487 is a related record (NCT03945487 names the paper's registration NCT01220492)" in f.message
    quoted = [(Path(e.source).name[:3], e.line) for e in f.evidence]
    assert quoted[:4] == [("003", 20), ("003", 57), ("003", 64), ("002", 52)]
    assert ("003", 52) in quoted and ("002", 19) in quoted     # the paper's registration, and 002 naming it


def test_seed_003_ages_differ_from_related_002_and_001():
    ages = sorted((f.related[0], f.message.split(";")[0]) for f in _seed_findings() if "eligible ages" in f.message)
    assert ages == [("NCT01218464", "The paper's eligible ages 18-65 years differ from NCT01218464's 18-70 years"),
                    ("NCT03945487", "The paper's eligible ages 18-65 years differ from NCT03945487's 18-69 years")]
    [f] = [f for f in _seed_findings() if "eligible ages" in f.message and f.related == ["NCT03945487"]]
    assert [(Path(e.source).name[:3], e.line) for e in f.evidence][:3] == [("003", 53), ("002", 69), ("002", 70)]


def test_seed_003_enrollment_differs_from_related_002():
    [f] = [f for f in _seed_findings() if f.related == ["NCT03945487"] and "enrollment" in f.message]
    assert f.message.startswith("The paper reports planned 100 per group (200), planned 125 per group (250), "
                                "screened 252, enrolled 219, randomized 250, analysed 219 participants while "
                                "NCT03945487 registers an enrollment of 200;")
    lines = [e.line for e in f.evidence if Path(e.source).name.startswith("003")]
    assert lines[:5] == [20, 73, 80, 80, 80]


def test_seed_003_team_link_to_001_through_sponsor_official_and_product():
    [f] = [f for f in _seed_findings() if f.related == ["NCT01218464"] and "masking" in f.message]
    assert f.message.startswith("The paper describes the trial as open-label while NCT01218464 registers masking of "
                                "Participant, Care Provider;")
    assert "(same sponsor (Beijing 302 Hospital), official (Fu-Sheng Wang, Professor) and intervention " \
           "(mesenchymal stem cell))" in f.message
    labels = {(e.label, e.line) for e in f.evidence}
    assert ("sponsor named in the paper", 52) in labels and ("author of the paper", 8) in labels


def test_seed_paper_alone_has_nothing_to_compare():
    assert _run(_ctx([seed("003")])) == []


# ---- hand-built paper against its own record --------------------------------------------------------

def _pub(lines: list[str], title: str = "A randomized trial of aspirin", kinds: dict[int, str] | None = None
         ) -> Publication:
    ids = [Field(norm, norm, Loc("p.txt", i))
           for i, line in enumerate(lines, 1) for _r, norm, _o in find_registry_ids(line)]
    sections = [Section(name=k, kind=k, start_line=a, end_line=a) for a, k in (kinds or {}).items()]
    return Publication(id="doc:p", source="p.txt", lines=lines, title=Field(title, title, Loc("p.txt", 1)),
                       registry_ids=ids, sections=sections)


def _record(**kw) -> Trial:
    t = Trial(id="NCT01234567", source="r.txt", format="test",
              arms=[Arm(label=Field("Aspirin", "Aspirin", Loc("r.txt", 20))),
                    Arm(label=Field("Placebo", "Placebo", Loc("r.txt", 24)))])
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def _f(value, raw: str, line: int) -> Field:
    return Field(value, raw, Loc("r.txt", line))


def _own(pub: Publication, record: Trial, rules=OWN_RULES) -> list:
    ctx = Context(Config(), dt.date(2026, 11, 23), trials=[record], publications=[pub])
    return [f for r in rules for f in r(pub, ctx)]


_REG = "The trial was registered at ClinicalTrials.gov (NCT01234567)."


def test_paper_randomized_record_non_randomized():
    pub = _pub(["A trial of aspirin", _REG, "Patients were randomly assigned to aspirin or placebo."])
    [f] = _own(pub, _record(allocation=_f("NON_RANDOMIZED", "Non-Randomized", 5)))
    assert (f.rule, f.severity) == ("PUB001", "warning")
    assert f.message == ("The paper describes the trial as randomized while NCT01234567 registers allocation "
                         "Non-Randomized.")
    assert [(e.source, e.line) for e in f.evidence] == [("p.txt", 3), ("r.txt", 5), ("p.txt", 2)]
    assert _own(pub, _record(allocation=_f("RANDOMIZED", "Randomized", 5))) == []


def test_paper_open_label_record_double_masked_and_assessor_only():
    pub = _pub(["A trial", _REG, "This was an open-label study."])
    [f] = _own(pub, _record(masking=_f("DOUBLE", "Double", 6)))
    assert f.message == "The paper describes the trial as open-label while NCT01234567 registers masking Double."
    # Open-label with a blinded outcomes assessor is consistent (PROBE design).
    assessor = _record(masking=_f("SINGLE", "Single (Outcomes Assessor)", 6),
                       who_masked=_f(["OUTCOMES_ASSESSOR"], "Single (Outcomes Assessor)", 6))
    assert _own(pub, assessor) == []


def test_design_words_about_other_trials_are_not_read():
    pub = _pub(["Previous randomized trials showed benefit.", _REG, "Patients received aspirin."],
               kinds={1: "introduction"})
    assert _own(pub, _record(allocation=_f("NON_RANDOMIZED", "Non-Randomized", 5))) == []


def test_enrollment_actual_differs():
    pub = _pub(["A trial", _REG, "Overall, 180 patients were randomly assigned to the two groups."])
    [f] = _own(pub, _record(enrollment=_f(120, "120", 8), enrollment_type=_f("ACTUAL", "Actual", 8)))
    assert f.message == ("The paper reports randomized 180 participants while NCT01234567 registers an enrollment of "
                         "120 (actual).")
    assert _own(pub, _record(enrollment=_f(178, "178", 8), enrollment_type=_f("ACTUAL", "Actual", 8))) == []


def test_anticipated_enrollment_compared_with_the_final_plan_only():
    no_plan = _pub(["A trial", _REG, "Overall, 180 patients were randomly assigned."])
    estimated = _record(enrollment=_f(120, "120", 8), enrollment_type=_f("ESTIMATED", "Anticipated", 8))
    assert _own(no_plan, estimated) == []
    plan = _pub(["A trial", _REG, "We determined a sample size of 90 patients per group.",
                 "Overall, 180 patients were randomly assigned."])
    [f] = _own(plan, estimated)
    assert f.message == ("The paper reports planned 90 per group (180), randomized 180 participants while NCT01234567 "
                         "registers an enrollment of 120 (anticipated).")
    assert _own(plan, _record(enrollment=_f(180, "180", 8), enrollment_type=_f("ESTIMATED", "Anticipated", 8))) == []


def test_secondary_analysis_paper_enrollment_not_compared():
    pub = _pub(["A trial", _REG, "Overall, 40 patients were randomly assigned."],
               title="A post hoc analysis of the ASPIRIN randomized trial")
    assert _own(pub, _record(enrollment=_f(120, "120", 8), enrollment_type=_f("ACTUAL", "Actual", 8))) == []


def _iv_record(description: str) -> Trial:
    return _record(interventions=[Intervention(name=_f("Aspirin", "Aspirin", 30),
                                               description=_f(description, description, 31))])


def test_dosing_interval_differs():
    pub = _pub(["A trial", _REG, "Patients received aspirin 100 mg every 4 weeks for a year."])
    [f] = _own(pub, _iv_record("Aspirin 100 mg given every 3 weeks."))
    assert f.message == ("The paper gives 4 weeks between doses of aspirin ('every 4 weeks') while NCT01234567 "
                         "registers 3 weeks ('every 3 weeks').")
    assert _own(pub, _iv_record("Aspirin 100 mg given every 4 weeks.")) == []


def test_dosing_of_another_product_is_not_compared():
    pub = _pub(["A trial", _REG, "All patients received omeprazole (20 mg daily) and aspirin as assigned."])
    assert _own(pub, _iv_record("Aspirin 100 mg given every 3 weeks.")) == []


def test_eligible_ages_differ():
    pub = _pub(["A trial", _REG, "Patients aged 18–65 years were eligible."])
    [f] = _own(pub, _record(min_age=_f(parse_age("18 Years"), "18 Years", 40),
                            max_age=_f(parse_age("75 Years"), "75 Years", 41)))
    assert f.message == "The paper's eligible ages 18-65 years differ from NCT01234567's 18-75 years."
    assert _own(pub, _record(min_age=_f(parse_age("18 Years"), "18 Years", 40),
                             max_age=_f(parse_age("65 Years"), "65 Years", 41))) == []
    baseline = _pub(["A trial", _REG, "Patients aged 19–64 years had a mean baseline score of 12."])
    assert _own(baseline, _record(min_age=_f(parse_age("18 Years"), "18 Years", 40),
                                  max_age=_f(parse_age("75 Years"), "75 Years", 41))) == []


def test_cited_registration_is_not_the_papers_own():
    pub = _pub(["A trial", "Trial registration: ClinicalTrials.gov NCT07654321.",
                "One example is the MATCH trial (ClinicalTrials.gov identifier: NCT01234567).",
                "Patients were randomly assigned."], kinds={3: "discussion"})
    assert _own(pub, _record(allocation=_f("NON_RANDOMIZED", "Non-Randomized", 5))) == []


# ---- outcomes -------------------------------------------------------------------------------------

def _outcomes(*items: tuple[str, str, int]) -> list[Outcome]:
    return [Outcome(kind=k, title=_f(t, t, line)) for k, t, line in items]


def test_registered_primary_reported_as_secondary():
    pub = _pub(["A trial", _REG, "The primary outcome was progression-free survival. Secondary outcomes included "
                                 "overall survival and toxicity."])
    rec = _record(outcomes=_outcomes(("primary", "Overall survival", 50),
                                     ("secondary", "Progression-free survival", 51)))
    found = _own(pub, rec)
    assert sorted(f.rule for f in found) == ["OUT001", "OUT001"]
    msgs = sorted(f.message for f in found)
    assert msgs[0] == ("The paper's primary outcome 'progression-free survival' was registered as a secondary outcome "
                       "of NCT01234567 ('Progression-free survival'); measure words 100% alike (progression-free, "
                       "survival).")
    assert msgs[1].startswith("The registered primary outcome 'Overall survival' (NCT01234567) is reported as a "
                              "secondary outcome in the paper")


def test_matching_primary_outcome_and_no_statement_give_nothing():
    rec = _record(outcomes=_outcomes(("primary", "Overall survival at 5 years", 50)))
    same = _pub(["A trial", _REG, "The primary endpoint was overall survival."])
    assert _own(same, rec) == []
    silent = _pub(["A trial", _REG, "Survival was longer with aspirin."])
    assert _own(silent, rec) == []


def _pair(tmp_path: Path, nct: str, pmc: str) -> str:
    """Copies of a real (record, paper) pair under tmp_path/r and tmp_path/p; the record's text, for edited copies."""
    (tmp_path / "r").mkdir()
    (tmp_path / "p").mkdir()
    xml = (PAIRS / "registry" / f"{nct}.xml").read_text(encoding="utf-8")
    (tmp_path / "r" / f"{nct}.xml").write_text(xml, encoding="utf-8")
    paper = (PAIRS / "papers" / f"{pmc}.txt").read_text(encoding="utf-8")
    (tmp_path / "p" / f"{pmc}.txt").write_text(paper, encoding="utf-8")
    return xml


def test_real_pair_consistent_design_and_outcome_needing_a_look(tmp_path):
    # PMC2841147: 'randomised, double blind' (line 7), 'registered on clinicaltrials.gov NCT00380354' (16),
    # 'The primary endpoint was the effect on LAR.' (7); NCT00380354.xml Randomized/Double, outcome
    # 'Asthmatic response' (44): same outcome in other words -> only the info finding.
    xml = _pair(tmp_path, "NCT00380354", "PMC2841147")
    found = _run(_ctx([tmp_path / "r", tmp_path / "p"]))
    # 'LAR' is defined in the paper ('late asthmatic response (LAR)'), so the outcome is the registered one;
    # the paper's ages (line 22 'aged 18 to 55 years') differ from the record's 18 years, no maximum (120-121).
    [f] = found
    assert (f.rule, f.severity) == ("PUB004", "warning")
    assert f.message == "The paper's eligible ages 18-55 years differ from NCT00380354's 18 years-no maximum."
    assert [(Path(e.source).suffix, e.line) for e in f.evidence] == [(".txt", 22), (".xml", 120), (".xml", 121),
                                                                    (".txt", 16)]
    # Registry edited to non-randomized and open label: the paper's own words now contradict it.
    (tmp_path / "r" / "NCT00380354.xml").write_text(
        xml.replace("<allocation>Randomized</allocation>", "<allocation>Non-Randomized</allocation>")
           .replace("<masking>Double</masking>", "<masking>None (Open Label)</masking>")
           .replace("<measure>Asthmatic response</measure>",
                    "<measure>Effect on the late asthmatic response (LAR)</measure>"),
        encoding="utf-8")
    edited = _run(_ctx([tmp_path / "r", tmp_path / "p"]))
    assert sorted(f.message for f in edited if f.rule != "PUB004") == [
        "The paper describes the trial as double-blind while NCT00380354 registers masking None (Open Label).",
        "The paper describes the trial as randomized while NCT00380354 registers allocation Non-Randomized."]


def test_real_pair_enrollment_of_a_completed_study_without_type(tmp_path):
    # PMC1526611 line 44 'a total of 364 were enrolled'; line 37 sample sizes 132 + 132 + 66 = 330;
    # NCT00267215.xml line 47 <enrollment>330</enrollment> (no type) and line 30 Completed: a closed
    # study's enrollment is its actual one, and 364 enrolled is not 330 (issue 12).
    xml = _pair(tmp_path, "NCT00267215", "PMC1526611")
    found = _run(_ctx([tmp_path / "r", tmp_path / "p"]))
    [f] = [f for f in found if f.rule == "PUB002"]
    assert f.message == ("The paper reports planned 330, screened 418, enrolled 364 participants while NCT00267215 "
                         "registers an enrollment of 330 (type not given; the study is Completed).")
    # line 16 'patients aged 50 years or older' against 50 Years / N/A (lines 66-67): the same ages
    assert [f for f in found if f.rule == "PUB004"] == []
    assert [(Path(e.source).suffix, e.line) for e in f.evidence][-3:] == [(".xml", 47), (".xml", 30), (".txt", 2)]
    # The same record still recruiting: 330 is the plan, which the paper's sample size matches.
    (tmp_path / "r" / "NCT00267215.xml").write_text(
        xml.replace("<overall_status>Completed</overall_status>", "<overall_status>Recruiting</overall_status>"),
        encoding="utf-8")
    assert [f for f in _run(_ctx([tmp_path / "r", tmp_path / "p"])) if f.rule == "PUB002"] == []
    (tmp_path / "r" / "NCT00267215.xml").write_text(
        xml.replace("<enrollment>330</enrollment>", '<enrollment type="Actual">330</enrollment>'), encoding="utf-8")
    [f] = [f for f in _run(_ctx([tmp_path / "r", tmp_path / "p"])) if f.rule == "PUB002"]
    assert f.message == ("The paper reports planned 330, screened 418, enrolled 364 participants while NCT00267215 "
                         "registers an enrollment of 330 (actual).")


def test_real_pair_blinded_trial_registered_open_label(tmp_path):
    # PMC4569275 line 4 'The Phase 2b double-blinded, randomized Phambili/HVTN 503 trial' and line 16 its
    # registration NCT00413725, whose record (line 96) gives masking 'None (Open Label)'.
    xml = _pair(tmp_path, "NCT00413725", "PMC4569275")
    [f] = [f for f in _run(_ctx([tmp_path / "r", tmp_path / "p"])) if f.rule == "PUB001"]
    assert f.message == "The paper describes the trial as double-blind while NCT00413725 registers masking None (Open Label)."
    assert [(Path(e.source).suffix, e.line) for e in f.evidence] == [(".txt", 4), (".xml", 96), (".txt", 16)]
    (tmp_path / "r" / "NCT00413725.xml").write_text(
        xml.replace("<masking>None (Open Label)</masking>", "<masking>Double</masking>"), encoding="utf-8")
    assert [f for f in _run(_ctx([tmp_path / "r", tmp_path / "p"])) if f.rule == "PUB001"] == []
