"""Design statements in free text against the structured design fields: 'randomized' in a
non-randomized study, 'crossover' in a parallel one, blinding words against the masking, and
healthy volunteers accepted by criteria that require a disease."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.design_statements import Statement, find_statements, named_subject
from auditor.extract.sentences import sentence_spans
from auditor.findings import Evidence, Finding
from auditor.model import Trial
from auditor.rules import rule

from ._textplaces import Place, places, sentence_evidence
from .masking_placebo import comparator_arm_open_label, control_text_open_label

_ALLOC = "designModule.designInfo.allocation"
_MODEL = "designModule.designInfo.interventionModel"
_MASKING = "designModule.designInfo.maskingInfo.masking"
_HV = "eligibilityModule.healthyVolunteers"
_CRIT = "eligibilityModule.eligibilityCriteria"
_MAX_EVIDENCE = 3


def _value(f) -> str | None:
    return f.value if f is not None and isinstance(f.value, str) else None


_CACHE: list = []   # the last record's statements: the rules of this family run one after the other


def statements(trial: Trial) -> list[tuple[Place, Statement]]:
    """Every statement of the record's titles, summary, description, design notes, arms and
    interventions, with its place (cached for the last record)."""
    if _CACHE and _CACHE[0] is trial:
        return _CACHE[1]
    own = " ".join(f.raw for f in (trial.acronym, trial.brief_title, trial.official_title) if f is not None)
    out = []
    for p in places(trial):
        foreign = _foreign_sentences(p.text, own)
        for s in find_statements(p.text, title=p.label.endswith("title")):
            if s.sentence_span not in foreign:
                out.append((p, s))
    _CACHE[:] = [trial, out]
    return out


_IT = re.compile(r"^\W*(?:it|this\s+(?:study|trial|protocol))\s+(?:is|was|will\s+be)\b", re.I)
_NAMED_STUDY = re.compile(r"\(([A-Z][A-Z0-9-]{2,})\)\s+(?:study|trial)\b")
_PAREN_NAME = re.compile(r"\(([A-Z][A-Z0-9-]{2,})\)")


def _foreign_sentences(text: str, own: str) -> set[tuple[int, int]]:
    """Sentences describing another named study ('The ... (SMOG) study was a randomized, cross-over
    study'), and an 'It is a ...' sentence right after one: a record of a research network describes
    its protocols, not its own design."""
    out: set[tuple[int, int]] = set()
    prev = False
    for span in sentence_spans(text):
        sent = text[span[0]:span[1]]
        name = named_subject(sent)
        if name is not None and name not in own:
            out.add(span)
            prev = True
        elif prev and _IT.match(sent):
            out.add(span)
        else:
            prev = "(" in sent and bool(_NAMED_STUDY.search(sent)) and \
                not any(n in own for n in _PAREN_NAME.findall(sent))
    return out


def _of(trial: Trial, *kinds: str) -> list[tuple[Place, Statement]]:
    return [(p, s) for p, s in statements(trial) if s.kind in kinds]


def _evidence(trial: Trial, found: list[tuple[Place, Statement]]) -> list[Evidence]:
    out, seen = [], set()
    for p, s in found:
        key = (id(p.field), s.sentence_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(sentence_evidence(trial, p, s.sentence_span, p.label, highlight=s.text))
        if len(out) >= _MAX_EVIDENCE:
            break
    return out


def _where(found: list[tuple[Place, Statement]]) -> str:
    p, s = found[0]
    return f'"{s.text.strip()}" in the {p.label}'


def _design_finding(trial: Trial, rule_id: str, category: str, field, label: str, path: str, says: str,
                    found: list[tuple[Place, Statement]], values: dict[str, str]) -> Finding:
    """'The <label> is <field> but the record <says> ("<words>" in the <place>).', with the field and
    the sentences quoted."""
    shown = (field.raw or "").strip()
    return Finding(
        rule=rule_id, category=category, severity="warning", record=trial.id,
        message=f"The {label} is {shown} but the record {says} ({_where(found)}).",
        evidence=[e for e in [Evidence.of(field, label, highlight=shown)] if e] + _evidence(trial, found),
        fields=[path] + sorted({p.path for p, _s in found}), values=values)


@rule("TEXT001", category="arms-interventions", severity="warning",
      title="Free text calls the study randomized but the allocation is not randomized")
def randomized_text_non_randomized(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the allocation is Non-Randomized (or N/A) while the titles, summary, description, arms
    or interventions describe this study's own randomization ('A Randomized Study of ...', 'patients
    will be randomized to', 'randomly assigned'). Negated forms ('non-randomized', 'not randomized'),
    randomization in other studies ('patients randomized in the parent study', 'randomized trials
    have shown'), conditional sentences and records that also call themselves non-randomized (mixed
    designs) are not reported.
    Why: allocation is the first thing a reader judges a trial by; free text and field that disagree
    mean one of them is wrong (PRS review: "Information here appears inconsistent with information in
    other parts of the record"; domain.md).
    Example: allocation 'Non-Randomized', official title 'A Randomized, Open-label Study of X' ->
    'The allocation is Non-Randomized but the record describes randomization ("Randomized" in the
    official title).'"""
    alloc = _value(trial.allocation)
    if alloc not in ("NON_RANDOMIZED", "NA") or _of(trial, "non_randomized"):
        return
    found = _of(trial, "randomized")
    if not found:
        return
    yield _design_finding(trial, "TEXT001", "arms-interventions", trial.allocation, "allocation", _ALLOC,
                          "describes randomization", found, {"allocation": alloc, "text": "randomized"})


@rule("TEXT002", category="arms-interventions", severity="warning",
      title="Free text describes a crossover design but the model is parallel")
def crossover_text_parallel(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the intervention model is Parallel Assignment while the record's own text describes a
    crossover design ('a randomized, double-blind, crossover study', 'two-period cross-over design',
    'in a crossover fashion'). Crossing over to another treatment on progression ('may cross over to
    the active arm'), crossover extensions, negations and other studies are not read as the design.
    Why: in a crossover each participant receives several interventions in sequence; in a parallel
    design each receives one. Analyses, sample size and arm counts differ, so one of the two is wrong.
    Example: model 'Parallel Assignment', brief title 'A Crossover Study of X vs Y' -> 'The
    intervention model is Parallel Assignment but the record describes a crossover design
    ("Crossover Study" in the brief title).'"""
    if _value(trial.intervention_model) != "PARALLEL":
        return
    found = _of(trial, "crossover")
    if not found:
        return
    yield _design_finding(trial, "TEXT002", "arms-interventions", trial.intervention_model, "intervention model",
                          _MODEL, "describes a crossover design", found,
                          {"intervention model": "PARALLEL", "text": "crossover"})


def _masking(trial: Trial) -> str | None:
    from auditor.vocab import parse_masking
    v = _value(trial.masking)
    if v is not None:
        return v
    return parse_masking(trial.masking.raw)[0] if trial.masking is not None else None


_UNMASKED = re.compile(r"(?i)\b(?:not|no)\s+(?:be\s+)?(?:blind|mask)\w*|\bun-?(?:blind|mask)\w*|\bopen[\s-]?label")


@rule("TEXT003", category="masking-placebo", severity="warning",
      title="Free text describes blinding but the masking is None (Open Label)")
def blinded_text_open_label(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking is None (Open Label) while the record's own text describes blinding
    ('double-blind', 'single-blinded', 'a blinded outcome assessor', 'assessors will be masked').
    Negations ('not blinded'), blinded phases of other designs ('after the double-blind phase'),
    other studies and records that also call themselves open-label are not reported; a record whose
    placebo or sham control already contradicts the open label (MASK001, MASK002) is left to those.
    Why: who is blinded is a key bias safeguard; under masking None readers assume nobody is, so
    either the masking field or the text is wrong (PRS: internal inconsistency; the registry has
    an Outcomes Assessor masking role for blinded assessment).
    Example: masking 'None (Open Label)', description 'Outcome assessors will be blinded to group
    allocation' -> 'The masking is None (Open Label) but the record describes blinding
    ("Outcome assessors will be blinded" in the detailed description).'"""
    if _masking(trial) != "NONE" or _of(trial, "open_label"):
        return
    if any(_UNMASKED.search(p.text) for p in places(trial)):
        return      # the record also says something is not masked: a mixed design, not a contradiction
    found = _of(trial, "blinded")
    if not found:
        return
    if any(comparator_arm_open_label(trial, ctx)) or any(control_text_open_label(trial, ctx)):
        return      # one finding per problem: the placebo control already contradicts the open label
    yield _design_finding(trial, "TEXT003", "masking-placebo", trial.masking, "masking", _MASKING,
                          "describes blinding", found, {"masking": "NONE", "text": "blinded"})


@rule("TEXT004", category="masking-placebo", severity="warning",
      title="Free text calls the study open-label but the masking is Double or higher")
def open_text_masked(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking is Double, Triple or Quadruple while the record's own text calls the study
    open-label or unblinded ('an open-label study', 'this unblinded trial'), and nowhere describes
    blinding. Open-label phases, extensions and follow-up periods are not the design.
    Why: a study masked for two or more roles is not open-label; one of the two misleads readers
    and reviewers about bias (PRS: internal inconsistency).
    Example: masking 'Double (Participant, Investigator)', official title 'An Open-Label Study of X'
    -> 'The masking is Double (Participant, Investigator) but the record calls the study open-label
    ("Open-Label Study" in the official title).'"""
    if _masking(trial) not in ("DOUBLE", "TRIPLE", "QUADRUPLE") or _of(trial, "blinded"):
        return
    found = _of(trial, "open_label")
    if not found:
        return
    yield _design_finding(trial, "TEXT004", "masking-placebo", trial.masking, "masking", _MASKING,
                          "calls the study open-label", found, {"masking": _masking(trial) or "", "text": "open-label"})


# ---- healthy volunteers --------------------------------------------------------------------
# An inclusion item that requires a disease: 'Diagnosis of ...', 'Patients with histologically
# confirmed ...', 'confirmed COVID-19 infection', 'suffering from ...'.
_DISEASE = re.compile(
    r"(?i)^\W*(?:\w+\s+){0,6}?(?:(?:a\s+|clinical\s+|confirmed\s+|documented\s+|established\s+|definite\s+)?"
    r"diagnos(?:is|ed)\s+(?:of|with|as)\b|histologically|cytologically|pathologically|"
    r"suffer(?:s|ing)?\s+from|(?:patients?|subjects?|participants?|adults?|children)\s+(?:\w+\s+){0,2}?"
    r"(?:with|having|who\s+have|diagnosed)\s+(?:a\s+)?(?:confirmed|documented|established|active|chronic|"
    r"advanced|metastatic|recurrent|refractory|relapsed|moderate|severe|mild)\b)")
_ROLES = (r"(?:care-?givers?|carers?|parents?|family\s+members?|relatives|partners?|spouses?|staff|nurses|"
          r"physicians|clinicians|students|health\s*care\s+(?:workers|professionals|providers))")
# Anything that lets persons without the condition take part: healthy controls, donors, carers, staff.
_NON_PATIENTS = re.compile(
    r"(?i)\bhealthy\b|\bcontrols\b|\bnormal\s+(?:controls?|people|persons|subjects|individuals|volunteers)\b|\bcontrol\s+(?:group|arm|subjects|participants|cohort)\b|\bvolunteers?\b|"
    r"\bdonors?\b|\bgeneral\s+population\b|\bnon-?\w+\s+(?:group|subjects|participants)\b|"
    r"\b(?:prevention|preventive|prophyla\w+)\s+(?:of|trials?|stud\w+)\b|\bvaccin\w*|"
    # people other than patients who take part: 'Caregivers will be enrolled', an item 'Parents of ...'
    rf"\b{_ROLES}\s+(?:will\s+be|were|are|may\s+be)\s+(?:also\s+)?(?:enrolled|recruited|included|invited|eligible)")
_ROLE_ITEM = re.compile(rf"(?i)^\W*{_ROLES}\b")


_WITH = re.compile(r"(?i)^\W*(?:\w+\s+){0,4}?(?:with|having|who\s+(?:have|has)|diagnosed\s+with|suffering\s+from)\s+"
                   r"(?:an?\s+|the\s+)?(?:\w+\s+){0,3}?")


def _with_condition(trial: Trial, text: str) -> re.Match | None:
    """'Patients with moderate asthma' in a record whose condition is 'Asthma': the item requires the
    condition studied."""
    m = _WITH.match(text)
    if m is None:
        return None
    rest = text[m.end():].lower()
    for f in trial.conditions:
        cond = (f.raw or "").strip().lower()
        if len(cond) >= 4 and "healthy" not in cond and rest.startswith(cond[:max(4, min(len(cond), 12))]):
            return re.match(re.escape(text[:m.end() + len(cond)].strip()[:80]), text) or m
    return None


_NEGATED = re.compile(r"(?i)\b(?:no|not|non|negative|without|free\s+of|absence\s+of|never|history\s+of|family|relatives?|"
                      r"risk\s+of|at\s+risk|suspected|possible|probable|exposed|exposure|contacts?|partners?|"
                      r"parents?|mothers?|caregivers?|prevent\w*|unless|except|or\s+healthy)\b")


def _names_condition(trial: Trial, text: str) -> re.Match | None:
    """'Rheumatoid arthritis for >=6 months', 'locally advanced pancreatic cancer' in a record whose
    condition is that disease: the item requires the condition studied. An item that negates it, or
    names relatives, risk, exposure or suspicion, does not."""
    low = text.lower()
    if _NEGATED.search(text):
        return None
    for f in trial.conditions:
        cond = " ".join((f.raw or "").split()).lower()
        # States that healthy people are in (smokers, pregnancy, overweight) are not diseases here.
        if len(cond) < 5 or re.search(r"healthy|volunteer|normal|prevention|screening|vaccin|smok|tobacco|nicotine|"
                                      r"obes|overweight|pregnan|infertil|contracep|menopaus|ageing|aging|sleep|"
                                      # procedures and care that healthy people receive, not diseases
                                      r"an(?:a)?esth|surg|labou?r\b|deliver|c(?:a)?esarean|birth|lactat|breast-?feed|"
                                      r"plasty|ectomy|otomy|ostomy|procedure|intubat|analges|sedat|exercis|diet|nutrition",
                                      cond):
            continue
        m = re.search(r"(?<![\w-])" + re.escape(cond) + r"(?![\w-])", low)
        if m:
            return re.compile(re.escape(text[m.start():m.end()])).search(text)
    return None


@rule("TEXT005", category="criteria-text", severity="warning",
      title="Healthy volunteers accepted but the criteria require a disease")
def healthy_volunteers_with_disease(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the record accepts healthy volunteers while an inclusion criterion requires a diagnosed
    disease ('Diagnosis of ...', 'histologically confirmed ...', 'patients with severe ...', 'Patients
    with <a condition of the record>') and
    nothing in the criteria, titles or descriptions admits people without it (healthy controls,
    volunteers, donors, carers, staff, screening or prevention populations).
    Why: the registry defines healthy volunteers as persons who do not have the condition studied;
    marking a patient-only study as open to them shows it to the wrong people in searches (ClinicalTrials.gov
    data element definitions: 'Accepts Healthy Volunteers').
    Example: healthy volunteers 'Yes', inclusion criterion 'Diagnosis of type 2 diabetes for at
    least 6 months' -> 'The record accepts healthy volunteers but inclusion criterion 1 requires a
    disease ("Diagnosis of").'"""
    hv = trial.healthy_volunteers
    if hv is None or hv.value is not True:
        return
    items = [c for c in trial.criteria if c.kind == "inclusion"]
    hits = [(c, m) for c in items
            for m in [_DISEASE.search(c.text) or _with_condition(trial, c.text) or _names_condition(trial, c.text)] if m]
    if not hits:
        return
    texts = [c.text for c in trial.criteria] + [p.text for p in places(trial, arms=True, interventions=False)]
    if trial.criteria_text is not None:
        texts.append(trial.criteria_text.raw or "")
    if any(_NON_PATIENTS.search(t) for t in texts) or any(_ROLE_ITEM.match(c.text) for c in items):
        return
    c, m = hits[0]
    label = f"inclusion criterion{' ' + c.number if c.number else ''}"
    ev = [e for e in [Evidence.of(hv, "healthy volunteers", highlight=hv.raw)] if e]
    ev += [Evidence.at(ci.loc, ci.text, label=f"inclusion criterion{' ' + ci.number if ci.number else ''}",
                       highlight=mi.group(0).strip()) for ci, mi in hits[:_MAX_EVIDENCE]]
    yield Finding(
        rule="TEXT005", category="criteria-text", severity="warning", record=trial.id,
        message=f'The record accepts healthy volunteers but {label} requires a disease ("{m.group(0).strip()}").',
        evidence=ev, fields=[_HV, _CRIT], values={"healthy volunteers": "Yes", "criteria": "require a disease"})
