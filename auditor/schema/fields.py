"""What a curator calls a table column, and its API v2 path, for messages and `Finding.fields`."""
from __future__ import annotations

from ..model import FIELD_PATHS

_LABELS: dict[str, str] = {
    "nct_id": "NCT id", "org_study_id": "Organization study id", "secondary_id": "Secondary id",
    "brief_title": "Brief title", "official_title": "Official title", "acronym": "Acronym",
    "overall_status": "Overall status", "why_stopped": "Why stopped", "study_type": "Study type", "phases": "Phase",
    "allocation": "Allocation", "intervention_model": "Intervention model", "masking": "Masking",
    "primary_purpose": "Primary purpose", "enrollment": "Enrollment", "enrollment_type": "Enrollment type",
    "brief_summary": "Brief summary", "detailed_description": "Detailed description", "sex": "Sex",
    "criteria_text": "Eligibility criteria", "min_age": "Minimum age", "max_age": "Maximum age",
    "start_date": "Start date", "primary_completion_date": "Primary completion date",
    "completion_date": "Completion date", "first_submitted": "First submitted date",
    "first_posted": "First posted date", "last_update_posted": "Last update posted date",
    "status_verified": "Status verified date", "lead_sponsor": "Lead sponsor",
}
_CHILD_LABELS: dict[tuple[str, str], str] = {
    ("arms", "label"): "Arm label", ("arms", "type"): "Arm type", ("arms", "description"): "Arm description",
    ("interventions", "name"): "Intervention name", ("interventions", "type"): "Intervention type",
    ("interventions", "description"): "Intervention description",
    ("sites", "status"): "Site status", ("sites", "facility"): "Site facility", ("sites", "city"): "Site city",
    ("sites", "country"): "Site country",
    ("criteria", "text"): "Eligibility criterion", ("criteria", "kind"): "Criterion kind",
    ("outcomes", "title"): "Outcome title", ("outcomes", "kind"): "Outcome kind",
    ("outcomes", "time_frame"): "Outcome time frame",
    ("analyses", "ci_pct"): "Confidence level", ("analyses", "p_value"): "P-value",
}
_CHILD_PATHS: dict[str, str] = {
    "arms": "armsInterventionsModule.armGroups", "interventions": "armsInterventionsModule.interventions",
    "sites": "contactsLocationsModule.locations", "criteria": "eligibilityModule.eligibilityCriteria",
    "outcomes": "outcomesModule", "analyses": FIELD_PATHS["analyses"],
    "secondary_ids": FIELD_PATHS["secondary_ids"],
}
_V2_NAMES = {"label": "label", "type": "type", "description": "description", "name": "name", "status": "status",
             "facility": "facility", "city": "city", "country": "country", "title": "measure",
             "time_frame": "timeFrame", "ci_pct": "ciPctValue", "p_value": "pValue", "param_type": "paramType",
             "estimate": "paramValue", "ci_lower": "ciLowerLimit", "ci_upper": "ciUpperLimit",
             "method": "statisticalMethod", "secondary_id": "id"}


def label(table: str, column: str) -> str:
    """'Phase', 'Arm type', ...: how a message names the field."""
    if table != "trials" and (table, column) in _CHILD_LABELS:
        return _CHILD_LABELS[(table, column)]
    if column in _LABELS:
        return _LABELS[column]
    return column.replace("_", " ").capitalize()


def path(table: str, column: str) -> str:
    """The canonical (API v2) name of a table column, as findings name fields."""
    if table == "trials":
        return FIELD_PATHS.get(column, column)
    base = _CHILD_PATHS.get(table)
    if base is None:
        return f"{table}.{column}"
    if table == "criteria":
        return base
    return f"{base}.{_V2_NAMES.get(column, column)}"
