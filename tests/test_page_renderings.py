"""Registry pages of records nobody wrote the readers for: real legacy XML records of the corpus are
rendered in the four page layouts of the seeds (tests/page_render.py), read back, and compared field by
field with the structured original. Then a planted defect must be found on the page as in the XML."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.model import Trial
from auditor.readers import read_file
from page_render import LAYOUTS, _arm_ivs

from conftest import CORPUS

XML = CORPUS / "ctgov-legacy-xml_reesewang25"


def _read(path: Path) -> list[Trial]:
    return [x for x in read_file(path, str(path), 10**9) if isinstance(x, Trial)]


def _norm(s) -> str:
    return " ".join(str(s).split()).lower() if s is not None else ""


def _multi_arm_records() -> list[Path]:
    """Every 25th record of the folder that has two arms or more (16 records): a fixed, unbiased pick."""
    out = []
    for f in sorted(XML.glob("*.xml"))[::25]:
        if len(_read(f)[0].arms) >= 2:
            out.append(f)
    return out


def _arms(t: Trial, *, src: Trial | None = None, types=True, ivs=True) -> list[tuple]:
    rows = []
    for a in t.arms:
        names = [iv.name for iv in _arm_ivs(src, a)] if src is not None else a.intervention_names
        rows.append((_norm(a.label.value if a.label else None),
                     (a.type.value if a.type else None) if types else None,
                     _norm(a.description.value if a.description else None),
                     tuple(sorted(_norm(n.value) for n in names)) if ivs else ()))
    return rows


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(original, {layout: trial read back from the page}) for each picked record."""
    if not XML.is_dir():
        pytest.fail(f"the real corpus is missing at {XML}")
    tmp = tmp_path_factory.mktemp("pages")
    out = []
    for f in _multi_arm_records():
        src = _read(f)[0]
        back = {}
        for name, render in LAYOUTS.items():
            p = tmp / f"{src.id}_{name}.txt"
            p.write_text(render(src), encoding="utf-8")
            back[name] = _read(p)
        out.append((src, back))
    return out


def test_the_pick_holds_sixteen_multi_arm_records(rendered):
    assert len(rendered) == 16
    assert all(len(src.arms) >= 2 for src, _ in rendered)


@pytest.mark.parametrize("layout", ["mirror", "veeva"])
def test_arms_come_back_whole_from_labelled_layouts(rendered, layout):
    """Label, type, description and the interventions given to each arm, as in the XML."""
    for src, back in rendered:
        [t] = back[layout]
        assert _arms(t) == _arms(src, src=src), (src.id, layout)


def test_arms_come_back_from_the_listing_columns_and_full_info(rendered):
    """The listing page's summary (arms in columns) and its full info (PRS labels) both give every arm's
    label, type and description; neither names the interventions per arm."""
    for src, back in rendered:
        summary, full = back["listing"]
        want = _arms(src, ivs=False)
        assert _arms(summary, ivs=False) == want, src.id
        assert _arms(full, ivs=False) == want, src.id


def test_arms_come_back_from_the_page_without_labels(rendered):
    """The page without value labels has no types; labels and descriptions come back for 15 of the 16.
    The one left (NCT00000125) names its intervention with a closing full stop, like a sentence, so the
    reader takes that line as more of the arm's description."""
    ok = [src.id for src, back in rendered
          if _arms(back["plain"][0], types=False, ivs=False) == _arms(src, types=False, ivs=False)]
    assert len(ok) == 15
    assert "NCT00000125" not in ok


@pytest.mark.parametrize("layout", ["mirror", "plain"])
def test_design_eligibility_and_basic_fields_come_back(rendered, layout):
    for src, back in rendered:
        [t] = back[layout]
        for attr in ("overall_status", "enrollment", "study_type", "intervention_model", "primary_purpose",
                     "masking", "sex", "healthy_volunteers", "lead_sponsor"):
            a, b = getattr(src, attr), getattr(t, attr)
            assert (a.value if a else None) == (b.value if b else None), (src.id, layout, attr)
        for attr in ("min_age", "max_age"):
            a, b = getattr(src, attr), getattr(t, attr)
            assert (a.value.years if a and a.value else None) == (b.value.years if b and b.value else None), \
                (src.id, layout, attr)
        assert (src.phases.value if src.phases else ["NA"]) == t.phases.value


def test_seed_arms_are_read_as_before():
    """The seeds themselves: 002's arms carry their interventions (the line after the arm's name), and
    its 'Comprehensive treatment' arm shares its intervention's name."""
    from conftest import seed
    [t] = _read(seed("002"))
    assert [(a.label.value, a.label.loc.line, [n.value for n in a.intervention_names]) for a in t.arms] == [
        ("Comprehensive treatment plus UC-MSC treatment", 42, ["umbilical cord-derived mesenchymal stem cell"]),
        ("Comprehensive treatment", 45, ["Comprehensive treatment"])]
    assert t.interventions[0].description.loc.line == 52


def _placebo_record() -> Trial:
    f = XML / "NCT00491751.xml"
    [t] = _read(f)
    return t


@pytest.mark.parametrize("layout", ["mirror", "listing", "veeva"])
def test_a_placebo_arm_typed_experimental_is_found_on_every_page(tmp_path, layout):
    """Plant the defect in the structured record (the placebo arm typed Experimental), render the page,
    and the rule that finds it in XML finds it on the page, quoting the arm's label line."""
    import datetime as dt

    from auditor.config import Config
    from auditor.context import Context
    from checks.masking_placebo import placebo_arm_experimental
    src = _placebo_record()
    placebo = [a for a in src.arms if a.label.value == "Placebo"]
    assert placebo and placebo[0].type.value == "PLACEBO_COMPARATOR"
    clean = tmp_path / f"clean_{layout}.txt"
    clean.write_text(LAYOUTS[layout](src), encoding="utf-8")
    placebo[0].type.value = "EXPERIMENTAL"
    bad = tmp_path / f"bad_{layout}.txt"
    bad.write_text(LAYOUTS[layout](src), encoding="utf-8")
    ctx = Context(Config(), dt.date(2026, 11, 23))
    found = {p.name: [f for t in _read(p) for f in placebo_arm_experimental(t, ctx)] for p in (clean, bad)}
    assert found[clean.name] == []
    assert found[bad.name], layout
    lines = bad.read_text(encoding="utf-8").splitlines()
    ev = found[bad.name][0].evidence
    assert any(lines[e.line - 1].strip() == "Placebo" for e in ev if e.line)


def _planted_xml(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Trial:
    """A copy of a real XML record with one defect planted in its text, read as a Trial."""
    text = (XML / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    [t] = _read(p)
    return t


def _on_pages(tmp_path: Path, t: Trial, layouts: list[str], check) -> dict[str, list]:
    import datetime as dt

    from auditor.config import Config
    from auditor.context import Context
    ctx = Context(Config(), dt.date(2026, 11, 23))
    out = {}
    for name in layouts:
        p = tmp_path / f"page_{name}.txt"
        p.write_text(LAYOUTS[name](t), encoding="utf-8")
        out[name] = [f for x in _read(p) for f in check(x, ctx)]
    out["xml"] = list(check(t, ctx))
    return out


def test_a_dosing_conflict_is_found_on_the_pages_that_print_both_descriptions(tmp_path):
    """NCT00491751: the Ascorbic Acid arm and the ascorbic acid intervention both say '500 mg/day'; plant
    'every 3 weeks' in the arm and 'every 4 weeks' in the intervention. The pages that print arm and
    intervention descriptions (mirror, plain, the listing's full info) give the XML's finding; the
    aggregator page prints no intervention description, so there is nothing to compare there."""
    from checks.dosing import named_schedule_conflict
    t = _planted_xml(tmp_path, "NCT00491751.xml",
                     ("<description>Ascorbic Acid 500 mg/day</description>",
                      "<description>Ascorbic Acid 500 mg given every 3 weeks</description>"),
                     ("<description>ascorbic acid 500 mg/day</description>",
                      "<description>ascorbic acid 500 mg given every 4 weeks</description>"))
    found = _on_pages(tmp_path, t, ["mirror", "plain", "listing"], named_schedule_conflict)
    want = ('The dosing interval of "ascorbic acid" is 3 weeks in the arm "Ascorbic Acid" description but '
            '4 weeks in the intervention "ascorbic acid" description.')
    for where, fs in found.items():
        assert [f.message for f in fs] == [want], where


def test_randomized_text_under_a_non_randomized_allocation_is_found_on_pages_with_the_design(tmp_path):
    """NCT00000804: titles 'A Randomized Trial of ...'; plant a Non-Randomized allocation. The pages
    that print the design (mirror and plain) give TEXT001 as the XML does."""
    from checks.free_text import randomized_text_non_randomized
    t = _planted_xml(tmp_path, "NCT00000804.xml",
                     ("<allocation>Randomized</allocation>", "<allocation>Non-Randomized</allocation>"))
    found = _on_pages(tmp_path, t, ["mirror", "plain"], randomized_text_non_randomized)
    for where, fs in found.items():
        assert [(f.rule, f.values.get("allocation")) for f in fs] == [("TEXT001", "NON_RANDOMIZED")], where
