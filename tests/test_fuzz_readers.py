"""Fuzzing each reader with mutated real records (hypothesis: byte flips, truncation, field deletion,
type swaps). Bounded to a few seconds per reader; scripts/fuzz_readers.py is the long run.
Asserted: no exception escapes, every file is accounted for (records or an input finding), no Python
exception text reaches a finding, and a good file beside the bad ones is still audited."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import Config
from auditor.context import Context
from auditor.model import InputProblem, Publication, Trial
from auditor.pipeline import audit, run_checks
from auditor.readers.detect import read_bytes
from auditor.rules import load_rules
from fuzz_mutations import SOURCES, files, mutate

READERS = sorted(SOURCES)
_FILES = {r: files(r, 40) for r in READERS}
_RULES = {k: r for k, r in load_rules().items() if r.scope == "record"}
_CFG = Config(today=dt.date(2025, 1, 1))


def _check_one(reader: str, index: int, seed: int, kind: str) -> None:
    src = _FILES[reader][index % len(_FILES[reader])]
    _kind, data = mutate(src.read_bytes(), random.Random(seed), kind)
    items = list(read_bytes(data, "m.txt"))
    assert items, "a file must give records or an input problem"
    for it in items:
        assert isinstance(it, (Trial, Publication, InputProblem))
        if isinstance(it, InputProblem):
            assert "Error:" not in it.reason and "Traceback" not in it.reason, it.reason
    recs = [i for i in items if not isinstance(i, InputProblem)]
    ctx = Context(config=_CFG, today=_CFG.today, trials=[i for i in recs if isinstance(i, Trial)],
                  publications=[i for i in recs if isinstance(i, Publication)])
    found = run_checks(ctx, _RULES, scopes=("record",))
    crashed = [f.message for f in found if f.rule == "INPUT002"]
    assert not crashed, crashed


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(index=st.integers(0, 39), seed=st.integers(0, 2 ** 32),
       kind=st.sampled_from(["flip", "truncate", "delete", "swap"]))
def test_reader_survives_mutations(reader, index, seed, kind):
    _check_one(reader, index, seed, kind)


def test_good_files_beside_mutated_ones_are_audited(tmp_path):
    rnd = random.Random(14)
    names = []
    for reader in READERS:
        for i in range(3):
            src = _FILES[reader][i]
            _k, data = mutate(src.read_bytes(), rnd)
            name = f"{reader}-{i}{src.suffix}"
            (tmp_path / name).write_bytes(data)
            names.append(name)
    good = _FILES["ctgov-v2-json"][10]
    (tmp_path / "good.json").write_bytes(good.read_bytes())
    r = audit([tmp_path], _CFG)
    listed = {f["source"].rsplit("/", 1)[-1]: f for f in r["files"]}
    assert sorted(listed) == sorted(names + ["good.json"])
    assert listed["good.json"]["records"] == 1 and listed["good.json"]["format"] == "ctgov-v2-json"
    unreadable = {f["record"].rsplit("/", 1)[-1] for f in r["findings"] if f["rule"] == "INPUT001"}
    for name, row in listed.items():
        assert row["records"] > 0 or name in unreadable, row
    assert not [f for f in r["findings"] if f["rule"] == "INPUT002"]
