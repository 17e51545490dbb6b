"""Pseudo-rules the pipeline itself raises (auditor/pipeline.py), registered so `rules` and `explain`
list them."""
from __future__ import annotations

from .rules import rule


@rule("INPUT001", category="input", severity="error", title="File could not be read", scope="corpus")
def input_unreadable(ctx):
    """What: a file is empty, binary, truncated, not valid JSON or XML, over the size limit, or in no
    known format. The other files are still audited.
    Why: a record that cannot be read is not audited at all; a CI gate must not pass it silently.
    Example: `broken.json could not be audited: not valid JSON: unexpected end of data at line 40.`"""
    return ()


@rule("INPUT002", category="input", severity="warning", title="A rule could not check a record",
      scope="corpus")
def rule_failed(ctx):
    """What: a rule met data it could not handle; the rest of the audit went on.
    Why: the record was not fully checked; the message names the rule so the gap is visible.
    Example: `Rule DOSE001 could not check this record (ValueError: ...)`."""
    return ()

