"""ClinicalTrials.gov API v2 JSON: one study, an array of studies, an API page
({"studies": [...], "nextPageToken": ...}) or JSON Lines (one study per line).

Field names and enums: the official OpenAPI spec (ctg-oas-v2.yaml). Records returned with
`fields=` hold only some modules; what is missing stays None.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from ..model import InputProblem, Trial
from .jsonpos import is_json_lines, stream_lines
from .jsonstudy import read_studies, studies_of

NAME = "ctgov-v2-json"

_P = "protocolSection."
_ID = _P + "identificationModule."
_ST = _P + "statusModule."
_DS = _P + "designModule."
_DI = _DS + "designInfo."
_EL = _P + "eligibilityModule."
_AI = _P + "armsInterventionsModule."
_CL = _P + "contactsLocationsModule."
_R = "resultsSection."

PATHS: dict[str, str] = {
    "nct_id": _ID + "nctId",
    "org_study_id": _ID + "orgStudyIdInfo.id",
    "secondary_ids": _ID + "secondaryIdInfos[]",
    "secondary_id.id": "id",
    "secondary_id.domain": "domain",
    "brief_title": _ID + "briefTitle",
    "official_title": _ID + "officialTitle",
    "acronym": _ID + "acronym",
    "references": _P + "referencesModule.references[].citation",
    "expanded_access_nct": _ST + "expandedAccessInfo.nctId",
    "overall_status": _ST + "overallStatus",
    "why_stopped": _ST + "whyStopped",
    "start_date": _ST + "startDateStruct.date",
    "start_date.type": _ST + "startDateStruct.type",
    "primary_completion_date": _ST + "primaryCompletionDateStruct.date",
    "primary_completion_date.type": _ST + "primaryCompletionDateStruct.type",
    "completion_date": _ST + "completionDateStruct.date",
    "completion_date.type": _ST + "completionDateStruct.type",
    "first_submitted": _ST + "studyFirstSubmitDate",
    "first_posted": _ST + "studyFirstPostDateStruct.date",
    "first_posted.type": _ST + "studyFirstPostDateStruct.type",
    "last_update_posted": _ST + "lastUpdatePostDateStruct.date",
    "last_update_posted.type": _ST + "lastUpdatePostDateStruct.type",
    "status_verified": _ST + "statusVerifiedDate",
    "snapshot_date": "derivedSection.miscInfoModule.versionHolder",
    "last_known_status": _ST + "lastKnownStatus",
    "lead_sponsor": _P + "sponsorCollaboratorsModule.leadSponsor.name",
    "collaborators": _P + "sponsorCollaboratorsModule.collaborators[].name",
    "brief_summary": _P + "descriptionModule.briefSummary",
    "detailed_description": _P + "descriptionModule.detailedDescription",
    "conditions": _P + "conditionsModule.conditions[]",
    "keywords": _P + "conditionsModule.keywords[]",
    "study_type": _DS + "studyType",
    "phases": _DS + "phases[]",
    "allocation": _DI + "allocation",
    "intervention_model": _DI + "interventionModel",
    "design_notes": _DI + "interventionModelDescription",
    "primary_purpose": _DI + "primaryPurpose",
    "masking": _DI + "maskingInfo.masking",
    "who_masked": _DI + "maskingInfo.whoMasked[]",
    "masking_description": _DI + "maskingInfo.maskingDescription",
    "enrollment": _DS + "enrollmentInfo.count",
    "enrollment_type": _DS + "enrollmentInfo.type",
    "criteria_text": _EL + "eligibilityCriteria",
    "healthy_volunteers": _EL + "healthyVolunteers",
    "sex": _EL + "sex",
    "min_age": _EL + "minimumAge",
    "max_age": _EL + "maximumAge",
    "officials": _CL + "overallOfficials[]",
    "official.name": "name",
    "official.role": "role",
    "official.affiliation": "affiliation",
    "sites": _CL + "locations[]",
    "site.facility": "facility",
    "site.city": "city",
    "site.country": "country",
    "site.status": "status",
    "arms": _AI + "armGroups[]",
    "arm.label": "label",
    "arm.type": "type",
    "arm.description": "description",
    "arm.intervention_names": "interventionNames[]",
    "interventions": _AI + "interventions[]",
    "intervention.type": "type",
    "intervention.name": "name",
    "intervention.description": "description",
    "intervention.arm_labels": "armGroupLabels[]",
    "intervention.other_names": "otherNames[]",
    "outcomes": _P + "outcomesModule.{kind}Outcomes[]",
    "outcome.title": "measure",
    "outcome.time_frame": "timeFrame",
    "outcome.description": "description",
    "has_results": "hasResults",
    "results": "resultsSection",
    "flow.groups": _R + "participantFlowModule.groups[]",
    "flow.groups.id": "id",
    "flow.groups.title": "title",
    "flow.periods": _R + "participantFlowModule.periods[]",
    "flow.period.title": "title",
    "flow.milestones": "milestones[]",
    "flow.milestone.type": "type",
    "flow.achievements": "achievements[]",
    "flow.achievement.group": "groupId",
    "flow.achievement.count": "numSubjects",
    "baseline.groups": _R + "baselineCharacteristicsModule.groups[]",
    "baseline.groups.id": "id",
    "baseline.groups.title": "title",
    "baseline.denoms": _R + "baselineCharacteristicsModule.denoms[]",
    "baseline.denom.units": "units",
    "baseline.denom.counts": "counts[]",
    "baseline.count.group": "groupId",
    "baseline.count.value": "value",
    "measures": _R + "outcomeMeasuresModule.outcomeMeasures[]",
    "measure.title": "title",
    "measure.groups": "groups[]",
    "measure.groups.id": "id",
    "measure.groups.title": "title",
    "analyses": "analyses[]",
    "analysis.groups": "groupIds[]",
    "analysis.param_type": "paramType",
    "analysis.estimate": "paramValue",
    "analysis.ci_pct": "ciPctValue",
    "analysis.ci_lower": "ciLowerLimit",
    "analysis.ci_upper": "ciUpperLimit",
    "analysis.p_value": "pValue",
    "analysis.method": "statisticalMethod",
    "analysis.non_inferiority": "nonInferiorityType",
    "analysis.ci_sides": "ciNumSides",
    "analysis.p_value_desc": "pValueComment",
    "analysis.method_desc": "statisticalComment",
}

_KEY = re.compile(r'"protocolSection"\s*:')
_DESCEND = frozenset({"studies"})
# Parts no Trial field comes from: their positions are not recorded (reading them is the bulk of the work).
_PRUNE = frozenset({"derivedSection", "documentSection", "annotationSection", "adverseEventsModule",
                    "moreInfoModule", "measures", "classes", "contacts", "centralContacts", "geoPoint",
                    "seeAlsoLinks", "availIpds"})


def sniff(head: str) -> bool:
    """JSON whose study objects have a 'protocolSection' (alone, in an array, a page or JSON Lines)."""
    s = head.lstrip("\ufeff \t\r\n")
    return s[:1] in ("{", "[") and _KEY.search(head) is not None


def _is_study(o: Any) -> bool:
    return type(o) is dict and type(o.get("protocolSection")) is dict


_MISSING = "JSON holds no ClinicalTrials.gov API v2 study (no object with a protocolSection)"


def read(data: bytes, display: str) -> Iterator[Trial | InputProblem]:
    yield from read_studies(data, display, NAME, PATHS, _is_study, _DESCEND, _PRUNE, _MISSING)


def open_stream(path: Path, display: str, max_bytes: int) -> Iterator[Trial | InputProblem] | None:
    """A file of many API v2 studies (JSON Lines, a JSON array, an API page) read one study document at
    a time, the size limit applying to each document (auditor/readers/stream.py); None for any other
    file (read whole, as before). Same records as read()."""
    from .stream import stream_kind
    try:
        with open(path, "rb") as fh:
            raw = fh.read(65536)
            head = raw.decode("utf-8-sig", errors="ignore")
            fh.seek(0)
            if not sniff(head) or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
                return None
            kind = "lines" if is_json_lines(fh, max_bytes) else stream_kind(raw)
    except OSError:
        return None
    return None if kind is None else _stream(path, display, max_bytes, kind)


def _stream(path: Path, display: str, max_bytes: int, kind: str) -> Iterator[Trial | InputProblem]:
    from . import stream
    try:
        with open(path, "rb") as fh:
            docs = (stream_lines(fh, display, max_bytes) if kind == "lines"
                    else stream.documents(fh, display, kind, max_bytes))
            yield from studies(docs, display)
    except OSError as e:
        yield InputProblem(display, f"cannot be read: {e.strerror}")


def studies(docs, display: str, start: int = 0) -> Iterator[Trial | InputProblem]:
    """The studies of documents already split from a stream (`start`: studies before them in the file)."""
    yield from studies_of(docs, display, NAME, PATHS, _is_study, _DESCEND, _PRUNE, _MISSING, start)
