"""Required narrative sections that a rendering shows with a heading and nothing under it (SCH007)."""
from __future__ import annotations

from ..findings import Evidence
from ..model import Trial
from .hits import Hit

# Trial.empty_sections key -> (trials column the section fills, the heading as registry pages print it).
REQUIRED_SECTIONS: dict[str, tuple[str, str]] = {
    "brief_summary": ("brief_summary", "Brief Summary"),
    "conditions": ("conditions", "Conditions"),
    "criteria_text": ("criteria_text", "Eligibility Criteria"),
    "criteria": ("criteria_text", "Eligibility Criteria"),
    "eligibility_criteria": ("criteria_text", "Eligibility Criteria"),
    "sites": ("sites", "Locations"),
    "locations": ("sites", "Locations"),
    "countries": ("countries", "Countries"),
}


def section_hits(trials: list[Trial]) -> list[Hit]:
    """One hit per empty required section; `trials` in the order of the trials table's rows."""
    out = []
    for row, t in enumerate(trials):
        seen = set()
        for key, loc in sorted(t.empty_sections.items(), key=lambda kv: ((kv[1].line or 0), kv[0])):
            if key not in REQUIRED_SECTIONS:
                continue
            column, heading = REQUIRED_SECTIONS[key]
            if column in seen:
                continue
            seen.add(column)
            ev = Evidence.at(loc, heading, label="empty section heading")
            out.append(Hit(table="trials", row=row, column=column, value=None, rule="SCH007",
                           message=f"The {heading} section is present but empty; the registry requires it.",
                           evidence=[ev], values={"section": heading}))
    return out
