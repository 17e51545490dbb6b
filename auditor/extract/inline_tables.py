"""Tables printed on one line, their cells run together: the most common layout of the PMC full texts,
where a table is appended to a paragraph's line:

    '   Table 1. Baseline characteristics. Parameters Tailored ( n = 154) Standard ( n = 151) P value
     Age, yrs 60.2 ± 10.9 60.1 ± 10.9 0.964 Male 103 (66.9) 98 (64.9) 0.715 ... Data are n (%).'

The caption runs to the first column header that gives its group size ('Placebo (n = 76)', 'n=76',
'N = 76'); the run of such headers are the columns. The body is cut into cells of the numeric shapes
tables print ('n (%)', 'n/N', 'mean ± SD', 'median (a-b)', a p-value, a plain number) and the words
between them, the row labels. A row is kept only when its cells fit the columns: as many cells of one
shape as there are columns, then p-values or other cells for the columns without n. Anything else
(a cell missing, a footnote marker read as a number) drops the row rather than guess which cell
stands in which column. Footnotes after the last row end the table.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator

from .paper_tables import Column, Row, Table

_N = r"[-\u2212\u2013]?\d+(?:[.\u00b7]\d+)?"
_U = r"\d+(?:[.\u00b7]\d+)?"
_S = r"[\s\u2009\u202f\u00a0]?"
_DASH = r"(?:\s?(?:to|,|;)\s?|\s?[\u2013\u2014]\s?|\s?-\s?(?=[\d\u2212\u2013-]))"
_MARK = r"(?:[*\u2020\u2021\u00a7\u00b6#]{1,4}|(?<=[\d)\]])[a-f](?![\w]))?"
# The cell shapes, most specific first; each cell stands alone between spaces.
_SHAPES = [
    ("fracpct", rf"\d+{_S}/{_S}\d+{_S}\({_S}{_U}{_S}%?{_S}\)"),
    ("msd", rf"{_N}%?{_S}(?:\u00b1|\+/-|\+-){_S}{_U}%?(?:{_S}\({_S}{_N}{_DASH}{_N}{_S}\))?"),
    ("range", rf"{_N}{_S}[(\[]{_S}(?:IQR|range)?[:,]?{_S}{_N}{_DASH}{_N}{_S}[)\]]"),
    ("pctfrac", rf"{_U}{_S}%{_S}\({_S}\d+{_S}/{_S}\d+{_S}\)"),
    ("pct", rf"\d+{_S}\({_S}{_U}{_S}%{_S}\)|\d+{_S}\[{_S}{_U}{_S}%?{_S}\]"),
    ("paren", rf"{_N}{_S}\({_S}{_U}{_S}\)"),
    ("frac", rf"\d+{_S}/{_S}\d+"),
    ("p", r"NA|NR|N/A|(?:[<>\u2264\u2265]\s?|=\s?)(?:0?[.\u00b7]\d+|1(?:\.0+)?)|0?[.\u00b7]\d+(?=[*\u2020\u2021\u00a7\u00b6#]|\s|$)|NS|ns"),
    ("num", rf"{_N}%?"),
]
_CELL = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _SHAPES))
_CELL_AT = re.compile(rf"(?<!\S)(?=[-\u2212\u2013\d<>\u2264\u2265=.\u00b7Nn])(?:{_CELL.pattern}){_MARK}(?!\S)")

# A table set in a line: 'Table 2', 'Table II.', at the line's start or after a paragraph's end (two spaces).
_START = re.compile(r"Table\s?(?:\d{1,2}|[IVX]{1,4})\b\.?:?\s+(?=[A-Z(])")   # literal first: a fast scan
_STOP = re.compile(r"\s\s(?:Table\s?(?:\d{1,2}|[IVX]{1,4})\b\.?\s+[A-Z]|Fig(?:ure|\.)?\s?\d)")
# A column header with its group size: 'Placebo (n = 76)', 'Drug n=30', 'All [N = 120]'.
_HEAD_N = re.compile(r"[(\[]?\s?\b[nN]\s{0,2}=\s{0,2}(?P<n>\d{1,6})\s?[)\]]?")
_GAP_WORDS = 8
_HEAD_SPAN = 2500      # the caption and header lie within the first characters of a table
# What the previous header left before a name: its share '(48.3%)', a closing bracket.
_NOT_NAME = re.compile(r"^\s*(?:\(?\s?\d+(?:[.\u00b7]\d+)?\s?%?\s?\)|[)\]])")
# Words before a group's name that belong to the caption, the row-label column or the cell format.
_HEAD_LEAD = re.compile(r"(?i)^(?:.*\b(?:characteristics?|parameters?|variables?|events|outcomes?)\b)?\s*"
                        r"(?:[nN]\s?\(\s?%\s?\)\s*)?")
_FOOT = re.compile(r"(?i)^(?:[*\u2020\u2021\u00a7\u00b6#a-f]\s)?(?:data|values|results|abbreviations?|notes?|"
                   r"all\s+(?:data|values)|numbers|figures|continuous|categorical|p\s?values?\s+(?:are|were|from|by))\b")
_P_HEAD = re.compile(r"(?i)^(?:p[\s-]{0,3}values?|p)\s?[*\u2020\u2021a-d]{0,2}\s+")
# A row label starts with a word (or a bracket, sign or bullet before one), not with a stray number.
_LABEL = re.compile(r"^[^\w(]{0,3}\(?[^\W\d_]{1,}|^[<>\u2264\u2265]\s?\d")
_GENERIC = re.compile(r"(?i)^(?:mean|median|n|no|yes|sd|iqr|range|min|max|\s|[\u00b1(),%/\[\]-]|"
                      r"interquartile|standard|deviation)+$")
_COUNTISH = {"pct", "paren", "fracpct", "pctfrac"}
_TOTAL = re.compile(r"(?i)\b(?:total|all|overall|combined)\b")


def _family(kind: str, text: str) -> str:
    """Cells of one family may share a row: '12 (10.3%)' beside '0' or '9 (8.0)'."""
    if kind in _COUNTISH or (kind == "num" and text.strip("*\u2020\u2021\u00a7\u00b6# ") == "0"):
        return "count"
    return kind


def _columns(seg: str, base: int, locate) -> tuple[list[Column], int]:
    """The first run of headers giving their n, each name the words since the previous header (at most a
    few: the caption comes before); and where the run ends."""
    runs: list[list[tuple[re.Match, int]]] = []
    prev_end = 0
    if "=" not in seg[:_HEAD_SPAN]:
        return [], 0
    for m in _HEAD_N.finditer(seg, 0, _HEAD_SPAN):
        gap = seg[prev_end:m.start()]
        name_start = prev_end
        if runs and prev_end and len(gap.split()) <= _GAP_WORDS and not _CELL_AT.search(gap.strip()):
            runs[-1].append((m, name_start))
        else:
            if runs and len(runs[-1]) >= 2:
                break
            runs.append([(m, name_start)])
        prev_end = m.end()
    run = runs[-1] if runs and len(runs[-1]) >= 2 else None
    if run is None:
        return [], 0
    ns = [int(m.group("n")) for m, _ in run]
    if len(run) >= 3 and ns[0] == sum(ns[1:]) and not _TOTAL.search(seg[run[0][1]:run[0][0].start()][-30:]):
        run = run[1:]                  # the caption's own n ('... in the randomized set (n = 607)')
    cols = []
    for k, (m, start) in enumerate(run):
        words = _NOT_NAME.sub("", seg[start:m.start()]).split()
        if k == 0 and len(run) > 1:
            # The caption runs into the first header: take as many words as the next header has
            # (and a 'Total' before them: 'Total group n = 176').
            nxt = _HEAD_LEAD.sub("", _NOT_NAME.sub("", seg[run[1][1]:run[1][0].start()])).split()
            keep = max(1, min(3, len(nxt)))
            for back in range(keep + 1, min(5, len(words)) + 1):
                if nxt and words[-back] == nxt[0]:
                    keep = back     # 'Surgery plus rAd-p53' beside 'Surgery alone': the same first word
                    break
            later = [" ".join(_HEAD_LEAD.sub("", _NOT_NAME.sub("", seg[b:a.start()])).split()) for a, b in run[1:]]
            if len(words) > keep and _TOTAL.fullmatch(words[-keep - 1]) and len(set(later)) == len(later):
                keep += 1           # not in a two-level header ('Total' over 'Non-ICU' and 'ICU')
            words = words[-keep:]
        name = _HEAD_LEAD.sub("", " ".join(words)).strip(" :;,([") or "(unnamed)"
        at = seg.rfind(words[0], start, m.start()) if words else -1
        line, col = locate(base + (at if at >= 0 else m.start()))
        cols.append(Column(name, int(m.group("n")), line, " ".join(words + m.group(0).split()), col=col + 1))
    return cols, run[-1][0].end()


def _segments(body: str, off: int) -> Iterator[tuple[str, int, list[tuple[int, str, str]]]]:
    """(label, offset, cells) runs: the words, then the cells (offset, text, shape) that follow them; lazily,
    so a reader that stops at the footnotes does not cut up the text after them."""
    pos = 0
    label, lab_at, cells = "", 0, []
    for m in _CELL_AT.finditer(body):
        words = body[pos:m.start()]
        if words.strip():
            if cells or label:
                yield label, lab_at, cells
            label, lab_at, cells = " ".join(words.split()), off + pos + len(words) - len(words.lstrip()), []
        kind = m.lastgroup or "num"         # the shape alternatives are the only groups
        cells.append((off + m.start(), m.group(0), kind))
        pos = m.end()
    if cells or label:
        yield label, lab_at, cells
    tail = body[pos:]
    if tail.strip():
        yield " ".join(tail.split()), off + pos, []


def _fits(cells: list[tuple[int, str, str]], k: int) -> bool:
    """The first k cells are one family of values (not p-values) and any further cells are p-values or of
    another family (a column without n: a difference, a p)."""
    if len(cells) < k:
        return False
    fams = {_family(kind, text) for _, text, kind in cells[:k]}
    if len(fams) != 1 or fams & {"p"}:
        return False
    fam = fams.pop()
    if fam == "count" and all(_family(kind, t) == "count" and kind == "num" for _, t, kind in cells[:k]):
        return False                   # all zeros: nothing to read
    extra = cells[k:]
    if len(extra) > 2:
        return False
    return all(_family(kind, text) != fam or kind == "p" for _, text, kind in extra)


def read_inline(pub, line: int, start: int, end: int) -> Table | None:
    """The table set in pub.lines[line-1][start:end], or None when it gives no columns with their n or no
    row fits them."""
    return _read(pub.lines[line - 1], start, end, lambda off: (line, off), "inline")


def _read(text: str, start: int, end: int, locate, layout: str) -> Table | None:
    """The table in text[start:end]; locate(offset) gives the (1-based line, 0-based column) of an offset."""
    seg = text[start:end]
    cols, head_end = _columns(seg, start, locate)
    if len(cols) < 2:
        return None
    body = seg[head_end:]
    p_col = _P_HEAD.match(body.lstrip())
    header = seg[:head_end] + (" " + p_col.group(0) if p_col else "")
    if p_col:
        skip = len(body) - len(body.lstrip()) + p_col.end()
        body, body_off = body[skip:], start + head_end + skip
    else:
        body_off = start + head_end
    k = len(cols)
    rows: list[Row] = []
    parent = ""
    end_at = body_off
    for label, lab_at, cells in _segments(body, body_off):
        if len(label.split()) > 25 or _FOOT.match(label) or _HEAD_N.search(label):
            break           # a footnote, or a sub-table with its own group sizes: the columns no longer hold
        if len(cells) < k:
            parent = label                     # a heading row ('Age (years)', 'Sex') or a broken row
            continue
        if not _fits(cells, k) or len(label) > 200 or not _LABEL.match(label):
            continue
        if parent and _GENERIC.match(label):
            label = f"{parent}{' ' if label[0] in ',;(' else ': '}{label}"   # 'Age (years): Mean ± SD'
        at = [locate(lab_at)] + [locate(o) for o, _, _ in cells]
        rows.append(Row(label, at[0][0], [(ln, c.strip()) for (ln, _), (_, c, _) in zip(at[1:], cells)],
                        offsets=[o for _, o in at]))
        end_at = cells[-1][0] + len(cells[-1][1])
    if not rows:
        return None
    # The caption: 'Table 1. Baseline characteristics.' up to the header words.
    first = cols[0].text.split()[0]
    cap_end = seg.rfind(first, 0, head_end)
    caption = " ".join(seg[:cap_end if cap_end > 0 else 120].split())
    notes = text[end_at:start + len(seg)]
    line, col = locate(start)
    return Table(caption, line, cols, rows, " ".join(header.split()) + " " + " ".join(notes.split()[:80]),
                 layout=layout, col=col + 1)


def inline_tables(pub, taken: set[int]) -> list[Table]:
    """Every table set in a line of the paper, but in lines already read as a one-cell-per-line table."""
    out = []
    for i, text in enumerate(pub.lines, 1):
        if i in taken or "Table" not in text or len(text) < 60:
            continue
        starts = [m.start() for m in _START.finditer(text) if _opens(text, m.start())]
        for j, s in enumerate(starts):
            end = starts[j + 1] if j + 1 < len(starts) else len(text)
            stop = _STOP.search(text, s + 5, end)
            tab = read_inline(pub, i, s, stop.start() if stop else end)
            if tab is not None:
                out.append(tab)
    return out


def _opens(text: str, at: int) -> bool:
    """'Table 2' opens a table at the line's start or after a paragraph's end (two spaces, or '. ')."""
    before = text[max(0, at - 2):at]
    return at == 0 or (len(before) == 2 and before[1].isspace() and (before[0].isspace() or before[0] == "."))


def section_tables(pub, sections) -> list[Table]:
    """The table sections the one-cell-per-line reader could not read, read as one run of text: rows
    spread over lines several to a line ('N 13 14 Mean ± SD 0.154±1.2142 ...')."""
    out = []
    for sec in sections:
        lines = pub.lines[sec.start_line - 1:sec.end_line]
        starts, pos = [], 0
        for ln in lines:
            starts.append(pos)
            pos += len(ln) + 2
        text = "  ".join(lines)

        def locate(off: int, starts=starts, first=sec.start_line) -> tuple[int, int]:
            k = bisect.bisect_right(starts, off) - 1
            return first + k, off - starts[k]
        tab = _read(text, 0, len(text), locate, "rows")
        if tab is not None:
            out.append(tab)
    return out
