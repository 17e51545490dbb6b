"""The free-text places of a record that rules read (titles, summary, description, arms,
interventions), and how to quote a sentence of one of them with its file and line."""
from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.findings import Evidence
from auditor.model import Arm, Field, Intervention, Loc, Trial

# JSON strings hold their line breaks as '\n' escapes: the whole value sits on one line of the file.
_ONE_LINE_FORMATS = ("json",)
_WS = re.compile(r"\s+")
MAX_QUOTE = 400


@dataclass(slots=True)
class Place:
    """One free-text field of a record: what it is (for labels), the field, and its path."""
    label: str                  # 'detailed description', 'arm "Placebo" description'
    field: Field
    path: str                   # API v2 field path
    arm: Arm | None = None
    intervention: Intervention | None = None

    @property
    def text(self) -> str:
        return self.field.raw or ""


def loc_at(trial: Trial, f: Field, offset: int) -> Loc | None:
    """Where offset of f.raw stands in the source file."""
    loc = f.loc
    if loc is None or loc.line is None:
        return loc
    if any(k in trial.format for k in _ONE_LINE_FORMATS):
        return loc
    k = f.raw.count("\n", 0, offset)
    if k == 0:
        return loc
    return Loc(loc.source, loc.line + k, None)


def quote(text: str, span: tuple[int, int], limit: int = MAX_QUOTE) -> str:
    """The text of span with whitespace collapsed, cut around its middle if it is long."""
    s = _WS.sub(" ", text[span[0]:span[1]]).strip()
    if len(s) <= limit:
        return s
    return s[:limit - 1].rstrip() + "…"


def sentence_evidence(trial: Trial, place: Place, sentence: tuple[int, int], label: str,
                      highlight: str | None = None) -> Evidence:
    """Evidence quoting one sentence of a place, at the line where the sentence starts."""
    return Evidence.at(loc_at(trial, place.field, sentence[0]), quote(place.text, sentence), label=label,
                       highlight=highlight)


def arm_name(arm: Arm) -> str:
    return arm.label.value if arm.label is not None and arm.label.value else "(unnamed arm)"


def places(trial: Trial, *, titles: bool = True, arms: bool = True, interventions: bool = True,
           design: bool = True) -> list[Place]:
    """Free-text places in a stable order: titles, summary, description, design notes, arms, interventions."""
    out: list[Place] = []

    def add(label: str, f: Field | None, path: str, **kw) -> None:
        if f is not None and isinstance(f.raw, str) and f.raw.strip():
            out.append(Place(label, f, path, **kw))
    if titles:
        add("brief title", trial.brief_title, "identificationModule.briefTitle")
        add("official title", trial.official_title, "identificationModule.officialTitle")
    add("brief summary", trial.brief_summary, "descriptionModule.briefSummary")
    add("detailed description", trial.detailed_description, "descriptionModule.detailedDescription")
    if design:
        add("masking description", trial.masking_description,
            "designModule.designInfo.maskingInfo.maskingDescription")
        for f in trial.design_notes:
            add("design note", f, "designModule")
    if arms:
        for a in trial.arms:
            name = arm_name(a)
            add(f'arm "{name}" label', a.label, "armsInterventionsModule.armGroups.label", arm=a)
            add(f'arm "{name}" description', a.description, "armsInterventionsModule.armGroups.description", arm=a)
    if interventions:
        for i in trial.interventions:
            name = i.name.value if i.name is not None else "(unnamed)"
            add(f'intervention "{name}" name', i.name, "armsInterventionsModule.interventions.name",
                intervention=i)
            add(f'intervention "{name}" description', i.description,
                "armsInterventionsModule.interventions.description", intervention=i)
    return out
