"""p-values recomputed from an estimate and its confidence interval (Altman & Bland, BMJ 2011;343:d2304).

For a difference: SE = (upper - lower) / (2 z_c), z = estimate / SE, p = erfc(|z| / sqrt 2), where z_c is
the normal quantile of the CI level (1.96 for 95%). For a ratio (HR, OR, RR, ...) the same on the log scale.
This is the Wald approximation: it assumes a CI symmetric on that scale. The p-value may come from a
t-test (a difference of means, or a ratio tested on the log scale across a few clusters); with few degrees
of freedom its p-value is larger than the normal one, so `p_max_small` gives the largest p a t test with
`small_df` degrees of freedom would print for the same CI.

Every printed value stands for an interval (see printed.py), so the recomputed p is a range: the smallest
and largest p over every combination of unrounded estimate and limits that print as the reported ones.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist


from .printed import Printed

RATIO = "ratio"
DIFFERENCE = "difference"
NULL = {RATIO: 1.0, DIFFERENCE: 0.0}
_EPS = 1e-9   # rounding intervals that touch are not disjoint, whatever the binary floating point says


def z_crit(level_pct: float) -> float:
    """The two-sided normal quantile of a CI level: 95 -> 1.959964."""
    return NormalDist().inv_cdf(1 - (1 - level_pct / 100) / 2)


def p_from_z(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(slots=True, frozen=True)
class Recomputed:
    p: float            # from the printed values as they stand
    p_min: float        # over the rounding box
    p_max: float
    position: float     # where the estimate sits in its CI on the test scale: 0.5 = symmetric
    p_max_small: float  # the largest p allowing a small-sample t test (equals p_max without small_df)


def _scaled(x: float, kind: str) -> float | None:
    if kind == RATIO:
        return math.log(x) if x > 0 else None
    return x


def p_from_t(ratio: float, level_pct: float, df: int) -> float:
    """Two-sided p of a t-test whose CI at level_pct spans `ratio` = |estimate| / half-width."""
    from scipy.special import stdtr, stdtrit   # here: importing scipy costs about a second
    tc = float(stdtrit(df, 1 - (1 - level_pct / 100) / 2))
    return float(2 * stdtr(df, -abs(ratio) * tc))


def recompute(kind: str, est: Printed, lower: Printed, upper: Printed, level_pct: float,
              small_df: int | None = None) -> Recomputed | None:
    """The p-value the CI implies, with its range over rounding; None when it cannot be computed
    (ratio limits at or below 0, an empty or reversed CI, an estimate outside the CI). With small_df,
    p_max_small also allows a t-test with that many degrees of freedom."""
    zc = z_crit(level_pct)
    e, lo, hi = (_scaled(v.value, kind) for v in (est, lower, upper))
    if e is None or lo is None or hi is None or not lo < hi or not lo <= e <= hi:
        return None
    p = p_from_z(e / ((hi - lo) / (2 * zc)))
    position = (e - lo) / (hi - lo)
    # Extremes over the box: |z| grows with |estimate| on the scale and shrinks with the CI width.
    e_lo, e_hi = _scaled(est.lo, kind), _scaled(est.hi, kind)
    lo_lo, lo_hi = _scaled(lower.lo, kind), _scaled(lower.hi, kind)
    up_lo, up_hi = _scaled(upper.lo, kind), _scaled(upper.hi, kind)
    if None in (e_lo, lo_lo, lo_hi, up_lo):
        return Recomputed(p, 0.0, 1.0, position, 1.0)  # a limit that may round from 0: no useful range
    widest = up_hi - lo_lo
    narrowest = up_lo - lo_hi
    far = max(abs(e_lo), abs(e_hi))
    near = 0.0 if e_lo <= 0 <= e_hi else min(abs(e_lo), abs(e_hi))
    p_max = max(p_from_z(near / (widest / (2 * zc))), p)
    p_small = max(p_max, p_from_t(near / (widest / 2), level_pct, small_df)) if small_df else p_max
    p_min = 0.0 if narrowest <= 0 else p_from_z(far / (narrowest / (2 * zc)))
    return Recomputed(p, min(p_min, p), p_max, position, p_small)


def excludes_null(kind: str, lower: Printed, upper: Printed) -> bool | None:
    """True when the CI certainly excludes the null (1 for ratios, 0 for differences) whatever the rounding,
    False when it certainly includes it, None when rounding leaves it open ('1.00', '0.0')."""
    null = NULL[kind]
    if lower.lo > null + _EPS or upper.hi < null - _EPS:
        return True
    if lower.hi < null - _EPS and upper.lo > null + _EPS:
        return False
    return None


def estimate_outside(est: Printed, lower: Printed, upper: Printed) -> bool:
    """The estimate lies outside its own CI whatever the rounding of the three values."""
    return est.hi < lower.lo - _EPS or est.lo > upper.hi + _EPS


def asymmetry(kind: str, est: Printed, lower: Printed, upper: Printed) -> float | None:
    """How far the estimate sits from the middle of its CI on the test scale, as a fraction of the CI
    width, after allowing for rounding: 0 when some unrounded values make it symmetric. A Wald CI is
    symmetric; an exact, bootstrap or profile CI may not be, and then the recomputation does not apply."""
    vals = [(_scaled(v.lo, kind), _scaled(v.value, kind), _scaled(v.hi, kind)) for v in (est, lower, upper)]
    if any(x is None for trio in vals for x in trio):
        return None
    (e0, e, e1), (l0, lo, l1), (u0, hi, u1) = vals
    if not lo < hi:
        return None
    slack = (e1 - e0) / 2 + ((l1 - l0) + (u1 - u0)) / 4
    return max(0.0, abs(e - (lo + hi) / 2) - slack) / (hi - lo)
