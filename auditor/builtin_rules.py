"""Pseudo-rules the pipeline and the readers raise (auditor/pipeline.py, auditor/readers/), registered so
`rules` and `explain` list them."""
from __future__ import annotations

from .rules import rule


@rule("INPUT001", category="input", severity="error", title="File could not be read", scope="corpus")
def input_unreadable(ctx):
    """What: a file is empty, binary, truncated, not valid JSON or XML, over the size limit, or in no
    known format. The other files are still audited.
    Why: a record that cannot be read is not audited at all; a CI gate must not pass it silently.
    Example: `broken.json could not be audited: not valid JSON: unexpected end of data at line 40.`"""
    return ()


@rule("INPUT002", category="input", severity="error", title="A rule could not check a record",
      scope="corpus")
def rule_failed(ctx):
    """What: a rule met data it could not handle; the rest of the audit went on.
    Why: the record was not fully checked, so a gate must not pass it; the message names the rule
    so the gap is visible.
    Example: `Rule DOSE001 could not check this record (a value it did not expect); the record is only partly checked.`"""
    return ()


@rule("INPUT004", category="input", severity="error", title="Part of a record could not be read",
      scope="corpus")
def part_unread(ctx):
    """What: one part of a record (its design, its results...) holds a value of a type or form the
    format does not allow, so that part was not read; the rest of the record was read and checked.
    Why: the unread part was not audited, so a gate must not pass the record silently.
    Example: `NCT01234567.json: record NCT01234567: the results part could not be read (a value of an unexpected type or form); the rest of the record was audited.`"""
    return ()


@rule("INPUT003", category="input", severity="info", title="Text encoding guessed", scope="corpus")
def encoding_guessed(ctx):
    """What: a text file is neither UTF-8 nor marked by a byte-order mark (UTF-16/32), so it was read
    as Windows-1252 (which covers Latin-1); the file is still audited.
    Why: a wrong guess turns accented letters into other letters; a curator can check them, or save
    the file as UTF-8.
    Example: `page.txt: the file is not UTF-8; it was read as Windows-1252, a guess (check accented letters).`"""
    return ()
