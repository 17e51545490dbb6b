"""phase: the registered phase against the phase the record's own titles and design sentences state,
against what the study is (first-in-human, proof of concept), and against the kind of intervention."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.controls import about_other_study
from auditor.extract.sentences import sentence_spans
from auditor.findings import Evidence, Finding
from auditor.model import Trial
from auditor.rules import rule
from auditor.vocab import ENUMS, parse_phases, phase_label

from ._textplaces import Place, places, quote, sentence_evidence

_CAT = "phase"
_PHASES = "designModule.phases"
_INT_TYPE = "armsInterventionsModule.interventions.type"
_ORDER = ENUMS["Phase"]

_NUM = r"(?:[0-4]|iv|iii|ii|i|Ⅳ|Ⅲ|Ⅱ|Ⅰ)(?:[ab]|\s+[ab]\b)?"
_PHASE = re.compile(
    rf"(?i)\b(?P<early>early\s+)?phase[\s-]*(?P<p>{_NUM}(?:\s*(?:/|-|–|&|and|or|to|,)\s*(?:phase[\s-]*)?{_NUM})*)"
    r"(?![\w/])")
# The phase of something else than this study: a part of it ('Phase 1 of the study'), the
# program it belongs to, or the study it extends or follows.
_STAGE_AFTER = re.compile(
    r"(?i)^\s*(?:of\b|\(|extension\b(?!\s+(?:study|trial))|(?:trial\s+|study\s+)?(?:dos(?:e|es|ing)|recommended)\b)")
_OTHER_BEFORE = re.compile(
    r"(?i)\b(?:follow[\s-]?up|extension|roll-?over|continuation|continued|from|after|completed?|completing|"
    r"participated|participants?\s+in|previous(?:ly)?|prior|parent|earlier|preceding|original|core|subsequent|"
    r"following|long[\s-]?term\s+(?:safety\s+)?(?:follow|extension)|enrolled\s+in|treated\s+in|results\s+of|based\s+on|"
    r"in\s+a|in\s+the|pivotal)\b[^.]{0,80}$|"
    # a phase to come: 'a safe dose for phase II evaluation', 'the suggested Phase II dose'
    r"\b(?:for|into|towards|suggested|recommended|support|enable|justify|planned)\s+(?:an?\s+|the\s+|further\s+|"
    r"subsequent\s+|future\s+|later\s+|larger\s+)?$")
# The record's own design sentence: 'This (is|will be) a (randomized) phase II study', 'This phase II
# trial is studying', 'In this phase 1 trial', 'We propose a phase I/II study'.
_SELF = re.compile(
    r"(?i)(?:\b(?:this|the\s+present|the\s+current|the\s+proposed|our)\s+|"
    r"\b(?:this|it|study|trial|protocol)\s+(?:is|will\s+be|was)\s+(?:designed\s+as\s+)?(?:an?\s+)?|"
    r"\bwe\s+(?:propose|will\s+conduct|plan|are\s+conducting|will\s+perform|conduct|designed)\s+(?:to\s+conduct\s+)?(?:an?\s+)?)"
    r"(?:[\w,/()-]+\s+){0,6}?$")
_STUDY_AFTER = re.compile(
    r"(?i)^[\s,]*(?:[\w,/()-]+\s+){0,6}?(?:stud(?:y|ies)|trials?|protocol|investigation|evaluation)\b")
_OTHER_SENTENCE = re.compile(
    r"(?i)\b(?:previous(?:ly)?|prior|earlier|completed|parent|extension|roll-?over|published|reported|literature|"
    r"preceding|subsequent|future|follow-on|next)\b|\bNCT\d{8}\b")


@dataclass(slots=True)
class Stated:
    """A phase the record states about itself, where and how."""
    phases: list[str]
    place: Place
    sentence: tuple[int, int]
    words: str


def _phases_of(m: re.Match[str]) -> list[str] | None:
    """The phases a mention names. 'Phase 1b', 'Phase IIa': the letter is a sub-phase. Combined phases
    must run on ('I/II', '2-3'); in 'Phase II - 4' the 4 is a study number, not a phase."""
    out: list[str] = []
    for tok in re.split(r"\s*(?:/|-|–|&|\band\b|\bor\b|\bto\b|,)\s*", m.group("p")):
        tok = re.sub(r"(?i)^phase[\s-]*|\s*[ab]$", "", tok.strip())
        found = parse_phases(f"Phase {tok}") if tok else None
        if not found or len(found) != 1 or found[0] == "NA":
            break
        if out and _ORDER.index(found[0]) != _ORDER.index(out[-1]) + 1:
            break
        out.append(found[0])
    if out and m.group("early") and out == ["PHASE1"]:
        return ["EARLY_PHASE1"]
    return out or None


def stated_phases(trial: Trial) -> list[Stated]:
    """Phases the titles state, and phases the summary or description state in the record's own
    design sentence ('This will be a Phase I/II study'). Other trials' phases ('previous phase 2
    studies showed', 'OHTS Phase 3 will re-examine', 'a phase I-II clinical trial' in a citation)
    are left out."""
    out: list[Stated] = []
    for p in places(trial, arms=False, interventions=False, design=False):
        text = p.text
        if "phase" not in text.lower():
            continue
        is_title = p.label.endswith("title")
        found: list[tuple[list[str], tuple[int, int], str]] = []
        for s0, s1 in sentence_spans(text):
            sent = text[s0:s1]
            if "phase" not in sent.lower() or (not is_title and _OTHER_SENTENCE.search(sent)):
                continue
            design_sentence = is_title
            for m in _PHASE.finditer(sent):
                before, after = sent[max(0, m.start() - 120):m.start()], sent[m.end():m.end() + 80]
                if _STAGE_AFTER.match(after) or _OTHER_BEFORE.search(before):
                    continue
                # In a summary or description, the first phase must sit in the record's own design
                # statement; later ones in that sentence ('... followed by a phase II study') count too.
                if not design_sentence and not (_SELF.search(before) and _STUDY_AFTER.match(after)):
                    continue
                design_sentence = True
                ph = _phases_of(m)
                if ph:
                    found.append((ph, (s0, s1), m.group(0)))
        if found:
            # One statement per place: a title 'Phase 1 ... Followed by a Phase 2 Part' states Phase 1/2.
            phases = sorted({x for ph, _s, _w in found for x in ph}, key=_ORDER.index)
            out.append(Stated(phases, p, found[0][1], found[0][2]))
    return out


def _field_phases(trial: Trial) -> list[str] | None:
    f = trial.phases
    if f is None or not isinstance(f.value, list):
        return None
    return [p for p in f.value if p in _ORDER]


def _fmt(phases: list[str]) -> str:
    return phase_label(sorted(set(phases), key=_ORDER.index))


def _phase_mismatches(trial: Trial) -> Iterator[tuple[Stated, list[str], bool]]:
    """(statement, registered phases, disjoint?) for each statement that disagrees with the field."""
    reg = _field_phases(trial)
    if reg is None or (trial.study_type is not None and trial.study_type.value not in (None, "INTERVENTIONAL")):
        return
    reg_set = {p for p in reg if p != "NA"}
    for st in stated_phases(trial):
        s = set(st.phases)
        if s == reg_set:
            continue
        yield st, reg, not (s & reg_set)


def _mismatch_finding(rule_id: str, severity: str, trial: Trial, stated: list[Stated], reg: list[str]) -> Finding:
    first = stated[0]
    ev = [e for e in [Evidence.of(trial.phases, "registered phase", highlight=trial.phases.raw)] if e is not None]
    ev += [sentence_evidence(trial, st.place, st.sentence, st.place.label, highlight=st.words) for st in stated]
    more = f" (and {len(stated) - 1} other place{'s' if len(stated) > 2 else ''})" if len(stated) > 1 else ""
    return Finding(
        rule=rule_id, category=_CAT, severity=severity, record=trial.id,
        message=f'The {first.place.label} says "{quote(first.words, (0, len(first.words)))}" ({_fmt(first.phases)}){more} '
                f"but the registered phase is {_fmt(reg) if reg else 'none'}.",
        evidence=ev, fields=[_PHASES] + sorted({st.place.path for st in stated}),
        values={"registered": _fmt(reg) if reg else "none", "stated": _fmt(first.phases)})


@rule("PHASE001", category=_CAT, severity="warning", title="Phase in the title or design text disagrees with the registered phase")
def stated_vs_registered(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the brief or official title, or the record's own design sentence in the summary or
    description ('This will be a Phase I/II study', 'This phase II trial is studying'), names a phase
    ('Phase III', 'Phase Ⅰ/Ⅱ', 'phase 2b' -> Phase 2) that shares nothing with the registered phase.
    Phases of other studies are skipped: citations and references are not read, and sentences about
    previous, parent or extension studies ('previous phase 2 studies showed', 'follow-up of the phase
    3 trial') or about a part of the study ('Phase 1 of the study') do not count.
    Why: the phase field drives registry searches and regulatory classification; a title that says
    another phase means one of them is wrong (Zarin et al. 2011, internal inconsistency; domain.md).
    Example: official title 'A Phase III Study of ...', registered Phase 2 -> 'The official title says
    "Phase III" (Phase 3) but the registered phase is Phase 2.'"""
    found = [(st, reg) for st, reg, disjoint in _phase_mismatches(trial) if disjoint]
    if found:
        yield _mismatch_finding("PHASE001", "warning", trial, [st for st, _r in found], found[0][1])


@rule("PHASE002", category=_CAT, severity="info", title="Phase in the title or design text only partly matches the registered phase")
def stated_partly_registered(trial: Trial, ctx) -> Iterator[Finding]:
    """What: like PHASE001, but the stated and registered phases overlap without being equal: a
    title 'Phase I/II' on a record registered as Phase 2, or 'Phase 2' on a Phase 2/Phase 3 record.
    Why: a combined-phase design registered as one phase (or the reverse) understates or overstates
    the study's stage; it is often a matter of wording, so this is informational.
    Example: official title 'Phase Ⅰ/Ⅱ Study of ...', registered Phase 1 -> 'The official title says
    "Phase Ⅰ/Ⅱ" (Phase 1/Phase 2) but the registered phase is Phase 1.'"""
    found = [(st, reg) for st, reg, disjoint in _phase_mismatches(trial) if not disjoint]
    if found:
        yield _mismatch_finding("PHASE002", "info", trial, [st for st, _r in found], found[0][1])


# ---- phase 4 on an early-development study ---------------------------------------------------------

_EARLY = re.compile(
    r"(?i)\bfirst[\s-]+(?:time[\s-]+)?in[\s-]+(?:humans?|man|men)\b|\bfirst[\s-]+human\b|"
    r"\bproof[\s-]+of[\s-]+(?:concept|principle)\b|\bmaximum[\s-]+tolerated[\s-]+doses?\b|\bMTD\b")
_SAFETY_STUDY = re.compile(
    r"(?i)\b(?:safety|feasibility|pilot)\s+(?:and\s+(?:safety|feasibility|tolerability)\s+)?(?:study|trial)\b|"
    r"\bsafety\s+and\s+feasibility\b")
# Cell and gene therapies with no marketing approval in general use; a transplant of stem cells
# is standard care and does not count.
_ADVANCED = re.compile(
    r"(?i)\bmesenchymal\b|\bstromal\s+(?:stem\s+)?cells?\b|\bMSCs?\b|\bCAR[\s-]?T\b|\bgene\s+(?:therapy|transfer)\b|"
    r"\b(?:viral|AAV|lentiviral|adenoviral)\s+vectors?\b|\bstem\s+cells?\b(?!\s+(?:transplant|rescue|mobili|collection|"
    r"harvest|support))|(?<!anti-)\bCD\s?34\+?\s+(?:cells?|infusion)|\bprogenitor\s+cells?\b(?!\s+capture)")


def _own_sentences(trial: Trial, pattern: re.Pattern[str]) -> list[tuple[Place, tuple[int, int], str]]:
    """(place, sentence, words) for each sentence of the record's own text that matches pattern and
    is not about another study."""
    out = []
    for p in places(trial, arms=True, interventions=False, design=False):
        text = p.text
        for m in pattern.finditer(text):
            span = next(((a, b) for a, b in sentence_spans(text) if a <= m.start() < b), (0, len(text)))
            if about_other_study(text[span[0]:span[1]]):
                continue
            out.append((p, span, m.group(0)))
            break
    return out


def _advanced_products(trial: Trial) -> list[tuple[str, str]]:
    """(intervention name, the words) for interventions that are investigational cell or gene therapies."""
    out = []
    for i in trial.interventions:
        if i.type is not None and i.type.value in ("DEVICE", "BEHAVIORAL", "DIAGNOSTIC_TEST", "RADIATION"):
            continue
        text = " ".join(f.raw for f in [i.name, i.description, *i.other_names] if f is not None)
        m = _ADVANCED.search(text)
        if m and i.name is not None:
            out.append((i.name.raw, m.group(0)))
    return out


@rule("PHASE003", category=_CAT, severity="warning",
      title="Phase 4 on a first-in-human, proof-of-concept or early safety study")
def phase4_early_study(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the registered phase is Phase 4 while the record describes its own study as
    first-in-human, proof of concept (or principle) or maximum-tolerated-dose finding, or tests an
    investigational cell or gene therapy (mesenchymal stem/stromal cells, CAR-T, gene transfer, CD34+
    cell infusion; stem cell transplants are standard care and do not count) in what it calls a
    safety, feasibility or pilot study. Sentences about other studies are skipped.
    Why: Phase 4 means studies of approved products after marketing (ClinicalTrials.gov phase
    definitions, as published in HL7 FHIR ResearchStudyPhase,
    https://terminology.hl7.org/CodeSystem/research-study-phase: "Studies of FDA-approved drugs to
    delineate additional information including the drug's risks, benefits, and optimal use"). A
    first-in-human or proof-of-concept study of an unapproved product is Early Phase 1 to Phase 2;
    labelled Phase 4 it looks like post-marketing evidence of an approved treatment.
    Example: Phase 4, interventions 'CD 34 and MSC infusion', 'a safety study for combination use of
    autologous CD34+ and MSC', 'the efficacy of this proof of concept' -> 'The registered phase is
    Phase 4 (post-marketing) but the record describes an early-development study: "proof of concept"
    wording and a safety study of an investigational cell or gene therapy (CD 34 and MSC infusion).'"""
    reg = _field_phases(trial)
    if not reg or "PHASE4" not in reg:
        return
    early = _own_sentences(trial, _EARLY)
    products = _advanced_products(trial)
    safety = _own_sentences(trial, _SAFETY_STUDY) if products else []
    if not early and not safety:
        return
    what = []
    if early:
        what.append(f'"{early[0][2]}" wording')
    if safety:
        what.append(f'a {safety[0][2].lower()} of an investigational cell or gene therapy ({products[0][0]})')
    ev = [e for e in [Evidence.of(trial.phases, "registered phase", highlight=trial.phases.raw)] if e is not None]
    ev += [sentence_evidence(trial, p, span, p.label, highlight=w) for p, span, w in (early + safety)[:4]]
    for i in trial.interventions:
        if products and i.name is not None and i.name.raw == products[0][0]:
            ev.append(Evidence.of(i.name, "intervention", highlight=products[0][1]))
            break
    yield Finding(
        rule="PHASE003", category=_CAT, severity="warning", record=trial.id,
        message=f"The registered phase is {_fmt(reg)} (post-marketing) but the record describes an early-development "
                f"study: {' and '.join(what)}.",
        evidence=ev, fields=[_PHASES], values={"registered": _fmt(reg), "study": "; ".join(what)})


# ---- phase against the kind of intervention ------------------------------------------------------

_DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})
# Interventions the registry's phases do not apply to (RADIATION and DIETARY_SUPPLEMENT are left
# out: radiation and supplement trials are commonly and properly phased).
_NON_DRUG_TYPES = frozenset({"BEHAVIORAL", "PROCEDURE", "DEVICE", "DIAGNOSTIC_TEST"})


def _interventional_types(trial: Trial) -> frozenset[str] | None:
    if trial.study_type is None or trial.study_type.value != "INTERVENTIONAL":
        return None
    types = frozenset(i.type.value for i in trial.interventions if i.type is not None and i.type.value)
    return types or None


def _types_evidence(trial: Trial) -> list[Evidence]:
    return [e for i in trial.interventions
            for e in [Evidence.of(i.type, f'intervention "{i.name.raw if i.name else ""}" type')] if e is not None]


def _types_shown(types: frozenset[str]) -> str:
    return ", ".join(t.replace("_", " ").lower() for t in sorted(types))


@rule("PHASE004", category=_CAT, severity="info", title="Phase N/A on a study of drugs or biologics only")
def na_for_drug_study(trial: Trial, ctx) -> Iterator[Finding]:
    """What: an interventional study whose interventions are all drugs, biologics, genetic or
    combination products is registered with phase N/A.
    Why: N/A is meant for "trials without phases (for example, studies of devices or behavioral
    interventions)" (ClinicalTrials.gov phase definitions, as published in HL7 FHIR
    ResearchStudyPhase); a drug study normally has a phase. Investigator studies of marketed drugs
    often use N/A, so this is informational.
    Example: phase N/A, interventions 'Duloxetine' (Drug) -> 'The registered phase is N/A but every
    intervention is a drug or biologic (drug).'"""
    types = _interventional_types(trial)
    reg = _field_phases(trial)
    if types is None or reg != ["NA"] or not types <= _DRUG_TYPES:
        return
    yield Finding(
        rule="PHASE004", category=_CAT, severity="info", record=trial.id,
        message=f"The registered phase is N/A but every intervention is a drug or biologic ({_types_shown(types)}).",
        evidence=[e for e in [Evidence.of(trial.phases, "registered phase", highlight=trial.phases.raw)] if e] +
        _types_evidence(trial), fields=[_PHASES, _INT_TYPE],
        values={"registered": "N/A", "interventions": _types_shown(types)})


@rule("PHASE005", category=_CAT, severity="info",
      title="Drug phase on a study of behavioral, procedure, device or diagnostic interventions only")
def phase_for_non_drug_study(trial: Trial, ctx) -> Iterator[Finding]:
    """What: an interventional study whose interventions are all behavioral, procedures, devices or
    diagnostic tests is registered with a drug phase (Early Phase 1 to Phase 4).
    Why: the registry expects N/A for "trials without phases (for example, studies of devices or
    behavioral interventions)" (ClinicalTrials.gov phase definitions, as published in HL7 FHIR
    ResearchStudyPhase). Device, surgery and behavioral trials do sometimes use phases by their own
    convention (about 1 in 10 phased records of the test corpus), so this is informational.
    Example: Phase 3, intervention 'Telephone CBT' (Behavioral) -> 'The registered phase is Phase 3
    but every intervention is behavioral, a procedure, a device or a diagnostic test (behavioral).'"""
    types = _interventional_types(trial)
    reg = _field_phases(trial)
    if types is None or not reg or "NA" in reg or not types <= _NON_DRUG_TYPES:
        return
    yield Finding(
        rule="PHASE005", category=_CAT, severity="info", record=trial.id,
        message=f"The registered phase is {_fmt(reg)} but every intervention is behavioral, a procedure, a device "
                f"or a diagnostic test ({_types_shown(types)}).",
        evidence=[e for e in [Evidence.of(trial.phases, "registered phase", highlight=trial.phases.raw)] if e] +
        _types_evidence(trial), fields=[_PHASES, _INT_TYPE],
        values={"registered": _fmt(reg), "interventions": _types_shown(types)})
