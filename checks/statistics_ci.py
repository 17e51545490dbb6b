"""statistics: an estimate, its confidence interval and its p-value against each other in a paper's
running text ('HR = 1.89, 95% CI 1.01-3.58, p = 0.051'). Registry results: statistics_registry.py."""
from __future__ import annotations

from auditor.extract.pvalues import estimate_outside
from auditor.extract.stats import Triple, find_triples
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from ._ci_common import OTHER_TEST, Assessed, assess, decision_message, far_message, outside_message, values
from ._ci_common import sign_convention

_SKIP_SECTIONS = {"references", "bibliography"}
_SNIPPET = 320

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
            rank = bool(t.p_test and OTHER_TEST.search(t.p_test))
            out.append((i, t, assess(t.kind, t.label, t.estimate, t.lower, t.upper, t.level, t.p,
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
                          message=decision_message(a), evidence=_pub_evidence(pub, i, t), values=values(a))


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
    Example: '(OR 2.10, 95% CI 1.50-2.94, p = 0.02)' -> 'OR 2.10 (95% CI 1.50 to 2.94): reported p = 0.02
    is over 100 times off the p-value the CI implies; the CI implies p = 1.5e-05 (range over rounding
    1.3e-05-1.9e-05).'"""
    factor = float(ctx.threshold("p_ratio_warning"))
    for i, t, a in _pub_statements(pub):
        off = a.far_factor(factor)
        if off is not None:
            yield Finding(rule="STAT002", category="statistics", severity="warning", record=pub.id,
                          message=far_message(a, off), evidence=_pub_evidence(pub, i, t), values=values(a))


@rule("STAT003", category="statistics", severity="error", scope="publication",
      title="An estimate lies outside its own confidence interval")
def pub_outside(pub: Publication, ctx):
    """What: reports a named estimate (hazard ratio, odds ratio, difference, ...) printed outside the
    confidence interval printed with it, whatever the rounding of the three numbers.
    Why: a point estimate always lies inside its own CI; one of the three numbers is wrong
    (a transposed digit, a limit from another row). A difference that lies inside with the opposite
    sign is a sign convention (a reduction reported as a positive number): a warning, not an error.
    Example: 'OR 2.45 (95% CI 0.52 to 1.98)' -> 'OR 2.45 (95% CI 0.52 to 1.98): the estimate 2.45 lies
    outside its own confidence interval.'"""
    for i, t, a in _pub_statements(pub):
        if estimate_outside(a.est, a.lower, a.upper):
            yield Finding(rule="STAT003", category="statistics", severity="warning" if sign_convention(a) else "error",
                          record=pub.id,
                          message=outside_message(a), evidence=_pub_evidence(pub, i, t), values=values(a))


