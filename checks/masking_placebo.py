"""masking-placebo: the masking design against the placebo, sham, saline or vehicle controls the
record (or paper) describes, and arm types against what the arms give."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from auditor.extract.controls import ControlMention, about_other_study, find_controls, placebo_only_label
from auditor.extract.sentences import sentence_spans
from auditor.findings import Evidence, Finding
from auditor.model import Arm, DateValue, Publication, Trial
from auditor.rules import rule
from auditor.vocab import ENUMS, date_bounds, parse_masking

from ._textplaces import Place, arm_name, places, quote, sentence_evidence

_CAT = "masking-placebo"
_MASKING = "designModule.designInfo.maskingInfo.masking"
_WHO = "designModule.designInfo.maskingInfo.whoMasked"
_ARM_TYPE = "armsInterventionsModule.armGroups.type"
_CONTROL_ARM_TYPES = ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR")
_LEVEL_COUNT = {"SINGLE": 1, "DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}
_TYPE_SHOWN = {"PLACEBO_COMPARATOR": "Placebo Comparator", "SHAM_COMPARATOR": "Sham Comparator",
               "EXPERIMENTAL": "Experimental"}
_MAX_TEXT_EVIDENCE = 4


def _masking(trial: Trial) -> str | None:
    f = trial.masking
    if f is None:
        return None
    if isinstance(f.value, str) and f.value in ENUMS["DesignMasking"]:
        return f.value
    return parse_masking(f.raw)[0]


def _who(trial: Trial) -> list[str]:
    f = trial.who_masked
    if f is not None and isinstance(f.value, list) and f.value:
        return [str(v) for v in f.value]
    if trial.masking is not None:
        return parse_masking(trial.masking.raw)[1]
    return []


def _arm_type(arm: Arm) -> str | None:
    return arm.type.value if arm.type is not None and isinstance(arm.type.value, str) else None


def _control_mentions(trial: Trial, skip_arms: tuple[Arm, ...] = ()) -> list[tuple[Place, ControlMention]]:
    """Mentions of this trial's own placebo/sham/saline/vehicle control, place by place."""
    out = []
    for p in places(trial):
        if p.arm is not None and any(p.arm is a for a in skip_arms):
            continue
        fuzzy = p.arm is not None or p.intervention is not None
        for m in find_controls(p.text, fuzzy=fuzzy):
            if m.role == "control":
                out.append((p, m))
    return out


def _mention_evidence(trial: Trial, mentions: list[tuple[Place, ControlMention]]) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[tuple[int, int, int]] = set()
    for p, m in mentions:
        key = (id(p.field), *m.sentence_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(sentence_evidence(trial, p, m.sentence_span, label=p.label, highlight=m.text))
        if len(out) >= _MAX_TEXT_EVIDENCE:
            break
    return out


def _masking_evidence(trial: Trial) -> Evidence | None:
    return Evidence.of(trial.masking, "masking", highlight=trial.masking.raw if trial.masking else None)


@rule("MASK001", category=_CAT, severity="warning", title="Placebo or sham comparator arm in an open-label design")
def comparator_arm_open_label(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking is None (Open Label) while an arm is typed Placebo Comparator or Sham
    Comparator.
    Why: a placebo or sham exists to hide which treatment a participant gets; in a design where
    nobody is masked, either the masking or the arm type is wrong (PRS review: "Information here
    appears inconsistent with information in other parts of the record"; domain.md, What registries
    and reviewers check).
    Example: masking 'None (Open Label)', arm 'Saline' typed 'Placebo Comparator' ->
    'The design is open label (masking: None (Open Label)) but arm "Saline" is typed Placebo Comparator.'"""
    if _masking(trial) != "NONE":
        return
    arms = [a for a in trial.arms if _arm_type(a) in _CONTROL_ARM_TYPES]
    if not arms:
        return
    for a in arms:
        ev = [e for e in (_masking_evidence(trial), Evidence.of(a.type, "arm type", highlight=a.type.raw),
                          Evidence.of(a.label, "arm label")) if e is not None]
        if a.description is not None and a.description.raw.strip():
            ev.append(Evidence.of(a.description, "arm description"))
        shown = _TYPE_SHOWN.get(_arm_type(a) or "", a.type.raw if a.type else "")
        yield Finding(
            rule="MASK001", category=_CAT, severity="warning", record=trial.id,
            message=f'The design is open label (masking: {trial.masking.raw.strip()}) but arm "{arm_name(a)}" '
                    f"is typed {shown}.",
            evidence=ev, fields=[_MASKING, _ARM_TYPE],
            values={"masking": "NONE", "arm type": _arm_type(a) or ""})


@rule("MASK002", category=_CAT, severity="warning",
      title="Placebo, sham, saline or vehicle control described in an open-label design")
def control_text_open_label(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking is None (Open Label) while the titles, summary, description, masking
    description, arms or interventions describe this trial's own placebo, sham, saline or vehicle
    control ('placebo-controlled', 'conventional plus placebo treatment', 'the control group
    receives the same volume of saline', 'vehicle cream'). Words are read in context: negations ('no
    placebo was used'), other trials ('placebo-controlled trials have shown', 'patients who completed
    the parent placebo-controlled study'), saline or vehicle carrying the active product ('MSCs
    suspended in saline', 'diluted in 100 ml normal saline'), the placebo effect and placebo run-ins
    do not count. Records with an arm typed Placebo/Sham Comparator are left to MASK001.
    Why: a placebo or sham control is given to hide the allocation; with nobody masked the design
    and the description contradict each other and one of them misleads readers and reviewers
    (domain.md: "masking described differently" is a typical registry-publication discrepancy).
    Example: masking 'None (Open Label)', official title 'A Randomized, Placebo-Controlled Study of
    ...' -> 'The design is open label (masking: None (Open Label)) but the record describes a
    placebo control ("Placebo-Controlled" in the official title).'"""
    if _masking(trial) != "NONE":
        return
    if any(_arm_type(a) in _CONTROL_ARM_TYPES for a in trial.arms):
        return
    mentions = _control_mentions(trial)
    if not mentions:
        return
    first_place, first = mentions[0]
    kinds = sorted({m.kind for _p, m in mentions})
    ev = [e for e in [_masking_evidence(trial)] if e is not None] + _mention_evidence(trial, mentions)
    yield Finding(
        rule="MASK002", category=_CAT, severity="warning", record=trial.id,
        message=f"The design is open label (masking: {trial.masking.raw.strip()}) but the record describes a "
                f'{"/".join(kinds)} control ("{quote(first.text, (0, len(first.text)))}" in the {first_place.label}).',
        evidence=ev, fields=[_MASKING] + sorted({p.path for p, _m in mentions}),
        values={"masking": "NONE", "control": ", ".join(kinds)})


# 42 CFR Part 11 (the Final Rule) took effect on this date; masked roles were optional before it.
_FINAL_RULE = dt.date(2017, 1, 18)


def _registered_since(trial: Trial, day: dt.date) -> bool:
    """True when the record was first submitted (else first posted) on or after day."""
    for f in (trial.first_submitted, trial.first_posted):
        d = f.value if f is not None else None
        if isinstance(d, DateValue):
            return date_bounds(d)[0] >= day
    return False


@rule("MASK003", category=_CAT, severity="info", title="Masked design with nobody listed as masked")
def masked_nobody(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking is Single, Double, Triple or Quadruple but no masked role (participant,
    care provider, investigator, outcomes assessor) is listed.
    Records first submitted before January 18, 2017 (or with no registration date) are not
    reported.
    Why: the level alone does not say who is blinded, which readers need to judge bias. The masked
    roles became a required data element with the 2017 Final Rule (42 CFR Part 11, effective
    January 18, 2017); before it they were optional, so an older record without them breaks no rule
    the sponsor registered under. For newer records PRS still accepts the level alone, so this stays
    informational (an Advisory point, not a must-fix).
    Example: masking 'Double' with no roles, first submitted 2018 -> 'The masking is Double but no
    masked role (participant, care provider, investigator, outcomes assessor) is listed.'"""
    level = _masking(trial)
    if level not in _LEVEL_COUNT or _who(trial) or not _registered_since(trial, _FINAL_RULE):
        return
    yield Finding(
        rule="MASK003", category=_CAT, severity="info", record=trial.id,
        message=f"The masking is {trial.masking.raw.strip()} but no masked role (participant, care provider, "
                "investigator, outcomes assessor) is listed.",
        evidence=[e for e in [_masking_evidence(trial)] if e is not None], fields=[_MASKING, _WHO],
        values={"masking": level, "who masked": "none"})


@rule("MASK004", category=_CAT, severity="warning", title="Masking level disagrees with the masked roles listed")
def level_vs_roles(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the masking level does not match the number of masked roles: None (Open Label) with
    roles listed, or Single/Double/Triple/Quadruple with a different number of roles (the registry
    names the level after how many of the four roles are masked).
    Why: one of the two is wrong, and readers cannot tell who was blinded.
    Example: 'Double (Participant)' -> 'The masking is Double but 1 masked role is listed (Participant).'"""
    level = _masking(trial)
    who = _who(trial)
    if level is None or not who:
        return
    if level == "NONE":
        pass
    elif level in _LEVEL_COUNT and _LEVEL_COUNT[level] != len(who):
        pass
    else:
        return
    shown = ", ".join(w.replace("_", " ").title() for w in who)
    ev = [e for e in (_masking_evidence(trial), Evidence.of(trial.who_masked, "who is masked"))
          if e is not None]
    n = len(who)
    yield Finding(
        rule="MASK004", category=_CAT, severity="warning", record=trial.id,
        message=f"The masking is {level.title()} but {n} masked role{'s are' if n != 1 else ' is'} listed ({shown}).",
        evidence=ev, fields=[_MASKING, _WHO], values={"masking": level, "who masked": shown})


def _placebo_arm(arm: Arm) -> str | None:
    """The placebo/sham word when the arm gives nothing but a placebo or sham (plus background care),
    judged by its label and confirmed by its description when there is one."""
    if arm.label is None:
        return None
    word = placebo_only_label(arm.label.raw)
    if word is None:
        return None
    label_roles = {m.role for m in find_controls(arm.label.raw, fuzzy=True)}
    if label_roles and "control" not in label_roles:
        return None
    if arm.description is not None and arm.description.raw.strip():
        roles = {m.role for m in find_controls(arm.description.raw, fuzzy=True) if m.kind in ("placebo", "sham")}
        if roles and "control" not in roles:
            return None
    return word


def _linked_interventions(trial: Trial, arm: Arm):
    label = (arm.label.value or "").strip().lower() if arm.label else ""
    names = {(f.value or "").strip().lower() for f in arm.intervention_names}
    for i in trial.interventions:
        iname = (i.name.value or "").strip().lower() if i.name else ""
        if iname and (iname in names or iname == label or any(iname == n.split(":", 1)[-1].strip() for n in names)):
            yield i
        elif label and any((f.value or "").strip().lower() == label for f in i.arm_labels):
            yield i


@rule("MASK005", category=_CAT, severity="warning", title="Placebo or sham arm typed Experimental")
def placebo_arm_experimental(trial: Trial, ctx) -> Iterator[Finding]:
    """What: an arm whose label names only a placebo or sham (with background care: 'Placebo',
    'Conventional plus placebo treatment', 'Sham procedure') is typed Experimental. Misspellings of
    'placebo' one edit away count ('placbo'). Arms that also name another product ('Drug A +
    placebo', 'Placebo then Drug A') or another trial ('Former placebo') are not placebo arms, and an
    arm description that only negates a placebo or puts it in another study clears the arm.
    Why: the arm type tells readers and search filters which arm is the comparator; a placebo arm
    typed Experimental hides the control and misstates the design (PRS review: internal
    inconsistency; domain.md).
    Example: arm 'Conventional plus placebo treatment' typed 'Experimental', description 'Participants
    will receive conventional plus placebo treatment ...' -> 'Arm "Conventional plus placebo treatment"
    gives a placebo but is typed Experimental (expected Placebo Comparator).'"""
    for a in trial.arms:
        if _arm_type(a) != "EXPERIMENTAL":
            continue
        word = _placebo_arm(a)
        if word is None:
            continue
        sham = word.lower() == "sham"
        ev = [e for e in (Evidence.of(a.label, "arm label", highlight=word),
                          Evidence.of(a.type, "arm type", highlight=a.type.raw)) if e is not None]
        if a.description is not None and a.description.raw.strip():
            hl = next((m.text for m in find_controls(a.description.raw, fuzzy=True) if m.role == "control"), None)
            ev.append(Evidence.of(a.description, "arm description", highlight=hl))
        for i in _linked_interventions(trial, a):
            # Only the placebo itself: background drugs linked to the arm say nothing about the type.
            if i.name is None or placebo_only_label(i.name.raw) is None:
                continue
            if i.description is not None and i.description.raw.strip():
                ev.append(Evidence.of(i.description, f'intervention "{i.name.value}" description'))
        expected = "Sham Comparator" if sham else "Placebo Comparator"
        yield Finding(
            rule="MASK005", category=_CAT, severity="warning", record=trial.id,
            message=f'Arm "{arm_name(a)}" gives a {"sham" if sham else "placebo"} but is typed Experimental '
                    f"(expected {expected}).",
            evidence=ev, fields=[_ARM_TYPE, "armsInterventionsModule.armGroups.label"],
            values={"arm type": "EXPERIMENTAL", "arm gives": "sham" if sham else "placebo"})


# ---- publications ---------------------------------------------------------------------------

_OPEN_LABEL = re.compile(
    r"(?i)\b(?:open[\s-]?label(?:l?ed)?|un-?blinded|non-?blinded|not\s+blinded|without\s+(?:any\s+)?blinding|"
    r"no\s+blinding|un-?masked|non-?masked)\b")
_OPEN_PHASE = re.compile(
    r"(?i)^[\s-]*(?:extension|phase|period|follow[\s-]?up|part|stage|continuation|treatment|arms?|groups?|cohorts?|"
    r"run[\s-]?in|lead[\s-]?in)\b")
# The trial's own design statement: 'This (is a prospective,) open-labeled ...', 'The study was an
# open-label trial', 'We conducted an open-label ...', 'Design: open label'.
_SELF_BEFORE = re.compile(
    r"(?i)(?:\b(?:this|our|the\s+present|the\s+current)\b|\b(?:is|was)\s+(?:an?|the)\b|"
    r"\bwe\s+(?:conducted|performed|designed|carried\s+out|undertook|did|report)\b|^\W*(?:study\s+)?design\s*[:.])"
    r"[^.;]{0,80}$")
_BLINDED = re.compile(
    r"(?i)(?<![-\w])(?<!un)(?<!non)(?<!non-)(?:double|single|triple|quadruple)[\s-]*(?:blind(?:ed)?|mask(?:ed)?)\b|"
    r"(?<![-\w])(?<!un)(?<!non)(?<!non-)(?:blinded|masked)\b(?!\s+(?:to|from)\s+(?:no|none))")
_NOT_BLINDED_BEFORE = re.compile(r"(?i)\b(?:not|no|never|neither|nor|without)\s+(?:\w+\s+){0,2}$")
_OTHER_STUDY_SENT = re.compile(
    r"(?i)\b(?:previous(?:ly)?|prior\s+(?:stud|trial)\w*|earlier|published|literature|meta-?analys[ie]s|reviews?|"
    r"et\s+al|reported)\b|\[\d+(?:[,–-]\s*\d+)*\]")
# A control given to a group of this trial: an administration verb in the sentence, nothing hypothetical.
_GIVEN = re.compile(r"(?i)\b(?:received|receive|receives|receiving|administered|given|injected|infused|treated\s+with|"
                    r"allocated\s+to|randomi[sz]ed\s+to|assigned\s+to|underwent|undergo|undergoing)\b")
_HYPOTHETICAL = re.compile(r"(?i)\b(?:would|could|might|should|may|if|whether)\b")
_SKIP_SECTIONS = ("introduction", "background", "discussion", "references", "acknowledg", "conflict", "funding",
                  "declaration", "supplement", "author", "abbreviation")


def _section_ok(pub: Publication, line: int) -> bool:
    s = pub.section_of(line)
    if s is None:
        return True
    kind, name = (s.kind or "").lower(), (s.name or "").lower()
    return not any(k in kind or k in name for k in _SKIP_SECTIONS)


def _sentences(pub: Publication):
    for n, line in enumerate(pub.lines, start=1):
        if not line.strip() or not _section_ok(pub, n):
            continue
        for span in sentence_spans(line):
            yield n, line, span


def _blinded(sent: str) -> bool:
    for m in _BLINDED.finditer(sent):
        if not _NOT_BLINDED_BEFORE.search(sent[:m.start()]):
            return True
    return False


@rule("MASK006", category=_CAT, severity="warning", scope="publication",
      title="Paper calls its trial open-label yet gives the control group a placebo, sham or saline")
def open_label_paper_with_control(pub: Publication, ctx) -> Iterator[Finding]:
    """What: the paper describes its own trial as open-label (open-labeled, open label, unblinded,
    non-blinded, not blinded) and, in its abstract, methods or results, gives the control group a
    placebo, sham or saline control ('the patients in the control group were administered the same
    volume of saline'). Sentences about other studies (citations, 'previous', 'reported'), the
    introduction and discussion are skipped; open-label extension phases and papers that also
    describe blinding (double-blind, assessor-blinded) are not reported; saline carrying the active
    product ('suspended in saline') is not a control.
    Why: an open-label design and a placebo/saline control contradict each other: either the
    comparator was a masked placebo (and the masking is misreported) or it was not (and the control
    is misreported). Masking described differently is a typical registry-publication discrepancy
    (domain.md, Registry vs publication).
    Example: 'This was an open-label study.' (line 57) and 'the patients in the control group were
    administered the same volume of saline' (line 81) -> 'The paper calls its trial open-label (lines 20,
    52, 57) but describes saline given to a comparison group (line 81).'"""
    open_ev: list[tuple[int, str, str]] = []
    ctrl_ev: list[tuple[int, str, str, str]] = []
    for n, line, span in _sentences(pub):
        sent = line[span[0]:span[1]]
        if _blinded(sent):
            return
        other = bool(_OTHER_STUDY_SENT.search(sent)) or about_other_study(sent)
        for m in _OPEN_LABEL.finditer(sent):
            if other or _OPEN_PHASE.match(sent[m.end():]) or not _SELF_BEFORE.search(sent[:m.start()]):
                continue
            open_ev.append((n, quote(sent, (0, len(sent))), m.group(0)))
            break
        if other:
            continue
        for c in find_controls(sent):
            if c.role != "control" or c.kind == "vehicle" or not _GIVEN.search(sent) or _HYPOTHETICAL.search(sent):
                continue
            ctrl_ev.append((n, quote(sent, (0, len(sent))), c.text, c.kind))
            break
    if not open_ev or not ctrl_ev:
        return
    ev = [Evidence(source=pub.source, line=n, text=t, label="open-label design", highlight=h)
          for n, t, h in open_ev[:3]]
    ev += [Evidence(source=pub.source, line=n, text=t, label=f"{k} given to a group", highlight=h)
           for n, t, h, k in ctrl_ev[:3]]
    kinds = sorted({k for *_x, k in ctrl_ev})
    open_lines = ", ".join(str(n) for n, *_x in open_ev[:3])
    ctrl_lines = ", ".join(str(n) for n, *_x in ctrl_ev[:3])
    yield Finding(
        rule="MASK006", category=_CAT, severity="warning", record=pub.id,
        message=f"The paper calls its trial open-label (line{'s' if len(open_ev) > 1 else ''} {open_lines}) but "
                f"describes {'/'.join(kinds)} given to a comparison group (line{'s' if len(ctrl_ev) > 1 else ''} "
                f"{ctrl_lines}).",
        evidence=ev, fields=[], related=[str(f.value) for f in pub.registry_ids],
        values={"design": "open-label", "control": ", ".join(kinds)})

