"""audit.html: self-contained, escaped, CSP-locked, and fast on large runs."""
from __future__ import annotations

import base64
import html
import hashlib
import json
import re
import time

import orjson
from click.testing import CliRunner

from auditor.cli import main
from auditor.report.html import json_for_html, render, write
from report_samples import EVIL, EVIL_LINK, many_findings, sample_run

from conftest import CORPUS


def _blocks(page: str) -> dict[str, str]:
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    return {"style": style, "scripts": scripts}


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_page_is_self_contained_and_csp_locked():
    result, views = sample_run()
    page = render(result, views)
    csp = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1))
    b = _blocks(page)
    code = [body for attrs, body in b["scripts"] if "application/json" not in attrs]
    data = [body for attrs, body in b["scripts"] if "application/json" in attrs]
    assert len(code) == 1 and len(data) == 1
    # The policy allows exactly the page's own style and script, by hash; nothing else loads.
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert f"script-src {_sha(code[0])}" in csp
    assert f"style-src {_sha(b['style'])}" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # No network: no external references, no style attributes (the CSP would block them anyway).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in b["style"]
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    tags = re.findall(r"<[a-zA-Z][^>]*>", markup)
    assert not [t for t in tags if re.search(r"\s(?:style|on[a-z]+)\s*=", t)]   # no style attrs, no handlers
    assert "innerHTML" not in code[0] and "insertAdjacentHTML" not in code[0] and "eval(" not in code[0]


def test_record_text_is_escaped_everywhere():
    result, views = sample_run()
    page = render(result, views)
    assert EVIL not in page                       # never raw markup
    markup = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", markup, re.I)
    assert "&lt;a href=&#39;javascript:alert(2)&#39;&gt;a link&lt;/a&gt;" in markup   # shown as text
    # Server-rendered parts show it as text: the rule docs, the files list.
    assert "Title with &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "records/&lt;script&gt;alert(1)&lt;/script&gt;.json" in page
    data = [body for attrs, body in _blocks(page)["scripts"] if "application/json" in attrs][0]
    assert "<" not in data and ">" not in data and "&" not in data
    parsed = json.loads(data)
    evil = [f for f in parsed["findings"] if f["rule"] == "XSS001"][0]
    assert evil["message"] == f"Criteria mention {EVIL} and a link {EVIL_LINK}."
    assert evil["evidence"][0]["highlight"] == EVIL
    assert parsed["records"]["NCT0EVIL0001"]["title"].startswith(EVIL)


def test_json_for_html_round_trips_and_cannot_close_the_element():
    tricky = {"a": "</script><!-- <script>x</script> & \u2028 \u2029 ]]>", "b": ["<", ">", "&amp;"]}
    out = json_for_html(tricky)
    assert "</" not in out and "<!--" not in out and "&" not in out
    assert json.loads(out) == tricky


def test_data_carries_findings_waived_and_views():
    result, views = sample_run()
    page = render(result, views)
    data = json.loads([body for attrs, body in _blocks(page)["scripts"] if "application/json" in attrs][0])
    assert [f["rule"] for f in data["findings"]] == [f["rule"] for f in result["findings"] if "waived" not in f]
    assert [(f["rule"], f["waived"]) for f in data["waived"]] == [
        ("PHASE002", f"sponsor confirmed both renderings {EVIL}")]
    assert data["failOn"] == "error" and data["baseline"] is False
    # The record view: normalized value next to the original text and its line.
    rows = {r["name"]: r for r in data["views"]["NCT01234567"]["renderings"][0]["fields"]}
    assert rows["min_age"]["value"] == "18 years" and rows["min_age"]["raw"] == "18 Years"
    assert rows["phases"]["value"] == "PHASE1, PHASE2" and rows["phases"]["raw"] == "Phase 1, Phase 2"
    assert set(data["rules"]) == {"AGE001", "TYPO001", "PHASE002", "XSS001", "INPUT001"}


def test_overview_shows_verdict_counts_and_charts():
    result, views = sample_run()
    page = render(result, views)
    assert "Gate failed" in page
    assert re.search(r"2 findings at or above <strong>error</strong>\s+are not waived", page)
    # Severity chart: one bar per severity with its count, linking to the filtered table.
    for sev, n in (("error", 2), ("warning", 2), ("info", 0)):
        assert re.search(rf'<a href="#sev={sev}"[^>]*aria-label="{sev}: {n} findings', page)
    assert '<a href="#cat=age-limits"' in page
    assert 'id="rule-AGE001"' in page and "registries and screening tools filter on the age fields" in page
    passing, _ = sample_run(with_evil=False, waive=True, fail_on="never")
    assert "The gate is off" in render(passing)


def test_baseline_sections():
    first, _ = sample_run(with_evil=False, waive=False)
    old = dict(first, findings=[f for f in first["findings"] if f["rule"] != "TYPO001"]
               + [dict(first["findings"][0], rule="TYPO001", fingerprint="f" * 32, message="gone")])
    result, views = sample_run(with_evil=False, waive=False, baseline=old)
    page = render(result, views)
    assert 'id="resolved"' in page and "1 finding of the baseline no longer found." in page
    data = json.loads([body for attrs, body in _blocks(page)["scripts"] if "application/json" in attrs][0])
    assert data["baseline"] is True
    assert {f["rule"]: f["baseline"] for f in data["findings"]}["TYPO001"] == "new"
    assert {f["rule"]: f["baseline"] for f in data["findings"]}["AGE001"] == "unchanged"
    assert [f["message"] for f in data["resolved"]] == ["gone"]


def test_render_is_deterministic_and_writes_the_file(tmp_path):
    result, views = sample_run()
    assert render(result, views) == render(result, views)
    p = write(result, tmp_path, views=views)
    assert p.name == "audit.html" and p.read_text(encoding="utf-8") == render(result, views)


def test_twenty_thousand_findings_render_small(tmp_path):
    result, views = many_findings(20_000)
    t0 = time.perf_counter()
    p = write(result, tmp_path, views=views)
    took = time.perf_counter() - t0
    size = p.stat().st_size
    print(f"\n20,000 findings: audit.html {size / 1e6:.1f} MB written in {took:.2f} s")
    assert size < 40_000_000
    page = p.read_text(encoding="utf-8")
    # Rows are drawn by the script from the data, a page at a time: no 20,000 table rows in the markup.
    assert page.count("<tr") < 50


def test_cli_html_gets_views_and_json_stays_lean(tmp_path):
    """The CLI hands record views to the HTML writer only; audit.json never carries them."""
    src = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    elig = src["protocolSection"]["eligibilityModule"]
    assert (elig["minimumAge"], elig["maximumAge"]) == ("5 Years", "12 Years")
    elig["minimumAge"] = "15 Years"                 # above the maximum: an age-limit error
    rec = tmp_path / "NCT01525901.json"
    rec.write_bytes(orjson.dumps(src, option=orjson.OPT_INDENT_2))
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["audit", str(rec), "--out", str(out), "--format", "html,json"])
    assert res.exit_code == 1, res.output
    audit = json.loads((out / "audit.json").read_text())
    assert "record_views" not in audit
    assert any(f["category"] == "age-limits" and f["severity"] == "error" for f in audit["findings"])
    page = (out / "audit.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.S).group(1))
    rows = {r["name"]: r for r in data["views"]["NCT01525901"]["renderings"][0]["fields"]}
    assert rows["min_age"]["value"] == "15 years" and rows["min_age"]["raw"] == "15 Years"
    assert rows["max_age"]["value"] == "12 years"


def test_html_without_views_still_renders():
    result, _ = sample_run()
    page = render(result, None)
    data = json.loads(re.search(r'id="audit-data">(.*?)</script>', page, re.S).group(1))
    assert data["views"] == {}


def test_title_plural_and_waived_expiry_column():
    result, views = sample_run()
    result["summary"]["findings"] = 1
    page = render(result, views)
    assert "<title>FAIL · 1 finding · trial-audit report</title>" in page
    assert '<th scope="col" class="c-expires">Expires</th>' in page      # the waived table's expiry column
    result["summary"]["findings"] = 2
    assert "· 2 findings ·" in render(result, views)
