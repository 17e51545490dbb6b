"""Repeated items of registry page renderings: arms, interventions and outcomes.

Pages write them three ways: with a label before every value ('Arm Title' / value, the PRS layout),
in columns ('Arm 1', 'Arm 2', then one row label and one value per column), or with no labels at all
(mirror and aggregator pages: a name line, then type and description lines). The unlabelled way is
read by line shape: a name is short and does not end like a sentence; a description does."""
from __future__ import annotations

from .. import vocab
from ..model import Arm, Field, Intervention, Outcome
from .text_common import Doc, norm_label, unescape
from .text_registry_vocab import (
    COLUMN_HEADER, INTERVENTION_TYPE_INLINE, LABELS, LIST_LABELS, OUTCOME_KIND, TIME_FRAME_SUFFIX, TYPE_PREFIX,
    arm_type_of, heading_kind, is_title_like,
)

Body = list[tuple[int, str]]

_ARM_SPEC = {"arm title": "label", "arm label": "label", "arm/group title": "label", "arm group label": "label",
             "arm type": "type", "arm/group type": "type", "arm description": "description",
             "arm/group description": "description", "assigned interventions": "interventions"}
_INT_SPEC = {"intervention type": "type", "intervention name(s)": "name", "intervention name": "name",
             "intervention names": "name", "intervention description": "description",
             "other intervention name(s)": "other_names", "other names": "other_names"}
_OUTCOME_SPEC = {"title": "title", "outcome measure": "title", "measure": "title", "time frame": "time_frame",
                 "description": "description", "outcome description": "description",
                 "measure description": "description"}
_ARM_INNER = {"description": "description", "arm description": "description", "treatment": "treat",
              "treatments": "treat", "intervention": "treat", "interventions": "treat",
              "assigned interventions": "treat"}
_TYPE_NAMES = {"biological/vaccine": "BIOLOGICAL", "procedure/surgery": "PROCEDURE"}


def is_label(s: str) -> bool:
    """A line that is a field label or a heading, never a value."""
    if len(s) > 100:
        return False
    n = norm_label(s)
    return n in LABELS or n in LIST_LABELS or heading_kind(s) is not None or bool(OUTCOME_KIND.match(s))


def text_field(doc: Doc, rows: Body) -> Field | None:
    """A (possibly multi-line) text value: raw as written from its first to its last line."""
    if not rows:
        return None
    raw = doc.span(rows[0][0], rows[-1][0]) if len(rows) > 1 else rows[0][1]
    return doc.field(unescape(raw), raw, rows[0][0])


def intervention_type(doc: Doc, raw: str, line: int) -> Field:
    low = raw.strip().lower()
    return doc.field(_TYPE_NAMES.get(low) or vocab.enum_value("InterventionType", raw), raw, line)


def name_field(doc: Doc, n: int, s: str) -> tuple[Field, Field | None]:
    """A name line, with its 'Drug: ' style type prefix split off when there is one."""
    m = TYPE_PREFIX.match(s)
    if m:
        name = m.group("name")
        return doc.field(unescape(name), name, n), intervention_type(doc, m.group("type"), n)
    return doc.field(unescape(s), s, n), None


def labelled_records(body: Body, specs: dict[str, dict[str, str]]) -> list[tuple[str, dict[str, Body]]]:
    """Records from 'Label' / value line pairs. A label seen again in the open record, or a label of
    another record kind, starts a new record. Lines after a value, before the next label, continue it."""
    lookup = {label: (kind, key) for kind, spec in specs.items() for label, key in spec.items()}
    records: list[tuple[str, dict[str, Body]]] = []
    cur: tuple[str, dict[str, Body]] | None = None
    last: str | None = None
    i = 0
    while i < len(body):
        n, s = body[i]
        hit = lookup.get(norm_label(s)) if len(s) <= 100 else None
        if hit is None:
            if cur is not None and last is not None and not is_label(s):
                cur[1][last].append((n, s))
            i += 1
            continue
        kind, key = hit
        if cur is None or cur[0] != kind or key in cur[1]:
            cur = (kind, {})
            records.append(cur)
        cur[1][key] = []
        last = key
        i += 1
    return records


def _arm_from(doc: Doc, rec: dict[str, Body]) -> Arm:
    arm = Arm(label=text_field(doc, rec.get("label", [])), description=text_field(doc, rec.get("description", [])))
    if rec.get("type"):
        n, s = rec["type"][0]
        arm.type = doc.field(vocab.enum_value("ArmGroupType", s), s, n)
    for n, s in rec.get("interventions", []):
        arm.intervention_names.append(name_field(doc, n, s)[0])
    return arm


def _intervention_from(doc: Doc, rec: dict[str, Body]) -> Intervention:
    iv = Intervention(description=text_field(doc, rec.get("description", [])))
    if rec.get("name"):
        n, s = rec["name"][0]
        iv.name, iv.type = name_field(doc, n, s)
    if rec.get("type"):
        n, s = rec["type"][0]
        iv.type = intervention_type(doc, s, n)
    for n, s in rec.get("other_names", []):
        iv.other_names.append(doc.field(unescape(s), s, n))
    return iv


def _columns(doc: Doc, body: Body) -> list[Arm]:
    """'Arm 1' / 'Arm 2' headers, then each row label followed by one value per column."""
    heads = [i for i, (_, s) in enumerate(body) if COLUMN_HEADER.match(s)]
    k = len(heads)
    arms = [Arm() for _ in range(k)]
    i = heads[-1] + 1
    while i < len(body):
        key = _ARM_SPEC.get(norm_label(body[i][1]))
        if key is None:
            i += 1
            continue
        vals = []
        j = i + 1
        while j < len(body) and len(vals) < k and not is_label(body[j][1]):
            vals.append(body[j])
            j += 1
        for arm, (n, s) in zip(arms, vals):
            if key == "label":
                arm.label = doc.field(unescape(s), s, n)
            elif key == "type":
                arm.type = doc.field(vocab.enum_value("ArmGroupType", s), s, n)
            elif key == "description":
                arm.description = doc.field(unescape(s), s, n)
            else:
                arm.intervention_names.append(name_field(doc, n, s)[0])
        i = j
    return arms


def _free_arms(doc: Doc, body: Body, known: set[str]) -> list[Arm]:
    """Arms written without labels: name, optional type line, description lines, intervention names.

    Intervention names are told from arm names by the page's own intervention list (`known`, lower
    case) and by position: the line right after an arm name is an intervention, a line followed by
    a type line is an arm name."""
    arms: list[Arm] = []
    desc: dict[int, Body] = {}
    cur: Arm | None = None
    # after_label: right after an arm name; arm_desc: description lines read by shape; desc_label:
    # after a 'Description:' label; treat: after a 'Treatment:' label; int: after an intervention name.
    mode = "none"
    for i, (n, s) in enumerate(body):
        nxt = body[i + 1][1] if i + 1 < len(body) else None
        t = arm_type_of(s)
        if t is not None:
            if cur is None:
                cur = Arm()
                arms.append(cur)
            raw = s.split(None, 2)[-1] if s.lower().startswith(("group type", "arm type")) else s
            cur.type = doc.field(t or None, raw, n)
            continue
        inner = _ARM_INNER.get(norm_label(s)) if s.endswith(":") or norm_label(s) in ("description",) else None
        if inner is not None:
            mode = "desc_label" if inner == "description" else "treat"
            continue
        if INTERVENTION_TYPE_INLINE.match(s):
            mode = "int"
            continue
        title = is_title_like(s)
        if title and nxt is not None and arm_type_of(nxt) is not None:
            cur = Arm(label=doc.field(unescape(s), s, n))
            arms.append(cur)
            mode = "after_label"
            continue
        if mode == "desc_label" and cur is not None:
            desc.setdefault(id(cur), []).append((n, s))
            continue
        if mode == "treat" and cur is not None and (title or TYPE_PREFIX.match(s)):
            cur.intervention_names.append(name_field(doc, n, s)[0])
            continue
        if title:
            low = s.lower()
            if cur is None:
                new_arm = True
            elif mode == "after_label":
                new_arm = False
            elif low in known:
                new_arm = nxt is not None and nxt.lower() in known and is_title_like(nxt)
            elif known:
                new_arm = True
            else:
                new_arm = bool(cur.intervention_names)
            if new_arm:
                cur = Arm(label=doc.field(unescape(s), s, n))
                arms.append(cur)
                mode = "after_label"
            else:
                cur.intervention_names.append(name_field(doc, n, s)[0])
                mode = "int"
            continue
        if cur is not None and mode in ("after_label", "arm_desc") and not cur.intervention_names:
            desc.setdefault(id(cur), []).append((n, s))
            mode = "arm_desc"
    for arm in arms:
        rows = desc.get(id(arm))
        if rows:
            arm.description = text_field(doc, rows)
    return arms


def parse_arms(doc: Doc, body: Body, known: set[str]) -> tuple[list[Arm], list[Intervention]]:
    """Arms of an arms section, and interventions when the section also lists them (PRS layout)."""
    if any(COLUMN_HEADER.match(s) for _, s in body):
        return _columns(doc, body), []
    labels = {norm_label(s) for _, s in body if len(s) <= 100}
    if labels & (set(_ARM_SPEC) | set(_INT_SPEC)):
        recs = labelled_records(body, {"arm": _ARM_SPEC, "intervention": _INT_SPEC})
        arms = [_arm_from(doc, r) for k, r in recs if k == "arm"]
        ivs = [_intervention_from(doc, r) for k, r in recs if k == "intervention"]
        return arms, ivs
    return _free_arms(doc, body, known), []


def parse_interventions(doc: Doc, body: Body) -> list[Intervention]:
    """Interventions: labelled records, or name lines ('Drug: X' or a bare name) with their type and
    description lines."""
    labels = {norm_label(s) for _, s in body if len(s) <= 100}
    if labels & set(_INT_SPEC):
        return [_intervention_from(doc, r) for _, r in labelled_records(body, {"intervention": _INT_SPEC})]
    out: list[Intervention] = []
    desc: dict[int, Body] = {}
    cur: Intervention | None = None
    for n, s in body:
        m = INTERVENTION_TYPE_INLINE.match(s)
        if m:
            if cur is None or cur.type is not None:
                cur = Intervention()
                out.append(cur)
            cur.type = intervention_type(doc, m.group("v"), n)
            continue
        if TYPE_PREFIX.match(s) or is_title_like(s):
            if cur is None or cur.name is not None:
                cur = Intervention()
                out.append(cur)
            name, typ = name_field(doc, n, s)
            cur.name = name
            if typ is not None:
                cur.type = typ
            continue
        if cur is not None:
            desc.setdefault(id(cur), []).append((n, s))
    for iv in out:
        rows = desc.get(id(iv))
        if rows:
            iv.description = text_field(doc, rows)
    return out


def parse_outcomes(doc: Doc, body: Body, heading: str | None) -> list[Outcome]:
    """Outcomes under 'Primary/Secondary Outcome Measure(s)' markers: 'Title' / 'Time Frame' labels,
    or one title per line ('Title [Time Frame: ...]' splits off its time frame)."""
    kind = "primary"
    if heading:
        m = OUTCOME_KIND.match(heading)
        kind = _outcome_kind(m.group("k")) if m else "primary"
    out: list[Outcome] = []
    cur: Outcome | None = None
    last: str | None = None
    i = 0
    while i < len(body):
        n, s = body[i]
        m = OUTCOME_KIND.match(s)
        if m:
            kind = _outcome_kind(m.group("k"))
            cur, last = None, None
            i += 1
            continue
        key = _OUTCOME_SPEC.get(norm_label(s)) if len(s) <= 60 else None
        if key is not None:
            if i + 1 < len(body) and not is_label(body[i + 1][1]):
                vn, vs = body[i + 1]
                if cur is None or key == "title" or getattr(cur, key) is not None:
                    cur = Outcome(kind=kind)
                    out.append(cur)
                setattr(cur, key, doc.field(unescape(vs), vs, vn))
                last = key
                i += 2
                continue
            i += 1
            continue
        if last is not None:     # a further line of a labelled value: keep the first line only
            i += 1
            continue
        tf = TIME_FRAME_SUFFIX.search(s)
        title = s[:tf.start()] if tf else s
        cur = Outcome(kind=kind, title=doc.field(unescape(title), title, n))
        if tf:
            cur.time_frame = doc.field(unescape(tf.group("tf").strip()), tf.group("tf").strip(), n)
        out.append(cur)
        i += 1
    return out


def _outcome_kind(word: str) -> str:
    w = word.lower()
    return "primary" if w.startswith("primary") else "secondary" if w.startswith("secondary") else "other"


def link_arms(arms: list[Arm], interventions: list[Intervention]) -> None:
    """Fill each intervention's arm labels from the arms that name it (case-insensitive)."""
    by_name = {iv.name.value.lower(): iv for iv in interventions if iv.name and iv.name.value}
    for arm in arms:
        if arm.label is None:
            continue
        for nm in arm.intervention_names:
            iv = by_name.get(str(nm.value).lower())
            if iv is not None and all(a.value != arm.label.value for a in iv.arm_labels):
                iv.arm_labels.append(arm.label)
