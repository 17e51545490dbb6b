"""Spelling extractor: misspellings with corrections, doubled words, wrong-word forms.
Sentences are copied from the seeds and from real corpus records (record id given); the expected
corrections were checked by eye."""
from __future__ import annotations

import gzip

import pytest

from auditor.extract import lexicon
from auditor.extract.lexicon import CORPUS_WORDS, default_lexicon
from auditor.extract.spelling import Speller, misspellings, repeated_words, slips, wrong_words

DOMAIN = ("mesenchymal umbilical cirrhosis hepatocellular bilirubin cholinesterase entecavir tenofovir "
          "rifaximin HBsAg UC-MSC decompensated prothrombin aminotransferase encephalopathy ascites "
          "spironolactone furosemide Wharton's").split()


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller()


def _found(text: str, s: Speller, **kw) -> list[tuple[str, str]]:
    return [(m.found, m.suggestion) for m in misspellings(text, s, **kw)]


# ---- the seeds' misspellings ---------------------------------------------------------------------

@pytest.mark.parametrize("word, fix", [("pacebo", "placebo"), ("safty", "safety"), ("alcocal", "alcohol"),
                                       ("Hematopoetic", "Hematopoietic"), ("fluroscopic", "fluoroscopic")])
def test_seed_misspellings_get_their_correction(speller, word, fix):
    assert speller.verdict(word) == fix


def test_seed_sentence_offsets(speller):
    # seed 004, line 106
    text = ("Patient will receive a combination of mesenchymal and Hematopoetic stem cell through hepatic "
            "artery under fluroscopic guidance")
    found = misspellings(text, speller)
    assert [(m.found, m.suggestion) for m in found] == [("Hematopoetic", "Hematopoietic"),
                                                        ("fluroscopic", "fluoroscopic")]
    assert [text[m.start:m.end] for m in found] == ["Hematopoetic", "fluroscopic"]


@pytest.mark.parametrize("word", DOMAIN)
def test_domain_words_are_not_flagged(speller, word):
    assert speller.verdict(word) is None


def test_domain_sentence_is_clean(speller):
    # seed 002, lines 30 and 47; seed 001, line 91
    text = ("Allogeneic MSC therapy, such as umbilical cord-derived MSC (UC-MSC), have shown to be safe. "
            "All patients received anti-HBV treatment with NAs (entecavir (ETV), tenofovir disoproxil fumarate "
            "(TDF), or tenofovir alafenamide (TAF)). The levels of serum Alanine Aminotransferase (ALT), "
            "Aspartate Aminotransferase (AST) and Cholinesterase (CHE). Wharton's jelly. i.e. longterm albumin")
    assert misspellings(text, speller) == []


# ---- what is never judged ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "SAFTY AND EFFICACY",                       # all capitals: an abbreviation or a shouted title
    "the HbSafty marker",                       # CamelCase
    "CD34-positive cells and IL10safty",        # glued to digits
    "see http://example.org/safty or safty@example.org",
    "larynx (excp. stage 1 excluded)",          # NCT00496652: a short form with a period
    "doses of LBH589 (esca-lating doses)",      # NCT00493766: a word broken by a hyphen
    "Windus et al [27] observed that",          # NCT00496639: a cited author
    "validated criteria (Laher 2014) i.e.",     # NCT04710303
    "previously received carfilzomib (PR-171, Kyprolis™) and",   # NCT00461045: a trademark
])
def test_never_judged(speller, text):
    assert misspellings(text, speller) == []


def test_capitalized_word_beside_a_name_is_a_name(speller):
    # NCT00462774: 'Deutsches Herzzentrum Berlin' - a capital next to capitals is a name
    assert _found("conducted at Institut Gustave Rousy in Paris", speller) == []
    # ... but a lone capital inside a sentence is judged (seed 004)
    assert _found("a combination of mesenchymal and Hematopoetic stem cell", speller) == [
        ("Hematopoetic", "Hematopoietic")]


def test_foreign_text_is_left_alone(speller):
    # NCT00494390 official title, German
    assert _found("Neuartige Kontaktlose Biometrische Messungen", speller, label=True) == []


def test_project_words_are_accepted():
    assert Speller(["alcocal"]).verdict("alcocal") is None
    assert Speller().verdict("alcocal") == "alcohol"


def test_inflections_and_derived_forms_are_not_flagged(speller):
    # NCT02513394 'genomically', NCT00491179 'relapsers': real words no list holds, but built from known ones
    assert speller.verdict("genomically") is None
    assert speller.verdict("relapsers") is None


def test_codespell_misspellings_are_found(speller):
    # NCT03191552: 'No problems about touletting occured.'
    assert _found("No problems about toileting occured.", speller) == [("occured", "occurred")]


def test_recurring_corpus_misspelling_is_not_learned(speller):
    # 'hematopoetic' stands in 4 corpus records, 'hematopoietic' in hundreds: the word list leaves it out
    assert "hematopoetic" not in default_lexicon().corpus
    assert "hematopoietic" in default_lexicon().corpus
    # NCT00498160 arm description
    assert _found("treated with an enriched hematopoetic stem cell infusion", speller) == [
        ("hematopoetic", "hematopoietic")]


def test_likeliest_slip_wins(speller):
    # NCT00491920: 'blod' is 'blood' with a letter left out, not 'bold' with two swapped
    assert default_lexicon().suggest("blod", maxd=1) == "blood"


def test_rare_terms_are_not_corrected_into_unrelated_words(speller):
    # NCT00498433 'prorenin' (a hormone) is two edits from 'protein'; NCT04981743 'Nigella Sativa'
    assert speller.verdict("prorenin") is None
    assert _found("Evaluation of The Efficacy of Nigella Sativa Versus VitaminD3", speller, label=True) == []


# ---- doubled words -------------------------------------------------------------------------------

def test_doubled_words():
    # seed 004 line 42; NCT00493363 'isolated from from blood samples'
    text = "how MSCs promote liver stem stem cells. DNA will be isolated from\n      from blood samples."
    assert [(m.found, m.suggestion) for m in repeated_words(text)] == [
        ("stem stem", "stem"), ("from\n      from", "from")]


@pytest.mark.parametrize("text", [
    "Children that had had Ulna or Radius X-rays",                 # NCT00492154
    "0.5=very very slight (just noticeable)",                       # NCT00490724
    "Onchocerca volvulus, Loa loa, or other parasitic worms",       # NCT00001230
    "relationship between performance on on-line priming tasks",    # NCT00004557
    "primary mammary carcinoma including: Tubular\n Tubular/cribriform",   # NCT00006030
    "BAL BAL Pseudomonas",                                          # NCT00495963, a table
])
def test_right_doubles(text):
    assert repeated_words(text) == []


# ---- wrong-word forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, found, fix", [
    ("In addition, MSC has ben shown to produce", "has ben", "has been"),            # seed 004
    ("-  creatinine more then 2", "more then", "more than"),                           # NCT00498667
    ("in the opinion of the principle investigator are poor", "principle investigator",
     "principal investigator"),                                                       # NCT00001379
    ("provide signed inform consent that fulfills", "inform consent", "informed consent"),  # NCT00006431
    ("E3-Hormone Refractory Prostrate Cancer Taxotere", "Prostrate Cancer", "Prostate Cancer"),  # NCT00498797
    ("-  Sever intractable diarrhea", "Sever intractable", "Severe intractable"),     # NCT00006436
])
def test_wrong_words(text, found, fix):
    assert [(m.found, m.suggestion) for m in wrong_words(text)] == [(found, fix)]


@pytest.mark.parametrize("text", [
    "if the pain is worse then the dose is increased",
    "to sever the nerve",
    "used to inform consent discussions",
    "he lay prostrate on the floor",
    "should of course be",
])
def test_right_phrases(text):
    assert wrong_words(text) == []


def test_slips_combines_and_orders_by_position(speller):
    text = "MSC has ben shown to promote liver stem stem cells; the safty of"
    assert [(m.kind, m.found) for m in slips(text, speller)] == [
        ("wrong-word", "has ben"), ("repeat", "stem stem"), ("spelling", "safty")]


# ---- word sources ----------------------------------------------------------------------------------

def test_shipped_word_list_is_small_and_sorted():
    assert CORPUS_WORDS.stat().st_size < 2_000_000
    with gzip.open(CORPUS_WORDS, "rt", encoding="utf-8") as fh:
        words = [line.split("\t")[0] for line in fh]
    assert words == sorted(words) and len(words) > 30_000
    assert "pacebo" not in words and "safty" not in words


def test_every_word_list_ships_with_the_package():
    # Nothing from the operating system: the Hunspell dictionary and the drug/disease words are package data.
    assert lexicon.HUNSPELL.with_suffix(".dic").is_file() and lexicon.MEDICAL_WORDS.is_file()
    lex = default_lexicon()
    assert lex.hunspell, "pip install spylls"
    assert len(lex.medical) > 50_000
    # drug, brand and disease words (DrugBank vocabulary, MeSH) the issue lists as false typos elsewhere
    assert {"diazoxide", "pergolide", "tacrine", "neupro", "osteopetrosis", "malayi", "solium"} <= lex.medical
    # entry terms that are misspellings are not shipped
    assert not {"hematopoetic", "alchohol", "intermittant", "arrythmia"} & lex.medical


_HIDDEN = """
import sys
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(
            ("/usr/share/hunspell", "/usr/share/myspell")):
        raise PermissionError(args[0])
sys.addaudithook(hook)
from auditor.extract.spelling import Speller, misspellings
sp = Speller()
print(sorted((m.found, m.suggestion) for m in misspellings(sys.argv[1], sp, label=True)))
"""


def test_same_verdicts_with_the_system_dictionaries_hidden(speller):
    # The system's Hunspell folders made unreadable in a fresh interpreter: the same findings.
    import os
    import subprocess
    import sys
    from pathlib import Path
    text = ("Diazoxide and Pergolide in Osteopetrosis With Diabates: Safty of Neupro and Tacrine in "
            "miliary Tuberculosis after craniectomy with cysteamine")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", _HIDDEN, text], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(root)}, cwd=root).stdout.strip()
    assert out == str(sorted(_found(text, speller, label=True)))
    assert out == str([("Diabates", "Diabetes"), ("Safty", "Safety")])
