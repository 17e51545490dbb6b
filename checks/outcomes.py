"""outcomes: the paper's stated primary outcomes against its registered record's (COMPare-style).

Only a paper that states its primary outcome explicitly and whose own registration is in the input
is compared. Each registered primary outcome and each stated primary outcome of the paper is
matched on its measure words after normalisation (abbreviations defined in either text, spelling
variants, synonyms; `auditor/extract/outcome_match.py`); the instrument, the aggregation and the
time point are then compared apart. One finding per registered or published outcome:
- OUT001 (warning): moved between primary and secondary;
- OUT002 (warning): a registered primary outcome the paper does not report, or a published primary
  outcome the registration does not list;
- OUT003 (warning): the same outcome measured with another instrument or scale;
- OUT004 (info; warning when the paper calls it the pre-specified/registered outcome): the same
  outcome at another time point or with another aggregation (mean vs proportion).
A paper that declares the change ('the primary outcome was changed because ...') turns its findings
into info, with that sentence as evidence."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from auditor.extract.abbreviations import find_abbreviations
from auditor.extract.outcome_match import Comparison, compare, facets, times
from auditor.extract.outcome_statements import OutcomeStatement, outcome_items
from auditor.findings import Evidence, Finding
from auditor.linking import Link, intervention_terms, text_terms
from auditor.model import FIELD_PATHS, Outcome, Publication, Trial
from auditor.rules import rule

from .publication_registry import PaperText, own_links, paper_text

_DECLARED = re.compile(
    r"(?i)\b(?:primary\s+(?:outcome|end\s*-?point)s?\b[^.]{0,80}?\b(?:was|were|had\s+been|has\s+been)\s+"
    r"(?:changed|modified|amended|revised|altered|replaced|switched)|(?:changed|modified|amended|revised|altered)\s+"
    r"the\s+primary\s+(?:outcome|end\s*-?point)|originally\s+(?:planned|registered|specified|intended)\s+"
    r"(?:as\s+the\s+)?primary\s+(?:outcome|end\s*-?point))")
_CALLED_REGISTERED = re.compile(
    r"(?i)\b(?:pre-?specified|pre-?registered|registered|protocol[\s-]specified|pre-?defined|a\s+priori)\b")


_PROTOCOL = re.compile(r"(?i)\bprotocol\b|\brationale\s+and\s+design\b|\bdesign\s+and\s+rationale\b")
# A statement about another analysis or study than the registered trial's main one.
_OTHER_ANALYSIS = re.compile(
    r"(?i)\b(?:current|present|this|secondary|post[\s-]?hoc|ancillary|exploratory|pooled)\s+(?:analys[ie]s|sub-?study|"
    r"report)\b|\b(?:parent|original|previous|earlier)\s+(?:trial|study)\b")


def _title(pub: Publication) -> str:
    return pub.title.value if pub.title is not None and isinstance(pub.title.value, str) else "\n".join(pub.lines[:3])


@dataclass(slots=True)
class _Event:
    kind: str                     # 'demoted', 'promoted', 'omitted', 'new', 'changed'
    link: Link
    registered: Outcome | None
    statement: OutcomeStatement | None
    item: str | None              # the outcome (of an enumeration) that was compared
    comparison: Comparison | None
    best: list = field(default_factory=list)    # for omitted/new: what the other side states


def _registered(trials: list[Trial], kind: str) -> list[Outcome]:
    t = next((t for t in trials if any(o.kind == "primary" for o in t.outcomes)), None)
    if t is None:
        return []
    return [o for o in t.outcomes if o.kind == kind and o.title is not None and o.title.value]


def _record_abbreviations(trials: list[Trial]) -> dict[str, str]:
    parts = []
    for t in trials:
        for f in (t.official_title, t.brief_summary, t.detailed_description):
            if f is not None and isinstance(f.value, str):
                parts.append(f.value)
        for o in t.outcomes:
            parts += [f.value for f in (o.title, o.description) if f is not None and isinstance(f.value, str)]
    return find_abbreviations("\n".join(parts))


class _Pair:
    """One paper against one registration: the normalisation both sides share."""

    def __init__(self, paper: PaperText, trials: list[Trial]):
        self.abbr = {**_record_abbreviations(trials), **find_abbreviations(paper.text)}
        self.drop = frozenset().union(*(intervention_terms(t) for t in trials),
                                      *(text_terms(c.value) for t in trials for c in t.conditions
                                        if isinstance(c.value, str)))

    def compare(self, o: Outcome, text: str) -> Comparison:
        when = " ".join(f.value for f in (o.time_frame,) if f is not None and isinstance(f.value, str))
        best = None
        texts = [o.title.value]
        if o.description is not None and isinstance(o.description.value, str) and o.description.value:
            texts.append(f"{o.title.value} {o.description.value}")
        p = facets(text, self.abbr, self.drop)
        for t in texts:
            r = facets(t, self.abbr, self.drop)
            if when:   # the time frame gives time points, never measure words ('while on the waiting list')
                r = replace(r, times=r.times | times(when))
            c = compare(r, p)
            if best is None or c.score > best.score:
                best = c
        return best

    def best(self, o: Outcome, statements: list[OutcomeStatement]) -> tuple[Comparison | None, OutcomeStatement | None,
                                                                            str | None]:
        out = (None, None, None)
        for s in statements:
            for item in dict.fromkeys([s.what, *outcome_items(s.what)]):
                c = self.compare(o, item)
                if out[0] is None or c.score > out[0].score or \
                        (c.score == out[0].score and len(c.changed) < len(out[0].changed)):
                    out = (c, s, item)
        return out


def _distinct(pair: _Pair, statements: list[OutcomeStatement]) -> list[tuple[OutcomeStatement, str]]:
    """Each outcome the paper states as primary once (abstract and methods often repeat it)."""
    out: list[tuple[OutcomeStatement, str]] = []
    seen = []
    for s in statements:
        for item in outcome_items(s.what):
            f = facets(item, pair.abbr, pair.drop)
            if not f.words:
                continue
            if not any(compare(f, g).same_measure for g in seen):
                seen.append(f)
                out.append((s, item))
    return out


def _events(pub: Publication, ctx) -> list[_Event]:
    links = own_links(pub, ctx)
    if not links:
        return []  # most papers' registrations are not in the input: skip reading their outcomes
    paper = paper_text(pub)
    if paper.secondary_report and not _PROTOCOL.search(_title(pub)):
        return []  # a secondary, post-hoc or follow-up report has outcomes of its own (a protocol is compared)
    stmts = [s for s in paper.outcome_statements if not _OTHER_ANALYSIS.search(s.text)]
    p_primary = [s for s in stmts if s.kind == "primary"]
    if not p_primary:
        return []
    p_secondary = [s for s in stmts if s.kind == "secondary"]
    out: list[_Event] = []
    for link in links:
        trials = ctx.by_id[link.target]
        r_primary = _registered(trials, "primary")
        if not r_primary:
            continue
        r_secondary = _registered(trials, "secondary")
        pair = _Pair(paper, trials)
        for o in r_primary:
            c, s, item = pair.best(o, p_primary)
            if c is not None and c.same_measure:
                if c.changed:
                    out.append(_Event("changed", link, o, s, item, c))
                continue
            c2, s2, item2 = pair.best(o, p_secondary)
            if c2 is not None and c2.same_measure:
                out.append(_Event("demoted", link, o, s2, item2, c2))
            else:
                out.append(_Event("omitted", link, o, s, item, c, p_primary))
        for s, item in _distinct(pair, p_primary):
            scored = [(pair.compare(o, item), o) for o in r_primary]
            sec = [(pair.compare(o, item), o) for o in r_secondary]
            c2, o2 = max(sec, key=lambda x: (x[0].same_measure, x[0].hits, x[0].score), default=(None, None))
            c1 = max((c for c, _ in scored if c.same_measure), key=lambda c: (c.hits, c.score), default=None)
            if c1 is not None and not _much_better(c2, c1):
                continue
            if c2 is not None and c2.same_measure:
                out.append(_Event("promoted", link, o2, s, item, c2))
            else:
                c, o = max(scored, key=lambda x: x[0].score)
                out.append(_Event("new", link, o, s, item, c, r_primary))
    return out


def _much_better(secondary: Comparison | None, primary: Comparison) -> bool:
    """A registered secondary outcome that shares far more with the paper's primary outcome than the
    registered primary it also matches ('Cure, defined as adequate clinical and parasitological
    response' against 'Treatment response'): the paper promoted the secondary. Equal matches (the
    same outcome at two time points) are not a switch."""
    return secondary is not None and secondary.same_measure and secondary.hits >= 3 and \
        secondary.hits >= 2 * primary.hits


def _declared(paper: PaperText) -> tuple[int, int] | None:
    """The sentence where the paper says it changed its primary outcome."""
    m = _DECLARED.search(paper.text)     # a declared change counts wherever it is written
    return paper.sentence(m.start()) if m else None


def _finding(rule_id: str, severity: str, pub: Publication, e: _Event, message: str, ev: list,
             values: dict[str, str]) -> Finding:
    paper = paper_text(pub)
    declared = _declared(paper)
    if declared is not None:
        a, b = declared
        severity = "info"
        message += " The paper declares a change of its primary outcome."
        ev.append(paper.evidence(a, b, "paper: declared change"))
    values = {**values, "similarity": f"{e.comparison.score:.0f}" if e.comparison else "0"}
    return Finding(rule=rule_id, category="outcomes", severity=severity, record=pub.id, message=message,
                   evidence=[x for x in ev + e.link.evidence if x is not None], fields=[FIELD_PATHS["outcomes"]],
                   related=[e.link.target], values=values)


def _q(text: str, n: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3].rstrip() + "..."


def _paper_ev(pub: Publication, s: OutcomeStatement, label: str, item: str | None = None) -> Evidence:
    return paper_text(pub).evidence(s.start, s.end, label, (item or s.what)[:120])


@rule("OUT001", category="outcomes", severity="warning", scope="publication",
      title="Primary outcome moved between primary and secondary (registry vs paper)")
def outcome_switched(pub: Publication, ctx):
    """What: a paper whose registration is in the input and that states its primary outcome
    explicitly: a registered primary outcome that the paper reports only among its secondary
    outcomes, or a registered secondary outcome that the paper calls primary (while no registered
    primary outcome matches it). Outcomes are the same when their measure words match after
    normalisation (abbreviations, spelling, synonyms; share of the shorter wording's words >= 60%).
    Why: COMPare (Goldacre et al.) found only 76% of registered primary outcomes correctly reported;
    a switched primary outcome lets a trial report whichever result came out best.
    Example: registered primary 'Overall survival', paper 'The primary outcome was progression-free
    survival ... secondary outcomes included overall survival' -> 'The registered primary outcome
    'Overall survival' is reported as a secondary outcome in the paper.'"""
    for e in _events(pub, ctx):
        if e.kind not in ("demoted", "promoted"):
            continue
        rid, o, s = e.link.target, e.registered, e.statement
        if e.kind == "demoted":
            msg = (f"The registered primary outcome '{_q(o.title.value)}' ({rid}) is reported as a secondary outcome in "
                   f"the paper ('{_q(e.item)}'); {e.comparison.explain()}.")
            ev = [Evidence.of(o.title, f"{rid} primary outcome"), _paper_ev(pub, s, "paper: secondary outcome", e.item)]
        else:
            msg = (f"The paper's primary outcome '{_q(e.item)}' was registered as a secondary outcome of {rid} "
                   f"('{_q(o.title.value)}'); {e.comparison.explain()}.")
            ev = [_paper_ev(pub, s, "paper: primary outcome", e.item), Evidence.of(o.title, f"{rid} secondary outcome")]
        yield _finding("OUT001", "warning", pub, e, msg, ev,
                       {"kind": e.kind, "registered": o.title.value, "paper": e.item})


@rule("OUT002", category="outcomes", severity="warning", scope="publication",
      title="Primary outcome in registry or paper not found on the other side")
def outcome_unmatched(pub: Publication, ctx):
    """What: for a paper whose registration is in the input and that states its primary outcome
    explicitly: a registered primary outcome that matches none of the paper's stated primary or
    secondary outcomes (omitted), or a stated primary outcome of the paper that matches no registered
    outcome (new). One finding per outcome, with the closest wording of the other side and how alike
    they are. Wordings are compared after expanding abbreviations defined in either text ('LAR' =
    'late asthmatic response'), folding spelling variants and common synonyms ('analgesic efficacy'
    = 'pain intensity'), and leaving out the trial's intervention names.
    Why: COMPare found on average 5.4 new outcomes added per trial without declaration; an
    unregistered primary outcome, or a registered one left out, needs to be explained in the paper.
    Example: registered 'Overall survival', paper 'The primary endpoint was the objective response
    rate' -> 'The registered primary outcome 'Overall survival' (NCT...) is not among the paper's
    stated outcomes ...' and 'The paper's primary outcome 'the objective response rate' is not
    registered ...'."""
    for e in _events(pub, ctx):
        if e.kind not in ("omitted", "new"):
            continue
        rid = e.link.target
        closest = e.comparison.explain() if e.comparison else "no measure words to compare"
        if e.kind == "omitted":
            o = e.registered
            shown = "; ".join(f"'{_q(s.what, 100)}'" for s in e.best[:3])
            msg = (f"The registered primary outcome '{_q(o.title.value)}' ({rid}) is not among the paper's stated "
                   f"outcomes; the paper's primary outcome is {shown} (closest: {closest}).")
            ev = [Evidence.of(o.title, f"{rid} primary outcome")] + \
                [_paper_ev(pub, s, "paper: primary outcome") for s in e.best[:3]]
            values = {"kind": "omitted", "registered": o.title.value, "paper": e.item or "-"}
        else:
            shown = "; ".join(f"'{_q(o.title.value, 100)}'" for o in e.best[:3])
            msg = (f"The paper's primary outcome '{_q(e.item)}' is not registered as an outcome of {rid}, whose "
                   f"primary outcome is {shown} (closest: {closest}).")
            ev = [_paper_ev(pub, e.statement, "paper: primary outcome", e.item)] + \
                [Evidence.of(o.title, f"{rid} primary outcome") for o in e.best[:3]]
            values = {"kind": "new", "registered": "; ".join(o.title.value for o in e.best[:3]), "paper": e.item}
        yield _finding("OUT002", "warning", pub, e, msg, ev, values)


def _changed_findings(pub: Publication, ctx, facets_of_rule: set[str], rule_id: str):
    for e in _events(pub, ctx):
        if e.kind != "changed" or not set(e.comparison.changed) & facets_of_rule:
            continue
        rid, o, s = e.link.target, e.registered, e.statement
        what = " and ".join(x if x != "timing" else "time point" for x in e.comparison.changed
                            if x in facets_of_rule)
        sentence = paper_text(pub).text[slice(*paper_text(pub).sentence(s.start))]
        called = bool(_CALLED_REGISTERED.search(sentence))
        severity = "warning" if rule_id == "OUT003" or called else "info"
        msg = (f"The paper's primary outcome '{_q(e.item)}' is the registered primary outcome '{_q(o.title.value)}' "
               f"({rid}) with another {what}: {e.comparison.explain()}"
               + (" (the paper calls it the pre-specified outcome)." if called else "."))
        ev = [Evidence.of(o.title, f"{rid} primary outcome"), Evidence.of(o.time_frame, f"{rid} time frame"),
              _paper_ev(pub, s, "paper: primary outcome", e.item)]
        yield _finding(rule_id, severity, pub, e, msg, ev,
                       {"kind": "changed", "changed": ", ".join(e.comparison.changed), "registered": o.title.value,
                        "paper": e.item})


@rule("OUT003", category="outcomes", severity="warning", scope="publication",
      title="Primary outcome measured with another instrument than registered")
def outcome_measurement_changed(pub: Publication, ctx):
    """What: a stated primary outcome of the paper that matches a registered primary outcome on its
    measure words, but both name an instrument or scale and the names share nothing ('Hamilton
    Depression Rating Scale' vs 'Beck Depression Inventory'). A side that names no instrument is not
    a change.
    Why: a changed measurement is one of the outcome switches expert raters count (COMPare); another
    scale can turn a null result into a positive one.
    Example: registered 'Depressive symptoms (HAM-D)', paper 'The primary outcome was depressive
    symptoms on the Beck Depression Inventory' -> 'The paper's primary outcome ... is the registered
    primary outcome ... with another measurement: ... instrument ham d vs beck depression inventory.'"""
    yield from _changed_findings(pub, ctx, {"measurement"}, "OUT003")


@rule("OUT004", category="outcomes", severity="info", scope="publication",
      title="Primary outcome at another time point or aggregation than registered")
def outcome_timing_changed(pub: Publication, ctx):
    """What: a stated primary outcome of the paper that matches a registered primary outcome on its
    measure words, but at time points that share nothing with the registered time frame ('at 12
    weeks' vs '6 months'), or aggregated otherwise (a mean or change vs a proportion of participants
    vs a time to event). Info, since the outcome is the same; warning when the paper's sentence calls
    it the pre-specified or registered outcome. Only facets both sides state are compared.
    Why: a changed time point or aggregation is an outcome switch expert raters count (COMPare);
    choosing the time point afterwards lets a trial report its best result.
    Example: registered 'HbA1c' time frame '12 months', paper 'The primary outcome was HbA1c at 6
    months' -> '... with another time point: ... time point 12 months vs 6 months.'"""
    yield from _changed_findings(pub, ctx, {"timing", "aggregation"}, "OUT004")
