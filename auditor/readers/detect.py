"""Find input files, recognise their format by content, and hand them to the right reader."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Iterator

from ..model import InputProblem, Publication, Trial

Item = Trial | Publication | InputProblem

# Order matters: the structured formats are unambiguous; text renderings are tried last.
_READER_MODULES = ("ctgov_v2", "classic_json", "legacy_xml", "registry_text", "publication")
_SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}
_MAX_ZIP_MEMBERS = 100_000


def _readers():
    import importlib
    mods = []
    for name in _READER_MODULES:
        try:
            mods.append(importlib.import_module(f"{__package__}.{name}"))
        except ImportError:  # a reader not written yet
            continue
    return mods


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files under the given paths, recursively, in a stable order; hidden files skipped in folders."""
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield Path(root) / f
        else:
            yield p


def _decode_head(data: bytes) -> str | None:
    head = data[:65536]
    if b"\x00" in head[:8192] and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return None
    for enc in ("utf-8-sig", "utf-16"):
        try:
            if enc == "utf-16" and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
                continue
            return head.decode(enc, errors="strict" if enc == "utf-16" else "ignore")
        except UnicodeDecodeError:
            continue
    return None


def read_bytes(data: bytes, display: str, depth: int = 0) -> Iterator[Item]:
    """Detect the format of one file's bytes and read it."""
    if not data.strip():
        yield InputProblem(display, "the file is empty")
        return
    if data[:4] == b"PK\x03\x04":
        yield from _read_zip(data, display, depth)
        return
    head = _decode_head(data)
    if head is None:
        yield InputProblem(display, "the file is binary, not text, JSON, XML or a zip archive")
        return
    for mod in _readers():
        try:
            if mod.sniff(head):
                yield from mod.read(data, display)
                return
        except Exception as e:  # a reader bug must not stop the run; report it against the file
            yield InputProblem(display, f"could not be read as {mod.NAME}: {type(e).__name__}: {e}")
            return
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped[:1] in "{[":
        yield InputProblem(display, "JSON in no known format (no ClinicalTrials.gov study object found)")
    elif stripped[:1] == "<":
        yield InputProblem(display, "XML in no known format (no <clinical_study> element)")
    else:
        yield InputProblem(display, "text in no known format (neither a registry page nor an article)")


def _read_zip(data: bytes, display: str, depth: int) -> Iterator[Item]:
    if depth > 1:
        yield InputProblem(display, "nested zip archives are not read")
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        yield InputProblem(display, f"not a readable zip archive ({e})")
        return
    if len(names) > _MAX_ZIP_MEMBERS:
        yield InputProblem(display, f"zip archive holds {len(names)} files, more than {_MAX_ZIP_MEMBERS}")
        return
    for info in sorted(names, key=lambda i: i.filename):
        base = info.filename.rsplit("/", 1)[-1]
        if base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        member = f"{display}!{info.filename}"
        try:
            raw = zf.read(info)
        except Exception as e:  # corrupt member, bad CRC, unsupported compression
            yield InputProblem(member, f"could not be extracted ({e})")
            continue
        yield from read_bytes(raw, member, depth + 1)


def read_file(path: Path, display: str, max_bytes: int) -> Iterator[Item]:
    """Read one file; never raises for bad content. Inputs are opened read-only."""
    from .ctgov_v2 import open_stream
    if (stream := open_stream(path, display, max_bytes)) is not None:   # JSON Lines: one study at a time
        yield from stream
        return
    try:
        size = path.stat().st_size
    except OSError as e:
        yield InputProblem(display, f"cannot be opened: {e.strerror}")
        return
    if size > max_bytes:
        yield InputProblem(display, f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                                    "(thresholds.max_file_size_mb)")
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        yield InputProblem(display, f"cannot be read: {e.strerror}")
        return
    yield from read_bytes(data, display)
