"""The Hunspell en_GB dictionary for lookups, ready in a tenth of the time spylls takes to read it.

spylls reads the whole .dic file into about 97,000 entries (1.5-2 s) before the first lookup; a lookup
then asks only for the entries of a few stems. The prebuilt index (auditor/data/hunspell_index.pickle.gz,
written by benchmarks/build_words.py) maps each stem, and each lower-case stem, to its raw .dic lines;
an entry is parsed by spylls' own reader when a lookup first asks for its stem, so lookups answer as
spylls' full dictionary does (tests/test_words_prebuilt.py compares them). The index names the content
hash of the dictionary files and of spylls' reader; when they differ it is not used."""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import pickle
from pathlib import Path
from typing import Any

INDEX = Path(__file__).resolve().parents[1] / "data" / "hunspell_index.pickle.gz"


def _spylls_file(*parts: str) -> Path | None:
    spec = importlib.util.find_spec("spylls")      # found without importing it
    where = spec.submodule_search_locations if spec else None
    return Path(list(where)[0], *parts) if where else None


def source_hash(path: Path) -> str:
    """Hash of the .aff and .dic files and of the spylls modules that parse an entry; '' if one is missing."""
    h = hashlib.sha256()
    for f in (Path(f"{path}.aff"), Path(f"{path}.dic"), _spylls_file("hunspell", "readers", "dic.py"),
              _spylls_file("hunspell", "data", "dic.py")):
        try:
            h.update(f.read_bytes() if f is not None else b"")
        except OSError:
            return ""
    return h.hexdigest()


def build_index(path: Path, out: Path = INDEX) -> None:
    """Write the index: stem -> its .dic lines and lower-case stem -> its .dic lines, in file order."""
    from spylls.hunspell import readers
    from spylls.hunspell.readers.file_reader import FileReader
    aff, context = readers.read_aff(FileReader(f"{path}.aff"))
    index: dict[str, list[str]] = {}
    lower: dict[str, list[str]] = {}
    for num, line in FileReader(f"{path}.dic", encoding=context.encoding):
        one = readers.read_dic([(num, line)], aff=aff, context=context)
        for stem in one.index:
            index.setdefault(stem, []).append(line)
        for low in one.lowercase_index:
            lower.setdefault(low, []).extend([line] * len(one.lowercase_index[low]))
    data = {"sources": source_hash(path), "index": index, "lower": lower}
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def load(path: Path, index: Path = INDEX) -> Any | None:
    """A spylls Dictionary for `lookup` over the prebuilt index, or None when the index is missing,
    damaged or built from other files (then read the dictionary with spylls)."""
    try:
        data = pickle.loads(gzip.decompress(index.read_bytes()))  # noqa: S301 - our own package data
    except Exception:  # noqa: BLE001 - any damage: the caller reads the dictionary itself
        return None
    if not isinstance(data, dict) or not data.get("sources") or data["sources"] != source_hash(path):
        return None
    from spylls.hunspell import Dictionary, readers
    from spylls.hunspell.data.dic import Dic
    from spylls.hunspell.readers.file_reader import FileReader

    aff, context = readers.read_aff(FileReader(f"{path}.aff"))
    parsed: dict[str, Any] = {}

    class LazyDic(Dic):
        """spylls' Dic whose entries are parsed when their stem is first asked for."""

        def homonyms(self, stem: str, *, ignorecase: bool = False) -> list:
            lines = (data["lower"] if ignorecase else data["index"]).get(stem)
            if not lines:
                return []
            out = []
            for line in lines:
                word = parsed.get(line)
                if word is None:
                    # line 2: never taken for the count line that starts a .dic file
                    word = parsed[line] = readers.read_dic([(2, line)], aff=aff, context=context).words[0]
                out.append(word)
            return out

    # No words up front: only the suggester iterates them, and it is never used here.
    return Dictionary(aff, LazyDic(words=[]))
