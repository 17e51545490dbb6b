"""Hostile and broken input (issue 14): every case becomes an input or schema finding naming the file,
the run finishes, and the good file beside the bad one is still audited. Real records from the corpus
are copied into tmp_path and edited there."""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import orjson
import pytest

from auditor.config import Config
from auditor.model import InputProblem, Publication, Section, Trial
from auditor.pipeline import audit
from auditor.readers.detect import read_bytes, read_file, walk
from conftest import CORPUS, seed

V2 = CORPUS / "ctgov-api-v2-json-bulk" / "NCT00007696.json"        # enrollment 1276 (ESTIMATED)
V1 = CORPUS / "ctgov-classic-api-v1-json" / "NCT02028676.json"
XML = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT00001177.xml"
GOOD = CORPUS / "ctgov-api-v2-json-bulk" / "NCT00033839.json"


def _cfg() -> Config:
    import datetime as dt
    c = Config()
    c.today = dt.date(2025, 1, 1)
    return c


def _run(*paths: Path) -> dict:
    return audit(list(paths), _cfg())


def _of(result: dict, rule: str) -> list[dict]:
    return [f for f in result["findings"] if f["rule"] == rule]


def _good_audited(result: dict) -> None:
    row = next(f for f in result["files"] if f["source"].endswith("NCT00033839.json"))
    assert row == {"source": row["source"], "format": "ctgov-v2-json", "records": 1}
    assert any(r["id"] == "NCT00033839" for r in result["records"])


def _no_python_text(result: dict) -> None:
    for f in result["findings"]:
        assert not re.search(r"Error\b|Traceback|object has no attribute|expected string", f["message"]), f


# -- enrollment of 2^63 or more, in every format ---------------------------------------------------

def _v2_enrollment(tmp: Path, n: int) -> Path:
    doc = orjson.loads(V2.read_bytes())
    doc["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = n
    p = tmp / "NCT00007696.json"
    p.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    return p


@pytest.mark.parametrize("n", [2 ** 63, 2 ** 64 - 1])
def test_enrollment_beyond_64_bits_v2(tmp_path, n):
    r = _run(_v2_enrollment(tmp_path, n), GOOD)
    [f] = [f for f in _of(r, "SCH008") if f["record"] == "NCT00007696"]
    assert f["message"] == f"Enrollment '{n}' is too large to be a count of participants."
    _good_audited(r)


def test_enrollment_large_but_in_range_is_out_of_plausible_range(tmp_path):
    r = _run(_v2_enrollment(tmp_path, 5_000_000_000), GOOD)
    [f] = [f for f in _of(r, "SCH004") if f["record"] == "NCT00007696"]
    assert "5000000000" in f["message"]


def test_enrollment_beyond_64_bits_legacy_xml(tmp_path):
    text = XML.read_text(encoding="utf-8")
    m = re.search(r"(<enrollment[^>]*>)(\d+)(</enrollment>)", text)
    p = tmp_path / XML.name
    p.write_text(text.replace(m.group(0), m.group(1) + "99999999999999999999" + m.group(3)), encoding="utf-8")
    r = _run(p, GOOD)
    assert [f["message"] for f in _of(r, "SCH008") if f["record"] == "NCT00001177"] == [
        "Enrollment '99999999999999999999' is too large to be a count of participants."]
    _good_audited(r)


def test_enrollment_beyond_64_bits_classic_json(tmp_path):
    text = V1.read_text(encoding="utf-8")
    m = re.search(r'"EnrollmentCount": "(\d+)"', text)
    assert m, "the classic record states an enrollment count"
    p = tmp_path / V1.name
    p.write_text(text.replace(m.group(0), '"EnrollmentCount": "18446744073709551616"'), encoding="utf-8")
    r = _run(p, GOOD)
    assert [f["message"] for f in _of(r, "SCH008") if f["record"] == "NCT02028676"] == [
        "Enrollment '18446744073709551616' is too large to be a count of participants."]
    _good_audited(r)


def test_enrollment_beyond_64_bits_registry_text(tmp_path):
    src = seed("001")
    text = src.read_text(encoding="utf-8")
    assert text.count("Enrollment\n70 (Anticipated)") == 1
    p = tmp_path / src.name
    p.write_text(text.replace("Enrollment\n70 (Anticipated)", "Enrollment\n9223372036854775808 (Anticipated)"),
                 encoding="utf-8")
    r = _run(p, GOOD)
    assert [f for f in r["files"] if f["source"].endswith(src.name)][0]["records"] >= 1
    assert not _of(r, "INPUT001") and not _of(r, "INPUT002")
    _good_audited(r)


# -- the reading boundary --------------------------------------------------------------------------

def test_file_name_not_utf8(tmp_path):
    name = os.fsdecode(b"NCT\xff\xfe.json")
    (tmp_path / name).write_bytes(V2.read_bytes())
    (tmp_path / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    r = _run(tmp_path)
    sources = sorted(f["source"] for f in r["files"])
    assert any(s.endswith("NCT\\xff\\xfe.json") for s in sources), sources
    assert orjson.dumps(r)          # every string in the result is valid UTF-8
    _good_audited(r)


@pytest.mark.parametrize("kind", ["fifo", "stdin", "zero"])
def test_special_files_are_refused_without_reading(tmp_path, kind):
    bad = tmp_path / f"bad-{kind}.json"
    if kind == "fifo":
        os.mkfifo(bad)
    else:
        bad.symlink_to(f"/dev/{'stdin' if kind == 'stdin' else 'zero'}")
    (tmp_path / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    r = _run(tmp_path)                      # a read of the fifo or /dev/zero would hang here
    [f] = [f for f in _of(r, "INPUT001") if f["record"].endswith(bad.name)]
    assert "not a regular file" in f["message"]
    _good_audited(r)


def test_read_is_bounded_whatever_the_size_says(tmp_path):
    p = tmp_path / "big.json"
    p.write_bytes(b"[" + b" " * 3000 + b"]")
    [prob] = list(read_file(p, "big.json", 1000))
    assert prob.reason.startswith("the file is 0.0 MB, over the 0 MB limit") or "over the" in prob.reason


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_member_refused_before_inflating():
    data = _zip({"bomb.json": b"\0" * 50_000_000, "NCT00033839.json": GOOD.read_bytes()})
    assert len(data) < 200_000
    opened = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *a, **k):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zipfile.ZipFile, "open", spy)
        items = list(read_bytes(data, "b.zip", max_bytes=10_000_000))
    assert "bomb.json" not in opened and "NCT00033839.json" in opened   # refused before inflating
    [prob] = [i for i in items if isinstance(i, InputProblem)]
    assert prob.source == "b.zip!bomb.json" and "50.0 MB uncompressed, over the 10 MB limit" in prob.reason
    assert [t.id for t in items if isinstance(t, Trial)] == ["NCT00033839"]


def test_zip_member_count_limit(monkeypatch):
    from auditor.readers import detect
    monkeypatch.setattr(detect, "_MAX_ZIP_MEMBERS", 3)
    items = list(read_bytes(_zip({f"{i}.txt": b"x" for i in range(4)}), "many.zip"))
    assert [i.reason for i in items] == ["zip archive holds 4 files, more than 3"]


def test_zip_member_names_never_climb_out():
    items = list(read_bytes(_zip({"../../../../.github/workflows/ci.json": GOOD.read_bytes()}), "r.zip"))
    [t] = items
    assert t.source == "r.zip!.github/workflows/ci.json"


def test_unlistable_subfolder_is_an_input_finding(tmp_path, monkeypatch):
    sub = tmp_path / "locked"
    sub.mkdir()
    (sub / "NCT00007696.json").write_bytes(V2.read_bytes())
    (tmp_path / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(sub):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)   # root may list any folder: simulate the refusal
    r = _run(tmp_path)
    [f] = _of(r, "INPUT001")
    assert f["record"].endswith("locked") and "the folder cannot be listed: Permission denied" in f["message"]
    _good_audited(r)


def test_walk_skips_non_material_and_excludes(tmp_path):
    for name in ("README.md", "MANIFEST.tsv", "pairs.tsv", "config.yaml", "audit.json", "notes.txt"):
        (tmp_path / name).write_text("x\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "NCT1.json").write_text("{}")
    entries = {e.path.name: e for e in walk([tmp_path], (".git", "out"))}
    assert sorted(entries) == ["MANIFEST.tsv", "README.md", "audit.json", "config.yaml", "notes.txt", "pairs.tsv"]
    assert entries["notes.txt"].skipped is None
    assert entries["audit.json"].skipped == "a trial-audit report"
    assert entries["pairs.tsv"].skipped == "a .tsv file, not trial material"
    # Named on the command line, a README is read like any file.
    [e] = list(walk([tmp_path / "README.md"]))
    assert e.explicit and e.skipped is None


def test_corpus_folder_skips_manifest_and_readme():
    r = _run(CORPUS / "ctgov-api-v2-json-bulk")
    skipped = {Path(f["source"]).name: f for f in r["files"] if f["format"] == "skipped"}
    assert sorted(skipped) == ["MANIFEST.tsv"]
    assert not _of(r, "INPUT001")


def test_audit_dot_twice_is_identical(tmp_path):
    import subprocess
    import sys
    (tmp_path / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    (tmp_path / "README.md").write_text("# records\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    cmd = [sys.executable, "-m", "auditor", "audit", ".", "--today", "2025-01-01", "--format", "json,html,sarif",
           "--out", "reports"]
    runs = []
    for _ in range(2):
        subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=300)
        runs.append((tmp_path / "reports" / "audit.json").read_bytes())
    assert runs[0] == runs[1]
    files = orjson.loads(runs[1])["files"]
    assert [(f["source"], f["format"]) for f in files] == [("NCT00033839.json", "ctgov-v2-json"),
                                                          ("README.md", "skipped")]


# -- per-value tolerance -------------------------------------------------------------------------

def test_number_where_a_string_is_expected(tmp_path):
    doc = orjson.loads(V2.read_bytes())
    doc["protocolSection"]["identificationModule"]["secondaryIdInfos"] = [{"id": 12345678}]
    p = tmp_path / "NCT00007696.json"
    p.write_bytes(orjson.dumps(doc))
    [t] = list(read_file(p, "x.json", 10 ** 8))
    assert [f.value for f in t.secondary_ids] == ["12345678"] and t.enrollment.value == 1276


def test_arrays_nested_hundreds_deep(tmp_path):
    doc = orjson.loads(V2.read_bytes())
    doc["protocolSection"]["conditionsModule"]["keywords"] = "DEEP"
    doc["protocolSection"]["identificationModule"]["extra"] = "DEEP"
    deep = b"[" * 900 + b"]" * 900          # orjson reads up to 1024 levels; Python recursion stops near 1000
    p = tmp_path / "NCT00007696.json"
    p.write_bytes(orjson.dumps(doc).replace(b'"DEEP"', deep))
    [t] = list(read_file(p, "x.json", 10 ** 8))
    assert t.id == "NCT00007696" and t.enrollment.value == 1276
    # A whole file of nested arrays is no study, and says so.
    [prob] = list(read_bytes(b"[" * 5000 + b"]" * 5000, "deep.json"))
    assert isinstance(prob, InputProblem) and "Error" not in prob.reason


def test_a_broken_section_loses_only_that_section(tmp_path):
    doc = orjson.loads(V2.read_bytes())
    doc["protocolSection"]["armsInterventionsModule"] = {"armGroups": [{"label": {"x": 1}, "type": ["EXPERIMENTAL"]}],
                                                         "interventions": "none"}
    p = tmp_path / "NCT00007696.json"
    p.write_bytes(orjson.dumps(doc))
    items = list(read_file(p, "x.json", 10 ** 8))
    trials = [i for i in items if isinstance(i, Trial)]
    assert [t.id for t in trials] == ["NCT00007696"] and trials[0].enrollment.value == 1276


# -- encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_encodings_are_read(tmp_path, enc):
    text = V2.read_text(encoding="utf-8")
    data = text.encode(enc)
    if enc == "utf-16-be":
        data = b"\xfe\xff" + data
    items = list(read_bytes(data, "x.json"))
    assert [type(i).__name__ for i in items] == ["Trial"] and items[0].id == "NCT00007696"


def test_utf16_xml_with_declaration(tmp_path):
    text = XML.read_text(encoding="utf-8")
    text = re.sub(r'encoding="[^"]+"', 'encoding="UTF-16"', text, count=1)
    [t] = list(read_bytes(text.encode("utf-16"), "x.xml"))
    assert t.id == "NCT00001177"


def test_cp1252_text_is_read_with_an_info_finding(tmp_path):
    src = seed("000")
    text = src.read_text(encoding="utf-8")
    data = text.encode("cp1252", errors="replace").replace(b"Years", b"Ye\xe4rs", 1)
    p = tmp_path / "page.txt"
    p.write_bytes(data)
    r = _run(p, GOOD)
    [f] = _of(r, "INPUT003")
    assert f["severity"] == "info" and "read as Windows-1252, a guess" in f["message"]
    assert [x for x in r["files"] if x["source"].endswith("page.txt")][0]["records"] >= 1
    _good_audited(r)


# -- values the schema must refuse ---------------------------------------------------------------

def test_calendar_impossible_dates_and_foreign_digits(tmp_path):
    doc = orjson.loads(V2.read_bytes())
    sm = doc["protocolSection"]["statusModule"]
    sm["startDateStruct"]["date"] = "2023-02-30"
    sm["statusVerifiedDate"] = "2023-13"
    doc["protocolSection"]["identificationModule"]["nctId"] = "NCT\u0660\u0660\u0660\u0660\u0667\u0666\u0669\u0666"
    p = tmp_path / "x.json"
    p.write_bytes(orjson.dumps(doc))
    r = _run(p)
    msgs = sorted(f["message"] for f in r["findings"] if f["rule"] in ("SCH002", "SCH008"))
    assert msgs == ["NCT id 'NCT\u0660\u0660\u0660\u0660\u0667\u0666\u0669\u0666' does not have the form NCT followed by 8 digits.",
                    "Start date '2023-02-30' is not a date on the calendar.",
                    "Status verified date '2023-13' is not a date on the calendar."]


# -- rules and the run ---------------------------------------------------------------------------

def test_a_rule_that_raises_is_an_error_naming_the_rule(monkeypatch):
    from auditor import pipeline
    from auditor.rules import load_rules
    rules = load_rules()
    victim = rules["AGE001"]

    def boom(*a, **k):
        raise ValueError("secret record text ::error::x")
    monkeypatch.setattr(victim, "func", boom)
    r = _run(GOOD)
    fs = _of(r, "INPUT002")
    assert fs and all(f["severity"] == "error" for f in fs)
    assert fs[0]["message"] == ("Rule AGE001 could not check this record (a value it did not expect); "
                                "the record is only partly checked.")
    assert "secret" not in orjson.dumps(r).decode()
    assert r["run"]["gate"] == "fail"


def test_internal_error_exits_3(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from auditor import pipeline
    from auditor.cli import main

    def broken(*a, **k):
        raise RuntimeError("::error::from a record")
    monkeypatch.setattr(pipeline, "audit", broken)
    res = CliRunner().invoke(main, ["audit", str(GOOD), "--out", str(tmp_path)])
    assert res.exit_code == 3
    assert "internal error (RuntimeError)" in res.output and "::error" not in res.output


def _sections_naive(pub: Publication, line: int):
    best = None
    for s in pub.sections:
        if s.start_line <= line <= s.end_line and (best is None or s.start_line >= best.start_line):
            best = s
    return best


def test_section_lookup_matches_the_definition_on_many_sections():
    import random
    rnd = random.Random(7)
    secs = []
    for _ in range(300):
        a = rnd.randint(1, 500)
        secs.append(Section(name="h", kind="other", start_line=a, end_line=a + rnd.randint(0, 80)))
    pub = Publication(id="p", source="p.txt", lines=["x"] * 600, sections=secs)
    for line in range(0, 610):
        assert pub.section_of(line) is _sections_naive(pub, line)
    # A heading every other line, 80,000 lines: every line finds its own section (a linear scan per
    # line would take minutes here; benchmarks/bench_sections.py measures the lookup).
    n = 80_000
    big = Publication(id="q", source="q.txt", lines=["x"] * n,
                      sections=[Section(name=f"H{i}", kind="other", start_line=i, end_line=i + 1)
                                for i in range(1, n, 2)])
    assert all(big.section_of(i).name == f"H{i if i % 2 else i - 1}" for i in range(1, n))


def test_true_or_an_object_where_a_text_is_expected(tmp_path):
    # Found by scripts/fuzz_readers.py: an intervention name `true` made ARM004 raise.
    doc = orjson.loads(GOOD.read_bytes())
    ivs = doc["protocolSection"]["armsInterventionsModule"]["interventions"]
    ivs[0]["name"] = True
    doc["protocolSection"]["identificationModule"]["briefTitle"] = {"text": "x"}
    p = tmp_path / "NCT00033839.json"
    p.write_bytes(orjson.dumps(doc))
    r = _run(p)
    assert not _of(r, "INPUT001") and not _of(r, "INPUT002") and not _of(r, "INPUT004")
    assert r["files"][0]["records"] == 1


def test_criteria_of_the_wrong_type_lose_only_the_criteria(tmp_path):
    # Found by scripts/fuzz_readers.py: criteria given as a number lost the whole eligibility part.
    doc = orjson.loads(V2.read_bytes())
    elig = doc["protocolSection"]["eligibilityModule"]
    elig["eligibilityCriteria"] = 12345
    p = tmp_path / "NCT00007696.json"
    p.write_bytes(orjson.dumps(doc))
    items = list(read_file(p, "x.json", 10 ** 8))
    [t] = [i for i in items if isinstance(i, Trial)]
    assert not [i for i in items if isinstance(i, InputProblem)]
    assert t.criteria_text.value == "12345" and t.sex is not None and t.sex.value == elig["sex"]


def test_exclude_options_and_config_keys(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main
    d = tmp_path / "in"
    (d / "old").mkdir(parents=True)
    (d / "NCT00033839.json").write_bytes(GOOD.read_bytes())
    (d / "old" / "NCT00007696.json").write_bytes(V2.read_bytes())
    (d / "x.bak").write_bytes(V2.read_bytes())

    def sources(*extra: str) -> list[str]:
        out = tmp_path / "out"
        res = CliRunner().invoke(main, ["audit", str(d), "--out", str(out), "--format", "json", "--today", "2025-01-01",
                                        *extra])
        assert res.exit_code in (0, 1), res.output
        return sorted(Path(f["source"]).name for f in orjson.loads((out / "audit.json").read_bytes())["files"])
    assert sources() == ["NCT00007696.json", "NCT00033839.json", "x.bak"]
    assert sources("--extend-exclude", "old,*.bak") == ["NCT00033839.json"]
    assert sources("--exclude", "old") == ["NCT00033839.json", "x.bak"]
    cfg = tmp_path / "c.yaml"
    cfg.write_text("extend_exclude: ['*.bak']\n")
    assert sources("--config", str(cfg)) == ["NCT00007696.json", "NCT00033839.json"]
