"""The whole-trial participant counts a paper states, each with its line, section and sentence: the
planned sample size, and how many were screened, enrolled, randomized and analysed (sample_size.find_counts),
without the counts of one group or one part ('26 were randomized to the lozenge group', '..., respectively').

    paper_counts(pub) -> list[PaperCount]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .claims import sentences
from .sample_size import ODD_CASE, Count, find_counts

_SKIP_SECTIONS = {"references", "bibliography", "table"}


class _Stem:
    """A search for any of some words, split into what a substring test answers (literal words) and
    patterns each run only on a text holding one of its pieces: the same answer as one alternation, far
    cheaper on long paragraphs (Python's re tries every alternative at every position)."""

    def __init__(self, literals: tuple[str, ...], *alternatives: tuple[tuple[str, ...], str],
                 ignore_case: bool = False):
        self.literals, self.ignore_case = literals, ignore_case
        flag = "(?i)" if ignore_case else ""
        self.alternatives = tuple((pieces, re.compile(flag + rx)) for pieces, rx in alternatives)
        self.whole = re.compile(flag + "|".join([re.escape(w) for w in literals] + [rx for _, rx in alternatives]))

    def search(self, text: str) -> bool:
        if self.ignore_case:
            if any(c in text for c in ODD_CASE):        # letters IGNORECASE folds but lower() does not
                return self.whole.search(text) is not None
            text_l = text.lower()
        else:
            text_l = text
        if any(w in text_l for w in self.literals):
            return True
        return any(any(p in text_l for p in pieces) and rx.search(text) is not None
                   for pieces, rx in self.alternatives)


# A sentence find_counts can read a count from holds one of these (checked before the costly patterns).
_STEM = _Stem(("Enrol", "enrol", "Inclu", "inclu", "Recruit", "recruit", "andomi", "andoml", "nalys", "nalyz", "Screen",
               "screen", "required", "needed", "necessary", "Eligib", "eligib"), (("ample",), r"[Ss]ample\s+size"))
# The words of sample_size's plan patterns ('sample size of', 'N patients were required', 'planned to
# recruit', 'Recruitment of N participants was anticipated').
_PLAN_STEM = _Stem(("required", "needed", "necessary"), (("ample",), r"[Ss]ample\s+sizes?\s"),
                   (("recruit", "enrol", "include", "randomi", "enter"),
                    r"\bto\s+(?:recruit|enrol|include|randomi|enter)"),
                   (("ecruitment",), r"[Rr]ecruitment\s+of"), (("nrol",), r"[Ee]nrol+ment\s+of"),
                   (("nclusion",), r"[Ii]nclusion\s+of"), (("target",), r"target\s+of"))
_ONLY_STEM = {"planned": _PLAN_STEM, "randomized": _Stem(("andomi", "andoml"))}
# The count is one group's share: 'randomized to the lozenge group' (but 'randomized to two groups',
# 'to either', 'to one of' count everyone).
_SHARE_AFTER = re.compile(
    r"(?i)^\s*(?:(?:in|into)\s+(?:the\s+|an?\s+)?[\w/+-]+(?:\s+[\w/+-]+){0,3}?\s+(?:group|arm)\b(?!s)|"
    r"to\s+(?!(?:either|one|two|three|four|five|[2-5]|equal|an?|this|the\s+(?:study|trial|two|three|four|five))\b))")
_SUBSET_BEFORE = re.compile(r"(?i)\b(?:of\s+(?:whom|these|them|those)|among\s+(?:them|these|whom)|the\s+remaining|"
                            r"additional|further|another|first|second|last|only)\s+(?:\w+\s+){0,2}$")
# The sentence speaks of groups, parts or other studies: its counts need not be the whole trial's.
_PARTIAL = _Stem(("respectively", "versus", "sub-study", "substudy", "previous", "articles"),
                 (("each",), r"\beach\b"), (("group", "arm"), r"per\s+(?:group|arm)"), (("vs",), r"\bvs\.?\b"),
                 (("subgroup",), r"\bsubgroup"), (("pilot",), r"\bpilot\b"), (("prior",), r"prior\s+(?:study|trial)"),
                 (("phase",), r"phase\s+(?:1|2|3|I|II|III)\s+(?:study|trial)\s+of"),
                 (("studies",), r"\bstudies\b"), (("trials",), r"\btrials\b"), ignore_case=True)
# Other units counted beside participants: a count in such a sentence may be theirs. A plan is stated
# with its participants' noun ('Recruitment of 200 participants was anticipated from 10 general practices').
_OTHER_UNITS = _Stem(("hospitals", "practices", "schools", "clusters", "villages", "households", "visits", "samples",
                      "lesions", "teeth"), (("centers", "centres"), r"\bcent(?:er|re)s\b"),
                     (("sites",), r"\bsites\b"), (("eyes",), r"\beyes\b"), ignore_case=True)


_GROUP_AFTER = re.compile(r"(?i)^[^.;]{0,40}?\b(?:per|each|in|for\s+each)\s+(?:[\w-]+\s+){0,4}?"
                          r"(?:groups?|arms?)\b")
_LEAD_NUM = re.compile(r"\d[\d,]*")
_RANGE_BEFORE = re.compile(r"(?:\d\s?[\u2013\u2014-]|\d\s+to)\s?$")
_RANGE_AFTER = re.compile(r"^\s?(?:[\u2013\u2014-]|to\s)\s?\d")
_VERB = re.compile(r"(?i)\s(?:were|was|had\s+been|being|would\s+be|are)\s")
_WHO = re.compile(r"(?i)\b(?:patients?|participants?|subjects?|women|men|children|adults?|infants?|individuals?|"
                  r"volunteers?|persons?|people|pairs|couples|mothers|neonates|newborns|adolescents|students|"
                  r"smokers|girls|boys|babies|residents|workers|employees|veterans|users|survivors|cases|eligible)\b")


def _aside(sent: str, c: Count) -> bool:
    """The number is not a count of the trial's participants: inside parentheses ('(21 males, 9
    females) were randomized'), one end of a range ('BMI of 25-35 kg/m2 were randomized', 'a sample
    size of 30-50'), or a count of things ('55 hips were randomized')."""
    head = sent[:c.start]
    if head.count("(") > head.count(")") or _RANGE_BEFORE.search(head):
        return True
    m = _LEAD_NUM.search(c.text)
    if m is None or _RANGE_AFTER.match(sent[c.start + m.end():c.start + m.end() + 8]):
        return m is not None
    if m.start() > 0:      # 'randomized 60 patients': the noun is in the pattern
        return False
    verb = _VERB.search(c.text, m.end())
    gap = c.text[m.end():verb.start()] if verb else ""
    return bool(gap.strip()) and not _WHO.search(gap)


@dataclass(slots=True, frozen=True)
class PaperCount:
    count: Count
    line: int               # 1-based line of the paper
    section: str            # kind of its section ('abstract', 'methods', ...)
    sentence: str           # the whole sentence, as printed
    col: int                # 1-based column of the count on its line


def paper_counts(pub, kinds: frozenset[str] | None = None, only: str | None = None) -> list[PaperCount]:
    """Every whole-trial count of a paper outside references and tables (only in sections of these
    kinds when given), in text order, and the planned sizes per group (per_group set: the caller
    cannot know the planned total). only='planned' or 'randomized' reads only the sentences that may
    state that kind (cheaper: a rule can stop when there is none). The last paper's answers are kept:
    several rules ask about one paper in a row."""
    if _LAST.get("pub") is not pub:
        _LAST.clear()
        _LAST["pub"] = pub
        _LAST["split"] = {}      # line -> its sentences
        _LAST["read"] = {}       # (line, sentence start) -> the sentence's counts, for every stem
    key = (kinds, only)
    if key not in _LAST:
        out = _paper_counts(pub, kinds, _ONLY_STEM.get(only, _STEM))
        _LAST[key] = tuple(c for c in out if only is None or c.count.kind == only)
    return list(_LAST[key])


# The answers for the last paper asked about (several rules ask about one paper in a row).
_LAST: dict = {}


def _lines(pub, kinds: frozenset[str] | None) -> list[int]:
    """The 1-based lines to read: all, or those of the sections of these kinds."""
    if kinds is None:
        return list(range(1, len(pub.lines) + 1))
    out: set[int] = set()
    for s in pub.sections:
        if s.kind in kinds:
            out.update(range(s.start_line, min(s.end_line, len(pub.lines)) + 1))
    return sorted(out)


def _paper_counts(pub, kinds: frozenset[str] | None, stem: _Stem) -> list[PaperCount]:
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    split, read = _LAST["split"], _LAST["read"]
    out: list[PaperCount] = []
    for i in _lines(pub, kinds):
        line = pub.lines[i - 1]
        if not stem.search(line) or any(a <= i <= b for a, b in skip):
            continue
        sec = pub.section_of(i)
        kind = sec.kind if sec is not None else "other"
        if kinds is not None and kind not in kinds:
            continue
        if i not in split:
            split[i] = sentences(line)
        for s0, s1 in split[i]:
            sent = line[s0:s1]
            if not stem.search(sent):
                continue
            # A sentence's counts do not depend on the stem that let it in: read once, shared by every call.
            if (i, s0) not in read:
                read[(i, s0)] = _sentence_counts(sent)
            out.extend(PaperCount(c, i, kind, sent, s0 + c.start + 1) for c in read[(i, s0)])
    return out


def _sentence_counts(sent: str) -> list[Count]:
    """The whole-trial counts of one sentence (and the planned sizes per group)."""
    out: list[Count] = []
    if _PARTIAL.search(sent):
        return out
    others = bool(_OTHER_UNITS.search(sent))
    for c in find_counts(sent):
        if others and c.kind != "planned":
            continue
        if c.kind == "planned" and _GROUP_AFTER.match(sent[c.end:c.end + 50]):
            c = replace(c, per_group=True)   # '67 patients were needed per treatment arm'
        if c.per_group:
            if c.kind == "planned":      # kept: a plan per group makes the total unknown
                out.append(c)
            continue
        if _SUBSET_BEFORE.search(sent[max(0, c.start - 40):c.start]):
            continue
        if c.kind in ("randomized", "enrolled") and _SHARE_AFTER.match(sent[c.end:c.end + 40]):
            continue
        if _aside(sent, c):
            continue
        out.append(c)
    return out
