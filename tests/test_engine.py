"""Shards in worker processes (--jobs N) and on a Dask cluster give the byte-identical audit.json
of one process: real registry records of two formats and linked registry/paper pairs, so record,
schema, publication and cross-record rules all have work."""
from __future__ import annotations

import pytest

from auditor import pipeline, shards
from auditor.config import Config
from auditor.report.json_out import dumps
from conftest import CORPUS

PATHS = [CORPUS / "pairs-registry-paper"] + sorted((CORPUS / "ctgov-legacy-xml_reesewang25").glob("*.xml"))[:40] \
    + sorted((CORPUS / "ctgov-api-v2-json-bulk").glob("NCT*.json"))[:24]


def _audit(**kw) -> bytes:
    cfg = Config(raw={})
    cfg.today = __import__("datetime").date(2026, 11, 23)
    return dumps(pipeline.audit(PATHS, cfg, **kw))


@pytest.fixture(scope="module")
def one_process() -> bytes:
    out = _audit(jobs=1)
    assert b'"rule": "PUB' in out or b'"rule": "XSRC' in out or b'"rule": "OUT' in out  # cross-record rules ran
    assert out.count(b'"rule": ') > 50
    return out


def test_any_number_of_jobs_gives_the_same_bytes(one_process, monkeypatch):
    assert len(shards.plan(PATHS, 2, Config(), None, False, 0)) == 4
    assert _audit(jobs=2) == one_process
    monkeypatch.setattr(shards, "MIN_FILES", 5)        # 76 readable files (pairs.tsv, SOURCES.md are skipped): 11 shards, 3 workers
    assert len(shards.plan(PATHS, 3, Config(), None, False, 0)) == 11
    assert _audit(jobs=3) == one_process


def test_linked_records_read_again_when_too_many_to_keep(one_process, monkeypatch):
    monkeypatch.setattr(pipeline, "RETAIN", 10)
    assert _audit(jobs=2) == one_process


def test_dask_local_cluster_of_two_workers_gives_the_same_bytes(one_process):
    assert _audit(jobs=2, engine="dask") == one_process
