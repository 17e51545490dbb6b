"""Shared by the statistics rules on papers (statistics_ci.py) and registry results
(statistics_registry.py): what an estimate, its CI and its p-value imply about each other, and the
messages that say so.

The p-value a CI implies is recomputed after Altman & Bland (BMJ 2011;343:d2304), over every unrounded
value that prints as the reported ones (auditor/extract/pvalues.py), so rounding alone never raises a
finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.extract.printed import PValue, Printed, fmt_p
from auditor.extract.pvalues import DIFFERENCE, NULL, RATIO, Recomputed, asymmetry, estimate_outside, excludes_null, recompute

# The recomputation assumes a Wald CI; skip it when the CI is visibly asymmetric on the test scale.
_MAX_ASYMMETRY = 0.03
# The p may come from a t test on few patients or clusters: allow a t distribution with this many df.
_SMALL_DF = 10
# Ratios outside this range are far enough from 1 for the Wald p to overstate the likelihood-ratio,
# score or log-rank p (Hauck & Donner 1977).
_MODERATE = (1 / 3, 3.0)
# Below this both p-values are 'very small' and their ratio means nothing to a reader.
_TINY_P = 0.001
_P_PARTS = re.compile(r"^([<>=\u2264\u2265]*)(.+)$")
# Tests whose p-value need not match a Wald CI: exact, rank-based or resampling tests.
OTHER_TEST = re.compile(r"(?i)fisher|exact|mann|whitney|wilcoxon|kruskal|rank[- ]sum|signed|sign\b|median|"
                         r"permutation|bootstrap|mcnemar|gray|nonparametric|non-parametric|hodges")


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


def assess(kind: str, name: str, est: Printed, lower: Printed, upper: Printed, level: float,
            p: PValue | None, comparable: bool, rank_test: bool) -> Assessed:
    asym = asymmetry(kind, est, lower, upper)
    wald = not rank_test and asym is not None and asym <= _MAX_ASYMMETRY
    return Assessed(kind, name, est, lower, upper, level, p, comparable, wald,
                    recompute(kind, est, lower, upper, level, small_df=_SMALL_DF))


def _p_shown(p: PValue) -> str:
    """'p = 0.051', 'p < 0.001' whatever the spacing printed ('=0.03', '<\u20090.001')."""
    m = _P_PARTS.match("".join(p.text.split()))
    return f"p {m.group(1) or '='} {m.group(2)}" if m else f"p = {p.text.strip()}"


def decision_message(a: Assessed, where: str = "") -> str:
    conflict = a.decision_conflict()
    implied = a.implied()
    return (f"{a.shown()}{where}: the CI {conflict} {_null(a.kind)} but {_p_shown(a.p)}"
            + (f"; {implied}." if implied else "."))


def far_message(a: Assessed, factor: float, where: str = "") -> str:
    times = f"{factor:.1f} times" if factor < 100 else "over 100 times"
    return (f"{a.shown()}{where}: reported {_p_shown(a.p)} is {times} off the p-value the CI "
            f"implies; {a.implied()}.")


def outside_message(a: Assessed, where: str = "") -> str:
    flipped = Printed(-a.est.value, a.est.decimals, a.est.text)
    sign = ("; with the opposite sign it would lie inside" if a.kind == DIFFERENCE and a.est.value
            and not estimate_outside(flipped, a.lower, a.upper) else "")
    return f"{a.shown()}{where}: the estimate {a.est.text} lies outside its own confidence interval{sign}."


def values(a: Assessed) -> dict[str, str]:
    v = {"estimate": f"{a.name} {a.est.text}", "ci": f"{_level(a.level)}% CI {a.lower.text} to {a.upper.text}"}
    if a.p is not None:
        v["reported p"] = " ".join(a.p.text.split())
    if a.recomputed is not None:
        r = a.recomputed
        v["recomputed p"] = f"{fmt_p(r.p)} ({fmt_p(r.p_min)}-{fmt_p(r.p_max)})"
    return v




def sign_convention(a: Assessed) -> bool:
    """True when a difference lies inside its CI with the opposite sign: a reduction reported as a
    positive number (or the groups subtracted the other way round), a convention rather than an error."""
    if a.kind != DIFFERENCE or not a.est.value:
        return False
    return not estimate_outside(Printed(-a.est.value, a.est.decimals, a.est.text), a.lower, a.upper)
