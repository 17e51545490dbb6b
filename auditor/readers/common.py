"""Small pieces the structured readers share: record ids, dates, ages, links to other registry ids."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .. import vocab
from ..model import Field, Loc

# Every pattern of vocab.REGISTRY_ID_RE holds one of these pieces: a cheap test that spares the
# full pattern (slow on long citations) on most texts.
_MAYBE_ID = re.compile(r"NCT|CTR|ISRCTN|IRCT|KCT|DRKS|NTR|RBR-|UMIN|jRCT|Japic|JMA-|\d{4}-\d{6}-\d{2}")
_NCT = re.compile(r"^\s*(NCT[0-9]{8})\s*$", re.I)
_STEM = re.compile(r"[^/\\!]+$")


def nct_value(raw: str) -> str:
    """'nct01234567 ' -> 'NCT01234567'; anything else is kept stripped, as written."""
    m = _NCT.match(raw)
    return m.group(1).upper() if m else raw.strip()


def stable_id(display: str, n: int) -> str:
    """An id for a record without a registry id: the file name without extension, '#n' from the
    second record of a file on."""
    name = _STEM.search(display)
    stem = name.group(0) if name else display
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return stem if n <= 1 else f"{stem}#{n}"


def date_field(raw: str, type_raw: str | None, loc: Loc | None) -> Field:
    """A registry date; the type ('Actual', 'ESTIMATED', 'Anticipated') comes from its own element or key."""
    hint = enum_value("DateType", type_raw) if type_raw else None
    return Field(_parse_date(raw, hint), raw, loc)


def age_field(raw: str, loc: Loc | None) -> Field:
    """'18 Years' -> Age; 'N/A' -> None (no limit), raw kept."""
    return Field(_parse_age(raw), raw, loc)


def registry_links(texts: Iterable[tuple[str, Loc | None]], own: str | None) -> list[Field]:
    """Registry ids named in secondary ids, references and similar texts, other than the record's own.
    One Field per distinct id, at its first mention."""
    out: list[Field] = []
    seen = {own.upper()} if own else set()
    for text, loc in texts:
        if not text or _MAYBE_ID.search(text) is None:
            continue
        for _reg, norm, off in vocab.find_registry_ids(text):
            key = norm.upper()
            if key in seen:
                continue
            seen.add(key)
            out.append(Field(norm, _raw_at(text, off, norm), loc))
    return out


def _raw_at(text: str, off: int, norm: str) -> str:
    """The id as written at off (it may hold a space or an 'EudraCT' prefix that norm dropped)."""
    m = vocab.REGISTRY_ID_RE.match(text, off)
    return m.group(0) if m else norm


def secondary_id_text(id_raw: str, domain: str | None) -> str:
    """Text to look for a registry id in: the id, or 'domain id' when the id is bare digits
    ('24791884' with domain 'ISRCTN')."""
    if domain and not vocab.find_registry_ids(id_raw):
        return f"{domain} {id_raw}"
    return id_raw


# Registry display strings repeat endlessly ('Recruiting', 'Drug', '18 Years'): memoize the
# normalizers. Lists are copied out so that no two records share one.
@lru_cache(maxsize=8192)
def enum_value(kind: str, text: str | None) -> str | None:
    return vocab.enum_value(kind, text)


@lru_cache(maxsize=8192)
def _parse_date(text: str, hint: str | None):
    return vocab.parse_date(text, hint)


@lru_cache(maxsize=4096)
def _parse_age(text: str):
    return vocab.parse_age(text)


@lru_cache(maxsize=1024)
def _parse_phases(text: str) -> tuple[str, ...] | None:
    p = vocab.parse_phases(text)
    return tuple(p) if p is not None else None


def parse_phases(text: str) -> list[str] | None:
    p = _parse_phases(text)
    return list(p) if p is not None else None


@lru_cache(maxsize=1024)
def _parse_masking(text: str) -> tuple[str | None, tuple[str, ...]]:
    level, who = vocab.parse_masking(text)
    return level, tuple(who)


def parse_masking(text: str) -> tuple[str | None, list[str]]:
    level, who = _parse_masking(text)
    return level, list(who)
