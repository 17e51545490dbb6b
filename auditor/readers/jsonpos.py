"""Line and column of parsed JSON values.

orjson parses fast but gives no positions. `JsonText` recovers them by walking the raw text
in lock-step with the parsed structure: the raw syntax drives the walk (so duplicate keys or
a surprise in the text cannot derail it) and the parsed values say which offsets to keep.
Every character is visited once: the cost is linear in the size of the text, and parts the
caller never reads are skipped a bracket at a time.

Positions are keyed by (id(container), key or index); they stay valid while the parsed
document is alive. `iter_matching` yields the objects a reader wants (the studies) one at a
time, with positions recorded for that object only, so a large page never holds them all.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, BinaryIO, Callable, Iterator

import orjson

from ..model import InputProblem, Loc

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
# One object member up to its value (or the closing brace); one array element's start (or the bracket).
_MEMBER = re.compile(r'[ \t\n\r]*(?:(\})|,?[ \t\n\r]*("[^"\\]*(?:\\.[^"\\]*)*")[ \t\n\r]*:[ \t\n\r]*)', re.S)
_ELEMENT = re.compile(r"[ \t\n\r]*(?:(\])|,?[ \t\n\r]*)")
# Everything up to the next bracket outside strings.
_FLAT = re.compile(r'(?:[^"\[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
# Pieces of a string literal: escapes map to one decoded character (a surrogate pair too).
_PIECE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]+",
                    re.S)


MAX_DEPTH = 64     # JSON nesting indexed for positions (a study is about 10 deep); deeper parts are skipped


class Desync(Exception):
    """The raw text does not follow JSON syntax where the walk expected it (never for valid JSON)."""


def decode_text(data: bytes) -> str:
    """JSON bytes as text (UTF-8 with or without BOM, or UTF-16 with BOM). Raises UnicodeDecodeError."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def parse_error(e: Exception) -> str:
    """orjson's message, which already names line and column."""
    return f"not valid JSON: {e}"


def loads(text: str) -> Any:
    return orjson.loads(text)


class JsonText:
    """One JSON text: its newline offsets and the offsets of the values indexed so far."""

    __slots__ = ("text", "source", "first_line", "first_col", "origin", "_nl", "_pos", "_prune", "_depth")

    def __init__(self, text: str, source: str, first_line: int = 1, first_col: int = 1, origin: tuple | None = None):
        self.text = text
        self.source = source
        self.first_line = first_line
        self.first_col = first_col      # the column the text starts at (a document cut from a longer line)
        self.origin = origin            # (byte offset, length, line, column) of a document cut from a stream
        self._nl: list[int] | None = None
        self._pos: dict[tuple[int, Any], int] = {}
        self._prune: frozenset[str] = frozenset()
        self._depth = 0

    # -- positions -------------------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        if self._nl is None:
            # Offsets just past each newline, built by C-level iteration only.
            self._nl = list(accumulate(map((1).__add__, map(len, self.text.split("\n")))))
        k = bisect_right(self._nl, offset)      # lines ending at or before offset
        start = self._nl[k - 1] if k else 0
        return self.first_line + k, offset - start + (1 if k else self.first_col)

    def loc(self, container: Any, key: Any) -> Loc | None:
        """Where the value container[key] starts, or None when not known."""
        off = self._pos.get((id(container), key))
        if off is None:
            return None
        line, col = self.line_col(off)
        return Loc(self.source, line, col)

    def string_locator(self, container: Any, key: Any) -> Callable[[int], Loc | None]:
        """For the string value container[key]: maps an offset in the decoded string to the Loc of
        that character in the raw text (escapes such as \\n or \\u00e9 take several raw characters)."""
        start = self._pos.get((id(container), key))
        if start is None or self.text[start:start + 1] != '"':
            return lambda _off: None
        m = _STRING.match(self.text, start)
        if m is None:
            return lambda _off: None
        dec_starts: list[int] = []
        raw_starts: list[int] = []
        plain: list[bool] = []
        dec = 0
        for p in _PIECE.finditer(self.text, start + 1, m.end() - 1):
            dec_starts.append(dec)
            raw_starts.append(p.start())
            s = p.group()
            if s[0] == "\\":
                plain.append(False)
                dec += 1
            else:
                plain.append(True)
                dec += len(s)

        def locate(off: int) -> Loc | None:
            k = bisect_right(dec_starts, off) - 1
            if k < 0:
                return None
            raw = raw_starts[k] + (off - dec_starts[k] if plain[k] else 0)
            line, col = self.line_col(raw)
            return Loc(self.source, line, col)
        return locate

    def clear(self) -> None:
        self._pos.clear()

    def index_member(self, container: Any, key: Any, prune: frozenset[str] = frozenset()) -> None:
        """Record the offsets inside container[key], a member whose insides were pruned when its
        object was indexed (read on demand, e.g. the results tables of records that have them).
        Indexing twice records the same offsets again."""
        at = self._pos.get((id(container), key))
        if at is None or type(container[key]) not in (dict, list):
            return
        saved = self._prune
        try:
            self.index(container[key], at, prune)
        except Desync:
            pass
        finally:
            self._prune = saved

    # -- walking ---------------------------------------------------------------------------
    def start(self, at: int = 0) -> int:
        """Offset of the first value at or after `at` (skips a BOM and whitespace)."""
        if self.text.startswith("\ufeff", at):
            at += 1
        return _WS.match(self.text, at).end()

    def index(self, value: Any, at: int, prune: frozenset[str] = frozenset()) -> int:
        """Record the offsets of everything inside `value`, which starts at `at`, except inside the
        members named in `prune` (parts the caller never reads); return the end of `value`."""
        self._prune = prune
        return self._walk(value, _WS.match(self.text, at).end())

    def _walk(self, v: Any, p: int) -> int:
        t = self.text
        if self._depth > MAX_DEPTH:        # no registry field is this deep: skip, never recurse
            return self._skip_any(p)
        self._depth += 1
        try:
            return self._walk_in(v, p, t)
        finally:
            self._depth -= 1

    def _walk_in(self, v: Any, p: int, t: str) -> int:
        if type(v) is dict:
            if t[p:p + 1] != "{":
                return self._skip_any(p)
            return self._walk_object(v, p + 1)
        if type(v) is list:
            if t[p:p + 1] != "[":
                return self._skip_any(p)
            return self._walk_array(v, p + 1)
        return self._skip_any(p)

    def _walk_object(self, v: dict, p: int) -> int:
        t = self.text
        pos = self._pos
        prune = self._prune
        vid = id(v)
        member = _MEMBER.match
        string = _STRING.match
        while True:
            m = member(t, p)
            if m is None:
                raise Desync(p)
            if m.group(1):
                return m.end()
            lit = m.group(2)
            key = lit[1:-1] if "\\" not in lit else orjson.loads(lit)
            q = m.end()
            if key not in v:
                p = self._skip_any(q)
                continue
            pos[(vid, key)] = q
            child = v[key]
            tc = type(child)
            if tc is str:
                s = string(t, q)
                p = s.end() if s is not None else self._skip_any(q)
            elif (tc is dict or tc is list) and key not in prune:
                p = self._walk(child, q)
            else:
                p = self._skip_any(q)

    def _walk_array(self, v: list, p: int) -> int:
        t = self.text
        pos = self._pos
        vid = id(v)
        element = _ELEMENT.match
        string = _STRING.match
        n = len(v)
        i = 0
        while True:
            m = element(t, p)
            if m.group(1):
                return m.end()
            q = m.end()
            if i < n:
                pos[(vid, i)] = q
                child = v[i]
                tc = type(child)
                if tc is str:
                    s = string(t, q)
                    p = s.end() if s is not None else self._skip_any(q)
                elif tc is dict or tc is list:
                    p = self._walk(child, q)
                else:
                    p = self._skip_any(q)
            else:
                p = self._skip_any(q)
            i += 1

    def _skip_any(self, p: int) -> int:
        """End of the raw value at p, whatever it is. Containers are skipped a bracket at a time:
        one regex match consumes everything between brackets, strings included."""
        t = self.text
        c = t[p:p + 1]
        if c == '"':
            m = _STRING.match(t, p)
            if m is None:
                raise Desync(p)
            return m.end()
        if c == "{" or c == "[":
            flat = _FLAT.match
            depth = 0
            while True:
                c = t[p:p + 1]
                if c == "{" or c == "[":
                    depth += 1
                elif c == "}" or c == "]":
                    depth -= 1
                    if depth == 0:
                        return p + 1
                else:
                    raise Desync(p)
                p = flat(t, p + 1).end()
        m = _SCALAR.match(t, p)
        if m is None:
            raise Desync(p)
        return m.end()

    def _skip_rest_of_array(self, p: int) -> int:
        t = self.text
        while True:
            m = _ELEMENT.match(t, p)
            if m.group(1):
                return m.end()
            p = self._skip_any(m.end())

    def iter_matching(self, root: Any, is_match: Callable[[Any], bool], descend: frozenset[str],
                      prune: frozenset[str] = frozenset()) -> Iterator[Any]:
        """Objects inside root (root itself included) for which is_match is true, found through
        arrays and through object members named in `descend`. Each is yielded with its positions
        indexed (see `index` for prune); the positions of the previous one are dropped when the
        next is looked for."""
        self._prune = prune
        yield from self._find(root, self.start(), is_match, descend)

    def _find(self, v: Any, p: int, is_match: Callable[[Any], bool],
              descend: frozenset[str], depth: int = 0) -> Iterator[Any]:
        """Generator returning the end offset of v."""
        t = self.text
        if depth > MAX_DEPTH:              # studies are never this deep: skip without recursing
            return self._skip_any(_WS.match(t, p).end())
        if is_match(v):
            end = self.index(v, p, self._prune)
            yield v
            self.clear()
            return end
        p = _WS.match(t, p).end()
        c = t[p:p + 1]
        if type(v) is list and c == "[":
            p += 1
            for child in v:
                m = _ELEMENT.match(t, p)
                if m.group(1):
                    return m.end()
                p = yield from self._find(child, m.end(), is_match, descend, depth + 1)
            return self._skip_rest_of_array(p)
        if type(v) is dict and c == "{":
            p += 1
            while True:
                m = _MEMBER.match(t, p)
                if m is None:
                    raise Desync(p)
                if m.group(1):
                    return m.end()
                lit = m.group(2)
                key = lit[1:-1] if "\\" not in lit else orjson.loads(lit)
                if key in descend and key in v:
                    p = yield from self._find(v[key], m.end(), is_match, descend, depth + 1)
                else:
                    p = self._skip_any(m.end())
        return self._skip_any(p)


def documents(data: bytes, display: str) -> Iterator[tuple[JsonText, Any] | InputProblem]:
    """The JSON documents of a file: one, or one per line for JSON Lines. Bad text or bad lines
    come out as InputProblems (with orjson's line and column), the good lines still as documents."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError as e:
        yield InputProblem(display, f"not valid JSON: not UTF-8 text ({e.reason} at byte {e.start})")
        return
    try:
        root = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        if _looks_like_lines(text):
            yield from _lines(text, display)
        else:
            yield InputProblem(display, parse_error(e), getattr(e, "lineno", None))
        return
    yield JsonText(text, display), root


def _looks_like_lines(text: str) -> bool:
    """JSON Lines: a first line that is a whole JSON object, then more lines."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    if not sep or not rest.strip() or not first.strip().startswith("{"):
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True


def _lines(text: str, display: str) -> Iterator[tuple[JsonText, Any] | InputProblem]:
    for n, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if line.strip():
            yield _line_doc(line, n, display)


def _line_doc(line: str, n: int, display: str, origin: tuple | None = None) -> tuple[JsonText, Any] | InputProblem:
    """Line n of a JSON Lines file as a document, or the problem with it."""
    try:
        root = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        return InputProblem(display, f"not valid JSON on line {n} of a JSON Lines file: {e.msg} "
                                     f"at column {e.colno}", n)
    return JsonText(line, display, first_line=n, origin=origin), root


def stream_lines(fh: BinaryIO, display: str, max_bytes: int) -> Iterator[tuple[JsonText, Any] | InputProblem]:
    """JSON Lines read from an open file one line at a time, as _lines gives them from the whole
    text: memory stays flat whatever the file's size, and the size limit applies to each line."""
    n = 0
    at = fh.tell()
    while True:
        raw = fh.readline(max_bytes + 1)
        start, at = at, at + len(raw)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):    # skip the rest of the over-long line
                raw = fh.readline(1 << 20)
                at += len(raw)
            yield InputProblem(display, f"line {n} of a JSON Lines file is over the {max_bytes / 1e6:.0f} MB limit "
                                        "(thresholds.max_file_size_mb)", n)
            continue
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8").rstrip("\n")
        except UnicodeDecodeError as e:
            yield InputProblem(display, f"not valid JSON on line {n} of a JSON Lines file: not UTF-8 text "
                                        f"({e.reason} at byte {e.start})", n)
            continue
        if line.strip():
            yield _line_doc(line, n, display, (start, len(raw), n, 1))


def is_json_lines(fh: BinaryIO, max_bytes: int) -> bool:
    """The file at fh (rewound after) is JSON Lines as documents() would take it: a first line that
    is a whole JSON object, then more text. UTF-16 files are left to the whole-file path."""
    try:
        first = fh.readline(max_bytes + 1)
        rest = fh.read(65536)
    finally:
        fh.seek(0)
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") or not first.endswith(b"\n") or not rest.strip():
        return False
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return _looks_like_lines(text + rest.decode("utf-8", errors="ignore"))
