"""Report writers: each renders the audit result dict; none computes anything.

WRITERS maps a --format name to write(result, out_dir) -> Path | None (None when it writes
to stdout, as `github` does)."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

from .json_out import write_json

FORMATS = ("json", "html", "sarif", "junit", "github")
_MODULES = {"html": "html", "sarif": "sarif", "junit": "junit", "github": "github"}


def writer(fmt: str) -> Callable[[dict[str, Any], Path], Path | None]:
    if fmt == "json":
        return write_json
    mod = importlib.import_module(f"{__package__}.{_MODULES[fmt]}")
    return mod.write
