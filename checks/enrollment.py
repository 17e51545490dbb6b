"""enrollment: the registered enrollment against the group sizes the descriptions give, the results
(participant flow, baseline), the enrollment type and the recruitment status."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.controls import about_other_study
from auditor.extract.sentences import sentence_spans
from auditor.findings import Evidence, Finding
from auditor.model import FlowCount, Trial
from auditor.rules import rule

from ._textplaces import Place, places, sentence_evidence

_CAT = "enrollment"
_ENR = "designModule.enrollmentInfo.count"
_ENR_TYPE = "designModule.enrollmentInfo.type"
_STATUS = "statusModule.overallStatus"
_FLOW = "resultsSection.participantFlowModule"
_BASE = "resultsSection.baselineCharacteristicsModule"

_PEOPLE = (r"(?:patients|participants|subjects|individuals|people|persons|children|adults|women|men|volunteers|"
           r"infants|neonates|newborns|pregnancies|mothers|cases|students|smokers|veterans|residents|pairs|couples)")
# '50 LF patients with LF received ... as the treated group', '20 patients will be randomized to the placebo arm'
_GROUP_A = re.compile(
    rf"(?i)(?<![\d.,])\b(?P<n>\d{{1,5}})\s+(?:[A-Za-z-]+\s+){{0,2}}?{_PEOPLE}\b(?P<mid>[^;]{{0,160}}?)"
    r"\b(?:as|in|into|to|for|form(?:ing)?|constitut\w*)\s+(?:the\s+|a\s+|an\s+|each\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?P<what>groups?|arms?|cohorts?)\b")
_PEOPLE_N = re.compile(rf"(?i)(?<![\d.,])\b\d{{1,5}}\s+(?:[A-Za-z-]+\s+){{0,2}}?{_PEOPLE}\b")
# 'group A (n = 25)', 'Control group: 30 patients', 'Treatment Arm (A): 200 subjects'
_GROUP_B = re.compile(
    rf"(?i)\b(?:group|arm|cohort)\b(?:\s+[\w-]+){{0,3}}?\s*(?:\([^)]{{0,20}}\))?\s*[:(]\s*"
    rf"(?:n\s*=\s*(?P<n>\d{{1,5}})\b(?![.,]\d)|(?P<m>\d{{1,5}})\s+{_PEOPLE}\b)")
# '45 patients per group', '30 subjects in each arm'
_EACH = re.compile(
    rf"(?i)(?<![\d.,])\b(?P<n>\d{{1,5}})\s+{_PEOPLE}\s+(?:per|in\s+each|for\s+each|each\s+in)\s+(?:treatment\s+|study\s+)?"
    r"(?:group|arm|cohort)\b")
_TOTAL = re.compile(
    rf"(?i)\b(?:all|total\s+of|altogether|in\s+total)\s+(?P<n>\d{{1,5}})\b|(?<![\d.,])\b(?P<n2>\d{{1,5}})\s+(?:{_PEOPLE}\s+)?in\s+total\b")
_NOT_ALLOCATION = re.compile(
    r"(?i)\b(?:if|first|next|at\s+least|maximum|minimum|up\s+to|initially|additional|further|another|remaining|"
    r"per\s+(?:site|cent(?:er|re)|year|month|week)|each\s+(?:site|cent(?:er|re))|screen\w*|evaluable|withdr\w*|dropp?\w*|"
    r"lost|died|deaths?|responded|responders?|ratio|power|sample\s+size|calculat\w*|assum\w*|estimat\w*|"
    r"detect\w*|percent)\b|%")
_FUTURE = re.compile(r"(?i)\b(?:will|shall|to\s+be|planned|plan|expected|anticipated|aim\w*|target\w*|projected|"
                     r"purpose|propose\w*|intend\w*|to\s+(?:enrol\w*|recruit|randomi[sz]e|include|perform|conduct))\b")
_RUN_IN = re.compile(r"(?i)\b(?:run[\s-]?in|lead[\s-]?in|screening|wash[\s-]?out|pre[\s-]?randomi[sz]ation|"
                     r"enrol(?:l)?ment\s+(?:period|phase))\b")


@dataclass(slots=True)
class GroupSizes:
    """Group sizes one sentence of a description gives for this trial's allocation."""
    place: Place
    sentence: tuple[int, int]
    sizes: list[int]
    total: int
    stated_total: int | None
    future: bool


def _enrollment(trial: Trial) -> int | None:
    f = trial.enrollment
    return f.value if f is not None and isinstance(f.value, int) else None


def _etype(trial: Trial) -> str | None:
    f = trial.enrollment_type
    return f.value if f is not None and isinstance(f.value, str) else None


def _status(trial: Trial) -> str | None:
    f = trial.overall_status
    return f.value if f is not None and isinstance(f.value, str) else None


_GROUP_WORDS = ("group", "arm", "cohort")


def group_sizes(trial: Trial) -> list[GroupSizes]:
    """Sentences of the summary and description that split this trial's participants into groups:
    '50 LF patients ... as the treated group and other 20 ... as control group', 'group A (n = 25),
    group B (n = 25)', '45 patients per group' (times the number of arms)."""
    out: list[GroupSizes] = []
    n_arms = len(trial.arms)
    for p in places(trial, titles=False, arms=False, interventions=False, design=False):
        text = p.text
        low = text.lower()
        if not any(w in low for w in _GROUP_WORDS):
            continue    # no sentence of the text names a group (the test below, once per text)
        for s0, s1 in sentence_spans(text):
            sent = text[s0:s1]
            if not any(w in sent.lower() for w in _GROUP_WORDS):
                continue
            if about_other_study(sent) or _NOT_ALLOCATION.search(sent):
                continue
            # Each group size is read up to the next 'N people', so '60 patients will be randomized:
            # 30 patients to ... arm and 30 patients to ... arm' gives 30 + 30, not 60.
            starts = [m.start() for m in _PEOPLE_N.finditer(sent)]
            sizes = []
            for k, a in enumerate(starts):
                m = _GROUP_A.match(sent, a, starts[k + 1] if k + 1 < len(starts) else len(sent))
                if m:
                    sizes.append(int(m.group("n")))
            if len(sizes) < 2:
                sizes = [int(m.group("n") or m.group("m")) for m in _GROUP_B.finditer(sent)]
            each = [int(m.group("n")) for m in _EACH.finditer(sent)]
            if len(sizes) < 2 and len(each) == 1 and n_arms >= 2 and not re.search(r"\(\s*\d+\s+(?:\w+\s+)?per\b", sent):
                # '45 patients per group' with no total of its own: one group per registered arm.
                sizes = [each[0]] * n_arms
            if len(sizes) < 2 or 0 in sizes:
                continue
            # The sentence after may state the total ('All 70 of them received ...').
            after = text[s1:s1 + 200]
            tm = _TOTAL.search(sent) or _TOTAL.match(after.lstrip()) or _TOTAL.search(after[:80])
            stated = int(tm.group("n") or tm.group("n2")) if tm else None
            out.append(GroupSizes(p, (s0, s1), sizes, sum(sizes), stated, bool(_FUTURE.search(sent))))
    return out


@rule("ENR001", category=_CAT, severity="warning",
      title="Group sizes in the description do not add up to the enrollment")
def groups_vs_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the summary or detailed description splits this trial's participants into groups ('50
    patients ... as the treated group and other 20 ... as control group', 'group A (n = 25)', '45
    patients per group' times the number of arms) and the sizes add up to another number than the
    registered enrollment. Sentences about other studies, screening, responders, drop-outs, sites,
    stopping rules ('if', 'at least', 'up to', 'first') are not read. An actual enrollment is not
    compared with group sizes written as a plan ('will be randomized'): recruitment often ends off
    target. Tolerance: thresholds.enrollment_tolerance.
    Why: the enrollment is the trial's size for every registry search and meta-analysis; a
    description that allocates another number means one of the two is wrong (PRS review: "Information
    here appears inconsistent with information in other parts of the record"; domain.md).
    Example: enrollment 70 (Anticipated), '50 LF patients ... as the treated group and other 20 ...
    as control group' -> no finding (50 + 20 = 70); with enrollment 80 -> 'The detailed description
    allocates 50 + 20 = 70 participants but the enrollment is 80 (Anticipated).'"""
    enr = _enrollment(trial)
    if enr is None or enr == 0:
        return
    tol = int(ctx.threshold("enrollment_tolerance") or 0) if ctx is not None else 0
    et = _etype(trial)
    for g in group_sizes(trial):
        if abs(g.total - enr) <= tol or (et == "ACTUAL" and g.future):
            continue
        shown = " + ".join(str(n) for n in g.sizes)
        ev = [e for e in (Evidence.of(trial.enrollment, "enrollment", highlight=trial.enrollment.raw),
                          sentence_evidence(trial, g.place, g.sentence, g.place.label)) if e is not None]
        typ = f" ({trial.enrollment_type.raw.strip()})" if trial.enrollment_type is not None else ""
        yield Finding(
            rule="ENR001", category=_CAT, severity="warning", record=trial.id,
            message=f"The {g.place.label} allocates {shown} = {g.total} participants but the enrollment is {enr}{typ}.",
            evidence=ev, fields=[_ENR, g.place.path],
            values={"enrollment": str(enr), "groups": f"{shown} = {g.total}",
                    **({"stated total": str(g.stated_total)} if g.stated_total is not None else {})})
        return


def _flow_started(trial: Trial) -> tuple[str, list[FlowCount]] | None:
    """The first period that is not a run-in or screening period, and its STARTED counts."""
    periods = list(dict.fromkeys(f.period for f in trial.flow))
    for period in periods:
        if _RUN_IN.search(period or ""):
            continue
        rows = [f for f in trial.flow if f.period == period and f.milestone.strip().upper() == "STARTED"
                and f.count is not None and isinstance(f.count.value, int)]
        return (period, rows) if rows else None
    return None


def _flow_finding(trial: Trial, rule_id: str, severity: str, enr: int, period: str, rows: list[FlowCount],
                  total: int, relation: str) -> Finding:
    ev = [e for e in [Evidence.of(trial.enrollment, "enrollment", highlight=trial.enrollment.raw)] if e is not None]
    ev += [e for r in rows for e in [Evidence.of(r.count, f'STARTED, group "{r.group}" ({period})')] if e is not None]
    return Finding(
        rule=rule_id, category=_CAT, severity=severity, record=trial.id,
        message=f'The participant flow starts {total} participants ("{period}") but the actual enrollment is {enr} '
                f"({relation}).",
        evidence=ev, fields=[_ENR, _FLOW], values={"enrollment": str(enr), "started": str(total)})


def _flow_vs_enrollment(trial: Trial):
    """(actual enrollment, first period, its STARTED rows, their total), or None when not comparable."""
    enr = _enrollment(trial)
    if enr is None or _etype(trial) == "ESTIMATED" or not trial.flow:
        return None
    fs = _flow_started(trial)
    if fs is None:
        return None
    period, rows = fs
    return enr, period, rows, sum(r.count.value for r in rows)


@rule("ENR002", category=_CAT, severity="warning", title="More participants started than were enrolled")
def flow_over_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the results' participant flow, summed over the groups of its first period (run-in,
    lead-in and screening periods skipped), starts more participants than the actual enrollment.
    Why: nobody can start the study without being enrolled; one of the two counts is wrong (PRS
    review: "Data reported here appear invalid"; Zarin et al. 2011, internal inconsistency; domain.md).
    Example: enrollment 40 (Actual), STARTED 13 + 28 -> 'The participant flow starts 41 participants
    ("Overall Study") but the actual enrollment is 40 (1 more).'"""
    got = _flow_vs_enrollment(trial)
    if got is not None and got[3] > got[0]:
        enr, period, rows, total = got
        yield _flow_finding(trial, "ENR002", "warning", enr, period, rows, total, f"{total - enr} more")


# Pre-assignment details that account for enrolled participants who never started: numbers or
# words about people excluded, withdrawn or not assigned before the first period.
_EXPLAINS = re.compile(
    r"(?i)\b(?:not\s+(?:be(?:en)?\s+)?(?:randomi[sz]ed|assigned|allocated|treated|dosed|started|included|eligible)|"
    r"never\s+(?:randomi[sz]ed|assigned|treated|dosed|started)|screen\w*\s+fail\w*|fail\w*\s+screen\w*|"
    r"ineligib\w*|excluded|withdr[ae]w\w*|drop\w*\s*out|dropped|discontinu\w*|lost\s+to|died|prior\s+to|"
    r"before\s+(?:randomi[sz]ation|assignment|allocation|treatment|dosing|the\s+first)|run[\s-]?in|lead[\s-]?in|"
    r"wash[\s-]?out|did\s+not\s+(?:receive|start|meet|continue|complete)|not\s+meet)\b")


def _explained(trial: Trial, enr: int, started: int) -> bool:
    """Whether the pre-assignment (or recruitment) details account for the difference: they give the
    number missing, the enrollment or the number started, or speak of people not assigned."""
    r = trial.results
    texts = [f.raw for f in ((r.pre_assignment, r.recruitment_details) if r is not None else ()) if f is not None]
    for text in texts:
        if _EXPLAINS.search(text):
            return True
        for n in {enr - started, enr, started}:
            if re.search(rf"(?<![\d.,]){n:,}(?![\d])|(?<![\d.,]){n}(?![\d])", text):
                return True
    return False


def _split_flow(trial: Trial, started: int) -> bool:
    """A flow whose later periods start more people than the first: parts (cohorts, phases) with
    participants of their own, not a sequence; the first period cannot hold the whole enrollment."""
    r = trial.results
    if r is None:
        return False
    from auditor.results_links import counts_by_group, milestone
    for p in r.periods[1:]:
        m = milestone(p, "STARTED")
        if m is not None and sum(c.count.value for c in counts_by_group(m.counts).values()) > started:
            return True
    return False


@rule("ENR003", category=_CAT, severity="warning", title="Fewer participants started than were enrolled")
def flow_under_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: like ENR002, but the flow starts fewer participants than the actual enrollment. A warning
    unless the participant flow's pre-assignment (or recruitment) details explain the difference (they
    give the number missing, the enrollment or the number started, or speak of participants excluded,
    withdrawn, screen failures, run-in, not randomized or not treated before the first period), or the
    flow is split into parts whose later periods start more people than the first: then informational.
    Why: ClinicalTrials.gov's results review expects the first period to start every enrolled
    participant and treats an unexplained difference as a problem to fix; the pre-assignment details
    are where the registry asks for the explanation (domain.md, Results).
    Example: enrollment 60 (Actual), STARTED 28 + 27, no pre-assignment details -> 'The participant
    flow starts 55 participants ("Overall Study") but the actual enrollment is 60 (5 fewer).' (warning)"""
    got = _flow_vs_enrollment(trial)
    if got is not None and got[3] < got[0]:
        enr, period, rows, total = got
        explained = _explained(trial, enr, total) or _split_flow(trial, total)
        f = _flow_finding(trial, "ENR003", "info" if explained else "warning", enr, period, rows, total,
                          f"{enr - total} fewer" + (", explained in the participant flow" if explained
                                                    else "; the pre-assignment details do not explain it"))
        r = trial.results
        for text, label in ((r.pre_assignment, "pre-assignment details"),
                            (r.recruitment_details, "recruitment details")) if r is not None else ():
            e = Evidence.of(text, label)
            if e is not None:
                f.evidence.append(e)
        yield f


_TOTAL_GROUP = re.compile(r"(?i)^\s*(?:total|overall|all\s+(?:participants|patients|subjects))\s*$")


@rule("ENR004", category=_CAT, severity="warning", title="Baseline counts more participants than were enrolled")
def baseline_over_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the total group of the results' baseline characteristics counts more participants than
    the enrollment. Crossover and factorial designs are skipped (their baseline may count a person
    once per group). Fewer is normal (the baseline analysis population) and is not reported.
    Why: the baseline describes enrolled participants; more of them than were enrolled means a count
    is wrong (PRS review: "Data reported here appear invalid"; domain.md).
    Example: enrollment 160, baseline Total 245 -> 'The baseline counts 245 participants in total but
    the enrollment is 160.'"""
    enr = _enrollment(trial)
    if enr is None or not trial.baseline:
        return
    model = trial.intervention_model.value if trial.intervention_model is not None else None
    if model in ("CROSSOVER", "FACTORIAL"):
        return
    tot = [b for b in trial.baseline if _TOTAL_GROUP.match(b.group or "") and b.count is not None
           and isinstance(b.count.value, int)]
    if not tot or tot[0].count.value <= enr:
        return
    b = tot[0]
    yield Finding(
        rule="ENR004", category=_CAT, severity="warning", record=trial.id,
        message=f"The baseline counts {b.count.value} participants in total but the enrollment is {enr}.",
        evidence=[e for e in (Evidence.of(trial.enrollment, "enrollment", highlight=trial.enrollment.raw),
                              Evidence.of(b.count, f'baseline group "{b.group}"')) if e is not None],
        fields=[_ENR, _BASE], values={"enrollment": str(enr), "baseline": str(b.count.value)})


def _status_evidence(trial: Trial) -> list[Evidence]:
    return [e for e in (Evidence.of(trial.overall_status, "overall status"),
                        Evidence.of(trial.enrollment, "enrollment", highlight=trial.enrollment.raw if trial.enrollment else None),
                        Evidence.of(trial.enrollment_type, "enrollment type",
                                    highlight=trial.enrollment_type.raw if trial.enrollment_type else None))
            if e is not None]


def _status_shown(trial: Trial) -> str:
    return trial.overall_status.raw.strip() if trial.overall_status is not None else ""


@rule("ENR005", category=_CAT, severity="warning", title="Anticipated enrollment in a finished study")
def estimated_when_finished(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the status is Completed or Terminated but the enrollment is still the anticipated
    (estimated) number.
    Why: once recruitment has ended the registry expects the actual number enrolled ("past dates are
    actual" applies to counts as well; NCI CTRP date rules, domain.md). In the test corpus every such
    record was first registered before FDAAA 801 (September 2007) and updated after 2008, i.e. the
    count was never brought up to date.
    Example: status 'Completed', enrollment '42' type 'Anticipated' -> 'The study is Completed but its
    enrollment 42 is still the anticipated number, not the actual one.'"""
    if _status(trial) not in ("COMPLETED", "TERMINATED") or _etype(trial) != "ESTIMATED":
        return
    enr = _enrollment(trial)
    count = f" {enr}" if enr is not None else ""
    yield Finding(
        rule="ENR005", category=_CAT, severity="warning", record=trial.id,
        message=f"The study is {_status_shown(trial)} but its enrollment{count} is still the anticipated number, "
                "not the actual one.",
        evidence=_status_evidence(trial), fields=[_STATUS, _ENR_TYPE],
        values={"status": _status(trial) or "", "enrollment type": "ESTIMATED"})


@rule("ENR006", category=_CAT, severity="warning", title="Actual enrollment in a study not yet recruiting")
def actual_before_recruiting(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the status is Not yet recruiting but the enrollment is typed Actual.
    Why: nobody has been enrolled before recruitment opens, so the number can only be an estimate;
    one of the status and the type is out of date (PRS review: internal inconsistency; domain.md).
    Example: status 'Not yet recruiting', enrollment 120 (Actual) -> 'The study is Not yet recruiting
    but its enrollment 120 is typed Actual.'"""
    if _status(trial) != "NOT_YET_RECRUITING" or _etype(trial) != "ACTUAL":
        return
    enr = _enrollment(trial)
    yield Finding(
        rule="ENR006", category=_CAT, severity="warning", record=trial.id,
        message=f"The study is {_status_shown(trial)} but its enrollment {enr} is typed Actual.",
        evidence=_status_evidence(trial), fields=[_STATUS, _ENR_TYPE],
        values={"status": "NOT_YET_RECRUITING", "enrollment type": "ACTUAL"})


@rule("ENR007", category=_CAT, severity="warning", title="Enrollment and status disagree on whether anyone took part")
def zero_vs_status(trial: Trial, ctx) -> Iterator[Finding]:
    """What: an enrollment of 0 with a status other than Withdrawn (Completed, Terminated, Unknown,
    ...), or a Withdrawn study with an enrollment above 0.
    Why: the registry defines Withdrawn as "study halted prematurely, prior to enrollment of first
    participant": Withdrawn and an enrollment of 0 go together, and each without the other means the
    status or the count is wrong (a study terminated with nobody enrolled should be Withdrawn).
    Example: status 'Terminated', enrollment 0 (Actual) -> 'The study is Terminated but its enrollment
    is 0 (only a Withdrawn study enrolls nobody).'"""
    enr = _enrollment(trial)
    st = _status(trial)
    if enr is None or st is None:
        return
    if enr == 0 and st != "WITHDRAWN":
        msg = f"The study is {_status_shown(trial)} but its enrollment is 0 (only a Withdrawn study enrolls nobody)."
    elif enr > 0 and st == "WITHDRAWN":
        typ = f" ({trial.enrollment_type.raw.strip()})" if trial.enrollment_type is not None else ""
        msg = f"The study is Withdrawn (no participant enrolled) but its enrollment is {enr}{typ}."
    else:
        return
    yield Finding(
        rule="ENR007", category=_CAT, severity="warning", record=trial.id, message=msg,
        evidence=_status_evidence(trial), fields=[_STATUS, _ENR],
        values={"status": st, "enrollment": str(enr)})
