"""The study's size and course as its free text states them, against the structured fields: the
number enrolled, the recruitment period against the completion date, and a Completed status
against text saying the study was stopped early."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.findings import Evidence, Finding
from auditor.model import Trial
from auditor.rules import rule
from auditor.vocab import date_bounds

from .enrollment import group_sizes
from .free_text import _evidence, statements


_ENR = "designModule.enrollmentInfo.count"
_STATUS = "statusModule.overallStatus"
_COMPLETION = "statusModule.completionDateStruct"
_PRIMARY = "statusModule.primaryCompletionDateStruct"
_FINISHED = ("COMPLETED", "TERMINATED")
_RANDOMIZED = re.compile(r"(?i)randomi[sz]ed")


def _str(f) -> str | None:
    return f.value if f is not None and isinstance(f.value, str) else None


@rule("TEXT006", category="enrollment", severity="warning",
      title="Number enrolled stated in the text differs from the enrollment")
def enrolled_text_vs_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the titles, summary, description, arms or interventions state how many participants
    the whole study enrolls or randomizes ('A total of 60 patients will be enrolled', 'We plan to recruit
    60 subjects', 'Of the 48 patients enrolled, ...', 'Sixty patients were randomized') and the number
    differs from the registered (a number randomized only when above the enrollment: people enrolled may
    leave before randomization)
    enrollment. A plan ('will be enrolled') against an actual enrollment, or a past statement against
    an anticipated one, is reported as info only (recruitment often ends off target). Parts of the study
    (per group, arm, cohort, site, year, stage), approximations ('approximately', 'up to', 'at
    least'), screening, evaluable or completing counts, sentences giving several counts, other
    studies and conditional sentences are not compared; group sizes are ENR001's, and neither is a
    number that is the enrollment divided by the number of arms (one group's size) or more than four
    times off (a pilot or sub-analysis).
    Why: the enrollment is the trial's size for every registry search and meta-analysis; a text
    that states another size means one of the two is wrong (PRS review: internal inconsistency).
    Example: enrollment 80 (Anticipated), detailed description 'A total of 60 patients will be
    enrolled.' -> 'The detailed description states 60 participants enrolled but the enrollment is
    80 (Anticipated).'"""
    enr = trial.enrollment
    if enr is None or not isinstance(enr.value, int) or enr.value == 0:
        return
    etype = _str(trial.enrollment_type)
    status = _str(trial.overall_status)
    planned = etype == "ESTIMATED" or (etype is None and status in ("NOT_YET_RECRUITING", "RECRUITING"))
    actual = etype == "ACTUAL" or (etype is None and status in _FINISHED)
    tol = int(ctx.threshold("enrollment_tolerance") or 0) if ctx is not None else 0
    groups = None       # the sentences splitting the participants into groups: read on first need
    for p, s in statements(trial):
        if s.kind != "enrolled" or not isinstance(s.value, int) or abs(s.value - enr.value) <= tol:
            continue
        # A plan against the number actually enrolled (or a count against a plan) often differs
        # because recruitment ended off target: shown, but as info.
        severity = "warning" if (s.future and planned) or (not s.future and actual) else "info"
        if severity == "info" and not (planned or actual):
            continue
        if groups is None:
            groups = {(id(g.place.field), g.sentence) for g in group_sizes(trial)}
        if (id(p.field), s.sentence_span) in groups:
            continue
        # Fewer randomized than enrolled is usual (enrolled, then not randomized); only more is a conflict.
        randomized = _RANDOMIZED.search(s.text) is not None
        if randomized and s.value < enr.value:
            continue
        # One group's size ('30 pregnant women ...' in a two-arm study of 60), or a number of another
        # order (a pilot or a sub-analysis: '4 patients were included' in a study of 130).
        if len(trial.arms) > 1 and s.value * len(trial.arms) == enr.value or \
                max(s.value, enr.value) > 4 * min(s.value, enr.value):
            continue
        typ = f" ({(trial.enrollment_type.raw or '').strip()})" if trial.enrollment_type is not None else ""
        verb = "randomized" if randomized else "enrolled"     # as the text counts them
        yield Finding(
            rule="TEXT006", category="enrollment", severity=severity, record=trial.id,
            message=f"The {p.label} states {s.value} participants {verb} but the enrollment is {enr.value}{typ}.",
            evidence=[e for e in [Evidence.of(enr, "enrollment", highlight=enr.raw)] if e] + _evidence(trial, [(p, s)]),
            fields=[_ENR, p.path], values={"enrollment": str(enr.value), "text": str(s.value)})
        return


@rule("TEXT007", category="status-dates", severity="warning",
      title="Recruitment period in the text ends after the completion date")
def recruitment_after_completion(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the record's text gives its recruitment period ('Recruitment will take place from March
    2019 to June 2021', 'patients enrolled between January 2015 and December 2017', 'Recruitment
    period: 01/2016 - 12/2018') and the period ends after the study completion date (the primary
    completion date when no completion date is given). Dates are compared at their common
    precision: 'December 2017' does not end after a completion in '2017'.
    Why: nobody can be recruited after the study has ended; either the period or the completion
    date is wrong (PRS review: internal inconsistency; domain.md, dates).
    Example: completion date 'June 2020', description 'Patients will be recruited from January 2019
    to December 2020' -> 'The recruitment period in the detailed description ends in December 2020,
    after the completion date June 2020.'"""
    comp = trial.completion_date or trial.primary_completion_date
    if comp is None or comp.value is None:
        return
    field = _COMPLETION if trial.completion_date is not None else _PRIMARY
    try:
        comp_last = date_bounds(comp.value)[1]
    except (ValueError, TypeError):
        return
    for p, s in statements(trial):
        if s.kind != "recruitment" or s.value is None:
            continue
        try:
            end_first = date_bounds(s.value)[0]
        except (ValueError, TypeError):
            continue
        if end_first <= comp_last:
            continue
        which = "completion date" if field == _COMPLETION else "primary completion date"
        yield Finding(
            rule="TEXT007", category="status-dates", severity="warning", record=trial.id,
            message=f"The recruitment period in the {p.label} ends in {s.text.strip()}, after the {which} "
                    f"{(comp.raw or '').strip()}.",
            evidence=[e for e in [Evidence.of(comp, which, highlight=comp.raw)] if e] + _evidence(trial, [(p, s)]),
            fields=[field, p.path], values={which: comp.value.iso, "recruitment ends": s.value.iso})
        return


@rule("TEXT008", category="status-dates", severity="warning",
      title="Completed study whose text says it was stopped early")
def completed_but_stopped(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the overall status is Completed while a reason for stopping is given ('Why stopped:
    Slow accrual'), or the record's text (summary, description, arms, interventions) says the study
    was terminated or stopped early ('The study was terminated early due to slow recruitment', 'the
    trial was stopped prematurely'). Plans and
    conditions ('the study may be terminated if'), other studies and endings as planned ('the study
    was closed after the last visit') are not read as the study's course.
    Why: Completed means the study ended normally; a study stopped early is Terminated, and readers
    weigh its results differently (ClinicalTrials.gov Overall Recruitment Status definitions).
    Example: status 'Completed', detailed description 'The study was terminated early because of
    poor accrual.' -> 'The status is Completed but the record says the study was stopped early ("The
    study was terminated early" in the detailed description).'"""
    if _str(trial.overall_status) != "COMPLETED":
        return
    found = [(p, s) for p, s in statements(trial) if s.kind == "stopped"]
    st = trial.overall_status
    why = trial.why_stopped
    if why is not None and (why.raw or "").strip():
        # The registry asks for a reason only when a study stopped early (Suspended, Terminated,
        # Withdrawn): any reason given contradicts Completed.
        yield Finding(
            rule="TEXT008", category="status-dates", severity="warning", record=trial.id,
            message=f'The status is {(st.raw or "").strip()} but a reason for stopping early is given ("{why.raw.strip()[:120]}").',
            evidence=[e for e in [Evidence.of(st, "overall status", highlight=st.raw)] if e] +
            [Evidence.of(why, "why stopped")] + _evidence(trial, found),
            fields=[_STATUS, "statusModule.whyStopped"] + sorted({q.path for q, _s in found}),
            values={"status": "COMPLETED", "why stopped": why.raw.strip()[:120]})
        return
    if not found:
        return
    p, s = found[0]
    yield Finding(
        rule="TEXT008", category="status-dates", severity="warning", record=trial.id,
        message=f'The status is {(st.raw or "").strip()} but the record says the study was stopped early ("{s.text.strip()}" '
                f"in the {p.label}).",
        evidence=[e for e in [Evidence.of(st, "overall status", highlight=st.raw)] if e] + _evidence(trial, found),
        fields=[_STATUS] + sorted({q.path for q, _s in found}), values={"status": "COMPLETED", "text": "stopped early"})
