"""Spelling that knows medicine: real drug, device and disease names from the corpus are accepted, while
misspellings (the seeds', the corpus's own, and ones planted into real records, capitalized too) are found.

NAMES: 316 words drawn at random (seed 3) from the intervention names, conditions and MeSH terms of
ctgov-legacy-xml_reesewang25 (words of six letters or more that are not general English), read by eye:
all are real drug, brand, device, disease, anatomy or method names. The same draw held four words the
rules flag: three real misspellings (MISSPELT, found) and one real product name, 'Phostal'
(NCT00496574.xml line 80, 'Novo Helisen Depot, Phostal', an allergen extract), which the rules take
for 'Postal': a known false positive, left out of NAMES and named here."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.extract.spelling import Speller, misspellings
from conftest import CORPUS
from test_rules_typo import _file

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
NAMES = """
acamprosate acetylcysteine adalimumab adefovir adrenoleukodystrophy aerosolized agammaglobulinemia alfimeprase
aliskiren allogeneic allograft aminosalicylic amodiaquine amyloidosis amyotrophic angioedema angioedemas
angiopathies anidulafungin anisometropic anomia aphakia apixaban apoptosis aquilion aredia arthroplasty
arthrosis asparaginase astrocytomas atomoxetine autologous avastin avelox azacitidine azathioprine baclofen
basophilic behavioural benazepril biaxin bleomycin bortezomib budesonide bupivacaine busulfan carbidopa
carboplatin carinii carmustine casopitant caspofungin celecoxib chemoradiotherapy cholic chondrosarcoma
chordoma cidofovir cisplatin clarithromycin clavulanate clodronate clomipramine clopidogrel coformulation
colles colposcopic congenita corynebacterium crosslink cytopenias cytoxan daunorubicin deafferentation
delavirdine dichlorphenamide dihydroxycholecalciferol dimebon dimeglumine dotatate dyslipidemia dyssomnias
ebstein elidel embolization emivirine endothelial enfuvirtide enoxaparin esomeprazole etravirine everolimus
ezetimibe fanasil fanconi felodipine fenfluramine fentanyl fludara fludarabine fluocinolone fluoxetine
fluticasone folate folfiri folfox folinate frontotemporal fungoides ganirelix gastrofin giardiasis glargine
glucan glucocerebrosidase gluconate glucuronyl glycopyrrolate gonadotrophins granulomatosis granulomatous
gynecare hemangiopericytoma hematopoietic hemosiderosis herculink higashi hivadv homoharringtonine hyaluronic
hylenex hypercalciuria hypercholesterolemia hypereosinophilic hyperinsulinism hyperkinesis hypokalemic
hypotensive ibandronic idarubicin idiotype idiotypes immunoconjugates immunogenicity immunonutrition increlex
indometacin inosine interprofessional intraabdominal intraductal intraperitoneal intrathecal intrathecally
investigational iontophoresis isoflavones isosulfan itraconazole lacidipine lactis lactoserum lamotrigine
letrozole leucovorin leuvectin levodopa limbal linaclotide lomustine lonafarnib lopinavir lymphoepithelioma
lymphoproliferative macular maculopathy mastocytosis mechlorethamine medulloblastoma menotropins mepesuccinate
mesoporphyrin mesylate methylarginine methylation methyltestosterone mexiletine midazolam mirtazapine
mitoguazone monatide montanide motesanib mucomyst mucopolysaccharidosis multicentric multilineage muromonab
myofibroma nelfinavir nephrotic neratinib neuroblastoma nevirapine nicardipine nipride noninfiltrating
nortriptyline ochronosis ofloxacin olaparib onchocerciasis onychomycosis opacities oprelvekin osmolar oxybate
oxycodone panobinostat parenterally patellofemoral pazopanib peginterferon pemoline perifosine peroxisomal
phenylbutyric phosphorylation picolax picosulfate pigmentosum pineocytoma pirfenidone pleiotropic polycystic
postmenopause posttraumatic pranobex prednisone procarbazine programme promethazine promyelocytic
pseudoephedrine pseudomonas pseudopseudohypoparathyroidism raltegravir raltitrexed rhamnosus rheopheresis
rhuepo rifampin risedronate ritonavir rituxan rivaroxaban rthrombin sagopilone sarcoglycanopathies sarcosine
satraplatin schizoaffective semaxanib semaxinib seminoma seropositivity sertraline sideroblasts sildenafil
somatotropin sonohysterography sorafenib spironolactone stalevo stavudine stibogluconate stryker subcitrate
sulfadiazine sulfonylurea sunitinib sustacal symbicort synsorb taxotere tegafur teicoplanin telmisartan
temozolomide tetradecanoylphorbol therasphere thiazolidinedione thiazolidinediones thioctic thioguanine
tinzaparin tolterodine toremifene trabecular transduced transluminal triamcinolone trierucate tykerb
vandetanib vardenafil varenicline verteporfin vestibulodynia vinblastine vindesine volinanserin vorinostat
wiskott zemplar zotarolimus
""".split()
# (word as written in the record, record, correction)
MISSPELT = [("Chrohn's", "NCT00001184", "Crohn"), ("hematopoetic", "NCT00497757", "hematopoietic"),
            ("rosiglitasone", "NCT00497666", "rosiglitazone")]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller()


def test_at_least_200_real_names():
    assert len(NAMES) >= 200 and len(set(NAMES)) == len(NAMES)


def test_real_names_are_not_misspellings(speller):
    flagged = [w for w in NAMES if speller.verdict(w) or speller.verdict(w.capitalize())]
    assert flagged == []
    # also in a Title Case label, where every word is judged
    title = " ".join(w.capitalize() for w in NAMES)
    assert misspellings(title, speller, label=True) == []


@pytest.mark.parametrize("word, record, fix", MISSPELT)
def test_misspellings_in_the_same_fields_are_found(speller, word, record, fix):
    text = (LEGACY / f"{record}.xml").read_text(encoding="utf-8")
    assert word in text
    found = [(m.found, m.suggestion) for m in misspellings(f"Study of {word} in adults", speller, label=True)]
    assert [s.lower() for _, s in found] == [fix.lower()]


def _planted(tmp_path: Path) -> Path:
    # NCT00000371.xml: line 13 title 'Trial of D-Cycloserine in Schizophrenia', line 103 arm label
    # 'Placebo', line 100 arm description 'Subjects were given ...', line 92 'Total SANS scores range'.
    dst = tmp_path / "NCT00000371.xml"
    shutil.copy(LEGACY / "NCT00000371.xml", dst)
    text = dst.read_text(encoding="utf-8")
    for old, new in (("in Schizophrenia</brief_title>", "in Schizopherina</brief_title>"),
                     ("<arm_group_label>Placebo</arm_group_label>", "<arm_group_label>Placbo</arm_group_label>"),
                     ("<description>Subjects were given", "<description>Subjetcs were given"),
                     ("Total SANS scores range", "Total SANS Socres range")):
        assert old in text
        text = text.replace(old, new, 1)
    dst.write_text(text, encoding="utf-8")
    return dst


def test_planted_misspellings_in_title_label_and_text_are_found(tmp_path):
    assert _file(LEGACY / "NCT00000371.xml") == []
    found = sorted((f.rule, f.severity, f.values["found"], f.values["suggestion"], tuple(e.line for e in f.evidence))
                   for f in _file(_planted(tmp_path)))
    assert found == [("TYPO001", "info", "Socres", "Scores", (92,)),
                     ("TYPO001", "info", "Subjetcs", "Subjects", (100,)),
                     ("TYPO002", "warning", "Placbo", "Placebo", (103,)),
                     ("TYPO002", "warning", "Schizopherina", "Schizophrenia", (13,))]


@pytest.mark.parametrize("text, slip, fix", [
    ("A Study of Metformin in Patients With Type 2 Diabates", "Diabates", "Diabetes"),
    ("Patients with Type 2 Diabates will be enrolled.", "Diabates", "Diabetes"),
    ("To assess Efficacy of Sorafenib in Hepatocelular Carcinoma.", "Hepatocelular", "Hepatocellular"),
    ("Phase II Study of Docetaxel in Advanced Prostate Cancre", "Cancre", "Cancer"),
])
def test_capitalized_misspellings_of_common_terms(speller, text, slip, fix):
    assert [(m.found, m.suggestion) for m in misspellings(text, speller, label=text[-1] != ".")] == [(slip, fix)]


def test_capitalized_names_beside_names_stay_names(speller):
    # a capitalized unknown word beside an unknown capitalized word is a name (Institut Gustave Roussy)
    assert misspellings("Patients are treated at Institut Gustave Roussy in Villejuif.", speller) == []


def test_a_word_list_learned_from_the_audited_material_never_hides_its_misspellings():
    # As if the corpus list had been learned from records holding the slip 'Diabtes' twice.
    from auditor.extract.lexicon import Lexicon, default_lexicon
    base = default_lexicon()
    lex = Lexicon(english=base.english, corpus={**base.corpus, "diabtes": 2}, medical=base.medical,
                  misspellings=base.misspellings)
    sp = Speller(lexicon=lex)
    assert sp.verdict("Diabtes") == "Diabetes" and sp.verdict("diabtes") == "diabetes"
    # a rare corpus name a letter off a common word in another way stays accepted (Masson's trichrome)
    assert "masson" in base.corpus and sp.verdict("Masson") is None


def test_a_word_marked_as_a_trademark_is_a_name_everywhere_in_the_record(tmp_path):
    # NCT05648786.json (API v2): arm label 'Standard outpatient treatment plus Laddr®', and 'Laddr'
    # unmarked in the descriptions: a product name, not a misspelling of 'Ladder'.
    src = CORPUS / "ctgov-api-v2-json-bulk" / "NCT05648786.json"
    assert "Laddr" not in {f.values["found"] for f in _file(src)}
    # without the mark, and written once in lower case (so the record no longer treats it as a name
    # everywhere), the same word is reported
    dst = tmp_path / src.name
    dst.write_text(src.read_text(encoding="utf-8").replace("Laddr®", "Laddr").replace("Laddr\\u00ae", "Laddr")
                   .replace("Laddr", "laddr", 1), encoding="utf-8")
    assert {"Laddr", "laddr"} & {f.values["found"] for f in _file(dst)}
