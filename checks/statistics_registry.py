"""statistics: the statistical analyses posted with registry results (estimate, CI at its own level,
p-value) against each other. Papers: statistics_ci.py."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.printed import Printed, parse_number, parse_p
from auditor.extract.pvalues import DIFFERENCE, RATIO, estimate_outside
from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Analysis, Field, Trial
from auditor.rules import rule

from ._ci_common import OTHER_TEST, Assessed, assess, decision_message, far_message, outside_message, values
from ._ci_common import sign_convention

_REG_RATIO = re.compile(r"(?i)ratio|hazard|\bHR\b|\bOR\b|\bRR\b|\bIRR\b")
_REG_DIFF = re.compile(r"(?i)difference|\bdiff\b")
# Param types whose null is not 1/0 or whose scale is unclear: percentages of a ratio, log scales, VE.
_REG_UNCLEAR = re.compile(r"(?i)%|percent(?!age)|\blog|\bln\b|efficacy|reduction|slope|coefficient")
_ONE_SIDED = re.compile(r"(?i)one[-_ ]sided|1[-_ ]sided|one[-_ ]tailed|non[-_\s]?inferior|equivalen")
_ANALYSIS_PATH = FIELD_PATHS["analyses"]


def _raw(f: Field | None) -> str:
    return f.raw.strip() if f is not None and f.raw is not None else ""


def _reg_kind(a: Analysis) -> str | None:
    pt = _raw(a.param_type)
    if not pt or _REG_UNCLEAR.search(pt):
        return None
    if _REG_DIFF.search(pt):
        return DIFFERENCE
    if _REG_RATIO.search(pt):
        return RATIO
    return None


def _reg_assess(a: Analysis) -> Assessed | None:
    kind = _reg_kind(a)
    est, lower, upper = (parse_number(_raw(f)) for f in (a.estimate, a.ci_lower, a.ci_upper))
    if kind is None or est is None or lower is None or upper is None:
        return None
    level = _level(a)
    if level is None:
        return None
    if lower.value > upper.value:
        lower, upper = upper, lower
    if kind == RATIO and min(est.value, lower.value, upper.value) <= 0:
        return None
    p = parse_p(_raw(a.p_value)) if a.p_value is not None else None
    context = " ".join(_raw(f) for f in (a.non_inferiority, a.ci_sides, a.method, a.method_desc, a.p_value_desc))
    one_sided = bool(_ONE_SIDED.search(context))
    rank = bool(OTHER_TEST.search(_raw(a.method))) or "median" in _raw(a.param_type).lower()
    return assess(kind, _raw(a.param_type), est, lower, upper, level, p, comparable=not one_sided, rank_test=rank)


def _val(p: Printed) -> float:
    return p.value


def _level(a: Analysis) -> float | None:
    """The posted CI level in percent (ciPctValue), None when missing or not a two-sided level."""
    level = parse_number(_raw(a.ci_pct))
    return level.value if level is not None and 50 <= level.value < 100 else None


def _reg_evidence(a: Analysis) -> list[Evidence]:
    ev = [Evidence.of(a.param_type, "parameter"), Evidence.of(a.estimate, "estimate"),
          Evidence.of(a.ci_lower, "CI lower limit"), Evidence.of(a.ci_upper, "CI upper limit"),
          Evidence.of(a.ci_pct, "CI level"), Evidence.of(a.p_value, "p-value"), Evidence.of(a.method, "method")]
    return [e for e in ev if e is not None]


def _reg_fields() -> list[str]:
    return [f"{_ANALYSIS_PATH}.{k}" for k in ("paramType", "paramValue", "ciPctValue", "ciLowerLimit",
                                               "ciUpperLimit", "pValue", "statisticalMethod")]


def _where(a: Analysis) -> str:
    return f" for '{a.outcome}'" if a.outcome else ""


def _reg_analyses(trial: Trial) -> Iterator[tuple[Analysis, Assessed]]:
    for an in trial.analyses:
        a = _reg_assess(an)
        if a is not None:
            yield an, a


@rule("STAT004", category="statistics", severity="error",
      title="A registry results analysis has a CI and p-value that disagree about significance")
def reg_decision(trial: Trial, ctx):
    """What: the STAT001 check on the statistical analyses posted with registry results: the CI (at its
    own level, ciPctValue: 90, 95, 99 ...) excludes the null while the p-value is at or above its alpha,
    or includes it while p is below, whatever the rounding. Analyses marked non-inferiority or
    equivalence, one-sided CIs or tests, and parameters whose null is unclear (percentages, log scales,
    vaccine efficacy) are skipped.
    Why: the posted results are the public record of the trial's analysis; a CI and p-value that
    contradict each other mean one of them was entered wrongly.
    Example: Hazard Ratio (HR) 0.62, 95% CI 0.45 to 0.86, p-value 0.21 -> 'Hazard Ratio (HR) 0.62 (95% CI
    0.45 to 0.86) for 'Overall survival': the CI excludes 1 but p = 0.21; the CI implies p = 0.0038 (range
    over rounding 0.0025-0.0056).'"""
    for an, a in _reg_analyses(trial):
        if a.decision_conflict():
            yield Finding(rule="STAT004", category="statistics", severity="error", record=trial.id,
                          message=decision_message(a, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=values(a))


@rule("STAT005", category="statistics", severity="warning",
      title="A registry results p-value is far from the one its CI implies")
def reg_p_far(trial: Trial, ctx):
    """What: the STAT002 check on registry results analyses: the p-value recomputed from the estimate
    and its CI at the posted level (Altman & Bland, BMJ 2011;343:d2304) against the posted p-value,
    reported when off by more than the `p_ratio_warning` factor beyond rounding. Skipped for
    non-inferiority, one-sided, exact or rank-based analyses, asymmetric CIs and very small p-values.
    Why: the posted p-value should come from the same analysis as the posted CI.
    Example: Mean Difference (Final Values) -4.1, 95% CI -6.0 to -2.2, p-value 0.01 -> 'reported p = 0.01
    is over 100 times off the p-value the CI implies; the CI implies p = 2.3e-05 (range over rounding
    1.1e-05-4.7e-05).'"""
    factor = float(ctx.threshold("p_ratio_warning"))
    for an, a in _reg_analyses(trial):
        off = a.far_factor(factor)
        if off is not None:
            yield Finding(rule="STAT005", category="statistics", severity="warning", record=trial.id,
                          message=far_message(a, off, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=values(a))


@rule("STAT006", category="statistics", severity="error",
      title="A registry results estimate lies outside its own CI")
def reg_outside(trial: Trial, ctx):
    """What: a posted estimate (paramValue) outside its posted confidence interval, whatever the rounding.
    Why: an estimate always lies inside its own CI; one of the three values was entered wrongly. A
    difference that lies inside with the opposite sign is a sign convention (a reduction entered as a
    positive number): a warning, not an error (PRS review asks for it to be checked, not rejected).
    Example: Odds Ratio (OR) 3.2, 95% CI 0.8 to 2.9 -> 'Odds Ratio (OR) 3.2 (95% CI 0.8 to 2.9) for
    'Overall survival': the estimate 3.2 lies outside its own confidence interval.'"""
    for an in trial.analyses:
        est, lower, upper = (parse_number(_raw(f)) for f in (an.estimate, an.ci_lower, an.ci_upper))
        if est is None or lower is None or upper is None:
            continue
        a = assess(_reg_kind(an) or DIFFERENCE, _raw(an.param_type) or "estimate", est, min(lower, upper, key=_val),
                   max(lower, upper, key=_val), _level(an) or 95.0, None, comparable=False, rank_test=True)
        if estimate_outside(a.est, a.lower, a.upper):
            yield Finding(rule="STAT006", category="statistics", severity="warning" if sign_convention(a) else "error",
                          record=trial.id,
                          message=outside_message(a, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=values(a))
