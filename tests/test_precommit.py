"""The pre-commit hook, run by the real pre-commit against a snapshot of this working tree.

pre-commit installs the hook into its own virtualenv from PyPI (about 1.5 minutes). `try-repo` always
installs into a throw-away store, so it runs once; the other cases use `pre-commit run` with a store kept
in pytest's cache, reused while the code is unchanged (the snapshot commit is deterministic)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import pytest

from auditor import __version__
from conftest import CORPUS, REPO

GOOD = CORPUS / "ctgov-api-v2-json" / "NCT01525901.json"     # ages 5-12 years, no error findings
TAG = f"v{__version__}"
TIMEOUT = 1200
STALE_SECONDS = 1800     # an older snapshot's environment is dropped once no run can still use it
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2000-01-01T00:00:00+0000",
           "GIT_COMMITTER_DATE": "2000-01-01T00:00:00+0000"}


def _pre_commit() -> str:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    if not Path(exe).exists():
        pytest.fail("pre-commit is a test dependency: pip install -e '.[test]'")
    return exe


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_ENV)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=_env(), check=True, capture_output=True, text=True).stdout


def _snapshot(base: Path) -> tuple[Path, str]:
    """Commit the working tree (tracked and new files, .gitignore respected) into base/hookrepo-<commit>.
    The commit is deterministic, so an unchanged tree maps to the same folder and the same installed hook;
    building aside and renaming keeps concurrent test runs from pulling a folder from under each other."""
    tmp = Path(tempfile.mkdtemp(dir=base, prefix="building-"))
    files = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in sorted(f for f in files if f):
        src = REPO / name
        if src.is_file():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, tmp / name)
    _git(tmp, "init", "-q")
    _git(tmp, "add", "-A")
    _git(tmp, "commit", "-q", "-m", "snapshot")
    _git(tmp, "tag", TAG)              # the release tag the README's snippet names
    rev = _git(tmp, "rev-parse", "HEAD").strip()
    dest = base / f"hookrepo-{rev[:12]}"
    try:
        tmp.rename(dest)
    except OSError:                     # already there from an earlier run of the same tree
        shutil.rmtree(tmp)
    return dest, rev


def _forget_old(base: Path, keep: str) -> None:
    """Snapshots and configs of older trees, once no run can still be using them; `pre-commit gc` then
    drops their installed environments (hundreds of MB each)."""
    cutoff = time.time() - STALE_SECONDS
    for p in list(base.glob("hookrepo-*")) + list(base.glob("config-*.yaml")) + list(base.glob("building-*")):
        if keep not in p.name and p.stat().st_mtime < cutoff:
            shutil.rmtree(p) if p.is_dir() else p.unlink()


@pytest.fixture(scope="module")
def hook(request) -> tuple[Path, str, Path]:
    """(hook repository, commit, pre-commit home) in pytest's cache, so installs are reused."""
    base = Path(request.config.cache.mkdir("trial-audit-precommit"))
    repo, rev = _snapshot(base)
    return repo, rev, base / "home"


@pytest.fixture
def records(tmp_path) -> Path:
    """A git repository holding a good record, a bad copy (minimum age above maximum), an empty file."""
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    (work / "good.json").write_bytes(GOOD.read_bytes())
    doc = orjson.loads(GOOD.read_bytes())
    elig = doc["protocolSection"]["eligibilityModule"]
    assert (elig["minimumAge"], elig["maximumAge"]) == ("5 Years", "12 Years")
    elig["minimumAge"] = "15 Years"
    (work / "bad.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    (work / "empty.json").write_text("")
    (work / "notes.md").write_text("# not a record\n")
    _git(work, "add", "-A")
    return work


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=TIMEOUT)


def test_hook_manifest_is_what_pre_commit_reads():
    from pre_commit.clientlib import load_manifest
    (hook_def,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook_def["id"] == "trial-audit" and hook_def["language"] == "python"
    assert hook_def["entry"] == "trial-audit audit --format json --out .trial-audit"
    assert hook_def["pass_filenames"] is True and hook_def["require_serial"] is True


def test_try_repo_fails_on_the_bad_records_only(hook, records):
    repo, _, _ = hook
    res = _run([_pre_commit(), "try-repo", str(repo), "trial-audit", "--files",
                "good.json", "bad.json", "empty.json"], records)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "trial-audit" in out and "Failed" in out
    failing = out.split("failing the gate", 1)[1]
    assert "bad.json:" in failing
    assert "empty.json: error INPUT001: empty.json could not be audited: the file is empty." in failing
    assert "good.json" not in failing
    assert (records / ".trial-audit" / "audit.json").is_file()


def _config(hook: tuple[Path, str, Path], cfg: Path, args: list[str] | None = None) -> Path:
    # rev is the release tag, as in the README: the hook installed once serves these tests and the README's.
    repo, _, _ = hook
    lines = ["repos:", f"-   repo: {repo}", f"    rev: {TAG}", "    hooks:", "    -   id: trial-audit"]
    if args:
        lines.append(f"        args: [{', '.join(args)}]")
    cfg.write_text("\n".join(lines) + "\n")
    return cfg


@pytest.fixture(scope="module")
def installed(hook, tmp_path_factory) -> Path:
    """Install the hook once into the cached store; drop environments of older snapshots."""
    repo, rev, home = hook
    cfg = _config(hook, home.parent / f"config-{rev[:12]}.yaml")   # kept: `gc` spares what it names
    work = tmp_path_factory.mktemp("install")
    _git(work, "init", "-q")
    res = _run([_pre_commit(), "install-hooks", "--config", str(cfg)], work, PRE_COMMIT_HOME=str(home))
    assert res.returncode == 0, res.stdout + res.stderr
    _forget_old(home.parent, rev[:12])
    _run([_pre_commit(), "gc"], work, PRE_COMMIT_HOME=str(home))
    return home


def test_good_record_passes(hook, installed, records):
    cfg = _config(hook, records.parent / "cfg.yaml")
    res = _run([_pre_commit(), "run", "--config", str(cfg), "--files", "good.json"], records,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "trial-audit" in res.stdout and "Passed" in res.stdout


def test_bad_record_fails_with_the_age_error(hook, installed, records):
    cfg = _config(hook, records.parent / "cfg.yaml")
    res = _run([_pre_commit(), "run", "--config", str(cfg), "--files", "bad.json"], records,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Failed" in res.stdout and "failing the gate" in res.stdout
    report = orjson.loads((records / ".trial-audit" / "audit.json").read_bytes())
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors and {f["category"] for f in errors} == {"age-limits"}
    assert all(f["record"] == "NCT01525901" for f in errors)


def test_args_and_file_filter(hook, installed, records):
    # The gate level comes from args: with --fail-on never the bad record is reported but passes.
    cfg = _config(hook, records.parent / "cfg.yaml", ["--fail-on", "never"])
    res = _run([_pre_commit(), "run", "--config", str(cfg), "--files", "bad.json"], records,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 0, res.stdout + res.stderr
    # Files outside the hook's pattern are not handed to it.
    cfg = _config(hook, records.parent / "cfg.yaml")
    res = _run([_pre_commit(), "run", "--config", str(cfg), "--files", "notes.md"], records,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 0 and "(no files to check)Skipped" in res.stdout, res.stdout


def _readme_snippet() -> str:
    """The pre-commit configuration the README shows, as written."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    after = text.split("pre-commit (`.pre-commit-config.yaml`", 1)[1]
    return after.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_snippet_works_as_written(hook, installed, tmp_path):
    """The README's snippet, with only its repository URL pointed at this tree's snapshot (tagged like a
    release): the hook audits files under records/ only and fails on the age error."""
    import yaml
    repo, _, _ = hook
    snippet = _readme_snippet()
    (entry,) = yaml.safe_load(snippet)["repos"]
    assert entry["rev"] == TAG and [h["id"] for h in entry["hooks"]] == ["trial-audit"]
    assert entry["repo"] == "https://github.com/<owner>/trial-audit"
    work = tmp_path / "work"
    (work / "records").mkdir(parents=True)
    _git(work, "init", "-q")
    (work / ".pre-commit-config.yaml").write_text(snippet.replace(entry["repo"], str(repo)))
    (work / "records" / "good.json").write_bytes(GOOD.read_bytes())
    doc = orjson.loads(GOOD.read_bytes())
    doc["protocolSection"]["eligibilityModule"]["minimumAge"] = "15 Years"     # above the 12-year maximum
    (work / "records" / "bad.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    (work / "package.json").write_text('{"name": "not a record"}')
    _git(work, "add", "-A")
    res = _run([_pre_commit(), "run", "--files", "records/good.json", "package.json"], work,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 0 and "Passed" in res.stdout, res.stdout + res.stderr
    report = orjson.loads((work / ".trial-audit" / "audit.json").read_bytes())
    assert [f["source"] for f in report["files"]] == ["records/good.json"]      # package.json not handed over
    res = _run([_pre_commit(), "run", "--files", "records/good.json", "records/bad.json"], work,
               PRE_COMMIT_HOME=str(installed))
    assert res.returncode == 1 and "Failed" in res.stdout, res.stdout + res.stderr
    assert "bad.json" in res.stdout.split("failing the gate", 1)[1]
