"""One paper, one document: an abstract file and the full text of the same article are one record.
Real pair: papers-rct-with-nct_evidence-inference PMC1831737 (abstract file line 43 and full text
line 40 hold the same sentence '... IRR 1.27 [95% CI 0.92–1.75], p = 0.012)', checked by eye)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.model import Publication
from auditor.papers import paper_aliases
from auditor.pipeline import audit, stream_inputs
from conftest import CORPUS

PAPERS = CORPUS / "papers-rct-with-nct_evidence-inference"
ABSTRACT = PAPERS / "abstracts" / "PMC1831737.abst.txt"
FULL = PAPERS / "fulltext" / "PMC1831737.txt"
OTHER = PAPERS / "fulltext" / "PMC1524801.txt"


def _pubs(paths: list[Path]) -> list[Publication]:
    return [x for x in stream_inputs(paths, Config()) if isinstance(x, Publication)]


def test_abstract_and_full_text_of_one_article_share_an_id():
    pubs = _pubs([ABSTRACT, FULL, OTHER])
    assert sorted(p.id for p in pubs) == ["doc:PMC1524801", "doc:PMC1831737", "doc:PMC1831737.abst"]
    assert paper_aliases(pubs) == {"doc:PMC1831737.abst": "doc:PMC1831737"}


def test_same_title_or_doi_joins_files_without_a_pmc_id(tmp_path):
    # The same abstract under a name without a PMC id: joined by its title (a 17-word title).
    copy = tmp_path / "article.txt"
    copy.write_bytes(ABSTRACT.read_bytes())
    assert paper_aliases(_pubs([copy, FULL])) == {"doc:article": "doc:PMC1831737"}
    # A different article stays apart.
    assert paper_aliases(_pubs([copy, OTHER])) == {}


def test_one_finding_with_evidence_from_both_files():
    result = audit([ABSTRACT, FULL], Config(today=dt.date(2026, 12, 3)), fail_on="never")
    stat = [f for f in result["findings"] if f["rule"] == "STAT001"]
    assert len(stat) == 1
    f = stat[0]
    assert f["record"] == "doc:PMC1831737"
    assert f["message"].startswith("IRR 1.27 (95% CI 0.92 to 1.75): the CI includes 1 but p = 0.012")
    assert sorted((Path(e["source"]).name, e["line"]) for e in f["evidence"]) == [
        ("PMC1831737.abst.txt", 43), ("PMC1831737.txt", 40)]
    assert result["summary"]["documents"] == 1
    [rec] = result["records"]
    assert sorted(Path(s["source"]).name for s in rec["sources"]) == ["PMC1831737.abst.txt", "PMC1831737.txt"]
