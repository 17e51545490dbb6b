"""Paper vs registry (cross-source): what a trial report says about its design, enrollment, dosing
and eligible ages against the registry record it names (PUB001-PUB004), or, when that record is
not in the input, against records that name the paper's registration or come from the same team
(PUB005, at info: they describe other studies).

Each finding quotes both sides with file and line. Paper text is read outside the introduction,
discussion and references, where designs and numbers of other studies are cited."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from auditor.extract.ages import find_age_ranges, fmt_years
from auditor.extract.dosing import Schedule, find_schedules, interval_label, same_interval
from auditor.extract.outcome_statements import OutcomeStatement, find_outcome_statements
from auditor.extract.sample_size import Count, find_counts
from auditor.extract.sentences import sentence_spans
from auditor.extract.trial_design import DesignStatement, find_design_statements
from auditor.findings import Evidence, Finding
from auditor.linking import OWN, Link, index_for, intervention_terms, own_registry_ids, quote_span, text_terms
from auditor.model import FIELD_PATHS, Age, Field, Loc, Publication, Trial
from auditor.rules import rule

_SKIP_SECTIONS = ("introduction", "background", "discussion", "references", "acknowledgements")
_SECONDARY_REPORT = re.compile(
    r"(?i)\b(?:secondary|post[\s-]?hoc|exploratory|ancillary|pooled|sub-?stud(?:y|ies)|sub-?group|"
    r"follow[\s-]?up|extension\s+(?:study|phase)|cost[\s-]effectiveness|"
    r"economic\s+evaluation|protocol|rationale\s+and\s+design)\b")
_ELIGIBILITY_CUE = re.compile(
    r"(?i)eligib|inclusion|criteri|were\s+included\s+if|could\s+participate|were\s+recruited|were\s+enrolled|"
    r"\benrol+(?:ed|ment)\b|\brecruit")
_NOT_ELIGIBILITY = re.compile(r"(?i)analy[sz]|\brange\b|median|\bmean\b|baseline|\btable\b|\bSD\b")
_MAX_QUOTES = 3
_ENROLLMENT_TOL = 0.05
_CLOSED = ("COMPLETED", "TERMINATED")


# ---- the paper's text, with offsets -> lines --------------------------------------------------

class PaperText:
    """A publication's text as one string, with what the checks read from it."""

    def __init__(self, pub: Publication):
        self.pub = pub
        self.text = "\n".join(pub.lines)
        self.starts: list[int] = []
        pos = 0
        for line in pub.lines:
            self.starts.append(pos)
            pos += len(line) + 1
        skip = [s for s in pub.sections if s.kind in _SKIP_SECTIONS]
        self._skip = [(self.starts[s.start_line - 1], self._end_of(s.end_line)) for s in skip
                      if 0 < s.start_line <= len(self.starts)]

    def _end_of(self, line: int) -> int:
        line = min(line, len(self.starts))
        return self.starts[line - 1] + len(self.pub.lines[line - 1])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def usable(self, offset: int) -> bool:
        return not any(a <= offset <= b for a, b in self._skip)

    def evidence(self, start: int, end: int, label: str, highlight: str | None = None) -> Evidence:
        line = self.line_of(start)
        line_text = self.pub.lines[line - 1]
        a = start - self.starts[line - 1]
        quoted = quote_span(line_text, a, min(len(line_text), a + (end - start)))
        return Evidence.at(Loc(self.pub.source, line), quoted, label, highlight)

    def sentence(self, offset: int) -> tuple[int, int]:
        return next(((a, b) for a, b in self.sentences if a <= offset < b), (offset, offset))

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    @cached_property
    def secondary_report(self) -> bool:
        """A secondary, follow-up or protocol paper: its numbers need not be the registered trial's."""
        title = self.pub.title.value if self.pub.title is not None else "\n".join(self.pub.lines[:3])
        return bool(_SECONDARY_REPORT.search(title))

    @cached_property
    def counts(self) -> list[Count]:
        return [c for c in find_counts(self.text) if self.usable(c.start)]

    @cached_property
    def design(self) -> list[DesignStatement]:
        return [d for d in find_design_statements(self.text) if self.usable(d.start)]

    @cached_property
    def schedules(self) -> list[Schedule]:
        return [s for s in find_schedules(self.text) if self.usable(s.span[0])]

    @cached_property
    def outcome_statements(self) -> list[OutcomeStatement]:
        return [s for s in find_outcome_statements(self.text) if self.usable(s.start)]

    @cached_property
    def ages(self) -> list:
        """Age ranges stated for eligibility: an eligibility word in the sentence or just before it
        ('the criteria for enrollment included: ...; 18–65 years of age'), no statistics words."""
        out = []
        for m in find_age_ranges(self.text):
            if not self.usable(m.start):
                continue
            a, b = self.sentence(m.start)
            line_start = self.starts[self.line_of(m.start) - 1]
            before = self.text[max(line_start, a - 250):a]
            if _ELIGIBILITY_CUE.search(before + self.text[a:b]) and not _NOT_ELIGIBILITY.search(self.text[a:b]):
                out.append(m)
        return out

    def product_terms(self, s: Schedule) -> frozenset[str]:
        """The words naming what a schedule doses: its clause up to the schedule, or, inside brackets
        ('spironolactone [40 mg daily]'), the bracket and the word before it."""
        a = s.sentence_span[0]
        start = s.span[0]
        depth, i = 0, start - 1
        while i >= a:
            ch = self.text[i]
            if ch in ")]":
                depth += 1
            elif ch in "([":
                if depth == 0:
                    break
                depth -= 1
            elif ch == ";" and depth == 0:
                break
            i -= 1
        if i >= a and self.text[i] in "([":
            head = self.text[max(a, i - 40):i].split()
            window = " ".join(head[-2:]) + " " + self.text[i:s.span[1]]
        else:
            window = self.text[max(a, i + 1):s.span[1]]
        return text_terms(window)


_CACHE: list = [None, None]


def paper_text(pub: Publication) -> PaperText:
    """The rules of one paper run one after another: keep the last paper's text."""
    if _CACHE[0] is not pub:
        _CACHE[0], _CACHE[1] = pub, PaperText(pub)
    return _CACHE[1]


# ---- differences --------------------------------------------------------------------------------

@dataclass(slots=True)
class Diff:
    topic: str                       # 'design', 'enrollment', 'dosing', 'ages'
    message: str                     # '... the paper ... while NCT... registers ...' (without the link clause)
    evidence: list[Evidence]
    fields: list[str]
    values: dict[str, str] = field(default_factory=dict)


def _masking_words(t: Trial) -> str:
    who = ", ".join(w.replace("_", " ").title() for w in (t.who_masked.value if t.who_masked else []) or [])
    if t.masking is None or not t.masking.value:
        return f"of {who}"
    level = t.masking.value.title()
    return f"{level} ({who})" if who else level


def design_diffs(paper: PaperText, trials: list[Trial], rid: str) -> list[Diff]:
    """Randomized vs not, open-label vs blinded: the paper's own words against the registry fields."""
    out: list[Diff] = []
    kinds = {d.kind for d in paper.design}
    alloc_t = next((t for t in trials if t.allocation is not None and t.allocation.value), None)
    if alloc_t is not None:
        alloc = alloc_t.allocation.value
        says = None
        if "randomized" in kinds and "non_randomized" not in kinds and alloc in ("NON_RANDOMIZED", "NA"):
            says = "randomized"
        elif "non_randomized" in kinds and "randomized" not in kinds and alloc == "RANDOMIZED":
            says = "non_randomized"
        if says:
            quotes = [d for d in paper.design if d.kind == says][:_MAX_QUOTES]
            shown = {"NON_RANDOMIZED": "Non-Randomized", "NA": "N/A (single group)", "RANDOMIZED": "Randomized"}[alloc]
            words = "randomized" if says == "randomized" else "not randomized"
            out.append(Diff(
                "design", f"the paper describes the trial as {words} while {rid} registers allocation {shown}",
                [paper.evidence(d.start, d.end, "paper: design", d.text) for d in quotes] +
                [Evidence.of(alloc_t.allocation, f"{rid} allocation")],
                [FIELD_PATHS["allocation"]], {"paper": words, "registry": alloc}))
    mask_t = next((t for t in trials if (t.masking is not None and t.masking.value) or
                   (t.who_masked is not None and t.who_masked.value)), None)
    if mask_t is not None:
        level = mask_t.masking.value if mask_t.masking is not None else None
        who = set(mask_t.who_masked.value or []) if mask_t.who_masked is not None else set()
        blinds_people = level in ("DOUBLE", "TRIPLE", "QUADRUPLE") or bool(who & {"PARTICIPANT", "CARE_PROVIDER",
                                                                                  "INVESTIGATOR"})
        says = None
        if "open_label" in kinds and "blinded" not in kinds and blinds_people:
            says = "open_label"
        elif "blinded" in kinds and "open_label" not in kinds and level == "NONE":
            says = "blinded"
        if says:
            quotes = [d for d in paper.design if d.kind == says][:_MAX_QUOTES]
            words = "open-label" if says == "open_label" else \
                f"{quotes[0].level + '-' if quotes[0].level else ''}blind"
            reg = _masking_words(mask_t) if says == "open_label" else "None (Open Label)"
            ev = [paper.evidence(d.start, d.end, "paper: masking", d.text) for d in quotes]
            ev += [e for e in (Evidence.of(mask_t.masking, f"{rid} masking"),
                               Evidence.of(mask_t.who_masked, f"{rid} masked roles")) if e is not None]
            out.append(Diff("design", f"the paper describes the trial as {words} while {rid} registers masking {reg}",
                            ev, [FIELD_PATHS["masking"]], {"paper": words, "registry": reg}))
    return out


def _groups(trials: list[Trial]) -> int | None:
    n = max((len(t.arms) for t in trials), default=0)
    return n if n >= 2 else None


def enrollment_diffs(paper: PaperText, trials: list[Trial], rid: str) -> list[Diff]:
    """The registered enrollment against the paper's randomized/enrolled numbers (actual enrollment)
    or its final planned sample size and randomized number (anticipated enrollment)."""
    t = next((t for t in trials if t.enrollment is not None and isinstance(t.enrollment.value, int)), None)
    if t is None or not paper.counts:
        return []
    e = t.enrollment.value
    etype = t.enrollment_type.value if t.enrollment_type is not None else None
    closed = t.overall_status is not None and t.overall_status.value in _CLOSED
    if etype is None and closed:
        etype = "ACTUAL"   # old records give no type; a closed study's enrollment is its actual one
    groups = _groups(trials)

    def total(c: Count) -> int | None:
        return c.value * groups if c.per_group and groups else (None if c.per_group else c.value)

    actual = [c for c in paper.counts if c.kind in ("randomized", "enrolled") and total(c)]
    planned = [c for c in paper.counts if c.kind == "planned" and total(c)]
    if not actual and not planned:
        return []
    accept = [total(c) for c in actual] + [total(c) for c in paper.counts if c.kind in ("analysed", "screened")
                                           and total(c)]
    if etype != "ACTUAL" and planned:
        accept.append(total(planned[-1]))  # the final sample size, after any dropout allowance
    if any(abs(v - e) <= max(1, _ENROLLMENT_TOL * e) for v in accept):
        return []
    if etype == "ACTUAL" and not actual or etype != "ACTUAL" and not planned:
        return []  # an anticipated enrollment is only comparable with the paper's plan
    parts = []
    for kind in ("planned", "screened", "enrolled", "randomized", "analysed"):
        seen = []
        for c in paper.counts:
            if c.kind == kind and total(c) and total(c) not in [total(x) for x in seen]:
                seen.append(c)
        for c in seen:
            v = total(c)
            parts.append(f"{kind} {c.value} per group ({v})" if c.per_group else f"{kind} {v}")
    shown = {"ACTUAL": " (actual)", "ESTIMATED": " (anticipated)"}.get(etype or "", "")
    if t.enrollment_type is None and closed:
        shown = f" (type not given; the study is {t.overall_status.raw.strip()})"
    ev = [paper.evidence(c.start, c.end, f"paper: {c.kind}", c.text) for c in
          _spread([c for c in paper.counts if total(c)])]
    ev += [e for e in (Evidence.of(t.enrollment, f"{rid} enrollment"),
                       Evidence.of(t.overall_status, f"{rid} status") if shown.startswith(" (type") else None)
           if e is not None]
    return [Diff("enrollment", f"the paper reports {', '.join(parts)} participants while {rid} registers an "
                               f"enrollment of {e}{shown}",
                 ev, [FIELD_PATHS["enrollment"]],
                 {"paper": "; ".join(parts), "registry": f"{e}{shown}"})]


def _spread(counts: list[Count]) -> list[Count]:
    """One quote per kind, in text order, at most five."""
    out, kinds = [], set()
    for c in counts:
        if c.kind not in kinds:
            kinds.add(c.kind)
            out.append(c)
    return out[:5]


@dataclass(slots=True)
class _RegSchedule:
    schedule: Schedule
    field: Field
    terms: frozenset[str]


def record_schedules(trials: list[Trial]) -> list[_RegSchedule]:
    """Dosing schedules in the intervention and arm descriptions, with the product words they are about."""
    out: list[_RegSchedule] = []
    seen: set = set()
    for t in trials:
        iv_terms = intervention_terms(t)
        sources: list[tuple[Field, frozenset[str]]] = []
        for iv in t.interventions:
            if iv.description is not None and isinstance(iv.description.value, str):
                names = frozenset().union(*(text_terms(f.value) for f in [iv.name, *iv.other_names] if f is not None))
                sources.append((iv.description, names))
        for arm in t.arms:
            if arm.description is not None and isinstance(arm.description.value, str):
                names = frozenset().union(*(text_terms(f.value) for f in arm.intervention_names)) if \
                    arm.intervention_names else frozenset()
                sources.append((arm.description, names))
        for f, names in sources:
            for s in find_schedules(f.value):
                if s.interval_days is None:
                    continue
                sent = f.value[s.sentence_span[0]:s.sentence_span[1]]
                terms = (names | (text_terms(sent) & iv_terms)) & iv_terms if iv_terms else names
                key = (round(s.interval_days, 3), s.dose_value, s.dose_unit, terms)
                if terms and key not in seen:
                    seen.add(key)
                    out.append(_RegSchedule(s, f, terms))
    return out


def _same_dose(a: Schedule, b: Schedule) -> bool | None:
    if a.dose_value is None or b.dose_value is None or a.dose_unit != b.dose_unit:
        return None
    return abs(a.dose_value - b.dose_value) <= 0.01 * max(abs(a.dose_value), abs(b.dose_value))


def dosing_diffs(paper: PaperText, trials: list[Trial], rid: str) -> list[Diff]:
    """Each registered schedule against the paper's schedules of the same product: a different
    interval (and dose, when both are written in the same unit)."""
    out: list[Diff] = []
    reported: set = set()
    paper_scheds = [(s, paper.product_terms(s)) for s in paper.schedules if s.interval_days is not None]
    for reg in record_schedules(trials):
        same_product = [s for s, terms in paper_scheds if terms & reg.terms and s.basis == reg.schedule.basis]
        if not same_product or any(same_interval(s.interval_days, reg.schedule.interval_days) for s in same_product):
            continue
        intervals = sorted({round(s.interval_days, 3) for s in same_product})
        key = (tuple(intervals), round(reg.schedule.interval_days, 3))
        if key in reported:
            continue
        reported.add(key)
        paper_label = " and ".join(interval_label(d) for d in intervals)
        reg_label = interval_label(reg.schedule.interval_days)
        product = sorted(reg.terms)[0].replace("_", " ")
        msg = (f"the paper gives {paper_label} between doses of {product} ('{same_product[0].text}') while {rid} "
               f"registers {reg_label} ('{reg.schedule.text}')")
        values = {"paper interval": paper_label, "registry interval": reg_label}
        doses = [s for s in same_product if _same_dose(s, reg.schedule) is not None]
        if doses and not any(_same_dose(s, reg.schedule) for s in doses):
            msg += f", and a dose of {doses[0].dose_text} where the record gives {reg.schedule.dose_text}"
            values.update({"paper dose": doses[0].dose_text, "registry dose": reg.schedule.dose_text})
        quotes = same_product[:_MAX_QUOTES]
        ev = [paper.evidence(s.span[0], s.span[1], "paper: dosing", s.text) for s in quotes]
        f = reg.field
        a, b = reg.schedule.sentence_span
        ev.append(Evidence.at(f.loc, f.value[a:b].strip() if b - a <= 400 else reg.schedule.text,
                              f"{rid}: dosing", reg.schedule.text))
        out.append(Diff("dosing", msg, ev, [FIELD_PATHS["interventions"] + ".description"], values))
    return out


def age_range_text(lo: float | None, hi: float | None) -> str:
    """(18, 65) -> '18-65 years'; (0.9167, 1.5) -> '11 months-18 months'; (18, None) -> '18 years-no maximum'."""
    parts = [fmt_years(v) if v is not None else None for v in (lo, hi)]
    if all(p is not None and p.replace(".", "").isdigit() for p in parts):
        return f"{parts[0]}-{parts[1]} years"
    shown = [p if p is None or not p.replace(".", "").isdigit() else f"{p} years" for p in parts]
    return f"{shown[0] or 'no minimum'}-{shown[1] or 'no maximum'}"


def _years_of(f: Field | None) -> float | None:
    return f.value.years if f is not None and isinstance(f.value, Age) else None


def age_diffs(paper: PaperText, trials: list[Trial], rid: str) -> list[Diff]:
    """The eligible age range the paper states against the record's minimum and maximum age."""
    t = next((t for t in trials if t.min_age is not None or t.max_age is not None), None)
    if t is None or not paper.ages:
        return []
    lo, hi = _years_of(t.min_age), _years_of(t.max_age)

    def agrees(m) -> bool:
        # A bound the paper leaves out is not a difference; a bound the record leaves out ('N/A',
        # no maximum) while the paper states one is.
        ok_lo = m.low is None or (lo is not None and abs(m.low - lo) < 1e-3)
        ok_hi = m.high is None or (hi is not None and abs(m.high - hi) < 1e-3)
        return ok_lo and ok_hi

    if any(agrees(m) for m in paper.ages):
        return []
    comparable = [m for m in paper.ages if m.low is not None or m.high is not None]
    if not comparable:
        return []
    m = comparable[0]
    paper_range = age_range_text(m.low, m.high)
    reg_range = age_range_text(lo, hi)
    ev = [paper.evidence(x.start, x.end, "paper: eligible ages", x.text) for x in comparable[:_MAX_QUOTES]]
    ev += [e for e in (Evidence.of(t.min_age, f"{rid} minimum age"), Evidence.of(t.max_age, f"{rid} maximum age"))
           if e is not None]
    return [Diff("ages", f"the paper's eligible ages {paper_range} differ from {rid}'s {reg_range}", ev,
                 [FIELD_PATHS["min_age"], FIELD_PATHS["max_age"]], {"paper": paper_range, "registry": reg_range})]


# ---- the rules ----------------------------------------------------------------------------------

def own_links(pub: Publication, ctx) -> list[Link]:
    return [k for k in index_for(ctx.by_id, ctx.link_sizes).paper_links(pub) if k.strength == OWN]


def _finding(rule_id: str, severity: str, pub: Publication, link: Link, d: Diff, own_reg: str | None) -> Finding:
    if link.strength == OWN:
        message = f"{d.message[0].upper()}{d.message[1:]}."
    else:
        reg = f" ({own_reg})" if own_reg else ""
        message = (f"{d.message[0].upper()}{d.message[1:]}; {link.target} is a related record ({link.reason}), "
                   f"not the paper's own registration{reg}, so this may be a real difference between studies.")
    evidence: dict[tuple, Evidence] = {}
    for e in d.evidence + link.evidence:
        if e is not None:
            evidence.setdefault((e.source, e.line, e.text), e)   # one quote per place, with its first label
    return Finding(rule=rule_id, category="cross-source", severity=severity, record=pub.id, message=message,
                   evidence=list(evidence.values()), fields=d.fields, related=[link.target], values=d.values)


def _own_rule(rule_id: str, severity: str, pub: Publication, ctx, compare) -> list[Finding]:
    links = own_links(pub, ctx)
    if not links:
        return []
    paper = paper_text(pub)
    out = []
    for link in links:
        for d in compare(paper, ctx.by_id[link.target], link.target):
            out.append(_finding(rule_id, severity, pub, link, d, None))
    return out


@rule("PUB001", category="cross-source", severity="warning", scope="publication",
      title="The paper's design (randomization, masking) differs from its registered record")
def paper_design(pub: Publication, ctx):
    """What: a paper that names its registration (the record is in the input) and describes its own
    design ('This was a randomized, double-blind trial', 'patients were randomly assigned', 'This was
    an open-label study', 'both clinicians and participants were aware of the allocation') in words
    that contradict the record: randomized vs Non-Randomized/N/A allocation, open-label vs a record
    masking participants, care providers or investigators, or blinded vs masking None. Design words
    about other studies (introduction, discussion, cited work) are not read.
    Why: the registry is the trial's public protocol; a report describing another design is a known
    registry-publication discrepancy (masking described differently) that changes how the evidence
    is weighed.
    Example: record masking 'Double (Participant, Care Provider)', paper 'This was an open-label
    study' -> 'The paper describes the trial as open-label while NCT... registers masking Double
    (Participant, Care Provider).'"""
    return _own_rule("PUB001", "warning", pub, ctx, design_diffs)


@rule("PUB002", category="cross-source", severity="warning", scope="publication",
      title="The paper's participant numbers differ from the registered enrollment")
def paper_enrollment(pub: Publication, ctx):
    """What: the registered enrollment against the numbers the paper states: an actual enrollment
    must match a randomized, enrolled, analysed or screened number; an anticipated one must match
    one of those or the paper's final planned sample size ('125 patients per group' times the number
    of registered arms). Within 5%. Secondary, follow-up and protocol papers are not checked.
    Why: a different number of participants is one of the commonest registry-publication
    discrepancies; it hides dropped or added participants, or a registry never updated.
    Example: record enrollment 200, paper 'sample size of 125 patients per group', '250 patients were
    randomly assigned' -> 'The paper reports planned 125 per group (250), randomized 250 participants
    while NCT... registers an enrollment of 200.'"""
    if not own_links(pub, ctx) or paper_text(pub).secondary_report:
        return []
    return _own_rule("PUB002", "warning", pub, ctx, enrollment_diffs)


@rule("PUB003", category="cross-source", severity="warning", scope="publication",
      title="The paper's dosing schedule differs from its registered record")
def paper_dosing(pub: Publication, ctx):
    """What: a dosing interval in the record's intervention or arm descriptions ('three times at
    3-week intervals') against the paper's schedules for the same product ('three UC-MSC infusions at
    4-week intervals'); reported when no paper schedule of that product has the registered interval,
    with the dose too when both sides write it in the same unit. Only schedules about giving the
    product count (not visits or tests every 4 weeks).
    Why: the dosing schedule is part of the registered intervention; a report giving another
    schedule describes a different treatment or a protocol change not registered.
    Example: record 'three times at 3-week intervals', paper 'three UC-MSC infusions at 4-week
    intervals' -> 'The paper gives 4 weeks between doses of mesenchymal stem cell (...) while NCT...
    registers 3 weeks (...).'"""
    return _own_rule("PUB003", "warning", pub, ctx, dosing_diffs)


@rule("PUB004", category="cross-source", severity="warning", scope="publication",
      title="The paper's eligible ages differ from its registered record")
def paper_ages(pub: Publication, ctx):
    """What: an age range the paper gives for eligibility ('the criteria for enrollment included ...
    18-65 years of age') against the record's minimum and maximum age; ranges in results, tables and
    baseline descriptions are not read.
    Why: the eligible population is part of the registered protocol; different ages mean the
    criteria changed or one source is wrong.
    Example: record 18-69 years, paper '18–65 years of age' -> 'The paper's eligible ages 18-65
    years differ from NCT...'s 18-69 years.'"""
    return _own_rule("PUB004", "warning", pub, ctx, age_diffs)


@rule("PUB005", category="cross-source", severity="info", scope="publication",
      title="The paper differs from a related registry record (not its own registration)")
def paper_vs_related(pub: Publication, ctx):
    """What: when the paper's own registration is not in the input, its design, participant numbers,
    dosing and eligible ages are compared as in PUB001-PUB004 with records that name the paper's
    registration id (related or secondary ids) or share its team (lead sponsor named in the paper,
    an official among its authors, an intervention in its title or abstract). Reported at info.
    Why: such records are usually sibling studies, so differences may be real; but a protocol
    copied between registrations, or a paper citing the wrong registration, shows up here first.
    Example: a paper registered as NCT00000001 ('4-week intervals', '18–65 years of age') and a record
    NCT00000002 that lists NCT00000001 as related ('3-week intervals', 18-69 years) -> two info
    findings naming both sides."""
    links = [k for k in index_for(ctx.by_id, ctx.link_sizes).paper_links(pub) if k.strength != OWN]
    if not links:
        return []
    paper = paper_text(pub)
    own_reg = ", ".join(sorted(f.value for f in own_registry_ids(pub).values())) or None
    out = []
    for link in links:
        trials = ctx.by_id[link.target]
        diffs = design_diffs(paper, trials, link.target) + enrollment_diffs(paper, trials, link.target) + \
            dosing_diffs(paper, trials, link.target) + age_diffs(paper, trials, link.target)
        for d in diffs:
            out.append(_finding("PUB005", "info", pub, link, d, own_reg))
    return out
