"""statistics: an estimate, its confidence interval and its p-value against each other, in papers
(running text) and in registry results analyses.

The p-value a CI implies is recomputed after Altman & Bland (BMJ 2011;343:d2304), over every unrounded
value that prints as the reported ones (auditor/extract/pvalues.py), so rounding alone never raises a
finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.printed import PValue, Printed, fmt_p, parse_number, parse_p
from auditor.extract.pvalues import (DIFFERENCE, NULL, RATIO, Recomputed, asymmetry, estimate_outside,
                                     excludes_null, recompute)
from auditor.extract.stats import Triple, find_triples
from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Analysis, Field, Publication, Trial
from auditor.rules import rule

# The recomputation assumes a Wald CI; skip it when the CI is visibly asymmetric on the test scale.
_MAX_ASYMMETRY = 0.03
# The p may come from a t test on few patients or clusters: allow a t distribution with this many df.
_SMALL_DF = 10
# Ratios outside this range are far enough from 1 for the Wald p to overstate the likelihood-ratio,
# score or log-rank p (Hauck & Donner 1977).
_MODERATE = (1 / 3, 3.0)
# Below this both p-values are 'very small' and their ratio means nothing to a reader.
_TINY_P = 0.001
# Tests whose p-value need not match a Wald CI: exact, rank-based or resampling tests.
_OTHER_TEST = re.compile(r"(?i)fisher|exact|mann|whitney|wilcoxon|kruskal|rank[- ]sum|signed|sign\b|median|"
                         r"permutation|bootstrap|mcnemar|gray|nonparametric|non-parametric|hodges")
_SKIP_SECTIONS = {"references", "bibliography"}
_SNIPPET = 320


@dataclass(slots=True)
class Assessed:
    """One estimate/CI/p statement and what its numbers imply."""
    kind: str
    name: str                     # 'HR', 'Hazard Ratio (HR)'
    est: Printed
    lower: Printed
    upper: Printed
    level: float
    p: PValue | None
    comparable: bool              # a two-sided superiority p against this CI
    wald: bool                    # the Wald recomputation applies (symmetric CI, no exact/rank test)
    recomputed: Recomputed | None

    @property
    def alpha(self) -> float:
        return 1 - self.level / 100

    def shown(self) -> str:
        return (f"{self.name} {self.est.text} ({_level(self.level)}% CI {self.lower.text} to {self.upper.text})")

    def decision_conflict(self) -> str | None:
        """'excludes' / 'includes' when the CI and p disagree about significance whatever the rounding."""
        if self.p is None or not self.comparable or estimate_outside(self.est, self.lower, self.upper):
            return None
        if self.one_sided_reading(1.0):
            return None
        excl = excludes_null(self.kind, self.lower, self.upper)
        if excl is True and self.p.definitely_at_least(self.alpha):
            return "excludes"
        if excl is False and self.p.definitely_below(self.alpha):
            return "includes"
        return None

    def far_factor(self, factor: float) -> float | None:
        """How many times the reported p is off the recomputed range, when more than factor."""
        r, p = self.recomputed, self.p
        if r is None or p is None or not (self.comparable and self.wald) or self.decision_conflict():
            return None
        if p.hi <= _TINY_P and r.p_max < _TINY_P or self.one_sided_reading(factor):
            return None
        if p.lo > factor * r.p_max_small:
            return p.lo / r.p_max
        # Far from the null the Wald p is too large (Hauck-Donner): a smaller reported p is expected.
        extreme = self.kind == RATIO and not _MODERATE[0] <= self.est.value <= _MODERATE[1]
        if r.p_min > 0 and p.hi < r.p_min / factor and not extreme:
            return r.p_min / p.hi if p.hi > 0 else float("inf")
        return None

    def one_sided_reading(self, factor: float) -> bool:
        """The reported p is the one-sided p of this CI, in either direction ('p = 0.97' for an effect
        the wrong way), within `factor` (1.0: within rounding only). Registry records and papers often
        give one-sided p-values without saying so."""
        r, p = self.recomputed, self.p
        if r is None or p is None:
            return False
        lo, hi = r.p_min / 2, r.p_max / 2
        near = p.lo <= hi * factor and p.hi >= lo / factor
        upper = (1 - p.hi) <= hi * factor and (1 - p.lo) >= lo / factor
        return near or upper

    def implied(self) -> str:
        r = self.recomputed
        if r is None:
            return ""
        rng = f"{fmt_p(r.p_min)}-{fmt_p(r.p_max)}"
        return f"the CI implies p = {fmt_p(r.p)} (range over rounding {rng})"


def _level(v: float) -> str:
    return f"{v:g}"


def _null(kind: str) -> str:
    return f"{NULL[kind]:g}"


def _assess(kind: str, name: str, est: Printed, lower: Printed, upper: Printed, level: float,
            p: PValue | None, comparable: bool, rank_test: bool) -> Assessed:
    asym = asymmetry(kind, est, lower, upper)
    wald = not rank_test and asym is not None and asym <= _MAX_ASYMMETRY
    return Assessed(kind, name, est, lower, upper, level, p, comparable, wald,
                    recompute(kind, est, lower, upper, level, small_df=_SMALL_DF))


def _p_shown(p: PValue) -> str:
    t = " ".join(p.text.split())
    return f"p {t}" if t[:1] in "<>=\u2264\u2265" else f"p = {t}"


def _decision_message(a: Assessed, where: str = "") -> str:
    conflict = a.decision_conflict()
    implied = a.implied()
    return (f"{a.shown()}{where}: the CI {conflict} {_null(a.kind)} but {_p_shown(a.p)}"
            + (f"; {implied}." if implied else "."))


def _far_message(a: Assessed, factor: float, where: str = "") -> str:
    times = f"{factor:.1f} times" if factor < 100 else "over 100 times"
    return (f"{a.shown()}{where}: reported {_p_shown(a.p)} is {times} off the p-value the CI "
            f"implies; {a.implied()}.")


def _outside_message(a: Assessed, where: str = "") -> str:
    flipped = Printed(-a.est.value, a.est.decimals, a.est.text)
    sign = ("; with the opposite sign it would lie inside" if a.kind == DIFFERENCE and a.est.value
            and not estimate_outside(flipped, a.lower, a.upper) else "")
    return f"{a.shown()}{where}: the estimate {a.est.text} lies outside its own confidence interval{sign}."


def _values(a: Assessed) -> dict[str, str]:
    v = {"estimate": f"{a.name} {a.est.text}", "ci": f"{_level(a.level)}% CI {a.lower.text} to {a.upper.text}"}
    if a.p is not None:
        v["reported p"] = " ".join(a.p.text.split())
    if a.recomputed is not None:
        r = a.recomputed
        v["recomputed p"] = f"{fmt_p(r.p)} ({fmt_p(r.p_min)}-{fmt_p(r.p_max)})"
    return v


# ---------------------------------------------------------------- publications

# The three publication rules read the same statements: keep the last publication's.
_LAST: list = [None, []]


def _pub_statements(pub: Publication) -> list[tuple[int, Triple, Assessed]]:
    if _LAST[0] is pub:
        return _LAST[1]
    out = []
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    for i, line in enumerate(pub.lines, 1):
        if "%" not in line or any(a <= i <= b for a, b in skip):
            continue
        for t in find_triples(line):
            if t.kind is None:
                continue
            rank = bool(t.p_test and _OTHER_TEST.search(t.p_test))
            out.append((i, t, _assess(t.kind, t.label, t.estimate, t.lower, t.upper, t.level, t.p,
                                      comparable=not (t.one_sided or t.p_shared), rank_test=rank)))
    _LAST[0], _LAST[1] = pub, out
    return out


def _quote(line: str, t: Triple) -> str:
    """The sentence around a statement, cut to a readable length."""
    a = max(line.rfind(". ", 0, t.start) + 2, 0) if line.rfind(". ", 0, t.start) >= 0 else 0
    b = line.find(". ", t.end)
    b = len(line) if b < 0 else b + 1
    if b - a > _SNIPPET:
        a = max(a, t.start - (_SNIPPET - len(t.text)) // 2)
        b = min(b, a + _SNIPPET)
    return line[a:b].strip()


def _pub_evidence(pub: Publication, i: int, t: Triple) -> list[Evidence]:
    return [Evidence(source=pub.source, line=i, col=t.start + 1, text=_quote(pub.lines[i - 1], t),
                     label="estimate, CI and p-value", highlight=t.text)]


@rule("STAT001", category="statistics", severity="error", scope="publication",
      title="A confidence interval and its p-value disagree about significance")
def pub_decision(pub: Publication, ctx):
    """What: finds estimates printed with a confidence interval and a p-value ('HR = 1.89, 95% CI
    1.01-3.58, p = 0.051') and reports those where the CI excludes the null (1 for ratios, 0 for
    differences) while p is at or above the CI's alpha (0.05 for a 95% CI), or includes it while p is
    below. Every printed value is read as the interval it was rounded from ('1.01' is 1.005-1.015,
    'p = 0.051' is 0.0505-0.0515), so a conflict rounding could explain is not reported. One-sided,
    non-inferiority and equivalence statements and p-values for interaction or trend are skipped.
    Why: a CI and a two-sided p-value from the same analysis cannot disagree; when they do, one of the
    numbers is mistyped or comes from another analysis, and the paper's conclusion depends on which
    (statcheck calls this a decision error).
    Example: 'HR = 1.89, 95% CI 1.01-3.58, p = 0.051' -> 'HR 1.89 (95% CI 1.01 to 3.58): the CI excludes
    1 but p = 0.051; the CI implies p = 0.049 (range over rounding 0.047-0.051).'"""
    for i, t, a in _pub_statements(pub):
        if a.decision_conflict():
            yield Finding(rule="STAT001", category="statistics", severity="error", record=pub.id,
                          message=_decision_message(a), evidence=_pub_evidence(pub, i, t), values=_values(a))


@rule("STAT002", category="statistics", severity="warning", scope="publication",
      title="A p-value is far from the one its confidence interval implies")
def pub_p_far(pub: Publication, ctx):
    """What: recomputes the p-value of an estimate from its CI (Altman & Bland, BMJ 2011;343:d2304:
    the SE from the CI width, on the log scale for ratios) over every unrounded value that prints as
    the reported ones, and reports a p-value that lies outside that range by more than the
    `p_ratio_warning` factor (default 2.5). The recomputation is a Wald approximation, so a CI that is
    not symmetric on the test scale, exact or rank-based tests, very small p-values (both below
    0.001) and statements already reported by STAT001 are skipped.
    Why: a p-value several times off its CI usually means a mistyped digit or a p-value taken from
    another analysis.
    Example: 'OR 2.10 (95% CI 1.50-2.94), p = 0.21' -> the CI implies p = 1.5e-05; the reported p is
    far larger."""
    factor = float(ctx.threshold("p_ratio_warning"))
    for i, t, a in _pub_statements(pub):
        off = a.far_factor(factor)
        if off is not None:
            yield Finding(rule="STAT002", category="statistics", severity="warning", record=pub.id,
                          message=_far_message(a, off), evidence=_pub_evidence(pub, i, t), values=_values(a))


@rule("STAT003", category="statistics", severity="error", scope="publication",
      title="An estimate lies outside its own confidence interval")
def pub_outside(pub: Publication, ctx):
    """What: reports a named estimate (hazard ratio, odds ratio, difference, ...) printed outside the
    confidence interval printed with it, whatever the rounding of the three numbers.
    Why: a point estimate always lies inside its own CI; one of the three numbers is wrong
    (a transposed digit, a limit from another row).
    Example: 'OR 2.45 (95% CI 0.52 to 1.98)' -> 'OR 2.45 (95% CI 0.52 to 1.98): the estimate 2.45 lies
    outside its own confidence interval.'"""
    for i, t, a in _pub_statements(pub):
        if estimate_outside(a.est, a.lower, a.upper):
            yield Finding(rule="STAT003", category="statistics", severity="error", record=pub.id,
                          message=_outside_message(a), evidence=_pub_evidence(pub, i, t), values=_values(a))


# ---------------------------------------------------------------- registry results analyses

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
    level = parse_number(_raw(a.ci_pct)) if a.ci_pct is not None else None
    if level is None or not 50 <= level.value < 100:
        return None
    if lower.value > upper.value:
        lower, upper = upper, lower
    if kind == RATIO and min(est.value, lower.value, upper.value) <= 0:
        return None
    p = parse_p(_raw(a.p_value)) if a.p_value is not None else None
    context = " ".join(_raw(f) for f in (a.non_inferiority, a.ci_sides, a.method, a.method_desc, a.p_value_desc))
    one_sided = bool(_ONE_SIDED.search(context))
    rank = bool(_OTHER_TEST.search(_raw(a.method))) or "median" in _raw(a.param_type).lower()
    return _assess(kind, _raw(a.param_type), est, lower, upper, level.value, p,
                   comparable=not one_sided, rank_test=rank)


def _val(p: Printed) -> float:
    return p.value


def _level_of(a: Analysis) -> float:
    level = parse_number(_raw(a.ci_pct)) if a.ci_pct is not None else None
    return level.value if level is not None and 50 <= level.value < 100 else 95.0


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
    Example: Hazard Ratio (HR) 0.62, 95% CI 0.45 to 0.86, p-value 0.21 -> the CI excludes 1 but p = 0.21."""
    for an, a in _reg_analyses(trial):
        if a.decision_conflict():
            yield Finding(rule="STAT004", category="statistics", severity="error", record=trial.id,
                          message=_decision_message(a, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=_values(a))


@rule("STAT005", category="statistics", severity="warning",
      title="A registry results p-value is far from the one its CI implies")
def reg_p_far(trial: Trial, ctx):
    """What: the STAT002 check on registry results analyses: the p-value recomputed from the estimate
    and its CI at the posted level (Altman & Bland, BMJ 2011;343:d2304) against the posted p-value,
    reported when off by more than the `p_ratio_warning` factor beyond rounding. Skipped for
    non-inferiority, one-sided, exact or rank-based analyses, asymmetric CIs and very small p-values.
    Why: the posted p-value should come from the same analysis as the posted CI.
    Example: Mean Difference (Final Values) -4.1, 95% CI -6.0 to -2.2, p-value 0.07 -> the CI implies
    p = 2.4e-05."""
    factor = float(ctx.threshold("p_ratio_warning"))
    for an, a in _reg_analyses(trial):
        off = a.far_factor(factor)
        if off is not None:
            yield Finding(rule="STAT005", category="statistics", severity="warning", record=trial.id,
                          message=_far_message(a, off, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=_values(a))


@rule("STAT006", category="statistics", severity="error",
      title="A registry results estimate lies outside its own CI")
def reg_outside(trial: Trial, ctx):
    """What: a posted estimate (paramValue) outside its posted confidence interval, whatever the rounding.
    Why: an estimate always lies inside its own CI; one of the three values was entered wrongly.
    Example: Odds Ratio (OR) 3.2, 95% CI 0.8 to 2.9 -> the estimate lies outside its own CI."""
    for an in trial.analyses:
        est, lower, upper = (parse_number(_raw(f)) for f in (an.estimate, an.ci_lower, an.ci_upper))
        if est is None or lower is None or upper is None:
            continue
        a = _assess(_reg_kind(an) or DIFFERENCE, _raw(an.param_type) or "estimate", est, min(lower, upper, key=_val),
                    max(lower, upper, key=_val), _level_of(an), None, comparable=False, rank_test=True)
        if estimate_outside(a.est, a.lower, a.upper):
            yield Finding(rule="STAT006", category="statistics", severity="error", record=trial.id,
                          message=_outside_message(a, _where(an)), evidence=_reg_evidence(an),
                          fields=_reg_fields(), values=_values(a))
