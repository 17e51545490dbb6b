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


def test_hunspell_index_answers_as_spylls():
    from spylls.hunspell import Dictionary

    from auditor.extract import hunspell_index
    quick = hunspell_index.load(lexicon.HUNSPELL)
    assert quick is not None, "rebuild with: python benchmarks/build_words.py"
    full = Dictionary.from_files(str(lexicon.HUNSPELL))
    corpus = sorted(lexicon.load_corpus_words())[::12]          # about 3,000 words of registry text
    words = corpus + [w.capitalize() for w in corpus[::5]] + [w.upper() for w in corpus[::9]] + [
        "colour", "Colour", "COLOUR", "colours", "Wednesday", "wednesday", "21st", "102nd", "re-use",
        "well-known", "colour-blind", "-colour", "McDonald", "MCDONALD", "Diabates", "hepatocelular"]
    got = [quick.lookup(w) for w in words]
    assert got == [full.lookup(w) for w in words]
    # checked by eye against en_GB.dic: British spellings, ordinals (COMPOUNDRULE), a slip
    assert quick.lookup("colour") and quick.lookup("Wednesday") and quick.lookup("21st")
    assert not quick.lookup("hepatocelular")
    assert 0 < sum(got) < len(got)


def test_hunspell_index_of_other_files_is_not_used(tmp_path):
    from auditor.extract import hunspell_index
    other = tmp_path / "en_GB"
    other.with_suffix(".aff").write_text("SET UTF-8\n", encoding="utf-8")
    other.with_suffix(".dic").write_text("1\ncolour\n", encoding="utf-8")
    assert hunspell_index.load(other) is None
    assert hunspell_index.load(lexicon.HUNSPELL, tmp_path / "missing.gz") is None
