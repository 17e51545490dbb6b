"""age-limits: the stated minimum/maximum age against itself and against the criteria text."""
from __future__ import annotations

import re

from auditor.extract.ages import _CONDITIONAL, _GESTATIONAL, Side, bounds_in, criteria_ages, fmt_age, fmt_range
from auditor.findings import Evidence, Finding
from auditor.model import Age, Criterion, Field, Trial
from auditor.rules import rule

_TOL = 1e-3  # years; ages are compared after conversion to years
_FIELDS = ["eligibilityModule.minimumAge", "eligibilityModule.maximumAge", "eligibilityModule.eligibilityCriteria"]


def _age(f: Field | None) -> Age | None:
    return f.value if f is not None and isinstance(f.value, Age) else None


def _unit(a: Age) -> str:
    return a.unit.rstrip("s")


def _side_value(side: Side, stated: Age | None, bad: bool) -> float | None:
    """What the criteria say for one side, for the message: the literal reading when the items agree."""
    if not side.items:
        return stated.years if stated is not None else None
    if side.consistent:
        return side.literal[0]
    return min(side.literal) if side is not None else None


def _label(c: Criterion) -> str:
    return f"{c.kind} criterion{' ' + c.number if c.number else ''}"


@rule("AGE001", category="age-limits", severity="error",
      title="Stated age limits disagree with the ages in the eligibility criteria")
def stated_vs_criteria(trial: Trial, ctx):
    """What: reads every age written in the inclusion and exclusion criteria ('18-70 years',
    'aged 18 to 65', '>= 18', 'older than 17', 'less than 20 or more than 70' in exclusions, months,
    weeks, days and hours, numbers as words) and works out the eligible range: excluding '> 70'
    keeps 70 eligible, excluding '<= 21' makes 22 the youngest eligible age. Reports a stated
    minimum or maximum age that no reading of the criteria allows. Strict wording ('> 18', 'over
    18', 'under 65') is also used loosely for the inclusive bound, so both readings are accepted.
    Only an age that leads its criterion is read ('Age 18-65', 'Patients aged 18 to 65 ...'), not one
    deep in a sentence about something else; a side whose items name different limits (cohorts,
    donors), conditional ages ('if not married'), cohort headings, and criteria speaking of
    gestational, postnatal or corrected ages are not compared.
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
    # Only a side whose criteria items agree with each other is compared: items naming different
    # limits describe cohorts, donors or sub-studies, and no single stated limit is implied.
    bad_min = bool(smin and ca.low.items and ca.low.consistent and not ca.low.matches(smin.years, _unit(smin)))
    bad_max = bool(smax and ca.high.items and ca.high.consistent and not ca.high.matches(smax.years, _unit(smax)))
    # Criteria that would leave no one eligible within the other stated limit are misfiled (an
    # inclusion item under the exclusion heading), not an age statement to compare.
    if bad_min and smax and ca.low.literal[0] > smax.years + _TOL or \
            bad_max and smin and ca.high.literal[0] < smin.years - _TOL:
        return
    if not (bad_min or bad_max):
        return
    # A side that only a loose reading reconciles ('>70' excluded, stated 69) is named alongside a
    # side no reading reconciles, since the literal reading of the criteria differs there too.
    if bad_min and not bad_max and smax and ca.high.items and ca.high.consistent:
        bad_max = abs(ca.high.literal[0] - smax.years) > _TOL
    elif bad_max and not bad_min and smin and ca.low.items and ca.low.consistent:
        bad_min = abs(ca.low.literal[0] - smin.years) > _TOL
    stated = fmt_range(smin.years if smin else None, smax.years if smax else None) if smin or smax else ""
    crit = fmt_range(_side_value(ca.low, smin, bad_min), _side_value(ca.high, smax, bad_max))
    if bad_min and bad_max:
        head = f"Stated age limits {stated} disagree"
    elif bad_min:
        head = f"Stated minimum age {fmt_age(smin.years)} disagrees"
    else:
        head = f"Stated maximum age {fmt_age(smax.years)} disagrees"
    evidence = [e for e in (Evidence.of(trial.min_age, "stated minimum age", trial.min_age.raw if bad_min else None),
                            Evidence.of(trial.max_age, "stated maximum age", trial.max_age.raw if bad_max else None))
                if e is not None]
    seen = set()
    for side in (ca.low, ca.high):
        for c, text in side.items:
            if (id(c), text) not in seen:
                seen.add((id(c), text))
                evidence.append(Evidence.at(c.loc, c.text, label=_label(c), highlight=text))
    yield Finding(
        rule="AGE001", category="age-limits", severity="error", record=trial.id,
        message=f"{head} with the eligibility criteria, which make {crit} eligible.",
        evidence=evidence, fields=_FIELDS, values={"stated": stated, "criteria": crit})


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
                  message=f"Minimum age {fmt_age(smin.years)} is above maximum age {fmt_age(smax.years)}.",
                  evidence=[Evidence.of(trial.min_age, "stated minimum age", trial.min_age.raw),
                            Evidence.of(trial.max_age, "stated maximum age", trial.max_age.raw)],
                  fields=_FIELDS[:2], values={"minimum": fmt_age(smin.years), "maximum": fmt_age(smax.years)})


@rule("AGE003", category="age-limits", severity="warning", title="Age limit outside 0-120 years")
def outside_human_range(trial: Trial, ctx):
    """What: a stated minimum or maximum age below 0 or above 120 years.
    Why: such a value is a data-entry error (a unit typed wrongly, '650 Years' for 65) or, far more
    often, a placeholder for 'no limit' ('130 Years'); PRS calls this "Data reported here appear
    invalid". A warning, not an error: a placeholder misleads no one about who may enrol, and PRS
    accepts the record with it; the sponsor should write N/A instead.
    Example: maximum age '650 Years' -> 'Maximum age 650 years is outside 0-120 years.'"""
    for f, side in ((trial.min_age, "Minimum"), (trial.max_age, "Maximum")):
        a = _age(f)
        if a is None or 0 <= a.years <= 120:
            continue
        yield Finding(rule="AGE003", category="age-limits", severity="warning", record=trial.id,
                      message=f"{side} age {fmt_age(a.years)} is outside 0-120 years.",
                      evidence=[Evidence.of(f, f"stated {side.lower()} age", f.raw)],
                      fields=[f"eligibilityModule.{side.lower()}Age"], values={side.lower(): fmt_age(a.years)})


# An item that speaks of a group of its own: a cohort, part, arm, donor, control or another population.
_COHORT = re.compile(
    r"(?i)\b(?:cohorts?|groups?|parts?|arms?|stages?|phases?|periods?|steps?|regimens?|strata|stratum|donors?|recipients?|healthy|"
    r"controls?|siblings?|parents?|caregivers?|carers?|partners?|spouses?|mothers?|fathers?|infants?|neonates?|"
    r"newborns?|children|child|pediatric|paediatric|adolescents?|adults?|elderly|older|males?|females?|men|women|boys|"
    r"girls|students?|staff|sub-?stud\w*|countr\w+|sites?|japan\w*|china|chinese|korea\w*|us|usa|europe\w*|"
    r"a\)|b\)|i\)|ii\))")


# Words that only describe who the participants are ('Females at least 18 years of age', 'Healthy
# male adult 19 to 45 years' has 'healthy' too): they mark a cohort only against an item describing
# other people ('Men aged 18-50' and 'Women aged 18-45').
_DEMOGRAPHIC = re.compile(r"(?i)\b(?:males?|females?|men|women|boys|girls|adults?|elderly|older\s+adults)\b")


def _marked(c: Criterion) -> bool:
    """The item speaks of a group of its own (a cohort, donors, controls, children ...): words that
    only describe the participants (sex, adult) do not count, nor 'older' in '18 years or older'."""
    text = _OR_OLDER.sub(" ", c.text)
    rest = _DEMOGRAPHIC.sub(" ", text)
    return bool(_COHORT.search(rest) or (c.heading and _COHORT.search(c.heading)))


def _who(c: Criterion) -> frozenset[str]:
    """The descriptive person words of an item, singular ('Women' -> 'woman')."""
    def one(w: str) -> str:
        w = w.lower()
        return {"men": "man", "women": "woman", "males": "male", "females": "female", "boys": "boy", "girls": "girl",
                "adults": "adult"}.get(w, w)
    return frozenset(one(m.group(0)) for m in _DEMOGRAPHIC.finditer(c.text))


# 'or' that belongs to a bound ('18 years or older', 'greater than or equal to'), not an alternative.
_OR_OLDER = re.compile(r"(?i)\bor\s+(?:older|above|over|younger|below|under|more|less|greater|equal|elder)\b|"
                       r"\bor\s+(?:=|equal)")


# A criteria text split into cohorts: a sub-heading ('A. Women with normal ovarian function:',
# 'Part 2:') or an 'OR' on a line of its own between two blocks of items.
_SUBHEAD = re.compile(
    r"(?im)^[ \t*•-]*(?:or|and/or)[ \t]*$|"
    r"^[ \t*•-]*(?:[A-Z]|[IVX]{1,4}|\d{1,2})[.)][ \t]+[^\n:]{2,80}:[ \t]*$|"
    rf"^[^\n]*{_COHORT.pattern[4:]}[^\n]*(?::[ \t]*$|\bfollowing\b)")
_LEADS = 25     # the age opens the item ('Age 18 to 45 yrs', 'Patients aged 18-65 years')


def _split_between(raw: str, a: Criterion, b: Criterion) -> bool:
    """A sub-heading or an 'OR' line stands between the two items in the criteria text: they belong
    to different cohorts."""
    ia, ib = raw.find(a.text[:60]), raw.find(b.text[:60])
    if ia < 0 or ib < 0:
        return True     # not placed in the text: cannot tell, stay silent
    lo, hi = sorted((ia, ib))
    if _column(raw, ia) != _column(raw, ib):
        return True     # one item nested under another ('At least 1 of the following: ... Age of 75 or older')
    return bool(_SUBHEAD.search(raw, lo, hi) or _LEAD_IN.search(raw, lo, hi))


# Between two items, a sub-heading with no bullet: a short bare line between blank lines ('Crohn's
# disease'). (Items under a lead-in line 'At least 1 of the following:' are nested: see _column.)
_LEAD_IN = re.compile(r"\n[ \t]*\r?\n[ \t]{0,3}[A-Z][^\n.:;]{2,60}\r?\n[ \t]*\r?\n")


def _column(raw: str, i: int) -> int:
    """Where an item's text starts on its line (its nesting depth in an indented list)."""
    return i - (raw.rfind("\n", 0, i) + 1)


def _item_ranges(trial: Trial) -> list[tuple[Criterion, float | None, float | None, list[str]]]:
    """Each inclusion item whose text opens with an age: its lower and upper limits (literal reading)."""
    out = []
    for c in trial.criteria:
        if c.kind != "inclusion" or c.text.rstrip().endswith(":") or _marked(c):
            continue
        bs = bounds_in(c.text)
        if not bs or bs[0].start > _LEADS or _CONDITIONAL.search(c.text) or \
                re.search(r"\bor\b|\bOR\b", _OR_OLDER.sub(" ", c.text)):
            continue
        lows = [b.readings[0] for b in bs if b.direction == ">"]
        highs = [b.readings[0] for b in bs if b.direction == "<"]
        if len(lows) > 1 or len(highs) > 1:
            continue
        out.append((c, lows[0] if lows else None, highs[0] if highs else None, [b.text for b in bs]))
    return out


@rule("AGE004", category="age-limits", severity="warning",
      title="The eligibility criteria state two different age ranges")
def criteria_disagree(trial: Trial, ctx):
    """What: two inclusion criteria that open with an age set different limits ('Aged 24 to 38
    years' and 'Age 18 to 45 yrs'; 'Age > 18 years old' and 'Age > 40 years old'), read literally.
    Criteria split into cohorts are not compared: an item or heading naming a cohort, group, part,
    arm, regimen, donor, control or another population (children, donors ...), items describing
    different people ('Men aged 18-50', 'Women aged 18-45'; a word describing everyone, 'Females at least
    18 years of age', is no cohort), a sub-heading line ('A. Women with normal ovarian function:', a bare
    'Crohn's disease' between blank lines), an item nested under another ('At least 1 of the following
    risk factors: ... Age of 75 years or older'), an 'OR' line between blocks, alternatives inside an item ('18 years
    or older' is no alternative), conditions ('if', 'unless'), gestational ages, and ranges that do not
    overlap (age bands: '6 months to < 2 years' and '2 to < 18 years').
    Why: criteria that contradict each other leave no one able to say who is eligible, and the
    stated age limits cannot match both (PRS review: internal inconsistency).
    Example: inclusion criteria 'Aged 24 to 38 years' and 'Age 18 to 45 yrs' -> 'The eligibility
    criteria state two age ranges: 24-38 years and 18-45 years.'"""
    if not trial.criteria or any(_GESTATIONAL.search(c.text) for c in trial.criteria):
        return
    if any(c.heading and _COHORT.search(c.heading) for c in trial.criteria):
        return
    raw = trial.criteria_text.raw if trial.criteria_text is not None else ""
    items = _item_ranges(trial)
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            ca, lo_a, hi_a, ta = items[x]
            cb, lo_b, hi_b, tb = items[y]
            same_low = lo_a is None or lo_b is None or abs(lo_a - lo_b) <= _TOL
            same_high = hi_a is None or hi_b is None or abs(hi_a - hi_b) <= _TOL
            if same_low and same_high:
                continue
            # Bands that do not overlap are age strata, not a contradiction.
            if (hi_a is not None and lo_b is not None and hi_a <= lo_b + 1) or \
                    (hi_b is not None and lo_a is not None and hi_b <= lo_a + 1):
                continue
            if _split_between(raw or "", ca, cb):
                continue
            # Items describing different people ('Men aged 18-50', 'Women aged 18-45') are cohorts.
            wa, wb = _who(ca), _who(cb)
            if wa and wb and wa != wb:
                continue
            ra, rb = fmt_range(lo_a, hi_a), fmt_range(lo_b, hi_b)
            yield Finding(
                rule="AGE004", category="age-limits", severity="warning", record=trial.id,
                message=f"The eligibility criteria state two age ranges: {ra} ({_label(ca)}) and {rb} ({_label(cb)}).",
                evidence=[Evidence.at(ca.loc, ca.text, label=_label(ca), highlight=ta[0]),
                          Evidence.at(cb.loc, cb.text, label=_label(cb), highlight=tb[0])],
                fields=[_FIELDS[2]], values={"first range": ra, "second range": rb})
            return
