"""The Python API for notebooks and scripts:

    from auditor import audit
    res = audit(["records/"], today="2026-11-23")
    res.passed, res.summary
    res.findings            # pandas DataFrame, one row per finding
    res.tables["trials"]    # the canonical tables (trials, arms, interventions, criteria, sites, outcomes,
                            # analyses, documents), each value with its _line
    res.json                # the same dict the CLI writes as audit.json; res.to_json() gives its bytes

It runs the same pipeline as `trial-audit audit`, with the same config resolution (a config.yaml path,
a Config, or None for ./config.yaml when present), and never prints, writes or exits."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .config import Config, load_config

if TYPE_CHECKING:
    import pandas as pd

FINDING_COLUMNS = ("rule", "category", "severity", "record", "message", "source", "line", "waived", "baseline",
                   "related", "fields", "values", "fingerprint")


@dataclass
class AuditResult:
    json: dict[str, Any]
    paths: list[Path]
    config: Config = field(repr=False)

    @property
    def passed(self) -> bool:
        return self.json["run"]["gate"] == "pass"

    @property
    def exit_code(self) -> int:
        """What `trial-audit audit` would exit with: 0 pass, 1 gate failed, 2 nothing was read."""
        from .gate import empty_message
        if empty_message(self.json) is not None:
            return 2
        return 0 if self.passed else 1

    @property
    def summary(self) -> dict[str, Any]:
        return self.json["summary"]

    def to_json(self) -> bytes:
        """The bytes the CLI writes to audit.json for the same run."""
        from .report.json_out import dumps
        return dumps(self.json)

    @cached_property
    def findings(self) -> "pd.DataFrame":
        """One row per finding; `source`/`line` are those of its first evidence with a line."""
        import pandas as pd
        rows = []
        for f in self.json["findings"]:
            ev = next((e for e in f["evidence"] if e.get("line")), f["evidence"][0] if f["evidence"] else {})
            rows.append({"rule": f["rule"], "category": f["category"], "severity": f["severity"],
                         "record": f["record"], "message": f["message"], "source": ev.get("source"),
                         "line": ev.get("line"), "waived": f.get("waived"), "baseline": f.get("baseline"),
                         "related": f["related"], "fields": f["fields"], "values": f.get("values", {}),
                         "fingerprint": f["fingerprint"]})
        df = pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))
        df["line"] = pd.array(df["line"].tolist(), dtype="Int64")
        return df

    @cached_property
    def tables(self) -> dict[str, "pd.DataFrame"]:
        """The canonical tables of every record read (the inputs are read again on first use)."""
        from .pipeline import read_inputs
        from .tables import build_tables
        run = read_inputs(self.paths, self.config)
        return build_tables(run.trials, run.publications)


def audit(paths: str | Path | Iterable[str | Path] | None = None, *, config: str | Path | Config | None = None,
          fail_on: str | None = None, baseline: str | Path | dict | None = None,
          today: str | dt.date | None = None) -> AuditResult:
    """Audit files or folders (default: the bundled examples) and return an AuditResult.
    Raises ConfigError for a bad config, BaselineError for a bad baseline, ValueError for a bad argument."""
    from .pipeline import EXAMPLES, audit as run_audit
    if paths is None:
        targets = [EXAMPLES]
    elif isinstance(paths, (str, Path)):
        targets = [Path(paths)]
    else:
        targets = [Path(p) for p in paths]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        raise ValueError(f"no such file or folder: {', '.join(missing)}")
    if isinstance(config, Config):
        cfg = config
    else:
        chosen = config if config is not None else ("config.yaml" if Path("config.yaml").is_file() else None)
        cfg = load_config(chosen)
    if today is not None:
        cfg.today = today if isinstance(today, dt.date) else dt.date.fromisoformat(str(today))
    fail_on = fail_on or str(cfg.raw.get("fail_on", "error"))
    if fail_on not in ("error", "warning", "info", "never"):
        raise ValueError(f"fail_on must be error, warning, info or never, not {fail_on!r}")
    base = baseline
    if isinstance(baseline, (str, Path)):
        from .baseline import load_baseline
        base = load_baseline(baseline)
    result = run_audit(targets, cfg, fail_on=fail_on, baseline=base)
    return AuditResult(json=result, paths=targets, config=cfg)
