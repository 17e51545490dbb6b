"""results: the overall status against the participant flow."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.findings import Evidence, Finding
from auditor.model import Trial
from auditor.results_links import counts_by_group, milestone
from auditor.rules import rule

from ._results import CAT, FLOW, ev

_STATUS = "statusModule.overallStatus"


def _all_completed(trial: Trial):
    """(STARTED rows, COMPLETED rows) of the last period when every group of every period completed
    all who started it, None otherwise."""
    r = trial.results
    last = None
    for p in r.periods:
        st, co = milestone(p, "STARTED"), milestone(p, "COMPLETED")
        if st is None or co is None:
            return None
        s, c = counts_by_group(st.counts), counts_by_group(co.counts)
        if not s or set(s) != set(c) or any(s[g].count.value != c[g].count.value for g in s):
            return None
        if any(rc.count is not None and rc.count.value for x in p.reasons for rc in x.counts
               if isinstance(rc.count.value, int)):
            return None
        last = (p, st, co, s)
    return last


@rule("RES009", category=CAT, severity="warning", title="A stopped study's participant flow says everyone completed")
def stopped_but_all_completed(trial: Trial, ctx) -> Iterator[Finding]:
    """What: the overall status is Withdrawn (no participant enrolled) and the participant flow starts
    participants, or the status is Terminated, the reason it stopped says participants' treatment or
    follow-up was cut short (stopped for safety, toxicity, futility or by the sponsor while on study),
    and every group of every period completed all who started it, with no reason for not completing.
    A Terminated study that stopped recruiting early may well complete all who started: that alone is
    not reported.
    Why: a study halted while people were on it cannot have everyone complete; either the status or
    the flow is wrong (PRS results review: information inconsistent with other parts of the record).
    Example: status Withdrawn, STARTED 12 -> 'The study is Withdrawn (nobody enrolled) but its
    participant flow starts 12 participants.'"""
    r = trial.results
    st = trial.overall_status.value if trial.overall_status is not None else None
    if r is None or not r.periods or st not in ("WITHDRAWN", "TERMINATED"):
        return
    first = milestone(r.periods[0], "STARTED")
    started = sum(c.count.value for c in counts_by_group(first.counts).values()) if first is not None else 0
    status_ev = [e for e in [Evidence.of(trial.overall_status, "overall status")] if e is not None]
    if st == "WITHDRAWN":
        if started > 0:
            yield Finding(rule="RES009", category=CAT, severity="warning", record=trial.id,
                          message=f"The study is Withdrawn (nobody enrolled) but its participant flow starts "
                                  f"{started} participants.",
                          evidence=status_ev + [e for c in first.counts for e in ev(c.count, "STARTED")],
                          fields=[_STATUS, FLOW], values={"status": st, "started": str(started)})
        return
    why = trial.why_stopped.raw if trial.why_stopped is not None else ""
    if not _CUT_SHORT.search(why) or started == 0:
        return
    got = _all_completed(trial)
    if got is None:
        return
    p, _st, co, s = got
    yield Finding(rule="RES009", category=CAT, severity="warning", record=trial.id,
                  message=f'The study is Terminated ("{why.strip()[:120]}") but its participant flow says all '
                          f"{started} participants completed.",
                  evidence=status_ev + ev(trial.why_stopped, "why stopped", False)
                  + [e for c in co.counts for e in ev(c.count, f'COMPLETED ("{p.name}")')],
                  fields=[_STATUS, "statusModule.whyStopped", FLOW], values={"status": st, "started": str(started),
                                                                             "completed": str(started)})



# Stopped while participants were on study: not a recruitment or funding stop.
_CUT_SHORT = re.compile(r"(?i)\b(?:safety|toxicit\w*|adverse\s+events?|futility|lack\s+of\s+efficacy|"
                        r"(?:treatment|dosing|study\s+drug)\s+(?:was\s+)?(?:stopped|halted|discontinued)|"
                        r"all\s+(?:patients|participants|subjects)\s+(?:were\s+)?(?:withdrawn|discontinued|taken\s+off))\b")
