"""Build auditor/data/words.pickle.gz: the typo rules' four word lists (pyspellchecker's English
frequencies, codespell's misspellings, corpus_words.txt.gz, medical_words.txt.gz) in one file that
loads about four times faster than the sources; and auditor/data/hunspell_index.pickle.gz, the
Hunspell en_GB entries by stem (auditor/extract/hunspell_index.py). Run it after rebuilding either
shipped list or upgrading pyspellchecker, codespell or spylls (tests/test_words_prebuilt.py fails
until then; meanwhile the audit reads the sources, with the same result).

    python benchmarks/build_words.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.extract.hunspell_index import INDEX, build_index  # noqa: E402
from auditor.extract.lexicon import HUNSPELL, PREBUILT, build_prebuilt  # noqa: E402

if __name__ == "__main__":
    build_prebuilt(PREBUILT)
    build_index(HUNSPELL, INDEX)
    for f in (PREBUILT, INDEX):
        print(f"wrote {f} ({f.stat().st_size:,} bytes)")
