"""enrollment: the participant counts one sentence of a paper gives for the stages of the flow
(screened >= enrolled >= randomized >= analysed), auditor/extract/flow_counts.py."""
from __future__ import annotations

from itertools import islice
from typing import Iterator

from auditor.extract.claims import sentences
from auditor.extract.flow_counts import COUNT, out_of_order, stage_counts
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

_SKIP_SECTIONS = {"references", "bibliography", "table"}
_WORDS = ("screened", "eligibility", "enrolled", "recruited", "andomi", "nalys", "nalyz")
_LIMIT = 400


@rule("ENR008", category="enrollment", severity="warning", scope="publication",
      title="A later stage of the participant flow counts more people than an earlier one")
def flow_order(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads sentences that count participants at two or more stages of the flow ('Of 89
    patients screened, 60 were randomised', '782 patients were enrolled and 458 randomized') and
    reports one where a later stage (screened, enrolled, randomized, analysed) counts more people than
    an earlier one. Sentences with per-group or partial counts ('each', 'respectively', 'groups',
    'excluded', '139 randomized to perhexiline') are skipped.
    Why: everyone randomized was screened and everyone analysed was randomized (CONSORT's flow
    diagram); a later stage with more people is a typo in one count or a count of something else.
    Example: 'Of 59 patients screened, 60 were randomised' -> '60 randomized is more than the 59
    screened before them.'"""
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    for i, line in enumerate(pub.lines, 1):
        if sum(w in line for w in _WORDS) < 2 or any(a <= i <= b for a, b in skip):
            continue
        if sum(1 for _ in islice(COUNT.finditer(line), 2)) < 2:
            continue                     # fewer than two stage counts in the whole paragraph
        for s0, s1 in sentences(line):
            pair = out_of_order(stage_counts(line[s0:s1]))
            if pair is None:
                continue
            early, late = pair
            sent = " ".join(line[s0:s1].split())
            yield Finding(
                rule="ENR008", category="enrollment", severity="warning", record=pub.id,
                message=f"{late.n} {late.stage} is more than the {early.n} {early.stage} before them.",
                evidence=[Evidence(source=pub.source, line=i, col=s0 + 1,
                                   text=sent if len(sent) <= _LIMIT else sent[:_LIMIT - 1] + "\u2026",
                                   label="participant flow", highlight=late.text)],
                values={early.stage: str(early.n), late.stage: str(late.n)})
