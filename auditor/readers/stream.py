"""Files of many studies read one study document at a time, so memory stays flat whatever the file's
size: a JSON array of studies, an API page ({"studies": [...], "nextPageToken": ...}) and JSON Lines
(auditor/readers/jsonpos.py). The size limit applies to each document, not to the stream.

An array is cut into its elements by a scan that moves a bracket at a time (strings and everything
between brackets are skipped by one regex match), over a window of the file: each element is then
parsed and positioned as the whole file would have been (lines and columns as in the file). A
document that is not valid JSON is an input problem naming its line; the scan goes on after it while
the brackets still balance, and the rest of the file is read.

Every document remembers where it stands (byte offset, length, line, column), so the cross-record
rules can read one record again without reading the file again (read_again)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import BinaryIO, Iterator

import orjson

from ..model import InputProblem, Publication, Trial
from .jsonpos import JsonText, parse_error

Item = Trial | Publication | InputProblem

CHUNK = 1 << 22                  # bytes read at a time
_WS = re.compile(rb"[ \t\n\r]*")
# Everything up to the next bracket outside strings (a string cut by the window's end does not match whole).
_FLAT = re.compile(rb'(?:[^"\[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(rb"[^,\]}\s]+")
_BRACKETS = (b"[", b"]", b"{", b"}")
# A page: an object whose members before "studies" are scalars ("totalCount": 3, "nextPageToken": "x").
_PAGE = re.compile(rb'\{\s*(?:"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[-+.\w]+)\s*,\s*)*"studies"\s*:\s*\[')


def stream_kind(head: bytes) -> str | None:
    """'array' or 'page' when a UTF-8 file starting with head is read as a stream of documents."""
    h = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    h = h[_WS.match(h).end():]
    if h[:1] == b"[":
        return "array"
    if h[:1] == b"{" and _PAGE.match(h):
        return "page"
    return None


class _Broken(Exception):
    """The file's structure cannot be followed past this byte (unbalanced brackets, cut off)."""

    def __init__(self, at: int):
        super().__init__(at)
        self.at = at


class _Window:
    """A sliding window over a binary file: absolute offsets, more read on demand, the consumed start
    dropped."""

    def __init__(self, fh: BinaryIO, cap: int):
        self.fh = fh
        self.buf = b""
        self.base = 0              # file offset of buf[0]
        self.eof = False
        self.cap = cap             # never hold more: an over-long value is cut and reported by its size

    def more(self) -> bool:
        if self.eof or len(self.buf) > self.cap:
            return False
        got = self.fh.read(CHUNK)
        if not got:
            self.eof = True
            return False
        self.buf += got
        return True

    def drop(self, upto: int) -> None:
        if upto - self.base > CHUNK:
            self.buf = self.buf[upto - self.base:]
            self.base = upto

    def char(self, at: int) -> bytes:
        while at - self.base >= len(self.buf):
            if not self.more():
                return b""
        return self.buf[at - self.base:at - self.base + 1]

    def match(self, pat: re.Pattern, at: int, stop: bytes | None = None) -> int:
        """End of pat matched at `at`, reading on while the match runs into the window's end (or, with
        `stop`, ends before a byte not in stop: a string cut by the window's end)."""
        while True:
            m = pat.match(self.buf, at - self.base)
            if m is not None and (m.end() < len(self.buf) or self.eof):
                if stop is None or self.buf[m.end():m.end() + 1] in stop:
                    return self.base + m.end()
            if not self.more():
                return self.base + m.end() if m is not None else at

    def skip_ws(self, at: int) -> int:
        return self.match(_WS, at)

    def value_end(self, at: int, limit: int) -> int:
        """End of the JSON value starting at `at`; _Broken when it cannot be found within limit bytes."""
        c = self.char(at)
        if c == b'"':
            end = self.match(_STRING, at)
            if end == at:
                raise _Broken(at)
            return end
        if c in (b"{", b"["):
            depth = 0
            p = at
            while True:
                c = self.char(p)
                if c in (b"{", b"["):
                    depth += 1
                elif c in (b"}", b"]"):
                    depth -= 1
                    if depth == 0:
                        return p + 1
                else:
                    raise _Broken(p)
                if p - at > limit:
                    return p              # the caller reports the size
                p = self.match(_FLAT, p + 1, _BRACKETS)
        end = self.match(_SCALAR, at)
        if end == at:
            raise _Broken(at)
        return end

    def take(self, start: int, end: int) -> bytes:
        while end - self.base > len(self.buf) and self.more():
            pass
        return self.buf[start - self.base:end - self.base]


class _Lines:
    """Line numbers and columns of offsets met in increasing order, counted over the bytes passed
    (columns in characters, as the whole-file reader counts them)."""

    def __init__(self, win: _Window, start: int):
        self.win = win
        self.at = start
        self.line = 1
        self.chars = 0             # characters from the line's start to self.at

    def locate(self, offset: int) -> tuple[int, int]:
        buf, base = self.win.buf, self.win.base
        a, b = self.at - base, offset - base
        n = buf.count(b"\n", a, b)
        if n:
            self.line += n
            a = buf.rindex(b"\n", a, b) + 1
            self.chars = 0
        self.chars += len(buf[a:b].decode("utf-8", errors="replace"))
        self.at = offset
        return self.line, self.chars + 1


def documents(fh: BinaryIO, display: str, kind: str, max_bytes: int) -> Iterator[tuple[JsonText, object] | InputProblem]:
    """The elements of the file's top-level array (kind 'array') or of its 'studies' array (kind
    'page') as documents, positioned as in the file."""
    win = _Window(fh, 2 * max_bytes + CHUNK)
    bom = 3 if win.char(0) == b"\xef" else 0
    lines = _Lines(win, bom)
    p = win.skip_ws(bom)
    try:
        if kind == "page":
            m = None
            while m is None:
                m = _PAGE.match(win.buf, p - win.base)
                if m is None and not win.more():
                    raise _Broken(p)
            p = win.base + m.end()
        else:
            p += 1                           # the '['
        first = True
        while True:
            p = win.skip_ws(p)
            c = win.char(p)
            if c == b"]":
                return
            if not first:
                if c != b",":
                    raise _Broken(p)
                p = win.skip_ws(p + 1)
            first = False
            end = win.value_end(p, max_bytes)
            line, col = lines.locate(p)
            if end - p > max_bytes:
                yield InputProblem(display, f"the study document at line {line} is over the "
                                            f"{max_bytes / 1e6:.0f} MB limit (thresholds.max_file_size_mb); "
                                            "the rest of the file was not read", line)
                return
            yield _document(win.take(p, end), display, (p, end - p, line, col))
            lines.locate(end)
            win.drop(end)
            p = end
    except _Broken as e:
        line, _col = lines.locate(max(lines.at, min(e.at, win.base + len(win.buf))))
        yield InputProblem(display, f"not valid JSON at line {line}: the structure breaks off there; "
                                    "the studies before it were read", line)


def _document(raw: bytes, display: str, origin: tuple) -> tuple[JsonText, object] | InputProblem:
    line, col = origin[2], origin[3]
    try:
        text = raw.decode("utf-8")
        root = orjson.loads(text)
    except UnicodeDecodeError as e:
        return InputProblem(display, f"not valid JSON at line {line}: not UTF-8 text ({e.reason})", line)
    except orjson.JSONDecodeError as e:
        return InputProblem(display, f"{parse_error(e)} (in the study document at line {line})", line)
    return JsonText(text, display, first_line=line, first_col=col, origin=origin), root


# ---- reading one record again ------------------------------------------------------------------

def read_again(path: Path, shown: str, source: str, origins: list[tuple] | None, max_bytes: int) -> Iterator[Item]:
    """The items of one source of the file at path (shown as `shown`) read again: only the documents at
    `origins` (each (offset, length, line, column, studies before)) when given, else the whole file,
    or the whole zip member when source names one ('a.zip!m.json')."""
    from .detect import member_name, read_bytes, read_file
    if origins:
        from . import ctgov_v2
        with open(path, "rb") as fh:
            for offset, length, line, col, before in sorted(set(origins)):
                fh.seek(offset)
                text = fh.read(length).decode("utf-8-sig" if offset == 0 else "utf-8").rstrip("\n")
                doc = (JsonText(text, source, first_line=line, first_col=col, origin=(offset, length, line, col)),
                       orjson.loads(text))
                yield from ctgov_v2.studies([doc], source, before)
        return
    if source == shown:
        yield from read_file(path, shown, max_bytes)
        return
    with zipfile.ZipFile(path) as zf:
        for info in sorted((i for i in zf.infolist() if not i.is_dir()), key=lambda i: (i.filename, i.header_offset)):
            name = f"{shown}!{member_name(info.filename)}"
            if source == name or source.startswith(name + "!"):      # a member, or a member of a zip inside
                with zf.open(info) as fh:
                    raw = fh.read(max_bytes + 1)
                if len(raw) <= max_bytes:
                    yield from read_bytes(raw, name, 1, max_bytes)
                return
