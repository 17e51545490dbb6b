"""Find input files, recognise their format by content, and hand them to the right reader."""
from __future__ import annotations

import fnmatch
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..model import InputProblem, Publication, Trial

Item = Trial | Publication | InputProblem

# Order matters: the structured formats are unambiguous; text renderings are tried last.
_READER_MODULES = ("ctgov_v2", "classic_json", "legacy_xml", "registry_text", "publication")
_MAX_ZIP_MEMBERS = 100_000
_ZIP_TOTAL_FACTOR = 20           # an archive may inflate to this many times the file size limit
# A zip file on disk is read member by member, never whole: the registry's bulk download (one API v2
# study per member, about 560,000) may hold this many members, and inflate to this many times its own
# size (JSON inflates 5-20 times; a zip bomb thousands of times).
_MAX_STREAM_MEMBERS = 2_000_000
_ZIP_STREAM_RATIO = 100
DEFAULT_MAX_BYTES = 200_000_000


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
    for e in walk(paths):
        if e.problem is None and e.skipped is None:
            yield e.path


@dataclass(frozen=True)
class Entry:
    """One input met while walking: a file to read, a file skipped (not trial material) or a
    problem (a folder that cannot be listed)."""
    path: Path
    explicit: bool = False          # named on the command line: read whatever its name
    skipped: str | None = None      # why it is not read
    problem: str | None = None      # why it could not be walked


# Files met in a folder that are not trial material: documentation, manifests, configuration and
# this tool's own reports. Named on the command line they are read like any other file.
_NOT_MATERIAL_NAME = re.compile(r"(?i)^_?(readme|license|licence|changelog|changes|contributing|authors|notice|"
                                r"copying|manifest|sources)(?:[._-].*)?$")
_NOT_MATERIAL_EXT = {".tsv", ".csv", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".md", ".rst", ".py", ".sh",
                     ".js", ".css", ".sarif", ".lock", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".svg"}
_OWN_REPORTS = {"audit.json", "audit.html", "audit.sarif", "audit.junit.xml"}
DEFAULT_EXCLUDE = (".git", "__pycache__", ".venv", "venv", "node_modules", ".trial-audit")


def not_material(name: str) -> str | None:
    """Why a file met while walking a folder is not read, or None when it may be trial material."""
    low = name.lower()
    if low in _OWN_REPORTS:
        return "a trial-audit report"
    if _NOT_MATERIAL_NAME.match(name):
        return "documentation or a manifest, not trial material"
    ext = os.path.splitext(low)[1]
    if ext in _NOT_MATERIAL_EXT:
        return f"a {ext} file, not trial material"
    return None


def _excluded(rel: str, name: str, patterns: tuple[str, ...], absolute: str) -> bool:
    """ruff-style: a glob matches the base name, the path relative to the walked folder, or the
    absolute path."""
    return any(fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(absolute, g)
               or absolute == g for g in patterns)


def walk(paths: list[Path], exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Iterator[Entry]:
    """Every input under the given paths in one stable order whatever the argument order or the
    file system's order: sorted by path, each input once. Hidden entries and excluded globs are
    left out of folders; folders that cannot be listed come out as problems."""
    seen: set[str] = set()
    out: list[Entry] = []
    for p in paths:
        if p.is_dir():
            out.extend(_walk_dir(p, exclude))
        else:
            out.append(Entry(p, explicit=True))
    for e in sorted(out, key=lambda e: (_sort_key(e.path), e.problem or "")):
        k = os.path.normpath(os.path.abspath(e.path))
        if k in seen:
            continue
        seen.add(k)
        yield e


def _sort_key(p: Path) -> bytes:
    # Bytes order: file names that are not valid UTF-8 (surrogate escapes) still sort.
    return os.fsencode(os.path.normpath(os.path.abspath(p)))


def _walk_dir(top: Path, exclude: tuple[str, ...]) -> list[Entry]:
    out: list[Entry] = []
    patterns = tuple(exclude)
    absolute = {g for g in patterns if os.path.isabs(g)}
    patterns = tuple(os.path.normpath(g) if g in absolute else g for g in patterns)

    def onerror(err: OSError) -> None:
        out.append(Entry(Path(err.filename or top), problem=f"the folder cannot be listed: {err.strerror}"))

    for root, dirs, files in os.walk(top, onerror=onerror):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(root, d)
            rel = os.path.relpath(full, top).replace(os.sep, "/")
            if d.startswith(".") or _excluded(rel, d, patterns, os.path.normpath(os.path.abspath(full))):
                continue
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            full = os.path.join(root, f)
            rel = os.path.relpath(full, top).replace(os.sep, "/")
            if f.startswith(".") or _excluded(rel, f, patterns, os.path.normpath(os.path.abspath(full))):
                continue
            why = not_material(f)
            out.append(Entry(Path(full), skipped=why) if why else Entry(Path(full)))
    return out


def _decode_head(data: bytes) -> str | None:
    """The start of a file as text for sniffing, or None when it is binary. The bytes are UTF-8
    here (read_bytes transcodes other encodings first); a character cut at the end is dropped."""
    head = data[:65536]
    if _binary(head):
        return None
    return head.decode("utf-8", errors="ignore")


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _binary(head: bytes) -> bool:
    """NUL bytes, or more than one control character in 20, in the first 8 KiB (UTF-16 never gets
    here: it was transcoded)."""
    h = head[:8192]
    return b"\x00" in h or len(_CONTROL.findall(h)) * 20 > len(h)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"))
_XML_DECL = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_XML_DECL_TEXT = re.compile(r"\A(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[A-Za-z0-9._-]+([\"'])")


def _utf8_decl(text: str) -> str:
    """An XML declaration naming another encoding would lie about the transcoded bytes."""
    return _XML_DECL_TEXT.sub(lambda m: m.group(1) + m.group(2) + "UTF-8" + m.group(3), text, count=1)


def transcode(data: bytes) -> tuple[bytes | None, str | None]:
    """The file's bytes as UTF-8, and a note when the encoding was guessed. Detection: a byte-order
    mark (UTF-8, UTF-16, UTF-32), then strict UTF-8, then an XML declaration, then a guess
    (Windows-1252, which covers Latin-1 text). (None, reason) when a declared encoding is broken."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                return None, (f"the file starts with a {enc.upper()} byte-order mark but is not valid "
                              f"{enc.upper()} (at byte {e.start})")
            return _utf8_decl(text).encode("utf-8"), None
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError:
        pass
    if _binary(data[:8192]):
        return data, None                      # reported as binary by the caller
    m = _XML_DECL.match(data[:512])
    if m and m.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        try:
            return _utf8_decl(data.decode(m.group(1).decode("ascii"))).encode("utf-8"), None
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text, enc = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, enc = data.decode("latin-1"), "Latin-1"
    return _utf8_decl(text).encode("utf-8"), (f"the file is not UTF-8; it was read as {enc}, a guess "
                                              "(check accented letters)")


def _reader_failure(e: BaseException, fmt: str) -> str:
    """An exception a reader still raised on a value it did not expect, said in the user's terms."""
    if isinstance(e, RecursionError):
        return f"could not be read as {fmt}: values are nested too deeply"
    if isinstance(e, MemoryError):
        return f"could not be read as {fmt}: the file is too large to read in memory"
    return f"could not be read as {fmt}: a value of an unexpected type or form stopped the reader"


def read_bytes(data: bytes, display: str, depth: int = 0, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Detect the format of one file's bytes and read it."""
    if not data.strip():
        yield InputProblem(display, "the file is empty")
        return
    if data[:4] == b"PK\x03\x04":
        yield from _read_zip(data, display, depth, max_bytes)
        return
    text, note = transcode(data)
    if text is None:
        yield InputProblem(display, note or "the text encoding is broken")
        return
    head = _decode_head(text)
    if head is None:
        yield InputProblem(display, "the file is binary, not text, JSON, XML or a zip archive")
        return
    if note:
        yield InputProblem(display, note, severity="info", rule="INPUT003")
    for mod in _readers():
        try:
            if mod.sniff(head):
                yield from mod.read(text, display)
                return
        except Exception as e:  # noqa: BLE001 - a reader bug must not stop the run; report it against the file
            yield InputProblem(display, _reader_failure(e, mod.NAME))
            return
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped[:1] in "{[":
        yield InputProblem(display, "JSON in no known format (no ClinicalTrials.gov study object found)")
    elif stripped[:1] == "<":
        yield InputProblem(display, "XML in no known format (no <clinical_study> element)")
    else:
        yield InputProblem(display, "text in no known format (neither a registry page nor an article)")


_CTRL_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def member_name(name: str) -> str:
    """A zip member's name as shown in every report: '/' separators, no '.' or '..' parts and no
    leading '/', so it never names a file outside the archive; control characters become '?'."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return _CTRL_TEXT.sub("?", "/".join(parts)) or "(unnamed member)"


def _read_zip(data: bytes | Path, display: str, depth: int, max_bytes: int) -> Iterator[Item]:
    """The members of a zip archive, one at a time (data: its bytes, or the path of a zip file on disk,
    which is never read whole)."""
    if depth > 1:
        yield InputProblem(display, "nested zip archives are not read")
        return
    on_disk = isinstance(data, Path)
    try:
        zf = zipfile.ZipFile(data if on_disk else io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield InputProblem(display, "not a readable zip archive (its directory is damaged or missing)")
        return
    with zf:
        yield from _zip_members(zf, display, depth, max_bytes, data.stat().st_size if on_disk else None)


def _zip_members(zf: zipfile.ZipFile, display: str, depth: int, max_bytes: int, size: int | None) -> Iterator[Item]:
    names = [i for i in zf.infolist() if not i.is_dir()]
    most = _MAX_ZIP_MEMBERS if size is None else _MAX_STREAM_MEMBERS
    if len(names) > most:
        yield InputProblem(display, f"zip archive holds {len(names)} files, more than {most}")
        return
    budget = _ZIP_TOTAL_FACTOR * max_bytes      # all members together, inflated
    if size is not None:
        budget = max(budget, _ZIP_STREAM_RATIO * size)
    for info in sorted(names, key=lambda i: (i.filename, i.header_offset)):
        base = info.filename.rsplit("/", 1)[-1]
        if base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        member = f"{display}!{member_name(info.filename)}"
        if info.file_size > max_bytes:
            yield InputProblem(member, f"the member is {info.file_size / 1e6:.1f} MB uncompressed, over the "
                                       f"{max_bytes / 1e6:.0f} MB limit (thresholds.max_file_size_mb)")
            continue
        if info.file_size > budget:
            yield InputProblem(member, f"the archive inflates to more than {_ZIP_TOTAL_FACTOR} times the file "
                                       "size limit; this member and the rest were not read")
            return
        try:
            with zf.open(info) as fh:
                raw = fh.read(max_bytes + 1)       # the header's size may lie: never inflate past the limit
        except Exception:  # noqa: BLE001 - corrupt member, bad CRC, unsupported compression or encryption
            yield InputProblem(member, "could not be extracted (damaged, encrypted or compressed with an "
                                       "unsupported method)")
            continue
        if len(raw) > max_bytes:
            yield InputProblem(member, f"the member inflates to more than the {max_bytes / 1e6:.0f} MB limit "
                                       "(thresholds.max_file_size_mb)")
            continue
        budget -= len(raw)
        yield from read_bytes(raw, member, depth + 1, max_bytes)


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _not_regular(mode: int) -> str:
    what = next((w for test, w in _KINDS if test(mode)), "something else")
    return f"not a regular file but {what}; only regular files are read"


def _too_big(display: str, max_bytes: int, size: int | None = None) -> InputProblem:
    shown = f"{size / 1e6:.1f} MB, " if size is not None else ""
    return InputProblem(display, f"the file is {shown}over the {max_bytes / 1e6:.0f} MB limit "
                                 "(thresholds.max_file_size_mb)")


def read_file(path: Path, display: str, max_bytes: int) -> Iterator[Item]:
    """Read one file; never raises for bad content. Inputs are opened read-only. Only regular files
    are opened (a link is followed only to a regular file), and never more than max_bytes + 1 bytes
    are read, whatever the file system says the size is (/dev/zero says 0)."""
    try:
        st = os.stat(path)
    except OSError as e:
        yield InputProblem(display, f"cannot be opened: {e.strerror or 'unknown error'}")
        return
    except ValueError:
        yield InputProblem(display, "cannot be opened: the path is not valid")
        return
    if not stat.S_ISREG(st.st_mode):
        yield InputProblem(display, _not_regular(st.st_mode))
        return
    from .ctgov_v2 import open_stream
    if (stream := open_stream(path, display, max_bytes)) is not None:   # many studies: one at a time,
        yield from stream                                                 # the size limit per study
        return
    if _is_zip(path):
        yield from _read_zip(path, display, 0, max_bytes)                 # member by member
        return
    if st.st_size > max_bytes:
        yield _too_big(display, max_bytes, st.st_size)
        return
    try:
        # O_NONBLOCK: a FIFO swapped in after the stat must not block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        yield InputProblem(display, f"cannot be opened: {e.strerror or 'unknown error'}")
        return
    try:
        mode = os.fstat(fd).st_mode
        data = b"" if not stat.S_ISREG(mode) else _read_fd(fd, max_bytes + 1)
    except OSError as e:
        yield InputProblem(display, f"cannot be read: {e.strerror or 'unknown error'}")
        return
    finally:
        os.close(fd)
    if not stat.S_ISREG(mode):
        yield InputProblem(display, _not_regular(mode))
    elif len(data) > max_bytes:
        yield _too_big(display, max_bytes)
    else:
        yield from read_bytes(data, display, max_bytes=max_bytes)


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _read_fd(fd: int, limit: int) -> bytes:
    chunks, n = [], 0
    while n < limit:
        b = os.read(fd, min(1 << 24, limit - n))
        if not b:
            break
        chunks.append(b)
        n += len(b)
    return b"".join(chunks)
