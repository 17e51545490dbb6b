"""results: values of baseline and outcome measures against their own dispersion (a mean or median
outside its printed range, a mean equal to its maximum), totals against their groups."""
from __future__ import annotations

from typing import Iterator

from auditor.findings import Finding
from auditor.model import Measure, Trial
from auditor.rules import rule

from ._results import BASE, CAT, OUTC, enum_key, ev, group_n, printed

_RANGE_PARAMS = ("MEAN", "MEDIAN", "GEOMETRIC_MEAN")


def _limits_kind(m: Measure) -> str | None:
    """'range', 'iqr' or 'ci' when the measure's lower/upper limits bound its value."""
    d, p = enum_key(m.dispersion), enum_key(m.param)
    if d == "FULL_RANGE" and p in _RANGE_PARAMS:
        return "range"
    if d == "INTER_QUARTILE_RANGE" and p == "MEDIAN":
        return "iqr"
    if "CONFIDENCE" in d:
        return "ci"
    return None


_SHOWN = {"range": "full range", "iqr": "inter-quartile range", "ci": "confidence interval"}


def _path(m: Measure) -> str:
    return BASE if m.kind == "baseline" else OUTC


def _gtitles(trial: Trial, m: Measure) -> dict[str, str]:
    return {g.id: g.name for g in (m.groups or trial.results.baseline_groups)}


def _measures(trial: Trial) -> list[Measure]:
    r = trial.results
    return (r.baseline_measures + r.outcome_measures) if r is not None else []


@rule("RES005", category=CAT, severity="error", title="A mean or median lies outside its own range")
def outside_range(trial: Trial, ctx) -> Iterator[Finding]:
    """What: a posted mean, median or geometric mean outside its own full range (minimum-maximum), a
    median outside its inter-quartile range, or any value outside its confidence interval, whatever
    the rounding of the printed numbers; also limits printed in reverse order (lower above upper).
    Why: a central value always lies inside the range of the data and inside its own CI; one of the
    three numbers was entered wrongly (PRS results review: "Data reported here appear invalid").
    Example: Age, Mean 71.3, Full Range 18 to 65 -> 'Baseline "Age, Continuous", group "Placebo": the
    mean 71.3 lies outside its full range 18 to 65.'"""
    for m in _measures(trial):
        kind = _limits_kind(m)
        if kind is None:
            continue
        titles = _gtitles(trial, m)
        for row in m.rows:
            for x in row.measurements:
                v, lo, hi = printed(x.value), printed(x.lower), printed(x.upper)
                if v is None or lo is None or hi is None:
                    continue
                name = enum_key(m.param).replace("_", " ").lower()
                if lo.lo > hi.hi:
                    what = f"its {_SHOWN[kind]} is printed in reverse order ({x.lower.raw.strip()} to {x.upper.raw.strip()})"
                elif v.hi < lo.lo or v.lo > hi.hi:
                    what = (f"the {name} {x.value.raw.strip()} lies outside its {_SHOWN[kind]} "
                            f"{x.lower.raw.strip()} to {x.upper.raw.strip()}")
                else:
                    continue
                cat = f' ({" / ".join(t for t in (row.class_title, row.category_title) if t)})' \
                    if (row.class_title or row.category_title) else ""
                where = "Baseline" if m.kind == "baseline" else "Outcome measure"
                yield Finding(
                    rule="RES005", category=CAT, severity="error", record=trial.id,
                    message=f'{where} "{m.name}"{cat}, group "{titles.get(x.group, x.group)}": {what}.',
                    evidence=ev(x.value, name) + ev(x.lower, "lower limit") + ev(x.upper, "upper limit"),
                    fields=[_path(m)], values={"value": x.value.raw.strip(),
                                               "limits": f"{x.lower.raw.strip()} to {x.upper.raw.strip()}"})


@rule("RES006", category=CAT, severity="warning", title="A mean equals its maximum or minimum though the range is wide")
def mean_at_limit(trial: Trial, ctx) -> Iterator[Finding]:
    """What: a posted mean with a full range equals its maximum (or minimum) although the range is
    wide: with n participants, one at the other end of the range moves the mean by (max - min) / n,
    more than the rounding of the printed mean allows. The group's analysed count gives n.
    Why: a mean can equal the maximum only if every value does; printed with a spread, it means the
    mean and a limit were swapped or mistyped (PRS results review: "Data reported here appear invalid").
    Example: Age, Mean 65, Full Range 40 to 65, 30 participants -> 'Baseline "Age", group "Drug": the
    mean 65 equals the maximum although the range 40 to 65 over 30 participants puts the mean at
    most 64.2.'"""
    for m in _measures(trial):
        if enum_key(m.dispersion) != "FULL_RANGE" or enum_key(m.param) not in ("MEAN", "GEOMETRIC_MEAN"):
            continue
        titles = _gtitles(trial, m)
        for row in m.rows:
            for x in row.measurements:
                v, lo, hi = printed(x.value), printed(x.lower), printed(x.upper)
                n = group_n(trial, m, row, x.group)
                if v is None or lo is None or hi is None or not n or n < 2 or lo.value >= hi.value:
                    continue
                gap = (hi.lo - lo.hi) / n          # the least a value at the other limit moves the mean
                if v.value == hi.value and hi.hi - gap < v.lo:
                    side, bound = "maximum", f"at most {hi.hi - gap:.{v.decimals + 1}f}"
                elif v.value == lo.value and lo.lo + gap > v.hi:
                    side, bound = "minimum", f"at least {lo.lo + gap:.{v.decimals + 1}f}"
                else:
                    continue
                where = "Baseline" if m.kind == "baseline" else "Outcome measure"
                yield Finding(
                    rule="RES006", category=CAT, severity="warning", record=trial.id,
                    message=(f'{where} "{m.name}", group "{titles.get(x.group, x.group)}": the mean '
                             f"{x.value.raw.strip()} equals the {side} although the range {x.lower.raw.strip()} to "
                             f"{x.upper.raw.strip()} over {n} participants puts the mean {bound}."),
                    evidence=ev(x.value, "mean") + ev(x.lower, "minimum") + ev(x.upper, "maximum"),
                    fields=[_path(m)], values={"mean": x.value.raw.strip(),
                                               "range": f"{x.lower.raw.strip()} to {x.upper.raw.strip()}",
                                               "participants": str(n)})
