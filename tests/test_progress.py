"""The staged progress display: stages with totals and an estimate on a terminal; nothing in CI, when piped
or with --quiet; the pipeline reports every stage."""
from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from auditor import progress as prog
from auditor.config import Config
from auditor.pipeline import audit
from conftest import SEEDS


class Recorder:
    """What the pipeline reports, in order."""

    def __init__(self):
        self.events: list[tuple] = []

    def __call__(self, source):
        self.events.append(("file", source))

    def stage(self, name, total):
        self.events.append(("stage", name, total))

    def advance(self, name, n=1):
        self.events.append(("advance", name, n))


def test_pipeline_reports_reading_checking_suites_and_cross_record():
    rec = Recorder()
    audit([SEEDS], Config(raw={"expectations_dir": None}), progress=rec)
    files = [e[1] for e in rec.events if e[0] == "file"]
    assert len(files) == 5 and all(f.startswith("examples/") for f in files)
    stages = [e[1:] for e in rec.events if e[0] == "stage"]
    # The five seed files hold 5 registry renderings (checked by the record rules) and 1 paper (checked with
    # the cross-record rules, where the records it cites are at hand).
    assert stages[0] == ("checking", 5) and stages[1] == ("suites", 1) and stages[2][0] == "cross-record"
    done = {}
    for e in rec.events:
        if e[0] == "advance":
            done[e[1]] = done.get(e[1], 0) + e[2]
    assert done["checking"] == 5 and done["suites"] == 1 and done["cross-record"] == stages[2][1]


def test_display_shows_stages_totals_and_estimates():
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, width=140, color_system=None)
    p = prog.StageProgress(total_files=4, delay=0, console=con)
    for i in range(4):
        p(f"records/NCT0000000{i}.json")
    p.stage("checking", 10)
    p.advance("checking", 4)
    p.bar.refresh()
    p.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buf.getvalue())
    assert "reading files" in text and "4/4" in text and "records/NCT00000003.json" in text
    assert "checking records" in text and "4/10" in text and "left" in text
    assert p.tasks.keys() == {"reading", "checking"}


def test_silent_in_ci_when_piped_and_quiet(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.setattr(prog.sys, "stderr", Tty())
    monkeypatch.setenv("CI", "true")
    assert prog.wanted(True) is False
    monkeypatch.delenv("CI")
    assert prog.wanted(True) is True and prog.wanted(False) is False     # --quiet
    with prog.progress_reporter(True, delay=0, paths=[Path(SEEDS)]) as p:
        assert isinstance(p, prog.StageProgress) and p.state["reading"]["total"] == 5
    monkeypatch.setattr(prog.sys, "stderr", io.StringIO())
    with prog.progress_reporter(True, delay=0) as p:
        p("a.json")
        assert not isinstance(p, prog.StageProgress)
    assert prog.sys.stderr.getvalue() == ""
