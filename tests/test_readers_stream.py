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
