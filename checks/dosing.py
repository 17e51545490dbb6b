"""dosing: the dosing schedule of one product as the arm descriptions, the intervention descriptions
and the summary/description of the same record state it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.dosing import Schedule, find_schedules, interval_label, same_interval
from auditor.findings import Finding
from auditor.model import Intervention, Trial
from auditor.rules import rule

from ._textplaces import Place, places, sentence_evidence

_CAT = "dosing"
# Words of an intervention name that do not identify the product.
_GENERIC = frozenset((
    "treatment", "treatments", "therapy", "therapies", "group", "arm", "plus", "and", "with", "the", "for", "of",
    "conventional", "standard", "usual", "care", "dose", "doses", "dosing", "high", "low", "medium", "oral",
    "tablet", "tablets", "capsule", "capsules", "injection", "injections", "infusion", "infusions", "drug",
    "study", "cell", "cells", "human", "derived", "based", "intravenous", "subcutaneous", "topical", "solution",
    "regimen", "regimens", "arm", "control", "active", "experimental", "administration", "single", "multiple",
    "daily", "weekly", "monthly", "once", "twice", "combination", "combined", "alone", "only", "add", "vs",
    "versus", "other", "new", "novel", "procedure", "intervention", "product", "vaccine", "placebo", "saline",
))
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")
_CYCLE_WORD = re.compile(r"(?i)\b(?:cycles?|courses?)\b")


@dataclass(slots=True)
class Stated:
    """One schedule of one product at one place, and how surely it is about that product."""
    product: Intervention
    place: Place
    schedule: Schedule
    named: bool                 # the sentence names the product (or the place is its own description)


def _tokens(i: Intervention) -> list[str]:
    names = [f.raw for f in [i.name, *i.other_names] if f is not None]
    out = []
    for n in names:
        for t in _TOKEN.findall(n):
            low = t.lower()
            if low in _GENERIC or len(low) < 3 and not any(c.isupper() for c in t[1:]):
                continue
            out.append(low)
    return sorted(set(out))


def _name_patterns(trial: Trial) -> list[tuple[Intervention, re.Pattern[str]]]:
    out = []
    for i in trial.interventions:
        toks = _tokens(i)
        if toks:
            alt = "|".join(re.escape(t) for t in sorted(toks, key=len, reverse=True))
            out.append((i, re.compile(rf"(?i)(?<![A-Za-z0-9])(?:{alt})(?:s|es)?(?![A-Za-z0-9])")))
    return out


def _linked(trial: Trial, place: Place) -> list[Intervention]:
    """Interventions an arm gives (by the arm's intervention names or the interventions' arm labels)."""
    arm = place.arm
    if arm is None:
        return []
    label = (arm.label.raw.strip().lower() if arm.label else "")
    names = {re.sub(r"^[A-Za-z ]+:\s*", "", f.raw).strip().lower() for f in arm.intervention_names}
    out = []
    for i in trial.interventions:
        iname = i.name.raw.strip().lower() if i.name else ""
        if (iname and iname in names) or (label and any(f.raw.strip().lower() == label for f in i.arm_labels)):
            out.append(i)
    return out


def stated_schedules(trial: Trial) -> list[Stated]:
    """Every schedule in the record's arm, intervention, summary and description text, with the
    product it is about. A schedule is about the product its sentence names (the nearest name
    before it, else after it); with no name, an intervention's own description is about that
    intervention and an arm's description about the arm's only intervention. Otherwise it is left out."""
    pats = _name_patterns(trial)
    out: list[Stated] = []
    for p in places(trial, titles=False, design=False):
        if p.label.endswith(" label") or p.label.endswith(" name"):
            continue
        for s in find_schedules(p.text):
            s0, s1 = s.sentence_span
            sent = p.text[s0:s1]
            hits = []
            for i, pat in pats:
                for m in pat.finditer(sent):
                    a = s0 + m.start()
                    hits.append((0 if a < s.span[0] else 1, abs(a - s.span[0]), i))
            if hits:
                hits.sort(key=lambda h: (h[0], h[1]))
                out.append(Stated(hits[0][2], p, s, True))
            elif p.intervention is not None:
                out.append(Stated(p.intervention, p, s, True))
            else:
                linked = _linked(trial, p)
                if len(linked) == 1:
                    out.append(Stated(linked[0], p, s, False))
    return out


def _intervals(items: list[Stated]) -> list[float]:
    vals: list[float] = []
    for st in items:
        d = st.schedule.interval_days
        if d is not None and not any(same_interval(d, v) for v in vals):
            vals.append(d)
    return vals


def _counts(items: list[Stated]) -> list[tuple[int, str]]:
    vals: list[tuple[int, str]] = []
    repeated = any(st.schedule.interval_days is not None for st in items)
    for st in items:
        c = st.schedule.count
        # 'a single dose of 10 mg given weekly': 'single' is the size of each dose, not the count.
        if c is None or (c == 1 and repeated):
            continue
        key = (c, st.schedule.basis)
        if key not in vals:
            vals.append(key)
    return vals


def _day_list_vs_cycle(a: list[Stated], b: list[Stated]) -> bool:
    """'days 1 and 8' is the spacing inside a cycle; compared with 'every 21 days' it is not a conflict."""
    def has_days(x: list[Stated]) -> bool:
        return any(st.schedule.days for st in x)

    def has_cycle(x: list[Stated]) -> bool:
        return any(st.schedule.basis == "cycle" or _CYCLE_WORD.search(st.place.text) for st in x)
    return (has_days(a) and has_cycle(b)) or (has_days(b) and has_cycle(a))


@dataclass(slots=True)
class Conflict:
    product: Intervention
    a: list[Stated]
    b: list[Stated]
    what: str                   # 'interval' or 'count'
    shown_a: str
    shown_b: str
    named: bool                 # both places name the product


def conflicts(trial: Trial) -> list[Conflict]:
    """Products whose interval (or number of administrations) differs between two places of the record.
    Each place must state one interval (or count) only: a place giving two regimens ('every 2 weeks,
    then every 4 weeks') is not compared."""
    by_product: dict[int, dict[int, list[Stated]]] = {}
    for st in stated_schedules(trial):
        by_product.setdefault(id(st.product), {}).setdefault(id(st.place.field), []).append(st)
    out: list[Conflict] = []
    for groups in by_product.values():
        lists = list(groups.values())
        done = False
        for x in range(len(lists)):
            for y in range(x + 1, len(lists)):
                a, b = lists[x], lists[y]
                named = all(st.named for st in a + b)
                ia, ib = _intervals(a), _intervals(b)
                if len(ia) == 1 and len(ib) == 1 and not same_interval(ia[0], ib[0]) and not _day_list_vs_cycle(a, b):
                    out.append(Conflict(a[0].product, a, b, "interval", interval_label(ia[0]), interval_label(ib[0]),
                                        named))
                    done = True
                    break
                ca, cb = _counts(a), _counts(b)
                if len(ca) == 1 and len(cb) == 1 and ca[0][1] == cb[0][1] and ca[0][0] != cb[0][0]:
                    unit = {"dose": "administrations", "cycle": "cycles", "session": "sessions"}[ca[0][1]]
                    out.append(Conflict(a[0].product, a, b, "count", f"{ca[0][0]} {unit}", f"{cb[0][0]} {unit}", named))
                    done = True
                    break
            if done:
                break
    return out


def _finding(rule_id: str, severity: str, trial: Trial, c: Conflict) -> Finding:
    name = c.product.name.raw.strip() if c.product.name else "the intervention"
    first_a = next(st for st in c.a if (c.what != "interval" or st.schedule.interval_days is not None)
                   and (c.what != "count" or st.schedule.count is not None))
    first_b = next(st for st in c.b if (c.what != "interval" or st.schedule.interval_days is not None)
                   and (c.what != "count" or st.schedule.count is not None))
    ev = [sentence_evidence(trial, st.place, st.schedule.sentence_span, st.place.label, highlight=st.schedule.text)
          for st in (first_a, first_b)]
    word = "interval" if c.what == "interval" else "number of administrations"
    return Finding(
        rule=rule_id, category=_CAT, severity=severity, record=trial.id,
        message=f'The dosing {word} of "{name}" is {c.shown_a} in the {first_a.place.label} '
                f"but {c.shown_b} in the {first_b.place.label}.",
        evidence=ev, fields=sorted({first_a.place.path, first_b.place.path}),
        values={first_a.place.label: f"{c.shown_a} ({first_a.schedule.text})",
                first_b.place.label: f"{c.shown_b} ({first_b.schedule.text})"})


@rule("DOSE001", category=_CAT, severity="error",
      title="Dosing interval or count of a named product differs between two parts of the record")
def named_schedule_conflict(trial: Trial, ctx) -> Iterator[Finding]:
    """What: reads the dosing schedules written in the arm descriptions, intervention descriptions,
    brief summary and detailed description ('every 3 weeks', '3-week intervals', 'once per 4 week',
    'q3w', 'three times at 4-week intervals', 'day 0, 28 and 56', 'twice daily', '21-day cycles') and
    reports a product whose interval or number of administrations differs between two places that
    both name it (the product's own intervention description counts as naming it). Follow-up visits
    ('follow-up every 4 weeks', 'visits at weeks 2, 4, 8'), wash-out periods ('stopped at least 4
    weeks prior') and places giving two regimens are not compared; 1 month and 4 weeks are equal.
    Why: the schedule is what a reader replicates and what a reviewer checks the paper against; two
    schedules for one product in one record mean one is wrong (domain.md: "dosing schedule differs"
    is a typical registry-publication discrepancy; PRS review: internal inconsistency).
    Example: intervention 'UC-MSC' description 'infused three times at 3-week intervals', detailed
    description 'UC-MSC were infused every 4 weeks' -> 'The dosing interval of "UC-MSC" is 3 weeks in
    the intervention "UC-MSC" description but 4 weeks in the detailed description.'"""
    for c in conflicts(trial):
        if c.named:
            yield _finding("DOSE001", "error", trial, c)


@rule("DOSE002", category=_CAT, severity="warning",
      title="Dosing interval or count differs between an arm and the intervention it gives")
def linked_schedule_conflict(trial: Trial, ctx) -> Iterator[Finding]:
    """What: like DOSE001, but one of the two places does not name the product: an arm description
    whose schedule is taken to be that of the arm's only intervention ('Participants receive the
    study drug every 3 weeks' in an arm linked to one intervention described as 'every 4 weeks').
    Why: as DOSE001; the link rests on the arm-intervention cross-reference rather than on the name,
    so it is one level less certain.
    Example: arm 'Treatment' (gives 'Drug X') 'every 3 weeks', intervention 'Drug X' 'once every 4
    weeks' -> 'The dosing interval of "Drug X" is 3 weeks in the arm "Treatment" description but 4
    weeks in the intervention "Drug X" description.'"""
    for c in conflicts(trial):
        if not c.named:
            yield _finding("DOSE002", "warning", trial, c)
