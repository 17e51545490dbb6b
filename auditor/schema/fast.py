"""The expectation types the shipped suites and most user suites use, evaluated with vectorised pandas
in this process: the same failing rows, values and order as Great Expectations gives (checked by
tests/test_schema_fast.py, which runs the same suites through GX on the same tables).

An expectation is taken here only when its type and every kwarg are ones this module reproduces
exactly; anything else (another type, row_condition, evaluation parameters, a value GX would reject,
a non-numeric column for a range) goes to Great Expectations as before."""
from __future__ import annotations

import numbers
from typing import Any

import pandas as pd
from pandas.api import types as ptypes

from .suites import ExpectationSpec

# kwargs GX accepts for these types that change nothing here (result_format is set by the caller).
_IGNORED = {"catch_exceptions", "meta", "result_format", "include_config"}
_KWARGS = {
    "expect_column_values_to_be_in_set": {"column", "value_set", "mostly"},
    "expect_column_values_to_not_be_null": {"column", "mostly"},
    "expect_column_values_to_be_between": {"column", "min_value", "max_value", "strict_min", "strict_max",
                                           "mostly"},
}
TYPES = frozenset(_KWARGS)


def _number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def covers(spec: ExpectationSpec) -> bool:
    """True when the fast path gives exactly what GX gives for this expectation on any frame
    (the column's dtype is checked later, in `covers_frame`)."""
    allowed = _KWARGS.get(spec.type)
    k = spec.kwargs
    if allowed is None or not set(k) <= allowed | _IGNORED or not isinstance(k.get("column"), str):
        return False
    mostly = k.get("mostly", 1)
    if "mostly" in k and not (_number(mostly) and 0 <= mostly <= 1):
        return False
    if spec.type == "expect_column_values_to_be_in_set":
        vs = k.get("value_set")
        return isinstance(vs, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                            for v in vs)
    if spec.type == "expect_column_values_to_be_between":
        lo, hi = k.get("min_value"), k.get("max_value")
        if lo is None and hi is None:
            return False        # GX rejects this: let it say so
        if any(v is not None and not _number(v) for v in (lo, hi)):
            return False
        return all(isinstance(k.get(s, False), bool) for s in ("strict_min", "strict_max"))
    return True


def covers_frame(spec: ExpectationSpec, df: pd.DataFrame) -> bool:
    if spec.type != "expect_column_values_to_be_between":
        return True
    col = df[spec.kwargs["column"]]
    if bool(col.isna().all()):
        return True         # nothing to compare: GX passes it whatever the dtype
    return ptypes.is_numeric_dtype(col) and not ptypes.is_bool_dtype(col)


def gx_order(specs: list[ExpectationSpec]) -> list[ExpectationSpec]:
    """The order GX evaluates and reports a suite in: grouped by column, columns in order of first
    appearance (Validator.process_expectations_for_validation)."""
    columns: dict[str, list[ExpectationSpec]] = {}
    for s in specs:
        columns.setdefault(s.kwargs["column"], []).append(s)
    return [s for group in columns.values() for s in group]


def unexpected(spec: ExpectationSpec, df: pd.DataFrame) -> pd.Series | None:
    """A boolean mask of the failing rows, or None when the expectation passes (mostly)."""
    k = spec.kwargs
    col = df[k["column"]]
    null = col.isna()
    if spec.type == "expect_column_values_to_not_be_null":
        bad = null
        total = len(col)
    else:
        if spec.type == "expect_column_values_to_be_in_set":
            ok = col.isin(k["value_set"])
        else:
            ok = pd.Series(True, index=col.index)
            vals = col.astype("float64")
            lo, hi = k.get("min_value"), k.get("max_value")
            if lo is not None:
                ok &= (vals > lo) if k.get("strict_min") else (vals >= lo)
            if hi is not None:
                ok &= (vals < hi) if k.get("strict_max") else (vals <= hi)
        bad = ~null & ~ok.fillna(False).astype(bool)
        total = int((~null).sum())
    n_bad = int(bad.sum())
    if n_bad == 0 or total == 0:
        return None
    mostly = k.get("mostly")
    if mostly is not None and (total - n_bad) / total >= mostly:
        return None
    return bad


def failing_rows(spec: ExpectationSpec, df: pd.DataFrame, index_columns: list[str]) -> list[dict] | None:
    """GX's unexpected_index_list: per failing row, the index columns and the column's value."""
    bad = unexpected(spec, df)
    if bad is None:
        return None
    col = spec.kwargs["column"]
    cols = list(dict.fromkeys(index_columns + [col]))
    sub = df.loc[bad.to_numpy(), cols]
    return [dict(zip(cols, row)) for row in sub.itertuples(index=False, name=None)]
