"""Great Expectations suites (one JSON file per canonical table), loaded at run time."""
