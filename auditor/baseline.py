"""--baseline PREVIOUS.json: mark each finding new or unchanged against an earlier audit.json, and list the
earlier findings that are gone. A finding is the same when its rule, record and fingerprint match; the
fingerprint ignores line numbers, so edits elsewhere in a file do not make old findings look new."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import orjson

from .findings import Finding

MAX_BYTES = 2_000_000_000


class BaselineError(Exception):
    """The baseline file is not an audit.json this tool wrote."""


def load_baseline(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise BaselineError(f"baseline {p} is larger than {MAX_BYTES // 1_000_000} MB")
        data = orjson.loads(p.read_bytes())
    except OSError as e:
        raise BaselineError(f"cannot read baseline {p}: {e.strerror or e}") from e
    except orjson.JSONDecodeError as e:
        raise BaselineError(f"baseline {p} is not valid JSON ({e}); pass an audit.json from an earlier run") from e
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline {p} is not an audit.json: it has no 'findings' list")
    for i, f in enumerate(data["findings"]):
        if not isinstance(f, dict) or not all(isinstance(f.get(k), str) for k in ("rule", "record", "fingerprint")):
            raise BaselineError(f"baseline {p}: finding #{i + 1} lacks a rule, record or fingerprint; "
                                "pass an audit.json from an earlier run")
    return data


def _key(rule: str, record: str, fingerprint: str) -> tuple[str, str, str]:
    return (rule, record, fingerprint)


def mark_baseline(findings: Iterable[Finding], baseline: dict[str, Any], config: Any = None) -> list[dict[str, Any]]:
    """Set Finding.baseline to 'new' or 'unchanged' (and baseline_severity when the config re-levelled it
    since); return the baseline's findings no longer present, each with a status: 'disabled' when the
    config now turns its rule off (not fixed, only unchecked), else 'resolved'."""
    before = {_key(f["rule"], f["record"], f["fingerprint"]): f for f in baseline["findings"]}
    now: set[tuple[str, str, str]] = set()
    for f in findings:
        k = _key(f.rule, f.record, f.fingerprint())
        old = before.get(k)
        f.baseline = "unchanged" if old is not None else "new"
        if old is not None and old.get("severity") not in (None, f.severity):
            f.baseline_severity = old["severity"]
        now.add(k)
    return gone(before, now, config)


def mark_baseline_dicts(findings: list[dict[str, Any]], baseline: dict[str, Any], config: Any = None) -> list[dict]:
    """mark_baseline on findings as written in an audit.json (`trial-audit gate`)."""
    before = {_key(f["rule"], f["record"], f["fingerprint"]): f for f in baseline["findings"]}
    now: set[tuple[str, str, str]] = set()
    for f in findings:
        k = _key(f["rule"], f["record"], f["fingerprint"])
        old = before.get(k)
        f["baseline"] = "unchanged" if old is not None else "new"
        f.pop("baseline_severity", None)
        if old is not None and old.get("severity") not in (None, f["severity"]):
            f["baseline_severity"] = old["severity"]
        now.add(k)
    return gone(before, now, config)


def gone(before: dict[tuple, dict[str, Any]], now: set[tuple], config: Any = None) -> list[dict[str, Any]]:
    out = []
    for k in sorted(set(before) - now):
        old = {key: v for key, v in before[k].items() if key not in ("baseline", "baseline_severity", "status")}
        off = config is not None and not config.enabled(old["rule"], str(old.get("category", "")))
        old["status"] = "disabled" if off else "resolved"
        out.append(old)
    return out
