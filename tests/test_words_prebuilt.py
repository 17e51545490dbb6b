"""The prebuilt word lists (auditor/data/words.pickle.gz) hold exactly what the sources give, and a
file built from other sources is not used."""
from __future__ import annotations

import gzip
import pickle

from auditor.extract import lexicon


def test_shipped_prebuilt_matches_sources():
    got = lexicon.load_prebuilt()
    assert got is not None, "rebuild with: python benchmarks/build_words.py"
    want = lexicon.load_sources()
    assert set(got) == set(want)
    for key in want:
        assert got[key] == want[key], key
        # the same order too: corrections are drawn from the corpus list in its order
        if isinstance(want[key], dict):
            assert list(got[key]) == list(want[key]), key
    # real entries, checked by eye in the sources: pyspellchecker, codespell, the two shipped lists
    assert got["english"]["the"] > got["english"]["placebo"] > 0
    assert got["misspellings"]["safty"] == "safety"
    assert "hematopoietic" in got["corpus"] and "hematopoetic" not in got["corpus"]
    assert "entecavir" in got["medical"]


def test_prebuilt_from_other_sources_is_not_used(tmp_path):
    stale = tmp_path / "words.pickle.gz"
    data = pickle.loads(gzip.decompress(lexicon.PREBUILT.read_bytes()))
    data["sources"] = "0" * 64
    stale.write_bytes(gzip.compress(pickle.dumps(data)))
    assert lexicon.load_prebuilt(stale) is None
    broken = tmp_path / "broken.pickle.gz"
    broken.write_bytes(b"not gzip")
    assert lexicon.load_prebuilt(broken) is None
    assert lexicon.load_prebuilt(tmp_path / "missing.pickle.gz") is None


def test_build_is_deterministic(tmp_path):
    # the same sources give the same bytes (sorted, no time stamp), so a rebuild shows no false change
    again = tmp_path / "words.pickle.gz"
    lexicon.build_prebuilt(again)
    assert again.read_bytes() == lexicon.PREBUILT.read_bytes()
