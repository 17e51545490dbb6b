"""dosing: the dosing schedule of one product as the arm descriptions, the intervention descriptions
and the summary/description of the same record state it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.controls import about_other_study
from auditor.extract.dosing import Schedule, find_schedules, interval_label, may_state_schedule, same_interval
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
    "regimen", "regimens", "control", "active", "experimental", "administration", "single", "multiple",
    "daily", "weekly", "monthly", "once", "twice", "combination", "combined", "alone", "only", "add", "vs",
    "versus", "other", "new", "novel", "procedure", "intervention", "product", "vaccine", "placebo", "saline",
))
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")
_SPLIT = re.compile(r"[-+]")
_CYCLE_WORD = re.compile(r"(?i)\b(?:cycles?|courses?)\b")


@dataclass(slots=True)
class Stated:
    """One schedule of one product at one place, and how surely it is about that product."""
    product: Intervention
    place: Place
    schedule: Schedule
    named: bool                 # the sentence names the product (or the place is its own description)


_COMBINATION = re.compile(r"(?i)\bcombin\w*")
_JOIN = re.compile(r"(?i)\s+(?:and|plus|with|\+)\s+|\s*[/,&+]\s*")


def _key(tok: str) -> str:
    low = tok.lower()
    return low[:-1] if low.endswith("s") and len(low) > 3 else low


def _is_combination(name: str) -> bool:
    """'Combination of peginterferon and ribavirin', 'PEG-IFN plus ribavirin': more than one product
    ('Conventional plus MSC treatment' is one product on background care)."""
    if _COMBINATION.search(name):
        return True
    parts = [p for p in _JOIN.split(name) if any(t.lower() not in _GENERIC for t in _TOKEN.findall(p))]
    return len(parts) > 1


def _tokens(i: Intervention) -> set[str]:
    names = [f.raw for f in [i.name, *i.other_names] if f is not None]
    out = set()
    for n in names:
        for t in _TOKEN.findall(n):
            low = t.lower()
            if low in _GENERIC or len(low) < 3 and not any(c.isupper() for c in t[1:]):
                continue
            out.add(_key(t))
    return out


@dataclass(slots=True)
class _Record:
    """What the dosing rules need of one record, worked out once."""
    names: dict[str, Intervention]            # distinctive name word -> the one intervention it names
    single: set[int]                          # ids of interventions that are one product (not 'A and B')
    linked: dict[int, list[Intervention]]     # id(arm) -> interventions it gives
    arms_of: dict[int, int]                   # id(intervention) -> how many arms give it
    scheduled_labels: set[int]                # ids of interventions given by an arm whose label states a schedule


def _record(trial: Trial) -> _Record:
    owners: dict[str, list[Intervention]] = {}
    single: set[int] = set()
    for i in trial.interventions:
        # A combination ('Combination of pegylated interferon and ribavirin') holds products with
        # different schedules: it is not compared.
        if i.name is None or _is_combination(i.name.raw):
            continue
        single.add(id(i))
        for t in _tokens(i):
            owners.setdefault(t, []).append(i)
    names = {t: v[0] for t, v in owners.items() if len(v) == 1}   # a word two products share names neither
    linked: dict[int, list[Intervention]] = {}
    arms_of: dict[int, int] = {}
    for a in trial.arms:
        label = (a.label.raw.strip().lower() if a.label else "")
        inames = {re.sub(r"^[A-Za-z ]+:\s*", "", f.raw).strip().lower() for f in a.intervention_names}
        got = []
        for i in trial.interventions:
            iname = i.name.raw.strip().lower() if i.name else ""
            # Linked by the arm's intervention names, the intervention's arm labels, or (renderings
            # that list neither) an intervention named exactly like the arm.
            if (iname and (iname in inames or iname == label)) or \
                    (label and any(f.raw.strip().lower() == label for f in i.arm_labels)):
                got.append(i)
                arms_of[id(i)] = arms_of.get(id(i), 0) + 1
        linked[id(a)] = got
    scheduled = {id(i) for a in trial.arms if a.label is not None and find_schedules(a.label.raw)
                 for i in linked.get(id(a), [])}
    return _Record(names, single, linked, arms_of, scheduled)


_NEAR_BEFORE = 60
_OPENING = 20   # a schedule this close to the start of its sentence may name its product after it
# 'once daily LCP-Tacro', 'three doses of Zoledronate': a product named right after the schedule is its product
_ADJOINING = re.compile(r"\s*(?:of\s+)?(?:the\s+)?")


def _named_near(rec: _Record, text: str, s: Schedule) -> tuple[Intervention | None, bool]:
    """(the product named nearest before the schedule, within reach; whether any product is named
    before it in its sentence). A product named after the schedule counts when it follows right
    after ('once daily LCP-Tacro') or the sentence opens with the schedule ('Every 3 weeks, drug X
    is given'); otherwise '... every 3 weeks, in addition to standard care' would give the schedule
    to standard care."""
    s0, s1 = s.sentence_span
    best: tuple[int, Intervention] | None = None
    after: tuple[int, Intervention] | None = None
    any_before = False
    if not rec.names:
        return None, False
    for m in _TOKEN.finditer(text, s0, s1):
        word = m.group(0)
        parts = [word, *_SPLIT.split(word)] if ("-" in word or "+" in word) else [word]
        i = next((rec.names[k] for k in map(_key, parts) if k in rec.names), None)
        if i is None:
            continue
        if m.end() <= s.span[0]:
            any_before = True
            d = s.span[0] - m.end()
            if d <= _NEAR_BEFORE and (best is None or d < best[0]):
                best = (d, i)
        elif after is None and m.start() >= s.span[1]:
            adjoining = _ADJOINING.fullmatch(text, s.span[1], m.start()) is not None
            if adjoining or s.span[0] - s0 <= _OPENING:
                after = (0 if adjoining else 1, i)
    if after is not None and after[0] == 0:
        return after[1], any_before          # 'converted to once daily LCP-Tacro'
    return (best[1] if best else after[1] if after else None), any_before


def _schedule_places(trial: Trial, rec: _Record) -> list[Place]:
    """The places whose schedules stated_schedules() reads: descriptions, and the summary and
    description only where they name a product."""
    out = []
    for p in places(trial, titles=False, design=False):
        if p.label.endswith(" label") or p.label.endswith(" name"):
            continue
        if p.arm is None and p.intervention is None:
            low = p.text.lower()
            if not any(k in low for k in rec.names):
                continue
        out.append(p)
    return out


def _may_conflict(trial: Trial, rec: _Record) -> bool:
    """False when no two comparable places can both state a schedule (a cheap test): every conflict
    has one side outside the interventions (an arm, the summary or the description) and another
    place stating a schedule."""
    ps = [p for p in _schedule_places(trial, rec) if may_state_schedule(p.text)]
    return len(ps) >= 2 and any(p.intervention is None for p in ps)


def stated_schedules(trial: Trial, rec: _Record | None = None) -> list[Stated]:
    """Every schedule in the record's arm, intervention, summary and description text, with the
    product it is about: the product named right before it; with no product named before it, an
    intervention's own description is about that intervention and an arm's description about the
    arm's only intervention. Other schedules, and sentences about other studies, are left out."""
    rec = rec or _record(trial)
    out: list[Stated] = []
    for p in _schedule_places(trial, rec):
        if p.intervention is not None and id(p.intervention) not in rec.single:
            continue    # a combination's schedules are not compared
        for s in find_schedules(p.text):
            if about_other_study(p.text[s.sentence_span[0]:s.sentence_span[1]]):
                continue
            near, named_before = _named_near(rec, p.text, s)
            if p.intervention is not None:
                if id(p.intervention) in rec.single and (near is None or near is p.intervention):
                    out.append(Stated(p.intervention, p, s, True))
            elif near is not None:
                out.append(Stated(near, p, s, True))
            elif p.arm is not None and not named_before:
                linked = rec.linked.get(id(p.arm), [])
                if len(linked) == 1 and id(linked[0]) in rec.single:
                    out.append(Stated(linked[0], p, s, False))
    return out


def _combination_schedules(trial: Trial, rec: _Record) -> list[Stated]:
    """A combination given in one arm ('simvastatin (+) ezetimibe 10/20 mg; tablet, once daily'): its
    own description and its arm's description each state one schedule of it, with the same dose: a
    fixed-dose product, whose two statements are compared. Components with schedules of their own
    ('peginterferon weekly plus ribavirin twice daily') state two, or different doses, and are not."""
    out: list[Stated] = []
    by_owner: dict[tuple[str, int], Place] = {}
    for p in _schedule_places(trial, rec):
        if p.arm is not None:
            by_owner[("arm", id(p.arm))] = p
        elif p.intervention is not None:
            by_owner[("int", id(p.intervention))] = p
    for a in trial.arms:
        linked = rec.linked.get(id(a), [])
        if len(linked) != 1 or id(linked[0]) in rec.single or rec.arms_of.get(id(linked[0]), 0) != 1:
            continue
        combo = linked[0]
        pa, pi = by_owner.get(("arm", id(a))), by_owner.get(("int", id(combo)))
        if pa is None or pi is None:
            continue
        sa, si = find_schedules(pa.text), find_schedules(pi.text)
        if len(sa) != 1 or len(si) != 1 or sa[0].dose_value is None or \
                (sa[0].dose_value, sa[0].dose_unit) != (si[0].dose_value, si[0].dose_unit):
            continue
        if any(about_other_study(pl.text[x.sentence_span[0]:x.sentence_span[1]]) for pl, x in ((pa, sa[0]), (pi, si[0]))):
            continue
        out += [Stated(combo, pa, sa[0], True), Stated(combo, pi, si[0], True)]
    return out


def _scale(days: float) -> str:
    """Doses a day ('twice daily', 'daily') and spacing between dosing days ('every 3 weeks',
    '28-day cycles') are different things: a daily drug given in 4-week cycles has both."""
    return "day" if days <= 1.0 else "days"


def _intervals(items: list[Stated], scale: str, basis: str) -> list[float]:
    vals: list[float] = []
    for st in items:
        d = st.schedule.interval_days
        if d is None or st.schedule.basis != basis or _scale(d) != scale:
            continue
        if not any(same_interval(d, v) for v in vals):
            vals.append(d)
    return vals


# '2 sessions/week', '3 doses per day': a rate, not a number of administrations.
_RATE_AFTER = re.compile(r"(?i)\s*(?:/\s*|per\s+|a\s+|an\s+|each\s+|every\s+)(?:day|week|wk|month|year)\b")


def _counts(items: list[Stated]) -> list[tuple[int, str]]:
    """The counts a place states. Lists of days ('day 1, then weekly on days 8, 15 and 22') may not
    hold every dose, so they give no count of their own, but one that disagrees with the place's
    other count makes the place ambiguous (two regimens) and nothing is returned."""
    vals: list[tuple[int, str]] = []
    listed: set[int] = set()
    repeated = any(st.schedule.interval_days is not None for st in items)
    for st in items:
        c = st.schedule.count
        # 'a single dose of 10 mg given weekly': 'single' is the size of each dose, not the count.
        if c is None or (c == 1 and repeated) or _RATE_AFTER.match(st.place.text, st.schedule.span[1]):
            continue
        if st.schedule.days:
            listed.add(c)
            continue
        key = (c, st.schedule.basis)
        if key not in vals:
            vals.append(key)
    if listed and any(c not in listed for c, _b in vals):
        return []
    return vals


def _day_list_vs_cycle(a: list[Stated], b: list[Stated]) -> bool:
    """'days 1, 8 and 15' is the spacing inside a cycle; compared with 'every 28 days' it is not a conflict."""
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


def _kind(p: Place) -> str:
    return "arm" if p.arm is not None else "int" if p.intervention is not None else "text"


def _comparable(rec: _Record, pa: Place, pb: Place, product: Intervention) -> bool:
    """Which two places describe the same use of a product: the summary, the description, the
    product's own intervention and the arms that give or name it, all against each other. Two arms
    are not compared with each other (dose groups differ legitimately; a record whose arms state
    different schedules of one product is left out whole, see _arms_compare_schedules), nor two
    interventions; an arm that neither gives nor names the product is not about it."""
    kinds = {_kind(pa), _kind(pb)}
    if kinds == {"arm"} or kinds == {"int"}:
        return False
    if "arm" in kinds and "int" in kinds:
        arm_place = pa if pa.arm is not None else pb
        # An intervention given in several arms may describe another arm's regimen: only its one arm is compared.
        return rec.arms_of.get(id(product), 0) <= 1 and any(i is product for i in rec.linked.get(id(arm_place.arm), []))
    return True


def _arms_compare_schedules(items: list[Stated], rec: _Record, product: Intervention) -> bool:
    """The record compares schedules of this product: two arms state different intervals or counts
    of it, or the product is given in several arms and the arms state no schedule that is not also
    named after a schedule in several arms ('Drug X weekly' and 'Drug X every 3 weeks')."""
    by_arm: dict[int, list[Stated]] = {}
    linked_somewhere = rec.arms_of.get(id(product), 0) > 0
    for st in items:
        if st.place.arm is None:
            continue
        # Where the record links arms and interventions, an arm that does not give the product (its
        # placebo arm: 'Alendronate 70 mg placebo tablet every 2 weeks') does not compare its schedules.
        if linked_somewhere and not any(i is product for i in rec.linked.get(id(st.place.arm), [])):
            continue
        by_arm.setdefault(id(st.place.arm), []).append(st)
    arms = list(by_arm.values())
    for x in range(len(arms)):
        for y in range(x + 1, len(arms)):
            if _conflict(arms[x], arms[y]) is not None:
                return True
    # Arms named after their schedules ('Drug X weekly', 'Drug X every 3 weeks'): a schedule comparison.
    return rec.arms_of.get(id(product), 0) > 1 and id(product) in rec.scheduled_labels


def conflicts(trial: Trial) -> list[Conflict]:
    """Products whose interval (or number of administrations) differs between two comparable places
    of the record. Each place must state one interval of each scale (or one count) only: a place
    giving two regimens ('every 2 weeks, then every 4 weeks') is not compared."""
    if _CACHE and _CACHE[0] is trial:
        return _CACHE[1]
    rec = _record(trial)
    if not _may_conflict(trial, rec):
        _CACHE[:] = [trial, []]
        return []
    by_product: dict[int, dict[int, list[Stated]]] = {}
    for st in stated_schedules(trial, rec) + _combination_schedules(trial, rec):
        by_product.setdefault(id(st.product), {}).setdefault(id(st.place.field), []).append(st)
    out: list[Conflict] = []
    for groups in by_product.values():
        lists = list(groups.values())
        if _arms_compare_schedules([st for x in lists for st in x], rec, lists[0][0].product):
            continue
        pairs = [(lists[x], lists[y]) for x in range(len(lists)) for y in range(x + 1, len(lists))]
        for a, b in pairs:
            product = a[0].product
            if not _comparable(rec, a[0].place, b[0].place, product):
                continue
            c = _conflict(a, b)
            if c is not None:
                out.append(c)
                break
    _CACHE[:] = [trial, out]
    return out


_CACHE: list = []   # the last record's conflicts: DOSE001 and DOSE002 run one after the other


def _conflict(a: list[Stated], b: list[Stated]) -> Conflict | None:
    named = all(st.named for st in a + b)
    product = a[0].product
    for basis in ("dose", "cycle"):
        for scale in ("days", "day"):
            ia, ib = _intervals(a, scale, basis), _intervals(b, scale, basis)
            if len(ia) == 1 and len(ib) == 1 and not same_interval(ia[0], ib[0]) and not _day_list_vs_cycle(a, b) \
                    and not (scale == "day" and (_loose_daily(a) or _loose_daily(b))):
                return Conflict(product, a, b, "interval", interval_label(ia[0]), interval_label(ib[0]), named)
    ca, cb = _counts(a), _counts(b)
    if len(ca) == 1 and len(cb) == 1 and ca[0][1] == cb[0][1] and ca[0][0] != cb[0][0]:
        unit = {"dose": "administrations", "cycle": "cycles", "session": "sessions"}[ca[0][1]]
        return Conflict(product, a, b, "count", f"{ca[0][0]} {unit}", f"{cb[0][0]} {unit}", named)
    return None


_DAILY_AMOUNT = re.compile(r"(?i)\s*(?:total\s+)?(?:doses?|amount|intake|allowance)\b")


def _loose_daily(items: list[Stated]) -> bool:
    """'a daily dose of 100 mg' says how much per day, not how often: against 'four times a day'
    or 'every 6 hours' it is no conflict."""
    return any(st.schedule.interval_days == 1.0 and st.schedule.text.lower() == "daily" and
               _DAILY_AMOUNT.match(st.place.text, st.schedule.span[1]) for st in items)


def _holding(items: list[Stated], c: Conflict, shown: str) -> Stated:
    """The statement whose value is the one compared (for the evidence quote)."""
    for st in items:
        sch = st.schedule
        if c.what == "interval" and sch.interval_days is not None and interval_label(sch.interval_days) == shown:
            return st
        if c.what == "count" and sch.count is not None and not sch.days and shown.startswith(f"{sch.count} "):
            return st
    return items[0]


def _finding(rule_id: str, severity: str, trial: Trial, c: Conflict) -> Finding:
    name = c.product.name.raw.strip() if c.product.name else "the intervention"
    first_a, first_b = _holding(c.a, c, c.shown_a), _holding(c.b, c, c.shown_b)
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
    both name it (the product's own intervention description counts as naming it; a fixed-dose
    combination given in one arm is compared between that arm and its own description when each states
    one schedule with the same dose). Follow-up visits
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
