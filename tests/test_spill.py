"""Spilled findings (auditor/spill.py): the reports written from the temporary file are the bytes written
from the in-memory list, and the file is gone when the run ends, also when a report fails."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

from auditor import spill
from auditor.cli import _config, main
from auditor.config import Config
from auditor.pipeline import audit
from auditor.report import writer
from auditor.report.json_out import write_json
from conftest import SEEDS

TODAY = dt.date(2026, 11, 23)


def test_spilled_reports_are_the_in_memory_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(spill, "_CHUNK", 97)      # many reads, lines split across them
    memory = audit([SEEDS], Config(today=TODAY), fail_on="warning")
    spilled = audit([SEEDS], Config(today=TODAY), fail_on="warning", spill=True)
    try:
        assert isinstance(spilled["findings"], spill.SpilledFindings)
        assert len(spilled["findings"]) == len(memory["findings"]) > 20
        assert list(spilled["findings"]) == memory["findings"]
        assert spilled["summary"] == memory["summary"] and spilled["run"] == memory["run"]
        assert memory["run"]["gate"] == "fail"           # the seeds have warnings: the counts are not all zero
        for name, res in (("memory", memory), ("spilled", spilled)):
            d = tmp_path / name
            d.mkdir()
            write_json(res, d)
            for fmt in ("sarif", "junit"):
                writer(fmt)(res, d)
        for f in ("audit.json", "audit.sarif", "audit.junit.xml"):
            assert (tmp_path / "memory" / f).read_bytes() == (tmp_path / "spilled" / f).read_bytes(), f
    finally:
        spill.close_findings(spilled)
    assert spilled["findings"].closed


def test_spill_reads_back_any_text_and_closes():
    s = spill.SpilledFindings()
    items = [{"message": "a\nb \u00e9 \u2264 5", "values": {"x": 1.25, "n": 10**18}}, {"message": ""}, {}]
    for it in items:
        s.append(it)
    assert list(s) == items and list(s) == items       # read twice: each pass reads from the start
    it1, it2 = iter(s), iter(s)
    assert next(it1) == next(it2) == items[0]            # two readers at once do not disturb each other
    fd = s._fh.fileno()
    s.close()
    with pytest.raises(OSError):
        os.fstat(fd)


def _track(monkeypatch) -> list[spill.SpilledFindings]:
    made: list[spill.SpilledFindings] = []
    real = spill.SpilledFindings.__init__

    def init(self) -> None:
        real(self)
        made.append(self)
    monkeypatch.setattr(spill.SpilledFindings, "__init__", init)
    return made


def test_cli_writes_from_the_spill_and_removes_it(tmp_path, monkeypatch):
    made = _track(monkeypatch)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["audit", str(SEEDS), "--out", str(out), "--format", "json", "-q",
                                  "--today", TODAY.isoformat(), "--fail-on", "never", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert len(made) == 1 and made[0].closed
    ref = tmp_path / "ref"
    ref.mkdir()
    cfg = _config(None)           # as the command reads it (./config.yaml when present)
    cfg.today = TODAY
    write_json(audit([SEEDS], cfg, fail_on="never"), ref)
    assert (out / "audit.json").read_bytes() == (ref / "audit.json").read_bytes()


def test_spill_removed_when_a_report_fails(tmp_path, monkeypatch):
    made = _track(monkeypatch)

    def broken(result, out_dir, **kw):
        raise RuntimeError("disk full")
    monkeypatch.setattr("auditor.report.write_json", broken)
    r = CliRunner().invoke(main, ["audit", str(SEEDS), "--out", str(tmp_path / "out"), "--format", "json",
                                  "-q", "--today", TODAY.isoformat(), "--jobs", "1"])
    assert r.exit_code == 3
    assert len(made) == 1 and made[0].closed


def test_no_findings_spilled_writes_an_empty_list(tmp_path):
    s = spill.SpilledFindings()
    try:
        write_json({"findings": s, "resolved": []}, tmp_path)
    finally:
        s.close()
    assert (tmp_path / "audit.json").read_bytes() == b'{\n  "findings": [],\n  "resolved": []\n}\n'


def test_sarif_written_a_result_at_a_time_is_the_whole_dump(tmp_path):
    import orjson

    from auditor.report import sarif
    res = audit([SEEDS], Config(today=TODAY), fail_on="warning")
    for name, r in (("some", res), ("none", {**res, "findings": [], "resolved": []})):
        d = tmp_path / name
        d.mkdir()
        sarif.write(r, d)
        whole = orjson.dumps(sarif.to_sarif(r), option=orjson.OPT_INDENT_2) + b"\n"
        assert (d / "audit.sarif").read_bytes() == whole, name
    assert len(sarif.to_sarif(res)["runs"][0]["results"]) == len(res["findings"]) > 20
