"""The canonical model: what every reader produces and every check consumes.

Every normalized value is a `Field`: the normalized value, the original text it came
from, and where that text stands (`Loc`). Readers fill these; checks never open files.
Field names follow the ClinicalTrials.gov API v2 vocabulary (see FIELD_PATHS).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Loc:
    """Where a piece of original text stands: file, 1-based line, optional 1-based column."""
    source: str
    line: int | None = None
    col: int | None = None


@dataclass(slots=True)
class Field:
    """A normalized value with its provenance."""
    value: Any
    raw: str
    loc: Loc | None = None


@dataclass(slots=True, frozen=True)
class Age:
    """An age limit: the number and unit as written, and the same in years."""
    number: float
    unit: str          # 'years', 'months', 'weeks', 'days', 'hours', 'minutes'
    years: float


@dataclass(slots=True, frozen=True)
class DateValue:
    """A registry date: ISO text at its own precision, and ACTUAL/ESTIMATED when stated."""
    iso: str           # 'yyyy', 'yyyy-mm' or 'yyyy-mm-dd'
    precision: str     # 'year', 'month', 'day'
    type: str | None   # 'ACTUAL', 'ESTIMATED' or None when the source does not say


@dataclass(slots=True)
class Arm:
    label: Field | None = None
    type: Field | None = None            # ArmGroupType enum
    description: Field | None = None
    intervention_names: list[Field] = field(default_factory=list)


@dataclass(slots=True)
class Intervention:
    type: Field | None = None            # InterventionType enum
    name: Field | None = None
    description: Field | None = None
    arm_labels: list[Field] = field(default_factory=list)
    other_names: list[Field] = field(default_factory=list)


@dataclass(slots=True)
class Criterion:
    """One eligibility criterion item, as numbered in the source."""
    kind: str                            # 'inclusion', 'exclusion' or 'other'
    number: str | None                   # the item's own numbering ('1', '2', 'a'), None if unnumbered
    text: str
    loc: Loc | None = None
    heading: str | None = None           # the sub-heading the item sits under, if any


@dataclass(slots=True)
class Site:
    facility: Field | None = None
    city: Field | None = None
    country: Field | None = None
    status: Field | None = None          # site RecruitmentStatus enum


@dataclass(slots=True)
class Official:
    name: Field | None = None
    role: Field | None = None
    affiliation: Field | None = None


@dataclass(slots=True)
class Outcome:
    kind: str                            # 'primary', 'secondary', 'other'
    title: Field | None = None
    time_frame: Field | None = None
    description: Field | None = None


@dataclass(slots=True)
class FlowCount:
    """A participant-flow milestone count (STARTED, COMPLETED, ...) for one group and period."""
    period: str
    milestone: str
    group: str
    count: Field | None = None


@dataclass(slots=True)
class BaselineCount:
    group: str
    count: Field | None = None


@dataclass(slots=True)
class Analysis:
    """A statistical analysis posted in registry results."""
    outcome: str
    param_type: Field | None = None      # 'Hazard Ratio (HR)', 'Mean Difference (Final Values)', ...
    estimate: Field | None = None
    ci_pct: Field | None = None
    ci_lower: Field | None = None
    ci_upper: Field | None = None
    p_value: Field | None = None         # raw text kept: '<0.001', '0.04'
    method: Field | None = None
    groups: list[str] = field(default_factory=list)
    # Needed to judge CI/p consistency: non-inferiority tests and one-sided CIs/p-values differ.
    non_inferiority: Field | None = None # 'Superiority or Other', 'Non-Inferiority or Equivalence', ...
    ci_sides: Field | None = None        # '2-Sided' / '1-Sided' (legacy ci_n_sides, v2 ciNumSides)
    p_value_desc: Field | None = None    # the analysis's comment on its p-value ('One-sided ...')
    method_desc: Field | None = None


@dataclass(slots=True)
class ResultGroup:
    """A group (arm) of one results table: its id in that table ('P1', 'FG000', 'B2', 'OG001', 'E1')
    and title. Tables name their groups apart; titles link them (see auditor.results)."""
    id: str
    title: Field | None = None
    description: Field | None = None

    @property
    def name(self) -> str:
        return self.title.value if self.title is not None else self.id


@dataclass(slots=True)
class GroupCount:
    """A count for one group of a results table (participants started, analysed, at risk...)."""
    group: str                           # group id in its table
    count: Field | None = None           # value: int, or None when the text is not a number


@dataclass(slots=True)
class FlowRow:
    """A participant-flow milestone (STARTED, COMPLETED, NOT COMPLETED, custom) or a reason for not
    completing (drop/withdraw reason), with its count per group."""
    title: Field | None
    counts: list[GroupCount] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title.value if self.title is not None else ""


@dataclass(slots=True)
class FlowPeriod:
    title: Field | None = None
    milestones: list[FlowRow] = field(default_factory=list)
    reasons: list[FlowRow] = field(default_factory=list)     # drop/withdraw reasons

    @property
    def name(self) -> str:
        return self.title.value if self.title is not None else ""


@dataclass(slots=True)
class Measurement:
    """One cell of a baseline or outcome measure: value and dispersion for one group."""
    group: str
    value: Field | None = None           # raw text kept ('12.5', 'NA'); value is the text stripped
    spread: Field | None = None          # SD, SE... when the dispersion is one number
    lower: Field | None = None           # range / CI / IQR limits
    upper: Field | None = None


@dataclass(slots=True)
class MeasureRow:
    """A class/category row of a measure ('Female', 'Age, Continuous' with no category...)."""
    class_title: str = ""
    category_title: str = ""
    denoms: list[GroupCount] = field(default_factory=list)   # class-level denominators, if any
    measurements: list[Measurement] = field(default_factory=list)


@dataclass(slots=True)
class Measure:
    """A baseline characteristic or an outcome measure with its results."""
    kind: str                            # 'baseline', 'primary', 'secondary', 'other', 'post-hoc'
    title: Field | None = None
    param: Field | None = None           # 'Mean', 'Median', 'Count of Participants', 'Number', ...
    dispersion: Field | None = None      # 'Standard Deviation', 'Full Range', '95% Confidence Interval', ...
    units: Field | None = None
    groups: list[ResultGroup] = field(default_factory=list)  # outcome measures name their own groups
    denom_units: Field | None = None     # units of the analysed counts ('Participants', 'Eyes', ...)
    analyzed: list[GroupCount] = field(default_factory=list)
    rows: list[MeasureRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title.value if self.title is not None else ""


@dataclass(slots=True)
class EventGroup:
    """An adverse-event group with its participants at risk and affected (serious, other)."""
    group: ResultGroup
    serious_at_risk: Field | None = None
    serious_affected: Field | None = None
    other_at_risk: Field | None = None
    other_affected: Field | None = None


@dataclass(slots=True)
class Results:
    """The posted results tables, each with its own groups, linked by group titles."""
    flow_groups: list[ResultGroup] = field(default_factory=list)
    pre_assignment: Field | None = None  # pre-assignment details (free text)
    recruitment_details: Field | None = None
    periods: list[FlowPeriod] = field(default_factory=list)
    baseline_groups: list[ResultGroup] = field(default_factory=list)
    baseline_population: Field | None = None
    baseline_denom_units: Field | None = None
    baseline_analyzed: list[GroupCount] = field(default_factory=list)
    baseline_measures: list[Measure] = field(default_factory=list)
    outcome_measures: list[Measure] = field(default_factory=list)
    event_groups: list[EventGroup] = field(default_factory=list)


@dataclass(slots=True)
class Trial:
    """One registry record as read from one rendering of one source file."""
    id: str                              # registry id (NCT...) or a stable document id
    source: str                          # file path as displayed
    format: str                          # reader name: 'ctgov-v2-json', 'ctgov-legacy-xml', ...
    rendering: str = "main"              # which rendering inside the file ('summary', 'full', ...)
    nct_id: Field | None = None
    org_study_id: Field | None = None
    secondary_ids: list[Field] = field(default_factory=list)
    related_ids: list[Field] = field(default_factory=list)   # registry ids this record links to
    brief_title: Field | None = None
    official_title: Field | None = None
    acronym: Field | None = None
    overall_status: Field | None = None  # OverallStatus enum
    why_stopped: Field | None = None
    study_type: Field | None = None      # StudyType enum
    phases: Field | None = None          # value: list of Phase enum
    allocation: Field | None = None
    intervention_model: Field | None = None
    masking: Field | None = None
    who_masked: Field | None = None      # value: list of WhoMasked enum
    masking_description: Field | None = None
    primary_purpose: Field | None = None
    start_date: Field | None = None      # value: DateValue
    primary_completion_date: Field | None = None
    completion_date: Field | None = None
    first_submitted: Field | None = None
    first_posted: Field | None = None
    last_update_posted: Field | None = None
    status_verified: Field | None = None
    # The date of the data itself (legacy XML download date, API versionHolder): time-relative
    # rules judge the record as of this date, not the run date (value: DateValue).
    snapshot_date: Field | None = None
    last_known_status: Field | None = None  # Status enum the sponsor last gave, under 'Unknown status'
    enrollment: Field | None = None      # value: int
    enrollment_type: Field | None = None # 'ACTUAL' / 'ESTIMATED'
    brief_summary: Field | None = None
    detailed_description: Field | None = None
    design_notes: list[Field] = field(default_factory=list)  # free text found in the design section
    conditions: list[Field] = field(default_factory=list)
    keywords: list[Field] = field(default_factory=list)
    sex: Field | None = None
    healthy_volunteers: Field | None = None  # value: bool
    min_age: Field | None = None         # value: Age, or None for 'N/A'
    max_age: Field | None = None
    criteria_text: Field | None = None
    criteria: list[Criterion] = field(default_factory=list)
    lead_sponsor: Field | None = None
    collaborators: list[Field] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    countries: list[Field] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    has_results: bool = False
    flow: list[FlowCount] = field(default_factory=list)
    baseline: list[BaselineCount] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    results: Results | None = None       # the results tables as one model (None: no results posted)
    # Section name -> Loc of its heading, for sections present in the source but empty.
    empty_sections: dict[str, Loc] = field(default_factory=dict)
    # Where the record alone can be read again, for a record read from a stream of studies (one
    # document of a JSON Lines file or array: see auditor/readers/stream.py); None: its whole file.
    origin: tuple | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.id, self.source, self.rendering)


@dataclass(slots=True)
class Section:
    name: str                            # heading as written
    kind: str                            # 'abstract', 'methods', 'results', 'discussion', 'table', 'other', ...
    start_line: int
    end_line: int


def _section_table(sections: list[Section]) -> list[int]:
    """For each line, the index of the innermost section holding it: a sweep over the lines with a
    heap of the open sections, O((lines + sections) log sections)."""
    import heapq
    last = max((s.end_line for s in sections), default=0)
    table = [-1] * (last + 1)
    order = sorted(range(len(sections)), key=lambda i: sections[i].start_line)
    heap: list[tuple[int, int]] = []       # (-start_line, -index): the innermost on top
    k = 0
    for line in range(1, last + 1):
        while k < len(order) and sections[order[k]].start_line <= line:
            i = order[k]
            heapq.heappush(heap, (-sections[i].start_line, -i))
            k += 1
        while heap and sections[-heap[0][1]].end_line < line:
            heapq.heappop(heap)
        if heap:
            table[line] = -heap[0][1]
    return table


@dataclass(slots=True)
class Publication:
    """A journal article: its text, sections and the registry ids it names."""
    id: str                              # stable document id (DOI when known, else file stem)
    source: str
    lines: list[str]                     # the text, lines[0] is line 1
    title: Field | None = None
    authors: list[str] = field(default_factory=list)
    doi: Field | None = None
    sections: list[Section] = field(default_factory=list)
    registry_ids: list[Field] = field(default_factory=list)
    format: str = "publication"
    # line -> index of its section in `sections` (-1: none), built on the first section_of call.
    _section_at: tuple[int, list[int]] | None = field(default=None, repr=False, compare=False)

    def section_of(self, line: int) -> Section | None:
        """The innermost section holding a 1-based line (the one starting last; of two starting on
        the same line, the later listed). A table built once makes each lookup O(1): rules look up
        every line, and papers may have a heading every other line."""
        if self._section_at is None or self._section_at[0] != len(self.sections):
            self._section_at = (len(self.sections), _section_table(self.sections))
        table = self._section_at[1]
        i = table[line] if 0 <= line < len(table) else -1
        return self.sections[i] if i >= 0 else None

    @property
    def primary_registry_id(self) -> str | None:
        nct = [f.value for f in self.registry_ids if str(f.value).startswith("NCT")]
        return nct[0] if nct else (self.registry_ids[0].value if self.registry_ids else None)


@dataclass(slots=True)
class InputProblem:
    """A file that could not be read: becomes an `input` finding (INPUT003, info: read, but its text
    encoding was guessed)."""
    source: str
    reason: str
    line: int | None = None
    severity: str = "error"
    rule: str = "INPUT001"


# Canonical field names (API v2 paths) for the attributes above; findings name fields this way.
FIELD_PATHS = {
    "nct_id": "identificationModule.nctId",
    "org_study_id": "identificationModule.orgStudyIdInfo.id",
    "secondary_ids": "identificationModule.secondaryIdInfos",
    "brief_title": "identificationModule.briefTitle",
    "official_title": "identificationModule.officialTitle",
    "acronym": "identificationModule.acronym",
    "overall_status": "statusModule.overallStatus",
    "why_stopped": "statusModule.whyStopped",
    "start_date": "statusModule.startDateStruct",
    "primary_completion_date": "statusModule.primaryCompletionDateStruct",
    "completion_date": "statusModule.completionDateStruct",
    "first_submitted": "statusModule.studyFirstSubmitDate",
    "first_posted": "statusModule.studyFirstPostDateStruct",
    "last_update_posted": "statusModule.lastUpdatePostDateStruct",
    "status_verified": "statusModule.statusVerifiedDate",
    "snapshot_date": "derivedSection.miscInfoModule.versionHolder",
    "last_known_status": "statusModule.lastKnownStatus",
    "study_type": "designModule.studyType",
    "phases": "designModule.phases",
    "allocation": "designModule.designInfo.allocation",
    "intervention_model": "designModule.designInfo.interventionModel",
    "masking": "designModule.designInfo.maskingInfo.masking",
    "who_masked": "designModule.designInfo.maskingInfo.whoMasked",
    "masking_description": "designModule.designInfo.maskingInfo.maskingDescription",
    "primary_purpose": "designModule.designInfo.primaryPurpose",
    "enrollment": "designModule.enrollmentInfo.count",
    "enrollment_type": "designModule.enrollmentInfo.type",
    "brief_summary": "descriptionModule.briefSummary",
    "detailed_description": "descriptionModule.detailedDescription",
    "conditions": "conditionsModule.conditions",
    "keywords": "conditionsModule.keywords",
    "sex": "eligibilityModule.sex",
    "healthy_volunteers": "eligibilityModule.healthyVolunteers",
    "min_age": "eligibilityModule.minimumAge",
    "max_age": "eligibilityModule.maximumAge",
    "criteria_text": "eligibilityModule.eligibilityCriteria",
    "lead_sponsor": "sponsorCollaboratorsModule.leadSponsor.name",
    "collaborators": "sponsorCollaboratorsModule.collaborators",
    "officials": "contactsLocationsModule.overallOfficials",
    "sites": "contactsLocationsModule.locations",
    "countries": "contactsLocationsModule.locations.country",
    "arms": "armsInterventionsModule.armGroups",
    "interventions": "armsInterventionsModule.interventions",
    "outcomes": "outcomesModule",
    "flow": "resultsSection.participantFlowModule",
    "baseline": "resultsSection.baselineCharacteristicsModule",
    "analyses": "resultsSection.outcomeMeasuresModule.outcomeMeasures.analyses",
    "results": "resultsSection",
}
