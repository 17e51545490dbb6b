"""The streaming pipeline: batches, the corpus index, re-reading linked files, memory bounds."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson

from auditor import pipeline
from auditor.config import Config
from auditor.context import Context
from auditor.corpus_index import CorpusIndex
from auditor.pipeline import audit, read_inputs, run_checks
from auditor.rules import load_rules
from conftest import CORPUS, SEEDS

TODAY = dt.date(2026, 11, 23)


def _cfg() -> Config:
    return Config(today=TODAY)


def test_rereading_linked_files_gives_the_same_result(monkeypatch):
    kept = audit([SEEDS], _cfg())
    monkeypatch.setattr(pipeline, "RETAIN", 0)      # force the second read of linked files
    monkeypatch.setattr(pipeline, "BATCH", 2)       # and many small batches
    reread = audit([SEEDS], _cfg())
    assert orjson.dumps(kept) == orjson.dumps(reread)
    assert any(f["rule"] == "XSRC001" for f in kept["findings"])   # a corpus rule did run


def test_components_find_what_the_rules_find_over_every_record():
    # The corpus and paper rules run one link component at a time (planned from digests) must find
    # exactly what they find over every record at once. The bulk folder holds two records of one team
    # whose official is written 'Tapan Kadia, MD' and 'Tapan M Kadia' (one person to the rules).
    folders = [SEEDS, CORPUS / "ctgov-legacy-xml_fixtures", CORPUS / "ctgov-api-v2-json",
               CORPUS / "ctgov-classic-api-v1-json", CORPUS / "pairs-registry-paper", CORPUS / "ctgov-api-v2-json-bulk"]
    run = read_inputs(folders, _cfg())
    rules = {k: r for k, r in load_rules().items() if r.scope in ("corpus", "publication")}
    index = CorpusIndex()
    for t in run.trials:
        index.add_trial(t)
    for p in run.publications:
        index.add_publication(p)
    components = index.components()
    by_key = {(t.source, t.id, t.rendering): t for t in run.trials}
    assert sum(len(c.keys) for c in components) < len(run.trials) / 2     # most records link to nothing
    assert [c.papers for c in components].count(True) == 1 and components[0].papers
    sizes = index.sizes()
    parts = []
    for c in components:
        ctx = Context(_cfg(), TODAY, [by_key[k] for k in c.keys], run.publications if c.papers else [],
                      link_sizes=sizes)
        parts += run_checks(ctx, rules, scopes=("corpus", "publication"))
    every = run_checks(Context(_cfg(), TODAY, run.trials, run.publications), rules, scopes=("corpus", "publication"))
    assert {f.rule for f in every} >= {"XSRC001", "XSRC002", "PUB001"}, "the comparison would prove little"
    assert sorted(f.to_dict().__repr__() for f in every) == sorted(f.to_dict().__repr__() for f in parts)
    kadia = [f for f in every if f.rule == "XSRC002" and f.record == "NCT01515527"]
    assert kadia and all(f.related == ["NCT04874480"] for f in kadia)


def test_run_wide_group_sizes_bound_links_in_a_component():
    # Three records name one registry id not in the run; over a group limit of 2 they link to nothing, also when a
    # component holds only two of them (the run-wide count decides, not the component's).
    from auditor.linking import LinkIndex, LinkSizes
    from auditor.model import Field
    trials = []
    for i in range(3):
        t = read_inputs([CORPUS / "ctgov-api-v2-json" / "NCT00465816.json"], _cfg()).trials[0]
        t.id = f"NCT9000000{i}"
        t.secondary_ids = [Field("ISRCTN12345678", "ISRCTN12345678")]
        t.lead_sponsor = None
        trials.append(t)
    two = {t.id: [t] for t in trials[:2]}
    assert [(a, b) for a, b, _ in LinkIndex(two).record_links()] == [("NCT90000000", "NCT90000001")]
    old = LinkIndex.MAX_TEAM_GROUP
    LinkIndex.MAX_TEAM_GROUP = 2
    try:
        assert LinkIndex(two).record_links()
        assert LinkIndex(two, LinkSizes({"ISRCTN12345678": 3}, {})).record_links() == []
    finally:
        LinkIndex.MAX_TEAM_GROUP = old


def test_one_file_of_many_studies_streams(tmp_path):
    # A JSON Lines file of 3,000 studies (copies of a real v2 record under new ids) is read one
    # study at a time; the summary counts every study.
    src = json.loads((CORPUS / "ctgov-api-v2-json" / "NCT00465816.json").read_text())
    lines = []
    for i in range(3000):
        src["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{i:07d}"
        lines.append(json.dumps(src))
    big = tmp_path / "many.jsonl"
    big.write_text("\n".join(lines) + "\n")
    result = audit([big], _cfg())
    assert result["summary"]["records"] == 3000
    assert result["files"] == [{"source": pipeline.display_path(big), "format": "ctgov-v2-json", "records": 3000}]


def test_linked_studies_of_a_stream_read_again_alone(tmp_path, monkeypatch):
    # Two records of one team (official 'Tapan Kadia, MD' / 'Tapan M Kadia', one sponsor, one product
    # class) in an API page among others: kept or read again by their offsets, the same result.
    bulk = CORPUS / "ctgov-api-v2-json-bulk"
    names = ["NCT01515527", "NCT00007696", "NCT04874480", "NCT05326516"]
    page = {"studies": [orjson.loads((bulk / f"{n}.json").read_bytes()) for n in names], "nextPageToken": "x"}
    path = tmp_path / "page.json"
    path.write_bytes(orjson.dumps(page, option=orjson.OPT_INDENT_2))
    kept = audit([path], _cfg())
    monkeypatch.setattr(pipeline, "RETAIN", 0)
    from auditor.readers import stream
    read = []
    real = stream.read_again

    def spy(path, shown, source, origins, max_bytes):
        read.append(origins)
        return real(path, shown, source, origins, max_bytes)
    monkeypatch.setattr(stream, "read_again", spy)
    again = audit([path], _cfg())
    assert orjson.dumps(kept) == orjson.dumps(again)
    assert [f["related"] for f in kept["findings"] if f["rule"] == "XSRC002"][:1] == [["NCT04874480"]]
    assert len(read) == 1 and len(read[0]) == 2          # only the two linked studies, each by its offset


def test_linked_members_of_a_zip_read_again(tmp_path, monkeypatch):
    import zipfile
    bulk = CORPUS / "ctgov-api-v2-json-bulk"
    path = tmp_path / "bulk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in ["NCT01515527", "NCT00007696", "NCT04874480"]:
            z.writestr(f"ctg-studies/{n}.json", (bulk / f"{n}.json").read_bytes())
    kept = audit([path], _cfg())
    monkeypatch.setattr(pipeline, "RETAIN", 0)
    again = audit([path], _cfg())
    assert orjson.dumps(kept) == orjson.dumps(again)
    (f, *_) = [f for f in kept["findings"] if f["rule"] == "XSRC002"]
    assert f["record"] == "NCT01515527" and f["related"] == ["NCT04874480"]
    assert {e["source"] for e in f["evidence"]} == {pipeline.display_path(path) + "!ctg-studies/NCT01515527.json",
                                                    pipeline.display_path(path) + "!ctg-studies/NCT04874480.json"}
