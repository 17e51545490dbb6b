"""enrollment: a paper's whole-trial counts told in different places (auditor/extract/paper_counts.py): an
abstract that calls the analysed number 'enrolled' while more were randomized, and a planned sample size
that the number randomized does not meet, with no reason given."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.paper_counts import PaperCount, paper_counts
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_words import _cut

_FLOW_SECTIONS = frozenset({"abstract", "methods", "results"})
_CLUSTER = re.compile(r"(?i)\bcluster[- ]?randomi|\bclusters\b")
_PLAN_GAP = 0.10       # a planned size within 10% of the number randomized is met (CONSORT 7a: explain a shortfall)
# A paper that says why fewer (or more) were randomized than planned.
_REASON = re.compile(
    r"(?i)\b(?:stopped|terminated|halted|discontinued|ended|closed)\s+(?:\w+\s+){0,3}?(?:early|prematurely|before)|"
    r"early\s+(?:termination|stopping|closure)|futility|interim\s+analys|slow(?:er)?\s+(?:than\s+\w+\s+)?"
    r"(?:recruitment|enrol+ment|accrual|inclusion)|(?:poor|low|difficult\w*|insufficient|delay\w*\s+in)\s+"
    r"(?:recruitment|enrol+ment|accrual)|recruitment\s+(?:was|proved|became)\s+(?:slow|difficult|poor|lower)|"
    r"(?:not|never)\s+(?:\w+\s+){0,2}?(?:met|reached|achieved|attained)|fail\w*\s+to\s+(?:reach|recruit|meet|achieve)|"
    r"fewer\s+(?:\w+\s+){0,2}than\s+(?:planned|expected|anticipated|intended|targeted)|"
    r"(?:more|larger)\s+(?:\w+\s+){0,2}than\s+(?:planned|expected|anticipated|intended|required)|"
    r"cessation\s+of\s+(?:recruitment|enrol+ment)|(?:recruitment|enrol+ment|accrual)\s+(?:was\s+)?(?:stopped|ceased|"
    r"closed|ended|terminated|suspended)|over-?recruit|exceed\w*\s+(?:the\s+)?(?:planned|target|required|calculated)|"
    r"lack\s+of\s+funding|"
    r"funding\s+(?:ended|ran\s+out|constraints)|(?:under|over)-?powered|"
    r"(?:sample\s+size|target)\s+was\s+(?:increased|decreased|reduced|amended|revised|recalculated|re-estimated)|"
    r"(?:increase|reduce|reduction|revision|amendment)\s+(?:of|in|to)\s+the\s+(?:planned\s+)?sample\s+size")
# 'allowing for a 20% drop-out rate', 'assuming an attrition of 15%': the plan inflated for losses.
_LOSS = r"(?:drop-?\s?outs?|attrition|loss(?:es)?\s+to\s+follow|lost\s+to\s+follow|withdrawals?|non-?complian\w*)"
_LOSS_RATE = (re.compile(rf"(?i)(?P<r>\d{{1,2}}(?:\.\d+)?)\s?%\s+(?:\w+\s+){{0,3}}?{_LOSS}"),
              re.compile(rf"(?i){_LOSS}\s+(?:\w+\s+){{0,3}}?(?:of|at|to\s+be)\s+"
                         rf"(?:about\s+|approximately\s+|up\s+to\s+)?"
                         rf"(?P<r>\d{{1,2}}(?:\.\d+)?)\s?%"))


def _ev(pub: Publication, c: PaperCount, label: str) -> Evidence:
    return Evidence(source=pub.source, line=c.line, col=c.col, text=_cut(c.sentence), label=label,
                    highlight=" ".join(c.count.text.split()))


def _flow(pub: Publication) -> list[PaperCount]:
    return paper_counts(pub, _FLOW_SECTIONS)


_ABSTRACT = frozenset({"abstract"})
_METHODS = frozenset({"methods"})        # where a paper states its planned sample size


def _whole(counts: list[PaperCount]) -> list[PaperCount]:
    return [c for c in counts if not c.count.per_group]


def _randomized(counts: list[PaperCount]) -> PaperCount | None:
    """The one number randomized the paper gives (first statement of it), or None when it gives
    several (another population, a phase, a typo: not one we can pair)."""
    rand = [c for c in counts if c.count.kind == "randomized"]
    return rand[0] if rand and len({c.count.value for c in rand}) == 1 else None


@rule("ENR009", category="enrollment", severity="warning", scope="publication",
      title="The abstract calls the analysed number enrolled while more were randomized")
def abstract_enrolled_is_analysed(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads the whole-trial counts of a paper (not one group's: 'respectively', 'to the placebo
    group', numbers in parentheses are skipped) and reports an abstract that says N participants were
    enrolled, included or recruited when the methods or results say more were randomized and N is the
    number analysed. The paper must give one number randomized, and the abstract's N must be the body's
    count of those analysed.
    Why: CONSORT for abstracts asks for the number randomized; an abstract that calls the analysed
    number 'enrolled' hides the participants lost or excluded after randomization, which is what a
    reader needs to judge attrition bias.
    Example: abstract '120 patients were enrolled', results '135 patients were randomized ... 120 were
    included in the analysis' -> 'The abstract says 120 enrolled, but 135 were randomized; 120 is the
    number analysed.'"""
    if not any(c.count.kind == "enrolled" and not c.count.per_group for c in paper_counts(pub, _ABSTRACT)):
        return                   # most abstracts say no number enrolled: the body need not be read
    counts = _whole(_flow(pub))
    rand = _randomized(counts)
    if rand is None:
        return
    analysed = {c.count.value: c for c in counts if c.count.kind == "analysed" and c.section != "abstract"}
    for c in counts:
        if c.section != "abstract" or c.count.kind != "enrolled":
            continue
        n = c.count.value
        if n >= rand.count.value or n not in analysed:
            continue
        an = analysed[n]
        yield Finding(
            rule="ENR009", category="enrollment", severity="warning", record=pub.id,
            message=(f"The abstract says {n} enrolled, but {rand.count.value} were randomized; {n} is the number "
                     f"analysed."),
            evidence=[_ev(pub, c, "abstract: enrolled"), _ev(pub, rand, "randomized"), _ev(pub, an, "analysed")],
            values={"abstract enrolled": str(n), "randomized": str(rand.count.value), "analysed": str(n)})
        return


def _loss_rates(pub: Publication) -> list[float]:
    out = []
    for line in pub.lines:
        if "%" not in line:
            continue
        for rx in _LOSS_RATE:
            out.extend(float(m.group("r")) / 100 for m in rx.finditer(line))
    return sorted({r for r in out if 0 < r < 0.6})


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= _PLAN_GAP * b


@rule("ENR010", category="enrollment", severity="info", scope="publication",
      title="The number randomized differs from the planned sample size and the paper does not say why")
def planned_vs_randomized(pub: Publication, ctx) -> Iterator[Finding]:
    """What: compares the planned sample size a paper states ('a sample size of 200 was required') with
    the one number randomized it gives, and reports a difference of more than 10% of the plan when the
    paper gives no reason: no early stop, futility or interim analysis, slow or poor recruitment, a
    target not met or exceeded, a revised sample size, and no allowance for drop-outs that turns the
    plan into the number randomized (planned / (1 - rate) or planned x (1 + rate)). Per-group sizes,
    ranges ('30-50'), counts of eyes, hips or sites and cluster trials are not compared.
    Why: CONSORT item 7a asks how the sample size was determined and item 14b why a trial ended; a trial
    that randomized far fewer than it planned is underpowered, one that randomized far more spent
    participants it did not need, and a reader should be told why.
    Example: methods 'A total sample size of 66 was considered adequate', abstract 'A total of 166 adult
    men were randomly assigned' -> '166 were randomized, but the planned sample size was 66 (a
    difference of +152%); the paper gives no reason.'"""
    plans = paper_counts(pub, _METHODS, only="planned")
    if any(c.count.per_group for c in plans):
        return                   # a plan per group: the planned total is not stated
    planned = [c for c in plans if c.section != "abstract"]
    if not planned:
        return
    rand = _randomized(paper_counts(pub, _FLOW_SECTIONS, only="randomized"))
    if rand is None:
        return
    r = rand.count.value
    plans = sorted({c.count.value for c in planned})
    if any(_near(r, p) for p in plans):
        return
    rates = _loss_rates(pub)
    if any(_near(r, p / (1 - q)) or _near(r, p * (1 + q)) for p in plans for q in rates):
        return
    if any(_CLUSTER.search(line) for line in pub.lines):
        return                   # a cluster trial plans clusters and participants: two sample sizes
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in ("references", "bibliography")]
    if any(_REASON.search(line) for i, line in enumerate(pub.lines, 1) if not any(a <= i <= b for a, b in skip)):
        return
    plan = planned[0]
    p = plan.count.value
    diff = (r - p) / p * 100
    yield Finding(
        rule="ENR010", category="enrollment", severity="info", record=pub.id,
        message=(f"{r} were randomized, but the planned sample size was {p} (a difference of {diff:+.0f}%); "
                 f"the paper gives no reason."),
        evidence=[_ev(pub, plan, "planned sample size"), _ev(pub, rand, "randomized")],
        values={"planned": ", ".join(str(x) for x in plans), "randomized": str(r), "difference": f"{diff:+.0f}%",
                "allowed": f"within {_PLAN_GAP:.0%} of the plan"})
