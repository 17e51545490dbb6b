"""Audit by registry id: records downloaded from the ClinicalTrials.gov API v2 (`/api/v2/studies/{id}`), here
from a local server on 127.0.0.1 that serves real records of ../shared/corpus (no test reaches the internet)."""
from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.fetch import FetchError, fetch_study
from conftest import CORPUS

V2 = CORPUS / "ctgov-api-v2-json"
BAD_AGES = "NCT01525901"      # ages 5-12 years: no age error as registered


class Handler(http.server.BaseHTTPRequestHandler):
    failures: dict[str, int] = {}     # id -> 503 answers to give before the record
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.seen.append(self.path)
        prefix = "/api/v2/studies/"
        nct = self.path.split("?")[0].removeprefix(prefix)
        if not self.path.startswith(prefix) or not (V2 / f"{nct}.json").is_file():
            self.send_error(404)
            return
        if self.failures.get(nct, 0) > 0:
            self.failures[nct] -= 1
            self.send_error(503)
            return
        body = (V2 / f"{nct}.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v2"
    httpd.shutdown()


@pytest.fixture
def api(server, monkeypatch):
    monkeypatch.setenv("TRIAL_AUDIT_CTGOV_URL", server)
    monkeypatch.setattr("time.sleep", lambda s: None)
    Handler.seen.clear()
    Handler.failures.clear()
    return server


def test_fetch_writes_the_record_as_served(api, tmp_path):
    r = CliRunner().invoke(main, ["fetch", "NCT01525901", "nct00763412", "--out", str(tmp_path / "rec")])
    assert r.exit_code == 0, r.output
    for nct in ("NCT01525901", "NCT00763412"):
        assert (tmp_path / "rec" / f"{nct}.json").read_bytes() == (V2 / f"{nct}.json").read_bytes()
    assert Handler.seen == ["/api/v2/studies/NCT01525901?format=json", "/api/v2/studies/NCT00763412?format=json"]


def test_audit_by_id_keeps_the_download_as_evidence(api, tmp_path):
    out = tmp_path / "out"
    cfg = tmp_path / "c.yaml"
    cfg.write_text("expectations_dir: null\n")
    r = CliRunner().invoke(main, ["audit", "NCT01525901", "--out", str(out), "--format", "json",
                                  "--config", str(cfg), "--today", "2026-11-23"])
    assert r.exit_code in (0, 1), r.output
    data = json.loads((out / "audit.json").read_text())
    assert [rec["id"] for rec in data["records"]] == ["NCT01525901"]
    [src] = data["files"]
    assert src["source"].endswith("out/records/NCT01525901.json") and src["format"] == "ctgov-v2-json"
    assert (out / "records" / "NCT01525901.json").read_bytes() == (V2 / "NCT01525901.json").read_bytes()
    assert all(e["source"] == src["source"] for f in data["findings"] for e in f["evidence"] if e["source"])


def test_retries_then_succeeds(api, tmp_path):
    Handler.failures["NCT01525901"] = 2
    body = fetch_study("NCT01525901", api, timeout=5, retries=3, sleep=lambda s: None)
    assert body == (V2 / "NCT01525901.json").read_bytes() and len(Handler.seen) == 3


def test_missing_record_and_offline_are_clear_errors(api, tmp_path):
    r = CliRunner().invoke(main, ["audit", "NCT09999999", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and f"NCT09999999 was not found at {api} (HTTP 404)" in r.output
    with socket.socket() as s:                  # a port nothing listens on: connection refused
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/api/v2"
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"ctgov: {{base_url: '{dead}', retries: 1, timeout: 2}}\n")
    r = CliRunner(env={"TRIAL_AUDIT_CTGOV_URL": ""}).invoke(
        main, ["fetch", "NCT01525901", "--out", str(tmp_path / "o"), "--config", str(cfg)])
    assert r.exit_code == 2
    assert f"cannot download NCT01525901 from {dead} after 2 attempts" in r.output
    assert "check the network connection" in r.output
    r = CliRunner().invoke(main, ["audit", "NOTANID", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "neither a file or folder nor an NCT id" in r.output
    with pytest.raises(FetchError, match="not a ClinicalTrials.gov id"):
        fetch_study("NCT123", api)
