"""Line and column of parsed JSON values.

orjson parses fast but gives no positions. `JsonText` recovers them by walking the raw text
in lock-step with the parsed structure: the raw syntax drives the walk (so duplicate keys or
a surprise in the text cannot derail it) and the parsed values say which offsets to keep.
Every character is visited once: the cost is linear in the size of the text.

Positions are keyed by (id(container), key or index); they stay valid while the parsed
document is alive. `iter_matching` yields the objects a reader wants (the studies) one at a
time, with positions recorded for that object only, so a large page never holds them all.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any, Callable, Iterator

import orjson

from ..model import Loc

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
# Pieces of a string literal: escapes map to one decoded character (a surrogate pair too).
_PIECE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]+",
                    re.S)


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

    __slots__ = ("text", "source", "first_line", "_nl", "_pos")

    def __init__(self, text: str, source: str, first_line: int = 1):
        self.text = text
        self.source = source
        self.first_line = first_line
        self._nl: list[int] | None = None
        self._pos: dict[tuple[int, Any], int] = {}

    # -- positions -------------------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        if self._nl is None:
            t = self.text
            nl = []
            i = t.find("\n")
            while i >= 0:
                nl.append(i)
                i = t.find("\n", i + 1)
            self._nl = nl
        k = bisect_left(self._nl, offset)   # newlines before offset
        start = self._nl[k - 1] + 1 if k else 0
        return self.first_line + k, offset - start + 1

    def offset(self, container: Any, key: Any) -> int | None:
        return self._pos.get((id(container), key))

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

    # -- walking ---------------------------------------------------------------------------
    def start(self, at: int = 0) -> int:
        """Offset of the first value at or after `at` (skips a BOM and whitespace)."""
        if self.text.startswith("\ufeff", at):
            at += 1
        return _WS.match(self.text, at).end()

    def index(self, value: Any, at: int) -> int:
        """Record the offsets of everything inside `value`, which starts at `at`; return its end."""
        return self._walk(value, at, True)

    def skip(self, value: Any, at: int) -> int:
        return self._walk(value, at, False)

    def _walk(self, v: Any, p: int, rec: bool) -> int:
        t = self.text
        p = _WS.match(t, p).end()
        c = t[p:p + 1]
        if type(v) is dict:
            if c != "{":
                return self._skip_any(p)
            return self._walk_object(v, p + 1, rec)
        if type(v) is list:
            if c != "[":
                return self._skip_any(p)
            return self._walk_array(v, p + 1, rec)
        return self._skip_any(p)

    def _walk_object(self, v: dict, p: int, rec: bool) -> int:
        t = self.text
        pos = self._pos
        vid = id(v)
        while True:
            p = _WS.match(t, p).end()
            c = t[p:p + 1]
            if c == "}":
                return p + 1
            if c == ",":
                p = _WS.match(t, p + 1).end()
            m = _STRING.match(t, p)
            if m is None:
                raise Desync(p)
            lit = m.group()
            key = lit[1:-1] if "\\" not in lit else orjson.loads(lit)
            p = _WS.match(t, m.end()).end()
            if t[p:p + 1] != ":":
                raise Desync(p)
            q = _WS.match(t, p + 1).end()
            if key in v:
                if rec:
                    pos[(vid, key)] = q
                p = self._walk(v[key], q, rec)
            else:
                p = self._skip_any(q)

    def _walk_array(self, v: list, p: int, rec: bool) -> int:
        t = self.text
        pos = self._pos
        vid = id(v)
        n = len(v)
        i = 0
        while True:
            p = _WS.match(t, p).end()
            c = t[p:p + 1]
            if c == "]":
                return p + 1
            if c == ",":
                p = _WS.match(t, p + 1).end()
            if i < n:
                if rec:
                    pos[(vid, i)] = p
                p = self._walk(v[i], p, rec)
            else:
                p = self._skip_any(p)
            i += 1

    def _skip_any(self, p: int) -> int:
        """End of the raw value at p, whatever it is."""
        t = self.text
        c = t[p:p + 1]
        if c == '"':
            m = _STRING.match(t, p)
            if m is None:
                raise Desync(p)
            return m.end()
        if c in ("{", "["):
            depth = 0
            for m in _TOKEN.finditer(t, p):
                tok = m.group()
                if tok[0] == '"':
                    continue
                depth += 1 if tok in "{[" else -1
                if depth == 0:
                    return m.end()
            raise Desync(p)
        m = _SCALAR.match(t, p)
        if m is None:
            raise Desync(p)
        return m.end()

    def iter_matching(self, root: Any, is_match: Callable[[Any], bool],
                      descend: frozenset[str]) -> Iterator[Any]:
        """Objects inside root (root itself included) for which is_match is true, found through
        arrays and through object members named in `descend`. Each is yielded with its positions
        indexed; the positions of the previous one are dropped when the next is looked for."""
        yield from self._find(root, self.start(), is_match, descend)

    def _find(self, v: Any, p: int, is_match: Callable[[Any], bool],
              descend: frozenset[str]) -> Iterator[Any]:
        """Generator returning the end offset of v."""
        t = self.text
        if is_match(v):
            end = self.index(v, p)
            yield v
            self.clear()
            return end
        p = _WS.match(t, p).end()
        c = t[p:p + 1]
        if type(v) is list and c == "[":
            p += 1
            for child in v:
                p = _WS.match(t, p).end()
                if t[p:p + 1] == ",":
                    p = _WS.match(t, p + 1).end()
                p = yield from self._find(child, p, is_match, descend)
            return self._walk_array([], p, False)
        if type(v) is dict and c == "{":
            p += 1
            while True:
                p = _WS.match(t, p).end()
                c = t[p:p + 1]
                if c == "}":
                    return p + 1
                if c == ",":
                    p = _WS.match(t, p + 1).end()
                m = _STRING.match(t, p)
                if m is None:
                    raise Desync(p)
                lit = m.group()
                key = lit[1:-1] if "\\" not in lit else orjson.loads(lit)
                p = _WS.match(t, m.end()).end()
                if t[p:p + 1] != ":":
                    raise Desync(p)
                q = _WS.match(t, p + 1).end()
                if key in descend and key in v:
                    p = yield from self._find(v[key], q, is_match, descend)
                else:
                    p = self._skip_any(q)
        return self._skip_any(p)
