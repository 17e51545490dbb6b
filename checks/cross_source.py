"""cross-source (corpus scope): one record read from several files or renderings, and related
records (linked by ids they name, or by the same sponsor, official and intervention).

XSRC001 compares renderings of the same record version field by field: a value absent from one
rendering is not a disagreement; dates agree when their spans overlap ('March 2009' and
'2009-03-15'). Renderings from different files are one version only when their last-update dates
are equal: a record updated between two downloads legitimately changes.
XSRC002 compares related records' design facts (eligible ages, dosing interval and dose) at info:
they are different studies."""
from __future__ import annotations

import math
from typing import Any, Callable

from auditor.extract.ages import fmt_years
from auditor.extract.dosing import interval_label, same_interval
from auditor.findings import Evidence, Finding
from auditor.linking import index_for, norm_name, same_org
from auditor.model import FIELD_PATHS, Age, DateValue, Field, Trial
from auditor.rules import rule
from auditor.vocab import date_bounds, phase_label


def _enum(f: Field | None) -> Any:
    return f.value if f is not None and f.value not in (None, "", []) else None


def _phases(f: Field | None) -> Any:
    v = _enum(f)
    return tuple(v) if isinstance(v, list) else None


def _age(f: Field | None) -> Any:
    return round(f.value.years, 4) if f is not None and isinstance(f.value, Age) else None


def _int(f: Field | None) -> Any:
    return f.value if f is not None and isinstance(f.value, int) and not isinstance(f.value, bool) else None


def _date(f: Field | None) -> Any:
    return f.value if f is not None and isinstance(f.value, DateValue) else None


def _dates_agree(a: DateValue, b: DateValue) -> bool:
    (a0, a1), (b0, b1) = date_bounds(a), date_bounds(b)
    overlap = a0 <= b1 and b0 <= a1
    return overlap and (a.type is None or b.type is None or a.type == b.type)


def _shown(attr: str, v: Any) -> str:
    if attr == "phases":
        return phase_label(list(v))
    if attr in ("min_age", "max_age"):
        return f"{fmt_years(v)} years"
    if isinstance(v, DateValue):
        return v.iso + {"ACTUAL": " (actual)", "ESTIMATED": " (anticipated)"}.get(v.type or "", "")
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


# attribute -> (label, value getter, agree(a, b))
def _SAME(a: Any, b: Any) -> bool:
    return a == b


_FIELDS: tuple[tuple[str, str, Callable, Callable], ...] = (
    ("overall_status", "overall status", _enum, _SAME),
    ("study_type", "study type", _enum, _SAME),
    ("phases", "phase", _phases, _SAME),
    ("allocation", "allocation", _enum, _SAME),
    ("intervention_model", "intervention model", _enum, _SAME),
    ("masking", "masking", _enum, _SAME),
    ("primary_purpose", "primary purpose", _enum, _SAME),
    ("enrollment", "enrollment", _int, _SAME),
    ("enrollment_type", "enrollment type", _enum, _SAME),
    ("sex", "eligible sex", _enum, _SAME),
    ("healthy_volunteers", "healthy volunteers", _enum, _SAME),
    ("min_age", "minimum age", _age, lambda a, b: math.isclose(a, b, abs_tol=1e-3)),
    ("max_age", "maximum age", _age, lambda a, b: math.isclose(a, b, abs_tol=1e-3)),
    ("start_date", "study start date", _date, _dates_agree),
    ("primary_completion_date", "primary completion date", _date, _dates_agree),
    ("completion_date", "study completion date", _date, _dates_agree),
    ("first_posted", "first posted date", _date, _dates_agree),
    ("lead_sponsor", "lead sponsor", _enum, lambda a, b: same_org(str(a), str(b))),
)


def _version(t: Trial) -> str | None:
    d = _date(t.last_update_posted)
    return d.iso if d is not None else None


def _comparable_groups(trials: list[Trial]) -> list[list[Trial]]:
    """Renderings that describe one version: same file, or the same last-update date."""
    parent = list(range(len(trials)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(trials)):
        for j in range(i + 1, len(trials)):
            a, b = trials[i], trials[j]
            va, vb = _version(a), _version(b)
            if a.source == b.source or (va is not None and va == vb):
                parent[find(i)] = find(j)
    groups: dict[int, list[Trial]] = {}
    for i, t in enumerate(trials):
        groups.setdefault(find(i), []).append(t)
    return [g for g in groups.values() if len(g) > 1]


def _where(t: Trial) -> str:
    return f"{t.source} ({t.rendering})" if t.rendering != "main" else t.source


def _condition_set(t: Trial) -> frozenset[str]:
    out = set()
    for f in t.conditions:
        if isinstance(f.value, str):
            out.update(x for x in (norm_name(p) for p in f.value.replace(";", ",").split(",")) if x)
    return frozenset(out)


@rule("XSRC001", category="cross-source", severity="error", scope="corpus",
      title="Renderings of the same record disagree")
def renderings_disagree(ctx):
    """What: one registry id read from several renderings of one file (a web page's summary and its
    'Full info' view) or from several files of the same version (equal last-update dates) whose
    values differ: status, study type, phase, allocation, model, masking, purpose, enrollment and its
    type, sex, healthy volunteers, age limits, dates (compared at their common precision), lead
    sponsor, conditions and the number of arms and interventions. A value only one rendering gives
    is not a disagreement; files of different versions are not compared.
    Why: the same record cannot state two values for one fact; one rendering was transcribed or
    converted wrongly, and users of either see different trials.
    Example: a page's summary 'Phase 1' (line 13) and its full view 'Phase 1, Phase 2' (line 164) ->
    'NCT00000001 states phase Phase 1 in page.txt (summary) but Phase 1/Phase 2 in page.txt (full).'"""
    for rid, trials in sorted(ctx.by_id.items()):
        if len(trials) < 2:
            continue
        for group in _comparable_groups(trials):
            yield from _group_findings(rid, group)


def _group_findings(rid: str, group: list[Trial]):
    for attr, label, get, agree in _FIELDS:
        vals = [(t, get(getattr(t, attr)), getattr(t, attr)) for t in group]
        vals = [(t, v, f) for t, v, f in vals if v is not None]
        if len(vals) < 2:
            continue
        first_t, first_v, first_f = vals[0]
        other = next(((t, v, f) for t, v, f in vals[1:] if not agree(first_v, v)), None)
        if other is None:
            continue
        t2, v2, f2 = other
        yield Finding(
            rule="XSRC001", category="cross-source", severity="error", record=rid,
            message=f"{rid} states {label} {_shown(attr, first_v)} in {_where(first_t)} but {_shown(attr, v2)} "
                    f"in {_where(t2)}.",
            evidence=[Evidence.of(first_f, f"{label} ({first_t.rendering})", highlight=first_f.raw),
                      Evidence.of(f2, f"{label} ({t2.rendering})", highlight=f2.raw)],
            fields=[FIELD_PATHS[attr]],
            values={_where(first_t): _shown(attr, first_v), _where(t2): _shown(attr, v2)})
    yield from _count_findings(rid, group, "arms", "arms", lambda t: len(t.arms),
                               lambda t: [a.label for a in t.arms])
    yield from _count_findings(rid, group, "interventions", "interventions", lambda t: len(t.interventions),
                               lambda t: [i.name for i in t.interventions])
    conds = [(t, _condition_set(t)) for t in group if t.conditions]
    if len(conds) >= 2 and conds[0][1] != conds[1][1]:
        (t1, c1), (t2, c2) = conds[0], conds[1]
        only1, only2 = sorted(c1 - c2), sorted(c2 - c1)
        yield Finding(
            rule="XSRC001", category="cross-source", severity="error", record=rid,
            message=f"{rid} lists different conditions in {_where(t1)} ({'; '.join(sorted(c1))}) and "
                    f"{_where(t2)} ({'; '.join(sorted(c2))}).",
            evidence=[Evidence.of(f, f"condition ({t1.rendering})") for f in t1.conditions[:3]] +
                     [Evidence.of(f, f"condition ({t2.rendering})") for f in t2.conditions[:3]],
            fields=[FIELD_PATHS["conditions"]],
            values={f"only in {_where(t1)}": "; ".join(only1) or "-", f"only in {_where(t2)}": "; ".join(only2) or "-"})


def _count_findings(rid: str, group: list[Trial], attr: str, label: str, count, names):
    with_any = [t for t in group if count(t) > 0]
    if len(with_any) < 2:
        return
    t1 = with_any[0]
    t2 = next((t for t in with_any[1:] if count(t) != count(t1)), None)
    if t2 is None:
        return
    ev = [Evidence.of(f, f"{label[:-1]} ({t1.rendering})") for f in names(t1) if f is not None][:5]
    ev += [Evidence.of(f, f"{label[:-1]} ({t2.rendering})") for f in names(t2) if f is not None][:5]
    yield Finding(
        rule="XSRC001", category="cross-source", severity="error", record=rid,
        message=f"{rid} lists {count(t1)} {label} in {_where(t1)} but {count(t2)} in {_where(t2)}.",
        evidence=ev, fields=[FIELD_PATHS[attr]],
        values={_where(t1): str(count(t1)), _where(t2): str(count(t2))})


def _age_range(trials: list[Trial]) -> tuple[Trial, float | None, float | None] | None:
    t = next((t for t in trials if _age(t.min_age) is not None or _age(t.max_age) is not None), None)
    return (t, _age(t.min_age), _age(t.max_age)) if t is not None else None


@rule("XSRC002", category="cross-source", severity="info", scope="corpus",
      title="Related records state different design facts (ages, dosing)")
def related_records_differ(ctx):
    """What: two records linked by an id one names (related or secondary ids), a registry id both
    name, or the same lead sponsor, overall official and intervention, that give different eligible
    age limits, or different dosing intervals (or doses) for the same product. Reported at info:
    the records are different studies, differences may be by design.
    Why: sibling registrations of one team often copy a protocol; a difference can be a deliberate
    change or a copying error in one of them, and a paper citing one may describe the other.
    Example: NCT00000001 (18-70 years, 'once per 4 week') and NCT00000002 (18-69 years, 'three
    times at 3-week intervals'), same sponsor, official and cell-product intervention -> two info
    findings, each quoting both records."""
    idx = index_for(ctx.by_id, ctx.link_sizes)
    for a, b, link in idx.record_links():
        ta, tb = ctx.by_id[a], ctx.by_id[b]
        ra, rb = _age_range(ta), _age_range(tb)
        if ra is not None and rb is not None:
            (t1, lo1, hi1), (t2, lo2, hi2) = ra, rb
            lo_diff = lo1 is not None and lo2 is not None and not math.isclose(lo1, lo2, abs_tol=1e-3)
            hi_diff = hi1 is not None and hi2 is not None and not math.isclose(hi1, hi2, abs_tol=1e-3)
            if lo_diff or hi_diff:
                from .publication_registry import age_range_text
                yield Finding(
                    rule="XSRC002", category="cross-source", severity="info", record=a,
                    message=f"Related records state different age limits: {a} {age_range_text(lo1, hi1)}, "
                            f"{b} {age_range_text(lo2, hi2)} (linked by {link.reason}).",
                    evidence=[e for e in (Evidence.of(t1.min_age, f"{a} minimum age"),
                                          Evidence.of(t1.max_age, f"{a} maximum age"),
                                          Evidence.of(t2.min_age, f"{b} minimum age"),
                                          Evidence.of(t2.max_age, f"{b} maximum age")) if e is not None] +
                             [e for e in link.evidence if e is not None],
                    fields=[FIELD_PATHS["min_age"], FIELD_PATHS["max_age"]], related=[b],
                    values={a: age_range_text(lo1, hi1), b: age_range_text(lo2, hi2)})
        yield from _dosing_findings(a, b, ta, tb, link)


def _dosing_findings(a: str, b: str, ta: list[Trial], tb: list[Trial], link):
    from .publication_registry import record_schedules   # here: a run of unrelated records never needs it
    sa, sb = record_schedules(ta), record_schedules(tb)
    done: set = set()
    for x in sa:
        same = [y for y in sb if x.terms & y.terms and x.schedule.basis == y.schedule.basis]
        if not same or any(same_interval(x.schedule.interval_days, y.schedule.interval_days) for y in same):
            continue
        y = same[0]
        key = (round(x.schedule.interval_days, 3), round(y.schedule.interval_days, 3))
        if key in done:
            continue
        done.add(key)
        product = sorted(x.terms & y.terms)[0].replace("_", " ")
        la, lb = interval_label(x.schedule.interval_days), interval_label(y.schedule.interval_days)
        msg = (f"Related records give different dosing intervals for {product}: {a} {la} ('{x.schedule.text}'), "
               f"{b} {lb} ('{y.schedule.text}')")
        values = {a: la, b: lb}
        if x.schedule.dose_value is not None and y.schedule.dose_value is not None and \
                x.schedule.dose_unit == y.schedule.dose_unit and \
                not math.isclose(x.schedule.dose_value, y.schedule.dose_value, rel_tol=0.01):
            msg += f", and doses {x.schedule.dose_text} vs {y.schedule.dose_text}"
            values.update({f"{a} dose": x.schedule.dose_text, f"{b} dose": y.schedule.dose_text})
        yield Finding(
            rule="XSRC002", category="cross-source", severity="info", record=a,
            message=f"{msg} (linked by {link.reason}).",
            evidence=[_sched_evidence(x, a), _sched_evidence(y, b)] + [e for e in link.evidence if e is not None],
            fields=[FIELD_PATHS["interventions"] + ".description"], related=[b], values=values)


def _sched_evidence(r, rid: str) -> Evidence:
    s0, s1 = r.schedule.sentence_span
    text = r.field.value[s0:s1].strip()
    return Evidence.at(r.field.loc, text if len(text) <= 400 else r.schedule.text, f"{rid}: dosing", r.schedule.text)
