"""Realistic audit results for the report-writer tests, built through the real pipeline.build_result
(so the tests follow the result contract, not a hand-copied dict) from Trial/Finding objects that
mirror what the readers and rules produce on a registry page rendered twice."""
from __future__ import annotations

import datetime as dt
from typing import Any

from auditor.config import load_config
from auditor.findings import Evidence, Finding
from auditor.model import Age, Criterion, Field, Loc, Publication, Trial
from auditor.pipeline import RunSummary, build_result
from auditor.report.views import build_views
from auditor.rules import Rule

TODAY = dt.date(2025, 6, 1)
SRC = "records/NCT01234567.txt"
EVIL = "<script>alert(1)</script>"
EVIL_LINK = "javascript:alert(2)"


def _rule(id: str, category: str, severity: str, title: str, what: str, why: str, example: str) -> Rule:
    docs = f"What: {what}\nWhy: {why}\nExample: {example}"
    return Rule(id=id, category=category, severity=severity, title=title, scope="record",
                func=lambda *a: (), docs=docs, module="tests.report_samples")


RULES = {r.id: r for r in (
    _rule("AGE001", "age-limits", "error", "Stated age limits disagree with the criteria",
          "the minimum/maximum age fields differ from the ages the eligibility criteria make eligible.",
          "registries and screening tools filter on the age fields; a mismatch enrols or excludes the wrong people.",
          "Stated 18-70 years, criteria say 'Aged 19-71 years'."),
    _rule("TYPO001", "typo", "warning", "Misspelled word in a label",
          "a word in an arm or intervention label is not in the dictionary and is one edit from a common word.",
          "labels are copied into papers and reviews; a typo there looks careless and breaks searches.",
          "'Conventional plus placbo treatment' (placebo)."),
    _rule("PHASE002", "phase", "info", "Phase written differently in two renderings",
          "two renderings of one record state the phase differently.",
          "a reader of one page sees a different trial phase than a reader of the other.",
          "'Phase 1, Phase 2' vs 'Phase 1/Phase 2'."),
    _rule("XSS001", "criteria-text", "warning", f"Title with {EVIL}",
          f"docs quoting {EVIL} and <a href='{EVIL_LINK}'>a link</a>.", "why <b>bold</b>", f"example {EVIL}"),
)}


def _trial(source: str, rendering: str, title: str, lo: int, hi: int, line0: int) -> Trial:
    return Trial(
        id="NCT01234567", source=source, format="registry-text", rendering=rendering,
        nct_id=Field("NCT01234567", "NCT01234567", Loc(source, line0)),
        brief_title=Field(title, title, Loc(source, line0 + 1)),
        phases=Field(["PHASE1", "PHASE2"], "Phase 1, Phase 2", Loc(source, line0 + 2)),
        min_age=Field(Age(lo, "years", lo), f"{lo} Years", Loc(source, line0 + 10)),
        max_age=Field(Age(hi, "years", hi), f"{hi} Years", Loc(source, line0 + 11)),
        criteria=[Criterion("inclusion", "1", "Aged 19-71 years", Loc(source, line0 + 14))],
    )


def findings_for(source: str = SRC, with_evil: bool = True) -> list[Finding]:
    f = [
        Finding("AGE001", "age-limits", "error", "NCT01234567",
                "Stated age limits 18-70 years disagree with the eligibility criteria, which make 19-71 years eligible.",
                evidence=[Evidence(source, 250, "18 Years", label="stated minimum age", highlight="18"),
                          Evidence(source, 251, "70 Years", label="stated maximum age", highlight="70"),
                          Evidence(source, 254, "1. Aged 19-71 years", label="inclusion criterion 1",
                                   highlight="19-71")],
                fields=["min_age", "max_age"], values={"stated": "18-70 years", "criteria": "19-71 years"}),
        Finding("TYPO001", "typo", "warning", "NCT01234567",
                "The arm label 'Conventional plus placbo treatment' misspells 'placebo'.",
                evidence=[Evidence(source, 20, "Conventional plus placbo treatment", label="arm label",
                                   highlight="placbo")],
                fields=["arms"], values={"written": "placbo", "likely": "placebo"}),
        Finding("PHASE002", "phase", "info", "NCT01234567",
                "The two renderings state the phase as 'Phase 1, Phase 2' and 'Phase 1/Phase 2'.",
                evidence=[Evidence(source, 12, "Phase 1, Phase 2", label="summary"),
                          Evidence(source, 163, "Phase 1/Phase 2", label="full info")]),
        Finding("INPUT001", "input", "error", "records/broken.json",
                "records/broken.json could not be audited: not valid JSON: unexpected end of data at line 40.",
                evidence=[Evidence("records/broken.json", None, "not valid JSON: unexpected end of data at line 40",
                                   label="input problem")]),
    ]
    if with_evil:
        f.append(Finding("XSS001", "criteria-text", "warning", "NCT0EVIL0001",
                         f"Criteria mention {EVIL} and a link {EVIL_LINK}.",
                         evidence=[Evidence(f"records/{EVIL}.json", 7, f"Inclusion: {EVIL} <a href=\"{EVIL_LINK}\">x</a>",
                                            label=f"label {EVIL}", highlight=EVIL)],
                         values={EVIL: EVIL_LINK}))
    return f


def sample_run(with_evil: bool = True, waive: bool = True, baseline: dict | None = None,
               fail_on: str = "error") -> tuple[dict[str, Any], dict[str, Any]]:
    """(result, views) for a record rendered twice in one file plus an unreadable file."""
    trials = [_trial(SRC, "summary", "Stem cells for liver failure", 18, 70, 10),
              _trial(SRC, "full", "Stem cells for liver failure", 18, 70, 160)]
    if with_evil:
        evil = Trial(id="NCT0EVIL0001", source=f"records/{EVIL}.json", format="ctgov-v2-json",
                     brief_title=Field(f"{EVIL} <a href=\"{EVIL_LINK}\">click</a>", f"{EVIL}",
                                       Loc(f"records/{EVIL}.json", 3)))
        trials.append(evil)
    pub = Publication(id="10.1000/xyz.1", source="papers/PMC1.txt", lines=["A trial"],
                      title=Field("A randomized trial of stem cells", "A randomized trial of stem cells",
                                  Loc("papers/PMC1.txt", 1)),
                      registry_ids=[Field("NCT01234567", "NCT01234567", Loc("papers/PMC1.txt", 3))])
    run = RunSummary(files=[{"source": SRC, "format": "registry-text", "records": 2},
                            {"source": "records/broken.json", "format": "unreadable", "records": 0},
                            {"source": "papers/PMC1.txt", "format": "publication", "records": 1}])
    for item in [*trials, pub]:
        run.add(item)
    if with_evil:
        run.files.append({"source": f"records/{EVIL}.json", "format": "ctgov-v2-json", "records": 1})
    cfg = load_config(None)
    found = findings_for(with_evil=with_evil)
    if waive:
        found[2].waived = f"sponsor confirmed both renderings {EVIL}"
    resolved: list[dict] = []
    if baseline is not None:
        from auditor.baseline import mark_baseline
        resolved = mark_baseline(found, baseline)
    found.sort(key=Finding.sort_key)
    rules = dict(RULES)
    from auditor.rules import REGISTRY
    rules["INPUT001"] = REGISTRY["INPUT001"]
    result = build_result(run, cfg, rules, found, fail_on, resolved, TODAY)
    views = build_views(trials, [pub], found)
    return result, views


def many_findings(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A large run: n findings over n/4 records, for size and speed checks."""
    result, views = sample_run(with_evil=False, waive=False)
    base = [f for f in result["findings"] if f["rule"] == "AGE001"][0]
    out = []
    for i in range(n):
        f = dict(base)
        rec = f"NCT{10000000 + i // 4:08d}"
        sev = ("error", "warning", "info")[i % 3]
        f.update(record=rec, severity=sev, fingerprint=f"{i:032x}",
                 message=f"{base['message']} (case {i})",
                 evidence=[dict(e, source=f"records/{rec}.xml", line=100 + i % 50) for e in base["evidence"]])
        out.append(f)
    result["findings"] = out
    result["summary"]["findings"] = n
    result["summary"]["by_severity"] = {s: sum(1 for f in out if f["severity"] == s) for s in ("error", "warning", "info")}
    result["records"] = [{"id": f"NCT{10000000 + j:08d}", "kind": "trial", "title": f"Trial {j}",
                          "sources": [{"source": f"records/NCT{10000000 + j:08d}.xml", "format": "ctgov-legacy-xml",
                                       "rendering": "main"}]} for j in range(n // 4)]
    return result, views
