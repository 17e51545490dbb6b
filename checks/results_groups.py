"""results: group sizes across the results tables (participant flow, baseline, outcome measures,
adverse events), linked by group title; swapped sizes; analysed counts larger than started."""
from __future__ import annotations

from typing import Iterator

from auditor.findings import Finding
from auditor.model import GroupCount, ResultGroup, Trial
from auditor.results_links import by_title, counts_by_group, flow_in_parts, is_total, milestone, started_by_title
from auditor.rules import rule

from ._results import AE, BASE, CAT, FLOW, OUTC, about_recruitment, crossover, ev, num


def _participants(units) -> bool:
    return units is None or units.value.strip().lower() in ("participants", "participant", "")


def _tables(trial: Trial) -> list[tuple[str, str, list[ResultGroup], dict[str, GroupCount]]]:
    """(table label, field path, groups, group id -> size) for the baseline, the adverse events and
    each outcome measure counted in participants."""
    r = trial.results
    out = []
    if r.baseline_groups and _participants(r.baseline_denom_units):
        out.append(("baseline", BASE, r.baseline_groups, counts_by_group(r.baseline_analyzed)))
    ae = {e.group.id: GroupCount(e.group.id, e.serious_at_risk or e.other_at_risk) for e in r.event_groups}
    if ae:
        out.append(("adverse events (at risk)", AE, [e.group for e in r.event_groups], counts_by_group(list(ae.values()))))
    for m in r.outcome_measures:
        if _participants(m.denom_units) and m.analyzed and not about_recruitment(m):
            out.append((f'outcome measure "{m.name}"', OUTC, m.groups, counts_by_group(m.analyzed)))
    return out


def _linked(trial: Trial, groups: list[ResultGroup], sizes: dict[str, GroupCount]):
    """(title key, flow group, STARTED count, table group, table count) for groups of a table whose
    title names one flow group."""
    started = started_by_title(trial.results, flow_in_parts(trial.results, num(trial.enrollment)))
    out = []
    for k, g in sorted(by_title(groups).items()):
        if k in started and g.id in sizes and not is_total(g):
            fg, sc, _p = started[k]
            out.append((k, fg, sc, g, sizes[g.id]))
    return out


@rule("RES002", category=CAT, severity="warning", title="Group sizes are swapped between results tables")
def swapped_sizes(trial: Trial, ctx) -> Iterator[Finding]:
    """What: two groups of the participant flow (STARTED) and the same two groups, by title, of the
    baseline (participants analysed), the adverse events (participants at risk) or an outcome measure
    (participants analysed) carry each other's sizes: flow A 40, B 38 against baseline A 38, B 40.
    Crossover and factorial designs are skipped.
    Why: every table describes the same arms; sizes that trade places mean the arms were mislabelled in
    one table, so every comparison in it is attributed to the wrong arm (PRS results review: information
    inconsistent with other parts of the record).
    Example: flow STARTED Drug 40, Placebo 38; baseline Drug 38, Placebo 40 -> 'Groups "Drug" and
    "Placebo" have swapped sizes: 40 and 38 started, but the baseline counts 38 and 40.'"""
    if trial.results is None or crossover(trial):
        return
    for label, path, groups, sizes in _tables(trial):
        links = _linked(trial, groups, sizes)
        done = set()
        for i, a in enumerate(links):
            for b in links[i + 1:]:
                sa, sb, ta, tb = a[2].count.value, b[2].count.value, a[4].count.value, b[4].count.value
                if sa == sb or sa == ta or (a[0], b[0]) in done or not (sa == tb and sb == ta):
                    continue
                done.add((a[0], b[0]))
                yield Finding(
                    rule="RES002", category=CAT, severity="warning", record=trial.id,
                    message=(f'Groups "{a[1].name}" and "{b[1].name}" have swapped sizes: {sa} and {sb} started, '
                             f"but the {label} counts {ta} and {tb}."),
                    evidence=(ev(a[2].count, f'STARTED "{a[1].name}"') + ev(b[2].count, f'STARTED "{b[1].name}"')
                              + ev(a[4].count, f'{label} "{a[3].name}"') + ev(b[4].count, f'{label} "{b[3].name}"')),
                    fields=[FLOW, path], values={"started": f"{sa}, {sb}", label: f"{ta}, {tb}"})


def _swapped(trial: Trial, label: str, key: str) -> bool:
    """Whether RES002 reports this group of this table (then RES003 stays silent on it)."""
    for lab, _path, groups, sizes in _tables(trial):
        if lab != label:
            continue
        links = _linked(trial, groups, sizes)
        for a in links:
            for b in links:
                if a is not b and a[0] == key and a[2].count.value == b[4].count.value \
                        and b[2].count.value == a[4].count.value and a[2].count.value != a[4].count.value:
                    return True
    return False


@rule("RES003", category=CAT, severity="warning", title="A results table counts more participants than started")
def more_than_started(trial: Trial, ctx) -> Iterator[Finding]:
    """What: a group of the baseline (participants analysed), of the adverse events (participants at
    risk) or of an outcome measure (participants analysed) counts more participants than the flow
    group of the same title STARTED (its largest STARTED count over the periods; the sum over them when
    the periods hold different people, their STARTED totals adding up to the enrollment), and the table's
    linked groups together count more than started in them (and in flow groups of later periods the
    table does not name, such as a crossover arm): people who never started appear. Tables
    that only move people between arms (as-treated populations) are not reported, nor adverse-event
    tables that count no more than the enrollment (safety populations of everyone treated, including
    people the flow left out: ENR003). Crossover and factorial
    designs are skipped (a participant counts in several treatment groups); outcome measures counted
    in other units (eyes, lesions) are skipped. Swaps are RES002.
    Why: nobody can be analysed or at risk in an arm without having started it; the count or the arm
    label is wrong (PRS results review: "Data reported here appear invalid").
    Example: flow STARTED Placebo 38; outcome 'Pain score' analyses 41 in Placebo -> 'Group "Placebo":
    outcome measure "Pain score" analyses 41 participants but 38 started.'"""
    r = trial.results
    if r is None or crossover(trial):
        return
    seen = set()
    cap = _study_cap(trial) or 0
    enr = num(trial.enrollment)
    for label, path, groups, sizes in _tables(trial):
        links = _linked(trial, groups, sizes)
        counted = sum(x[4].count.value for x in links)
        # As-treated tables move people between arms (counted <= started), and safety tables often
        # count every enrolled person treated, including those the flow left out (ENR003): neither
        # is reported.
        if counted <= sum(x[2].count.value for x in links) + _moved_in(trial, links) \
                or (path == AE and enr is not None and counted <= enr):
            continue
        for k, fg, sc, g, c in links:
            if c.count.value <= sc.count.value or (path, k) in seen or _swapped(trial, label, k) \
                    or (path == OUTC and c.count.value > cap):      # RES004 reports those
                continue
            seen.add((path, k))     # one finding per group and table kind: a wrong STARTED would repeat per outcome
            yield _over(trial, fg, sc, g, c, f"the {label}" if path != OUTC else label, path,
                        "analyses" if path == OUTC else "counts")


def _moved_in(trial: Trial, links) -> int:
    """People who may have joined the linked groups during the study: those who STARTED a later
    period in a flow group the table does not name ('Crossover' arm of a second period)."""
    named = {x[1].id for x in links}
    extra: dict[str, int] = {}
    for p in trial.results.periods[1:]:
        m = milestone(p, "STARTED")
        for gid, c in (counts_by_group(m.counts).items() if m is not None else ()):
            if gid not in named:
                extra[gid] = max(extra.get(gid, 0), c.count.value)
    return sum(extra.values())


def _study_cap(trial: Trial) -> int | None:
    """The most participants the study had: the largest STARTED total of a period, or the enrollment."""
    totals = []
    for p in trial.results.periods:
        m = milestone(p, "STARTED")
        if m is not None:
            totals.append(sum(c.count.value for c in counts_by_group(m.counts).values()))
    return max(totals + [num(trial.enrollment) or 0]) if totals else None


def _over(trial, fg, sc, g, c, where, path, verb) -> Finding:
    return Finding(
        rule="RES003", category=CAT, severity="warning", record=trial.id,
        message=f'Group "{fg.name}": {where} {verb} {c.count.value} participants but {sc.count.value} started.',
        evidence=ev(sc.count, f'STARTED "{fg.name}"') + ev(c.count, f'{where} "{g.name}"'),
        fields=[FLOW, path], values={"started": str(sc.count.value), "counted": str(c.count.value)})


@rule("RES004", category=CAT, severity="error", title="An outcome analyses more participants than the study had")
def analysed_beyond_all(trial: Trial, ctx) -> Iterator[Finding]:
    """What: an outcome measure group analyses more participants than any period of the participant
    flow STARTED in all groups together, and more than the enrollment: the count matches no group and
    not even all of them. Counts in other units than participants are skipped, and so are measures of
    recruitment (titles or groups about eligible, screened, approached or consented people).
    Why: a group of an outcome cannot hold more people than the whole study; the count is mistyped or
    belongs to another table (PRS results review: "Data reported here appear invalid").
    Example: enrollment 80, STARTED 40 + 40, outcome group analyses 800 -> 'Outcome measure "HbA1c"
    analyses 800 participants in "Drug", more than all 80 who started the study.'"""
    r = trial.results
    if r is None or not r.periods:
        return
    cap = _study_cap(trial)
    if cap is None:
        return
    for m in r.outcome_measures:
        if not _participants(m.denom_units) or about_recruitment(m):
            continue
        titles = {g.id: g.name for g in m.groups}
        for c in counts_by_group(m.analyzed).values():
            if c.count.value > cap:
                yield Finding(
                    rule="RES004", category=CAT, severity="error", record=trial.id,
                    message=(f'Outcome measure "{m.name}" analyses {c.count.value} participants in '
                             f'"{titles.get(c.group, c.group)}", more than all {cap} who started the study.'),
                    evidence=ev(c.count, f'analysed, "{titles.get(c.group, c.group)}"')
                    + ev(trial.enrollment, "enrollment"),
                    fields=[OUTC, FLOW], values={"analysed": str(c.count.value), "started or enrolled": str(cap)})
                break
