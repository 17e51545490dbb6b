"""Helpers of the results rules (checks/results_*.py): values, evidence and field paths."""
from __future__ import annotations

import re

from auditor.extract.printed import Printed, parse_number
from auditor.findings import Evidence
from auditor.model import Field, Measure, MeasureRow, Trial
from auditor.results_links import counts_by_group

CAT = "results"
FLOW = "resultsSection.participantFlowModule"
BASE = "resultsSection.baselineCharacteristicsModule"
OUTC = "resultsSection.outcomeMeasuresModule"
AE = "resultsSection.adverseEventsModule"


def num(f: Field | None) -> int | None:
    return f.value if f is not None and isinstance(f.value, int) and not isinstance(f.value, bool) else None


def printed(f: Field | None) -> Printed | None:
    return parse_number(f.raw.strip()) if f is not None and f.raw else None


def enum_key(f: Field | None) -> str:
    """'Full Range' / 'FULL_RANGE' -> 'FULL_RANGE'; '95% Confidence Interval' -> '95_CONFIDENCE_INTERVAL'."""
    return re.sub(r"[^A-Z0-9]+", "_", f.raw.upper()).strip("_") if f is not None and f.raw else ""


def ev(f: Field | None, label: str, highlight: bool = True) -> list[Evidence]:
    e = Evidence.of(f, label, highlight=f.raw.strip() if (f is not None and highlight) else None)
    return [e] if e is not None else []


def crossover(trial: Trial) -> bool:
    m = trial.intervention_model.value if trial.intervention_model is not None else None
    return m in ("CROSSOVER", "FACTORIAL")


def group_n(trial: Trial, m: Measure, row: MeasureRow, gid: str) -> int | None:
    """The participants behind a measure's cell: the class's own count, else the measure's, else
    (baseline) the baseline's participants analysed."""
    for counts in (row.denoms, m.analyzed, trial.results.baseline_analyzed if m.kind == "baseline" else []):
        c = counts_by_group(counts).get(gid)
        if c is not None:
            return c.count.value
    return None


# Outcome measures about recruitment (feasibility: 'Percentage of eligible patients who enrolled')
# count the people screened or approached, not only participants.
_RECRUITMENT = re.compile(r"(?i)\b(?:eligib\w*|screen\w*|approach\w*|invit\w*|referr\w*|recruit\w*|consent\w*|"
                          r"enrol\w*|accru\w*)")


def about_recruitment(m: Measure) -> bool:
    return bool(_RECRUITMENT.search(m.name)) or any(_RECRUITMENT.search(g.name) for g in m.groups)
