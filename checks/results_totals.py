"""results: the baseline's Total group against its groups (participants analysed, counts of
participants, overall mean against the group means weighted by group sizes)."""
from __future__ import annotations

from typing import Iterator

from auditor.findings import Finding
from auditor.model import GroupCount, Trial
from auditor.results_links import counts_by_group, is_total
from auditor.rules import rule

from ._results import BASE, CAT, crossover, enum_key, ev, group_n, printed


def _split(trial: Trial):
    """(total group id, the other group ids) of the baseline, or None without a Total group."""
    gs = trial.results.baseline_groups if trial.results is not None else []
    tot = [g for g in gs if is_total(g)]
    if len(tot) != 1 or len(gs) < 3:
        return None
    return tot[0], [g for g in gs if g is not tot[0]]


def _sum_finding(trial, what: str, total: GroupCount, parts: list[GroupCount], titles) -> Finding:
    s = sum(c.count.value for c in parts)
    shown = " + ".join(str(c.count.value) for c in parts)
    return Finding(
        rule="RES007", category=CAT, severity="warning", record=trial.id,
        message=f"{what}: the Total is {total.count.value} but the groups add up to {shown} = {s}.",
        evidence=ev(total.count, "Total") + [e for c in parts for e in ev(c.count, f'group "{titles.get(c.group, c.group)}"', False)],
        fields=[BASE], values={"total": str(total.count.value), "sum of groups": f"{shown} = {s}"})


@rule("RES007", category=CAT, severity="warning", title="A baseline Total differs from the sum of its groups")
def total_vs_groups(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the Total column of the results' baseline against the sum of the other groups: the number
    of participants analysed, and each row of a measure that counts participants ('Count of
    Participants', 'Number' of participants: Female, Male, age classes...).
    Why: the Total column is the whole baseline population, each participant in one group; a total
    that is not the sum means a mistyped count (PRS results review: "Data reported here appear invalid").
    Example: Placebo 40, Drug 38, Total 80 -> 'Participants analysed at baseline: the Total is 80 but
    the groups add up to 40 + 38 = 78.'"""
    sp = _split(trial)
    if sp is None:
        return
    total, others = sp
    titles = {g.id: g.name for g in trial.results.baseline_groups}
    by = counts_by_group(trial.results.baseline_analyzed)
    if total.id in by and all(g.id in by for g in others):
        parts = [by[g.id] for g in others]
        if sum(c.count.value for c in parts) != by[total.id].count.value:
            yield _sum_finding(trial, "Participants analysed at baseline", by[total.id], parts, titles)
            return      # the rows would repeat the same difference
    for m in trial.results.baseline_measures:
        if enum_key(m.param) not in ("COUNT_OF_PARTICIPANTS", "NUMBER") or \
                (m.units is not None and ("participant" not in m.units.value.lower() or "%" in m.units.value
                                            or "percent" in m.units.value.lower())):
            continue
        for row in m.rows:
            vals = {}
            for x in row.measurements:
                p = printed(x.value)
                if p is not None and p.decimals == 0:
                    vals[x.group] = GroupCount(x.group, type(x.value)(int(p.value), x.value.raw, x.value.loc))
            if total.id in vals and all(g.id in vals for g in others):
                parts = [vals[g.id] for g in others]
                if sum(c.count.value for c in parts) != vals[total.id].count.value:
                    cat = " / ".join(t for t in (row.class_title, row.category_title) if t)
                    yield _sum_finding(trial, f'Baseline "{m.name}"' + (f" ({cat})" if cat else ""),
                                       vals[total.id], parts, titles)
                    break


@rule("RES008", category=CAT, severity="warning", title="The overall baseline mean cannot come from the group means")
def overall_mean(trial: Trial, ctx) -> Iterator[Finding]:
    """What: a baseline mean in the Total column against the group means weighted by the groups'
    participants analysed (the measure's own counts when given), with every printed value taken over
    its rounding interval. Reported when the Total lies outside the lowest and highest group means
    (any weights give a mean between them), or, when the group sizes add up to the Total's, when it
    misses the weighted mean by more than a quarter of the spread of the group means and more than 1%
    (old records give no per-measure counts: data missing in a group shifts the weights a little). Crossover and factorial designs are skipped.
    Why: the overall mean is the weighted mean of the group means; one that the groups cannot give
    means a mistyped mean or count (PRS results review: "Data reported here appear invalid").
    Example: Placebo 40 participants mean age 52.1, Drug 40 mean 54.3, Total 58.0 -> 'Baseline "Age,
    Continuous": the Total mean 58.0 cannot come from the group means (52.1 x 40 + 54.3 x 40) / 80 =
    53.2.'"""
    sp = _split(trial)
    if sp is None or crossover(trial):
        return
    total, others = sp
    titles = {g.id: g.name for g in trial.results.baseline_groups}
    for m in trial.results.baseline_measures:
        if enum_key(m.param) != "MEAN":
            continue
        for row in m.rows:
            cells = {x.group: x for x in row.measurements}
            if total.id not in cells or not all(g.id in cells for g in others):
                continue
            t = printed(cells[total.id].value)
            gs = [(g, printed(cells[g.id].value), group_n(trial, m, row, g.id)) for g in others]
            if t is None or any(p is None for _g, p, _n2 in gs):
                continue
            lo_hull, hi_hull = min(p.lo for _g, p, _k in gs), max(p.hi for _g, p, _k in gs)
            n_tot = group_n(trial, m, row, total.id)
            exact = n_tot and all(k for _g, _p, k in gs) and sum(k for _g, _p, k in gs) == n_tot
            if exact:
                wlo = sum(p.lo * k for _g, p, k in gs) / n_tot
                whi = sum(p.hi * k for _g, p, k in gs) / n_tot
            else:
                wlo, whi = lo_hull, hi_hull
            eps = 1e-9 * max(1.0, abs(t.value))
            off = max(wlo - t.hi, t.lo - whi)      # beyond every rounding, > 0 when impossible
            outside_hull = t.hi < lo_hull - eps or t.lo > hi_hull + eps
            # Old records give no per-measure counts: data missing in one group moves the weights.
            # Only a gap no plausible missing share explains is reported: a quarter of the spread
            # of the group means, and 1% of the mean.
            material = exact and off > 0.25 * (hi_hull - lo_hull) and off > 0.01 * abs(t.value)
            if outside_hull or material:
                if exact:
                    calc = " + ".join(f"{cells[g.id].value.raw.strip()} x {k}" for g, _p, k in gs)
                    w = sum(p.value * k for _g, p, k in gs) / n_tot
                    how = f"({calc}) / {n_tot} = {w:.{t.decimals + 1}f}"
                else:
                    how = f"the group means range from {min(p.value for _g, p, _k in gs):g} to " \
                          f"{max(p.value for _g, p, _k in gs):g}"
                cat = " / ".join(x for x in (row.class_title, row.category_title) if x)
                yield Finding(
                    rule="RES008", category=CAT, severity="warning", record=trial.id,
                    message=(f'Baseline "{m.name}"' + (f" ({cat})" if cat else "") +
                             f": the Total mean {cells[total.id].value.raw.strip()} cannot come from the group "
                             f"means: {how}."),
                    evidence=ev(cells[total.id].value, "Total mean")
                    + [e for g, _p, _k in gs for e in ev(cells[g.id].value, f'mean, group "{titles.get(g.id)}"', False)],
                    fields=[BASE], values={"total mean": cells[total.id].value.raw.strip(), "from groups": how})


# Registry-defined baseline measures whose categories split every participant once.
# Customized measures ('Race/Ethnicity, Customized') may list some categories only, or race and
# ethnicity together: not read.
_PARTITIONS = ("sex: female, male", "age, categorical", "ethnicity (nih/omb)", "race (nih/omb)")


@rule("RES010", category=CAT, severity="warning",
      title="A baseline measure's categories do not add up to the participants analysed")
def categories_vs_analysed(trial: Trial, ctx) -> Iterator[Finding]:
    """What: in the registry's standard baseline measures whose categories count every participant
    once (Sex: Female, Male; Age, Categorical; Ethnicity and Race (NIH/OMB)), the counts of a group's
    categories against the group's participants analysed (the measure's own count when given, else the
    baseline's).
    Why: each participant is in exactly one category of these measures; a sum that differs means a
    mistyped count or participants left out (PRS results review: "Data reported here appear invalid").
    Example: Placebo 40 analysed, Female 22, Male 17 -> 'Baseline "Sex: Female, Male", group "Placebo":
    the categories add up to 22 + 17 = 39 but 40 participants were analysed.'"""
    r = trial.results
    if r is None:
        return
    titles = {g.id: g.name for g in r.baseline_groups}
    for m in r.baseline_measures:
        if m.name.strip().lower() not in _PARTITIONS or enum_key(m.param) not in ("COUNT_OF_PARTICIPANTS", "NUMBER"):
            continue
        if m.units is not None and ("%" in m.units.value or "percent" in m.units.value.lower()):
            continue
        cells: dict[str, list] = {}
        for row in m.rows:
            if row.denoms:
                cells = {}
                break           # class-level denominators: the classes count apart
            for x in row.measurements:
                cells.setdefault(x.group, []).append(x)
        for gid, xs in cells.items():
            vals = [printed(x.value) for x in xs]
            if any(v is None or v.decimals for v in vals):
                continue
            n = None
            for counts in (m.analyzed, r.baseline_analyzed):
                c = counts_by_group(counts).get(gid)
                if c is not None:
                    n = c
                    break
            total = int(sum(v.value for v in vals))
            if n is None or total == n.count.value:
                continue
            shown = " + ".join(x.value.raw.strip() for x in xs)
            yield Finding(
                rule="RES010", category=CAT, severity="warning", record=trial.id,
                message=(f'Baseline "{m.name}", group "{titles.get(gid, gid)}": the categories add up to '
                         f"{shown} = {total} but {n.count.value} participants were analysed."),
                evidence=ev(n.count, "participants analysed") + [e for x in xs for e in ev(x.value, "category", False)],
                fields=[BASE], values={"analysed": str(n.count.value), "categories": f"{shown} = {total}"})
            break
