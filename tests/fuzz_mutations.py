"""Mutations of real records for the fuzz tests and scripts/fuzz_readers.py: byte flips, truncation,
field deletion and type swaps, each driven by a seeded random.Random so a failure can be replayed."""
from __future__ import annotations

import random
import re
from pathlib import Path

import orjson

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# One folder per reader: (reader, folder, glob).
SOURCES = {
    "ctgov-v2-json": (CORPUS / "ctgov-api-v2-json-bulk", "NCT*.json"),
    "ctgov-classic-json": (CORPUS / "ctgov-classic-api-v1-json", "NCT*.json"),
    "ctgov-legacy-xml": (CORPUS / "ctgov-legacy-xml_reesewang25", "*.xml"),
    # The corpus holds no registry page text: the seed pages (000, 001, 002, 004) are real ones.
    "registry-text": (Path(__file__).resolve().parents[1] / "auditor" / "examples", "00[0124]_*.txt"),
    "publication": (CORPUS / "papers-rct-with-nct_evidence-inference" / "fulltext", "*.txt"),
}
_ODD_VALUES = [12345678, -1, 2 ** 63, 2 ** 64 + 5, 1e308, 0.5, True, None, [], {}, [[[[["deep"]]]]], {"a": {"b": 1}},
               "", "2023-02-30", "NCT\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
               "x\n::error::injected\x1b[2J", "\ud7ff\uffff", "9" * 40]


def files(reader: str, limit: int | None = None) -> list[Path]:
    folder, pattern = SOURCES[reader]
    found = sorted(p for p in folder.rglob(pattern) if p.is_file())
    return found[:limit] if limit else found


def mutate(data: bytes, rnd: random.Random, kind: str | None = None) -> tuple[str, bytes]:
    """One mutation of one file's bytes; returns its kind and the new bytes."""
    kind = kind or rnd.choice(("flip", "truncate", "delete", "swap", "swap", "delete"))
    if kind == "flip":
        b = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return kind, bytes(b)
    if kind == "truncate":
        return kind, data[:rnd.randrange(len(data))]
    if data.lstrip()[:1] in (b"{", b"["):
        return kind, _json(data, rnd, kind)
    if data.lstrip()[:1] == b"<":
        return kind, _xml(data, rnd, kind)
    return kind, _text(data, rnd, kind)


def _json(data: bytes, rnd: random.Random, kind: str) -> bytes:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        return data
    spots = []

    def walk(v, depth=0):
        if depth > 12:
            return
        if isinstance(v, dict):
            for k in v:
                spots.append((v, k))
                walk(v[k], depth + 1)
        elif isinstance(v, list):
            for i in range(len(v)):
                spots.append((v, i))
                walk(v[i], depth + 1)
    walk(doc)
    if not spots:
        return data
    for _ in range(rnd.randint(1, 4)):
        c, k = rnd.choice(spots)
        try:
            if kind == "delete":
                del c[k]
            else:
                c[k] = rnd.choice(_ODD_VALUES)
        except (KeyError, IndexError):
            continue
    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):     # 2**64 and lone surrogates cannot be written by orjson
        import json
        return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")


_ELEMENT = re.compile(rb"<([a-z_]+)(?: [^>]*)?>[^<]*</\1>")


def _xml(data: bytes, rnd: random.Random, kind: str) -> bytes:
    spots = list(_ELEMENT.finditer(data))
    if not spots:
        return data
    out = data
    for m in sorted(rnd.sample(spots, min(len(spots), rnd.randint(1, 4))), key=lambda m: -m.start()):
        if kind == "delete":
            new = b""
        else:
            v = rnd.choice(_ODD_VALUES)
            text = str(v).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")
            new = b"<%s>%s</%s>" % (m.group(1), text, m.group(1))
        out = out[:m.start()] + new + out[m.end():]
    return out


def _text(data: bytes, rnd: random.Random, kind: str) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rnd.randint(1, 6)):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        if kind == "delete":
            del lines[i]
        else:
            lines[i] = str(rnd.choice(_ODD_VALUES)).encode("utf-8", "surrogatepass")
    return b"\n".join(lines)
