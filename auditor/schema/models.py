"""pandera models of the canonical tables (as prepared by views.py): types, required fields,
enumerations of the API v2 spec, identifier formats, ranges and the registry's length limits.

Check names are what pandera_run.py maps to rule ids (CHECK_RULES); the dataframe-level checks are
named 'required:<column>' (SCH005) and 'required_if:<column>:<reason>' (SCH006)."""
from __future__ import annotations

import sys
import threading
from functools import cache
from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera import extensions
from pandera.typing import Series

from ..vocab import ENUMS
from .formats import ISO_DATE, NCT_ID, age_text_ok, iso_date_ok, registry_id_ok, within_chars
from .views import DATE_COLUMNS


def _strategies_without_hypothesis() -> None:
    """pandera's check registration imports its data-synthesis strategies, and with them hypothesis
    when that is installed (0.2 s; the test extra installs it). No data is synthesised here: unless
    hypothesis is loaded already, the strategies load as if it were absent (as on a user's install)."""
    if "hypothesis" in sys.modules or "pandera.strategies.pandas_strategies" in sys.modules:
        return
    sys.modules["hypothesis"] = None     # type: ignore[assignment] - makes `import hypothesis` fail
    try:
        import pandera.strategies.pandas_strategies  # noqa: F401
    finally:
        del sys.modules["hypothesis"]


_strategies_without_hypothesis()


@extensions.register_check_method(statistics=["max_value"])
def max_chars(s: pd.Series, *, max_value: int) -> pd.Series:
    return within_chars(s, max_value)


@extensions.register_check_method(statistics=["allowed_values"])
def tokens_in(s: pd.Series, *, allowed_values: list[str]) -> pd.Series:
    allowed = frozenset(allowed_values)
    return s.map(lambda v: all(t in allowed for t in str(v).split("|")))


@extensions.register_check_method()
def registry_id_form(s: pd.Series) -> pd.Series:
    return s.map(lambda v: registry_id_ok(str(v)))


@extensions.register_check_method()
def iso_date(s: pd.Series) -> pd.Series:
    return s.map(lambda v: iso_date_ok(str(v)))


@extensions.register_check_method()
def count_text(s: pd.Series) -> pd.Series:
    # Only counts the reader could not read reach this column: none of them is a count.
    return s.map(lambda v: False)


@extensions.register_check_method()
def age_text(s: pd.Series) -> pd.Series:
    return s.map(lambda v: age_text_ok(str(v)))


CHECK_RULES = {
    "isin": "SCH001", "tokens_in": "SCH001", "str_matches": "SCH002", "registry_id_form": "SCH002",
    "max_chars": "SCH003", "in_range": "SCH004", "greater_than_or_equal_to": "SCH004", "date_range": "SCH004",
    "greater_than": "SCH004", "less_than_or_equal_to": "SCH004",
    "iso_date": "SCH008", "age_text": "SCH008", "count_text": "SCH008", "coerce_dtype": "SCH008",
}
# The registry's length limits (characters), domain.md / PRS data element definitions.
MAX_CHARS = {"brief_title": 300, "official_title": 600, "acronym": 14, "org_study_id": 30, "brief_summary": 5000,
             "detailed_description": 32000, "criteria_text": 20000, "arm_label": 100, "intervention_name": 200}
AGE_RANGE = (0, 120)

Str = Optional[Series[str]]


def _enum(kind: str, **kw):
    return pa.Field(nullable=True, isin=list(ENUMS[kind]), **kw)


def _chars(key: str):
    return pa.Field(nullable=True, max_chars=MAX_CHARS[key])


def _notna(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.Series:
    present = [df[c].notna() for c in cols if c in df]
    if not present:
        return pd.Series(False, index=df.index)
    out = present[0]
    for p in present[1:]:
        out = out | p
    return out


def _required(df: pd.DataFrame, col: str, when: pd.Series) -> pd.Series:
    if col not in df:
        return pd.Series(True, index=df.index)
    return ~(when & df[col].isna())


# Full registry exports always carry these bookkeeping dates; field-subset downloads and summary
# pages leave fields out on purpose. A field is only reported missing from a full record.
BOOKKEEPING = ("status_verified", "first_submitted")
IDENTIFICATION = ("nct_id", "org_study_id", "official_title", "acronym")
ELIGIBILITY = ("sex", "min_age", "max_age", "healthy_volunteers")
# Why each required field is required: the columns quoted as evidence.
REQUIRED_BECAUSE = {"brief_title": IDENTIFICATION, "nct_id": (), "overall_status": BOOKKEEPING,
                    "study_type": BOOKKEEPING, "criteria_text": ELIGIBILITY, "brief_summary": BOOKKEEPING}


def _complete(df: pd.DataFrame) -> pd.Series:
    out = pd.Series(True, index=df.index)
    for c in BOOKKEEPING:
        out &= df[c].notna() if c in df else False
    return out


def _completed(df: pd.DataFrame) -> pd.Series:
    return df["overall_status"].eq("COMPLETED").fillna(False).astype(bool)


# FDAAA 801 (27 September 2007) made the primary completion date a registry data element; older
# records were registered without it and are not held to it.
FDAAA = "2007-09-27"


def _since_fdaaa(df: pd.DataFrame) -> pd.Series:
    d = df["first_submitted"].astype("str")
    return (d.str.fullmatch(ISO_DATE.pattern) & d.ge(FDAAA)).fillna(False).astype(bool)


def _results(df: pd.DataFrame) -> pd.Series:
    return df["has_results"].fillna(False).astype(bool)


class _Record(pa.DataFrameModel):
    record_id: Series[str]
    source: Series[str]

    class Config:
        coerce = True
        strict = False


class TrialsModel(_Record):
    nct_id: Str = pa.Field(nullable=True, str_matches=NCT_ID.pattern + "$")
    org_study_id: Str = _chars("org_study_id")
    brief_title: Str = _chars("brief_title")
    official_title: Str = _chars("official_title")
    acronym: Str = _chars("acronym")
    brief_summary: Str = _chars("brief_summary")
    detailed_description: Str = _chars("detailed_description")
    criteria_text: Str = _chars("criteria_text")
    overall_status: Str = _enum("Status")
    study_type: Str = _enum("StudyType")
    phases: Str = pa.Field(nullable=True, tokens_in=list(ENUMS["Phase"]))
    allocation: Str = _enum("DesignAllocation")
    intervention_model: Str = _enum("InterventionalAssignment")
    masking: Str = _enum("DesignMasking")
    primary_purpose: Str = _enum("PrimaryPurpose")
    sex: Str = _enum("Sex")
    enrollment_type: Str = _enum("EnrollmentType")
    # More than a billion participants is no real count (the largest registry cohorts are tens of millions).
    enrollment: Optional[Series[pd.Int64Dtype]] = pa.Field(nullable=True, ge=0, le=1_000_000_000)
    enrollment_text: Str = pa.Field(nullable=True, count_text=())
    min_age: Optional[Series[float]] = pa.Field(nullable=True, in_range={"min_value": AGE_RANGE[0],
                                                                          "max_value": AGE_RANGE[1]})
    max_age: Optional[Series[float]] = pa.Field(nullable=True, in_range={"min_value": AGE_RANGE[0],
                                                                          "max_value": AGE_RANGE[1]})
    min_age_text: Str = pa.Field(nullable=True, age_text=())
    max_age_text: Str = pa.Field(nullable=True, age_text=())
    start_date: Str = pa.Field(nullable=True, iso_date=())
    primary_completion_date: Str = pa.Field(nullable=True, iso_date=())
    completion_date: Str = pa.Field(nullable=True, iso_date=())
    first_submitted: Str = pa.Field(nullable=True, iso_date=())
    first_posted: Str = pa.Field(nullable=True, iso_date=())
    last_update_posted: Str = pa.Field(nullable=True, iso_date=())
    status_verified: Str = pa.Field(nullable=True, iso_date=())
    has_results: Optional[Series[bool]] = pa.Field(nullable=True)

    @pa.dataframe_check(name="required:brief_title")
    def _brief_title(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "brief_title", _complete(df) | _notna(df, IDENTIFICATION))

    @pa.dataframe_check(name="required:nct_id")
    def _nct_id(cls, df: pd.DataFrame) -> pd.Series:
        # Every ClinicalTrials.gov export names its record; other registries' pages may not.
        return _required(df, "nct_id", df["format"].astype("str").str.startswith("ctgov"))

    @pa.dataframe_check(name="required:overall_status")
    def _overall_status(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "overall_status", _complete(df))

    @pa.dataframe_check(name="required:study_type")
    def _study_type(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "study_type", _complete(df))

    @pa.dataframe_check(name="required:criteria_text")
    def _criteria_text(cls, df: pd.DataFrame) -> pd.Series:
        # Only where the eligibility part is there: a record without any of it is cut short, not empty.
        return _required(df, "criteria_text", _complete(df) & _notna(df, ELIGIBILITY) & df["n_criteria"].eq(0))

    @pa.dataframe_check(name="required:brief_summary")
    def _brief_summary(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "brief_summary", _complete(df))

    @pa.dataframe_check(name="required_if:start_date:completed")
    def _completed_start(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "start_date", _complete(df) & _completed(df) & _since_fdaaa(df))

    @pa.dataframe_check(name="required_if:primary_completion_date:completed")
    def _completed_pcd(cls, df: pd.DataFrame) -> pd.Series:
        return _required(df, "primary_completion_date", _complete(df) & _completed(df) & _since_fdaaa(df))

    @pa.dataframe_check(name="required_if:enrollment:results")
    def _results_enrollment(cls, df: pd.DataFrame) -> pd.Series:
        # A count written in words is SCH008's, not missing.
        return _required(df, "enrollment", _complete(df) & _results(df) & ~_notna(df, ("enrollment_text",)))

    @pa.dataframe_check(name="required_if:enrollment_type:results")
    def _results_actual(cls, df: pd.DataFrame) -> pd.Series:
        # Posted results count the participants actually enrolled; an anticipated count is stale.
        return ~(_results(df) & df["enrollment"].notna() & df["enrollment_type"].eq("ESTIMATED").fillna(False))


class ArmsModel(_Record):
    label: Str = _chars("arm_label")
    type: Str = _enum("ArmGroupType")


class InterventionsModel(_Record):
    name: Str = _chars("intervention_name")
    type: Str = _enum("InterventionType")


class SitesModel(_Record):
    status: Str = _enum("RecruitmentStatus")


# Criteria and outcomes carry the readers' own vocabulary (kind): types only; a failure there is a
# reader defect, reported as INPUT002, not a record's.
class CriteriaModel(_Record):
    kind: Series[str]
    text: Series[str]


class OutcomesModel(_Record):
    kind: Series[str]
    title: Str = pa.Field(nullable=True)


class AnalysesModel(_Record):
    # A confidence level is a percentage: 95, 90, 99.
    ci_pct: Optional[Series[float]] = pa.Field(nullable=True, gt=0, le=100)


class SecondaryIdsModel(_Record):
    secondary_id: Str = pa.Field(nullable=True, registry_id_form=())


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "trials": TrialsModel, "arms": ArmsModel, "interventions": InterventionsModel, "sites": SitesModel,
    "criteria": CriteriaModel, "outcomes": OutcomesModel, "analyses": AnalysesModel,
    "secondary_ids": SecondaryIdsModel,
}


def schema_for(table: str, earliest: str, latest: str) -> pa.DataFrameSchema:
    """The table's schema with this run's date bounds (ISO text compares in date order)."""
    schema = _model_schema(table)
    if table != "trials":
        return schema
    date_range = pa.Check(lambda s: _date_in(s, earliest, latest), name="date_range",
                          statistics={"min_value": earliest, "max_value": latest})
    return schema.update_columns({c: {"checks": schema.columns[c].checks + [date_range]}
                                  for c in DATE_COLUMNS if c in schema.columns})


@cache
def _model_schema(table: str) -> pa.DataFrameSchema:
    """The model's schema, built once. pandera's model builder asks for the Series and Index types
    of every backend it knows, importing its dask typing (about 1 s) when dask is installed (it is,
    for --engine dask); these models use pandas types only, so the builder is shown only those."""
    from pandera.api.pandas import model as builder
    from pandera.typing import Index, Series as PandasSeries
    shown = {"get_index_types": {Index}, "get_series_types": {PandasSeries}}
    with _BUILDING:     # Dask workers may run shards in threads: one patch at a time
        saved = {name: getattr(builder, name) for name in shown if hasattr(builder, name)}  # else: the slow way
        try:
            for name in saved:
                setattr(builder, name, lambda types=shown[name]: types)
            return MODELS[table].to_schema()
        finally:
            for name, func in saved.items():
                setattr(builder, name, func)


_BUILDING = threading.Lock()


def _date_in(s: pd.Series, earliest: str, latest: str) -> pd.Series:
    # A date at year or month precision spans days: it is plausible if any of them is in range.
    # Dates not in ISO form are left to iso_date (SCH008).
    def ok(v) -> bool:
        t = str(v)
        if ISO_DATE.fullmatch(t) is None:
            return True
        first = t + _FIRST[len(t)]
        last = t + _LAST[len(t)]
        return last >= earliest and first <= latest
    return s.map(ok)


_FIRST = {4: "-01-01", 7: "-01", 10: ""}
_LAST = {4: "-12-31", 7: "-31", 10: ""}
