"""JSON Lines of API v2 studies are read from disk one line at a time: the same records as reading
the whole file, and the size limit applies to each study, not to the stream."""
from __future__ import annotations

import orjson

from auditor.model import InputProblem, Trial
from auditor.readers import read_file
from auditor.readers.detect import read_bytes
from conftest import CORPUS

V2 = sorted((CORPUS / "ctgov-api-v2-json-bulk").glob("NCT*.json"))[:6]


def _jsonl(tmp_path, extra: bytes = b""):
    lines = [orjson.dumps(orjson.loads(p.read_bytes())) for p in V2]
    path = tmp_path / "studies.jsonl"
    path.write_bytes(b"\n".join(lines[:3]) + b"\n{not json\n\n" + b"\n".join(lines[3:]) + b"\n" + extra)
    return path, lines


def _key(item):
    if isinstance(item, InputProblem):
        return ("problem", item.reason, item.line)
    return ("trial", item.id, item.rendering, item.brief_title.value if item.brief_title else None,
            item.brief_title.loc.line if item.brief_title else None, item.overall_status and item.overall_status.value)


def test_streamed_lines_equal_the_whole_file_read(tmp_path, monkeypatch):
    path, lines = _jsonl(tmp_path)
    whole = [_key(x) for x in read_bytes(path.read_bytes(), "studies.jsonl")]
    import auditor.readers.jsonpos as jsonpos
    calls = []
    real = jsonpos.stream_lines

    def spy(*a):
        calls.append(1)
        return real(*a)
    monkeypatch.setattr("auditor.readers.ctgov_v2.stream_lines", spy)
    streamed = [_key(x) for x in read_file(path, "studies.jsonl", 10 ** 9)]
    assert calls == [1]                                  # the streaming path was taken
    assert streamed == whole
    assert [k[0] for k in streamed] == ["trial"] * 3 + ["problem"] + ["trial"] * 3
    assert streamed[3][1].startswith("not valid JSON on line 4 of a JSON Lines file") and streamed[3][2] == 4
    # the 4th study sits on line 6 of the file (after the bad line and the blank one)
    assert streamed[4][1] == orjson.loads(lines[3])["protocolSection"]["identificationModule"]["nctId"]
    assert streamed[4][4] == 6


def test_size_limit_applies_per_study(tmp_path):
    biggest = max(len(orjson.dumps(orjson.loads(p.read_bytes()))) for p in V2)
    limit = biggest + 1000                   # every real study fits; the whole file does not
    title = b"x" * (limit + 5000)
    long_line = b'{"protocolSection": {"identificationModule": {"nctId": "NCT99999999", "briefTitle": "' + title + \
        b'"}}}\n'
    path, _ = _jsonl(tmp_path, long_line)
    assert path.stat().st_size > 3 * limit
    items = list(read_file(path, "studies.jsonl", limit))
    assert len([x for x in items if isinstance(x, Trial)]) == 6
    [over] = [x for x in items if isinstance(x, InputProblem) and "over the" in x.reason]
    assert over.line == 9 and over.reason.startswith("line 9 of a JSON Lines file is over the")


# -- JSON arrays, API pages and zip files of studies (auditor/readers/stream.py) --------------------

def _full(item):
    """Everything a reader gives, positions included (the stream's own bookkeeping left out)."""
    if isinstance(item, Trial):
        item.origin = None
    return repr(item)


def _studies():
    return [orjson.loads(p.read_bytes()) for p in V2]


def test_array_and_page_stream_equal_the_whole_file_read(tmp_path, monkeypatch):
    import auditor.readers.stream as stream
    monkeypatch.setattr(stream, "CHUNK", 4096)       # many windows: documents and strings cut across them
    docs = _studies()
    shapes = {
        "indented.json": orjson.dumps(docs, option=orjson.OPT_INDENT_2),
        "one-line.json": orjson.dumps(docs),          # columns count from the start of the one line
        "page.json": orjson.dumps({"totalCount": 6, "studies": docs, "nextPageToken": "NF0g5JOEkA"},
                                  option=orjson.OPT_INDENT_2),
        "bom.json": b"\xef\xbb\xbf" + orjson.dumps({"studies": docs}),
    }
    for name, data in shapes.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert stream.stream_kind(data[:65536]) in ("array", "page")
        whole = [_full(x) for x in read_bytes(data, name)]
        streamed = [_full(x) for x in read_file(path, name, 10 ** 9)]
        assert len(whole) == 6 and streamed == whole, name


def test_stream_size_limit_is_per_study(tmp_path):
    # The array is over the limit, every study in it is under: all are read. Then one study over it.
    data = orjson.dumps(_studies())
    limit = max(len(orjson.dumps(d)) for d in _studies()) + 10
    assert len(data) > 2 * limit
    path = tmp_path / "big.json"
    path.write_bytes(data)
    items = list(read_file(path, "big.json", limit))
    assert [x.id for x in items] == [d["protocolSection"]["identificationModule"]["nctId"] for d in _studies()]
    sizes = [len(orjson.dumps(d)) for d in _studies()]
    biggest = sizes.index(max(sizes))
    items = list(read_file(path, "big.json", limit - 20))      # now the biggest study is over the limit
    assert [type(x).__name__ for x in items] == ["Trial"] * biggest + ["InputProblem"]
    assert items[-1].line == 1 and "is over the" in items[-1].reason


def test_a_bad_study_in_an_array_is_reported_and_the_rest_read(tmp_path):
    docs = [orjson.dumps(d, option=orjson.OPT_INDENT_2) for d in _studies()]
    broken = docs[2].replace(b'"protocolSection": {', b'"protocolSection": {,', 1)   # a stray comma
    data = b"[\n" + b",\n".join(docs[:2] + [broken] + docs[3:]) + b"\n]\n"
    path = tmp_path / "array.json"
    path.write_bytes(data)
    items = list(read_file(path, "array.json", 10 ** 9))
    problems = [x for x in items if isinstance(x, InputProblem)]
    trials = [x for x in items if isinstance(x, Trial)]
    line = data[:data.index(broken)].count(b"\n") + 1        # the bad study's first line
    assert len(trials) == 5 and len(problems) == 1
    assert problems[0].source == "array.json" and problems[0].line == line
    assert f"in the study document at line {line}" in problems[0].reason


def test_a_broken_off_array_keeps_the_studies_before(tmp_path):
    docs = [orjson.dumps(d, option=orjson.OPT_INDENT_2) for d in _studies()]
    data = b"[\n" + b",\n".join(docs) + b"\n"
    path = tmp_path / "cut.json"
    path.write_bytes(data[:-len(docs[-1]) // 2])           # cut inside the last study
    items = list(read_file(path, "cut.json", 10 ** 9))
    assert [type(x).__name__ for x in items] == ["Trial"] * 5 + ["InputProblem"]
    assert "the studies before it were read" in items[-1].reason


def test_zip_file_is_read_member_by_member(tmp_path, monkeypatch):
    import zipfile

    from auditor.readers import detect
    path = tmp_path / "bulk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for p in V2:
            z.writestr(f"ctg-studies/{p.name}", p.read_bytes())
        z.writestr("ctg-studies/broken.json", b'{"protocolSection": ')
    # A zip on disk is never read whole (the file limit does not apply to it, only to each member) and
    # may hold more members than an archive read in memory.
    monkeypatch.setattr(detect, "_MAX_ZIP_MEMBERS", 3)
    items = list(read_file(path, "bulk.zip", max(p.stat().st_size for p in V2) + 10))
    trials = [x for x in items if isinstance(x, Trial)]
    assert [t.source for t in trials] == [f"bulk.zip!ctg-studies/{p.name}" for p in V2]
    (bad,) = [x for x in items if isinstance(x, InputProblem)]
    assert bad.source == "bulk.zip!ctg-studies/broken.json" and bad.reason.startswith("not valid JSON")
    monkeypatch.setattr(detect, "_MAX_STREAM_MEMBERS", 3)
    (refused,) = list(read_file(path, "bulk.zip", 10 ** 9))
    assert refused.reason == "zip archive holds 7 files, more than 3"


def test_a_streamed_study_is_read_again_alone(tmp_path):
    from auditor.readers.stream import read_again
    path = tmp_path / "page.json"
    path.write_bytes(orjson.dumps({"studies": _studies()}, option=orjson.OPT_INDENT_2))
    first = [x for x in read_file(path, "page.json", 10 ** 9) if isinstance(x, Trial)]
    again = list(read_again(path, "page.json", "page.json", [first[4].origin], 10 ** 9))
    assert [x.id for x in again] == [first[4].id]
    assert _full(again[0]) == _full(first[4])
