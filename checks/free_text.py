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
    blinding; a title calling it open-label is compared even when other text describes blinding (the
    title names the study's own design). Open-label phases, extensions and follow-up periods are not
    the design.
    Why: a study masked for two or more roles is not open-label; one of the two misleads readers
    and reviewers about bias (PRS: internal inconsistency).
    Example: masking 'Double (Participant, Investigator)', official title 'An Open-Label Study of X'
    -> 'The masking is Double (Participant, Investigator) but the record calls the study open-label
    ("Open-Label Study" in the official title).'"""
    if _masking(trial) not in ("DOUBLE", "TRIPLE", "QUADRUPLE"):
        return
    found = _of(trial, "open_label")
    blinded = _of(trial, "blinded")
    if blinded:
        # Text describing both may be a mixed design; a title is the study's name for its own design,
        # so a title calling it open-label (and not blinded) is still compared.
        said_blind = {id(p.field) for p, _s in blinded}
        found = [(p, s) for p, s in found if p.label.endswith("title") and id(p.field) not in said_blind]
    if not found:
        return
    yield _design_finding(trial, "TEXT004", "masking-placebo", trial.masking, "masking", _MASKING,
                          "calls the study open-label", found, {"masking": _masking(trial) or "", "text": "open-label"})


# ---- healthy volunteers --------------------------------------------------------------------
# An inclusion item that requires a disease: 'Diagnosis of ...', 'Patients with histologically
# confirmed ...', 'confirmed COVID-19 infection', 'suffering from ...'.
_DISEASE = re.compile(
    r"(?i)^\W*(?:\w+\s+){0,8}?(?:(?:a\s+|clinical\s+|confirmed\s+|documented\s+|established\s+|definite\s+)?"
    r"diagnos(?:is|ed)\s+(?:of|with|as)\b|histologically|cytologically|pathologically|"
    r"suffer(?:s|ing)?\s+from|(?:patients?|subjects?|participants?|adults?|children)\s+(?:\w+\s+){0,2}?"
    r"(?:with|having|who\s+have|diagnosed)\s+(?:a\s+)?(?:confirmed|documented|established|active|chronic|"
    r"advanced|metastatic|recurrent|refractory|relapsed|moderate|severe|mild)\b|"
    # 'Biopsy-proven hepatocellular carcinoma', 'Documented HIV infection', 'with a diagnosed lumbar
    # spinal stenosis', 'HIV-1 infected male patients', 'HSV-2 seropositive'
    r"biopsy[-\s](?:proven|confirmed)|(?:with|has|have|having)\s+(?:an?\s+)?diagnosed\b(?=\s+\w)|"
    r"(?:documented|confirmed|proven|established)\s+(?:\S+\s+){0,4}?(?:infection|disease|cancer|carcinoma|"
    r"tumou?r|disorder|syndrome|failure|injury)\b|(?-i:[A-Z][A-Z0-9]+(?:-\d)?)[\s-]+(?:infected|seropositive)\b)")
# Words before the match that negate it or make it someone else's or a past state ('No diagnosis of',
# 'without documented ... disease', 'family history of').
_PRIOR_NEGATION = re.compile(r"(?i)\b(?:no|not|non|without|never|free|absence|exclud\w*|history|family|relatives?|"
                             r"parents?|mothers?|fathers?|siblings?|suspected|possible|probable|risk)\b")


def _requires_disease(text: str) -> re.Match | None:
    """An item that opens by requiring a diagnosed disease, not negated before it."""
    m = _DISEASE.search(text)      # (anchored at the item's start: the match holds the words before)
    return None if m is None or _PRIOR_NEGATION.search(m.group(0)) else m
_ROLES = (r"(?:care-?givers?|carers?|parents?|family\s+members?|relatives|partners?|spouses?|staff|nurses|"
          r"physicians|clinicians|students|health\s*care\s+(?:workers|professionals|providers))")
# Anything that lets persons without the condition take part: healthy controls, donors, carers, staff.
_NON_PATIENTS = re.compile(
    r"(?i)\bhealthy\b|\bcontrols\b|\bnormal\s+(?:controls?|people|persons|subjects|individuals|volunteers)\b|\bcontrol\s+(?:group|arm|subjects|participants|cohort)\b|\bvolunteers?\b|"
    r"\bdonors?\b|\bcarriers?\b|\bcarrier\s+state\b|\bgeneral\s+population\b|\bnon-?\w+\s+(?:group|subjects|participants)\b|"
    r"\b(?:prevention|preventive|prophyla\w+)\s+(?:of|trials?|stud\w+)\b|"
    # people other than patients who take part: 'Caregivers will be enrolled', an item 'Parents of ...'
    rf"\b{_ROLES}\s+(?:will\s+be|were|are|may\s+be)\s+(?:also\s+)?(?:enrolled|recruited|included|invited|eligible)")
_ROLE_ITEM = re.compile(rf"(?i)^\W*(?:{_ROLES}\b|(?:normal|healthy)\s+\w+\W*$)")   # ('Normal eye': a healthy group)
# A vaccine given to prevent disease is tried in people without it; a vaccine treating patients
# ('Vaccine Therapy in Treating Patients With Melanoma' in a title) or an excluded prior vaccination
# is not.
_VACCINE = re.compile(r"(?i)\bvaccin\w*")
_THERAPEUTIC = re.compile(r"(?i)\b(?:patients?|treat\w*|therap\w*|cancer|tumou?rs?|carcinoma|melanoma|lymphoma|leuka?emia)\b")


def _vaccine_for_healthy(trial: Trial, texts: list[str]) -> bool:
    """A vaccine study whose titles do not speak of treating patients: a preventive vaccine, tried in
    people without the disease."""
    if not any(_VACCINE.search(t) for t in texts):
        return False
    titles = " ".join(f.raw or "" for f in (trial.brief_title, trial.official_title) if f is not None)
    return not _THERAPEUTIC.search(titles)


_WITH = re.compile(r"(?i)^\W*(?:\w+\s+){0,4}?(?:with|having|who\s+(?:have|has)|diagnosed\s+with|suffering\s+from)\s+"
                   r"(?:an?\s+|the\s+)?(?:\w+\s+){0,3}?")


_PHRASE_END = re.compile(r"[,;.:(]|\s(?:and|or|who|which|that|if|in\s+whom)\s")
_PHRASE_NEGATED = re.compile(r"(?i)\b(?:no|not|without|free|absence|history|risk|suspected|possible|probable|"
                             r"family|unless|except)\b")


def condition_forms(raw: str) -> list[str]:
    """The ways text names a condition, lower case: as registered, a MeSH-style inverted name turned
    round ('Disk, Herniated' -> 'herniated disk', 'Sleep Apnea, Obstructive' -> 'obstructive sleep
    apnea'), and singular ('HIV Infections' -> 'hiv infection')."""
    cond = " ".join(raw.split()).lower()
    forms = [cond]
    m = re.fullmatch(r"([^,]{3,}),\s*([^,]{3,})", cond)
    if m:
        forms.append(f"{m.group(2)} {m.group(1)}")
    for f in list(forms):
        if f.endswith("s") and not f.endswith(("ss", "us", "is", "sis")) and len(f) > 5:
            forms.append(f[:-1])
    return forms


def _condition_names(trial: Trial) -> list[re.Pattern]:
    """How an item may name a condition of the record: its whole name (see condition_forms), its
    last two words when it has three or more ('Lumbar Disc Herniation' -> 'disc herniation(s)'), an
    abbreviation in capitals ('MDS')."""
    out = []
    for f in trial.conditions:
        cond = " ".join((f.raw or "").split())
        low = cond.lower()
        if "healthy" in low or "volunteer" in low:
            continue
        if re.fullmatch(r"[A-Z][A-Z0-9-]{2,9}", cond):
            out.append(re.compile(rf"(?<![\w-]){re.escape(cond)}(?![\w-])"))
            continue
        for form in condition_forms(cond):
            words = form.split()
            if len(form) >= 4:
                out.append(re.compile(rf"(?i)(?<![\w-]){re.escape(form)}s?(?![\w-])"))
            if len(words) >= 3 and len(" ".join(words[-2:])) >= 10:
                out.append(re.compile(rf"(?i)(?<![\w-]){re.escape(' '.join(words[-2:]))}s?(?![\w-])"))
    return out


def _with_condition(trial: Trial, text: str) -> re.Match | None:
    """'Patients with moderate asthma', 'Patients with non-squamous non-small cell lung cancer (NSCLC)'
    in a record whose condition is 'Asthma' or 'NSCLC': the item requires the condition studied. The
    condition must stand in the words right after 'with' (up to the next clause), not negated there."""
    m = _WITH.match(text)
    if m is None:
        return None
    start = m.end()
    # The words after 'with' up to the next clause; a short parenthesis ('(NSCLC)') is kept.
    end = _PHRASE_END.search(text, start)
    stop = min(len(text), start + 120) if end is None else end.start()
    if end is not None and text[end.start()] == "(":
        close = text.find(")", end.start())
        stop = close + 1 if 0 < close - end.start() < 20 else stop
    phrase = text[start:stop]
    if _PHRASE_NEGATED.search(phrase):
        return None
    for rx in _condition_names(trial):
        hit = rx.search(phrase)
        if hit:
            end = start + hit.end() + (text[start + hit.end():start + hit.end() + 1] == ")")
            return re.match(re.escape(text[:end].strip()[:100]), text) or m
    return None


_NEGATED = re.compile(r"(?i)\b(?:no|not|non|negative|without|free\s+of|absence\s+of|never|history\s+of|family|relatives?|"
                      r"recovered|survivors?|"
                      r"risk\s+of|at\s+risk|suspected|possible|probable|exposed|exposure|contacts?|partners?|"
                      r"parents?|mothers?|caregivers?|prevent\w*|unless|except|or\s+healthy)\b")


def _names_condition(trial: Trial, text: str) -> re.Match | None:
    """'Rheumatoid arthritis for >=6 months', 'locally advanced pancreatic cancer' in a record whose
    condition is that disease: the item requires the condition studied. An item that negates it, or
    names relatives, risk, exposure or suspicion, does not."""
    low = text.lower()
    if _NEGATED.search(text):
        return None
    forms: list[str] = []
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
        forms += condition_forms(cond)
    # The name as written first (any condition), then its words in another order or inflection.
    for m in [re.search(r"(?<![\w-])" + re.escape(f) + r"s?(?![\w-])", low) for f in forms] + \
            [_words_near(f, low) for f in forms]:
        if m:
            return re.compile(re.escape(text[m.start():m.end()])).search(text)
    return None


# Words of a condition's name that do not name the disease itself ('Diabetes Mellitus Type 2').
_COND_GENERIC = frozenset(("disease", "diseases", "disorder", "disorders", "syndrome", "syndromes", "mellitus",
                           "type", "chronic", "acute", "primary", "secondary", "condition", "conditions"))
_WORD = re.compile(r"[a-z0-9]+")
_DISEASE_NOUNS = frozenset(("disease", "diseases", "disorder", "disorders", "syndrome", "syndromes", "condition",
                            "conditions"))


class _Span:
    """A match-like span (start/end) over the lower-cased item."""
    def __init__(self, a: int, b: int):
        self._a, self._b = a, b

    def start(self) -> int:
        return self._a

    def end(self) -> int:
        return self._b


def _words_near(form: str, low: str) -> _Span | None:
    """The distinctive words of a condition within five words of each other, in any order and
    inflection ('type 2 diabetes' for 'Diabetes Mellitus Type 2', 'herniated lumbar disc' for
    'Lumbar Disc Herniation')."""
    words = _WORD.findall(form)
    content = [w for w in words if len(w) >= 4 and w not in _COND_GENERIC]
    if not content or len(content) > 3:
        return None
    # One word left of 'Corneal Diseases' is an adjective ('corneal epithelial scraping'); of 'Diabetes
    # Mellitus' it is the disease itself.
    if len(content) == 1 and any(w in _DISEASE_NOUNS for w in words):
        return None
    tokens = list(_WORD.finditer(low))
    found = []
    for c in content:
        stem = c[:max(4, len(c) - 3)]
        at = [k for k, t in enumerate(tokens) if t.group(0).startswith(stem)]
        if not at:
            return None
        found.append(at)
    first = found[0]
    for k in first:
        near = [min(at, key=lambda j: abs(j - k)) for at in found]
        if max(near) - min(near) <= 5:
            return _Span(tokens[min(near)].start(), tokens[max(near)].end())
    return None


@rule("TEXT005", category="criteria-text", severity="warning",
      title="Healthy volunteers accepted but the criteria require a disease")
def healthy_volunteers_with_disease(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the record accepts healthy volunteers while an inclusion criterion requires a diagnosed
    disease ('Diagnosis of ...', 'histologically confirmed ...', 'biopsy-proven ...', 'documented HIV
    infection', 'HIV-1 infected', 'patients with severe ...', 'Patients with <a condition of the record>',
    the condition named as registered, turned round from a MeSH-style name ('Sleep Apnea, Obstructive'),
    singular, by its abbreviation in parentheses, or by its words in another order ('type 2 diabetes'
    for 'Diabetes Mellitus Type 2')), not negated ('no diagnosis of', 'history of', 'recovered from'), and
    nothing in the criteria, titles or descriptions admits people without it (healthy controls,
    volunteers, donors, carriers, carers, staff, an item 'Normal eye', screening or prevention
    populations, a preventive vaccine; a vaccine treating patients does not count).
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
            for m in [_requires_disease(c.text) or _with_condition(trial, c.text) or _names_condition(trial, c.text)] if m]
    if not hits:
        return
    texts = [c.text for c in trial.criteria] + [p.text for p in places(trial, arms=True, interventions=False)]
    if trial.criteria_text is not None:
        texts.append(trial.criteria_text.raw or "")
    if any(_NON_PATIENTS.search(t) for t in texts) or any(_ROLE_ITEM.match(c.text) for c in items):
        return
    # Vaccines: read in the titles, descriptions and inclusion items (an excluded prior vaccination
    # says nothing about who takes part).
    if _vaccine_for_healthy(trial, [c.text for c in items] + [p.text for p in places(trial, arms=True, interventions=False)]):
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
