"""arms-interventions: the number of arms against the design, the arm <-> intervention
cross-references, and the intervention type against what the intervention is."""
from __future__ import annotations

import re

from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Field, Intervention, Trial
from auditor.rules import rule

_MULTI_ARM_MODELS = ("PARALLEL", "CROSSOVER", "FACTORIAL")
_MODEL_TEXT = {"SINGLE_GROUP": "Single Group Assignment", "PARALLEL": "Parallel Assignment",
               "CROSSOVER": "Crossover Assignment", "FACTORIAL": "Factorial Assignment"}

# 'Drug: Aspirin' (API v2 interventionNames, web renderings) -> 'Aspirin'.
_TYPE_PREFIX = re.compile(
    r"(?i)^\s*(?:drug|biological|biologic|vaccine|device|procedure(?:/surgery)?|surgery|radiation|behavioral|"
    r"behavioural|genetic|dietary\s+supplement|combination\s+product|diagnostic\s+test|other)\s*:\s*")
_NON_WORD = re.compile(r"[\W_]+")


def _name_key(text: str) -> str:
    """What two spellings of one arm or intervention name have in common."""
    return _NON_WORD.sub(" ", _TYPE_PREFIX.sub("", text)).strip().casefold()


def _arm_count(trial: Trial) -> int:
    """Distinct arms: labels compared without case and spacing only ('S- Group' and 'S+ Group' are two)."""
    return len({" ".join(str(a.label.value).split()).casefold() if a.label is not None else f"#{i}"
                for i, a in enumerate(trial.arms)})


_COMPARATORS = ("PLACEBO_COMPARATOR", "ACTIVE_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION")


def _arm_interventions(trial: Trial) -> list[frozenset[str]] | None:
    """What each arm receives, from either side of the cross-reference; None when unknown."""
    by_arm: dict[str, set[str]] = {}
    for arm in trial.arms:
        if arm.label is not None:
            names = by_arm.setdefault(_name_key(arm.label.value), set())
            names.update(_name_key(f.value) for f in arm.intervention_names)
    for iv in trial.interventions:
        if iv.name is None:
            continue
        for f in iv.arm_labels:
            if _name_key(f.value) in by_arm:
                by_arm[_name_key(f.value)].add(_name_key(iv.name.value))
    if not by_arm or not all(by_arm.values()):
        return None
    return [frozenset(v) for v in by_arm.values()]


def _arms_differ(trial: Trial) -> bool:
    """Arms that are groups given different things: a comparator arm, or different interventions.
    Age or dose-escalation cohorts all given the same intervention may stand in one group."""
    if any(a.type is not None and a.type.value in _COMPARATORS for a in trial.arms):
        return True
    sets = _arm_interventions(trial)
    return sets is not None and len(set(sets)) > 1


def _arm_evidence(trial: Trial) -> list[Evidence]:
    return [e for a in trial.arms if (e := Evidence.of(a.label, "arm")) is not None]


@rule("ARM001", category="arms-interventions", severity="warning",
      title="Single-group design with two or more arms")
def single_group_many_arms(trial: Trial, ctx):
    """What: the intervention model is Single Group Assignment but the record lists two or more
    distinct arms that are different groups: one is a comparator (placebo, active, sham, no
    intervention) or the arms receive different interventions. Cohorts all given the same
    intervention (age groups) are left alone.
    Why: a single-group study gives every participant the same intervention; several arms mean the
    model (parallel, sequential, crossover) or the arm list is wrong (PRS: internal inconsistency).
    Example: model 'SINGLE_GROUP', arms 'Low dose' and 'High dose' -> 'The intervention model is
    Single Group Assignment but 2 arms are listed (Low dose; High dose).'"""
    model = trial.intervention_model.value if trial.intervention_model is not None else None
    n = _arm_count(trial)
    if model != "SINGLE_GROUP" or n < 2 or not _arms_differ(trial):
        return
    labels = "; ".join(a.label.value for a in trial.arms if a.label is not None)
    yield Finding(
        rule="ARM001", category="arms-interventions", severity="warning", record=trial.id,
        message=f"The intervention model is Single Group Assignment but {n} arms are listed ({labels}).",
        evidence=[Evidence.of(trial.intervention_model, "intervention model", highlight=trial.intervention_model.raw)]
        + _arm_evidence(trial),
        fields=[FIELD_PATHS["intervention_model"], FIELD_PATHS["arms"]],
        values={"intervention model": model, "arms": str(n)})


@rule("ARM002", category="arms-interventions", severity="warning",
      title="Multi-arm design (parallel, crossover, factorial) with one arm")
def multi_arm_model_one_arm(trial: Trial, ctx):
    """What: the intervention model is Parallel, Crossover or Factorial Assignment but the record
    lists exactly one arm.
    Why: these models compare groups (or sequences) of participants; a single arm means an arm is
    missing or the model should be Single Group (PRS: internal inconsistency).
    Example: model 'Parallel Assignment', allocation 'Randomized', one arm 'Treatment' -> 'The
    intervention model is Parallel Assignment (allocation Randomized) but only one arm is listed
    (Treatment).'"""
    model = trial.intervention_model.value if trial.intervention_model is not None else None
    if model not in _MULTI_ARM_MODELS or _arm_count(trial) != 1:
        return
    alloc = trial.allocation.value if trial.allocation is not None else None
    label = trial.arms[0].label.value if trial.arms[0].label is not None else "unnamed"
    extra = " (allocation Randomized)" if alloc == "RANDOMIZED" else ""
    ev = [Evidence.of(trial.intervention_model, "intervention model", highlight=trial.intervention_model.raw)]
    if alloc == "RANDOMIZED":
        ev.append(Evidence.of(trial.allocation, "allocation"))
    yield Finding(
        rule="ARM002", category="arms-interventions", severity="warning", record=trial.id,
        message=f"The intervention model is {_MODEL_TEXT[model]}{extra} but only one arm is listed ({label}).",
        evidence=ev + _arm_evidence(trial),
        fields=[FIELD_PATHS["intervention_model"], FIELD_PATHS["arms"]],
        values={"intervention model": model, "arms": "1"})


@rule("ARM003", category="arms-interventions", severity="warning", title="Randomized allocation with one arm")
def randomized_one_arm(trial: Trial, ctx):
    """What: the allocation is Randomized but the record lists exactly one arm (and the model is not
    already reported by ARM002).
    Why: randomization assigns participants to two or more groups; with one arm there is nothing to
    randomize between, so the allocation or the arm list is wrong.
    Example: allocation 'Randomized', model 'Single Group Assignment', one arm -> 'The allocation is
    Randomized but only one arm is listed (Treatment).'"""
    alloc = trial.allocation.value if trial.allocation is not None else None
    model = trial.intervention_model.value if trial.intervention_model is not None else None
    if alloc != "RANDOMIZED" or _arm_count(trial) != 1 or model in _MULTI_ARM_MODELS:
        return
    label = trial.arms[0].label.value if trial.arms[0].label is not None else "unnamed"
    yield Finding(
        rule="ARM003", category="arms-interventions", severity="warning", record=trial.id,
        message=f"The allocation is Randomized but only one arm is listed ({label}).",
        evidence=[Evidence.of(trial.allocation, "allocation", highlight=trial.allocation.raw)] + _arm_evidence(trial),
        fields=[FIELD_PATHS["allocation"], FIELD_PATHS["arms"]], values={"allocation": alloc, "arms": "1"})


def _intervention_keys(trial: Trial) -> set[str]:
    keys = set()
    for iv in trial.interventions:
        if iv.name is not None:
            keys.add(_name_key(iv.name.value))
    return keys


@rule("ARM004", category="arms-interventions", severity="warning",
      title="An arm names an intervention the record does not list")
def arm_names_missing_intervention(trial: Trial, ctx):
    """What: an arm's intervention names ('Drug: Aspirin') that match no intervention of the record,
    after removing the type prefix and ignoring case and punctuation.
    Why: the arms and interventions cross-reference each other (API v2 armGroups[].interventionNames,
    interventions[].armGroupLabels); a name that resolves to nothing usually is a renamed or deleted
    intervention, and readers cannot tell what the arm receives.
    Example: arm 'Experimental' lists 'Drug: Aspirine', interventions are 'Aspirin' and 'Placebo' ->
    'Arm 'Experimental' names the intervention 'Drug: Aspirine', which the record does not list
    (interventions: Aspirin; Placebo).'"""
    keys = _intervention_keys(trial)
    if not keys:
        return
    listed = "; ".join(sorted({iv.name.value for iv in trial.interventions if iv.name is not None}))
    for arm in trial.arms:
        arm_label = arm.label.value if arm.label is not None else "unnamed"
        for f in arm.intervention_names:
            if _name_key(f.value) in keys:
                continue
            yield Finding(
                rule="ARM004", category="arms-interventions", severity="warning", record=trial.id,
                message=f"Arm '{arm_label}' names the intervention '{f.value}', which the record does not list "
                        f"(interventions: {listed}).",
                evidence=[e for e in (Evidence.of(f, f"intervention named by arm '{arm_label}'", highlight=f.raw),)
                          if e] + [Evidence.of(iv.name, "intervention") for iv in trial.interventions
                                   if iv.name is not None],
                fields=[FIELD_PATHS["arms"] + ".interventionNames", FIELD_PATHS["interventions"]],
                values={"named": f.value, "interventions": listed})


@rule("ARM005", category="arms-interventions", severity="warning",
      title="An intervention names an arm the record does not list")
def intervention_names_missing_arm(trial: Trial, ctx):
    """What: an intervention's arm group labels that match no arm of the record (ignoring case and
    punctuation).
    Why: the cross-reference says which arms receive the intervention; a label that resolves to no
    arm leaves the intervention unassigned, usually after an arm was renamed.
    Example: intervention 'Placebo' lists arm 'Placebo arm', arms are 'Active' and 'Control' ->
    'Intervention 'Placebo' names the arm 'Placebo arm', which the record does not list (arms: Active;
    Control).'"""
    arm_keys = {_name_key(a.label.value) for a in trial.arms if a.label is not None}
    if not arm_keys:
        return
    listed = "; ".join(sorted({a.label.value for a in trial.arms if a.label is not None}))
    for iv in trial.interventions:
        iv_name = iv.name.value if iv.name is not None else "unnamed"
        for f in iv.arm_labels:
            if _name_key(f.value) in arm_keys:
                continue
            yield Finding(
                rule="ARM005", category="arms-interventions", severity="warning", record=trial.id,
                message=f"Intervention '{iv_name}' names the arm '{f.value}', which the record does not list "
                        f"(arms: {listed}).",
                evidence=[Evidence.of(f, f"arm named by intervention '{iv_name}'", highlight=f.raw)] +
                _arm_evidence(trial),
                fields=[FIELD_PATHS["interventions"] + ".armGroupLabels", FIELD_PATHS["arms"]],
                values={"named": f.value, "arms": listed})


# What makes an intervention a cell or gene product or a vaccine (ClinicalTrials.gov types these
# Biological/Vaccine or Genetic: "including gene transfer, stem cell and recombinant DNA").
_BIOLOGIC_KINDS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("GENETIC", "a stem cell product", re.compile(
        r"(?i)\b(?:mesenchymal\s+(?:stem|stromal|progenitor)\s+cells?|(?:UC|BM|AD|hUC|hBM)?-?MSCs?|stem[\s-]cells?(?![\s-]+(?:factor|mobili|growth))|"
        r"(?:hematopoietic|haematopoietic|progenitor|cd34\+?)\s+cells?|(?:mono)?nuclear\s+cells?|"
        r"cord\s+blood(?:\s+cells?|\s+units?)?)\b")),
    ("BIOLOGICAL", "a cell therapy", re.compile(
        r"(?i)\b(?:CAR[\s-]?T(?:[\s-]cells?)?|CAR[\s-]?NK|(?:dendritic|NK|natural\s+killer|CIK|TIL)\s+cells?|"
        r"tumou?r[\s-]infiltrating\s+lymphocytes|(?:autologous|allogeneic|allogenic)\s+(?:[\w-]+\s+){0,2}cells?|"
        r"(?:T|regulatory\s+T|virus[\s-]specific\s+T)[\s-]cells?\s+(?:infusion|therapy|transfer))\b")),
    ("GENETIC", "a gene therapy", re.compile(
        r"(?i)\b(?:gene\s+(?:therapy|transfer)|AAV\d*(?:[\s-]\w+)?\s+vector|adeno[\s-]associated\s+vir(?:us|al)|"
        r"(?:lenti|retro|adeno)viral\s+vector|plasmid(?:\s+DNA)?)\b")),
    ("BIOLOGICAL", "a vaccine", re.compile(r"(?i)\bvaccines?\b|\bvaccination\b")),
)
# Words saying the cell or vaccine term is not what this intervention is: a mobilizing drug, a
# conditioning regimen, a transplant procedure, a placebo or an adjuvant.
_NOT_THE_PRODUCT = re.compile(
    r"(?i)mobili[sz]|conditioning|transplant|harvest|apheres|collection|rescue|support|engraftment|"
    r"\bplacebo|\bdiluent|adjuvant|\bprior\s+to\b|\bbefore\b|\bafter\b|\bfollowing\b|\bpre-?medication|"
    r"\bprophylaxis\b|\bGVHD\b|graft[\s-]versus|\bwithout\b|\bno\s+|\bnon-?|\bsaline\b")
# A dose counted in cells: '0.5*10E6 MSC/kg', '1 x 10^6 cells/kg', '2×10(8) CAR-T cells'.
_CELL_DOSE = re.compile(
    r"(?i)\d(?:[\d.,]*)\s*(?:[x×*]\s*)?10\s*(?:\^|E|e|\(|\*\*)?\s*\d+\)?\s*(?:viable\s+)?"
    r"(?:(?:[\w-]+\s+){0,2}cells?|[\w-]*MSCs?)\s*(?:/|per)\s*(?:kg|m2|patient)")


def _biologic_kind(iv: Intervention) -> tuple[str, str, Field, str] | None:
    """(suggested type, what, field, matched text) when the name, or a cell-counted dose in the
    description, shows the intervention is a cell or gene product or a vaccine."""
    texts = [f for f in [iv.name, *iv.other_names] if f is not None]
    for f in texts:
        for suggested, what, pat in _BIOLOGIC_KINDS:
            m = pat.search(f.value)
            if m and not _NOT_THE_PRODUCT.search(f.value):
                return suggested, what, f, m.group(0)
    d = iv.description
    if d is not None:
        m = _CELL_DOSE.search(d.value)
        if m and not _NOT_THE_PRODUCT.search(d.value[max(0, m.start() - 80):m.end() + 40]):
            return "BIOLOGICAL", "a cell therapy dosed in cells", d, m.group(0)
    return None


@rule("ARM006", category="arms-interventions", severity="warning",
      title="A cell or gene product or a vaccine is typed Drug")
def biologic_typed_drug(trial: Trial, ctx):
    """What: an intervention of type Drug whose name says it is a stem cell or other cell therapy
    (mesenchymal stem cells, MSC, CAR-T, NK or dendritic cells), a gene therapy (gene transfer, AAV or
    viral vectors, plasmids) or a vaccine, or whose description doses it in cells ('0.5*10E6 MSC/kg').
    Names that only mention such a product around a drug (mobilization, conditioning, transplant,
    GVHD prophylaxis, placebo, adjuvant) are left alone.
    Why: ClinicalTrials.gov types these Biological/Vaccine or Genetic ("including gene transfer, stem
    cell and recombinant DNA"); typed as Drug, the study is missed by searches for cell and gene
    therapies and the regulatory pathway is misrepresented.
    Example: intervention 'Conventional plus MSC treatment', type Drug, description '0.5*10E6 MSC/kg' ->
    'Intervention 'Conventional plus MSC treatment' is typed Drug but is a stem cell product ('MSC');
    expected type Genetic or Biological.'"""
    for iv in trial.interventions:
        if iv.type is None or iv.type.value != "DRUG":
            continue
        got = _biologic_kind(iv)
        if got is None:
            continue
        suggested, what, f, matched = got
        name = iv.name.value if iv.name is not None else "unnamed"
        expected = "Biological" if suggested == "BIOLOGICAL" else "Genetic or Biological"
        ev = [Evidence.of(iv.type, "intervention type", highlight=iv.type.raw)]
        ev.append(Evidence.of(f, "intervention name" if f is iv.name else
                              ("intervention description" if f is iv.description else "other name"),
                              highlight=matched))
        if f is not iv.name and iv.name is not None:
            ev.append(Evidence.of(iv.name, "intervention name"))
        yield Finding(
            rule="ARM006", category="arms-interventions", severity="warning", record=trial.id,
            message=f"Intervention '{name}' is typed Drug but is {what} ('{matched}'); expected type {expected}.",
            evidence=ev, fields=[FIELD_PATHS["interventions"] + ".type"],
            values={"type": "DRUG", "expected": expected, "product": matched})
