"""Words of journal articles as text: section headings and their kinds, title/author/DOI shapes."""
from __future__ import annotations

import re

# Heading (lower case, numbering and a trailing ':' or '.' dropped) -> section kind.
MAJOR: dict[str, str] = {}
for _kind, _names in {
    "abstract": ("abstract", "summary", "structured abstract"),
    "background": ("background", "rationale"),
    "introduction": ("introduction",),
    "methods": ("methods", "method", "materials and methods", "material and methods", "patients and methods",
                "subjects and methods", "participants and methods", "methods and materials", "methodology",
                "experimental procedures", "study design and methods", "methods/design", "design and methods",
                "patients, materials and methods", "research design and methods", "methods and analysis"),
    "results": ("results", "findings", "results and discussion"),
    "discussion": ("discussion", "comment", "comments", "general discussion"),
    "conclusion": ("conclusion", "conclusions", "concluding remarks", "summary and conclusions"),
    "references": ("references", "reference", "literature cited", "bibliography", "literatur",
                   "literaturverzeichnis", "références", "referencias", "cited literature", "reference list"),
    "other": ("acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment", "funding",
              "declarations", "conflict of interest", "conflicts of interest", "competing interests",
              "author contributions", "authors' contributions", "authors’ contributions", "ethics approval",
              "ethical approval", "ethics statement", "abbreviations", "supplementary information",
              "supplementary material", "supplementary materials", "electronic supplementary material",
              "data availability", "data availability statement", "availability of data and materials",
              "publisher's note", "publisher’s note", "notes", "footnotes", "appendix", "graphic abstract",
              "graphical abstract", "keywords", "key words", "consent for publication", "additional information",
              "disclosure", "disclosures", "financial disclosure", "funding information", "supporting information"),
}.items():
    for _n in _names:
        MAJOR[_n] = _kind

# Sub-headings of a structured abstract.
ABSTRACT_SUB = frozenset({
    "background", "objective", "objectives", "aim", "aims", "purpose", "context", "methods", "method", "design",
    "setting", "participants", "patients", "interventions", "main outcome measures", "main outcomes and measures",
    "outcome measures", "measurements", "materials and methods", "patients and methods", "methods/design",
    "results", "findings", "conclusion", "conclusions", "interpretation", "trial registration", "registration",
    "funding", "discussion", "significance", "importance", "evidence", "study design", "methods and findings",
    "conclusions/significance", "principal findings", "methodology/principal findings", "methodology",
})
ABSTRACT_LAST = frozenset({"conclusion", "conclusions", "interpretation", "conclusions/significance"})
ABSTRACT_TAIL = frozenset({"trial registration", "registration", "funding"})

# Keywords of a section path ('METHODS.STATISTICAL ANALYSIS'): the earliest one decides its kind.
PATH_KIND = re.compile(
    r"(?i)(?P<introduction>introduction)|(?P<background>background|rationale)"
    r"|(?P<results>\bresults?\b|\bfindings\b)|(?P<discussion>discussion|limitations)"
    r"|(?P<conclusion>conclusions?|interpretation)|(?P<references>references|bibliography)"
    r"|(?P<other>acknowledg|competing|conflicts?\s+of|funding|contributions|abbreviations|supplementary|"
    r"supporting information|pre-publication|trial status|appendix|consent|availability)"
    r"|(?P<methods>method|material|design|statistic|participants|patients|subjects|randomi[sz]|intervention|"
    r"procedure|outcome measure|endpoint|sample size|setting|eligibility|data collection|data analysis|"
    r"ethic|blinding|masking|allocation|recruitment|population|protocol|measurements|assessment)")

PMC_TITLE = re.compile(r"^\s*TITLE\s*[:.]\s*(?P<rest>.*)$")
PMC_HEADING = re.compile(r"^\s*(?P<top>ABSTRACT|BODY)(?P<path>\.[^\n]*?)?\s*[:.]?\s*$")
NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+")
TABLE = re.compile(r"^(?:Table|TABLE|Tab\.)\s*(?:\d{1,2}|[IVX]{1,4})[A-Za-z]?(?:$|[.:|]|\s+(?=[A-Z(])|(?=[A-Z]))")
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
DOI_LABEL = re.compile(r"(?i)^\s*(?:doi|digital object identifier)\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?(?=10\.)")
DOI_URL = re.compile(r"(?i)https?://(?:dx\.)?doi\.org/(?=10\.)")
TITLE_LABELS = frozenset({"title", "titel", "titre", "título", "article title"})
AUTHOR_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w ]{0,30}?)\s*:\s*(?=\S)")
PERSON_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|[A-Z]\.?)(?:\s+(?:[A-Z][\w'’.-]*|[a-z]{1,3}|[A-Z]\.?)){1,5}$")
