"""trial-audit: a data-quality and consistency auditor for clinical-trial registry records and papers.

`from auditor import audit` is the Python API (auditor/api.py)."""
__version__ = "0.1.0"   # the one version source: pyproject.toml reads it, releases are tagged v<version>


def __getattr__(name: str):
    # Loaded on first use, so `import auditor` (and reading __version__) stays cheap.
    if name in ("audit", "AuditResult"):
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
