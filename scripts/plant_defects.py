"""Planted-defect recall: copy real corpus records, plant ONE defect of a kind in each copy, audit the
copy and count whether a new finding of the matching rule family names the record. The unplanted
originals are audited too: their findings are the noise a curator would have to read anyway.

    PYTHONPATH=$PWD python scripts/plant_defects.py [--per-kind 30] [--seed 7] [--noise 400] [--out FILE.json]

Records come from ../shared/corpus (legacy XML `ctgov-legacy-xml_reesewang25`, API v2
`ctgov-api-v2-json-bulk`), leaving out every record the tests name. Plantings are chosen by this
script's own simple reading of the record (lxml / json), never by the auditor's extractors, and only
where a curator would agree the change is a defect: an age is changed only when the criteria state it,
a dosing interval only where two linked places state the same interval of one product, healthy
volunteers are flipped only when an inclusion item asks for patients with a disease and nothing
admits healthy people, and so on. Seeded and deterministic. Not part of the test suite (minutes).

A planting counts as found when the copy gets a finding of the kind's rule family that the unplanted
original did not have (same rule and message)."""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SOURCES = [CORPUS / "ctgov-legacy-xml_reesewang25", CORPUS / "ctgov-api-v2-json-bulk"]
TODAY = dt.date(2026, 12, 3)

# The rule family whose finding counts as finding each kind of planted defect.
FAMILY = {
    "age_stated": ("AGE",), "age_second_range": ("AGE",),
    "open_label_masked": ("TEXT004", "MASK"), "placebo_arm_open": ("MASK", "TEXT003"),
    "blinded_text_open": ("TEXT003", "MASK"),
    "dose_interval": ("DOSE",), "enrollment": ("ENR", "TEXT006", "TEXT009"),
    "enrollment_text": ("ENR", "TEXT006", "TEXT009"), "enrollment_arms": ("ENR", "TEXT006", "TEXT009"),
    "typo": ("TYPO",), "healthy_flip": ("TEXT005",), "allocation_flip": ("TEXT001",),
    "model_flip": ("TEXT002",), "completion_before_start": ("DATE",), "phase": ("PHASE",),
}
KINDS = list(FAMILY)


# ---- a record, either format ---------------------------------------------------------------

class Rec:
    """The few fields the planter reads and edits, for legacy XML and API v2 JSON alike."""
    fmt: str
    path: Path


class XmlRec(Rec):
    fmt = "xml"

    def __init__(self, path: Path):
        self.path = path
        self.root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()

    def _t(self, xp: str) -> str | None:
        e = self.root.find(xp)
        return e.text if e is not None and e.text is not None else None

    def _set(self, xp: str, value: str) -> None:
        self.root.find(xp).text = value

    # text places: key -> (get, set)
    def places(self) -> dict[str, str]:
        out = {}
        for key, xp in (("brief_title", "brief_title"), ("official_title", "official_title"),
                        ("summary", "brief_summary/textblock"), ("description", "detailed_description/textblock"),
                        ("criteria", "eligibility/criteria/textblock")):
            t = self._t(xp)
            if t:
                out[key] = t
        for n, a in enumerate(self.root.findall("arm_group")):
            d = a.find("description")
            if d is not None and d.text:
                out[f"arm:{n}"] = d.text
        for n, i in enumerate(self.root.findall("intervention")):
            d = i.find("description")
            if d is not None and d.text:
                out[f"int:{n}"] = d.text
        return out

    def set_place(self, key: str, text: str) -> None:
        xps = {"brief_title": "brief_title", "official_title": "official_title", "summary": "brief_summary/textblock",
               "description": "detailed_description/textblock", "criteria": "eligibility/criteria/textblock"}
        if key in xps:
            self._set(xps[key], text)
        else:
            kind, n = key.split(":")
            el = self.root.findall("arm_group" if kind == "arm" else "intervention")[int(n)]
            el.find("description").text = text

    def healthy(self) -> str | None:
        return self._t("eligibility/healthy_volunteers")

    def set_healthy_yes(self) -> None:
        self._set("eligibility/healthy_volunteers", "Accepts Healthy Volunteers")

    def ages(self) -> tuple[str | None, str | None]:
        return self._t("eligibility/minimum_age"), self._t("eligibility/maximum_age")

    def set_age(self, side: str, value: str) -> None:
        self._set(f"eligibility/{side}imum_age", value)

    def allocation(self) -> str | None:
        v = (self._t("study_design_info/allocation") or "").lower()
        return {"randomized": "RANDOMIZED", "non-randomized": "NON_RANDOMIZED"}.get(v, v.upper() or None)

    def set_allocation_nonrandom(self) -> None:
        self._set("study_design_info/allocation", "Non-Randomized")

    def model(self) -> str | None:
        v = (self._t("study_design_info/intervention_model") or "").lower()
        return {"crossover assignment": "CROSSOVER", "parallel assignment": "PARALLEL"}.get(v, v.upper() or None)

    def set_model_parallel(self) -> None:
        self._set("study_design_info/intervention_model", "Parallel Assignment")

    def masking(self) -> str | None:
        v = (self._t("study_design_info/masking") or "").lower()
        for k in ("none", "single", "double", "triple", "quadruple"):
            if v.startswith(k):
                return k.upper()
        return None

    def set_masking_none(self) -> None:
        self._set("study_design_info/masking", "None (Open Label)")

    def arms(self) -> list[dict]:
        out = []
        for a in self.root.findall("arm_group"):
            out.append({"label": a.findtext("arm_group_label") or "", "type": (a.findtext("arm_group_type") or "").lower(),
                        "description": a.findtext("description") or ""})
        return out

    def interventions(self) -> list[dict]:
        out = []
        for i in self.root.findall("intervention"):
            out.append({"name": i.findtext("intervention_name") or "", "description": i.findtext("description") or "",
                        "arms": [e.text or "" for e in i.findall("arm_group_label")],
                        "other_names": [e.text or "" for e in i.findall("other_name")]})
        return out

    def add_placebo_arm(self) -> None:
        arms = self.root.findall("arm_group")
        new = etree.Element("arm_group")
        for tag, text in (("arm_group_label", "Placebo"), ("arm_group_type", "Placebo Comparator"),
                          ("description", "Participants receive a matching placebo on the same schedule.")):
            etree.SubElement(new, tag).text = text
        arms[-1].addnext(new)

    def enrollment(self) -> int | None:
        t = self._t("enrollment")
        return int(t) if t and t.strip().isdigit() else None

    def set_enrollment(self, n: int) -> None:
        self._set("enrollment", str(n))

    def flow_started(self) -> int | None:
        periods = self.root.findall("clinical_results/participant_flow/period_list/period")
        if not periods:
            return None
        for m in periods[0].findall("milestone_list/milestone"):
            if (m.findtext("title") or "").strip().upper() == "STARTED":
                counts = [p.get("count") for p in m.findall("participants_list/participants")]
                groups = self.root.findall("clinical_results/participant_flow/group_list/group")
                if counts and all(c and c.isdigit() for c in counts):
                    # A total column (some flows have one) would double the sum
                    if any((g.findtext("title") or "").strip().lower() == "total" for g in groups):
                        return None
                    return sum(int(c) for c in counts)
        return None

    def dates(self) -> tuple[str | None, str | None]:
        return self._t("start_date"), self._t("completion_date")

    def set_completion(self, text: str) -> None:
        self._set("completion_date", text)

    def phases(self) -> list[str]:
        t = self._t("phase") or ""
        return sorted({f"PHASE{n}" for n in re.findall(r"Phase (\d)", t)}) + (["EARLY_PHASE1"] if "Early" in t else [])

    def set_phase(self, n: int) -> None:
        self._set("phase", f"Phase {n}")

    def conditions(self) -> list[str]:
        return [e.text or "" for e in self.root.findall("condition")]

    def study_type(self) -> str:
        return (self._t("study_type") or "").upper()

    def save(self, dst: Path) -> None:
        dst.write_bytes(etree.tostring(self.root.getroottree(), xml_declaration=True, encoding="UTF-8"))


def _dig(d, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


class JsonRec(Rec):
    fmt = "json"

    def __init__(self, path: Path):
        self.path = path
        self.d = json.loads(path.read_text(encoding="utf-8"))
        self.p = self.d["protocolSection"]

    def places(self) -> dict[str, str]:
        out = {}
        for key, ks in (("brief_title", ("identificationModule", "briefTitle")),
                        ("official_title", ("identificationModule", "officialTitle")),
                        ("summary", ("descriptionModule", "briefSummary")),
                        ("description", ("descriptionModule", "detailedDescription")),
                        ("criteria", ("eligibilityModule", "eligibilityCriteria"))):
            t = _dig(self.p, *ks)
            if isinstance(t, str) and t:
                out[key] = t
        for n, a in enumerate(_dig(self.p, "armsInterventionsModule", "armGroups", default=[]) or []):
            if a.get("description"):
                out[f"arm:{n}"] = a["description"]
        for n, i in enumerate(_dig(self.p, "armsInterventionsModule", "interventions", default=[]) or []):
            if i.get("description"):
                out[f"int:{n}"] = i["description"]
        return out

    def set_place(self, key: str, text: str) -> None:
        ks = {"brief_title": ("identificationModule", "briefTitle"),
              "official_title": ("identificationModule", "officialTitle"),
              "summary": ("descriptionModule", "briefSummary"),
              "description": ("descriptionModule", "detailedDescription"),
              "criteria": ("eligibilityModule", "eligibilityCriteria")}
        if key in ks:
            mod, k = ks[key]
            self.p[mod][k] = text
        else:
            kind, n = key.split(":")
            self.p["armsInterventionsModule"]["armGroups" if kind == "arm" else "interventions"][int(n)]["description"] = text

    def healthy(self) -> str | None:
        v = _dig(self.p, "eligibilityModule", "healthyVolunteers")
        return None if v is None else ("Yes" if v else "No")

    def set_healthy_yes(self) -> None:
        self.p["eligibilityModule"]["healthyVolunteers"] = True

    def ages(self) -> tuple[str | None, str | None]:
        return _dig(self.p, "eligibilityModule", "minimumAge"), _dig(self.p, "eligibilityModule", "maximumAge")

    def set_age(self, side: str, value: str) -> None:
        self.p["eligibilityModule"][f"{side}imumAge"] = value

    def allocation(self) -> str | None:
        return _dig(self.p, "designModule", "designInfo", "allocation")

    def set_allocation_nonrandom(self) -> None:
        self.p["designModule"]["designInfo"]["allocation"] = "NON_RANDOMIZED"

    def model(self) -> str | None:
        return _dig(self.p, "designModule", "designInfo", "interventionModel")

    def set_model_parallel(self) -> None:
        self.p["designModule"]["designInfo"]["interventionModel"] = "PARALLEL"

    def masking(self) -> str | None:
        return _dig(self.p, "designModule", "designInfo", "maskingInfo", "masking")

    def set_masking_none(self) -> None:
        self.p["designModule"]["designInfo"]["maskingInfo"] = {"masking": "NONE"}

    def arms(self) -> list[dict]:
        return [{"label": a.get("label", ""), "type": str(a.get("type", "")).lower().replace("_", " "),
                 "description": a.get("description", "")}
                for a in _dig(self.p, "armsInterventionsModule", "armGroups", default=[]) or []]

    def interventions(self) -> list[dict]:
        return [{"name": i.get("name", ""), "description": i.get("description", ""),
                 "arms": list(i.get("armGroupLabels", [])), "other_names": list(i.get("otherNames", []))}
                for i in _dig(self.p, "armsInterventionsModule", "interventions", default=[]) or []]

    def add_placebo_arm(self) -> None:
        self.p["armsInterventionsModule"]["armGroups"].append(
            {"label": "Placebo", "type": "PLACEBO_COMPARATOR",
             "description": "Participants receive a matching placebo on the same schedule."})

    def enrollment(self) -> int | None:
        v = _dig(self.p, "designModule", "enrollmentInfo", "count")
        return v if isinstance(v, int) else None

    def set_enrollment(self, n: int) -> None:
        self.p["designModule"]["enrollmentInfo"]["count"] = n

    def flow_started(self) -> int | None:
        periods = _dig(self.d, "resultsSection", "participantFlowModule", "periods", default=[]) or []
        if not periods:
            return None
        for m in periods[0].get("milestones", []):
            if m.get("type") == "STARTED":
                counts = [a.get("numSubjects") for a in m.get("achievements", [])]
                if counts and all(str(c).isdigit() for c in counts):
                    return sum(int(c) for c in counts)
        return None

    def dates(self) -> tuple[str | None, str | None]:
        return (_dig(self.p, "statusModule", "startDateStruct", "date"),
                _dig(self.p, "statusModule", "completionDateStruct", "date"))

    def set_completion(self, text: str) -> None:
        self.p["statusModule"]["completionDateStruct"]["date"] = text

    def phases(self) -> list[str]:
        return list(_dig(self.p, "designModule", "phases", default=[]) or [])

    def set_phase(self, n: int) -> None:
        self.p["designModule"]["phases"] = [f"PHASE{n}"]

    def conditions(self) -> list[str]:
        return list(_dig(self.p, "conditionsModule", "conditions", default=[]) or [])

    def study_type(self) -> str:
        return str(_dig(self.p, "designModule", "studyType", default="")).upper()

    def save(self, dst: Path) -> None:
        dst.write_text(json.dumps(self.d, indent=2, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> Rec | None:
    try:
        return XmlRec(path) if path.suffix == ".xml" else JsonRec(path)
    except Exception:   # noqa: BLE001 - a record the planter cannot read is simply not used
        return None


# ---- planters: each returns a description of the edit, or None when the record does not fit ------

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _inclusion_part(crit: str) -> str:
    m = re.search(r"(?is)inclusion criteria:?(.*?)(?:exclusion criteria|$)", crit)
    return m.group(1) if m else ""


def plant_age_stated(r: Rec, rng: random.Random) -> str | None:
    """The stated minimum (or maximum) age changed where an inclusion item states that very age."""
    crit = r.places().get("criteria", "")
    inc = _inclusion_part(crit)
    lo, hi = r.ages()
    sides = []
    for side, v in (("min", lo), ("max", hi)):
        m = re.fullmatch(r"(\d+) Years?", v or "")
        if not m:
            continue
        n = m.group(1)
        # The inclusion text states this age as an age ('aged 18', '18 years', '>= 18'), once.
        age_rx = rf"(?i)(?:\bage[ds]?\b[^.\n]{{0,25}}|[≥>=<≤]\s*)\b{n}\b|\b{n}\s*(?:-|to|and)\s*\d+\s*years|\d+\s*(?:-|to|and)\s*{n}\s*years|\b{n}\s*years"
        # (not an age at another time: 'age at diagnosis <= 18')
        if re.search(age_rx, inc) and not re.search(r"(?i)gestation|cohort|part [a-z0-9]\b|\bage\s+at\b", crit):
            sides.append((side, int(n), hi if side == "min" else lo))
    if not sides:
        return None
    side, n, other = rng.choice(sides)
    other_n = int(re.match(r"\d+", other).group(0)) if other and re.match(r"\d+ Years?", other) else None
    for _ in range(5):
        new = n + rng.choice([-5, -3, -2, 2, 3, 5])
        if new < 1 or new > 99:
            continue
        if other_n is not None and (side == "min" and new >= other_n or side == "max" and new <= other_n):
            continue
        r.set_age(side, f"{new} Years")
        return f"{side}imum age {n} -> {new} Years"
    return None


_AGE_ITEM = re.compile(r"(?im)^(?P<bullet>[ \t]*(?:[-*•]|\d{1,2}[.)]|[a-z][.)])?[ \t]*)(?P<text>[^\n]*\b(?:aged?|years?)\b[^\n]*)$")


def plant_age_second_range(r: Rec, rng: random.Random) -> str | None:
    """A second inclusion item stating another age range, in the bullet style of the list."""
    crit = r.places().get("criteria", "")
    m = re.search(r"(?i)inclusion criteria:?", crit)
    if not m or re.search(r"(?i)gestation|cohort|\bpart [a-z0-9]\b|\bgroup [a-z0-9]\b", crit):
        return None
    end = re.search(r"(?i)exclusion criteria", crit[m.end():])
    inc_start, inc_end = m.end(), m.end() + (end.start() if end else len(crit) - m.end())
    lines = [x for x in re.finditer(r"(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S[^\n]*$", crit[inc_start:inc_end])]
    if len(lines) < 2:
        return None
    lo, hi = r.ages()
    lo_n = int(re.match(r"\d+", lo).group(0)) if lo and re.fullmatch(r"\d+ Years?", lo) else None
    hi_n = int(re.match(r"\d+", hi).group(0)) if hi and re.fullmatch(r"\d+ Years?", hi) else None
    if lo_n is None or lo_n < 12:
        return None
    # A range clearly other than the stated one and overlapping it (not an age band).
    a = lo_n + rng.choice([5, 7, 10, 12])
    b = (hi_n - rng.choice([5, 10])) if hi_n and hi_n - 10 > a else a + rng.choice([20, 30, 40])
    if b <= a + 4:
        return None
    wording = rng.choice([f"Age {a} to {b} years", f"Aged {a}-{b} years", f"Patients aged between {a} and {b} years",
                          f"{a} to {b} years of age", f"Age >= {a} years and <= {b} years"])
    # Inserted before a bullet line (never inside an item wrapped over several lines), in its style.
    line = lines[rng.randrange(len(lines))]
    bullet = re.match(r"[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+", line.group(0)).group(0)
    after = crit[inc_start + line.start() - 2:inc_start + line.start()]
    sep = "\n\n" if after == "\n\n" else "\n"
    pos = inc_start + line.start()
    r.set_place("criteria", crit[:pos] + bullet.lstrip("\n") + wording + sep + crit[pos:])
    return f"inclusion item added: {wording!r} (stated {lo}-{hi})"


_DOUBLE_WORD = re.compile(r"(?i)\b(?:double|triple|quadruple)[- ]blind(?:ed)?\b")


def plant_open_label_masked(r: Rec, rng: random.Random) -> str | None:
    """'open-label' written into a title or the summary of a Double (or higher) masked study."""
    if r.masking() not in ("DOUBLE", "TRIPLE", "QUADRUPLE"):
        return None
    ps = r.places()
    for key in ("official_title", "brief_title", "summary"):
        t = ps.get(key, "")
        if _DOUBLE_WORD.search(t):
            new = _DOUBLE_WORD.sub(lambda m: "open-label" if m.group(0)[0].islower() else "Open-Label", t, count=1)
            r.set_place(key, new)
            return f"{key}: '{_DOUBLE_WORD.search(t).group(0)}' -> 'open-label'"
    for key in ("official_title", "brief_title"):
        t = ps.get(key, "")
        m = re.search(r"\b(?:A|An)\s+(?=(?:[A-Z][\w-]*,?\s+){0,3}(?:Study|Trial)\b)", t)
        if m:
            r.set_place(key, t[:m.start()] + "An Open-Label, " + t[m.end():])
            return f"{key}: 'An Open-Label' inserted"
    return None


def plant_placebo_arm_open(r: Rec, rng: random.Random) -> str | None:
    """A placebo comparator arm added to an open-label (masking None) study with one or more arms."""
    if r.masking() != "NONE" or r.study_type() != "INTERVENTIONAL" or not r.arms():
        return None
    if any("placebo" in (a["label"] + a["type"]).lower() for a in r.arms()):
        return None
    r.add_placebo_arm()
    return "arm 'Placebo' (Placebo Comparator) added"


def plant_blinded_text_open(r: Rec, rng: random.Random) -> str | None:
    """Masking set to None (Open Label) in a record whose title or summary says double-blind."""
    if r.masking() not in ("DOUBLE", "TRIPLE", "QUADRUPLE"):
        return None
    ps = r.places()
    if not any(_DOUBLE_WORD.search(ps.get(k, "")) for k in ("official_title", "brief_title", "summary")):
        return None
    old = r.masking()
    r.set_masking_none()
    return f"masking {old} -> None (Open Label)"


# Intervals the planter recognises, and what each becomes.
_INTERVALS = [
    (re.compile(r"(?i)\bevery (\d+|two|three|four|six) (days|weeks|months)\b"), None),
    (re.compile(r"(?i)\bonce (?:a day|daily)\b"), "twice daily"),
    (re.compile(r"(?i)\btwice (?:a day|daily)\b"), "once daily"),
    (re.compile(r"(?i)\bthree times (?:a day|daily)\b"), "twice daily"),
    (re.compile(r"(?i)\bonce (?:a week|weekly)\b"), "once every 2 weeks"),
    (re.compile(r"(?i)\b(\d+)-day cycles?\b"), None),
]
_WORD_N = {"two": 2, "three": 3, "four": 4, "six": 6}
_ANY_INTERVAL = re.compile(r"(?i)\b(?:every|each)\s+(?:other\s+)?(?:\d+\s*)?(?:\w+\s+)?(?:days?|weeks?|months?|hours?)\b|"
                          r"\b(?:daily|weekly|monthly|q\.?\d+\s*[hdwm]\b|b\.?i\.?d|t\.?i\.?d|q\.?d)\b|\bcycles?\b")
_ALTERNATIVE = re.compile(r"(?i)\b(?:daily|weekly|monthly|weeks|days|once|twice)\s+or\s+(?:\w+\s+){0,2}?(?:daily|weekly|monthly|every|once|twice)\b")


def _n_intervals(text: str) -> int:
    return len(_ANY_INTERVAL.findall(text))


def _changed_interval(m: re.Match, repl: str | None, rng: random.Random) -> str:
    if repl is not None:
        return repl
    n = m.group(1)
    v = _WORD_N.get(n.lower(), None) or int(n)
    new = v + rng.choice([1, 2]) if v < 4 else v * 2
    return m.group(0).replace(n, str(new), 1)


def plant_dose_interval(r: Rec, rng: random.Random) -> str | None:
    """An interval stated alike in an intervention's description and in a linked arm's description (or
    the summary/description sentence naming the product) changed in one of the two places."""
    ps = r.places()
    ints = r.interventions()
    arms = r.arms()
    pairs = []
    for n, i in enumerate(ints):
        idesc = ps.get(f"int:{n}")
        if not idesc or len(i["name"]) < 3:
            continue
        others = []
        given_by = [k for k, a in enumerate(arms) if a["label"] in i["arms"]]
        # The product given in one arm only: that arm's description states its regimen when the arm
        # gives nothing else, or when the sentence names the product.
        if len(given_by) == 1 and f"arm:{given_by[0]}" in ps:
            k = given_by[0]
            alone = sum(arms[k]["label"] in j["arms"] for j in ints) == 1
            others.append((f"arm:{k}", alone))
        for key in ("summary", "description"):
            if key in ps and i["name"].lower() in ps[key].lower():
                others.append((key, False))
        if _n_intervals(idesc) != 1 or _ALTERNATIVE.search(idesc):
            continue    # one regimen only: 'once or twice daily', 'weekly or every 3 weeks' are not planted
        for rx, repl in _INTERVALS:
            mi = list(rx.finditer(idesc))
            if len(mi) != 1:
                continue
            for o, alone in others:
                mo = [m for m in rx.finditer(ps[o]) if m.group(0).lower() == mi[0].group(0).lower()]
                if len(mo) != 1 or (o.startswith("arm:") and (_n_intervals(ps[o]) != 1 or _ALTERNATIVE.search(ps[o]))):
                    continue
                if not alone:
                    sent = re.findall(r"[^.]*" + re.escape(mo[0].group(0)) + r"[^.]*", ps[o])
                    if not sent or i["name"].lower() not in sent[0].lower():
                        continue
                pairs.append((f"int:{n}", mi[0], o, mo[0], repl))
    if not pairs:
        return None
    ik, im, ok, om, repl = rng.choice(pairs)
    key, m = (ik, im) if rng.random() < 0.5 else (ok, om)
    new = _changed_interval(m, repl, rng)
    t = ps[key]
    r.set_place(key, t[:m.start()] + new + t[m.end():])
    return f"{key}: {m.group(0)!r} -> {new!r} (other place {ok if key == ik else ik})"


_ENROLLED_TEXT = re.compile(r"(?i)\b(?:a total of\s+)?(\d{2,5})\s+(?:patients|participants|subjects|women|men|children|"
                            r"adults|volunteers)\s+(?:were|have been)\s+(?:enrolled|randomi[sz]ed|included)\b")


def plant_enrollment(r: Rec, rng: random.Random) -> str | None:
    """The enrollment changed where the flow's STARTED total or the text's number enrolled equals it."""
    enr = r.enrollment()
    if not enr or enr < 10:
        return None
    started = r.flow_started()
    text_n = None
    for key in ("summary", "description"):
        for m in _ENROLLED_TEXT.finditer(r.places().get(key, "")):
            if int(m.group(1)) == enr:
                text_n = key
    if started != enr and text_n is None:
        return None
    new = enr + max(5, round(enr * rng.choice([0.2, 0.3, 0.5]))) * rng.choice([1, -1])
    if new <= 0:
        new = enr * 2
    r.set_enrollment(new)
    why = "flow STARTED total" if started == enr else f"number enrolled in the {text_n}"
    return f"enrollment {enr} -> {new} ({why} is {enr})"


_PLANNED_TEXT = re.compile(
    r"(?i)\b(?:a total of\s+)?(\d{2,5})\s+(?:\w+\s+){0,2}?(?:patients|participants|subjects|women|men|children|adults|"
    r"volunteers|individuals)\s+(?:will\s+be|were|are|have\s+been)\s+(?:enrolled|randomi[sz]ed|included|recruited)\b")
_ARM_N = re.compile(r"(?i)\(?\bn\s*=\s*(\d{1,4})\)?")


def plant_enrollment_text(r: Rec, rng: random.Random) -> str | None:
    """The enrollment changed where the summary or description says how many are (or will be) enrolled
    or randomized, that number being the enrollment."""
    enr = r.enrollment()
    if not enr or enr < 10:
        return None
    ps = r.places()
    for key in ("summary", "description"):
        text = ps.get(key, "")
        # the whole study's number, not an approximation or a part ('Up to 999', 'About 60 ... at MD Anderson')
        ms = [m for m in _PLANNED_TEXT.finditer(text) if int(m.group(1)) == enr and
              not re.search(r"(?i)(?:approximately|about|up\s+to|around|at\s+least|estimated|~)\s*$", text[max(0, m.start() - 25):m.start()])
              and not re.search(r"(?i)\b(?:each|per|group|arm|site|centre|center)\b", text[m.end():m.end() + 40])]
        if ms:
            new = enr + max(6, round(enr * rng.choice([0.25, 0.4, 0.6]))) * rng.choice([1, -1])
            new = new if new > 0 else enr * 2
            r.set_enrollment(new)
            return f"enrollment {enr} -> {new} ({key} says {ms[0].group(0)!r})"
    return None


def plant_enrollment_arms(r: Rec, rng: random.Random) -> str | None:
    """The enrollment lowered below the arm sizes the arm descriptions give ('n = 40'), which add up to it."""
    enr = r.enrollment()
    arms = r.arms()
    if not enr or len(arms) < 2:
        return None
    sizes = []
    for a in arms:
        ns = _ARM_N.findall(a["description"] + " " + a["label"])
        if len(ns) != 1:
            return None
        sizes.append(int(ns[0]))
    if sum(sizes) != enr:
        return None
    new = enr - max(4, round(enr * rng.choice([0.2, 0.3, 0.5])))
    if new <= 0:
        return None
    r.set_enrollment(new)
    return f"enrollment {enr} -> {new} (arm sizes {sizes} add up to {enr})"


_COMMON = ("patients", "treatment", "efficacy", "safety", "randomized", "placebo", "controlled", "evaluate",
           "effect", "effects", "clinical", "therapy", "children", "disease", "compared", "versus", "receive",
           "participants", "chronic", "primary", "response", "between", "whether", "improve", "determine",
           "patient", "study", "trial", "subjects", "cancer", "compare", "healthy", "purpose", "administration",
           "outcome", "outcomes", "quality", "reduce", "increase", "evaluation", "prevention", "infection",
           "function", "standard", "surgery", "symptoms", "followed", "assessed", "received", "hospital",
           "tolerability", "pharmacokinetics", "intervention", "following", "population", "investigate")
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def _one_edit(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["delete", "swap", "sub", "double"])
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word[:i] + word[i + 1:]
    if op == "sub":
        c = rng.choice([k for k in _KEYS if k != word[i].lower()])
        return word[:i] + c + word[i + 1:]
    return word[:i] + word[i] + word[i:]


_SPELLER = None


def _real_word(w: str) -> bool:
    global _SPELLER
    if _SPELLER is None:
        from auditor.extract.lexicon import default_lexicon
        _SPELLER = default_lexicon()
    low = w.lower()
    return low in _SPELLER.english or low in _SPELLER.medical


def plant_typo(r: Rec, rng: random.Random) -> str | None:
    """A common word of a title or the summary misspelt by one edit (not itself a word)."""
    ps = r.places()
    cands = []
    for key in ("brief_title", "official_title", "summary"):
        for m in re.finditer(r"\b[A-Za-z]{5,}\b", ps.get(key, "")):
            if m.group(0).lower() in _COMMON:
                cands.append((key, m))
    if not cands:
        return None
    key, m = rng.choice(cands)
    for _ in range(10):
        bad = _one_edit(m.group(0), rng)
        if bad != m.group(0) and not _real_word(bad):
            t = ps[key]
            r.set_place(key, t[:m.start()] + bad + t[m.end():])
            return f"{key}: {m.group(0)!r} -> {bad!r}"
    return None


# An inclusion item asking for patients who have a disease: the planter's own reading.
_NEEDS_DISEASE = re.compile(
    r"(?i)^(?:[-*•\d.) \t]*)(?:(?:adult|male|female|pediatric|paediatric|ambulatory|hospitali[sz]ed|outpatient)\s+)?"
    r"(?:patients?|subjects?|participants?|men|women|adults?|children|individuals?)\s+"
    r"(?:(?:newly|previously|clinically|histologically|confirmed|documented|established|known|diagnosed)\s+)?"
    r"(?:with|who\s+have|having|diagnosed\s+with|suffering\s+from)\s+(?!no\b|normal\b|healthy\b)\S|"
    r"^(?:[-*•\d.) \t]*)(?:a\s+)?(?:confirmed\s+|documented\s+|established\s+|clinical\s+)?diagnos(?:is|ed)\s+(?:of|with)\b|"
    r"^(?:[-*•\d.) \t]*)(?:histologically|cytologically|pathologically)\b")
_ADMITS_HEALTHY = re.compile(r"(?i)\bhealthy\b|\bvolunteers?\b|\bcontrols\b|\bcontrol\s+(?:group|arm|subjects|participants|cohort)\b|"
                             r"\bdonors?\b|\bcare-?givers?\b|\bnormal\s+(?:subjects|volunteers|controls|individuals|people)\b")


def plant_healthy_flip(r: Rec, rng: random.Random) -> str | None:
    """Healthy volunteers set to accepted in a record whose inclusion criteria ask for patients with a
    disease and nowhere admit healthy people."""
    if r.healthy() not in ("No",) or r.study_type() != "INTERVENTIONAL":
        return None
    ps = r.places()
    crit = ps.get("criteria", "")
    inc = _inclusion_part(crit)
    if not inc or any(_ADMITS_HEALTHY.search(t) for t in ps.values()):
        return None
    if any(re.search(r"(?i)healthy|volunteer|prevent|vaccin|smok", c) for c in r.conditions()):
        return None
    items = [x.strip() for x in re.split(r"\n\s*\n|\n\s*(?=[-*•]|\d{1,2}[.)])", inc) if x.strip()]
    hits = [x for x in items if _NEEDS_DISEASE.search(x)]
    if not hits:
        return None
    r.set_healthy_yes()
    return f"healthy volunteers No -> Yes; inclusion item {hits[0][:70]!r}"


_RANDOMIZED = re.compile(r"(?i)(?<![-\w])randomi[sz]ed\b")
_NOT_RANDOMIZED = re.compile(r"(?i)non-?\s?randomi|not\s+(?:be\s+)?randomi|randomi[sz]ed\s+(?:controlled\s+)?trials\s+(?:have|show)")


def plant_allocation_flip(r: Rec, rng: random.Random) -> str | None:
    """Allocation set to Non-Randomized in a record whose title or summary calls it randomized."""
    if r.allocation() != "RANDOMIZED":
        return None
    ps = r.places()
    if any(_NOT_RANDOMIZED.search(t) for t in ps.values()):
        return None
    for key in ("official_title", "brief_title", "summary"):
        t = ps.get(key, "")
        m = _RANDOMIZED.search(t)
        if m and (key != "summary" or re.search(r"(?i)\b(?:this|the|a)\s+(?:\w+[\s,-]+){0,4}?randomi[sz]ed", t)):
            r.set_allocation_nonrandom()
            return f"allocation Randomized -> Non-Randomized ({key} says {m.group(0)!r})"
    return None


def plant_model_flip(r: Rec, rng: random.Random) -> str | None:
    """Intervention model set to Parallel in a crossover study whose title or summary says crossover."""
    if r.model() != "CROSSOVER":
        return None
    ps = r.places()
    for key in ("official_title", "brief_title", "summary"):
        m = re.search(r"(?i)\bcross-?\s?over\b", ps.get(key, ""))
        if m:
            r.set_model_parallel()
            return f"model Crossover -> Parallel ({key} says {m.group(0)!r})"
    return None


def _year(d: str | None) -> int | None:
    m = re.search(r"(19|20)\d\d", d or "")
    return int(m.group(0)) if m else None


def plant_completion_before_start(r: Rec, rng: random.Random) -> str | None:
    """The completion date moved one to three years before the start date."""
    start, comp = r.dates()
    ys = _year(start)
    if ys is None or comp is None:
        return None
    new_year = ys - rng.choice([1, 2, 3])
    month = rng.randrange(12)
    new = f"{_MONTHS[month]} {new_year}" if r.fmt == "xml" else f"{new_year}-{month + 1:02d}"
    r.set_completion(new)
    return f"completion {comp} -> {new} (start {start})"


def plant_phase(r: Rec, rng: random.Random) -> str | None:
    """The phase changed in a record whose title states its phase."""
    ph = r.phases()
    if len(ph) != 1 or not re.fullmatch(r"PHASE[1-4]", ph[0]):
        return None
    n = int(ph[0][-1])
    ps = r.places()
    for key in ("official_title", "brief_title"):
        m = re.search(r"(?i)\bphase\s+(?:I{1,3}V?|IV|[1-4])\b", ps.get(key, ""))
        if m:
            word = m.group(0).split()[-1].upper()
            said = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(word) or int(word) if word.isdigit() or word in ("I", "II", "III", "IV") else None
            if said != n:
                return None
            new = rng.choice([k for k in (1, 2, 3, 4) if abs(k - n) >= 1 and k != n])
            r.set_phase(new)
            return f"phase {n} -> {new} ({key} says {m.group(0)!r})"
    return None


PLANTERS = {k: globals()[f"plant_{k}"] for k in KINDS}


# ---- auditing -------------------------------------------------------------------------------

_RULES = None


def audit_file(path: Path) -> list[dict]:
    """The record rules' findings on one file: [{rule, record, message}]."""
    global _RULES
    from auditor.config import Config
    from auditor.context import Context
    from auditor.pipeline import read_inputs, run_checks
    from auditor.rules import load_rules
    if _RULES is None:
        _RULES = load_rules()
    cfg = Config()
    run = read_inputs([path], cfg)
    ctx = Context(config=cfg, today=TODAY, trials=run.trials, publications=run.publications)
    found = run_checks(ctx, _RULES, scopes=("record",))
    return sorted(({"rule": f.rule, "record": f.record, "message": f.message} for f in found),
                  key=lambda x: (x["rule"], x["message"]))


def test_ids(tests: Path) -> set[str]:
    """Every registry id the tests name (those records are not planted)."""
    ids: set[str] = set()
    for p in tests.rglob("*"):
        if p.is_file() and p.suffix in (".py", ".txt", ".xml", ".json", ".md"):
            ids.update(re.findall(r"NCT\d{8}", p.read_text(encoding="utf-8", errors="ignore")))
    return ids


@dataclass
class Planting:
    kind: str
    record: str
    source: str
    edit: str
    found: bool = False
    rules: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _family(rule_id: str, kind: str) -> bool:
    return any(rule_id.startswith(p) for p in FAMILY[kind])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--noise", type=int, default=400, help="unplanted records audited for the noise count")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--out", type=Path, default=None, help="write every planting and noise finding as JSON")
    ap.add_argument("--tests", type=Path, default=REPO / "tests",
                    help="records these tests name are left out (give the same folder to compare two trees)")
    ap.add_argument("--keep", type=Path, default=None, help="write the planted copies here (default: a new temp folder)")
    args = ap.parse_args(argv)
    skip = test_ids(args.tests)
    pool = sorted(p for s in SOURCES for p in s.iterdir() if p.suffix in (".xml", ".json") and p.stem not in skip)
    rng = random.Random(args.seed)
    order = pool[:]
    rng.shuffle(order)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="recall-plant-"))
    originals: dict[Path, list[dict]] = {}
    plantings: list[Planting] = []
    for kind in args.kinds.split(","):
        krng = random.Random(f"{args.seed}:{kind}")
        got = 0
        for path in order:
            if got >= args.per_kind:
                break
            rec = load(path)
            if rec is None:
                continue
            edit = PLANTERS[kind](rec, krng)
            if edit is None:
                continue
            dst = tmp / kind / path.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            rec.save(dst)
            if path not in originals:
                originals[path] = audit_file(path)
            before = {(f["rule"], f["message"]) for f in originals[path]}
            after = audit_file(dst)
            new = [f for f in after if (f["rule"], f["message"]) not in before and _family(f["rule"], kind)]
            pl = Planting(kind, path.stem, str(path.relative_to(CORPUS)), edit, bool(new),
                          [f["rule"] for f in new], [f["message"] for f in new])
            plantings.append(pl)
            got += 1
    # Noise: findings on unplanted records (the planted records first, then more of the pool).
    noise_paths = list(dict.fromkeys(list(originals) + order))[:max(args.noise, 0)]
    noise: list[dict] = []
    for p in noise_paths:
        fs = originals.get(p)
        if fs is None:
            fs = originals[p] = audit_file(p)
        for f in fs:
            noise.append({**f, "source": str(p.relative_to(CORPUS))})
    # Report
    by_kind: dict[str, list[Planting]] = defaultdict(list)
    for pl in plantings:
        by_kind[pl.kind].append(pl)
    print(f"seed {args.seed}, {len(plantings)} plantings in {len(set(pl.source for pl in plantings))} records, "
          f"{len(noise_paths)} unplanted records")
    print(f"{'kind':26} {'found':>6} {'planted':>8} {'recall':>7}")
    for kind in KINDS:
        xs = by_kind.get(kind, [])
        if xs:
            k = sum(pl.found for pl in xs)
            print(f"{kind:26} {k:6d} {len(xs):8d} {k / len(xs):7.0%}")
    total = sum(pl.found for pl in plantings)
    if plantings:
        print(f"{'overall':26} {total:6d} {len(plantings):8d} {total / len(plantings):7.0%}")
    counts = Counter(f["rule"] for f in noise)
    print(f"noise: findings per 100 unplanted records ({len(noise_paths)} records), rules of the planted families")
    fams = sorted({p for k in args.kinds.split(",") for p in FAMILY[k]})
    for rule_id, n in sorted(counts.items()):
        if any(rule_id.startswith(p) for p in fams):
            print(f"  {rule_id:9} {100 * n / max(1, len(noise_paths)):6.1f}  ({n})")
    if args.out:
        args.out.write_text(json.dumps({"seed": args.seed, "plantings": [pl.__dict__ for pl in plantings],
                                        "noise_records": [str(p.relative_to(CORPUS)) for p in noise_paths],
                                        "noise": noise}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
