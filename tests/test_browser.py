"""audit.html in a real browser (Playwright driving Debian's chromium; Playwright's own browser download
is not used). Skipped, with the reason, only when chromium or the playwright package is missing."""
from __future__ import annotations

import json
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.report.html import write
from report_samples import EVIL, EVIL_LINK, many_findings, sample_run

from conftest import CORPUS, REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, script errors and dialogs (a dialog means injected code ran)."""

    def __init__(self, browser, url: str, width: int = 1360):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector("#findings-body tr")

    def rows(self) -> list[dict]:
        return self.page.eval_on_selector_all("#findings-body tr.row", """rows => rows.map(r => ({
            sev: r.querySelector('.c-sev').innerText.trim(), rule: r.querySelector('.c-rule').innerText.trim(),
            cat: r.querySelector('.c-cat').innerText.trim(), rec: r.querySelector('.c-rec').innerText.trim(),
            msg: r.querySelector('.c-msg').innerText.trim()}))""")

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> tuple[Path, dict]:
    """The CLI on the bundled seed documents, plus two real records: one edited to break its age limits,
    one whose title carries a script tag and a javascript: link."""
    tmp = tmp_path_factory.mktemp("browser")
    extra = tmp / "records"
    extra.mkdir()
    doc = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    doc["protocolSection"]["eligibilityModule"]["minimumAge"] = "15 Years"    # above the 12-year maximum
    (extra / "NCT01525901.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    evil = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT00763412.json").read_bytes())
    evil["protocolSection"]["identificationModule"]["briefTitle"] = f'{EVIL} <a href="{EVIL_LINK}">read</a>'
    (extra / "NCT00763412.json").write_bytes(orjson.dumps(evil, option=orjson.OPT_INDENT_2))
    out = tmp / "out"
    from auditor.pipeline import EXAMPLES
    res = CliRunner().invoke(main, ["audit", str(EXAMPLES), str(extra), "--out", str(out), "--format", "html,json"])
    assert res.exit_code in (0, 1), res.output
    return out / "audit.html", json.loads((out / "audit.json").read_text())


def test_seed_report_opens_clean_and_screenshot(browser, seed_report):
    html, audit = seed_report
    p = Page(browser, html.as_uri())
    assert p.errors == [] and p.dialogs == []
    assert all(u.startswith(("file:", "data:", "about:")) for u in p.requests), p.requests
    active = [f for f in audit["findings"] if "waived" not in f]
    assert len(p.rows()) == min(100, len(active))
    assert p.page.inner_text(".verdict-title") == ("Gate failed" if audit["run"]["gate"] == "fail" else "Gate passed")
    p.page.set_viewport_size({"width": 1360, "height": 1900})
    p.page.locator("button.exp").first.click()
    p.page.evaluate("() => window.scrollTo(0, 0)")
    (REPO / "reports").mkdir(exist_ok=True)
    p.page.screenshot(path=str(REPO / "reports" / "screenshot-report.png"))
    assert p.errors == []
    p.close()


def test_filters_by_severity_and_category(browser, seed_report):
    html, audit = seed_report
    active = [f for f in audit["findings"] if "waived" not in f]
    p = Page(browser, html.as_uri())
    before = p.rows()
    # Severity: untick everything but error.
    for sev in ("warning", "info"):
        p.page.locator(f"input[name=sev][value={sev}]").uncheck()
    rows = p.rows()
    errors = [f for f in active if f["severity"] == "error"]
    assert len(rows) == min(100, len(errors)) and {r["sev"] for r in rows} == {"error"}
    assert len(rows) < len(before)
    # Category: the age-limits error of the edited record.
    p.page.locator("input[name=sev][value=warning]").check()
    p.page.locator("input[name=sev][value=info]").check()
    p.page.select_option("#f-cat", "age-limits")
    rows = p.rows()
    ages = [f for f in active if f["category"] == "age-limits"]
    assert ages and len(rows) == len(ages) and {r["cat"] for r in rows} == {"age-limits"}
    assert {r["rec"] for r in rows} == {f["record"] for f in ages}
    # Free text narrows further; nothing matching shows an empty-state row.
    p.page.fill("#f-q", "zzzz-no-such-words")
    p.page.wait_for_function("() => document.querySelectorAll('#findings-body tr.row').length === 0")
    assert "No finding matches these filters" in p.page.inner_text("#findings-body")
    assert p.errors == []
    p.close()


def test_expand_shows_evidence_by_keyboard(browser, seed_report):
    html, audit = seed_report
    p = Page(browser, html.as_uri())
    p.page.select_option("#f-cat", "age-limits")
    btn = p.page.locator("#findings-body button.exp").first
    assert btn.get_attribute("aria-expanded") == "false"
    btn.focus()
    p.page.keyboard.press("Enter")
    assert btn.get_attribute("aria-expanded") == "true"
    detail = p.page.locator("#" + btn.get_attribute("aria-controls"))
    assert detail.is_visible()
    f = [f for f in audit["findings"] if f["category"] == "age-limits"][0]
    text = detail.inner_text()
    for e in f["evidence"]:
        assert f"{e['source']}:{e['line']}" in text
        assert " ".join(e["text"].split())[:40] in " ".join(text.split())
    if any(e.get("highlight") for e in f["evidence"]):
        assert detail.locator("mark").count() >= 1
    p.page.keyboard.press("Space")
    assert btn.get_attribute("aria-expanded") == "false" and not detail.is_visible()
    p.close()


def test_url_fragment_restores_filters(browser, seed_report):
    html, audit = seed_report
    p = Page(browser, html.as_uri())
    p.page.locator("input[name=sev][value=info]").uncheck()
    p.page.select_option("#f-cat", "age-limits")
    p.page.fill("#f-rec", "NCT01525901")
    p.page.wait_for_function("() => location.hash.includes('rec=NCT01525901')")
    shared = p.page.url
    rows = p.rows()
    p.close()
    assert "sev=error%2Cwarning" in shared and "cat=age-limits" in shared
    q = Page(browser, shared)
    assert q.rows() == rows
    assert q.page.is_checked("input[name=sev][value=error]") and not q.page.is_checked("input[name=sev][value=info]")
    assert q.page.input_value("#f-cat") == "age-limits" and q.page.input_value("#f-rec") == "NCT01525901"
    # A chart bar is a link to the same kind of state.
    q.page.goto(html.as_uri() + "#sev=error")
    q.page.wait_for_function("() => !document.querySelector('input[name=sev][value=warning]').checked")
    assert {r["sev"] for r in q.rows()} == {"error"}
    assert q.errors == []
    q.close()


def test_record_view_shows_fields_next_to_the_original(browser, seed_report):
    html, audit = seed_report
    p = Page(browser, html.as_uri() + "#view=NCT01525901")
    dlg = p.page.locator("#record-dialog")
    dlg.wait_for(state="visible")
    row = dlg.locator("table.fields tr", has_text="eligibilityModule.minimumAge").first
    cells = row.locator("td").all_inner_texts()
    assert cells[0].startswith("Min age")
    assert cells[1].startswith("15 years") and cells[2] == "15 Years" and cells[3].startswith("line ")
    assert "flag" in (row.get_attribute("class") or "")          # the age error points at this field
    p.page.keyboard.press("Escape")
    p.page.wait_for_function("() => !location.hash.includes('view=')")
    assert p.errors == []
    p.close()


def test_hostile_record_text_stays_text(browser, seed_report, tmp_path):
    html, _ = seed_report
    p = Page(browser, html.as_uri())
    p.page.fill("#r-q", "NCT00763412")
    p.page.uncheck("#r-only")
    title = p.page.locator("#records-body td.rec-title").first
    assert title.inner_text() == f'{EVIL} <a href="{EVIL_LINK}">read</a>'
    p.page.locator("#records-body button.rec-btn", has_text="NCT00763412").click()
    assert p.page.inner_text("#rv-sub") == f'{EVIL} <a href="{EVIL_LINK}">read</a>'
    assert p.page.eval_on_selector_all("a[href^='javascript'], script:not([type='application/json'])",
                                       "els => els.length") == 1      # only the report's own script
    assert p.dialogs == [] and p.errors == []
    p.close()
    # Messages, quotes, highlights, values, waiver reasons and rule docs from the writer directly.
    result, views = sample_run()
    page = write(result, tmp_path, views=views)
    q = Page(browser, page.as_uri() + "#open=" + [f for f in result["findings"] if f["rule"] == "XSS001"][0]["fingerprint"])
    detail = q.page.locator("tr.detail:not([hidden])")
    assert EVIL in detail.inner_text() and detail.locator("mark").first.inner_text() == EVIL
    assert q.page.locator("#findings-body td.c-msg", has_text=EVIL).count() == 1
    q.page.locator("#waived-body button.exp").first.click()
    assert f"sponsor confirmed both renderings {EVIL}" in q.page.inner_text("#waived-body")
    assert q.page.eval_on_selector_all("a[href^='javascript']", "els => els.length") == 0
    assert q.dialogs == [] and q.errors == []
    q.close()


def test_twenty_thousand_findings_open_filter_and_page(browser, tmp_path):
    result, views = many_findings(20_000)
    page = write(result, tmp_path, views=views)
    t0 = time.perf_counter()
    p = Page(browser, page.as_uri())
    opened = time.perf_counter() - t0
    assert len(p.rows()) == 100
    assert "of 20,000 findings" in p.page.inner_text("#result-count")
    t1 = time.perf_counter()
    p.page.fill("#f-q", '"(case 1999)"')                    # a quoted phrase
    p.page.wait_for_function("() => document.querySelector('#result-count').textContent.includes('matching')")
    filtered = time.perf_counter() - t1
    rows = p.rows()
    assert len(rows) == 1 and rows[0]["msg"].endswith("(case 1999)") and rows[0]["rec"] == "NCT10000499"
    t2 = time.perf_counter()
    p.page.locator("th[data-sort=record] button").click()
    p.page.fill("#f-q", "")
    p.page.locator("#findings-pager button", has_text="Next").click()
    paged = time.perf_counter() - t2
    assert p.page.locator("#findings-body tr.row").count() == 100
    # A shared link to one expanded finding opens the page that holds it.
    fp = [f for f in result["findings"] if f["message"].endswith("(case 12345)")][0]["fingerprint"]
    p.page.goto(page.as_uri() + "#open=" + fp)
    p.page.reload()
    open_rows = p.page.locator("#findings-body tr.row.open")
    assert open_rows.count() == 1 and open_rows.locator(".c-msg").inner_text().endswith("(case 12345)")
    assert p.page.locator("#findings-body tr.detail:not([hidden])").is_visible()
    print(f"\n20,000 findings in the browser: opened in {opened:.2f} s, searched in {filtered:.2f} s, "
          f"sorted and paged in {paged:.2f} s")
    assert p.errors == []
    p.close()


def test_print_layout_expands_rows(browser, seed_report):
    html, _ = seed_report
    p = Page(browser, html.as_uri())
    p.page.emulate_media(media="print")
    p.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert p.page.locator("#filters").is_hidden()
    hidden = p.page.eval_on_selector_all("#findings-body tr.detail", "ds => ds.filter(d => d.hidden).length")
    assert hidden == 0
    assert p.errors == []
    p.close()



def test_back_after_open_record_keeps_the_place(browser, seed_report):
    html, _ = seed_report
    p = Page(browser, html.as_uri())
    p.page.locator("#records").scroll_into_view_if_needed()
    p.page.evaluate("() => document.getElementById('records').scrollIntoView()")
    y = p.page.evaluate("() => window.scrollY")
    assert y > 500
    p.page.locator("#records-body .rec-btn", has_text="NCT01525901").first.click()
    p.page.locator("#record-dialog").wait_for(state="visible")
    assert "view=NCT01525901" in p.page.url
    p.page.go_back()
    p.page.wait_for_function("() => !document.getElementById('record-dialog').open")
    assert p.page.url.startswith(html.as_uri()) and "view=" not in p.page.url       # still the report
    assert abs(p.page.evaluate("() => window.scrollY") - y) < 5                      # at the same place
    # Close (or Escape) is the same step back: a second Back would leave the page, not reopen the record.
    p.page.locator("#records-body .rec-btn", has_text="NCT01525901").first.click()
    p.page.locator("#record-dialog").wait_for(state="visible")
    p.page.keyboard.press("Escape")
    p.page.wait_for_function("() => !location.hash.includes('view=')")
    assert abs(p.page.evaluate("() => window.scrollY") - y) < 5
    assert p.errors == []
    p.close()


def test_phone_width_has_no_sideways_overflow(browser, seed_report, tmp_path):
    html, _ = seed_report
    p = Page(browser, html.as_uri(), width=390)
    assert p.page.evaluate("() => document.documentElement.scrollWidth") <= 390
    p.page.locator("button.exp").first.click()                      # an open finding with its evidence
    assert p.page.evaluate("() => document.documentElement.scrollWidth") <= 390
    p.page.locator("#records-body .rec-btn").first.click()
    p.page.locator("#record-dialog").wait_for(state="visible")
    p.page.screenshot(path=str(tmp_path / "phone-dialog.png"))
    assert p.errors == []
    p.close()
