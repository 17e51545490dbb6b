"""schema: the registry's own data rules, checked on the canonical tables by pandera models
(auditor/schema/models.py) and Great Expectations suites (expectations/*.json).

The findings come from auditor.schema.run_schema, which the pipeline calls once per run; these
registrations give the rules their ids, severities and docs for `trial-audit rules` / `explain`.
Findings of a user's suite carry the expectation type as their rule id (expect_column_values_to_be_in_set)."""
from __future__ import annotations

from auditor.rules import rule
from auditor.schema.ruleset import RULES


def _reg(rule_id: str):
    info = RULES[rule_id]
    return rule(rule_id, category=info.category, severity=info.severity, title=info.title, scope="corpus")


@_reg("SCH001")
def enumeration(ctx):
    """What: an enumerated field holds text that is none of the API v2 values: overall status, study
    type, phase, allocation, intervention model, masking, primary purpose, sex, enrollment type, arm
    type, intervention type, site status. Display strings ('Placebo Comparator', 'Phase 1/Phase 2',
    'None (Open Label)') count as their enum value; 'N/A' where the field has no NA value counts as
    not given.
    Why: the ClinicalTrials.gov OpenAPI spec (ctg-oas-v2.yaml) defines these sets; a value outside
    them is lost to search filters and to every tool that reads the record (PRS review: "Data
    reported here appear invalid").
    Example: phases 'PHASE5' -> `Phase value 'PHASE5' is not one of NA, EARLY_PHASE1, PHASE1,
    PHASE2, PHASE3, PHASE4.`"""
    return ()


@_reg("SCH002")
def identifier_format(ctx):
    """What: the NCT id is not NCT followed by 8 digits, or a secondary id that starts like another
    registry's id (ISRCTN, ACTRN, DRKS, ChiCTR, CTRI, EudraCT, KCT, PACTR, TCTR, IRCT, UMIN, NCT)
    does not have that registry's form. Other secondary ids (sponsor codes) are free text and not
    checked.
    Why: a malformed id cannot be looked up; linking the record to its other registrations and
    to the papers that cite it fails.
    Example: secondary id 'ISRCTN1150' -> `Secondary id 'ISRCTN1150' looks like an id of the ISRCTN
    registry but does not have that registry's form (ISRCTN followed by 8 digits).`"""
    return ()


@_reg("SCH003")
def length_limit(ctx):
    """What: a text is longer than the registry's limit: brief title 300 characters, official title
    600, acronym 14, organization study id 30, brief summary 5,000, detailed description 32,000,
    eligibility criteria 20,000, arm label 100, intervention name 200. Runs of white space count as
    one character, so the indentation of XML exports never tips a text over.
    Why: PRS rejects longer entries; a longer text was cut, pasted from elsewhere, or is not the
    field it claims to be.
    Example: `Brief title is 345 characters long, over the registry's limit of 300.`"""
    return ()


@_reg("SCH004")
def value_range(ctx):
    """What: a value outside its plausible range: a minimum or maximum age outside 0-120 years, a
    negative enrollment, a study date before 1900 or more than thresholds.schema_max_years_ahead
    (default 30) years after the run date, a confidence level not above 0% and at most 100%.
    Why: such values are placeholders ('January 2100', '130 Years') or typing slips; they break
    date and age arithmetic in every rule that reads them. A warning, not an error: PRS accepts a
    placeholder (it is a QC Advisory point, not a must-fix ERROR) and a reader sees it for what it is.
    Example: primary completion 'January 2100' -> `Primary completion date 2100-01 is more than 30
    years after the run date (2026-11-23).`"""
    return ()


@_reg("SCH005")
def required_field(ctx):
    """What: a full registry record (one carrying the status-verified and first-submitted dates that
    every complete export has) lacks a required field: brief title, overall status, study type,
    brief summary, or eligibility criteria (when the eligibility part is there); a ClinicalTrials.gov
    export without its NCT id. Field-subset downloads and summary pages leave fields out on purpose
    and are not held to this.
    Why: PRS marks these fields required; QC review sends 'Eligibility Criteria appear to be missing'
    as a major comment.
    Example: a withdrawn record whose eligibility part gives sex and ages but no criteria ->
    `The record gives no eligibility criteria, a field the registry requires.`"""
    return ()


@_reg("SCH006")
def required_if(ctx):
    """What: a field required by the record's state is missing: a Completed study first submitted
    since FDAAA 801 (27 September 2007) without a start or primary completion date; posted results
    without an enrollment count, or with the enrollment still marked anticipated.
    Why: NCI CTRP: a completed study has actual start and primary completion dates; results are
    reported on the participants actually enrolled. (Anticipated dates in an ended study are
    DATE011's.)
    Example: `The study is Completed but gives no primary completion date; a completed study must
    state its actual primary completion date.`"""
    return ()


@_reg("SCH007")
def empty_section(ctx):
    """What: a rendering shows the heading of a required section (Brief Summary, Conditions,
    Eligibility Criteria, Locations, Countries) with nothing under it. The evidence quotes the
    heading's line.
    Why: the registry requires these sections; an empty one means the content was lost when the
    page was made, or never entered.
    Example: `The Brief Summary section is present but empty; the registry requires it.`"""
    return ()


@_reg("SCH008")
def value_format(ctx):
    """What: in a registry export (JSON, XML), a date or age that is not in the registry's format
    (dates 'yyyy', 'yyyy-mm', 'yyyy-mm-dd' or 'March 2019'; ages 'a number and a unit' such as
    '18 Years', or 'N/A'), or a number that is not a number. Web pages print dates and ages as they
    like and are not held to it.
    Why: an unreadable date or age is silently ignored by every date and age rule.
    Example: start date 'TBD' -> `Start date 'TBD' is not a date in a registry format (a year,
    month and year, or full date).`"""
    return ()


@_reg("SUITE001")
def suite_unusable(ctx):
    """What: an expectation suite file in expectations_dir could not be used, in whole or in part:
    not valid JSON, not named after a table, an unknown expectation type, kwargs Great Expectations
    rejects, a column the table does not have, an unknown severity. The other suites and
    expectations still run.
    Why: a suite that silently does nothing would let records pass checks the user believes are
    in force.
    Example: `Expectation suite expectations/trials.json could not be used as written:
    'expect_column_values_to_be_fancy' is not a Great Expectations expectation type.`"""
    return ()
