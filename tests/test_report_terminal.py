"""The terminal summary (rich on a terminal, plain when piped) and the lazy progress line."""
from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console

from auditor.report import terminal
from report_samples import sample_run


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_summary_names_the_gate_failures():
    result, _ = sample_run()
    lines = terminal.plain_lines(result, [Path("out/audit.json")])
    assert lines[0] == ("trial-audit: FAIL (fail-on error): 2 records, 1 document, 4 findings "
                        "(2 error, 2 warning, 0 info; 1 waived)")
    assert lines[1] == "  top rules: AGE001 (1), INPUT001 (1), TYPO001 (1), XSS001 (1)"
    assert lines[2] == "  failing the gate (2):"
    assert lines[3].startswith("    records/NCT01234567.txt:250: error AGE001: Stated age limits 18-70 years")
    assert lines[4].startswith("    records/broken.json: error INPUT001: records/broken.json could not be audited")
    assert lines[-1] == "  wrote out/audit.json"


def test_print_summary_plain_quiet_and_rich(capsys, monkeypatch):
    result, _ = sample_run()
    terminal.print_summary(result, [Path("r/audit.json")], quiet=True)
    assert capsys.readouterr().out.splitlines() == [terminal.verdict_line(result)]
    terminal.print_summary(result, [Path("r/audit.json")])     # captured stdout is not a terminal
    out = capsys.readouterr().out
    assert "failing the gate (2):" in out and "\x1b[" not in out
    tty = _Tty()
    monkeypatch.setattr(terminal.sys, "stdout", tty)
    monkeypatch.setattr(terminal, "_rich_summary",
                        lambda r, w: tty.write("RICH " + r["run"]["gate"]))
    terminal.print_summary(result, [])
    assert tty.getvalue() == "RICH fail"


def test_rich_summary_content():
    result, _ = sample_run()
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, width=120, color_system=None)
    terminal._rich_summary(result, [Path("reports/audit.html")], con)
    text = buf.getvalue()
    assert " FAIL " in text and "fail-on error · 2 records · 1 document · 4 files" in text
    assert "error" in text and "warning" in text and "waived" in text
    assert "top rules" in text and "Stated age limits disagree with the criteria" in text
    assert "failing the gate (2):" in text
    assert "  AGE001  records/NCT01234567.txt:250\n    Stated age limits 18-70 years" in text
    assert "wrote reports/audit.html" in text


def test_progress_is_off_in_ci_and_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(terminal.sys, "stderr", _Tty())
    monkeypatch.setenv("CI", "true")
    assert terminal.progress_wanted(True) is False
    monkeypatch.delenv("CI")
    assert terminal.progress_wanted(True) is True
    assert terminal.progress_wanted(False) is False
    monkeypatch.setattr(terminal.sys, "stderr", io.StringIO())
    assert terminal.progress_wanted(True) is False
    with terminal.progress_reporter(True) as progress:
        progress("a.json")                       # callable, draws nothing
    assert terminal.sys.stderr.getvalue() == ""


def test_progress_appears_only_after_the_delay(monkeypatch):
    err = _Tty()
    monkeypatch.setattr(terminal.sys, "stderr", err)
    monkeypatch.delenv("CI", raising=False)
    with terminal.progress_reporter(True, delay=60) as progress:
        for i in range(50):
            progress(f"file{i}.json")
        assert progress.bar is None and progress.count == 50      # a short run stays silent
    assert err.getvalue() == ""
    with terminal.progress_reporter(True, delay=0.05) as progress:
        progress("first.json")
        time.sleep(0.06)
        progress("records/second.json")
        assert progress.bar is not None
        task = progress.bar.tasks[0]
        assert (task.description, task.completed, task.fields["note"]) == ("reading files", 2, "records/second.json")
    assert progress.bar.live.is_started is False                  # stopped on exit


def test_plurals_in_the_verdict():
    result, _ = sample_run()
    result["summary"].update(records=1, documents=1, findings=1)
    assert "1 record, 1 document, 1 finding (" in terminal.verdict_line(result)
    result["summary"].update(records=0, documents=2, findings=1234)
    assert "0 records, 2 documents, 1,234 findings (" in terminal.verdict_line(result)
