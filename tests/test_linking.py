"""How records and papers link: name normalization, the paper's own registration, and the link
index on the seeds and on hand-built records."""
from __future__ import annotations

from auditor.config import Config
from auditor.linking import (NAMED, OWN, TEAM, LinkIndex, intervention_terms, org_key, own_registry_ids, same_org,
                             same_person, text_terms)
from auditor.model import Field, Intervention, Loc, Official, Publication, Section, Trial
from auditor.pipeline import read_inputs
from conftest import seed


def test_organisation_names_compare_without_case_punctuation_and_generic_words():
    assert org_key("Beijing 302 Hospital") == "beijing 302"
    assert same_org("Beijing 302 Hospital", "BEIJING 302 hospital.")
    assert same_org("Pfizer Inc.", "Pfizer")
    assert not same_org("Beijing 302 Hospital", "Beijing 301 Hospital")
    assert org_key("The Hospital") == ""


def test_people_compare_in_any_order_without_degrees():
    assert same_person("Fu-Sheng Wang, Professor", "Fu-Sheng Wang")
    assert same_person("Wang Fu-Sheng", "Fu-Sheng Wang, MD, PhD")
    assert same_person("Fusheng Wang", "Fu-Sheng Wang")
    assert same_person("Wang, Fu-Sheng", "Fu Sheng Wang")
    assert same_person("Meiling Chen", "Chen Mei-Ling")               # given name written as one word or two
    assert same_person("Jane Q. Doe", "Jane Doe")                      # initials left out
    assert not same_person("J. Doe", "Jane Doe")                       # an initial alone is not enough
    assert not same_person("Wang", "Fu-Sheng Wang")                 # a family name alone is not a person
    assert not same_person("Fu-Sheng Li", "Fu-Sheng Wang")
    assert not same_person("GSK Clinical Trials", "GSK Clinical Trials")  # an office, not a person


def test_intervention_terms_fold_cell_product_spellings():
    def iv(name: str) -> Trial:
        return Trial(id="x", source="x", format="t", interventions=[Intervention(name=Field(name, name))])
    assert intervention_terms(iv("Conventional plus MSC treatment")) == {"mesenchymal_stem_cell"}
    assert intervention_terms(iv("umbilical cord-derived mesenchymal stem cell")) == {"mesenchymal_stem_cell"}
    assert "mesenchymal_stem_cell" in text_terms("three UC-MSC infusions at 4-week intervals")
    assert intervention_terms(iv("Placebo")) == frozenset()


def _pub(lines: list[str], ids: list[tuple[str, int]], sections: list[Section] = ()) -> Publication:
    return Publication(id="p", source="p.txt", lines=lines, sections=list(sections),
                       registry_ids=[Field(v, v, Loc("p.txt", line)) for v, line in ids])


def test_own_registration_of_a_paper():
    single = _pub(["Results of NCT01234567."], [("NCT01234567", 1)])
    assert list(own_registry_ids(single)) == ["NCT01234567"]
    two = _pub(["Trial registration: NCT01234567", "as in NCT07654321 before"],
               [("NCT01234567", 1), ("NCT07654321", 2)])
    assert list(own_registry_ids(two)) == ["NCT01234567"]
    cited = _pub(["Methods.", "Another trial (ClinicalTrials.gov identifier: NCT07654321) was similar."],
                 [("NCT07654321", 2)], [Section("Discussion", "discussion", 2, 2)])
    assert own_registry_ids(cited) == {}


def _team(rid: str, official: str) -> Trial:
    return Trial(id=rid, source=f"{rid}.txt", format="t", lead_sponsor=Field("Acme Hospital", "Acme Hospital"),
                 officials=[Official(name=Field(official, official))],
                 interventions=[Intervention(name=Field("Aspirin", "Aspirin"))])


def test_record_links_named_shared_and_team():
    a = _team("NCT00000001", "Jane Doe")
    b = Trial(id="NCT00000002", source="b", format="t", related_ids=[Field("NCT00000001", "NCT00000001")])
    c = Trial(id="NCT00000003", source="c", format="t", secondary_ids=[Field("2005-001234-12", "2005-001234-12")])
    d = Trial(id="NCT00000004", source="d", format="t", secondary_ids=[Field("EudraCT 2005-001234-12", "x")])
    e = _team("NCT00000005", "Doe, Jane")
    by_id = {t.id: [t] for t in (a, b, c, d, e)}
    links = {(x, y): (link.strength, link.reason) for x, y, link in LinkIndex(by_id).record_links()}
    assert links == {
        ("NCT00000001", "NCT00000002"): (NAMED, "NCT00000002 names NCT00000001"),
        ("NCT00000003", "NCT00000004"): (NAMED, "NCT00000003 and NCT00000004 both name 2005-001234-12"),
        ("NCT00000001", "NCT00000005"): (TEAM, "same sponsor (Acme Hospital), official (Jane Doe) and intervention "
                                               "(aspirin)"),
    }


def test_seed_paper_links_named_and_team_but_not_unrelated_records():
    run = read_inputs([seed("000"), seed("001"), seed("002"), seed("003"), seed("004")], Config())
    by_id: dict[str, list[Trial]] = {}
    for t in run.trials:
        by_id.setdefault(t.id, []).append(t)
    [pub] = run.publications
    assert list(own_registry_ids(pub)) == ["NCT01220492"]
    links = [(link.target, link.strength) for link in LinkIndex(by_id).paper_links(pub)]
    assert links == [("NCT03945487", NAMED), ("NCT01218464", TEAM)]


def test_paper_naming_its_record_is_an_own_link():
    rec = Trial(id="NCT01234567", source="r", format="t")
    pub = _pub(["The study was registered (NCT01234567)."], [("NCT01234567", 1)])
    [link] = LinkIndex({"NCT01234567": [rec]}).paper_links(pub)
    assert (link.target, link.strength) == ("NCT01234567", OWN)
