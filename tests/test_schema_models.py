"""pandera models (SCH001-SCH008) on real corpus records and edited copies of them.

Every edited line and value below was read in the source file by eye; the originals give no
schema finding at all (test_originals_are_clean)."""
from __future__ import annotations

import pytest

from auditor.schema.formats import registry_id_ok
from auditor.schema.views import phase_cell
from conftest import CORPUS, seed
from schema_support import LEGACY, V2_OBSERVATIONAL, V2_RESULTS, audit, by_rule, edited

LEGACY_XML = CORPUS / "ctgov-legacy-xml_reesewang25"


def test_originals_are_clean():
    assert audit([LEGACY, V2_OBSERVATIONAL, V2_RESULTS]) == []


# --- SCH001 enumerations -------------------------------------------------------------------------

def test_status_outside_enumeration_is_reported_with_its_line(tmp_path):
    f = edited(LEGACY, tmp_path, "<overall_status>Completed</overall_status>",
               "<overall_status>Finished</overall_status>")
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message.startswith("Overall status value 'Finished' is not one of ACTIVE_NOT_RECRUITING, COMPLETED,")
    assert (hit.evidence[0].line, hit.evidence[0].text) == (58, "Finished")
    assert hit.record == "NCT01174550" and hit.category == "schema" and hit.severity == "error"
    assert hit.fields == ["statusModule.overallStatus"]


def test_phase_outside_enumeration(tmp_path):
    f = edited(V2_RESULTS, tmp_path, '"PHASE2"', '"PHASE5"')
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message == ("Phase value 'PHASE5' is not one of NA, EARLY_PHASE1, PHASE1, PHASE2, PHASE3, "
                           "PHASE4.")
    assert hit.evidence[0].line == 78


def test_arm_type_outside_enumeration(tmp_path):
    text = LEGACY.read_text()
    assert text.count("<arm_group_type>Active Comparator</arm_group_type>") == 2
    f = tmp_path / LEGACY.name
    f.write_text(text.replace("<arm_group_type>Active Comparator</arm_group_type>",
                              "<arm_group_type>Active Comparater</arm_group_type>", 1))
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message.startswith("Arm type value 'Active Comparater' is not one of EXPERIMENTAL,")
    assert hit.evidence[0].line == 136
    assert hit.fields == ["armsInterventionsModule.armGroups.type"]


def test_intervention_type_outside_enumeration(tmp_path):
    # NCT01174550 line 145: <intervention_type>Procedure</intervention_type> (first of three).
    text = LEGACY.read_text()
    f = tmp_path / LEGACY.name
    f.write_text(text.replace("<intervention_type>Procedure</intervention_type>",
                              "<intervention_type>Surgery</intervention_type>", 1))
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message.startswith("Intervention type value 'Surgery' is not one of BEHAVIORAL, BIOLOGICAL,")
    assert hit.evidence[0].line == 145 and hit.fields == ["armsInterventionsModule.interventions.type"]


def test_site_status_outside_enumeration(tmp_path):
    # NCT00001159 line 223: <status>Recruiting</status> of its one site.
    f = edited(LEGACY_XML / "NCT00001159.xml", tmp_path, "<status>Recruiting</status>", "<status>Open</status>")
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message.startswith("Site status value 'Open' is not one of ACTIVE_NOT_RECRUITING, COMPLETED,")
    assert hit.evidence[0].line == 223
    assert by_rule(audit([LEGACY_XML / "NCT00001159.xml"]), "SCH001") == []


def test_na_study_type_of_a_withheld_record_is_not_given_not_wrong():
    # The legacy XML writes <study_type>N/A</study_type> for withheld records (line 23).
    assert by_rule(audit([CORPUS / "ctgov-legacy-xml_fixtures" / "NCT03182660.xml"]), "SCH001") == []


def test_labelled_page_phase_outside_enumeration(tmp_path):
    # Seed 001 'full' rendering, lines 163-164: 'Study Phase' / 'Phase 1, Phase 2'.
    f = edited(seed("001"), tmp_path, "Study Phase\nPhase 1, Phase 2\n", "Study Phase\nPhase 1, Phase 5\n")
    [hit] = by_rule(audit([f]), "SCH001")
    assert hit.message == "Phase value 'Phase 5' is not one of NA, EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4."
    assert (hit.evidence[0].line, hit.evidence[0].text) == (164, "Phase 1, Phase 5")


def test_who_masked_list_is_no_bad_masking_level():
    # Seed 001 line 168 'ParticipantCare Provider' lists who is masked, not the masking level.
    assert by_rule(audit([seed("001")]), "SCH001") == []


@pytest.mark.parametrize("value, raw, expected", [
    ("PHASE1|PHASE2", "Phase 1/Phase 2", "PHASE1|PHASE2"),
    ("PHASE1|PHASE2", "Phase I/II", "PHASE1|PHASE2"),
    ("NA", "N/A", "NA"),
    (None, "PHASE5", "PHASE5"),
    ("PHASE1", "PHASE1, PHASE5", "PHASE1|PHASE5"),
    ("EARLY_PHASE1", "Early Phase 1", "EARLY_PHASE1"),
])
def test_phase_cell_keeps_unknown_parts_as_written(value, raw, expected):
    assert phase_cell(value, raw) == expected


# --- SCH002 identifiers --------------------------------------------------------------------------

def test_malformed_secondary_registry_id_in_a_real_record():
    # NCT00460213 line 11: <secondary_id>ISRCTN1150</secondary_id> (4 digits, ISRCTN has 8).
    [hit] = by_rule(audit([LEGACY_XML / "NCT00460213.xml"]), "SCH002")
    assert hit.message == ("Secondary id 'ISRCTN1150' looks like an id of the ISRCTN registry but does not have "
                           "that registry's form (ISRCTN followed by 8 digits).")
    assert hit.evidence[0].line == 11


def test_well_formed_and_sponsor_secondary_ids_pass():
    # NCT00462397 line 12: 'EUDRACT-2005-000134-20'; NCT01174550 line 12: a grant number.
    assert by_rule(audit([LEGACY_XML / "NCT00462397.xml", LEGACY]), "SCH002") == []


@pytest.mark.parametrize("text, ok", [
    ("ISRCTN12345678", True), ("ISRCTN 12345678", True), ("ISRCTN1234567", False), ("ACTRN12611000123456", True),
    ("ChiCTR-TRC-12002345", True), ("ChiCTR1800012345", True), ("CTRI/2019/05/019123", True),
    ("CTRI/2019/05", False), ("EudraCT No: 2007-000721-21", True), ("eudraCT 2005-06-01", False),
    ("NCT0123456", False), ("DRKS00012345", True), ("R01HL098237-01", True), ("2005-000134-20", True),
])
def test_registry_id_forms(text, ok):
    assert registry_id_ok(text) is ok


def test_malformed_nct_id(tmp_path):
    f = edited(V2_RESULTS, tmp_path, '"nctId": "NCT03064438"', '"nctId": "NCT0306443"')
    hits = by_rule(audit([f]), "SCH002")
    assert [h.message for h in hits] == ["NCT id 'NCT0306443' does not have the form NCT followed by 8 digits."]
    assert hits[0].evidence[0].line == 4


# --- SCH003 length limits ------------------------------------------------------------------------

def test_brief_title_over_300_characters(tmp_path):
    title = "PROspective Multicenter Imaging Study for Evaluation of Chest Pain"
    long = (title + " ") * 4 + "x" * 36          # 4 * 67 + 36 = 304 characters
    assert len(long) == 304
    f = edited(LEGACY, tmp_path, f"<brief_title>{title}</brief_title>", f"<brief_title>{long}</brief_title>")
    [hit] = by_rule(audit([f]), "SCH003")
    assert hit.message == "Brief title is 304 characters long, over the registry's limit of 300."
    assert hit.evidence[0].line == 15 and hit.severity == "warning"


def test_brief_title_of_300_characters_passes(tmp_path):
    title = "PROspective Multicenter Imaging Study for Evaluation of Chest Pain"
    f = edited(LEGACY, tmp_path, f"<brief_title>{title}</brief_title>", f"<brief_title>{'y' * 300}</brief_title>")
    assert by_rule(audit([f]), "SCH003") == []


def test_arm_label_and_intervention_name_limits(tmp_path):
    # NCT01174550 line 146: <intervention_name>Coronary Angiography</intervention_name>;
    # line 135: <arm_group_label>Functional diagnostic tests</arm_group_label> (the arm's own label).
    text = LEGACY.read_text()
    text = text.replace("<intervention_name>Coronary Angiography</intervention_name>",
                        f"<intervention_name>{'n' * 201}</intervention_name>")
    text = text.replace("<arm_group_label>Functional diagnostic tests</arm_group_label>",
                        f"<arm_group_label>{'a' * 101}</arm_group_label>", 1)
    f = tmp_path / LEGACY.name
    f.write_text(text)
    hits = sorted((h.evidence[0].line, h.message) for h in by_rule(audit([f]), "SCH003"))
    assert hits == [(135, "Arm label is 101 characters long, over the registry's limit of 100."),
                    (146, "Intervention name is 201 characters long, over the registry's limit of 200.")]


# --- SCH004 ranges -------------------------------------------------------------------------------

def test_placeholder_completion_date_far_in_the_future():
    # NCT00003861 line 63: <primary_completion_date type="Anticipated">January 2100</primary_completion_date>
    [hit] = by_rule(audit([LEGACY_XML / "NCT00003861.xml"]), "SCH004")
    assert hit.message == "Primary completion date 2100-01 is more than 30 years after the run date (2026-11-23)."
    assert (hit.evidence[0].line, hit.evidence[0].text) == (63, "January 2100")


def test_age_over_120_years():
    # NCT00494234 line 127: <maximum_age>130 Years</maximum_age>
    [hit] = by_rule(audit([LEGACY_XML / "NCT00494234.xml"]), "SCH004")
    assert hit.message == "Maximum age '130 Years' is outside the plausible range of 0 to 120 years."
    assert hit.evidence[0].line == 127


def test_start_date_before_1900(tmp_path):
    f = edited(LEGACY, tmp_path, "<start_date>July 2010</start_date>", "<start_date>July 1810</start_date>")
    [hit] = by_rule(audit([f]), "SCH004")
    assert hit.message == "Start date 1810-07 is before 1900." and hit.evidence[0].line == 59


def test_negative_enrollment(tmp_path):
    f = edited(V2_RESULTS, tmp_path, '"count": 40,', '"count": -40,')
    [hit] = by_rule(audit([f]), "SCH004")
    assert hit.message == "Enrollment -40 is below the minimum of 0." and hit.evidence[0].line == 93


def test_enrollment_in_words_is_not_a_number_nor_missing(tmp_path):
    f = edited(V2_RESULTS, tmp_path, '"count": 40,', '"count": "forty",')
    findings = audit([f])
    assert [(h.rule, h.message, h.evidence[0].line) for h in findings] == [
        ("SCH008", "Enrollment 'forty' is not a number.", 93)]


def test_zero_percent_confidence_level_in_a_real_record():
    # NCT02028676 line 6656: "OutcomeAnalysisCIPctValue": "0" (no limits given).
    hits = by_rule(audit([CORPUS / "ctgov-classic-api-v1-json" / "NCT02028676.json"]), "SCH004")
    assert [(h.message, h.evidence[0].line) for h in hits] == [
        ("Confidence level 0% is not a confidence level (above 0% and at most 100%).", 6656)]


def test_dates_within_the_horizon_pass(tmp_path):
    f = edited(LEGACY, tmp_path, "<start_date>July 2010</start_date>", "<start_date>July 2050</start_date>")
    assert by_rule(audit([f]), "SCH004") == []


# --- SCH005 required fields ----------------------------------------------------------------------

def test_full_record_without_eligibility_criteria():
    # NCT00000804 lines 44-49: <eligibility> holds gender, ages and healthy volunteers, no <criteria>.
    [hit] = by_rule(audit([LEGACY_XML / "NCT00000804.xml"]), "SCH005")
    assert hit.message == "The record gives no eligibility criteria, a field the registry requires."
    assert [e.line for e in hit.evidence] == [45, 46, 47, 48]


def test_field_subset_download_is_not_held_to_required_fields():
    # NCT01525901 is a `fields=` subset: no eligibility criteria, no status-verified date.
    assert audit([CORPUS / "ctgov-api-v2-json" / "NCT01525901.json"]) == []


# --- SCH006 required-if --------------------------------------------------------------------------

def test_completed_study_without_primary_completion_date(tmp_path):
    f = edited(LEGACY, tmp_path, '<primary_completion_date type="Actual">October 2014</primary_completion_date>', "")
    [hit] = by_rule(audit([f]), "SCH006")
    assert hit.message == ("The study is Completed but gives no primary completion date; a completed study must "
                           "state its actual primary completion date.")
    assert (hit.evidence[0].line, hit.evidence[0].text) == (58, "Completed")


def test_completed_study_registered_before_fdaaa_is_not_held_to_it():
    # NCT00000804-era records: NCT00001050 was first submitted in 1999 and has no primary completion date.
    trial_file = LEGACY_XML / "NCT00001050.xml"
    assert "<primary_completion_date" not in trial_file.read_text()
    assert by_rule(audit([trial_file]), "SCH006") == []


def test_results_posted_with_anticipated_enrollment(tmp_path):
    f = edited(LEGACY, tmp_path, '<enrollment type="Actual">10003</enrollment>',
               '<enrollment type="Anticipated">10003</enrollment>')
    [hit] = by_rule(audit([f]), "SCH006")
    assert hit.message == "Results are posted but the enrollment (10003) is still marked anticipated, not actual."
    assert hit.evidence[0].line == 132


# --- SCH007 empty sections -----------------------------------------------------------------------

def test_empty_required_sections_of_seed_002():
    # Lines 14 'Brief Summary', 32 'Conditions' and 90 'Countries' are followed by the next heading.
    hits = by_rule(audit([seed("002")]), "SCH007")
    assert [(h.evidence[0].line, h.evidence[0].text) for h in hits] == [
        (14, "Brief Summary"), (32, "Conditions"), (90, "Countries")]
    assert hits[0].message == "The Brief Summary section is present but empty; the registry requires it."
    assert all(h.record == "NCT03945487" and h.severity == "warning" for h in hits)


def test_filled_sections_of_seed_000_are_not_reported():
    assert by_rule(audit([seed("000")]), "SCH007") == []


# --- SCH008 formats ------------------------------------------------------------------------------

def test_unreadable_date_in_an_export(tmp_path):
    f = edited(LEGACY, tmp_path, "<start_date>July 2010</start_date>", "<start_date>TBD</start_date>")
    [hit] = by_rule(audit([f]), "SCH008")
    assert hit.message.startswith("Start date 'TBD' is not a date in a registry format")
    assert hit.evidence[0].line == 59


def test_web_page_age_wording_is_not_a_format_error():
    # Seed 004 line 56 prints the ages as '20 to 70 years old': a page's wording, not an export field.
    assert by_rule(audit([seed("004")]), "SCH008") == []
