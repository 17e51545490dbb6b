"""outcomes: the paper's stated primary outcomes against its registered record's (COMPare-style).

Only a paper that states its primary outcome explicitly ('The primary outcome was ...') and whose
own registration is in the input is compared. Outcome wordings match when most content words of
the shorter one stand in the other. A registered primary outcome that the paper reports as
secondary, or a registered secondary outcome the paper calls primary, is a switch (warning); a
primary outcome on one side that resembles nothing on the other is reported at info, since
wording alone cannot prove it is a different outcome."""
from __future__ import annotations

from auditor.extract.outcome_statements import OutcomeStatement, outcome_similarity
from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Outcome, Publication, Trial
from auditor.rules import rule

from .publication_registry import PaperText, own_links, paper_text

MATCH = 60.0      # content-word overlap (%) at or above which two outcome wordings are the same outcome
_MAX_QUOTES = 3


def _registered(trials: list[Trial], kind: str) -> list[Outcome]:
    t = next((t for t in trials if any(o.kind == "primary" for o in t.outcomes)), None)
    if t is None:
        return []
    return [o for o in t.outcomes if o.kind == kind and o.title is not None and o.title.value]


def _best(text: str, statements: list[OutcomeStatement]) -> tuple[float, OutcomeStatement | None]:
    scored = [(outcome_similarity(text, s.what), s) for s in statements]
    return max(scored, key=lambda x: x[0], default=(0.0, None))


def _best_registered(text: str, outcomes: list[Outcome]) -> tuple[float, Outcome | None]:
    scored = [(max(outcome_similarity(o.title.value, text),
                   outcome_similarity(f"{o.title.value} {o.description.value}", text) if o.description else 0.0), o)
              for o in outcomes]
    return max(scored, key=lambda x: x[0], default=(0.0, None))


def _paper_ev(paper: PaperText, s: OutcomeStatement, label: str) -> Evidence:
    return paper.evidence(s.start, s.end, label, s.what[:120])


def _compare(pub: Publication, ctx):
    """(kind, registered outcome, paper statement, score, link) for each mismatch worth reporting."""
    links = own_links(pub, ctx)
    if not links:
        return  # most papers' registrations are not in the input: skip reading their outcomes
    paper = paper_text(pub)
    stmts = paper.outcome_statements
    p_primary = [s for s in stmts if s.kind == "primary"]
    if not p_primary:
        return
    p_secondary = [s for s in stmts if s.kind == "secondary"]
    for link in links:
        trials = ctx.by_id[link.target]
        r_primary = _registered(trials, "primary")
        if not r_primary:
            continue
        r_secondary = _registered(trials, "secondary")
        for o in r_primary:
            score, _ = _best(o.title.value, p_primary)
            if o.description is not None and o.description.value:
                score = max(score, _best(f"{o.title.value} {o.description.value}", p_primary)[0])
            if score >= MATCH:
                continue
            sec_score, sec = _best(o.title.value, p_secondary)
            if sec is not None and sec_score >= MATCH:
                yield "demoted", o, sec, sec_score, link, p_primary
            else:
                yield "missing", o, None, score, link, p_primary
        for s in _distinct(p_primary):
            score, _ = _best_registered(s.what, r_primary)
            if score >= MATCH:
                continue
            sec_score, o = _best_registered(s.what, r_secondary)
            if o is not None and sec_score >= MATCH:
                yield "promoted", o, s, sec_score, link, p_primary
            else:
                yield "new", None, s, score, link, p_primary


def _distinct(statements: list[OutcomeStatement]) -> list[OutcomeStatement]:
    """The abstract and the methods often state the same primary outcome: keep the first of alike ones."""
    out: list[OutcomeStatement] = []
    for s in statements:
        if not any(outcome_similarity(s.what, o.what) >= MATCH for o in out):
            out.append(s)
    return out


@rule("OUT001", category="outcomes", severity="warning", scope="publication",
      title="Primary outcome switched between registry and paper")
def outcome_switched(pub: Publication, ctx):
    """What: a paper whose registration is in the input and that states its primary outcome
    explicitly ('The primary outcome was ...'): a registered primary outcome that the paper reports
    only among its secondary outcomes, or a registered secondary outcome that the paper calls
    primary. Outcomes are the same when their content words match (share of the shorter wording's content words >= 60%).
    Why: COMPare (Goldacre et al.) found only 76% of registered primary outcomes correctly reported;
    a switched primary outcome lets a trial report whichever result came out best.
    Example: registered primary 'Overall survival', paper 'The primary outcome was progression-free
    survival ... secondary outcomes included overall survival' -> 'The registered primary outcome
    'Overall survival' is reported as a secondary outcome in the paper.'"""
    for kind, o, s, score, link, _p in _compare(pub, ctx):
        if kind not in ("demoted", "promoted"):
            continue
        paper = paper_text(pub)
        rid = link.target
        if kind == "demoted":
            msg = (f"The registered primary outcome '{o.title.value}' ({rid}) is reported as a secondary outcome in "
                   f"the paper ('{s.what[:150]}').")
            ev = [Evidence.of(o.title, f"{rid} primary outcome"), _paper_ev(paper, s, "paper: secondary outcome")]
        else:
            msg = (f"The paper's primary outcome '{s.what[:150]}' was registered as a secondary outcome of {rid} "
                   f"('{o.title.value}').")
            ev = [_paper_ev(paper, s, "paper: primary outcome"), Evidence.of(o.title, f"{rid} secondary outcome")]
        yield Finding(rule="OUT001", category="outcomes", severity="warning", record=pub.id, message=msg,
                      evidence=ev + [e for e in link.evidence if e is not None], fields=[FIELD_PATHS["outcomes"]],
                      related=[rid], values={"kind": kind, "similarity": f"{score:.0f}"})


@rule("OUT002", category="outcomes", severity="info", scope="publication",
      title="Primary outcome in registry or paper not found on the other side")
def outcome_unmatched(pub: Publication, ctx):
    """What: for a paper whose registration is in the input and that states its primary outcome
    explicitly: a registered primary outcome whose words match none of the paper's stated primary
    (or secondary) outcomes, or a stated primary outcome of the paper that matches no registered
    outcome. Reported at info: the same outcome is often worded differently ('analgesic efficacy' vs
    'pain intensity difference'), so a curator should compare the two by eye.
    Why: COMPare found on average 5.4 new outcomes added per trial without declaration; an
    unregistered primary outcome, or a registered one left out, needs to be explained in the paper.
    Example: registered 'Asthmatic response', paper 'The primary endpoint was the effect on LAR' ->
    'The registered primary outcome 'Asthmatic response' (NCT...) matches none of the paper's stated
    primary outcomes ('the effect on LAR').'"""
    paper = paper_text(pub)
    by_link: dict[str, tuple] = {}
    for kind, o, st, score, link, p_primary in _compare(pub, ctx):
        if kind in ("missing", "new"):
            missing, new, _l, _p = by_link.setdefault(link.target, ([], [], link, p_primary))
            (missing if kind == "missing" else new).append((o, st, score))
    for rid, (missing, new, link, p_primary) in sorted(by_link.items()):
        reg = "; ".join(f"'{o.title.value}'" for o, _, _ in missing)
        stated = "; ".join(f"'{st.what[:150]}'" for _, st, _ in new)
        if missing and new:
            msg = (f"The registered primary outcome{'s' if len(missing) > 1 else ''} of {rid} ({reg}) and the paper's "
                   f"stated primary outcome{'s' if len(new) > 1 else ''} ({stated}) share too few words to be matched; "
                   f"compare them by eye.")
        elif missing:
            shown = "; ".join(f"'{x.what[:100]}'" for x in p_primary[:_MAX_QUOTES])
            msg = (f"The registered primary outcome{'s' if len(missing) > 1 else ''} {reg} ({rid}) "
                   f"match{'' if len(missing) > 1 else 'es'} none of the paper's stated primary outcomes ({shown}).")
        else:
            plural = len(new) > 1
            msg = (f"The paper's stated primary outcome{'s' if plural else ''} {stated} match{'' if plural else 'es'} "
                   f"no outcome registered for {rid}.")
        ev = [Evidence.of(o.title, f"{rid} primary outcome") for o, _, _ in missing]
        if not missing:
            ev += [Evidence.of(x.title, f"{rid} primary outcome") for x in _registered(ctx.by_id[rid], "primary")][:3]
        papers = [st for _, st, _ in new] or p_primary[:_MAX_QUOTES]
        ev += [_paper_ev(paper, x, "paper: primary outcome") for x in papers[:_MAX_QUOTES]]
        yield Finding(rule="OUT002", category="outcomes", severity="info", record=pub.id, message=msg,
                      evidence=[e for e in ev if e is not None] + [e for e in link.evidence if e is not None],
                      fields=[FIELD_PATHS["outcomes"]], related=[rid],
                      values={"registered only": reg or "-", "paper only": stated or "-",
                              "best similarity": f"{max(x[2] for x in missing + new):.0f}"})
