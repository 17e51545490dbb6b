"""Participant counts at the stages of a trial, as one sentence states them ('Of 412 patients screened,
300 were randomized and 280 were analysed'): the stage each number counts, in the order of the flow."""
from __future__ import annotations

import re
from dataclasses import dataclass

STAGES = ("screened", "enrolled", "randomized", "analysed")
_WHO = r"(?:patients|participants|subjects|women|men|children|infants|individuals|adults|volunteers|persons|people)"
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})"
_STAGE = (r"(?P<stage>screened|assessed for eligibility|enrolled|recruited|randomi[sz]ed|randomly (?:assigned|allocated)|"
          r"analy[sz]ed|included in the (?:final |primary )?analys[ie]s)")
# 'Of 412 patients screened', '300 were randomized', '280 patients were analysed', '412 screened';
# never '139 randomized to perhexiline' (one group's share).
COUNT = re.compile(rf"(?i)(?<![\d.,/])\b{_NUM}\s(?:(?:eligible\s)?{_WHO}\s)?(?:who\s)?(?:were\s|was\s|had\s(?:been\s)?)?"
                    rf"(?:subsequently\s|then\s|finally\s)?{_STAGE}\b(?!\s(?:to|in)\b)")
# Per-group or partial counts: the sentence's numbers need not be stages of one flow.
_PARTIAL = re.compile(r"(?i)\beach\b|per group|respectively|\bgroups?\b|\barms?\b|excluded|withdr|lost|declined|"
                      r"not\s|did not|refused|ineligible|dropped|discontinu|died|pilot|previous|visits|samples|"
                      r"centers|centres|sites|hospitals|practices|schools|clusters|studies|trials|articles")
_RANK = {"screened": 0, "assessed for eligibility": 0, "enrolled": 1, "recruited": 1}


@dataclass(slots=True, frozen=True)
class StageCount:
    stage: str            # one of STAGES
    n: int
    start: int
    end: int
    text: str


def _stage(word: str) -> str:
    w = word.lower()
    if w in _RANK:
        return STAGES[_RANK[w]]
    if w.startswith("random"):
        return "randomized"
    return "analysed"


def stage_counts(sentence: str) -> list[StageCount]:
    """The stage counts of a sentence that tells one flow (no per-group or partial counts)."""
    if _PARTIAL.search(sentence):
        return []
    out = []
    for m in COUNT.finditer(sentence):
        out.append(StageCount(_stage(m.group("stage")), int(m.group("n").replace(",", "")), m.start(), m.end(),
                              m.group(0)))
    return out


def out_of_order(counts: list[StageCount]) -> tuple[StageCount, StageCount] | None:
    """The first pair where a later stage counts more people than an earlier one."""
    for i, a in enumerate(counts):
        for b in counts[i + 1:]:
            ra, rb = STAGES.index(a.stage), STAGES.index(b.stage)
            if ra < rb and b.n > a.n:
                return a, b
            if rb < ra and a.n > b.n:
                return b, a
    return None
