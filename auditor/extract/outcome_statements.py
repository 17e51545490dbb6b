"""Where a trial report states its primary and secondary outcomes, and how alike two outcome
descriptions are.

    find_outcome_statements(text) -> list[OutcomeStatement]
    outcome_similarity(a, b) -> float      0-100, share of the shorter side's content words in the other

Only explicit statements count: 'The primary outcome was ...', 'The primary efficacy variable was
...', 'Secondary endpoints included ...', 'X and Y were calculated as primary endpoints'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .sentences import sentence_spans


@dataclass(frozen=True, slots=True)
class OutcomeStatement:
    kind: str          # 'primary' or 'secondary'
    what: str          # the outcome words
    start: int         # offsets of the whole statement
    end: int
    text: str


_NOUN = (r"(?:(?:efficacy|safety|study|clinical)\s+)?(?:outcome\s+measures?|outcomes?|end[\s-]?points?|"
         r"variables?|measures?)")
_FORWARD = re.compile(
    rf"(?i)\b(?:the\s+|our\s+|a\s+)?(?P<kind>primary|secondary)\s+{_NOUN}\s+"
    r"(?:(?:of|for|in)\s+(?:this|the|our)\s+(?:study|trial)\s+)?"
    r"(?:was|were|is|are|included|include|consisted\s+of|comprised|was\s+defined\s+as|were\s+defined\s+as|:)\s+"
    r"(?!(?:used|tested|analy[sz]ed|assessed|compared|calculated|performed|evaluated|met|achieved|reached|"
    r"significant\w*|similar|not|also|based|powered|chosen|selected|different|improved|reduced|higher|lower)\b)"
    r"(?P<what>[^;\n]{3,400}?)(?=\.\s|\.$|;|\n|$)")
_REVERSE = re.compile(
    rf"(?i)\b(?:was|were)\s+(?:\w+\s+){{0,2}}?(?:as\s+)?(?:the\s+|a\s+)?(?P<kind>primary|secondary)\s+{_NOUN}\b")
_STOP = frozenset(
    "the a an of in on at to for and or with by from as was were is are be been this that these those each all "
    "any its their between after before during over within per than rate rates level levels change changes "
    "measured measure measures assessed assessment evaluated evaluation incidence proportion number percentage "
    "patients participants subjects group groups treatment study trial time frame baseline outcome outcomes "
    "primary secondary endpoint endpoints variable mean score total".split())
_WORDS = re.compile(r"[a-z0-9]+")
# A reverse statement's subject must be the outcome itself, not a clause about other work.
_NOT_SUBJECT = re.compile(r"(?i)\b(?:which|that|whom|where|pilot|previous|prior|earlier|other\s+(?:studies|trials))\b")
_CITED = re.compile(r"^\s*(?:\[\d|\(\d|\d+[,\]])")


def find_outcome_statements(text: str) -> list[OutcomeStatement]:
    """Explicit primary/secondary outcome statements, in text order."""
    out: list[OutcomeStatement] = []
    for s0, s1 in sentence_spans(text):
        sent = text[s0:s1]
        found = False
        for m in _FORWARD.finditer(sent):
            if _CITED.match(sent[m.end():m.end() + 6]):
                continue
            what = m.group("what").strip().rstrip(".")
            out.append(OutcomeStatement(m.group("kind").lower(), what, s0 + m.start(), s0 + m.end(), m.group(0)))
            found = True
        if found:
            continue
        m = _REVERSE.search(sent)
        if m and 3 < m.start() <= 200 and not _NOT_SUBJECT.search(sent[:m.start()]) and "\n" not in sent[:m.start()] \
                and not _CITED.match(sent[m.end():m.end() + 6]):
            what = sent[:m.start()].strip()
            out.append(OutcomeStatement(m.group("kind").lower(), what, s0, s0 + m.end(), sent[:m.end()]))
    return out


@lru_cache(maxsize=8192)
def _content(text: str) -> tuple[str, ...]:
    words = [w[:-1] if len(w) > 4 and w.endswith("s") else w for w in _WORDS.findall(text.casefold())]
    return tuple(dict.fromkeys(w for w in words if w not in _STOP))


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


def outcome_similarity(a: str, b: str) -> float:
    """How alike two outcome descriptions are (0-100): the share of the shorter description's content
    words found in the other (spelling variants within rapidfuzz ratio 85 count). One shared generic
    word ('survival' in 'overall survival' vs 'progression-free survival') is not enough: 50."""
    ca, cb = _content(a), _content(b)
    if not ca or not cb:
        return 0.0
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    hits = sum(1 for w in short if any(_same_word(w, x) for x in long_))
    return 100.0 * hits / len(short)
