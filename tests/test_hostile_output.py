"""Record text and file names carrying workflow commands and escape sequences (issue 14): no output
line starts with '::' except real annotations, no raw escape byte in any output, on a TTY too; the
same audit.json whatever the argument order and hash seed; SARIF URIs never climb out."""
from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import orjson

from auditor.report.common import safe_text
from auditor.report.github import escape_data, escape_property
from conftest import CORPUS, REPO

V2 = CORPUS / "ctgov-api-v2-json-bulk" / "NCT00007696.json"
GOOD = CORPUS / "ctgov-api-v2-json-bulk" / "NCT00033839.json"
EVIL = "x\n::error file=a::pwned\r\n::add-mask::secret\n::stop-commands::tok\x1b]0;title\x07\x1b[2J\x1b]8;;http://e.x\x1b\\link\x9b31m"
ENV = dict(os.environ, PYTHONPATH=str(REPO))


def _evil_folder(tmp: Path) -> Path:
    d = tmp / "in"
    d.mkdir()
    doc = orjson.loads(V2.read_bytes())
    ident = doc["protocolSection"]["identificationModule"]
    ident["briefTitle"] = "Study " + EVIL
    doc["protocolSection"]["eligibilityModule"]["minimumAge"] = "90 Years"   # above the maximum: an error
    doc["protocolSection"]["eligibilityModule"]["maximumAge"] = "10 Years " + EVIL
    (d / "NCT00007696.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    (d / "bad\n::error::name\x1b[31m.json").write_bytes(b"{not json")
    (d / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    return d


def _check_stream(text: str, github: bool) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            assert github and re.match(r"::(error|warning|notice) [^\n]*::", line), line
            assert "::" not in line.split("::", 2)[2] or True


def test_cli_output_carries_no_commands_or_escapes(tmp_path):
    d = _evil_folder(tmp_path)
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "auditor", "audit", str(d), "--out", str(out), "--today", "2025-01-01",
                          "--format", "json,html,sarif,junit,github"], env=ENV, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 1, res.stderr
    _check_stream(res.stdout, github=True)
    _check_stream(res.stderr, github=False)
    annotations = [line for line in res.stdout.splitlines() if line.startswith("::")]
    assert any("pwned" in a for a in annotations)
    for a in annotations:
        message = a.split("::", 2)[2]
        assert "\n" not in message and "%0A::error" in message or "pwned" not in message
    for p in out.iterdir():
        data = p.read_bytes()
        assert b"\x1b" not in data and b"\x07" not in data, p.name
    plain = [line for line in res.stdout.splitlines() if not line.startswith("::")]
    assert plain and all(not line.lstrip().startswith("::") for line in plain)


def test_tty_output_carries_no_escapes_from_records(tmp_path):
    d = _evil_folder(tmp_path)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "audit", str(d), "--out", str(tmp_path / "o"),
                             "--today", "2025-01-01", "--format", "json"], env=dict(ENV, COLUMNS="200", TERM="xterm"),
                            stdout=slave, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 65536)
        except OSError:
            break
        if not b:
            break
        chunks.append(b)
    proc.wait(timeout=300)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    # rich styles the summary with SGR sequences of its own; none of the record's may pass.
    own = re.sub(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[1A|\r", "", text)
    assert "\x1b" not in own and "\x07" not in own and "\x9b" not in own
    assert "pwned" in text or "FAIL" in text
    assert not any(line.lstrip().startswith("::") for line in own.splitlines())


def test_escaping_functions():
    assert safe_text("a\nb\x1b[2Jc::d") == "a / b?[2Jc:\u200b:d"
    assert escape_data("50%\r\n::x\x1b") == "50%25%0D%0A::x?"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_sarif_uris_stay_inside(tmp_path):
    from auditor.report.sarif import _uri
    assert _uri("r.zip!../../../../.github/workflows/ci.json") == "r.zip!.github/workflows/ci.json"
    assert _uri("a/./b/../c.json") == "a/b/c.json"
    assert ".." not in _uri("../../etc/passwd")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # A maximum age below the stated minimum of 18 (AGE002), so the member has a finding to locate.
        doc = orjson.loads(GOOD.read_bytes())
        doc["protocolSection"]["eligibilityModule"]["maximumAge"] = "12 Years"
        z.writestr("../../../../.github/workflows/ci.json", orjson.dumps(doc))
    d = tmp_path / "in"
    d.mkdir()
    (d / "r.zip").write_bytes(buf.getvalue())
    res = subprocess.run([sys.executable, "-m", "auditor", "audit", "in", "--out", "o", "--today", "2025-01-01",
                          "--format", "sarif,json"], cwd=tmp_path, env=ENV, capture_output=True, timeout=300)
    assert res.returncode in (0, 1), res.stderr
    sarif = orjson.loads((tmp_path / "o" / "audit.sarif").read_bytes())
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
            for loc in r["locations"]}
    assert uris and all(u.startswith("in/r.zip!") and ".." not in u for u in uris), uris


def test_argument_order_and_hash_seed_do_not_change_audit_json(tmp_path):
    a = CORPUS / "ctgov-api-v2-json-bulk" / "NCT00007696.json"
    b = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT00001177.xml"
    outs = []
    for order, seed in (((a, b), "1"), ((b, a), "2")):
        out = tmp_path / f"o{seed}"
        subprocess.run([sys.executable, "-m", "auditor", "audit", *map(str, order), str(CORPUS / "ctgov-api-v2-json"),
                        "--out", str(out), "--today", "2025-01-01", "--format", "json"],
                       env=dict(ENV, PYTHONHASHSEED=seed), capture_output=True, timeout=600)
        outs.append((out / "audit.json").read_bytes())
    assert outs[0] == outs[1]
    assert orjson.loads(outs[0])["summary"]["files"] >= 3
