"""statistics: the same fact told twice. An estimate with its confidence interval stated in the
abstract and again in the body (results, tables) must be the same numbers (STAT019), and so must a
sentence of the abstract and the results sentence that repeats its numbers (STAT025)."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.claims import sentences
from auditor.extract.printed import Printed
from auditor.extract.repeats import (MIN_SHARED, candidate_keys, comparable, disagree, numbers, one_change, p_values,
                                     segments, significant)
from auditor.extract.stats import Triple
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_ci import _pub_statements, _quote
from .statistics_words import _cut

_EPS = 1e-9
_MIN_DIGITS = 4      # shared numbers with fewer significant digits in all ('0', '-1') match by chance
# Words that name the analysis a statement comes from; two statements from different analyses
# (adjusted and crude, intention-to-treat and per-protocol) may differ.
_ANALYSIS = {
    "adjusted": re.compile(r"(?i)\badjust|multivariat|multivariable|\bA(?:HR|OR|RR)\b"),
    "crude": re.compile(r"(?i)unadjusted|univariat|univariable|\bcrude\b"),
    "itt": re.compile(r"(?i)intention|\bITT\b"),
    "pp": re.compile(r"(?i)per[- ]protocol|on[- ]treatment|\bcompleters?\b|sensitivity"),
}
_CONFLICTS = (("adjusted", "crude"), ("itt", "pp"))


def _statements(pub: Publication) -> tuple[list[tuple[int, Triple]], list[tuple[int, Triple]]]:
    """The named estimates with a CI (STAT001's reading, shared), split into abstract and body."""
    abstract, body = [], []
    for i, t, _ in _pub_statements(pub):
        sec = pub.section_of(i)
        (abstract if sec is not None and sec.kind == "abstract" else body).append((i, t))
    return abstract, body


def _analysis(pub: Publication, line: int, t: Triple) -> set[str]:
    text = pub.lines[line - 1]
    a = text.rfind(". ", 0, t.start)
    sent = text[max(a, 0):t.end] + " " + t.label
    return {k for k, rx in _ANALYSIS.items() if rx.search(sent)}


def _adjusted_label(t: Triple) -> bool:
    return bool(re.match(r"(?i)a(?:dj\.?|djusted)?\s?(?:HR|OR|RR|IRR)|adjusted", t.label))


def _conflict(x: set[str], y: set[str]) -> bool:
    return any((a in x and b in y and a not in y) or (b in x and a in y and b not in y) for a, b in _CONFLICTS)


_WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}")
_STOP = {"which", "those", "these", "there", "their", "group", "groups", "patients", "participants", "compared",
         "between", "ratio", "difference", "interval", "confidence", "significant", "significantly", "respectively",
         "after", "before", "during", "total", "overall", "higher", "lower", "associated", "analysis", "model",
         "hazard", "odds", "versus", "showed", "observed", "adjusted", "treatment", "control", "placebo"}


def _topic(pub: Publication, line: int, t: Triple) -> set[str]:
    """The content words printed before a statement: what it is about."""
    text = pub.lines[line - 1][max(0, t.start - 120):t.start]
    cut = max(text.rfind(")"), text.rfind(";"), text.rfind("]"))
    text = text[cut + 1:] if cut >= 0 else text       # not the words of the statement before
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _digits(p: Printed) -> int:
    return len(p.text.lstrip("+-\u2212\u2013 0.\u00b7").replace(".", "").replace("\u00b7", ""))


def _same(a: Printed, b: Printed) -> bool:
    return a.value == b.value and a.decimals == b.decimals


def _differs(a: Printed, b: Printed) -> bool:
    """Different whatever the rounding: neither printed value can be the other rounded."""
    if a.decimals == b.decimals:
        return a.value != b.value
    fine, coarse = (a, b) if a.decimals > b.decimals else (b, a)
    return not (coarse.lo - _EPS <= fine.value <= coarse.hi + _EPS)


def _shown(t: Triple) -> str:
    return f"{t.label} {t.estimate.text} ({t.level:g}% CI {t.lower.text} to {t.upper.text})"


@rule("STAT019", category="statistics", severity="warning", scope="publication",
      title="The abstract and the body give the same estimate with different numbers")
def abstract_vs_body(pub: Publication, ctx) -> Iterator[Finding]:
    """What: pairs each estimate with a confidence interval in the abstract ('HR 0.72, 95% CI 0.55-0.94')
    with the body's statements of the same kind and CI level that share two of its three numbers
    (estimate, lower and upper limit), and reports a pair whose third number differs beyond rounding.
    Statements told identically on the other side, pairs from different analyses (adjusted and crude,
    intention-to-treat and per-protocol), pairs whose preceding words share no content word (another
    outcome) and pairs sharing only short numbers ('0', '-1') are skipped.
    Why: the abstract is what most readers, reviewers and databases take from a paper; when it gives
    a different estimate, limit or p-value than the results, one of them is a typo or a leftover from an
    earlier analysis.
    Example: abstract 'OR 2.10 (95% CI 1.20-3.60), p = 0.01', results 'OR 2.10 (95% CI 1.20-3.68), p =
    0.01' -> 'The abstract gives OR 2.10 (95% CI 1.20 to 3.60), the results OR 2.10 (95% CI 1.20 to
    3.68): the upper limit differs.'"""
    abstract, body = _statements(pub)
    if not abstract or not body:
        return

    def key(t: Triple) -> tuple:
        return (t.kind, t.level, t.estimate.text, t.lower.text, t.upper.text)
    # A statement told identically on the other side has its twin: a near match is another result.
    told_a, told_b = {key(t) for _, t in abstract}, {key(t) for _, t in body}
    for ai, a in abstract:
        if key(a) in told_b:
            continue
        for bi, b in body:
            if a.kind != b.kind or a.level != b.level or key(b) in told_a:
                continue
            if _adjusted_label(a) != _adjusted_label(b) or _conflict(_analysis(pub, ai, a), _analysis(pub, bi, b)):
                continue
            if not _topic(pub, ai, a) & _topic(pub, bi, b):
                continue
            pairs = {"estimate": (a.estimate, b.estimate), "lower limit": (a.lower, b.lower),
                     "upper limit": (a.upper, b.upper)}
            same = [k for k, (x, y) in pairs.items() if _same(x, y)]
            diff = [k for k, (x, y) in pairs.items() if _differs(x, y)]
            if len(same) != 2 or len(diff) != 1 or sum(_digits(pairs[k][0]) for k in same) < _MIN_DIGITS:
                continue
            what = f"the {diff[0]} differs"
            yield Finding(
                rule="STAT019", category="statistics", severity="warning", record=pub.id,
                message=f"The abstract gives {_shown(a)}, the body {_shown(b)}: {what}.",
                evidence=[Evidence(source=pub.source, line=ai, col=a.start + 1, text=_quote(pub.lines[ai - 1], a),
                                   label="abstract", highlight=a.text),
                          Evidence(source=pub.source, line=bi, col=b.start + 1, text=_quote(pub.lines[bi - 1], b),
                                   label="body", highlight=b.text)],
                values={"abstract": " ".join(a.text.split()), "body": " ".join(b.text.split())})
            break


_KIND_NAME = {"p": "p-value", "%": "percentage", "n": "number"}
_BODY = {"results"}


_DIGIT = re.compile(r"\d")
# Abstract parts that state no results (their numbers are eligibility, doses, the plan).
_NOT_RESULTS = re.compile(r"(?i)background|introduction|objective|\baims?\b|purpose|methods|design|setting|"
                          r"participants|intervention|registration|funding|context")


_RESULTS = re.compile(r"(?i)result|finding|outcome|conclusion|interpretation")


def _sentences_of(pub: Publication, kinds: set[str], keep=None) -> list[tuple[int, int, str]]:
    """(line, column, sentence) of each sentence with a digit in sections of these kinds (on lines
    keep accepts, when given: splitting every line of a long results section costs)."""
    out = []
    for s in pub.sections:
        if s.kind not in kinds or s.kind == "abstract" and _NOT_RESULTS.search(s.name) \
                and not _RESULTS.search(s.name):
            continue
        for i in range(s.start_line, min(s.end_line, len(pub.lines)) + 1):
            line = pub.lines[i - 1]
            if keep is not None and not keep(line) or pub.section_of(i) is not s:
                continue
            for a, b in sentences(line):
                sent = line[a:b]
                if _DIGIT.search(sent):
                    out.append((i, a, sent))
    return out


def _told(sents: list, needles: frozenset[str] | None = None, groups: list[tuple[str, ...]] | None = None,
          keysets: list[frozenset[str]] = ()) -> list[tuple[int, int, str, list]]:
    """The sentences with their numbers; with needles, only those printing at least MIN_SHARED of
    them (reading a sentence's numbers costs more than looking for a few strings in it), and with
    groups (one needle per significant number of each abstract result) only those printing
    MIN_SHARED numbers of one result (keysets: the results' keys, against the sentence's candidate
    keys): a sentence sharing fewer with every result can neither be a result's best match nor tell
    one identically. Spaces are dropped before the substring test, as in the numbers' keys ('- 0.26'
    is '-0.26')."""
    out = []
    for i, a, sent in sents:
        if needles is not None and sum(n in sent for n in needles) < MIN_SHARED:
            continue
        if groups is not None:
            bare = sent.replace(" ", "")
            if not any(sum(n in bare for n in g) >= MIN_SHARED for g in groups):
                continue
            cand = candidate_keys(sent)
            if not any(len(keys & cand) >= MIN_SHARED for keys in keysets):
                continue
        out.append((i, a, sent, numbers(sent)))
    return out


def _results(told: list) -> list[tuple[int, int, str, list, list, frozenset]]:
    """(line, column, sentence, the result's numbers, the sentence's numbers, the result's significant
    keys) of each result told (a sentence's numbers cut after each p-value) with at least MIN_SHARED
    significant numbers."""
    out = []
    for i, a, sent, toks in told:
        for seg in segments(toks):
            keys = frozenset(t.key for t in seg if significant(t))
            if len(keys) >= MIN_SHARED:
                out.append((i, a, sent, seg, toks, keys))
    return out


def _needle(key: str) -> str:
    """What a sentence must print to hold a number of this key: the number, or a p-value's digits."""
    return re.sub(r"^p[^\d.]*", "", key) if key.startswith("p") else key[1:]


def _words(sentence: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(sentence)} - _STOP


def _best(seg: list, others: list) -> int | None:
    """The index of the one statement of others sharing the most numbers with seg, when it is the
    only one sharing that many and shares at least MIN_SHARED."""
    keys = frozenset(t.key for t in seg if significant(t))
    scores = [len(keys & o[5]) for o in others]
    if not scores:
        return None
    top = max(scores)
    if top < MIN_SHARED or scores.count(top) != 1:
        return None
    return scores.index(top)


@rule("STAT025", category="statistics", severity="warning", scope="publication",
      title="The abstract and the results give the same result with one number different")
def abstract_vs_results_text(pub: Publication, ctx) -> Iterator[Finding]:
    """What: cuts the abstract's and the results' sentences into results (their numbers up to each
    p-value), pairs each abstract result with the one results statement that shares the most of its
    numbers (at least two, one with decimals, in the same order, and each the other's best match), and
    reports a pair where exactly one number next to a shared one is replaced by another of the same
    kind and unit that no rounding reconciles: a p-value ('p = 0.03' against 'p = 0.003'), a mean, a
    median, a count or a percentage. Pairs that share no content word, results told identically
    elsewhere, confidence limits (STAT019), dates, time points and doses are skipped; 'p < 0.001'
    against 'p = 0.0004' and '45%' against '45.2%' agree.
    A p-value printed alone in an abstract sentence ('higher incidence of sore throat (p = 0.527)') is
    paired by words instead: with the one results sentence holding one p-value that repeats at least
    three and 60% of its content words, when no results sentence gives the abstract's p-value with
    those words, neither speaks of several comparisons ('respectively', 'each') and their time
    points, if both state one, are the same.
    Why: the abstract is what most readers take from a paper; when its p-value, median or percentage
    differs from the same result in the results section, one of them is a typo or a leftover from an
    earlier analysis.
    Example: abstract 'pain fell by 2.9 with the drug and 1.1 with placebo (p = 0.03)', results 'pain fell
    by 2.9 points ... and by 1.1 points ... (p = 0.003)' -> 'The abstract gives p = 0.03, the results
    p = 0.003 for the same result (2.9 and 1.1 agree).'"""
    told_a = _told(_sentences_of(pub, {"abstract"}))
    lone, abstract = _lone(told_a), _results(told_a)
    if not lone and not abstract:
        return
    groups = [tuple(_needle(k) for k in r[5]) for r in abstract]
    needles = frozenset(n for g in groups for n in g)
    words = frozenset(w for *_, aw in lone for w in aw)

    def keep(line: str) -> bool:
        if abstract and sum(n in line for n in needles) >= MIN_SHARED:
            return True
        if not lone or not any(op in line for op in _OPS):
            return False
        low = line.lower()
        return sum(w in low for w in words) >= _LONE_MIN

    sents_b = _sentences_of(pub, _BODY, keep)
    if not sents_b:
        return
    yield from _lone_p_values(pub, lone, sents_b)
    body = _results(_told(sents_b, needles, groups, [r[5] for r in abstract]))
    for ai, acol, asent, aseg, atoks, _ in abstract:
        k = _best(aseg, body)
        if k is None:
            continue
        bi, bcol, bsent, bseg, btoks, _ = body[k]
        if _best(bseg, abstract) is None or abstract[_best(bseg, abstract)][3] is not aseg:
            continue                       # the results statement fits another abstract result better
        hit = one_change(aseg, bseg)
        if hit is None:
            continue
        x, y = aseg[hit[0]], bseg[hit[1]]
        if not comparable(x, y) or not disagree(x, y):
            continue
        common = [t for t in aseg if significant(t) and t.key in {u.key for u in bseg}]
        if not any(t.number is not None and t.number.decimals > 0 for t in common):
            continue                       # whole numbers alone (counts, ages) are shared by chance
        if x.key in {t.key for t in btoks} or y.key in {t.key for t in atoks}:
            continue                       # each side also prints the other's number: not one replaced value
        keys = {t.key for t in aseg if significant(t)}
        if any(keys <= {t.key for t in o[4]} for o in body):
            continue                       # the abstract's result is told identically elsewhere
        if not _words(asent) & _words(bsent):
            continue
        anchors = [t.text for t in common]
        yield _twice(pub, (ai, acol, asent, x), (bi, bcol, bsent, y),
                     f"for the same result ({', '.join(anchors[:-1])} and {anchors[-1]} agree)",
                     {"shared": ", ".join(anchors)})


_LONE_SHARE = 0.6      # of the abstract sentence's content words the results sentence must repeat
_LONE_MIN = 3
_OPS = "=<>\u2264\u2265\u2266\u2267"     # a p-value's operators (printed.P_OP)
_SEVERAL = re.compile(r"(?i)respectively|\bfor\s+(?:all|each|both)\b|\ball\s+(?:two|three|four|\d)\b|\bboth\b|"
                      r"\beither\b|\beach\b")


def _lone(told: list) -> list[tuple[int, int, str, object, set[str]]]:
    """(line, column, sentence, p-value, content words) of each abstract sentence whose only number is
    one p-value."""
    out = []
    for i, a, sent, toks in told:
        if len(toks) == 1 and toks[0].kind == "p" and not _SEVERAL.search(sent):
            out.append((i, a, sent, toks[0], _words(sent)))
    return out


def _one_p(sents: list) -> list[tuple[int, int, str, object, set[str]]]:
    """The same for results sentences with one p-value among other numbers (the group values)."""
    out = []
    for i, a, sent in sents:
        if not any(op in sent for op in _OPS):
            continue
        ps = p_values(sent)
        if len(ps) == 1 and not _SEVERAL.search(sent):
            out.append((i, a, sent, ps[0], _words(sent)))
    return out


_TIME_POINT = re.compile(r"(?i)\b(\d+)[\s-]?(h|hrs?|hours?|d|days?|wks?|weeks?|mo|months?|y|yrs?|years?)\b")


def _times(sentence: str) -> set[tuple[str, str]]:
    return {(n, u[:2].lower()) for n, u in _TIME_POINT.findall(sentence)}


def _lone_p_values(pub: Publication, abstract: list, sents_b: list) -> Iterator[Finding]:
    """A p-value printed alone in an abstract sentence against the one results sentence with one
    p-value that repeats most of its words."""
    if not abstract:
        return
    body = _one_p(sents_b)
    for ai, acol, asent, x, aw in abstract:
        if len(aw) < _LONE_MIN:
            continue
        scores = [len(aw & bw) for *_, bw in body]
        if not scores or max(scores) < max(_LONE_MIN, _LONE_SHARE * len(aw)) or scores.count(max(scores)) != 1:
            continue
        bi, bcol, bsent, y, bw = body[scores.index(max(scores))]
        if not disagree(x, y) or _times(asent) and _times(bsent) and not _times(asent) & _times(bsent):
            continue
        # The abstract's p-value told with its words anywhere else in the results: the pair is another result.
        if any(not disagree(x, t) and len(aw & w) >= _LONE_MIN for *_, t, w in body):
            continue
        shared_words = ", ".join(sorted(aw & bw))
        yield _twice(pub, (ai, acol, asent, x), (bi, bcol, bsent, y),
                     f"for the result both describe in the same words ({shared_words})",
                     {"shared words": shared_words})


def _twice(pub: Publication, a: tuple, b: tuple, why: str, extra: dict) -> Finding:
    """A STAT025 finding: (line, column, sentence, number) of the abstract's and the results' side."""
    (ai, acol, asent, x), (bi, bcol, bsent, y) = a, b
    return Finding(
        rule="STAT025", category="statistics", severity="warning", record=pub.id,
        message=f"The abstract gives {x.text}, the results {y.text} {why}.",
        evidence=[Evidence(source=pub.source, line=ai, col=acol + x.start + 1, text=_cut(asent),
                           label="abstract", highlight=x.text),
                  Evidence(source=pub.source, line=bi, col=bcol + y.start + 1, text=_cut(bsent),
                           label="results", highlight=y.text)],
        values={"kind": _KIND_NAME[x.kind], "abstract": x.text, "results": y.text, "abstract range": _range(x),
                "results range": _range(y), **extra})


def _range(t) -> str:
    if t.kind == "p":
        return f"{t.p.lo:.6g} to {t.p.hi:.6g}"
    return f"{t.number.lo:.6g} to {t.number.hi:.6g}"
