"""Tables of a paper read as tables: the columns whose header gives a group size ('Placebo (n = 76)'),
and the rows under them, each a label followed by its cells.

Full texts saved from PubMed Central print a table one cell per line: the caption ('Table 1 ...'),
the header cells, then each row as its label line followed by one line per cell. A column's n is
read from the header zone (the lines before the first data cell); a row's cells are the data lines
up to the next label. Cells are kept as text; the rules parse the kinds they check:
'n (%)', 'mean ± SD', 'median (IQR)', 'value (low-high)'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.model import Publication

from .printed import Printed, parse_number

_NUM = r"[-+\u2212\u2013]?\s?\d+(?:[.\u00b7]\d+)?"
_HEADER_N = re.compile(r"(?P<name>[^()\[\]\d=]{0,60}?)\s*[(\[,;]?\s*\b[nN]\s?=\s?(?P<n>\d{1,6})\s*[)\]]?")
# A data line: numbers, signs, brackets, separators, 'NS', no words.
_DATA = re.compile(r"^[\s\d.,\u00b7%()\[\]\u00b1+\-\u2212\u2013\u2014<>=/:;*\u2020\u2021\u00a7]+$|^\s*(?:NS|ns|NA|n\.?a\.?|-|\u2014)\s*$")
_MAX_HEADER = 12      # header lines read after the caption
_MAX_LABEL = 200

PCT_CELL = re.compile(r"^\s*(?P<n>\d{1,6})\s*\(\s*(?P<pct>\d{1,3}(?:[.\u00b7]\d+)?)\s*%?\s*\)\s*[*\u2020\u2021a-d]?\s*$")
MEAN_SD_CELL = re.compile(rf"^\s*(?P<m>{_NUM})\s*(?:\u00b1|\+/-|\+-)\s*(?P<sd>\d+(?:[.\u00b7]\d+)?)\s*$")
_SEP = r"(?:\s?(?:to|,|;)\s?|\s?[\u2013\u2014]\s?|\s?-\s?(?=[\d\u2212\u2013-]))"
RANGE_CELL = re.compile(rf"^\s*(?P<x>{_NUM})\s*[(\[]\s*(?P<a>{_NUM}){_SEP}(?P<b>{_NUM})\s*[)\]]\s*$")


@dataclass(slots=True)
class Column:
    name: str
    n: int
    line: int             # 1-based line of the header cell
    text: str             # the header line (the header cell, in a table set in one line)
    col: int = 0          # 1-based column of the header in its line, for a table set in one line


@dataclass(slots=True)
class Row:
    label: str
    line: int
    cells: list[tuple[int, str]] = field(default_factory=list)   # (1-based line, text)
    offsets: list[int] = field(default_factory=list)   # in a table set in one line: label's, then each cell's


@dataclass(slots=True)
class Table:
    caption: str
    line: int
    columns: list[Column]
    rows: list[Row]
    header: str = ""      # the header lines joined, where a table says 'n (%)' or 'median (IQR)'
    layout: str = "cells"  # 'cells': one cell per line; 'inline': the whole table in one line; 'rows':
    #                        a table section with several cells (and rows) to a line
    col: int = 0          # 1-based column where an inline table starts


def num(text: str) -> Printed | None:
    t = text.replace(" ", "").replace("\u2013", "-").replace("\u2212", "-")
    return parse_number(t)


def _columns(lines: list[str], start: int, stop: int) -> list[Column]:
    cols = []
    for i in range(start, stop):
        s = lines[i - 1].strip()
        if not s or len(s) > 160:
            continue
        for m in _HEADER_N.finditer(s):
            name = m.group("name").strip(" :;,(") or s[:m.start("n")].strip()
            cols.append(Column(name or "(unnamed)", int(m.group("n")), i, s))
    return cols


def read_tables(pub: Publication) -> list[Table]:
    """Every table of the paper: those printed one cell per line (with the columns that give their n,
    none when the header gives no n), then those set in one line (auditor/extract/inline_tables.py)."""
    from .inline_tables import inline_tables, section_tables
    out = _cell_tables(pub)
    read = {t.line for t in out if t.rows and len(t.columns) >= 2}
    more = section_tables(pub, [s for s in pub.sections if s.kind == "table" and s.start_line not in read])
    # A section read better as runs of cells replaces its reading without columns.
    out = [t for t in out if t.line not in {m.line for m in more}] + more
    taken = {r.line for t in out if t.rows for r in t.rows} | {t.line for t in out if t.rows}
    return out + inline_tables(pub, taken)


def _cell_tables(pub: Publication) -> list[Table]:
    out = []
    for sec in pub.sections:
        if sec.kind != "table" or sec.end_line - sec.start_line < 3:
            continue
        lines = pub.lines
        first_data = None
        for i in range(sec.start_line + 1, min(sec.end_line, sec.start_line + _MAX_HEADER) + 1):
            s = lines[i - 1].strip()
            if s and _DATA.match(s) and not _HEADER_N.search(s):
                first_data = i
                break
        if first_data is None:
            continue
        # The header ends with the line above the first row label.
        label_at = first_data - 1
        while label_at > sec.start_line and not lines[label_at - 1].strip():
            label_at -= 1
        cols = _columns(lines, sec.start_line + 1, label_at)
        glued = ""
        if len(cols) < 2:
            # PMC text often glues the header cells and the first row label into one line:
            # 'Everolimus (n = 61)MMF (n = 61)Risk ratio (95% CI)Any adverse event'.
            head = _columns(lines, label_at, label_at + 1)
            if len(head) >= 2:
                cols, glued = head, lines[label_at - 1].strip()
        rows: list[Row] = []
        row: Row | None = None
        for i in range(label_at, sec.end_line + 1):
            s = lines[i - 1].strip()
            if not s:
                continue
            if _DATA.match(s):
                if row is not None:
                    row.cells.append((i, s))
            elif len(s) <= _MAX_LABEL:
                row = Row(s, i)
                rows.append(row)
            else:
                break                       # prose: the table is over
        # The header and the footnotes under the table say what the cells are ('Data are n (%)').
        notes = range(sec.start_line + 1, min(sec.end_line + 6, len(lines)) + 1)
        header = " ".join([lines[j - 1].strip() for j in notes
                           if j < label_at or (j > sec.end_line - 3 and not _DATA.match(lines[j - 1].strip() or "0"))]
                          + [glued])
        out.append(Table(lines[sec.start_line - 1].strip(), sec.start_line, cols, rows, header))
    return out
