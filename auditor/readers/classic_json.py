"""ClinicalTrials.gov classic API v1 JSON (retired in 2024): `FullStudiesResponse` pages, a bare
{"Study": {"ProtocolSection": ...}}, or any JSON whose study objects hold a ProtocolSection.

Keys are PascalCase and lists sit in wrappers ('PhaseList': {'Phase': [...]}); values are display
strings ('Phase 1', 'Not yet recruiting', 'Placebo Comparator', 'Anticipated'), mapped onto the v2
enums by auditor.vocab.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..model import InputProblem, Trial
from .jsonstudy import read_studies

NAME = "ctgov-classic-json"

_P = "ProtocolSection."
_ID = _P + "IdentificationModule."
_ST = _P + "StatusModule."
_DS = _P + "DesignModule."
_DI = _DS + "DesignInfo."
_EL = _P + "EligibilityModule."
_AI = _P + "ArmsInterventionsModule."
_CL = _P + "ContactsLocationsModule."
_R = "ResultsSection."
_OM = _R + "OutcomeMeasuresModule.OutcomeMeasureList.OutcomeMeasure[]"


def _date(struct: str, name: str) -> tuple[str, str]:
    return _ST + f"{struct}.{name}", _ST + f"{struct}.{name}Type"


PATHS: dict[str, str] = {
    "nct_id": _ID + "NCTId",
    "org_study_id": _ID + "OrgStudyIdInfo.OrgStudyId",
    "secondary_ids": _ID + "SecondaryIdInfoList.SecondaryIdInfo[]",
    "secondary_id.id": "SecondaryId",
    "secondary_id.domain": "SecondaryIdDomain",
    "brief_title": _ID + "BriefTitle",
    "official_title": _ID + "OfficialTitle",
    "acronym": _ID + "Acronym",
    "references": _P + "ReferencesModule.ReferenceList.Reference[].ReferenceCitation",
    "expanded_access_nct": _ST + "ExpandedAccessInfo.ExpandedAccessNCTId",
    "overall_status": _ST + "OverallStatus",
    "why_stopped": _ST + "WhyStopped",
    "start_date": _date("StartDateStruct", "StartDate")[0],
    "start_date.type": _date("StartDateStruct", "StartDate")[1],
    "primary_completion_date": _date("PrimaryCompletionDateStruct", "PrimaryCompletionDate")[0],
    "primary_completion_date.type": _date("PrimaryCompletionDateStruct", "PrimaryCompletionDate")[1],
    "completion_date": _date("CompletionDateStruct", "CompletionDate")[0],
    "completion_date.type": _date("CompletionDateStruct", "CompletionDate")[1],
    "first_submitted": _ST + "StudyFirstSubmitDate",
    "first_posted": _date("StudyFirstPostDateStruct", "StudyFirstPostDate")[0],
    "first_posted.type": _date("StudyFirstPostDateStruct", "StudyFirstPostDate")[1],
    "last_update_posted": _date("LastUpdatePostDateStruct", "LastUpdatePostDate")[0],
    "last_update_posted.type": _date("LastUpdatePostDateStruct", "LastUpdatePostDate")[1],
    "status_verified": _ST + "StatusVerifiedDate",
    "snapshot_date": "DerivedSection.MiscInfoModule.VersionHolder",
    "last_known_status": _ST + "LastKnownStatus",
    "lead_sponsor": _P + "SponsorCollaboratorsModule.LeadSponsor.LeadSponsorName",
    "collaborators": _P + "SponsorCollaboratorsModule.CollaboratorList.Collaborator[].CollaboratorName",
    "brief_summary": _P + "DescriptionModule.BriefSummary",
    "detailed_description": _P + "DescriptionModule.DetailedDescription",
    "conditions": _P + "ConditionsModule.ConditionList.Condition[]",
    "keywords": _P + "ConditionsModule.KeywordList.Keyword[]",
    "study_type": _DS + "StudyType",
    "phases": _DS + "PhaseList.Phase[]",
    "allocation": _DI + "DesignAllocation",
    "intervention_model": _DI + "DesignInterventionModel",
    "design_notes": _DI + "DesignInterventionModelDescription",
    "primary_purpose": _DI + "DesignPrimaryPurpose",
    "masking": _DI + "DesignMaskingInfo.DesignMasking",
    "who_masked": _DI + "DesignMaskingInfo.DesignWhoMaskedList.DesignWhoMasked[]",
    "masking_description": _DI + "DesignMaskingInfo.DesignMaskingDescription",
    "enrollment": _DS + "EnrollmentInfo.EnrollmentCount",
    "enrollment_type": _DS + "EnrollmentInfo.EnrollmentType",
    "criteria_text": _EL + "EligibilityCriteria",
    "healthy_volunteers": _EL + "HealthyVolunteers",
    "sex": _EL + "Gender",
    "min_age": _EL + "MinimumAge",
    "max_age": _EL + "MaximumAge",
    "officials": _CL + "OverallOfficialList.OverallOfficial[]",
    "official.name": "OverallOfficialName",
    "official.role": "OverallOfficialRole",
    "official.affiliation": "OverallOfficialAffiliation",
    "sites": _CL + "LocationList.Location[]",
    "site.facility": "LocationFacility",
    "site.city": "LocationCity",
    "site.country": "LocationCountry",
    "site.status": "LocationStatus",
    "arms": _AI + "ArmGroupList.ArmGroup[]",
    "arm.label": "ArmGroupLabel",
    "arm.type": "ArmGroupType",
    "arm.description": "ArmGroupDescription",
    "arm.intervention_names": "ArmGroupInterventionList.ArmGroupInterventionName[]",
    "interventions": _AI + "InterventionList.Intervention[]",
    "intervention.type": "InterventionType",
    "intervention.name": "InterventionName",
    "intervention.description": "InterventionDescription",
    "intervention.arm_labels": "InterventionArmGroupLabelList.InterventionArmGroupLabel[]",
    "intervention.other_names": "InterventionOtherNameList.InterventionOtherName[]",
    "outcomes": _P + "OutcomesModule.{Kind}OutcomeList.{Kind}Outcome[]",
    "outcome.title": "{Kind}OutcomeMeasure",
    "outcome.time_frame": "{Kind}OutcomeTimeFrame",
    "outcome.description": "{Kind}OutcomeDescription",
    "has_results": "HasResults",
    "results": "ResultsSection",
    "flow.groups": _R + "ParticipantFlowModule.FlowGroupList.FlowGroup[]",
    "flow.groups.id": "FlowGroupId",
    "flow.groups.title": "FlowGroupTitle",
    "flow.periods": _R + "ParticipantFlowModule.FlowPeriodList.FlowPeriod[]",
    "flow.period.title": "FlowPeriodTitle",
    "flow.milestones": "FlowMilestoneList.FlowMilestone[]",
    "flow.milestone.type": "FlowMilestoneType",
    "flow.achievements": "FlowAchievementList.FlowAchievement[]",
    "flow.achievement.group": "FlowAchievementGroupId",
    "flow.achievement.count": "FlowAchievementNumSubjects",
    "baseline.groups": _R + "BaselineCharacteristicsModule.BaselineGroupList.BaselineGroup[]",
    "baseline.groups.id": "BaselineGroupId",
    "baseline.groups.title": "BaselineGroupTitle",
    "baseline.denoms": _R + "BaselineCharacteristicsModule.BaselineDenomList.BaselineDenom[]",
    "baseline.denom.units": "BaselineDenomUnits",
    "baseline.denom.counts": "BaselineDenomCountList.BaselineDenomCount[]",
    "baseline.count.group": "BaselineDenomCountGroupId",
    "baseline.count.value": "BaselineDenomCountValue",
    "measures": _OM,
    "measure.title": "OutcomeMeasureTitle",
    "measure.groups": "OutcomeGroupList.OutcomeGroup[]",
    "measure.groups.id": "OutcomeGroupId",
    "measure.groups.title": "OutcomeGroupTitle",
    "analyses": "OutcomeAnalysisList.OutcomeAnalysis[]",
    "analysis.groups": "OutcomeAnalysisGroupIdList.OutcomeAnalysisGroupId[]",
    "analysis.param_type": "OutcomeAnalysisParamType",
    "analysis.estimate": "OutcomeAnalysisParamValue",
    "analysis.ci_pct": "OutcomeAnalysisCIPctValue",
    "analysis.ci_lower": "OutcomeAnalysisCILowerLimit",
    "analysis.ci_upper": "OutcomeAnalysisCIUpperLimit",
    "analysis.p_value": "OutcomeAnalysisPValue",
    "analysis.method": "OutcomeAnalysisStatisticalMethod",
    "analysis.non_inferiority": "OutcomeAnalysisNonInferiorityType",
    "analysis.ci_sides": "OutcomeAnalysisCINumSides",
    "analysis.p_value_desc": "OutcomeAnalysisPValueComment",
    "analysis.method_desc": "OutcomeAnalysisStatisticalComment",
}

_KEY = re.compile(r'"(?:FullStudiesResponse|ProtocolSection)"\s*:')
_DESCEND = frozenset({"FullStudiesResponse", "FullStudies", "Study"})
# Parts no Trial field comes from: their positions are not recorded (reading them is the bulk of the work).
_PRUNE = frozenset({"DerivedSection", "DocumentSection", "AnnotationSection", "AdverseEventsModule",
                    "MoreInfoModule", "BaselineMeasureList", "OutcomeClassList", "OutcomeDenomList",
                    "LocationContactList", "CentralContactList", "SeeAlsoLinkList", "AvailIPDList"})


def sniff(head: str) -> bool:
    """JSON of the classic API: a FullStudiesResponse page or study objects with a ProtocolSection."""
    s = head.lstrip("\ufeff \t\r\n")
    return s[:1] in ("{", "[") and _KEY.search(head) is not None


def _is_study(o: Any) -> bool:
    return type(o) is dict and type(o.get("ProtocolSection")) is dict


def read(data: bytes, display: str) -> Iterator[Trial | InputProblem]:
    yield from read_studies(data, display, NAME, PATHS, _is_study, _DESCEND, _PRUNE,
                            "JSON of the classic ClinicalTrials.gov API holds no study (no object with a "
                            "ProtocolSection)")
