"""Render a structured record (a Trial read from legacy XML) as the registry pages curators save.

Four layouts, each copied from one of the seed pages (../shared/seeds) by its labels, order and spacing:
- `mirror`:    000, a ClinicalTrials.gov mirror page with value labels and blank lines between lines;
- `plain`:     002, the same site's page with no value labels and no blank lines;
- `listing`:   001, a listing page: a summary with arms in columns, then 'Full info' in the PRS layout;
- `veeva`:     004, an aggregator page: 'N participants in K patient groups', 'Description:', 'Treatment:'.
Tests render real records, read the page back and compare every field with the structured original,
so the page readers are tested on records and layouts nobody wrote them for."""
from __future__ import annotations

from auditor.model import Trial

_EXPLAIN = {  # the sentence the mirror site prints under each heading
    "Basic Information": "Get a concise snapshot of the trial, including recruitment status, study phase, "
                         "enrollment targets, and key timeline milestones.",
    "Brief Summary": "Review the sponsor-provided synopsis that highlights what the study is about and why it is "
                     "being conducted.",
    "Detailed Description": "Dive into the extended narrative that explains the scientific background, objectives, "
                            "and procedures in greater depth.",
    "Conditions": "See the medical conditions and disease areas that this research is targeting or investigating.",
    "Study Design": "Understand how the trial is structured, including allocation methods, masking strategies, "
                    "primary purpose, and other design elements.",
    "Study Groups": "Review each arm or cohort in the study, along with the interventions and objectives "
                    "associated with them.",
    "Interventions": "Learn about the drugs, procedures, or behavioral strategies being tested and how they are "
                     "applied within this trial.",
    "Eligibility Criteria": "Check the participation requirements, including inclusion and exclusion rules, age "
                            "limits, and whether healthy volunteers are accepted.",
    "Sponsors": "Meet the organizations funding or collaborating on the study and learn about their roles.",
}

_TYPE_WORDS = {"EXPERIMENTAL": "Experimental", "ACTIVE_COMPARATOR": "Active Comparator",
               "PLACEBO_COMPARATOR": "Placebo Comparator", "SHAM_COMPARATOR": "Sham Comparator",
               "NO_INTERVENTION": "No Intervention", "OTHER": "Other"}
_IV_WORDS = {"DRUG": "Drug", "BIOLOGICAL": "Biological", "DEVICE": "Device", "PROCEDURE": "Procedure",
             "BEHAVIORAL": "Behavioral", "DIETARY_SUPPLEMENT": "Dietary Supplement", "RADIATION": "Radiation",
             "GENETIC": "Genetic", "COMBINATION_PRODUCT": "Combination Product",
             "DIAGNOSTIC_TEST": "Diagnostic Test", "OTHER": "Other"}


def _v(f) -> str:
    return "" if f is None or f.value is None else str(f.value)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _age(f) -> str:
    if f is None or f.value is None:
        return "N/A"
    a = f.value
    n = int(a.number) if float(a.number).is_integer() else a.number
    return f"{n} {a.unit.capitalize()}"


def _arm_ivs(t: Trial, arm) -> list:
    names = {n.value.lower() for n in arm.intervention_names}
    label = arm.label.value.lower() if arm.label else None
    return [iv for iv in t.interventions if iv.name is not None and
            (iv.name.value.lower() in names or label in {a.value.lower() for a in iv.arm_labels})]


def _criteria_lines(t: Trial) -> list[str]:
    return _lines(_v(t.criteria_text))


def _mirror_body(t: Trial) -> list[tuple[str | None, str]]:
    """(label or None, value) pairs of the mirror site, in its order. A None label is a heading."""
    out: list[tuple[str | None, str]] = [(None, _v(t.brief_title)), ("NCT ID", t.id)]

    def head(h):
        out.append((None, h))
        if h in _EXPLAIN:
            out.append(("", _EXPLAIN[h]))

    head("Basic Information")
    out += [("Recruitment Status", _v(t.overall_status)),
            ("Clinical Phase", "/".join(t.phases.value) if t.phases else "NA"),
            ("Total Enrollment", f"{_v(t.enrollment)} participants"),
            ("Study Classification", _v(t.study_type))]
    head("Brief Summary")
    out += [("", ln) for ln in _lines(_v(t.brief_summary))]
    if t.detailed_description:
        head("Detailed Description")
        out += [("", ln) for ln in _lines(_v(t.detailed_description))]
    head("Conditions")
    out += [("", c.value) for c in t.conditions]
    head("Study Design")
    out += [("Allocation Method", _v(t.allocation) or "NA"), ("Intervention Model", _v(t.intervention_model)),
            ("Primary Study Purpose", _v(t.primary_purpose)), ("Blinding Strategy", _v(t.masking))]
    head("Study Groups")
    for arm in t.arms:
        out.append(("", _v(arm.label)))
        out += [("", ln) for ln in _lines(_v(arm.description))]
        if arm.type:
            out.append(("", f"Group Type {_v(arm.type)}"))
        for iv in _arm_ivs(t, arm):
            out.append(("", _v(iv.name)))
            out.append(("", f"Intervention Type {_v(iv.type)}"))
            out += [("", ln) for ln in _lines(_v(iv.description))]
    head("Interventions")
    for iv in t.interventions:
        out.append(("", _v(iv.name)))
        out += [("", ln) for ln in _lines(_v(iv.description))]
        out.append(("", f"Intervention Type {_v(iv.type)}"))
    head("Eligibility Criteria")
    out += [("", ln) for ln in _criteria_lines(t)]
    out += [("Minimum Eligible Age", _age(t.min_age)), ("Maximum Eligible Age", _age(t.max_age)),
            ("Eligible Sex", _v(t.sex)), ("Accepts Healthy Volunteers", "Yes" if _v(t.healthy_volunteers) == "True" else "No")]
    head("Sponsors")
    out += [("", _v(t.lead_sponsor)), ("", "Sponsor Role lead")]
    return out


def mirror(t: Trial) -> str:
    """Seed 000's layout: a label line, a blank line, the value, a blank line."""
    parts = []
    for label, value in _mirror_body(t):
        if label:
            parts += [label, "", value, ""]
        elif label is None and value.startswith("NCT"):
            parts += [value, ""]
        else:
            parts += [value, ""]
    return "\n".join(parts) + "\n"


def plain(t: Trial) -> str:
    """Seed 002's layout: the same site without value labels (the NCT id keeps its label) and no blank lines."""
    parts = []
    for label, value in _mirror_body(t):
        if label == "NCT ID":
            parts.append(f"NCT ID: {value}")
        elif label in ("Minimum Eligible Age", "Maximum Eligible Age", "Eligible Sex", "Accepts Healthy Volunteers",
                       "Recruitment Status", "Clinical Phase", "Total Enrollment", "Study Classification",
                       "Allocation Method", "Intervention Model", "Primary Study Purpose", "Blinding Strategy"):
            parts.append(value)
        elif value.startswith(("Group Type ", "Intervention Type ")):
            continue   # the plain page prints no types
        else:
            parts.append(value)
    return "\n".join(parts) + "\n"


def listing(t: Trial) -> str:
    """Seed 001's layout: a summary with the arms in columns, then 'Full info' in the PRS layout."""
    arms = t.arms
    s = ["search", "Back to results", "", _v(t.brief_title), "", "Status", _v(t.overall_status).replace("_", " ").capitalize(),
         "Phase", " / ".join(p.replace("PHASE", "Phase ") for p in (t.phases.value if t.phases else [])) or "N/A",
         "Study Type", "Interventional", "Intervention"]
    s += [_v(iv.name) for iv in t.interventions]
    s += ["Sponsored by", _v(t.lead_sponsor), "About", "Eligibility", "Locations", "Arms", "Outcomes", "Full info", "",
          "Arms of the Study", ""]
    for i, _ in enumerate(arms, 1):
        s += [f"Arm {i}", ""]
    s += ["Arm Type", ""]
    for a in arms:
        s += [_TYPE_WORDS.get(_v(a.type), _v(a.type)), ""]
    s += ["Arm Label", ""]
    for a in arms:
        s += [_v(a.label), ""]
    s += ["Arm Description", ""]
    for a in arms:
        s += [" ".join(_lines(_v(a.description))), ""]
    s += ["Full Information", "", "1. Study Identification", "", "Unique Protocol Identification Number", t.id,
          "Brief Title", _v(t.brief_title), "Study Type", "Interventional", "", "7. Study Design", "",
          "Primary Purpose", _v(t.primary_purpose).replace("_", " ").capitalize(),
          "Enrollment", f"{_v(t.enrollment)} ({'Actual' if _v(t.enrollment_type) == 'ACTUAL' else 'Anticipated'})", "",
          "8. Arms, Groups, and Interventions", ""]
    for a in arms:
        s += ["Arm Title", _v(a.label), "Arm Type", _TYPE_WORDS.get(_v(a.type), _v(a.type))]
        if a.description:
            s += ["Arm Description", " ".join(_lines(_v(a.description)))]
    for iv in t.interventions:
        s += ["Intervention Type", _IV_WORDS.get(_v(iv.type), _v(iv.type)), "Intervention Name(s)", _v(iv.name)]
        if iv.description:
            s += ["Intervention Description", " ".join(_lines(_v(iv.description)))]
    s += ["", "10. Eligibility", "", "Minimum Age & Unit of Time", _age(t.min_age),
          "Maximum Age & Unit of Time", _age(t.max_age), ""]
    return "\n".join(s) + "\n"


def veeva(t: Trial) -> str:
    """Seed 004's layout: arms as 'label / <Type> group / Description: / text / Treatment: / Type: name'."""
    s = ["ClinicalTrials.Veeva", "", "Menu", "", _v(t.brief_title), "", "Status and phase", "",
         _v(t.overall_status).replace("_", " ").capitalize(), "", "Treatments", ""]
    s += [f"{_IV_WORDS.get(_v(iv.type), _v(iv.type))}: {_v(iv.name)}" for iv in t.interventions]
    s += ["", "Study type", "", "Interventional", "", "Identifiers", "", t.id, "", "Trial design", "",
          "Enrollment", "", f"{_v(t.enrollment)} patients", "",
          "Primary purpose", "", _v(t.primary_purpose).replace("_", " ").capitalize(), "",
          f"{_v(t.enrollment)} participants in {len(t.arms)} patient groups", ""]
    for a in t.arms:
        s.append(_v(a.label))
        if a.type:
            s.append(f"{_TYPE_WORDS.get(_v(a.type), 'Other')} group")
        if a.description:
            s += ["Description:", *_lines(_v(a.description))]
        ivs = _arm_ivs(t, a)
        if ivs:
            s.append("Treatment:")
            s += [f"{_IV_WORDS.get(_v(iv.type), _v(iv.type))}: {_v(iv.name)}" for iv in ivs]
    s += ["", "Trial contacts and locations", "", "Data sourced from clinicaltrials.gov", ""]
    return "\n".join(s) + "\n"


LAYOUTS = {"mirror": mirror, "plain": plain, "listing": listing, "veeva": veeva}
