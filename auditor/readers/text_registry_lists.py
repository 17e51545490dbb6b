"""Repeated items of registry page renderings: arms, interventions and outcomes.

Pages write them three ways: with a label before every value ('Arm Title' / value, the PRS layout),
in columns ('Arm 1', 'Arm 2', then one row label and one value per column), or with no labels at all
(mirror and aggregator pages: a name line, then type and description lines). The unlabelled way is
read by line shape: a name is short and does not end like a sentence; a description does."""
from __future__ import annotations

import re

from .. import vocab
from ..model import Arm, Field, Intervention, Outcome
from .text_common import Doc, norm_label, unescape
from .text_registry_vocab import (
    ARM_TYPE_INLINE, COLUMN_HEADER, INTERVENTION_TYPE_INLINE, LABELS, LIST_LABELS, OUTCOME_KIND, TIME_FRAME_SUFFIX, TYPE_PREFIX,
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
            # The line right after a label is its value even when it reads like a label ('Treatment').
            if cur is not None and last is not None and (not cur[1][last] or not is_label(s)):
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


def _column_count(body: Body) -> int:
    """How many 'Arm 1' / 'Arm 2' column headers open the section (0: not the columns layout). Only a
    run of headers right at the start, followed by a row label, makes columns: arms may be named 'Arm 1'."""
    k = 0
    while k < len(body) and COLUMN_HEADER.match(body[k][1]):
        k += 1
    return k if k and k < len(body) and norm_label(body[k][1]) in _ARM_SPEC else 0


def _columns(doc: Doc, body: Body) -> list[Arm]:
    """'Arm 1' / 'Arm 2' headers, then each row label followed by one value per column."""
    k = _column_count(body)
    arms = [Arm() for _ in range(k)]
    i = k
    while i < len(body):
        key = _ARM_SPEC.get(norm_label(body[i][1]))
        if key is None:
            i += 1
            continue
        vals = []
        j = i + 1
        # Each row holds one value per column; a value may look like a label ('Treatment'), a row label may not.
        while j < len(body) and len(vals) < k and norm_label(body[j][1]) not in _ARM_SPEC \
                and heading_kind(body[j][1]) is None:
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


def line_key(s: str) -> str:
    """A line as compared across sections: unescaped, spaces folded, lower case."""
    return " ".join(unescape(s).split()).lower()


def _free_arms(doc: Doc, body: Body, known: dict[str, list[list[str]]]) -> list[Arm]:
    """Arms written without value labels: each arm is its name, its description lines, an optional
    type line, then its interventions (a name, an optional 'Intervention Type' line, the intervention's
    description lines); or (aggregator pages) its name, a '<Type> group' line, 'Description:' and
    'Treatment:' blocks.

    The page's own intervention list (`known`: lower-case name -> the description lines of each intervention of that name) anchors the
    reading: a known name after an arm's text is an intervention, and the lines that repeat its
    description belong to it, so the line after them starts the next arm. Without that list, a
    sentence-shaped line continues a description and a name-shaped one starts the next arm."""
    arms: list[Arm] = []
    desc: dict[int, Body] = {}
    cur: Arm | None = None
    # start: the next line names an arm; arm_desc: the arm's own text; after_type: after a 'Group Type'
    # line; iv: after an intervention's name (expecting its description); desc_label / treat: after
    # 'Description:' / 'Treatment:' labels.
    mode = "start"
    expect: list[str] = []      # the current intervention's description lines not yet seen

    def new_arm(n: int, s: str) -> None:
        nonlocal cur, mode
        cur = Arm(label=doc.field(unescape(s), s, n))
        arms.append(cur)
        mode = "arm_desc"

    def add_iv(i: int, n: int, s: str) -> None:
        nonlocal mode, expect
        cur.intervention_names.append(name_field(doc, n, s)[0])
        nm = line_key(TYPE_PREFIX.match(s).group("name")) if TYPE_PREFIX.match(s) else line_key(s)
        j = i + 1 + (i + 1 < len(body) and bool(INTERVENTION_TYPE_INLINE.match(body[i + 1][1])))
        nxt_key = line_key(body[j][1]) if j < len(body) else None
        # Several interventions may share a name: follow the one whose description comes next.
        expect = next((list(w) for w in known.get(nm, []) if w and w[0] == nxt_key), [])
        mode = "iv"

    def names_iv(i: int, key: str) -> bool:
        """A known name at body[i] names an intervention here when its description (as the page's
        list gives it) follows, after an optional type line; an arm may share its intervention's name."""
        if key not in known:
            return False
        want = known[key]
        j = i + 1
        if typed:       # pages that type interventions put the type line right after the name
            if not (j < len(body) and INTERVENTION_TYPE_INLINE.match(body[j][1])):
                return False
            j += 1
        if any(want):
            return j < len(body) and any(w and line_key(body[j][1]) == w[0] for w in want)
        return not (i + 1 < len(body) and line_key(body[i + 1][1]) == key)

    typed = any(INTERVENTION_TYPE_INLINE.match(s) for _, s in body)
    typed_arms = any(arm_type_of(s) is not None for _, s in body)

    for i, (n, s) in enumerate(body):
        nxt = body[i + 1][1] if i + 1 < len(body) else None
        t = arm_type_of(s)
        if t is not None:
            if cur is None or (cur.type is not None and mode != "arm_desc"):
                cur = Arm()
                arms.append(cur)
            raw = s.split(None, 2)[-1] if s.lower().startswith(("group type", "arm type")) else s
            cur.type = doc.field(t or None, raw, n)
            mode = "after_type" if ARM_TYPE_INLINE.match(s) else "arm_desc"
            continue
        inner = _ARM_INNER.get(norm_label(s)) if s.endswith(":") or norm_label(s) in ("description",) else None
        if inner is not None and cur is not None:
            mode = "desc_label" if inner == "description" else "treat"
            continue
        if INTERVENTION_TYPE_INLINE.match(s):
            continue
        title = is_title_like(s)
        key = line_key(s)
        # A name followed by a '<Type> group' line (aggregator pages) always starts an arm.
        inner_next = _ARM_INNER.get(norm_label(nxt)) if nxt is not None and nxt.endswith(":") else None
        if title and nxt is not None and mode != "start" and (
                (arm_type_of(nxt) and not ARM_TYPE_INLINE.match(nxt)) or inner_next == "description"
                or (inner_next == "treat" and mode == "treat")):
            new_arm(n, s)
            continue
        if mode == "start" or cur is None:
            new_arm(n, s)
            continue
        if mode == "desc_label":
            desc.setdefault(id(cur), []).append((n, s))
            continue
        if mode == "treat":
            ends = nxt is not None and (norm_label(nxt) in _ARM_INNER or arm_type_of(nxt) is not None)
            if TYPE_PREFIX.match(s) or (key in known and not ends):
                cur.intervention_names.append(name_field(doc, n, s)[0])
            else:
                new_arm(n, s)
            continue
        if mode == "iv":
            if expect and key == expect[0]:
                expect.pop(0)
                continue
            if names_iv(i, key) or TYPE_PREFIX.match(s):
                add_iv(i, n, s)
                continue
            if not known and not title:
                continue                # no list to go by: a sentence continues the description
            new_arm(n, s)
            continue
        # arm_desc / after_type
        if names_iv(i, key) or (TYPE_PREFIX.match(s) and line_key(TYPE_PREFIX.match(s).group("name")) in known):
            add_iv(i, n, s)
            continue
        if mode == "after_type":
            if not known and title:
                add_iv(i, n, s)    # no list to go by: the name-shaped line after the type names an intervention
            else:
                new_arm(n, s)
            continue
        if title and not typed_arms and id(cur) in desc and not cur.intervention_names:
            new_arm(n, s)   # untyped pages: a name-shaped line after an arm's text names the next arm
            continue
        desc.setdefault(id(cur), []).append((n, s))
    for arm in arms:
        rows = desc.get(id(arm))
        if rows:
            arm.description = text_field(doc, rows)
    return arms


def parse_arms(doc: Doc, body: Body, known: dict[str, list[list[str]]]) -> tuple[list[Arm], list[Intervention]]:
    """Arms of an arms section, and interventions when the section also lists them (PRS layout)."""
    if _column_count(body):
        return _columns(doc, body), []
    labels = {norm_label(s) for _, s in body if len(s) <= 100}
    if labels & (set(_ARM_SPEC) | set(_INT_SPEC)):
        recs = labelled_records(body, {"arm": _ARM_SPEC, "intervention": _INT_SPEC})
        arms = [_arm_from(doc, r) for k, r in recs if k == "arm"]
        ivs = [_intervention_from(doc, r) for k, r in recs if k == "intervention"]
        return arms, ivs
    return _free_arms(doc, body, known), []


_DOSING = re.compile(
    r"(?i)^\d|\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|iu|units?|u|mg/kg|mg/m2)\b|\b(?:dose|doses|dosage|dosing|daily|"
    r"bid|tid|qd|orally|oral|intravenous(?:ly)?|subcutaneous(?:ly)?|times|every|taken|given|administered|"
    r"for \d+ (?:days?|weeks?|months?|cycles?))\b")


def _dosing_shaped(s: str) -> bool:
    """A short line that reads as how something is given ('125 mg orally for 7 days'), not as a name:
    on pages without labels it continues an intervention's description."""
    return bool(_DOSING.search(s))


def parse_interventions(doc: Doc, body: Body) -> list[Intervention]:
    """Interventions: labelled records, or name lines ('Drug: X' or a bare name) with their type and
    description lines."""
    labels = {norm_label(s) for _, s in body if len(s) <= 100}
    if labels & set(_INT_SPEC):
        return [_intervention_from(doc, r) for _, r in labelled_records(body, {"intervention": _INT_SPEC})]
    out: list[Intervention] = []
    desc: dict[int, Body] = {}
    cur: Intervention | None = None
    # Pages that close each intervention with an 'Intervention Type' line: the name is the first line
    # after it, and every line up to the next type line is description, whatever its shape.
    closed = sum(1 for _, s in body if INTERVENTION_TYPE_INLINE.match(s)) >= 1 and \
        not INTERVENTION_TYPE_INLINE.match(body[0][1]) if body else False
    for n, s in body:
        m = INTERVENTION_TYPE_INLINE.match(s)
        if m:
            if cur is None or cur.type is not None:
                cur = Intervention()
                out.append(cur)
            cur.type = intervention_type(doc, m.group("v"), n)
            continue
        if closed:
            if cur is None or cur.type is not None:     # the line after a type line names the next one
                cur = Intervention()
                out.append(cur)
                cur.name = name_field(doc, n, s)[0]
            else:
                desc.setdefault(id(cur), []).append((n, s))
            continue
        if TYPE_PREFIX.match(s) or (is_title_like(s) and not (cur is not None and cur.name is not None
                                                             and _dosing_shaped(s))):
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
