"""Download records from the ClinicalTrials.gov API v2 (`GET {base}/studies/{nctId}`), for
`trial-audit fetch ID...` and `trial-audit audit NCT...`. The JSON is saved as received, beside the
reports, and audited from there: the evidence's file and line point into the saved copy.

The base URL: $TRIAL_AUDIT_CTGOV_URL, else `ctgov: {base_url}` in the config, else the public API.
Transient failures (no connection, timeouts, HTTP 429 and 5xx) are retried with a growing pause."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .config import Config

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
ENV_BASE_URL = "TRIAL_AUDIT_CTGOV_URL"
NCT_ID = re.compile(r"^NCT\d{8}$", re.IGNORECASE)
MAX_BYTES = 50_000_000       # a single study is well under 5 MB


class FetchError(Exception):
    """A record could not be downloaded; the message says why and what to try."""


class Unavailable(click.ClickException):
    """Printed as `Error: ...`, exit 2: the run could not start (not a gate result)."""
    exit_code = 2


def is_nct_id(text: str) -> bool:
    return bool(NCT_ID.match(text.strip()))


def settings(config: Config) -> tuple[str, float, int]:
    """(base URL, timeout in seconds, retries)."""
    section = config.raw.get("ctgov") or {}
    base = os.environ.get(ENV_BASE_URL) or section.get("base_url") or DEFAULT_BASE_URL
    return str(base).rstrip("/"), float(section.get("timeout", 30)), int(section.get("retries", 3))


def fetch_study(nct_id: str, base_url: str, timeout: float = 30, retries: int = 3,
                sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The study's JSON as the API sent it. FetchError when missing, unreachable or not a study."""
    nct = nct_id.strip().upper()
    if not is_nct_id(nct):
        raise FetchError(f"'{nct_id}' is not a ClinicalTrials.gov id (NCT and 8 digits)")
    url = f"{base_url}/studies/{nct}?format=json"
    import urllib.error     # here: the http stack is not needed to start the command line
    import urllib.request
    req = urllib.request.Request(url, headers={"Accept": "application/json",
                                               "User-Agent": f"trial-audit/{__version__}"})
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(min(2 ** (attempt - 1), 8))
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:   # noqa: S310 - http(s) only, checked
                body = resp.read(MAX_BYTES + 1)
            break
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise FetchError(f"{nct} was not found at {base_url} (HTTP 404)") from e
            last = f"HTTP {e.code} {e.reason}"
            if e.code != 429 and e.code < 500:
                raise FetchError(f"{url}: {last}") from e
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
            last = str(getattr(e, "reason", None) or e)
    else:
        raise FetchError(f"cannot download {nct} from {base_url} after {retries + 1} attempts ({last}); "
                         f"check the network connection, or point {ENV_BASE_URL} or the config's "
                         "ctgov.base_url at a reachable mirror")
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: the answer is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        doc: Any = json.loads(body)
    except ValueError as e:
        raise FetchError(f"{url}: the answer is not JSON ({e})") from e
    ident = doc.get("protocolSection", {}).get("identificationModule", {}) if isinstance(doc, dict) else {}
    if not isinstance(ident, dict) or str(ident.get("nctId", "")).upper() != nct:
        raise FetchError(f"{url}: the answer is not the study {nct}")
    return body


def fetch_all(ids: list[str], out_dir: Path, config: Config,
              sleep: Callable[[float], None] = time.sleep) -> list[Path]:
    """Download each id into out_dir/NCT….json (as received); the paths in the order given."""
    base, timeout, retries = settings(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for nct in dict.fromkeys(i.strip().upper() for i in ids):
        body = fetch_study(nct, base, timeout, retries, sleep)
        p = out_dir / f"{nct}.json"
        p.write_bytes(body)
        paths.append(p)
    return paths


@click.command("fetch")
@click.argument("ids", nargs=-1, required=True)
@click.option("--out", "out_dir", default="records", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the downloaded JSON files.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="config.yaml (for ctgov.base_url, timeout, retries).")
def fetch_command(ids: tuple[str, ...], out_dir: Path, config_path: str | None) -> None:
    """Download studies by NCT id from the ClinicalTrials.gov API v2 into OUT (one JSON file each)."""
    from .cli import _config
    bad = [i for i in ids if not is_nct_id(i)]
    if bad:
        raise click.BadParameter(f"not an NCT id: {', '.join(bad)}", param_hint="IDS")
    try:
        paths = fetch_all(list(ids), out_dir, _config(config_path))
    except FetchError as e:
        raise Unavailable(str(e)) from e
    for p in paths:
        click.echo(f"wrote {p}")
