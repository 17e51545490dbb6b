"""Start-up shortcuts give what the slow way gives: pandera schemas built without its dask typing,
rules whose family is imported on first use."""
from __future__ import annotations

import datetime as dt
import threading

from auditor.config import Config
from auditor.context import Context
from auditor.pipeline import EXAMPLES, read_inputs
from auditor.rules import lazy_rules, load_rules
from auditor.schema import models


def _shape(schema):
    def checks(cs):
        return [(c.name, repr(c.statistics), c.element_wise, c.ignore_na, c.raise_warning) for c in cs]
    cols = {k: (str(c.dtype), c.nullable, c.unique, c.coerce, c.required, c.regex, checks(c.checks))
            for k, c in schema.columns.items()}
    return cols, checks(schema.checks), schema.strict, schema.coerce, schema.ordered, schema.unique


def test_model_schemas_equal_pandera_own_build():
    from pandera.api.dataframe.model import MODEL_CACHE
    for table, model in models.MODELS.items():
        fast = models._model_schema(table)
        MODEL_CACHE.pop((model, threading.get_ident()), None)
        slow = model.to_schema()        # pandera's own build, every backend's types asked for
        assert fast is not slow
        # Compared by what pandera validates with, not object equality: a Check's equality also compares
        # its backend dispatch, which changes once any test has made pandera register its dask backend.
        assert _shape(fast) == _shape(slow), table
        assert list(fast.columns) == list(slow.columns)
        assert [c.name for c in fast.checks] == [c.name for c in slow.checks]
    trials = models._model_schema("trials")
    assert trials.columns["nct_id"].checks[0].name == "str_matches"
    assert "required:brief_title" in [c.name for c in trials.checks]


def test_lazy_rules_are_the_registry():
    lazy = lazy_rules()
    real = load_rules()
    assert list(lazy) == list(real)
    for rid, r in real.items():
        got = lazy[rid]
        assert (got.category, got.severity, got.title, got.scope, got.module, got.docs) == \
            (r.category, r.severity, r.title, r.scope, r.module, r.docs), rid
    # a deferred check runs the registered function: the same findings on a real record (seed 004:
    # 'Hematopoetic' and 'fluroscopic', checked by eye in the file)
    ctx = Context(Config(), dt.date(2026, 12, 3))
    trial = read_inputs([EXAMPLES / "004_ba92d8f1b783a925.txt"], Config()).trials[0]
    typo = lazy["TYPO001"]
    assert typo.func is not real["TYPO001"].func
    got = [f.to_dict() for f in typo.func(trial, ctx)]
    assert got == [f.to_dict() for f in real["TYPO001"].func(trial, ctx)]
    assert sorted(f["values"]["found"] for f in got) == ["Hematopoetic", "fluroscopic"]
