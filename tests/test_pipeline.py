"""The streaming pipeline: batches, the corpus index, re-reading linked files, memory bounds."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson

from auditor import pipeline
from auditor.config import Config
from auditor.context import Context
from auditor.corpus_index import CorpusIndex
from auditor.pipeline import audit, read_inputs, run_checks
from auditor.rules import load_rules
from conftest import CORPUS, SEEDS

TODAY = dt.date(2026, 11, 23)


def _cfg() -> Config:
    return Config(today=TODAY)


def test_rereading_linked_files_gives_the_same_result(monkeypatch):
    kept = audit([SEEDS], _cfg())
    monkeypatch.setattr(pipeline, "RETAIN", 0)      # force the second read of linked files
    monkeypatch.setattr(pipeline, "BATCH", 2)       # and many small batches
    reread = audit([SEEDS], _cfg())
    assert orjson.dumps(kept) == orjson.dumps(reread)
    assert any(f["rule"] == "XSRC001" for f in kept["findings"])   # a corpus rule did run


def test_index_keeps_every_record_a_corpus_rule_needs():
    # The corpus rules over every record must find exactly what they find over the linked subset.
    folders = [SEEDS, CORPUS / "ctgov-legacy-xml_fixtures", CORPUS / "ctgov-api-v2-json",
               CORPUS / "ctgov-classic-api-v1-json", CORPUS / "pairs-registry-paper"]
    run = read_inputs(folders, _cfg())
    rules = {k: r for k, r in load_rules().items() if r.scope == "corpus"}
    index = CorpusIndex()
    for t in run.trials:
        index.add_trial(t)
    for p in run.publications:
        index.add_publication(p)
    keep = index.linked()
    subset = [t for t in run.trials if (t.source, t.id, t.rendering) in keep]
    assert len(subset) < len(run.trials)
    every = run_checks(Context(_cfg(), TODAY, run.trials, run.publications), rules, scopes=("corpus",))
    linked = run_checks(Context(_cfg(), TODAY, subset, run.publications), rules, scopes=("corpus",))
    assert every, "the corpus rules found nothing: the comparison would prove nothing"
    assert sorted(f.fingerprint() for f in every) == sorted(f.fingerprint() for f in linked)


def test_one_file_of_many_studies_streams(tmp_path):
    # A JSON Lines file of 3,000 studies (copies of a real v2 record under new ids) is read one
    # study at a time; the summary counts every study.
    src = json.loads((CORPUS / "ctgov-api-v2-json" / "NCT00465816.json").read_text())
    lines = []
    for i in range(3000):
        src["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{i:07d}"
        lines.append(json.dumps(src))
    big = tmp_path / "many.jsonl"
    big.write_text("\n".join(lines) + "\n")
    result = audit([big], _cfg())
    assert result["summary"]["records"] == 3000
    assert result["files"] == [{"source": pipeline.display_path(big), "format": "ctgov-v2-json", "records": 3000}]
