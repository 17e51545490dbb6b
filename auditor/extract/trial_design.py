"""What a trial report says about its own design: randomized or not, open-label or blinded.

    find_design_statements(text) -> list[DesignStatement]

Only statements about the study itself count: 'This was a randomized, double-blind trial',
'patients were randomly assigned', 'This is a prospective, open-labeled and randomized controlled
study', 'both clinicians and participants were aware of the treatment allocation'. A design word
about other work ('previous randomized trials showed') has no self-reference and is left out;
negated forms ('not randomized', 'non-randomized') are read as such.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DesignStatement:
    kind: str           # 'randomized', 'non_randomized', 'open_label', 'blinded'
    start: int
    end: int
    text: str
    level: str | None = None   # for 'blinded': 'single', 'double', 'triple' when written


# 'This was a ...', 'The present study is a ...', 'We conducted a ...', 'In this ...': the study itself.
_SELF = (r"(?:\b(?:this|the\s+present|the\s+current|our)\s+(?:[\w,()-]+\s+){0,6}?|"
         r"\b(?:was|is)\s+(?:designed\s+as\s+)?an?\s+(?:[\w,()-]+\s+){0,6}?|"
         r"\bwe\s+(?:conducted|performed|carried\s+out|designed|report|undertook)\s+an?\s+(?:[\w,()-]+\s+){0,6}?)")
_NOT_RAND = (r"(?:non[\s-]?randomi[sz]ed|not\s+randomi[sz]ed|single[\s-](?:arm|group)|uncontrolled|"
             r"open[\s-]label,?\s+single[\s-]arm)")
_RAND = r"(?<!non-)(?<!non)(?<!non\s)(?<!not\s)(?<!quasi-)randomi[sz]ed"
_OPEN = r"(?:open[\s-]label(?:l?ed)?|unblinded|non[\s-]blinded|not\s+blinded)"
_BLIND = r"(?P<lvl>single|double|triple|quadruple)[\s-](?:blind(?:ed)?|mask(?:ed)?|dummy)"

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("non_randomized", re.compile(rf"(?i){_SELF}{_NOT_RAND}\b")),
    ("randomized", re.compile(rf"(?i){_SELF}{_RAND}\b")),
    ("randomized", re.compile(
        r"(?i)\b(?:were|was)\s+(?:then\s+|subsequently\s+|centrally\s+)?(?<!not\s)randomi[sz]ed\s+(?:in\s+a\s+[\d:]+\s+ratio\s+)?"
        r"(?:to|into|in|at|using|by|according|with|\(|1:1)|\brandomly\s+(?:assigned|allocated|divided)\b|"
        r"\bwe\s+randomi[sz]ed\b|\brandomi[sz]ation\s+(?:list|code|sequence|schedule|was\s+(?:stratified|performed|done|"
        r"conducted|generated))\b")),
    ("open_label", re.compile(rf"(?i){_SELF}{_OPEN}\b")),
    ("open_label", re.compile(
        r"(?i)\b(?:both\s+)?(?:clinicians|investigators|physicians|participants|patients)\s+and\s+(?:clinicians|"
        r"investigators|physicians|participants|patients)\s+were\s+aware\s+of\s+(?:the\s+)?(?:treatment\s+)?"
        r"(?:allocation|assignment)")),
    ("blinded", re.compile(rf"(?i){_SELF}{_BLIND}\b")),
    # A sentence naming the trial by its design: 'The Phase 2b double-blinded, randomized Phambili trial evaluated'.
    ("blinded", re.compile(rf"(?im)(?:^|(?<=[.!?]\s))[ \t]*The\s+"
                           r"(?:(?!(?:of|from|in|results?|findings?|previous|earlier|prior|other)\b)[\w/-]+\s+){0,3}?"
                           rf"{_BLIND}\b"
                           r"(?=[\w\s,()/-]{0,60}?\b(?:trial|study)\b)")),
)
# Designs of other phases or other studies in the same sentence: 'open-label extension', 'after the double-blind phase'.
_OTHER_PHASE = re.compile(r"(?i)^[\s,-]*(?:extension|follow[\s-]?up|run[\s-]?in|lead[\s-]?in|phase|period|part)\b")


def find_design_statements(text: str) -> list[DesignStatement]:
    """Self-referring design statements in text, in text order."""
    out: list[DesignStatement] = []
    taken: dict[str, list[tuple[int, int]]] = {"allocation": [], "masking": []}
    for kind, pat in _PATTERNS:
        axis = taken["allocation" if kind in ("randomized", "non_randomized") else "masking"]
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in axis):
                continue
            if kind in ("open_label", "blinded") and _OTHER_PHASE.match(text[m.end():m.end() + 20]):
                continue
            level = m.group("lvl").lower() if kind == "blinded" and m.group("lvl") else None
            axis.append((m.start(), m.end()))
            out.append(DesignStatement(kind, m.start(), m.end(), m.group(0), level))
    out.sort(key=lambda d: d.start)
    return out
