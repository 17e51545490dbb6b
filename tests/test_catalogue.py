"""`rules`, `explain` and `--help` answer from the rule catalogue without importing the data stack,
and list exactly what importing every rule family registers."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from auditor import catalogue
from auditor.rules import load_rules
from conftest import REPO

HEAVY = ("pandas", "numpy", "scipy", "pandera", "jinja2", "great_expectations", "spylls", "spellchecker", "checks.typo")


def _fields(rules):
    return {k: (r.id, r.category, r.severity, r.title, r.scope, r.docs, r.module) for k, r in rules.items()}


def test_catalogue_lists_what_the_registry_holds():
    assert _fields(catalogue.rules()) == _fields(load_rules())
    assert len(load_rules()) >= 78


def test_a_changed_module_is_imported_instead_of_read_from_the_catalogue(tmp_path, monkeypatch):
    stored = json.loads(catalogue.PATH.read_text())
    stored["checks.age_limits"]["hash"] = "stale"
    stored["checks.age_limits"]["rules"][0]["title"] = "an outdated title"
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(stored))
    monkeypatch.setattr(catalogue, "PATH", path)
    rules = catalogue.rules()
    assert rules["AGE001"].title == "Stated age limits disagree with the ages in the eligibility criteria"
    assert rules["AGE001"].func is not None          # imported, not read
    assert rules["AGE002"].func is not None and rules["DOSE001"].func is None
    assert _fields(rules) == _fields(load_rules())


def _imported_by(*argv: str) -> tuple[str, list[str]]:
    code = ("import sys\nfrom auditor.cli import main\nsys.argv = ['trial-audit', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, cwd=REPO,
                         check=True).stdout
    heavy = json.loads(out.rsplit("HEAVY ", 1)[1].replace("'", '"'))
    return out, heavy


def test_rules_explain_and_help_do_not_import_the_data_stack():
    out, heavy = _imported_by("rules")
    assert heavy == [] and "AGE001     age-limits" in out and "TYPO001" in out
    out, heavy = _imported_by("explain", "STAT001")
    assert heavy == [] and "defined in: " in out and out.split("defined in: ")[1].split()[0].endswith(
        "checks/statistics_ci.py")
    out, heavy = _imported_by("--help")
    assert heavy == [] and "audit" in out


def test_the_shipped_catalogue_is_current():
    """Every rule module's stored hash matches its source: a rule added or edited without
    `python -m auditor.catalogue` would make `rules` and `explain` import the families again."""
    import json as _json

    from auditor import catalogue
    stored = _json.loads(catalogue.PATH.read_text(encoding="utf-8"))
    salt = catalogue._salt()
    stale = [m for m in catalogue.modules() if (stored.get(m) or {}).get("hash") != catalogue._digest(m, salt)]
    assert stale == [], f"run `python -m auditor.catalogue`; stale: {stale}"
