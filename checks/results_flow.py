"""results: the participant flow against itself (STARTED - not completed = COMPLETED) and against
the overall status."""
from __future__ import annotations

from typing import Iterator

from auditor.findings import Finding
from auditor.model import Trial
from auditor.results_links import counts_by_group, milestone
from auditor.rules import rule

from ._results import CAT, FLOW, ev, num


@rule("RES001", category=CAT, severity="warning", title="The participant flow does not add up")
def flow_arithmetic(trial: Trial, ctx) -> Iterator[Finding]:
    """What: in each period and group of the results' participant flow, COMPLETED is more than STARTED,
    or STARTED - COMPLETED differs from NOT COMPLETED, or the reasons for not completing (drop/withdraw
    reasons) add up to another number than NOT COMPLETED (STARTED - COMPLETED when no NOT COMPLETED
    row is given).
    Why: the registry's flow table accounts for every participant who started a period: those who did
    not complete it are the sum of its reasons (PRS results review: "Data reported here appear
    invalid"; CONSORT flow). A mismatch means a count or a reason was mistyped or left out.
    Example: STARTED 40, COMPLETED 35, NOT COMPLETED 5, reasons Adverse Event 2 + Lost to Follow-up 2 ->
    'Period "Overall Study", group "Placebo": 5 did not complete but the reasons add up to 4.'"""
    r = trial.results
    if r is None:
        return
    titles = {g.id: g.name for g in r.flow_groups}
    for p in r.periods:
        st, co, nc = (milestone(p, n) for n in ("STARTED", "COMPLETED", "NOT COMPLETED"))
        if st is None or co is None:
            continue
        s_by, c_by = counts_by_group(st.counts), counts_by_group(co.counts)
        n_by = counts_by_group(nc.counts) if nc is not None else {}
        for gid in [c.group for c in st.counts]:
            s, c = s_by.get(gid), c_by.get(gid)
            if s is None or c is None:
                continue
            sv, cv = s.count.value, c.count.value
            where = f'Period "{p.name}", group "{titles.get(gid, gid)}"'
            evidence = ev(s.count, f"STARTED ({titles.get(gid, gid)})") + ev(c.count, f"COMPLETED ({titles.get(gid, gid)})")
            vals = {"started": str(sv), "completed": str(cv)}
            n = n_by.get(gid)
            if cv > sv:
                msg = f"{where}: {cv} completed but only {sv} started."
            elif n is not None and sv - cv != n.count.value:
                evidence += ev(n.count, f"NOT COMPLETED ({titles.get(gid, gid)})")
                vals["not completed"] = str(n.count.value)
                msg = f"{where}: {sv} started - {cv} completed = {sv - cv}, but NOT COMPLETED is {n.count.value}."
            else:
                reasons = [(x.name, rc) for x in p.reasons for rc in x.counts
                           if rc.group == gid and num(rc.count) is not None]
                if not reasons:
                    continue
                total = sum(rc.count.value for _n, rc in reasons)
                missing = n.count.value if n is not None else sv - cv
                if total == missing:
                    continue
                if n is not None:
                    evidence += ev(n.count, f"NOT COMPLETED ({titles.get(gid, gid)})")
                evidence += [e for name, rc in reasons if rc.count.value for e in ev(rc.count, f'reason "{name}"')]
                shown = " + ".join(f"{rc.count.value}" for _n, rc in reasons if rc.count.value) or "0"
                vals.update({"not completed": str(missing), "reasons": f"{shown} = {total}"})
                msg = f"{where}: {missing} did not complete but the reasons for not completing add up to {total}."
            yield Finding(rule="RES001", category=CAT, severity="warning", record=trial.id, message=msg,
                          evidence=evidence, fields=[f"{FLOW}.periods"], values=vals)
