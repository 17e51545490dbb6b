"""statistics: counts in a paper that must agree with each other: a percentage and the n/N printed
beside it, group sizes and the total they split, a participant flow (allocated - losses = analysed),
and two-way splits in a table against the column's group size."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.counts import (PercentCount, find_flow, find_group_totals, find_percent_counts,
                                    find_split_rows, table_percent_cell)
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

_SKIP_SECTIONS = {"references", "bibliography"}
_CELL_START = re.compile(r"^\s*[\d.\-\u2212]")
_SNIPPET = 320


def _lines(pub: Publication) -> Iterator[tuple[int, str]]:
    """The lines outside reference lists, numbered from 1."""
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    for i, line in enumerate(pub.lines, 1):
        if not any(a <= i <= b for a, b in skip):
            yield i, line


def _quote(line: str, start: int, end: int) -> str:
    if len(line) <= _SNIPPET:
        return line.strip()
    a = max(0, start - (_SNIPPET - (end - start)) // 2)
    return line[a:a + _SNIPPET].strip()


def _fmt_pct(v: float, decimals: int) -> str:
    return f"{v:.{max(decimals, 1)}f}%"


def _row_label(pub: Publication, i: int) -> str:
    """The nearest line above a table cell that is not itself a cell: the row label."""
    for j in range(i - 2, max(i - 6, -1), -1):
        text = pub.lines[j].strip()
        if text and not _CELL_START.match(text):
            return text
    return ""


def _percent_counts(pub: Publication) -> Iterator[tuple[int, PercentCount]]:
    for i, line in _lines(pub):
        if "/" not in line:
            continue
        for pc in find_percent_counts(line):
            yield i, pc
        if len(line) < 40:
            cell = table_percent_cell(line, _row_label(pub, i))
            if cell is not None and not find_percent_counts(line):
                yield i, cell


@rule("STAT007", category="statistics", severity="warning", scope="publication",
      title="A percentage disagrees with the n/N printed beside it")
def percent_vs_counts(pub: Publication, ctx):
    """What: finds percentages printed with their numerator and denominator ('20.7% (23/111)',
    '23/111 (20.7%)', '23 of 111 (20.7%)', '304 [29%] of 1058', and in table rows labelled with '%' the
    cell '13.5 (15/111)') and reports those where n/N, rounded to the printed decimals, cannot give the
    printed percentage. A difference of up to one unit in the last printed digit is accepted (rounding
    up, down or truncating).
    Why: a percentage that does not match its own counts means a mistyped count or percentage, or a
    percentage computed on another denominator than the one shown (GRIM, Brown & Heathers).
    Example: '97.2% (35/46)' -> 'The percentage 97.2% does not match 35/46 = 76.1%.'"""
    for i, pc in _percent_counts(pub):
        if pc.consistent():
            continue
        line = pub.lines[i - 1]
        exact = _fmt_pct(pc.exact, pc.pct.decimals + 1)
        yield Finding(
            rule="STAT007", category="statistics", severity="warning", record=pub.id,
            message=f"The percentage {pc.pct.text}% does not match {pc.n}/{pc.total} = {exact}.",
            evidence=[Evidence(source=pub.source, line=i, col=pc.start + 1, text=_quote(line, pc.start, pc.end),
                               label="percentage with n/N", highlight=pc.text)],
            values={"printed": f"{pc.pct.text}%", "computed": f"{pc.n}/{pc.total} = {exact}"})


@rule("STAT008", category="statistics", severity="warning", scope="publication",
      title="Group sizes do not add up to the total stated with them")
def groups_vs_total(pub: Publication, ctx):
    """What: finds sentences that state a number of participants enrolled, randomized or included and
    split it into groups written 'group (n = k)' ('enrolled 219 patients ... control group (n = 111) and
    treated group (n = 108)'), and reports those whose group sizes do not sum to the total. Sentences
    that also speak of analysis, completion, withdrawal, exclusion or screening are skipped: there the
    group sizes may count another stage of the trial.
    Why: the total and the group sizes describe the same people in the same sentence; a mismatch means
    one number is wrong, and the sample size is among the first things a reader checks.
    Example: 'We enrolled 220 patients: control group (n = 111) and treated group (n = 108).' -> 'The
    group sizes 111 + 108 = 219 do not add up to the stated total of 220.'"""
    for i, line in _lines(pub):
        if "=" not in line:
            continue
        for g in find_group_totals(line):
            if sum(g.groups) == g.total:
                continue
            parts = " + ".join(str(n) for n in g.groups)
            yield Finding(
                rule="STAT008", category="statistics", severity="warning", record=pub.id,
                message=f"The group sizes {parts} = {sum(g.groups)} do not add up to the stated total of {g.total}.",
                evidence=[Evidence(source=pub.source, line=i, col=g.start + 1, text=_quote(line, g.start, g.end),
                                   label="total and group sizes", highlight=g.total_text)],
                values={"stated total": str(g.total), "sum of groups": f"{parts} = {sum(g.groups)}"})


@rule("STAT009", category="statistics", severity="warning", scope="publication",
      title="The participant flow in the text does not add up")
def flow_arithmetic(pub: Publication, ctx):
    """What: finds paragraphs that give, for two groups, the numbers allocated ('n = 125 in each group',
    'control group (n = 60) ... group (n = 58)'), the numbers lost for each reason ('10 and 10 patients
    withdrew consent, and 4 and 7 were lost to follow-up, respectively') and the numbers analysed ('111
    control patients and 108 treated patients were included in the analysis'), and reports a group where
    allocated minus losses is not the number analysed (in either order of the groups). Only paragraphs
    where every 'x and y' pair of the loss sentence is a loss are read.
    Why: CONSORT asks for the numbers at each stage; arithmetic that does not close means a participant
    is unaccounted for or a number is mistyped.
    Example: '125 per group; 10 and 10 withdrew, 4 and 7 were lost; 111 and 107 were analysed' -> 'The
    participant flow does not add up: 125 - 10 - 7 = 108 in the second group, but 107 were analysed.'"""
    for i, line in _lines(pub):
        if "respectively" not in line:
            continue
        flow = find_flow(line)
        if flow is None or flow.consistent():
            continue
        exp = flow.expected()
        pos = max(line.find(flow.analysed_text), 0)
        bad = [k for k in (0, 1) if exp[k] != flow.analysed[k]]
        k = bad[0]
        terms = " - ".join([str(flow.allocated[k])] + [str(l[1 + k]) for l in flow.losses])
        which = ("first", "second")[k]
        losses = "; ".join(f"{l[0]}: {l[1]} and {l[2]}" for l in flow.losses)
        yield Finding(
            rule="STAT009", category="statistics", severity="warning", record=pub.id,
            message=(f"The participant flow does not add up: {terms} = {exp[k]} in the {which} group, "
                     f"but {flow.analysed[k]} were analysed."),
            evidence=[Evidence(source=pub.source, line=i, text=_quote(line, pos, pos + len(flow.analysed_text)),
                               label="participant flow", highlight=flow.analysed_text)],
            values={"allocated": f"{flow.allocated[0]} and {flow.allocated[1]}", "losses": losses,
                    "expected analysed": f"{exp[0]} and {exp[1]}",
                    "stated analysed": f"{flow.analysed[0]} and {flow.analysed[1]}"})


@rule("STAT010", category="statistics", severity="warning", scope="publication",
      title="A two-way split in a table does not add up to the group size")
def table_split_vs_n(pub: Publication, ctx):
    """What: in tables printed one cell per line, finds columns headed with their group size ('Control
    (n = 111)') and rows that split each group in two ('Gender (male/female)' then '96/15'), and reports a
    cell whose two counts do not add up to its column's n. Only rows with exactly one 'a/b' cell per group
    column directly under the row label are read.
    Why: a split of all participants (sex, presence/absence) must account for every one of them; a
    mismatch means a mistyped count or missing data the table does not declare.
    Example: column 'Control (n = 111)', row 'Gender (male/female)', cell '96/14' -> 'Gender (male/female)
    96/14 adds up to 110, but the column Control (n = 111) has 111.'"""
    for row in find_split_rows(pub.lines):
        for (line_idx, a, b), (h_idx, header, n) in zip(row.cells, row.headers):
            if a + b == n:
                continue
            header_text = " ".join(header.split())
            yield Finding(
                rule="STAT010", category="statistics", severity="warning", record=pub.id,
                message=f"{row.label} {a}/{b} adds up to {a + b}, but the column {header_text} has {n}.",
                evidence=[Evidence(source=pub.source, line=line_idx + 1, text=pub.lines[line_idx].strip(),
                                   label=f"row '{row.label}'", highlight=pub.lines[line_idx].strip()),
                          Evidence(source=pub.source, line=h_idx + 1, text=header.strip(), label="column header",
                                   highlight=str(n))],
                values={"split": f"{a} + {b} = {a + b}", "column n": str(n)})
