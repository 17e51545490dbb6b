"""status-dates: the study dates against each other, against the run date and the record's own
posting dates, and the overall status against the site statuses and the dates.

Dates are compared at the coarser precision of the two: 'March 2009' and '2009-03-15' do not
contradict each other; a contradiction needs the whole span of one date to fall on the wrong side
of the whole span of the other (vocab.date_bounds)."""
from __future__ import annotations

import datetime as dt
import re

from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, DateValue, Field, Trial
from auditor.rules import rule
from auditor.vocab import date_bounds

# (attribute, label) of the three study dates, in the order they must follow.
_STUDY_DATES = (("start_date", "study start"), ("primary_completion_date", "primary completion"),
                ("completion_date", "study completion"))
_ACTIVE = ("RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "ENROLLING_BY_INVITATION")
_CLOSED = ("COMPLETED", "TERMINATED", "WITHDRAWN")
# Statuses a study keeps while it should still be reviewed (UNKNOWN = last known active, not verified).
_OPEN_OR_UNKNOWN = _ACTIVE + ("SUSPENDED", "UNKNOWN")
_STATUS_TEXT = {"UNKNOWN": "Unknown status", "ACTIVE_NOT_RECRUITING": "Active, not recruiting"}
# ICMJE: trials that began enrolling on or after July 1, 2005 must be registered before enrolment.
_ICMJE_START = dt.date(2005, 7, 1)
_MAX_SITES_QUOTED = 5
_PAREN = re.compile(r"\s*\([^)]*\)")


def _dv(f: Field | None) -> DateValue | None:
    return f.value if f is not None and isinstance(f.value, DateValue) else None


def _bounds(f: Field | None) -> tuple[dt.date, dt.date] | None:
    d = _dv(f)
    return date_bounds(d) if d is not None else None


def _status(trial: Trial) -> str | None:
    return trial.overall_status.value if trial.overall_status is not None else None


def _status_text(value: str) -> str:
    return _STATUS_TEXT.get(value, value.replace("_", " ").capitalize())


def _shown(f: Field) -> str:
    """A date as the record writes it, without the '(Anticipated)' suffix noise."""
    d = _dv(f)
    raw = _PAREN.sub("", f.raw or "").strip()
    return raw if raw and len(raw) < 40 else (d.iso if d else raw)


def _kind(f: Field) -> str:
    d = _dv(f)
    return {"ACTUAL": "actual ", "ESTIMATED": "anticipated "}.get(d.type or "", "") if d else ""


def _reference(trial: Trial) -> tuple[dt.date, Field, str] | None:
    """The date the sponsor last vouched for the record: its verification date, else its last update.

    The verification date comes first because the registry touches old records administratively
    (last update 2016 on a record verified in 2001) without the sponsor reviewing its dates."""
    for attr, label in (("status_verified", "record verified"), ("last_update_posted", "last update posted")):
        b = _bounds(getattr(trial, attr))
        if b is not None:
            return b[1], getattr(trial, attr), label
    return None


def as_of(trial: Trial, ctx, *, page_update: bool = True) -> tuple[dt.date, str, Field | None]:
    """The date a time-relative rule judges the record at, the label saying which one, and its field.

    An explicit `--today` (or `today:` in the config) wins. Otherwise the record's own snapshot date
    (legacy XML download date, API versionHolder): a record is judged as the registry held it then,
    not as of the day the audit happens to run. Without one (a registry page), the record's last
    update: the page shows the record as of that update. Only a record with neither falls back to
    the run date."""
    if ctx.config.today is not None:
        return ctx.today, "--today", None
    b = _bounds(trial.snapshot_date)
    if b is not None:
        return b[1], "data snapshot", trial.snapshot_date
    b = _bounds(trial.last_update_posted)
    if page_update and b is not None:
        return b[1], "last update posted", trial.last_update_posted
    return ctx.today, "run date", None


def _as_of_words(day: dt.date, label: str) -> str:
    return {"--today": f"as of {day.isoformat()} (--today)", "run date": f"as of {day.isoformat()} (run date)"}.get(
        label, f"as of {day.isoformat()} (the record's {label})")


def _years(days: int) -> str:
    y = days / 365.25
    return f"{int(y)} year{'s' if int(y) != 1 else ''}" if y >= 1 else f"{days // 30} months"


@rule("DATE001", category="status-dates", severity="error",
      title="Study dates are out of order (start, primary completion, completion)")
def dates_out_of_order(trial: Trial, ctx):
    """What: the study start must not be after the primary completion date, and the primary
    completion must not be after the study completion date (without a primary completion date,
    start and completion are compared). Dates are compared at the coarser precision of the two:
    'March 2009' and '2009-03-15' agree.
    Why: NCI CTRP date rules: primary completion >= start, completion >= primary completion; a
    date on the wrong side means one of them was mistyped.
    Example: start 'June 2012', primary completion 'May 2011' -> 'The primary completion date
    (May 2011) is before the study start date (June 2012).'"""
    present = [(getattr(trial, a), a, label) for a, label in _STUDY_DATES if _bounds(getattr(trial, a)) is not None]
    pairs = [(present[i], present[i + 1]) for i in range(len(present) - 1)]
    bad = [(x, y) for x, y in pairs if _bounds(y[0])[1] < _bounds(x[0])[0]]
    if not bad and len(present) == 3 and _bounds(present[2][0])[1] < _bounds(present[0][0])[0]:
        # start vs completion matters when the coarse middle date agrees with both
        bad = [(present[0], present[2])]
    for (fa, aa, la), (fb, ab, lb) in bad:
        yield Finding(
            rule="DATE001", category="status-dates", severity="error", record=trial.id,
            message=f"The {lb} date ({_shown(fb)}) is before the {la} date ({_shown(fa)}).",
            evidence=[Evidence.of(fa, f"{la} date"), Evidence.of(fb, f"{lb} date", highlight=fb.raw)],
            fields=[FIELD_PATHS[aa], FIELD_PATHS[ab]],
            values={la: _dv(fa).iso, lb: _dv(fb).iso})


@rule("DATE002", category="status-dates", severity="error", title="An actual date lies in the future")
def actual_in_future(trial: Trial, ctx):
    """What: a start, primary completion or completion date marked Actual that lies after the run
    date (`--today`, default the current date). At month precision, the whole month must be in the
    future.
    The date is judged at the record's data snapshot (legacy XML download date, API versionHolder) when
    there is one, else at the run date; `--today` overrides both.
    Why: an actual date records something that has happened; PRS rejects actual dates in the
    future and CTRP requires future dates to be anticipated. An actual date after the record's own
    snapshot cannot have happened when the data was produced.
    Example: 'Primary Completion Date: 2031-05 (Actual)' audited on 2026-11-23 -> 'The actual primary
    completion date 2031-05 is after today (2026-11-23).'"""
    # Without a snapshot the last update is DATE003's comparison, so the run date is used here.
    today, ref_label, ref_field = as_of(trial, ctx, page_update=False)
    for attr, label in _STUDY_DATES:
        f = getattr(trial, attr)
        d, b = _dv(f), _bounds(f)
        if d is None or d.type != "ACTUAL" or b[0] <= today:
            continue
        when = "today" if ref_field is None else f"the record's {ref_label}"
        yield Finding(
            rule="DATE002", category="status-dates", severity="error", record=trial.id,
            message=f"The actual {label} date {_shown(f)} is after {when} ({today.isoformat()}).",
            evidence=[Evidence.of(f, f"{label} date (actual)", highlight=f.raw)] +
                     ([Evidence.of(ref_field, ref_label)] if ref_field is not None else []),
            fields=[FIELD_PATHS[attr]],
            values={label: d.iso, "reference date": today.isoformat(), "reference": ref_label})


@rule("DATE003", category="status-dates", severity="error",
      title="An actual date is after the record's own last update")
def actual_after_last_update(trial: Trial, ctx):
    """What: a start, primary completion or completion date marked Actual that lies after the date
    the record was last updated (the whole span of the date after the last update).
    Why: when the record was last updated the date had not happened yet, so it cannot have been
    entered as actual; either the date or its type is wrong.
    Example: completion 'December 2016 (Actual)', last update posted 'March 3, 2015' -> 'The actual
    study completion date December 2016 is after the record's last update (March 3, 2015).'"""
    lu = _bounds(trial.last_update_posted)
    if lu is None:
        return
    for attr, label in _STUDY_DATES:
        f = getattr(trial, attr)
        d, b = _dv(f), _bounds(f)
        if d is None or d.type != "ACTUAL" or b[0] <= lu[1]:
            continue
        yield Finding(
            rule="DATE003", category="status-dates", severity="error", record=trial.id,
            message=f"The actual {label} date {_shown(f)} is after the record's last update "
                    f"({_shown(trial.last_update_posted)}).",
            evidence=[Evidence.of(f, f"{label} date (actual)", highlight=f.raw),
                      Evidence.of(trial.last_update_posted, "last update posted")],
            fields=[FIELD_PATHS[attr], FIELD_PATHS["last_update_posted"]],
            values={label: d.iso, "last update": _dv(trial.last_update_posted).iso})


def _completion_overdue(trial: Trial, ctx) -> tuple[Field, dt.date, Field, str] | None:
    """For an active status: the study completion date that makes it stale at the reference date."""
    if _status(trial) not in _ACTIVE:
        return None
    f = trial.completion_date
    d, b = _dv(f), _bounds(f)
    ref = _reference(trial)
    if d is None or ref is None:
        return None
    ref_day, ref_field, ref_label = ref
    limit = dt.timedelta(days=int(ctx.threshold("active_after_completion_days")))
    if d.type == "ACTUAL" and b[1] < ref_day or b[1] + limit < ref_day:
        return f, ref_day, ref_field, ref_label
    return None


@rule("DATE004", category="status-dates", severity="warning",
      title="An anticipated date was already long past when the record was last verified")
def anticipated_past_at_verification(trial: Trial, ctx):
    """What: a start or completion date still marked Anticipated although it lay more than
    `anticipated_past_days` (365) before the date the record was last verified (its last update
    when no verification date is given). Withdrawn studies keep anticipated dates by design; completed
    and terminated ones are DATE011.
    Why: CTRP and PRS: past dates are actual. The sponsor reviewed the record long after the date and
    left it anticipated, so the date, its type or the status is out of date.
    Example: primary completion 'December 2010 (Anticipated)', verified 'May 2013' -> 'The primary
    completion date December 2010 is still anticipated although it was 2 years past when the record
    was last verified (May 2013).'"""
    status = _status(trial)
    if status not in _OPEN_OR_UNKNOWN:
        return
    ref = _reference(trial)
    if ref is None:
        return
    ref_day, ref_field, ref_label = ref
    limit = dt.timedelta(days=int(ctx.threshold("anticipated_past_days")))
    overdue = _completion_overdue(trial, ctx)
    late = [(attr, label, f) for attr, label, f in _anticipated(trial) if _bounds(f)[1] + limit < ref_day
            and not (overdue is not None and f is overdue[0])]  # DATE008 reports the status against that date
    if not late:
        return
    gap = min((ref_day - _bounds(f)[1]).days for _, _, f in late)
    yield Finding(
        rule="DATE004", category="status-dates", severity="warning", record=trial.id,
        message=f"{_date_list(late)} still anticipated although {'it was' if len(late) == 1 else 'they were'} "
                f"at least {_years(gap)} past when the record was {_ref_words(ref_label)} ({_shown(ref_field)}).",
        evidence=[Evidence.of(f, f"{label} date (anticipated)", highlight=f.raw) for _, label, f in late] +
                 [Evidence.of(ref_field, ref_label)],
        fields=[FIELD_PATHS[attr] for attr, _, _ in late] +
               [FIELD_PATHS["status_verified" if "verified" in ref_label else "last_update_posted"]],
        values={**{label: _dv(f).iso for _, label, f in late}, ref_label: ref_day.isoformat()})


def _anticipated(trial: Trial) -> list[tuple[str, str, Field]]:
    return [(attr, label, getattr(trial, attr)) for attr, label in _STUDY_DATES
            if _dv(getattr(trial, attr)) is not None and _dv(getattr(trial, attr)).type == "ESTIMATED"]


def _date_list(items: list[tuple[str, str, Field]]) -> str:
    """'The primary completion date (March 2014) is' / 'The primary completion and study completion
    dates (March 2014) are' / 'The study start date (May 2010) and the primary completion date (June 2012) are'."""
    shown = [_shown(f) for _, _, f in items]
    labels = [label for _, label, _ in items]
    if len(items) == 1:
        return f"The {labels[0]} date ({shown[0]}) is"
    if len(set(shown)) == 1:
        return f"The {' and '.join(labels)} dates ({shown[0]}) are"
    parts = [f"the {lab} date ({d})" for lab, d in zip(labels, shown)]
    return "T" + (", ".join(parts[:-1]) + " and " + parts[-1])[1:] + " are"


def _ref_words(label: str) -> str:
    return "last verified" if "verified" in label else "last updated"


@rule("DATE005", category="status-dates", severity="info",
      title="An anticipated date is long past and the record has not been updated since")
def anticipated_past_today(trial: Trial, ctx):
    """What: a start or completion date marked Anticipated that lies more than `anticipated_past_days`
    (365) before the record's reference date (its data snapshot: legacy XML download date, API
    versionHolder; else its last update; `--today` overrides), in a record that was not completed,
    terminated or withdrawn, and that was still in the future when the record was last verified
    (otherwise DATE004). Reported at info:
    the record was right when written; it has not been brought up to date since. A record
    last updated or verified within `anticipated_past_days` of its snapshot is current and not reported.
    Why: readers of the record cannot tell whether the study ran; the registry expects the date to
    become actual (CTRP: past dates are actual).
    Example: 'Primary Completion Date: March 2014 (Anticipated)', last verified May 2013, audited
    2026-11-23 -> 'The primary completion date March 2014 is still anticipated, 12 years past; the record
    was last verified in May 2013, when the date was still ahead.'"""
    status = _status(trial)
    if status not in _OPEN_OR_UNKNOWN:
        return
    ref = _reference(trial)
    limit = dt.timedelta(days=int(ctx.threshold("anticipated_past_days")))
    today, at_label, at_field = as_of(trial, ctx)
    latest = _latest_stamp(trial)
    if latest is not None and latest[0] + limit >= today:
        return  # updated or verified shortly before its own snapshot: the record was current
    # Dates already overdue when the sponsor last looked are DATE004's.
    late = [(attr, label, f) for attr, label, f in _anticipated(trial) if _bounds(f)[1] + limit < today
            and not (ref is not None and _bounds(f)[1] + limit < ref[0])]
    if not late:
        return
    gap = min((today - _bounds(f)[1]).days for _, _, f in late)
    ev = [Evidence.of(f, f"{label} date (anticipated)", highlight=f.raw) for _, label, f in late]
    tail = ""
    ref_field = ref[1] if ref is not None else None
    if ref is not None:
        ev.append(Evidence.of(ref[1], ref[2]))
        tail = f"; the record was {_ref_words(ref[2])} {_shown(ref[1])} and not brought up to date since"
    yield Finding(
        rule="DATE005", category="status-dates", severity="info", record=trial.id,
        message=f"{_date_list(late)} still anticipated, at least {_years(gap)} past "
                f"{_as_of_words(today, at_label)}{tail}.",
        evidence=ev + ([Evidence.of(at_field, at_label)] if at_field is not None and at_field is not ref_field else []),
        fields=[FIELD_PATHS[attr] for attr, _, _ in late],
        values={**{label: _dv(f).iso for _, label, f in late}, "reference date": today.isoformat(),
                "reference": at_label})


def _recruiting_sites(trial: Trial) -> list:
    return [s for s in trial.sites if s.status is not None and s.status.value == "RECRUITING"]


def _site_finding(trial: Trial, rule_id: str, severity: str, last_known: str | None = None) -> Finding:
    sites = _recruiting_sites(trial)
    status = _status(trial)
    ev = [Evidence.of(trial.overall_status, "overall status", highlight=trial.overall_status.raw)]
    if last_known is not None:
        ev.append(Evidence.of(trial.last_known_status, "last known status", highlight=trial.last_known_status.raw))
    for s in sites[:_MAX_SITES_QUOTED]:
        name = s.facility.value if s.facility is not None else "a site"
        e = Evidence.of(s.status, f"site status: {name}", highlight=s.status.raw)
        if e is not None:
            ev.append(e)
    n = len(sites)
    which = f"{n} site{'s' if n != 1 else ''} {'are' if n != 1 else 'is'}"
    first = sites[0].facility.value if sites[0].facility is not None else None
    named = f" (e.g. {first})" if first and n > 1 else (f" ({first})" if first else "")
    shown = f"'{_status_text(status)}'"
    if last_known is not None:
        shown += f" with last known status '{_status_text(last_known)}'"
    return Finding(
        rule=rule_id, category="status-dates", severity=severity, record=trial.id,
        message=f"{which} still listed as Recruiting{named} while the overall status is "
                f"{shown}; a recruiting site requires the overall status Recruiting.",
        evidence=ev, fields=[FIELD_PATHS["overall_status"], "contactsLocationsModule.locations.status"],
        values={"overall status": status, "recruiting sites": str(n),
                **({"last known status": last_known} if last_known is not None else {})})


@rule("DATE006", category="status-dates", severity="error",
      title="A site is recruiting in a completed, terminated or withdrawn study")
def site_recruiting_in_closed_study(trial: Trial, ctx):
    """What: a location whose status is Recruiting in a study whose overall status is Completed,
    Terminated or Withdrawn.
    Why: ClinicalTrials.gov: if any site is Recruiting, the overall status must be Recruiting; a
    closed study cannot recruit, so the site list is out of date and misleads patients.
    Example: overall status 'Completed', location 'City Hospital ... Recruiting' -> '1 site is still
    listed as Recruiting (City Hospital) while the overall status is 'Completed'; ...'"""
    if _status(trial) in _CLOSED and _recruiting_sites(trial):
        yield _site_finding(trial, "DATE006", "error")


@rule("DATE007", category="status-dates", severity="warning",
      title="A site is recruiting while the overall status is not Recruiting")
def site_recruiting_status_mismatch(trial: Trial, ctx):
    """What: a location whose status is Recruiting while the overall status is Unknown, Suspended,
    Active not recruiting, Not yet recruiting or Enrolling by invitation.
    Under 'Unknown status' the sites are compared with the record's last known status instead:
    silent when it was Recruiting, a warning when it was something else, and info when the record
    does not give it (a registry page).
    Why: ClinicalTrials.gov: if any site is Recruiting, the overall status must be Recruiting.
    'Unknown status' is not the sponsor's word: the registry sets it by itself on an active record not
    verified for two years (or past its completion date) and keeps the sponsor's status as
    last_known_status / lastKnownStatus, leaving the site statuses as they were. Recruiting sites under
    a last known status of Recruiting are therefore what the registry left behind, not a contradiction.
    Example: overall status 'Unknown status', last known status 'Active, not recruiting', three
    locations 'Recruiting' -> '3 sites are still listed as Recruiting (e.g. ...) while the overall
    status is 'Unknown status' with last known status 'Active, not recruiting'; ...'"""
    status = _status(trial)
    if status not in _OPEN_OR_UNKNOWN or status == "RECRUITING" or not _recruiting_sites(trial):
        return
    if status != "UNKNOWN":
        yield _site_finding(trial, "DATE007", "warning")
        return
    last = trial.last_known_status.value if trial.last_known_status is not None else None
    if last is None:
        yield _site_finding(trial, "DATE007", "info")
    elif last != "RECRUITING":
        yield _site_finding(trial, "DATE007", "warning", last)


@rule("DATE008", category="status-dates", severity="warning",
      title="An active status long after the study completion date")
def active_after_completion(trial: Trial, ctx):
    """What: the overall status is Recruiting, Not yet recruiting, Active not recruiting or Enrolling
    by invitation although the study completion date is actual and before the record's last
    verification, or lay more than `active_after_completion_days` (365) before it.
    Why: a study past its completion is not active; either the status or the completion date is out
    of date (the registry turns such records to 'Unknown status' once unverified for two years).
    Example: status 'Recruiting', completion 'June 2015 (Anticipated)', verified 'August 2017' ->
    'The overall status is 'Recruiting' although the study completion date June 2015 was 2 years past
    when the record was last verified (August 2017).'"""
    got = _completion_overdue(trial, ctx)
    if got is None:
        return
    f, ref_day, ref_field, ref_label = got
    b = _bounds(f)
    status = _status(trial)
    yield Finding(
        rule="DATE008", category="status-dates", severity="warning", record=trial.id,
        message=f"The overall status is '{_status_text(status)}' although the {_kind(f)}study completion date "
                f"{_shown(f)} was {_years((ref_day - b[1]).days)} past when the record was "
                f"{_ref_words(ref_label)} ({_shown(ref_field)}).",
        evidence=[Evidence.of(trial.overall_status, "overall status", highlight=trial.overall_status.raw),
                  Evidence.of(f, "study completion date"), Evidence.of(ref_field, ref_label)],
        fields=[FIELD_PATHS["overall_status"], FIELD_PATHS["completion_date"]],
        values={"overall status": status, "study completion": _dv(f).iso, ref_label: ref_day.isoformat()})


@rule("DATE009", category="status-dates", severity="warning",
      title="Registered after the study started (retrospective registration)")
def retrospective_registration(trial: Trial, ctx):
    """What: an interventional study first submitted (or, without that date, first posted) more than
    `retrospective_registration_days` (30) after its actual start date, compared at precision: a
    start 'March 2009' counts from March 31, 2009. Only studies starting on or after July 1, 2005 (when
    the ICMJE policy took effect), whose start date is not anticipated and that were not withdrawn.
    Why: ICMJE requires registration before the first participant is enrolled; a trial registered
    after it started could have changed its outcomes or design unseen.
    Example: start 'March 2009', first posted 'October 8, 2010' -> 'The study was first posted on
    October 8, 2010, at least 18 months after it started (March 2009): registered retrospectively.'"""
    if trial.study_type is None or trial.study_type.value != "INTERVENTIONAL" or _status(trial) == "WITHDRAWN":
        return  # observational studies need no prospective registration; withdrawn ones never started
    start = _dv(trial.start_date)
    if start is None or start.type == "ESTIMATED":
        return
    s_lo, s_hi = date_bounds(start)
    if s_lo < _ICMJE_START:
        return
    reg = trial.first_submitted if _bounds(trial.first_submitted) is not None else trial.first_posted
    rb = _bounds(reg)
    if rb is None:
        return
    gap = (rb[0] - s_hi).days
    if gap <= int(ctx.threshold("retrospective_registration_days")):
        return
    what = "first submitted" if reg is trial.first_submitted else "first posted"
    months = gap * 12 // 365
    span = f"{months} months" if months >= 2 else f"{gap} days"
    yield Finding(
        rule="DATE009", category="status-dates", severity="warning", record=trial.id,
        message=f"The study was {what} on {_shown(reg)}, at least {span} after it started "
                f"({_shown(trial.start_date)}): registered retrospectively.",
        evidence=[Evidence.of(trial.start_date, "study start date"), Evidence.of(reg, what, highlight=reg.raw)],
        fields=[FIELD_PATHS["start_date"], FIELD_PATHS["first_submitted" if what == "first submitted"
                                                       else "first_posted"]],
        values={"study start": start.iso, what: _dv(reg).iso, "days after start": str(gap)})


@rule("DATE010", category="status-dates", severity="info",
      title="An active record has not been updated or verified for years")
def stale_active_record(trial: Trial, ctx):
    """What: a record whose overall status is active (Recruiting, Not yet recruiting, Active not
    recruiting, Enrolling by invitation, Suspended) whose last update and last verification are both
    older than `stale_update_years` (2) before the record's reference date: its data snapshot (legacy
    XML download date, API versionHolder), else the run date; `--today` overrides. A record updated
    shortly before its own snapshot was current when the data was produced.
    Why: ClinicalTrials.gov expects active records to be verified at least every year and marks them
    'Unknown status' after two; patients may contact a study that closed long ago.
    Example: status 'Recruiting', last update posted 'March 1, 2019', verified 'March 2019', audited
    2026-11-23 -> 'The record is 'Recruiting' but was last updated or verified 7 years ago (last update
    posted March 1, 2019; record verified March 2019; as of 2026-11-23).'"""
    status = _status(trial)
    if status not in _ACTIVE + ("SUSPENDED",):
        return
    stamps = _stamps(trial)
    if not stamps:
        return
    latest, f, label = max(stamps, key=lambda s: s[0])
    today, at_label, at_field = as_of(trial, ctx)
    age = (today - latest).days
    if age <= float(ctx.threshold("stale_update_years")) * 365.25:
        return
    yield Finding(
        rule="DATE010", category="status-dates", severity="info", record=trial.id,
        message=f"The record is '{_status_text(status)}' but was last updated or verified {_years(age)} before "
                f"its reference date ({'; '.join(f'{lab} {_shown(g)}' for _, g, lab in stamps)}; "
                f"{_as_of_words(today, at_label)}).",
        evidence=[Evidence.of(trial.overall_status, "overall status")] + [Evidence.of(g, lab) for _, g, lab in stamps] +
                 ([Evidence.of(at_field, at_label)] if at_field is not None else []),
        fields=[FIELD_PATHS["overall_status"], FIELD_PATHS["last_update_posted"]],
        values={"overall status": status, label: latest.isoformat(), "reference date": today.isoformat(),
                "reference": at_label})


def _stamps(trial: Trial) -> list[tuple[dt.date, Field, str]]:
    """The record's last update and last verification, as (last day, field, label)."""
    return [(b[1], f, label) for f, label in ((trial.last_update_posted, "last update posted"),
                                              (trial.status_verified, "record verified"))
            if (b := _bounds(f)) is not None]


def _latest_stamp(trial: Trial) -> tuple[dt.date, Field, str] | None:
    stamps = _stamps(trial)
    return max(stamps, key=lambda s: s[0]) if stamps else None


@rule("DATE011", category="status-dates", severity="warning",
      title="A completed or terminated study has anticipated dates")
def ended_with_anticipated_dates(trial: Trial, ctx):
    """What: the overall status is Completed or Terminated but the start, primary completion or study
    completion date is still marked Anticipated.
    Why: NCI CTRP: a completed study has actual start and primary completion dates; once a study has
    ended its dates are history, and an anticipated one is either not updated or wrong.
    Example: status 'Completed', primary completion 'December 2012 (Anticipated)' -> 'The study is
    'Completed' but its primary completion date December 2012 is still marked anticipated.'"""
    status = _status(trial)
    if status not in ("COMPLETED", "TERMINATED"):
        return
    late = _anticipated(trial)
    if not late:
        return
    yield Finding(
        rule="DATE011", category="status-dates", severity="warning", record=trial.id,
        message=f"The study is '{_status_text(status)}' but {_date_list(late)[0].lower()}{_date_list(late)[1:]} "
                f"still marked anticipated.",
        evidence=[Evidence.of(trial.overall_status, "overall status")] +
                 [Evidence.of(f, f"{label} date", highlight=f.raw) for _, label, f in late],
        fields=[FIELD_PATHS["overall_status"]] + [FIELD_PATHS[attr] for attr, _, _ in late],
        values={"overall status": status, **{label: f"{_dv(f).iso} (anticipated)" for _, label, f in late}})
