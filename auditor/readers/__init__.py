"""Readers: one module per input format, chosen by content (never by file extension).

Each reader module exposes
    NAME: str                      the format name recorded on every record it reads
    sniff(head: str) -> bool       True when the start of a file is in this format
    read(data: bytes, display: str) -> Iterator[Trial | Publication | InputProblem]
Readers never judge: they normalize what is there and keep the original text and its line.
A file that cannot be read yields an InputProblem; a reader never raises on bad content.
"""
from .detect import iter_files, read_file

__all__ = ["iter_files", "read_file"]
