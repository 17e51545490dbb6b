"""age-limits: the stated minimum/maximum age against itself and against the criteria text."""
from __future__ import annotations

from auditor.extract.ages import CriteriaAges, criteria_ages, fmt_years
from auditor.findings import Evidence, Finding
from auditor.model import Age, Criterion, Field, Trial
from auditor.rules import rule

_TOL = 1e-3  # years; ages are compared after conversion to years


def _age(f: Field | None) -> Age | None:
    return f.value if f is not None and isinstance(f.value, Age) else None


def _shown(a: Age | None, side: str) -> str:
    if a is None:
        return f"no {side}"
    n = int(a.number) if a.number == int(a.number) else a.number
    return f"{n} {a.unit}" if a.unit != "years" else str(n)


def _matches(stated: Age, readings: tuple[float, ...]) -> bool:
    return any(abs(stated.years - r) < _TOL for r in readings)


def _readings(readings: tuple[float, ...], fallback: str) -> str:
    if not readings:
        return fallback
    return " or ".join(fmt_years(r) for r in readings[:2])


def _criterion_label(c: Criterion) -> str:
    num = f" {c.number}" if c.number else ""
    return f"{c.kind} criterion{num}"


@rule("AGE001", category="age-limits", severity="error",
      title="Stated age limits disagree with the ages in the eligibility criteria")
def stated_vs_criteria(trial: Trial, ctx):
    """What: reads every age written in the inclusion and exclusion criteria ('18-70 years',
    'aged 18 to 65', '>= 18', 'older than 17', 'less than 20 or more than 70' in exclusions, months
    and weeks, numbers as words) and works out the eligible range: excluding '> 70' keeps 70
    eligible, excluding '<= 21' makes 22 the youngest eligible age. Reports a stated minimum or
    maximum age that no reading of the criteria allows. Wording used both ways ('over 18', 'under
    65') is given both readings, and a stated limit matching either is accepted.
    Why: the stated limits drive search filters and the registry's age groups; criteria that say
    otherwise mean patients are wrongly shown or hidden, and one of the two is wrong (PRS review:
    "Information here appears inconsistent with information in other parts of the record").
    Example: stated 21-69 years, exclusion criterion 1 'age <=21 years and >70 years old' ->
    'Stated age limits 21-69 years disagree with the eligibility criteria, which make 22-70 years eligible.'"""
    smin, smax = _age(trial.min_age), _age(trial.max_age)
    if smin is None and smax is None:
        return
    ca = criteria_ages(trial.criteria)
    if ca is None:
        return
    bad_min = smin is not None and ca.low and not _matches(smin, ca.low)
    bad_max = smax is not None and ca.high and not _matches(smax, ca.high)
    if not (bad_min or bad_max):
        return
    stated = f"{_shown(smin, 'minimum')}-{_shown(smax, 'maximum')} years" if (smin is None or smin.unit == "years") and \
        (smax is None or smax.unit == "years") else f"{_shown(smin, 'minimum')} to {_shown(smax, 'maximum')}"
    crit = (f"{_readings(ca.low, _shown(smin, 'minimum') if smin and not bad_min else 'no minimum')}-"
            f"{_readings(ca.high, _shown(smax, 'maximum') if smax and not bad_max else 'no maximum')} years")
    evidence = [e for e in (Evidence.of(trial.min_age, "stated minimum age", trial.min_age.raw if bad_min else None),
                            Evidence.of(trial.max_age, "stated maximum age", trial.max_age.raw if bad_max else None))
                if e is not None]
    evidence += _criteria_evidence(ca, bad_min, bad_max)
    which = "limits" if bad_min and bad_max else ("minimum age" if bad_min else "maximum age")
    yield Finding(
        rule="AGE001", category="age-limits", severity="error", record=trial.id,
        message=f"Stated age {which} {stated if which == 'limits' else _one(smin if bad_min else smax)} "
                f"disagree{'s' if which != 'limits' else ''} with the eligibility criteria, which make {crit} eligible.",
        evidence=evidence, fields=["eligibilityModule.minimumAge", "eligibilityModule.maximumAge",
                                   "eligibilityModule.eligibilityCriteria"],
        values={"stated": stated, "criteria": crit})


def _one(a: Age | None) -> str:
    return f"{_shown(a, '')} {a.unit}" if a and a.unit == "years" else _shown(a, "")


def _criteria_evidence(ca: CriteriaAges, bad_min: bool, bad_max: bool) -> list[Evidence]:
    items = []
    if bad_min:
        items += ca.low_items or []
    if bad_max:
        items += ca.high_items or []
    out, seen = [], set()
    for c, text in items:
        key = (id(c), text)
        if key in seen:
            continue
        seen.add(key)
        out.append(Evidence.at(c.loc, c.text, label=_criterion_label(c), highlight=text))
    return out


@rule("AGE002", category="age-limits", severity="error", title="Minimum age above maximum age")
def min_above_max(trial: Trial, ctx):
    """What: the stated minimum age is higher than the stated maximum age (compared in years, so
    '18 Months' and '1 Year' compare correctly).
    Why: no one can be eligible; the registry rejects such a record.
    Example: minimum '65 Years', maximum '18 Years' -> 'Minimum age 65 years is above maximum age 18 years.'"""
    smin, smax = _age(trial.min_age), _age(trial.max_age)
    if smin is None or smax is None or smin.years <= smax.years + _TOL:
        return
    yield Finding(rule="AGE002", category="age-limits", severity="error", record=trial.id,
                  message=f"Minimum age {_one(smin)} is above maximum age {_one(smax)}.",
                  evidence=[Evidence.of(trial.min_age, "stated minimum age", trial.min_age.raw),
                            Evidence.of(trial.max_age, "stated maximum age", trial.max_age.raw)],
                  fields=["eligibilityModule.minimumAge", "eligibilityModule.maximumAge"],
                  values={"minimum": _one(smin), "maximum": _one(smax)})


@rule("AGE003", category="age-limits", severity="error", title="Age limit outside 0-120 years")
def outside_human_range(trial: Trial, ctx):
    """What: a stated minimum or maximum age below 0 or above 120 years.
    Why: such a value is a data-entry error (a unit typed wrongly, '650 Years' for 65); PRS calls
    this "Data reported here appear invalid".
    Example: maximum age '650 Years' -> 'Maximum age 650 years is outside 0-120 years.'"""
    for f, side in ((trial.min_age, "Minimum"), (trial.max_age, "Maximum")):
        a = _age(f)
        if a is None or 0 <= a.years <= 120:
            continue
        yield Finding(rule="AGE003", category="age-limits", severity="error", record=trial.id,
                      message=f"{side} age {_one(a)} is outside 0-120 years.",
                      evidence=[Evidence.of(f, f"stated {side.lower()} age", f.raw)],
                      fields=[f"eligibilityModule.{side.lower()}Age"], values={side.lower(): _one(a)})
