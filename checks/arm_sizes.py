"""Arm sizes written in the arm labels and descriptions ('n = 40', '(40 patients)') against the
registered enrollment."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.controls import about_other_study
from auditor.findings import Evidence, Finding
from auditor.model import Arm, Field, Trial
from auditor.rules import rule

from ._textplaces import arm_name
from .enrollment import _PEOPLE

_ENR = "designModule.enrollmentInfo.count"
# 'n = 40', 'N=40', 'n: 40', '(40 patients)', '40 participants will be randomized to this arm'
_SIZE = re.compile(
    rf"(?i)(?<![\w.])n\s*[=:]\s*(?P<n>\d{{1,5}})\b(?![.,]\d|\s*%)|"
    rf"\(\s*(?P<p>\d{{1,5}})\s+{_PEOPLE}\s*\)|"
    rf"^\W*(?P<s>\d{{1,5}})\s+(?:[\w-]+\s+){{0,3}}?{_PEOPLE}\s+(?:will\s+be\s+|were\s+|are\s+)?"
    r"(?:randomi[sz]ed|allocated|assigned|enrolled|included|recruited)\b")
# A size of something else: a part of the arm, per site or year, a percentage, a previous study.
_NOT_ARM_SIZE = re.compile(
    r"(?i)\b(?:per|each|every)\s+(?:sites?|cent(?:er|re)s?|years?|months?|weeks?|days?|countr\w+|visits?|cycles?)\b|"
    r"\b(?:subgroup|sub-group|cohort\s+\d|stage|part|evaluable|analy[sz]ed|completed|withdr\w*|dropp\w*|up\s+to|"
    r"at\s+least|approximately|about|maximum|minimum)\b")


_PLANNED = re.compile(r"(?i)\b(?:will|shall|planned|to\s+be)\b")


def _size(arm: Arm) -> tuple[int, Field, str, bool] | None:
    """The one size an arm states, with the field, the words and whether they are written as a plan;
    None when it states none or several."""
    found: list[tuple[int, Field, str, bool]] = []
    for f in (arm.label, arm.description):
        if f is None or not (f.raw or "").strip():
            continue
        text = f.raw
        for m in _SIZE.finditer(text):
            ctx = text[max(0, m.start() - 20):m.end() + 25]
            if _NOT_ARM_SIZE.search(ctx) or about_other_study(ctx):
                return None
            n = int(m.group("n") or m.group("p") or m.group("s"))
            planned = bool(_PLANNED.search(text, max(0, m.start() - 60), m.end() + 20))
            found.append((n, f, m.group(0).strip(), planned))
    sizes = {x[0] for x in found}
    if len(sizes) != 1 or 0 in sizes:
        return None
    return found[0]


@rule("TEXT009", category="enrollment", severity="warning",
      title="Arm sizes in the arm descriptions add up to more than the enrollment")
def arm_sizes_over_enrollment(trial: Trial, ctx) -> Iterator[Finding]:
    """What: arm labels or descriptions state how many participants each arm has ('n = 40', '(40
    patients)', '40 patients will be randomized to this arm') and the sizes add up to more than the
    registered enrollment. An arm stating two different sizes, sizes per site, stage, cohort or
    period, approximations ('up to', 'approximately'), evaluable or completing counts are not read.
    An actual enrollment is not compared with arm sizes written as a plan ('will include n = 5'),
    nor a Terminated, Suspended or Withdrawn study's.
    Why: the arms cannot hold more people than the study enrolled; one of the numbers is wrong
    (PRS review: internal inconsistency). Fewer is not reported: not every arm need state its size.
    Example: enrollment 70, arm 'Drug' 'n = 40', arm 'Placebo' 'n = 40' -> 'The arm descriptions
    give 40 + 40 = 80 participants but the enrollment is 70.'"""
    enr = trial.enrollment
    if enr is None or not isinstance(enr.value, int) or enr.value == 0 or len(trial.arms) < 2:
        return
    status = trial.overall_status.value if trial.overall_status is not None else None
    if status in ("TERMINATED", "WITHDRAWN", "SUSPENDED"):
        return
    sized = [(a, s) for a in trial.arms for s in [_size(a)] if s is not None]
    if len(sized) < 2:
        return
    etype = trial.enrollment_type.value if trial.enrollment_type is not None else None
    if etype == "ACTUAL" and any(s[3] for _a, s in sized):
        return      # planned arm sizes against the number actually enrolled: recruitment ends off target
    total = sum(s[0] for _a, s in sized)
    tol = int(ctx.threshold("enrollment_tolerance") or 0) if ctx is not None else 0
    if total <= enr.value + tol:
        return
    shown = " + ".join(str(s[0]) for _a, s in sized)
    ev = [e for e in [Evidence.of(enr, "enrollment", highlight=enr.raw)] if e]
    ev += [Evidence.of(s[1], f'arm "{arm_name(a)}" {"label" if s[1] is a.label else "description"}', highlight=s[2])
           for a, s in sized]
    typ = f" ({(trial.enrollment_type.raw or '').strip()})" if trial.enrollment_type is not None else ""
    yield Finding(
        rule="TEXT009", category="enrollment", severity="warning", record=trial.id,
        message=f"The arm descriptions give {shown} = {total} participants but the enrollment is {enr.value}{typ}.",
        evidence=ev, fields=[_ENR, "armsInterventionsModule.armGroups.description"],
        values={"enrollment": str(enr.value), "arms": f"{shown} = {total}"})
