"""audit.json: the stable output contract. Byte-identical for the same input."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


def dumps(result: dict[str, Any]) -> bytes:
    return orjson.dumps(result, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def write_json(result: dict[str, Any], out_dir: Path) -> Path:
    path = out_dir / "audit.json"
    path.write_bytes(dumps(result))
    return path
