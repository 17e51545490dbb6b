"""The schema rules' ids, default severities and titles: one place for the finding builders here
and for their registration (with docs) in checks/schema_rules.py."""
from __future__ import annotations

from typing import NamedTuple


class RuleInfo(NamedTuple):
    category: str
    severity: str
    title: str


RULES: dict[str, RuleInfo] = {
    "SCH001": RuleInfo("schema", "error", "A value is not one of the registry's enumerated values"),
    "SCH002": RuleInfo("schema", "error", "An identifier does not have its registry's format"),
    "SCH003": RuleInfo("schema", "warning", "A text is longer than the registry allows"),
    "SCH004": RuleInfo("schema", "warning", "A number, age or date is outside its plausible range"),
    "SCH005": RuleInfo("schema", "warning", "A required field is missing"),
    "SCH006": RuleInfo("schema", "warning", "A field required by the record's status or results is missing"),
    "SCH007": RuleInfo("schema", "warning", "A required section is present but empty"),
    "SCH008": RuleInfo("schema", "warning", "A date, age or count is not written in the registry's format"),
    "SUITE001": RuleInfo("input", "error", "An expectation suite file could not be used"),
}

# Great Expectations severities -> ours.
GX_SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}
