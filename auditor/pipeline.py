"""The audit run: read -> normalize -> tables -> checks -> findings. Returns a plain result
dict (the audit.json contract) that every report writer renders without computing."""
from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from . import builtin_rules  # noqa: F401 - INPUT001-004, raised here, registered on import
from .config import Config
from .context import Context
from .corpus_index import CorpusIndex
from .findings import Evidence, Finding, merge_duplicates
from .model import InputProblem, Publication, Trial
from .papers import paper_aliases, unify_papers
from .readers import read_file
from .readers.detect import DEFAULT_EXCLUDE, walk
from .rules import Rule, lazy_rules

EXAMPLES = Path(__file__).resolve().parent / "examples"


@dataclass
class RunInput:
    files: list[dict] = field(default_factory=list)       # {"source", "format", "records"}
    trials: list[Trial] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def display_path(p: Path) -> str:
    """Paths as a user reads them: relative to the working directory when under it."""
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return p.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else p.as_posix()


def _shown(path: Path) -> str:
    shown = f"examples/{path.name}" if _is_example(path) else display_path(path)
    # A file name that is not valid UTF-8 (held as surrogate escapes) is shown with \xNN escapes.
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def stream_inputs(paths: list[Path], config: Config, files: list[dict] | None = None,
                  progress: Callable[[str], None] | None = None,
                  only: set[str] | None = None,
                  where: dict[str, Path] | None = None) -> Iterator[Trial | Publication | InputProblem]:
    """Every item of every file, one at a time, so a file of 100,000 studies never sits in memory
    as records. `files` collects one summary row per file (skipped files too); `only` limits reading
    to those files; `where` collects each file's path by the name it is shown under."""
    max_bytes = int(float(config.threshold("max_file_size_mb")) * 1_000_000)
    for entry in walk(paths, exclude_globs(config)):
        shown = _shown(entry.path)
        if only is not None and shown not in only:
            continue
        if entry.problem is not None:
            yield InputProblem(shown, entry.problem)
            if files is not None:
                files.append({"source": shown, "format": "unreadable", "records": 0})
            continue
        if entry.skipped is not None:
            if files is not None:
                files.append({"source": shown, "format": "skipped", "records": 0, "reason": entry.skipped})
            continue
        if where is not None:
            where[shown] = entry.path
        counts: dict[str, int] = {}
        for item in read_file(entry.path, shown, max_bytes):
            if isinstance(item, InputProblem):
                if item.rule == "INPUT001":
                    counts.setdefault("unreadable", 0)
            else:
                counts[item.format] = counts.get(item.format, 0) + 1
            yield item
        if files is not None:
            files.append({"source": shown, "format": ",".join(sorted(counts)) or "unreadable",
                          "records": sum(counts.values())})
        if progress:
            progress(shown)


def exclude_globs(config: Config) -> tuple[str, ...]:
    """`exclude` (replaces the defaults) plus `extend_exclude`, from the config or the command line."""
    base = DEFAULT_EXCLUDE if config.exclude is None else tuple(config.exclude)
    return base + tuple(config.extend_exclude)


def read_inputs(paths: list[Path], config: Config, progress: Callable[[str], None] | None = None) -> RunInput:
    """Everything read into memory at once (tests, benchmarks and small inputs)."""
    run = RunInput()
    for item in stream_inputs(paths, config, run.files, progress):
        if isinstance(item, Trial):
            run.trials.append(item)
        elif isinstance(item, Publication):
            run.publications.append(item)
        else:
            run.problems.append(item)
    return run


def _is_example(path: Path) -> bool:
    return path.parent == EXAMPLES or (path.name[:3].isdigit() and path.resolve().parent == EXAMPLES)


def _input_finding(p: InputProblem) -> Finding:
    said = f"{p.source} could not be audited: {p.reason}." if p.rule == "INPUT001" else f"{p.source}: {p.reason}."
    return Finding(rule=p.rule, category="input", severity=p.severity, record=p.source, message=said,
                   evidence=[Evidence(source=p.source, line=p.line, text=p.reason, label="input problem")])


def run_checks(ctx: Context, rules: dict[str, Rule],
               scopes: tuple[str, ...] = ("record", "publication", "corpus"),
               progress: Any = None, stage_name: str = "checking") -> list[Finding]:
    from .progress import advance, stage
    found: list[Finding] = []
    active = [r for r in rules.values() if ctx.config.enabled(r.id, r.category) and r.scope in scopes]
    record_rules = [r for r in active if r.scope == "record"]
    pub_rules = [r for r in active if r.scope == "publication"]
    corpus_rules = [r for r in active if r.scope == "corpus"]
    trials = ctx.trials if record_rules else []
    pubs = ctx.publications if pub_rules else []
    stage(progress, stage_name, len(trials) + len(pubs) + len(corpus_rules))
    for t in trials:
        for r in record_rules:
            found.extend(_guard(r, r.func, t, ctx, record=t.id, source=t.source))
        advance(progress, stage_name)
    for p in pubs:
        for r in pub_rules:
            found.extend(_guard(r, r.func, p, ctx, record=p.id, source=p.source))
        advance(progress, stage_name)
    for r in corpus_rules:
        found.extend(_guard(r, r.func, ctx, record="(corpus)", source=""))
        advance(progress, stage_name)
    return found


def _guard(r: Rule, func, *args, record: str, source: str) -> Iterable[Finding]:
    """A rule that fails on unexpected data reports it instead of stopping the run."""
    try:
        return list(func(*args))
    except Exception as e:  # noqa: BLE001 - a broken rule must not hide every other finding
        # An error: the record was not fully checked, so a gate must not pass it. No exception text:
        # it means nothing to a curator and may carry record text.
        what = "values nested too deeply" if isinstance(e, RecursionError) else "a value it did not expect"
        return [Finding(rule="INPUT002", category="input", severity="error", record=record,
                        message=f"Rule {r.id} could not check this record ({what}); the record is only "
                                f"partly checked.",
                        evidence=[Evidence(source=source, line=None, text=f"rule {r.id} stopped", label="rule")],
                        values={"rule": r.id})]


def apply_config(findings: list[Finding], config: Config, today: dt.date) -> list[Finding]:
    out = []
    for f in findings:
        # A rule may choose a finding's severity (a misspelling in a title is worse than in a
        # description); the config's re-levelling, when given, overrides both.
        sev = config.severity(f.rule, f.category, f.severity)
        if sev != f.severity:
            f.default_severity, f.severity = f.severity, sev   # kept so `trial-audit gate` can re-level
        w = config.waiver_for(f.rule, f.record, today)
        if w is not None:
            f.waived = w.reason
            f.waived_until = w.expires.isoformat() if w.expires else None
        out.append(f)
    return out


BATCH = 500      # records checked together: bounds memory on huge inputs, keeps pandas/GX calls few
RETAIN = 500     # records kept for the corpus rules (about 0.1 MB each); beyond this, linked records are read again


def audit(paths: list[Path], config: Config, fail_on: str = "error", baseline: dict | None = None,
          progress: Callable[[str], None] | None = None, views: bool = False, jobs: int = 1,
          engine: str = "local", scheduler: str | None = None, cache: Path | None = None,
          spill: bool = False) -> dict[str, Any]:
    """Run the whole audit and return the result dict (see README: output contract).

    Records stream through in batches: record rules and the schema checks run per batch; a compact
    index then picks the records that publication and cross-record (corpus) rules need, and only
    their files are read again when there were too many to keep. views=True adds "record_views" for the HTML report only.
    jobs > 1 or engine "dask": the files are split into shards read and checked in parallel
    (auditor/shards.py), merged in file order: the same result for any number of workers.
    spill=True: result["findings"] is a SpilledFindings (auditor/spill.py), which the caller closes."""
    # Records are many small long-lived objects: CPython's default collector thresholds would
    # rescan them thousands of times (about 40% of the run); collect rarely instead.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        return _audit(paths, config, fail_on, baseline, progress, views, jobs, engine, scheduler, cache, spill)
    finally:
        gc.set_threshold(*thresholds)


@dataclass
class _Part:
    """What reading and checking the files leaves for the rest of the run."""
    files: list[dict] = field(default_factory=list)
    summary: "RunSummary" = field(default_factory=lambda: RunSummary())
    findings: list[Finding] = field(default_factory=list)
    index: CorpusIndex = field(default_factory=CorpusIndex)
    papers: list[Publication] = field(default_factory=list)
    views: dict[str, dict] = field(default_factory=dict)
    retained: list[Trial] | None = None
    used_gx: bool = False
    paths: dict[str, Path] = field(default_factory=dict)   # each file's path by its shown name


def _first_pass(paths: list[Path], config: Config, today: dt.date, rules: dict[str, Rule], views: bool,
                finish_schema: Callable, progress: Callable[[str], None] | None = None) -> _Part:
    """Read the files and run the record rules and the schema checks, batch by batch.
    finish_schema(local) -> findings runs the expectation suites on each batch's frames."""
    from .progress import advance, stage
    from .schema import check_local
    part = _Part(retained=[])
    batch: list[Trial | Publication] = []

    def check(items: list[Trial | Publication]) -> None:
        trials = [x for x in items if isinstance(x, Trial)]
        pubs = [x for x in items if isinstance(x, Publication)]
        ctx = Context(config=config, today=today, trials=trials, publications=pubs)
        found = run_checks(ctx, rules, scopes=("record",), progress=progress)
        stage(progress, "suites", 1)
        found += finish_schema(check_local(ctx))
        advance(progress, "suites")
        part.findings.extend(found)
        if views:
            _add_views(part.views, trials, pubs, found)

    for item in stream_inputs(paths, config, part.files, progress, where=part.paths):
        if isinstance(item, InputProblem):
            part.findings.append(_input_finding(item))
            continue
        part.summary.add(item)
        if isinstance(item, Trial):
            part.index.add_trial(item)
            if part.retained is not None:
                part.retained.append(item)
                if len(part.retained) > RETAIN:
                    part.retained = None  # too many to keep: the linked ones are read again later
        else:
            part.index.add_publication(item)
            part.papers.append(item)
        batch.append(item)
        if len(batch) >= BATCH:
            check(batch)
            batch = []
    check(batch)
    return part


def _audit(paths: list[Path], config: Config, fail_on: str, baseline: dict | None,
           progress: Callable[[str], None] | None, views: bool, jobs: int = 1, engine: str = "local",
           scheduler: str | None = None, cache: Path | None = None, spill: bool = False) -> dict[str, Any]:
    rules = lazy_rules()     # each rule family is imported when one of its rules first runs
    today = config.today or dt.date.today()
    part = None
    if cache is not None or engine == "dask" or jobs > 1:
        # Shards and cache entries are single files named explicitly: walk here, once, so that skipped
        # files, excluded globs and folders that cannot be listed count as in one process.
        files, rows, problems = _walked(paths, config)
        if cache is not None:
            part = _cached(files, config, today, views, jobs, engine, scheduler, progress, cache)
        else:
            part = _sharded(files, config, today, views, jobs, engine, scheduler, progress)
        if part is not None:
            part.files.extend(rows)
            part.findings.extend(problems)
    if part is None:
        part = _one_process(paths, config, today, rules, views, progress)
    notes = _engine_notes(part, config)
    findings = part.findings

    findings.extend(_cross_record(part, config, today, rules, views, progress))

    # One paper, one document: the files of one article report under one id (auditor/papers.py).
    if unify_papers(findings, part.summary.records, paper_aliases(part.papers)):
        part.summary.documents = sum(1 for r in part.summary.records.values() if r["kind"] == "publication")
    findings = merge_duplicates(findings)
    findings = apply_config(findings, config, today)
    resolved: list[dict] = []
    if baseline is not None:
        from .baseline import mark_baseline
        resolved = mark_baseline(findings, baseline, config)
    findings.sort(key=Finding.sort_key)
    result = build_result(part.summary, config, rules, findings, fail_on, resolved, today, part.files, consume=True,
                          spill=spill)
    if views:
        result["record_views"] = dict(sorted(part.views.items()))
    if notes:
        result["run_notes"] = notes     # for the terminal summary only; audit.json does not carry it
    return result


def _cross_record(part: _Part, config: Config, today: dt.date, rules: dict[str, Rule], views: bool,
                  progress: Any) -> list[Finding]:
    """The publication and cross-record rules, one component of the links at a time (papers are few
    and kept whole: their component comes first). A component's records are the kept ones, or read
    again one by one (a stream's document alone, else its file or zip member)."""
    from .corpus_index import Component
    from .progress import advance, stage
    corpus_rules = {k: r for k, r in rules.items() if r.scope in ("publication", "corpus")}
    components = part.index.components()
    if part.papers and not any(c.papers for c in components):
        components.insert(0, Component([], True))
    sizes = part.index.sizes() if components else None
    kept = {(t.source, t.id, t.rendering): t for t in part.retained} if part.retained is not None else None
    part.retained = None
    where = part.index.where() if kept is None else {}
    found: list[Finding] = []
    stage(progress, "cross-record", len(components))
    for comp in components:
        trials = [kept[k] for k in comp.keys] if kept is not None else \
            _read_again(comp.keys, where, part.paths, config)
        pubs = part.papers if comp.papers else []
        ctx = Context(config=config, today=today, trials=trials, publications=pubs, link_sizes=sizes)
        got = run_checks(ctx, corpus_rules, scopes=("publication", "corpus"))
        found.extend(got)
        if views:
            _add_views(part.views, trials, pubs, got)
        advance(progress, "cross-record")
    return found


def _read_again(keys: list[tuple[str, str, str]], where: dict[tuple, tuple | None], paths: dict[str, Path],
                config: Config) -> list[Trial]:
    """The records of keys read again, in the order of keys: by source, only their documents when
    they came from a stream, else their whole file or zip member."""
    from .readers.stream import read_again
    max_bytes = int(float(config.threshold("max_file_size_mb")) * 1_000_000)
    wanted = set(keys)
    by_source: dict[str, list[tuple]] = {}
    for k in keys:
        by_source.setdefault(k[0], []).append(k)
    got: dict[tuple, Trial] = {}
    for source, ks in by_source.items():
        shown = source if source in paths else next((s for s in _file_names(source) if s in paths), None)
        if shown is None:
            continue
        origins = [where.get(k) for k in ks]
        for x in read_again(paths[shown], shown, source, None if None in origins else origins, max_bytes):
            if isinstance(x, Trial) and (k := (x.source, x.id, x.rendering)) in wanted:
                got.setdefault(k, x)
    return [got[k] for k in keys if k in got]


def _file_names(source: str) -> list[str]:
    """The names a zip member's source ('a.zip!m.json') may have as a file: each part before a '!'."""
    return [source[:i] for i, c in enumerate(source) if c == "!"]


def _walked(paths: list[Path], config: Config) -> tuple[list[Path], list[dict], list[Finding]]:
    """The files to read under paths; and the summary rows and findings of what the walk met that is
    skipped (not trial material) or cannot be listed."""
    files: list[Path] = []
    rows: list[dict] = []
    problems: list[Finding] = []
    for entry in walk(paths, exclude_globs(config)):
        shown = _shown(entry.path)
        if entry.problem is not None:
            rows.append({"source": shown, "format": "unreadable", "records": 0})
            problems.append(_input_finding(InputProblem(shown, entry.problem)))
        elif entry.skipped is not None:
            rows.append({"source": shown, "format": "skipped", "records": 0, "reason": entry.skipped})
        else:
            files.append(entry.path)
    return files, rows, problems


def _one_process(paths: list[Path], config: Config, today: dt.date, rules: dict[str, Rule], views: bool,
                 progress: Callable[[str], None] | None) -> _Part:
    from .schema import finish, start_suites
    suites = start_suites(config)   # Great Expectations (when a suite needs it) loads in a helper meanwhile
    try:
        part = _first_pass(paths, config, today, rules, views, lambda local: finish(local, config, suites),
                           progress)
    finally:
        if suites is not None:
            suites.close()
    part.used_gx = bool(suites is not None and suites.used_gx)
    return part


def _sharded(paths: list[Path], config: Config, today: dt.date, views: bool, jobs: int, engine: str,
             scheduler: str | None, progress: Callable[[str], None] | None) -> _Part | None:
    """The first pass over shards run by worker processes or Dask; None when there is only one shard
    to run locally (one process does it)."""
    from . import shards
    plan = shards.plan(paths, jobs, config, today, views, 0)   # trials stay in the workers: linked ones are read again
    if engine == "dask":
        from .engine import dask_engine
        parts = dask_engine.run(plan, scheduler, workers=jobs, progress=progress)
    elif len(plan) < 2:
        return None
    else:
        from .engine import local
        parts = local.run(plan, jobs, progress)
    return shards.merge(parts, RETAIN)


def _cached(paths: list[Path], config: Config, today: dt.date, views: bool, jobs: int, engine: str,
            scheduler: str | None, progress: Callable[[str], None] | None, directory: Path) -> _Part:
    """The first pass file by file, each file's part from the cache when its content, the config and
    the tool are unchanged; the others run as one-file shards."""
    from . import shards
    from .cache import Cache, cached_parts
    files = list(paths)          # already walked by _audit: one file each
    store = Cache(directory, config, today, views)

    def run(missing: list[int]) -> list[_Part]:
        todo = [shards.Shard(i, [files[i]], config, today, views, 0) for i in missing]
        if engine == "dask" and todo:
            from .engine import dask_engine
            return dask_engine.run(todo, scheduler, workers=jobs, progress=progress)
        if jobs > 1 and len(todo) > 1:
            from .engine import local
            return local.run(todo, jobs, progress)
        return [shards.run_shard(s) for s in todo]

    parts = cached_parts(files, [_shown(f) for f in files], store, run)
    return shards.merge(parts, 0)


def _engine_notes(part: _Part, config: Config) -> list[str]:
    if not part.used_gx:
        return []
    from .schema.gx_run import needs_gx
    from .schema.suites import load_suites, suites_dir
    from .schema.views import TABLE_NAMES
    directory = suites_dir(config)
    types = needs_gx(load_suites(directory, set(TABLE_NAMES), display_path)[0]) if directory else []
    return [f"expectation suites: Great Expectations started for {', '.join(types) or 'some expectations'} "
            f"(types the fast path does not cover)"]


def _add_views(views: dict[str, dict], trials: list[Trial], pubs: list[Publication], found: list[Finding]) -> None:
    from .report.views import MAX_VIEWS, build_views
    room = MAX_VIEWS - len(views)
    if room <= 0 or not found:
        return
    _merge_views(views, build_views(trials, pubs, found, cap=room))


def _merge_views(views: dict[str, dict], new: dict[str, dict]) -> None:
    from .report.views import MAX_VIEWS
    for rid, view in new.items():
        if rid not in views and len(views) >= MAX_VIEWS:
            continue
        have = views.setdefault(rid, {"renderings": []})
        known = {(r.get("source"), r.get("rendering")) for r in have["renderings"]}
        have["renderings"] += [r for r in view["renderings"] if (r.get("source"), r.get("rendering")) not in known]


@dataclass
class RunSummary:
    """What the result needs to know of every record, kept small while records stream past."""
    files: list[dict] = field(default_factory=list)
    records: dict[str, dict] = field(default_factory=dict)
    renderings: int = 0
    documents: int = 0

    def extend(self, other: "RunSummary") -> None:
        """other's records after this one's, as if add() had seen them in this order."""
        self.renderings += other.renderings
        self.documents += other.documents
        for rid, rec in other.records.items():
            have = self.records.get(rid)
            if have is None:
                self.records[rid] = rec
                continue
            have["sources"].extend(rec["sources"])
            if have["kind"] == "trial":
                have["title"] = rec["title"] if have["title"] is None else have["title"]
            else:
                have["title"] = have["title"] or rec["title"]
            if "registry_ids" in rec:
                have["registry_ids"] = rec["registry_ids"]

    def add(self, item: Trial | Publication) -> None:
        if isinstance(item, Trial):
            self.renderings += 1
            rec = self.records.setdefault(item.id, {"id": item.id, "kind": "trial", "title": None, "sources": []})
            rec["sources"].append({"source": item.source, "format": item.format, "rendering": item.rendering})
            if rec["title"] is None and (item.brief_title or item.official_title):
                rec["title"] = (item.brief_title or item.official_title).value
        else:
            self.documents += 1
            rec = self.records.setdefault(item.id, {"id": item.id, "kind": "publication", "title": None,
                                                    "sources": []})
            rec["sources"].append({"source": item.source, "format": item.format, "rendering": "main"})
            rec["title"] = rec["title"] or (item.title.value if item.title else None)
            rec["registry_ids"] = sorted({str(f.value) for f in item.registry_ids})


def build_result(run: RunSummary, config: Config, rules: dict[str, Rule], findings: list[Finding], fail_on: str,
                 resolved: list[dict], today: dt.date, files: list[dict] | None = None,
                 consume: bool = False, spill: bool = False) -> dict[str, Any]:
    """consume: empty `findings` while they are written out (a huge run never holds both forms).
    spill: the written findings go to a temporary file (auditor/spill.py), not a list; the caller
    closes it (spill.close_findings) after writing the reports."""
    files = run.files if files is None else files
    records = run.records
    used = {f.rule for f in findings}
    written: Any
    if spill:
        from .spill import SpilledFindings
        written = SpilledFindings()
    else:
        written = []
    if consume or spill:
        findings.reverse()
        while findings:
            written.append(findings.pop().to_dict())
    else:
        written = [f.to_dict() for f in findings]
    counts = count_findings(written, fail_on, resolved)
    return {
        "tool": {"name": "trial-audit", "version": __version__},
        "run": {"fail_on": fail_on, "gate": "fail" if counts["gating"] else "pass",
                "today": today.isoformat(), "config": config.path,
                "expired_waivers": [w.to_dict() for w in config.expired_waivers(today)]},
        "summary": {
            "files": len(files), "records": sum(1 for r in records.values() if r["kind"] == "trial"),
            "renderings": run.renderings, "documents": run.documents,
            **counts,
        },
        "files": sorted(files, key=lambda f: f["source"]),
        "records": sorted(records.values(), key=lambda r: r["id"]),
        "rules": [_rule_dict(r, config) for r in rules.values() if r.id in used],
        "findings": written,
        "resolved": resolved,
    }


def count_findings(findings: Iterable[dict[str, Any]], fail_on: str, resolved: list[dict]) -> dict[str, Any]:
    """The summary counts of findings as written (shared with `trial-audit gate`, which re-counts).
    One pass, so spilled findings are read back once."""
    from .report.common import is_gating
    by_sev = {s: 0 for s in ("error", "warning", "info")}
    by_cat: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    active = waived = gating = new = relevelled = 0
    for f in findings:
        gating += is_gating(f, fail_on)
        new += f.get("baseline") == "new"
        relevelled += "baseline_severity" in f
        if f.get("waived") is not None:
            waived += 1
            continue
        active += 1
        by_sev[f["severity"]] += 1
        by_cat[f["category"]] = by_cat.get(f["category"], 0) + 1
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    out = {"findings": active, "waived": waived,
           "gating": gating,
           "by_severity": by_sev, "by_category": dict(sorted(by_cat.items())), "by_rule": dict(sorted(by_rule.items())),
           "new": new,
           "resolved": sum(1 for f in resolved if f.get("status", "resolved") == "resolved")}
    disabled = sum(1 for f in resolved if f.get("status") == "disabled")
    if disabled or relevelled:
        out.update(disabled=disabled, relevelled=relevelled)
    return out


def _rule_dict(r: Rule, config: Config) -> dict[str, Any]:
    return {"id": r.id, "category": r.category, "severity": config.severity(r.id, r.category, r.severity),
            "default_severity": r.severity, "title": r.title, "what": r.what, "why": r.why, "example": r.example}
