"""Record views for the HTML report: normalized values next to the original text, for records with findings."""
from __future__ import annotations

from auditor.findings import Finding
from auditor.model import (Age, Arm, DateValue, Field, FlowCount, Loc, Publication, Section, Site, Trial)
from auditor.readers import read_file
from auditor.report.views import MAX_ITEMS, build_views, display

from conftest import CORPUS


def _f(record: str, sev: str = "warning") -> Finding:
    return Finding("X001", "schema", sev, record, "m")


def test_display_of_normalized_values():
    assert display(Age(18, "years", 18)) == "18 years"
    assert display(Age(6, "months", 0.5)) == "6 months (0.5 years)"
    assert display(DateValue("2014-03", "month", "ESTIMATED")) == "2014-03 (estimated)"
    assert display(DateValue("2009", "year", None)) == "2009"
    assert display(["PHASE1", "PHASE2"]) == "PHASE1, PHASE2"
    assert display(True) == "yes" and display(None) == "—" and display(2.50) == "2.5"


def test_only_records_with_findings_most_severe_first_under_the_cap():
    trials = [Trial(id=f"NCT0000000{i}", source=f"r{i}.json", format="ctgov-v2-json",
                    brief_title=Field(f"T{i}", f"T{i}", Loc(f"r{i}.json", 3))) for i in range(4)]
    found = [_f("NCT00000001"), _f("NCT00000002", "error"), _f("NCT00000003", "info"), _f("NCT00000003", "info")]
    assert list(build_views(trials, [], found)) == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert list(build_views(trials, [], found, cap=2)) == ["NCT00000001", "NCT00000002"]   # error, then warning
    assert list(build_views(trials, [], found, cap=1)) == ["NCT00000002"]


def test_rows_keep_raw_text_line_and_item_context():
    t = Trial(id="NCT1", source="a.xml", format="ctgov-legacy-xml",
              phases=Field(["PHASE1", "PHASE2"], "Phase 1/Phase 2", Loc("a.xml", 12)),
              arms=[Arm(label=Field("Placebo", "Placebo", Loc("a.xml", 40)))],
              sites=[Site(facility=Field(f"Site {i}", f"Site {i}", Loc("a.xml", 100 + i))) for i in range(MAX_ITEMS + 5)],
              flow=[FlowCount("Overall Study", "STARTED", "Placebo", Field(40, "40", Loc("a.xml", 200)))])
    rows = {r["name"]: r for r in build_views([t], [], [_f("NCT1")])["NCT1"]["renderings"][0]["fields"]}
    assert rows["phases"] == {"name": "phases", "value": "PHASE1, PHASE2", "raw": "Phase 1/Phase 2", "line": 12}
    assert "raw" not in rows["arms[0].label"]                       # same text: not repeated
    assert rows["flow[0].count"]["context"] == "Overall Study · STARTED · Placebo"
    assert rows["sites[…]"]["value"] == "5 more not shown" and f"sites[{MAX_ITEMS}].facility" not in rows


def test_publication_view():
    pub = Publication(id="10.1/x", source="p.txt", lines=["x"] * 10, authors=["A. Author"],
                      title=Field("A trial", "A trial", Loc("p.txt", 1)),
                      sections=[Section("Methods", "methods", 3, 9)])
    rows = {r["name"]: r for r in build_views([], [pub], [_f("10.1/x")])["10.1/x"]["renderings"][0]["fields"]}
    assert rows["title"]["value"] == "A trial" and rows["authors[0]"]["value"] == "A. Author"
    assert rows["sections[0]"]["value"] == "Methods (methods, lines 3-9)"
    assert "lines" not in rows                                      # the text itself is not copied


def test_real_record_view_quotes_the_source():
    path = CORPUS / "ctgov-api-v2-json" / "NCT01525901.json"
    (trial,) = [t for t in read_file(path, "NCT01525901.json", 10_000_000) if isinstance(t, Trial)]
    rows = {r["name"]: r for r in build_views([trial], [], [_f(trial.id)])[trial.id]["renderings"][0]["fields"]}
    lines = path.read_text().splitlines()
    assert rows["min_age"]["value"] == "5 years" and rows["min_age"]["raw"] == "5 Years"
    assert '"minimumAge": "5 Years"' in lines[rows["min_age"]["line"] - 1]
    assert rows["max_age"]["value"] == "12 years"
    assert '"maximumAge": "12 Years"' in lines[rows["max_age"]["line"] - 1]
