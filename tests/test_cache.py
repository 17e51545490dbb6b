"""--cache: a re-run serves unchanged files from the cache and re-checks only changed ones, with the
same audit.json as a run without the cache; a changed config is a different key."""
from __future__ import annotations

import datetime as dt
import shutil

from auditor import pipeline, shards
from auditor.config import Config
from auditor.report.json_out import dumps
from conftest import CORPUS, SEEDS


def _cfg(**raw) -> Config:
    cfg = Config(raw=dict(raw), ignore=list(raw.get("ignore", [])))
    cfg.today = dt.date(2026, 11, 23)
    return cfg


def _run(paths, cache=None, cfg=None) -> bytes:
    return dumps(pipeline.audit(paths, cfg or _cfg(), cache=cache, jobs=1))


def test_rerun_reads_only_changed_files(tmp_path, monkeypatch):
    data = tmp_path / "records"
    shutil.copytree(SEEDS, data / "seeds")
    for name in ("NCT00029289.xml", "NCT00267215.xml"):
        shutil.copy(CORPUS / "pairs-registry-paper" / "registry" / name, data / name)
    cache = tmp_path / "cache"
    plain = _run([data])
    assert _run([data], cache) == plain                 # cold: every file checked, then stored

    ran: list[list[str]] = []
    real = shards.run_shard

    def spy(shard):
        ran.append([p.name for p in shard.files])
        return real(shard)
    monkeypatch.setattr(shards, "run_shard", spy)
    assert _run([data], cache) == plain                 # warm: nothing re-checked
    assert ran == []

    xml = data / "NCT00267215.xml"
    text = xml.read_text(encoding="utf-8")
    assert text.count("<overall_status>Completed</overall_status>") == 1
    xml.write_text(text.replace("<overall_status>Completed</overall_status>",
                                "<overall_status>Finished</overall_status>"), encoding="utf-8")
    edited = _run([data], cache)
    assert ran == [["NCT00267215.xml"]]                 # only the changed file
    assert edited == _run([data]) != plain              # and the result is the fresh one
    assert b"Finished" in edited

    ran.clear()
    assert _run([data], cache, _cfg(ignore=["TYPO001"])) == _run([data], None, _cfg(ignore=["TYPO001"]))
    assert len(ran) == 7                                 # another config: another key for every file
