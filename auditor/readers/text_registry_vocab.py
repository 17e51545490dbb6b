"""Words of registry page renderings: section headings, field labels and value shapes.

Labels are those of ClinicalTrials.gov and the sites that mirror its records (the PRS data-element
names, the classic and current CT.gov pages, mirror and aggregator pages). They are matched on the
whole line after `norm_label` (lower case, numbering and a trailing colon dropped)."""
from __future__ import annotations

import re

from .. import vocab
from .text_common import norm_label as norm

# Section heading -> section kind. 'ignore' sections hold nothing the model keeps (contacts,
# references, navigation) but still end the section before them.
HEADINGS: dict[str, str] = {}
for _kind, _names in {
    "basic": ("basic information", "status and phase", "study status", "study overview", "key information"),
    "ident": ("study identification", "identifiers", "identification"),
    "brief_summary": ("brief summary", "about", "summary", "study summary"),
    "detailed_description": ("detailed description", "description of the study"),
    "conditions": ("conditions", "condition", "conditions and keywords", "conditions/keywords"),
    "design": ("study design", "trial design", "design details", "study design details"),
    "arms": ("study groups", "arms of the study", "arms", "arms, groups, and interventions",
             "arms, groups and interventions", "arms and interventions", "study arms", "arm groups",
             "groups and cohorts", "participation groups", "study arm(s)"),
    "interventions": ("interventions", "intervention", "treatments", "intervention/treatment"),
    "eligibility": ("eligibility criteria", "eligibility", "inclusion criteria", "exclusion criteria",
                    "participation criteria", "criteria for participation", "key inclusion criteria",
                    "key exclusion criteria"),
    "sponsors": ("sponsors", "sponsor/collaborators", "sponsors and collaborators", "sponsor information",
                 "collaborators and investigators"),
    "officials": ("principal investigators", "overall study officials", "investigators", "study officials",
                  "study chair", "study director"),
    "locations": ("locations", "sites / locations", "sites/locations", "sites", "facility information",
                  "trial contacts and locations", "contacts and locations", "study locations",
                  "contacts, locations, and investigator information", "participating sites",
                  "recruitment locations"),
    "countries": ("countries", "location countries", "countries of recruitment"),
    "outcomes": ("outcomes", "outcome measures", "primary outcome measures", "secondary outcome measures",
                 "other outcome measures", "primary outcome measure information",
                 "secondary outcome measure information", "other pre-specified outcome measure information",
                 "primary outcomes", "secondary outcomes", "primary outcome", "secondary outcome",
                 "other outcomes", "other pre-specified outcome measures"),
    "other_ids": ("other identifiers", "secondary ids", "other study id numbers", "secondary identifiers",
                  "other ids"),
    "related": ("related clinical trials", "more related trials", "related trials", "similar trials",
                "similar clinical trials"),
    "ignore": ("study results", "responsible party", "central contacts", "facility contacts",
               "central contact person", "central contact backup", "facility contact", "references",
               "citations", "oversight", "ipd sharing statement", "about this trial", "full info",
               "full information", "learn more about this trial", "study description",
               "details and patient eligibility", "contacts", "study documents", "links", "more information",
               "publications", "results", "study record dates", "record history",
               "plan to share ipd", "results overview", "contact information"),
}.items():
    for _n in _names:
        HEADINGS[_n] = _kind

# A heading of the kind of the open section continues it (sub-headings of criteria, outcomes).
CONTINUE_KINDS = frozenset({"eligibility", "outcomes"})
TEXT_KINDS = frozenset({"brief_summary", "detailed_description"})
# Section kind -> canonical name used in Trial.empty_sections.
EMPTY_NAMES = {"brief_summary": "brief_summary", "detailed_description": "detailed_description",
               "conditions": "conditions", "eligibility": "eligibility_criteria", "locations": "locations",
               "countries": "countries", "arms": "arms", "interventions": "interventions", "outcomes": "outcomes"}

# Aggregator pages open the arm list with a count line: '5 participants in 2 patient groups'.
ARMS_COUNT_HEADING = re.compile(r"(?i)^\d[\d,]*\s+participants?\s+in\s+\d+\s+(?:patient\s+)?groups?$")

# Single-value field label -> model key. 'skip' labels are known and their value is not kept.
LABELS: dict[str, str] = {}
for _key, _names in {
    "status": ("recruitment status", "overall recruitment status", "status", "overall status",
               "recruiting status", "trial status"),
    "phase": ("clinical phase", "phase", "study phase", "phases", "trial phase"),
    "enrollment": ("total enrollment", "enrollment", "target enrollment", "estimated enrollment",
                   "actual enrollment", "enrollment (estimated)", "enrollment (actual)", "sample size",
                   "target sample size"),
    "study_type": ("study classification", "study type", "type of study"),
    "start": ("study start date", "start date", "study start", "actual study start date",
              "estimated study start date"),
    "primary_completion": ("primary completion date", "primary completion", "actual primary completion date",
                           "estimated primary completion date"),
    "completion": ("study completion date", "completion date", "study completion", "actual study completion date",
                   "estimated study completion date"),
    "first_posted": ("first posted", "first posted date", "study first posted", "first received",
                     "registration date", "date registered"),
    "last_update": ("last updated", "last update posted", "last update", "last updated date",
                    "last update submitted"),
    "first_submitted": ("first submitted", "study first submitted", "first submitted date"),
    "verified": ("record verification date", "status verified", "verification date", "status verified date"),
    "allocation": ("allocation method", "allocation"),
    "model": ("intervention model", "interventional study model", "interventional model", "study model",
              "assignment"),
    "purpose": ("primary study purpose", "primary purpose"),
    "masking": ("blinding strategy", "masking", "masking/blinding", "blinding", "masking (blinding)"),
    "sex": ("eligible sex", "sex", "sexes eligible", "sexes eligible for study", "gender", "sex/gender"),
    "min_age": ("minimum eligible age", "minimum age", "minimum age & unit of time", "min age",
                "lower age limit"),
    "max_age": ("maximum eligible age", "maximum age", "maximum age & unit of time", "max age",
                "upper age limit"),
    "ages": ("ages", "ages eligible", "ages eligible for study", "age", "age range", "age limits"),
    "hv": ("accepts healthy volunteers", "healthy volunteers", "volunteers", "accepts healthy volunteers?"),
    "nct": ("nct id", "nct number", "clinicaltrials.gov id", "clinicaltrials.gov identifier", "trial id"),
    "protocol_id": ("unique protocol identification number", "org study id", "organization study id",
                    "protocol id", "protocol number"),
    "brief_title": ("brief title",),
    "official_title": ("official title", "scientific title"),
    "acronym": ("acronym",),
    "lead_sponsor": ("name of the sponsor", "sponsored by", "lead sponsor", "sponsor"),
    "why_stopped": ("why stopped", "why study stopped", "reason for stopping"),
    "skip": ("funder types", "funder type", "responsible party, by official title", "responsibility role",
             "data monitoring committee", "observational model", "time perspective",
             "investigator-sponsor (sponsor-investigator)", "has expanded access", "fda regulated drug",
             "fda regulated device", "plan to share ipd", "std ages", "sampling method",
             "study population", "number of groups/cohorts", "number of arms", "target follow-up duration",
             "biospecimen retention", "masking description"),
}.items():
    for _n in _names:
        LABELS[_n] = _key

# Labels that list-section parsers read themselves (they are not single values of the record, and they
# are never taken as content).
LIST_LABELS = frozenset({
    "arm title", "arm label", "arm type", "arm description", "arm/group title", "arm/group description",
    "arm group label", "intervention type", "intervention name(s)", "intervention name", "intervention names",
    "intervention description", "other intervention name(s)", "other names", "assigned interventions",
    "title", "time frame", "description", "outcome description", "outcome measure", "measure",
    "facility name", "facility", "city", "state/province", "state", "zip/postal code", "zip", "country",
    "individual site status", "site status", "recruitment status at site",
    "first name & middle initial & last name & degree", "organizational affiliation", "affiliation",
    "official's role", "role", "name", "keywords", "keyword",
    "primary disease or condition being studied in the trial, or the focus of the study",
    "collaborators", "collaborator", "treatment", "treatments", "interventions", "intervention",
    "identifier type", "identifier source", "secondary id", "eligibility criteria", "criteria",
    "phone", "email", "ext", "first name & middle initial & last name or official title & degree",
    "pubmed identifier", "citation", "results reference",
})

# Sentences a site prints under every heading ('Review the sponsor-provided synopsis ...'): one
# imperative sentence. Taken as such only when a page opens at least three sections this way.
HELPER = re.compile(
    r"(?i)^(?:review|get|dive|see|understand|learn|check|meet|identify|explore|reach out|find|discover|browse|"
    r"view|read|additional)\b[^.!?]{10,300}\.$")
HELPER_MIN_SECTIONS = 3

# Value shapes.
PHASE_SHAPE = re.compile(
    r"(?i)^(?:(?:early\s+)?phase\s*_?(?:[0-4]|i{1,3}|iv|[ⅠⅡⅢⅣ])"
    r"(?:\s*(?:/|,|and|-|&|\|)\s*(?:(?:early\s+)?phase\s*_?)?(?:[0-4]|i{1,3}|iv|[ⅠⅡⅢⅣ]))*"
    r"|n/?a|not\s+applicable|phase\s+n/?a)$")
ENROLLMENT_SHAPE = re.compile(
    r"(?i)^(?P<n>\d[\d,]*)\s*(?:participants?|patients?|subjects?|people|persons?|volunteers?)?"
    r"\s*(?:\[?\(?(?P<type>actual|anticipated|estimated|estimate)\)?\]?)?$")
AGE_LINE = re.compile(r"(?i)^\d+(?:\.\d+)?\s*(?:years?|months?|weeks?|days?|hours?|minutes?)(?:\s+old)?$")
_UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?)"
AGE_RANGE = re.compile(
    rf"(?i)(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>{_UNIT})?\s*(?:-|–|to)\s*(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>{_UNIT})(?:\s+old)?")
AGE_MIN_ONLY = re.compile(
    rf"(?i)(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>{_UNIT})\s*(?:and\s+(?:older|over|above)|\+|or\s+older)"
    rf"|(?P<a2>\d+(?:\.\d+)?)\s*\+\s*(?P<ua2>{_UNIT})(?:\s+old)?")
AGE_MAX_ONLY = re.compile(rf"(?i)\b(?:up\s+to|under|younger\s+than)\s+(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>{_UNIT})")
SEX_IN_LINE = re.compile(r"(?i)(all sexes|both sexes|females? only|males? only|\bfemales?|\bmales?|\ball\b)")
HV_IN_LINE = re.compile(r"(?i)(does not accept|doesn't accept|no|accepts)\s+healthy\s+volunteers")
YES_NO = re.compile(r"(?i)^(yes|no)$")
SITE_STATUS_SUFFIX = re.compile(
    r"(?i)(?<=[^\s])\s*(recruiting|not yet recruiting|active, not recruiting|completed|withdrawn|terminated|"
    r"suspended|enrolling by invitation|available|no longer available)$")
TYPE_PREFIX = re.compile(
    r"(?i)^(?P<type>drug|device|biological(?:/vaccine)?|procedure(?:/surgery)?|radiation|behavioral|genetic|"
    r"dietary supplement|combination product|diagnostic test|other)\s*:\s*(?P<name>\S.*)$")
ARM_TYPE_INLINE = re.compile(r"(?i)^(?:group type|arm type|arm/group type)\s*:?\s+(?P<v>\S.*)$")
ARM_TYPE_GROUP = re.compile(r"(?i)^(?P<v>.+?)\s+(?:group|arm)$")
INTERVENTION_TYPE_INLINE = re.compile(r"(?i)^intervention type\s*:?\s+(?P<v>\S.*)$")
SPONSOR_ROLE = re.compile(r"(?i)^sponsor role\s*:?\s*(?P<v>lead|collaborator)\b")
ROLE_INLINE = re.compile(r"(?i)^role\s*:\s*(?P<v>\S.*)$")
SITE_STATUS_INLINE = re.compile(r"(?i)^(?:site status|individual site status|recruitment status)\s*:?\s+(?P<v>\S.*)$")
IDENTIFIER_INLINE = re.compile(r"(?i)^identifier (?P<k>type|source)\s*:\s*(?P<v>.*)$")
COLUMN_HEADER = re.compile(r"(?i)^(?:arm|group|cohort)\s+\d{1,2}$")
OUTCOME_KIND = re.compile(
    r"(?i)^(?P<k>primary|secondary|other(?:\s+pre-?specified)?)\s+outcomes?(?:\s+measures?)?(?:\s+information)?\s*:?$")
TIME_FRAME_SUFFIX = re.compile(r"(?i)\s*\[\s*time\s*frame\s*:\s*(?P<tf>[^\]]+)\]\s*$")
LIST_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|[•·▪◦●■□\-*–])\s*")
# Organisation classes printed under a sponsor's name.
AGENCY_CLASSES = frozenset({"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN",
                            "U.S. FED", "INDIVIDUAL", "U.S. NIH"})
# Headings in PRS numbered order ('1. Study Identification'): where a page's full record starts.
PRS_SECTION = re.compile(
    r"(?i)^\d{1,2}\.\s+(?:study identification|study status|sponsor/collaborators|oversight|study description|"
    r"conditions and keywords|study design|arms, groups,? and interventions|outcome measures|eligibility|"
    r"contacts,? locations,? and investigator information|ipd sharing statement)$")
FULL_INFO = re.compile(r"(?i)^full\s+info(?:rmation)?$")


def heading_kind(text: str) -> str | None:
    """The section kind a line opens, or None."""
    if len(text) > 80:
        return None
    k = HEADINGS.get(norm(text))
    if k is None and ARMS_COUNT_HEADING.match(text.strip()):
        return "arms"
    return k


def is_title_like(s: str) -> bool:
    """A name rather than a sentence: short, unnumbered, not ending like a sentence."""
    return (len(s) <= 150 and not s.endswith((".", ";", ":", ",")) and not LIST_NUMBER.match(s)
            and len(s.split()) <= 20)


def arm_type_of(s: str) -> str | None:
    """Arm type of a line written as a type: 'Group Type EXPERIMENTAL', 'Experimental group', 'EXPERIMENTAL'."""
    m = ARM_TYPE_INLINE.match(s)
    if m:
        return vocab.enum_value("ArmGroupType", m.group("v")) or ""
    m = ARM_TYPE_GROUP.match(s)
    if m and len(m.group("v")) <= 30:
        v = vocab.enum_value("ArmGroupType", m.group("v"))
        if v:
            return v
    if s.isupper() and s.replace("_", "").isalpha():
        return vocab.enum_value("ArmGroupType", s)
    return None


def phases_of(s: str) -> list[str] | None:
    """Phases of a line that is only a phase ('PHASE1/PHASE2', 'Phase 1, Phase 2', 'Phase Ⅰ/Ⅱ')."""
    return vocab.parse_phases(s) if PHASE_SHAPE.match(s.strip()) else None
