"""Shared helpers of the plain-text readers: decoding, line access, markdown unescaping, provenance."""
from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import PurePosixPath

from .. import vocab
from ..model import Field, Loc

# Text copied from rendered pages keeps markdown escapes ('\<', '\>', '\^', '\*'): values drop them.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^~|])")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=\S)")
_SPACES = re.compile(r"\s+")
# Cheap screen for vocab's registry id patterns (one regex with many alternatives is slow on long
# texts): only lines holding one of these strings, or a EudraCT/CTIS-like '-nnnnnn-', are searched.
_ID_TOKENS = ("NCT", "ISRCTN", "ChiCTR", "EudraCT", "CTRI/", "ACTRN", "DRKS", "UMIN", "jRCT", "Japic", "JMA-",
              "NTR", "IRCT", "KCT", "PACTR", "TCTR", "SLCTR", "RBR-")
_DIGIT_ID = re.compile(r"-\d{5,6}-")
# An NCT id glued to the words around it ('ClinicalTrials.govNCT00518167', 'NCT01392573Bus' where
# a table lost its cell breaks), which vocab's \b misses.
_GLUED_NCT = re.compile(r"(?<!\d)NCT\s?0\d{7}(?!\d)")


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) first, latin-1 otherwise; line ends normalized to '\\n'."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """The text as lines; lines[0] is line 1 (a final newline adds no line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def norm_label(text: str) -> str:
    """'7. Study Design:' -> 'study design': lower case, numbering and a trailing colon dropped."""
    t = text.strip().rstrip(":").strip()
    t = _NUMBERED_HEADING.sub("", t)
    return _SPACES.sub(" ", t).lower()


def stem(display: str) -> str:
    """File stem of a displayed path, also for zip members ('a.zip!dir/PMC1.txt' -> 'PMC1')."""
    return PurePosixPath(display.rsplit("!", 1)[-1].replace("\\", "/")).stem


class Doc:
    """One text file: its display name and lines, and Field construction with exact provenance."""

    __slots__ = ("display", "lines")

    def __init__(self, display: str, lines: list[str]):
        self.display = display
        self.lines = lines

    def loc(self, line: int, col: int | None = None) -> Loc:
        return Loc(self.display, line, col)

    def col_of(self, line: int, raw: str) -> int | None:
        pos = self.lines[line - 1].find(raw) if 0 < line <= len(self.lines) else -1
        return pos + 1 if pos >= 0 else None

    def field(self, value, raw: str, line: int, col: int | None = None) -> Field:
        """A Field for raw text on a line; the column is found when not given."""
        if col is None:
            col = self.col_of(line, raw.split("\n", 1)[0])
        return Field(value, raw, self.loc(line, col))

    def span(self, first: int, last: int) -> str:
        """The original text of lines first..last (1-based, inclusive), stripped at both ends."""
        return "\n".join(self.lines[first - 1:last]).strip()


def _screen(text: str) -> list[int]:
    """Offsets in text where a registry id may start (sorted)."""
    hits = [m.start() for m in _DIGIT_ID.finditer(text)]
    for tok in _ID_TOKENS:
        i = text.find(tok)
        while i >= 0:
            hits.append(i)
            i = text.find(tok, i + 1)
    return sorted(hits)


def registry_ids_in_line(line: str) -> list[tuple[str, str, int]]:
    """(registry, normalized id, offset) of every registry id on one line, in order of place."""
    if not _screen(line):
        return []
    found = vocab.find_registry_ids(line)
    taken = {off for _, _, off in found}
    for m in _GLUED_NCT.finditer(line):
        if m.start() not in taken:
            found.append(("NCT", re.sub(r"\s+", "", m.group(0)), m.start()))
    return sorted(found, key=lambda x: x[2])


def registry_ids_in_lines(lines: list[str]) -> list[tuple[int, str, str, int]]:
    """(1-based line, registry, normalized id, offset in the line) of every registry id, in text order."""
    text = "\n".join(lines)
    hits = _screen(text)
    if not hits:
        return []
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    out = []
    for k in sorted({bisect_right(starts, h) - 1 for h in hits}):
        out.extend((k + 1, reg, norm, off) for reg, norm, off in registry_ids_in_line(lines[k]))
    return out


def raw_id_at(line: str, off: int, norm: str) -> str:
    """The id as written at off (with the space or prefix that its normalized form dropped)."""
    m = vocab.REGISTRY_ID_RE.match(line, off) or _GLUED_NCT.match(line, off)
    return m.group(0) if m else norm


def has_registry_id(text: str) -> bool:
    return bool(registry_ids_in_lines(text.splitlines()))
