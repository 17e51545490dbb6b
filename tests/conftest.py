"""Shared test helpers: where the seed documents and the real corpus live.

shared/ sits beside the repository checkout (…/main and …/shared), on developer machines and on CI.
The seeds are also bundled as package data (auditor/examples) so they are always available."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "auditor" / "examples"
CORPUS = SHARED / "corpus"


def seed(prefix: str) -> Path:
    """The seed document whose file name starts with prefix ('000', '001', ...)."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def edited_copy(tmp_path: Path, src: Path, old: str, new: str) -> Path:
    """A copy of a real record in tmp_path with one passage changed (the original is never touched)."""
    text = src.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {src.name}"
    dst = tmp_path / src.name
    dst.write_text(text.replace(old, new), encoding="utf-8")
    return dst


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.fail(f"the real corpus is missing at {CORPUS}: shared/ must sit beside the checkout")
    return CORPUS
