"""Where a trial report states its primary and secondary outcomes, and how alike two outcome
descriptions are.

    find_outcome_statements(text) -> list[OutcomeStatement]
    outcome_items(what) -> list[str]       an enumeration split into its outcomes

Only explicit statements count, in the forms papers use:
- forward: 'The primary outcome was ...', 'The primary oncologic endpoint of the study was ...',
  'The main outcome measure was ...', 'The two primary endpoints of the phase 2a portion were ...',
  'Co-primary efficacy parameters were ...', 'Primary outcome measures will be ...',
  'Main outcome measures: ...';
- reverse: 'X and Y were calculated as primary endpoints', 'X will be the primary endpoint of the study';
- parenthetical: 'Training success (primary outcome) was ...', '1) STH re-infection (the primary outcome);';
- structured abstracts and methods headings ('MAIN OUTCOME MEASURES:' with the text on the next line);
- split across sentences: 'The primary endpoint was defined as follows.' takes the next sentence.
Results-like wordings ('The primary outcome was met / significantly lower / 12% in ...') are not statements.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import sentence_spans


@dataclass(frozen=True, slots=True)
class OutcomeStatement:
    kind: str          # 'primary' or 'secondary'
    what: str          # the outcome words
    start: int         # offsets of the whole statement
    end: int
    text: str


# 'primary', 'main', 'principal', 'co-primary'; not 'primary care outcomes' or 'primary tumour endpoints'.
_QUAL = (r"(?:primary|main|principal|co-?primary|key\s+primary)"
         r"(?!\s+(?:care|school|health|tumou?r|site|cell|prevention|caregiver|hyper|objective|aim|purpose|independent|"
         r"dependent|explanatory|predictor|exposure|analys[ie]s\s+(?:was|were)))")
_NOUN = (r"(?:outcome\s+(?:measures?|variables?|parameters?|criteri(?:on|a))|outcomes?|end[\s-]?points?|"
         r"efficacy\s+(?:variables?|measures?|parameters?|criteri(?:on|a))|variables?|measures?|parameters?)")
_MIDDLE = r"(?:(?!(?:was|were|is|are|will)\b)[\w-]+\s+){0,2}?"
# Words after the verb that make the sentence a result, not a statement of what was measured.
_RESULT = (r"(?!(?:used|tested|analy[sz]ed|assessed|compared|calculated|performed|evaluated|met|achieved|reached|"
           r"significant\w*|similar|not|also|based|powered|chosen|selected|different|higher|lower|"
           r"(?:improved|reduced|increased|decreased)(?=\s+(?:in|by|with|at|significantly|compared|among|for|from|after|"
           r"more|less|to|only)\b|\s*[.,;]|$)|"
           r"greater|smaller|larger|better|worse|observed|attained|noted|seen|found|present|recorded|comparable|"
           r"superior|inferior|equivalent|positive|negative|favou?rable|encouraging|unchanged|summari[sz]ed|shown|"
           r"presented|reported|given|listed|described|depicted|displayed|available|missing|identical|consistent|"
           r"statistically|numerically|slightly|markedly|substantially|nominally|clearly|robust|driven|expected|due|pending|"
           r"(?:measured|determined|obtained|collected|ascertained|estimated|adjusted|blinded|masked|derived)"
           r"(?=\s+(?:at|by|in|using|with|on|objectively|as|during|every|for|from|through|via|to|towards|over|"
           r"outside|after|before|and|once|twice)\b|\s*[.,;]|$)|"
           r"modell?ed|computed|conducted|tested|done|carried|undertaken|unavailable|"
           r"in\s+favou?r|published|discussed|as\s+follows:?\s*$)\b)")
_VERB = (r"(?:(?<![\w-])(?:was|were|is|are|will\s+be|would\s+be|included|includes?|consisted\s+of|comprised|"
         r"(?:was|were)\s+defined\s+as|(?:was|were)\s+the)\b\s+|:+[ \t]*)")
_FORWARD = re.compile(
    rf"(?i)(?<![\w-])(?:(?:the|our|a|an|its|these|both)\s+)?(?:(?:two|three|four|2|3|4)\s+)?"
    rf"(?P<kind>{_QUAL}|secondary)\s+(?P<mid>{_MIDDLE}){_NOUN}\b"
    r"(?:\s+of\s+efficacy)?"
    r"(?:\s*\([^()]{1,40}\))?"                                # 'The primary outcome (POM) was'
    r"(?:,?\s+(?:of|for|in|used\s+in)\s+(?:the|this|our|each|both|a|an)\b[^.;:\n]{0,100}?)?"
    rf",?\s*{_VERB}{_RESULT}"
    r"(?P<what>[^;\n]{3,400}?)(?=\.\s|\.$|;|\n|$)")
# 'Our outcome of interest was ...': one outcome, so the primary one.
_INTEREST = re.compile(
    rf"(?i)\b(?:our|the)\s+(?P<kind>(?:main\s+|primary\s+)?)(?P<mid>)(?:outcome|end\s*-?point)\s+of\s+(?:primary\s+)?"
    rf"interest\s+{_VERB}{_RESULT}(?P<what>[^;\n]{{3,400}}?)(?=\.\s|\.$|;|\n|$)")
_REVERSE = re.compile(
    rf"(?i)\b(?:was|were|is|are|will\s+be|served\s+as|serves\s+as)\s+(?:(?:\w+ed|chosen|set|taken)\s+(?:(?:as|to\s+be)\s+)?)?"
    rf"(?:the\s+|our\s+|a\s+|an\s+)?(?:two\s+|first\s+|second\s+|third\s+)?(?P<kind>{_QUAL}|secondary)\s+"
    rf"(?P<mid>{_MIDDLE}){_NOUN}\b")
_PAREN = re.compile(
    rf"(?i)\(\s*(?:the\s+|our\s+|a\s+)?(?P<kind>{_QUAL}|secondary)\s+(?P<mid>{_MIDDLE}){_NOUN}\s*\)")
# A structured heading alone on its line: 'ABSTRACT.MAIN OUTCOME MEASURES:', 'Primary endpoint:'.
_HEADING = re.compile(
    r"(?im)^[ \t]*(?P<path>(?:[A-Z][A-Z &/-]*\.)*)(?P<kind>MAIN|PRIMARY|Main|Primary)\s+"
    r"(?:OUTCOME\s+MEASURES?|OUTCOMES?|END\s*-?POINTS?|OUTCOME\s+VARIABLES?|outcome\s+measures?|outcomes?|"
    r"end\s*-?points?)\s*:+[ \t]*\n[ \t]*(?P<what>[^\n]{3,})")
_FINITE_VERB = re.compile(r"(?i)\b(?:was|were|is|are|would|will|can|may|has|have|had|did|does|observed|showed|found|we|there|"
                          r"reported?|reduced?|increased?|affects?|affected)\b")
_PREPOSITION = re.compile(r"(?i)\b(?:for|between|in|on)\s+(?:the\s+)?")
_STOP_AT_SECONDARY = re.compile(r"(?i)[.;]\s*(?:the\s+)?(?:key\s+)?secondary\b|\bsecondary\s+(?:outcomes?|end\s*points?)\s*:")
_LEAD = re.compile(r"(?i)^\s*(?:primary(?:\s+(?:outcomes?(?:\s+measures?)?|end\s*points?))?\s*:\s*)")
_AS_FOLLOWS = re.compile(r"(?i)^(?:defined\s+)?(?:as\s+follows|the\s+following|twofold|two-fold)\W*$|:\s*$")
_NUMBERISH = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:%|of\b|in\b|vs\b|versus\b|\(|and\s+\d|to\s+\d|±)|[<>=≤≥])")
# A reverse statement's subject must be the outcome itself, not a clause about other work.
_NOT_SUBJECT = re.compile(r"(?i)\b(?:which|that|whom|where|pilot|previous|prior|earlier|other\s+(?:studies|trials))\b")
_CITED = re.compile(r"^\s*(?:\[\d|\(\d|\d+[,\]])")
# Where a preceding noun phrase starts, for '(primary outcome)': a clause boundary or an enumerator.
_PHRASE_START = re.compile(r"(?i)(?:^|[;:,]|\b\d\)|\(\w{1,3}\)|\bon\b|\bthat\b|\bwhether\b|\bexcept\s+for\b|\bincluding\b|\band\b(?=\s+\d\)))\s*")


def _kind(m: re.Match) -> str:
    k = m.group("kind").lower().strip() or "primary"
    return "secondary" if k == "secondary" or "secondary" in (m.group("mid") or "").lower() else "primary"


# What follows the outcome in the same sentence: 'and analysis was conducted by ITT', '(Figure 1)'.
_TAIL = re.compile(r"(?i)\s*\((?:fig(?:ure)?|table|supplementa\w*)[^()]*\)|,?\s+and\s+(?:the\s+)?(?:analys[ie]s|it|this|"
                   r"data|results?|sample\s+size|power)\b.*$|,\s+which\s+.*$")


_HEAD = re.compile(r"(?i)^\s*(?:therefore|thus|hence|then|also)\s+|^\s*to\s+(?:assess|evaluate|determine|compare|examine|"
                   r"measure|investigate)\s+(?:the\s+|whether\s+)?")


def _clean(what: str) -> str:
    return _HEAD.sub("", _TAIL.sub("", what)).strip().rstrip(".,:").strip()


def find_outcome_statements(text: str) -> list[OutcomeStatement]:
    """Explicit primary/secondary outcome statements, in text order."""
    out: list[OutcomeStatement] = []
    spans = sentence_spans(text)
    for i, (s0, s1) in enumerate(spans):
        sent = text[s0:s1]
        found = False
        for m in [*_FORWARD.finditer(sent), *_INTEREST.finditer(sent)]:
            if _CITED.match(sent[m.end():m.end() + 6]) or _NUMBERISH.match(m.group("what")):
                continue
            what, end = _clean(m.group("what")), s0 + m.end()
            if _AS_FOLLOWS.search(what) and i + 1 < len(spans):      # the outcome is in the next sentence
                n0, n1 = spans[i + 1]
                what, end = _clean(text[n0:n1]), n1
            out.append(OutcomeStatement(_kind(m), what, s0 + m.start(), end, text[s0 + m.start():end]))
            found = True
        if found:
            continue
        m = _REVERSE.search(sent)
        if m and 3 < m.start() <= 200 and not _NOT_SUBJECT.search(sent[:m.start()]) and "\n" not in sent[:m.start()] \
                and not _FINITE_VERB.search(sent[:m.start()]) \
                and not _CITED.match(sent[m.end():m.end() + 6]):
            what = _clean(sent[:m.start()])
            out.append(OutcomeStatement(_kind(m), what, s0, s0 + m.end(), sent[:m.end()]))
            continue
        for m in _PAREN.finditer(sent):
            head = sent[max(0, m.start() - 160):m.start()]
            cut = list(_PHRASE_START.finditer(head))
            at = cut[-1].end() if cut else 0
            verb = list(_FINITE_VERB.finditer(head, at))
            if verb:   # 'Similar results were observed for A and B for ACR20 (primary endpoint)': the outcome is last
                prep = list(_PREPOSITION.finditer(head, verb[-1].end()))
                if not prep:
                    continue
                at = prep[-1].end()
            what = _clean(head[at:])
            if " " not in what and not re.search(r"[A-Z0-9]", what):
                continue   # one plain word ('in hospital (primary endpoint)') is a fragment, not the outcome
            if len(what) >= 3 and not _CITED.match(sent[m.end():m.end() + 6]) and not _NUMBERISH.match(what):
                a = s0 + m.start() - len(head) + at
                out.append(OutcomeStatement(_kind(m), what, a, s0 + m.end(), text[a:s0 + m.end()]))
    for m in _HEADING.finditer(text):
        if re.search(r"(?i)result|discussion|conclusion|introduction|background", m.group("path")):
            continue
        what = _LEAD.sub("", m.group("what"))
        cut = _STOP_AT_SECONDARY.search(what)
        what = _clean(what[:cut.start()] if cut else what)[:400]
        # Under a methods heading the next line is often prose (read by the patterns above) or a
        # results paragraph: only a list of outcomes (no verb) is read as the statement.
        if len(what) >= 3 and not _NUMBERISH.match(what) and not _FINITE_VERB.search(what.split(". ")[0]) \
                and not re.match(r"(?i)(?:outcomes?|end\s*points?|definitions?|measures?)\b", what):
            out.append(OutcomeStatement("primary", what, m.start("kind"), m.end("what"), m.group(0).strip()))
    out.sort(key=lambda s: s.start)
    return out


_ENUM = re.compile(r"\(\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*\)|(?<![\w(])(?:\d{1,2}|[ivx]{1,4}|[a-h])\)\s")


def outcome_items(what: str) -> list[str]:
    """'(1) X, (2) Y and (3) Z' -> ['X', 'Y', 'Z']; 'X; Y' -> ['X', 'Y']; anything else stays whole
    ('pain and function' is one outcome)."""
    parts = [what]
    if len(_ENUM.findall(what)) >= 2:
        parts = _ENUM.split(what)
    elif ";" in what:
        parts = what.split(";")
    items = [re.sub(r"(?i)^\s*(?:and|or)\s+|[\s,;]+(?:and|or)?\s*$", "", p).strip(" ,;.") for p in parts]
    items = [x for x in items if len(x) >= 3]
    return items or [what]
