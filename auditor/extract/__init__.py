"""Text extractors shared by checks: pure functions on strings, no file I/O."""
