"""audit.junit.xml: one test case per record; failures are exactly the records failing the gate."""
from __future__ import annotations

from lxml import etree

from auditor.report.junit import to_junit, write
from report_samples import sample_run


def _cases(xml: bytes) -> tuple[etree._Element, dict[str, etree._Element]]:
    root = etree.fromstring(xml)
    return root, {c.get("name"): c for c in root.iter("testcase")}


def test_one_case_per_record_and_counts_match(tmp_path):
    result, _ = sample_run()
    p = write(result, tmp_path)
    root, cases = _cases(p.read_bytes())
    # Three records read, plus the unreadable file that has a finding of its own.
    assert sorted(cases) == ["10.1000/xyz.1", "NCT01234567", "NCT0EVIL0001", "records/broken.json"]
    suite = root.find("testsuite")
    failed = [n for n, c in cases.items() if c.find("failure") is not None]
    assert sorted(failed) == ["NCT01234567", "records/broken.json"]       # the two error findings
    for el in (root, suite):
        assert el.get("tests") == "4" and el.get("failures") == str(len(failed)) and el.get("errors") == "0"
    assert cases["NCT01234567"].get("classname") == "records/NCT01234567.txt"
    assert cases["10.1000/xyz.1"].get("classname") == "papers/PMC1.txt"
    assert cases["records/broken.json"].get("classname") == "records/broken.json"


def test_failure_text_quotes_the_findings_and_lower_ones_go_to_system_out():
    result, _ = sample_run()
    _, cases = _cases(to_junit(result))
    nct = cases["NCT01234567"]
    fail = nct.find("failure")
    assert fail.get("type") == "error"
    assert fail.get("message") == "1 finding at or above error: AGE001"
    assert fail.text.splitlines() == [
        "ERROR AGE001 [age-limits] Stated age limits 18-70 years disagree with the eligibility criteria, "
        "which make 19-71 years eligible.",
        "    records/NCT01234567.txt:250: stated minimum age: 18 Years",
        "    records/NCT01234567.txt:251: stated maximum age: 70 Years",
        "    records/NCT01234567.txt:254: inclusion criterion 1: 1. Aged 19-71 years",
    ]
    out = nct.find("system-out").text
    assert "WARNING TYPO001 [typo] The arm label 'Conventional plus placbo treatment' misspells 'placebo'." in out
    assert "INFO PHASE002" in out and "(waived: sponsor confirmed both renderings" in out
    # A record with only a warning passes at fail-on error, and its finding is still listed.
    evil = cases["NCT0EVIL0001"]
    assert evil.find("failure") is None and "WARNING XSS001" in evil.find("system-out").text


def test_fail_on_level_changes_failures():
    result, _ = sample_run()
    result["run"]["fail_on"] = "warning"
    _, cases = _cases(to_junit(result))
    assert sorted(n for n, c in cases.items() if c.find("failure") is not None) == \
        ["NCT01234567", "NCT0EVIL0001", "records/broken.json"]
    assert "1 finding at or above warning" in cases["NCT0EVIL0001"].find("failure").get("message")
    result["run"]["fail_on"] = "never"
    root, cases = _cases(to_junit(result))
    assert root.get("failures") == "0" and all(c.find("failure") is None for c in cases.values())


def test_baseline_unchanged_findings_do_not_fail():
    first, _ = sample_run(with_evil=False, waive=False)
    result, _ = sample_run(with_evil=False, waive=False, baseline=first)
    root, cases = _cases(to_junit(result))
    assert root.get("failures") == "0"
    assert "(baseline: unchanged)" in cases["NCT01234567"].find("system-out").text


def test_control_characters_do_not_break_the_xml():
    result, _ = sample_run(with_evil=False)
    result["findings"][0]["message"] = "bad \x00 byte \x0b and \ud800 surrogate"
    root, cases = _cases(to_junit(result))
    assert root.get("tests") == "3"
    text = etree.tostring(root, encoding="unicode")
    assert "bad \ufffd byte \ufffd and \ufffd surrogate" in text
