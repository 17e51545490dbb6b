"""What a registry record's free text says about its own design, size and course, read sentence by
sentence so that each statement can be compared with the structured field it restates.

    find_statements(text) -> list[Statement]     design words and counts, in text order

Kinds of Statement:
- 'randomized'      'A Randomized Study of ...', 'patients will be randomized to', 'randomly assigned'
- 'non_randomized'  'non-randomized', 'not randomized', 'without randomization'
- 'crossover'       'crossover study', 'two-period cross-over design', 'in a crossover fashion'
- 'blinded'         'double-blind', 'single-blinded', 'blinded outcome assessor', 'assessors will be blinded'
- 'open_label'      'open-label study', 'unblinded trial'
- 'enrolled'        'A total of 60 patients will be enrolled', 'of the 48 patients enrolled' (value, tense)
- 'recruitment'     'Recruitment from March 2019 to June 2020' (the end of the period, as a DateValue)
- 'stopped'         'The study was terminated early', 'the trial was stopped prematurely'

Precision first: a sentence about other studies (background, earlier trials, 'previous studies
showed', citations: controls.about_other_study) or a conditional or hypothetical one ('if', 'may',
'would') yields nothing; negated forms are read as such ('non-randomized' is not 'randomized').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import DateValue
from ..vocab import parse_date
from .controls import about_other_study
from .numbers import NUMBER, to_int
from .sentences import sentence_spans


@dataclass(frozen=True, slots=True)
class Statement:
    kind: str
    span: tuple[int, int]             # offsets of the words into the text given
    sentence_span: tuple[int, int]
    text: str                         # the words as written
    value: int | DateValue | None = None
    future: bool = False              # written as a plan ('will be enrolled')


# A cheap test per text: one of these must occur for any statement to be found.
_CHEAP = re.compile(r"(?i)randomi|random(?:ly)|cross[\s-]?over|blind|mask|open[\s-]?label|enrol|recruit|includ|"
                    r"terminat|stopped|halted|prematur|accru")
_CHEAP_WORDS = ("randomi", "randomly", "blind", "mask", "enrol", "recruit", "includ", "terminat", "stopped", "halted",
                "prematur", "accru")


# Letters that the patterns' (?i) matching takes for an ASCII letter but str.lower() does not turn
# into it: dotless i, long s, capital I with a dot (lowered to two characters).
_ODD_CASE = ("\u0131", "\u017f", "\u0130")


def _cheap(text: str) -> bool:
    """_CHEAP.search(text), faster: a case-insensitive pattern is slow to scan, while the lower-cased
    text holding one of its words is the same test (but for the letters of _ODD_CASE)."""
    if not text.isascii() and any(c in text for c in _ODD_CASE):
        return _CHEAP.search(text) is not None
    low = text.lower()
    if any(w in low for w in _CHEAP_WORDS):
        return True
    return ("cross" in low or "open" in low) and _CHEAP.search(text) is not None
# ('to evaluate if', 'to test whether' ask the study's question; they are no condition.)
_HYPOTHETICAL = re.compile(r"(?i)(?<!evaluate\s)(?<!determine\s)(?<!assess\s)(?<!see\s)(?<!test\s)(?<!investigate\s)"
                           r"(?<!examine\s)(?<!know\s)(?<!study\s)\b(?:if|unless|would|could|might|may|should|can|in\s+case|in\s+the\s+event|"
                           r"criteria\s+for|reasons?\s+for|option(?:al)?|allowed|permitted|eligible\s+to)\b")
# Another study named in the sentence ('participants randomized in NCT01234567', 'in study ABC-123').
_OTHER_ID = re.compile(r"\bNCT\d{8}\b|(?i:\b(?:study|protocol|trial)\s+(?:no\.?\s*)?[A-Z]{2,}[\w-]*\d)")

# ---- allocation ------------------------------------------------------------------------------
_NEG_BEFORE = r"(?<!non-)(?<!non)(?<!non\s)(?<!not\s)(?<!quasi-)(?<!quasi\s)(?<!pseudo-)(?<!un)(?<!never\s)"
_RAND = re.compile(
    rf"(?i){_NEG_BEFORE}\b(?:randomi[sz]ed|randomly\s+(?:assign|allocat|divid|distribut)\w*|"
    rf"(?:divided|assigned|allocated|distributed)\s+randomly|random\s+(?:assignment|allocation)|"
    rf"(?:block|stratified|central|computer[\s-]generated|[12]:[12])\s+randomi[sz]ation|randomi[sz]ation\s+"
    rf"(?:list|code|sequence|schedule|ratio|(?:will\s+be|was|is)\s+(?:stratified|performed|done|conducted|generated|"
    rf"carried\s+out|made)))\b")
_NON_RAND = re.compile(
    r"(?i)\b(?:non[\s-]?randomi[sz]ed|not\s+(?:be\s+)?randomi[sz]ed|without\s+randomi[sz]ation|no\s+randomi[sz]ation|"
    r"quasi[\s-]?randomi[sz]ed|un-?randomi[sz]ed)\b")
# 'randomized controlled trials are ...', 'randomized trials have shown': trials in general (plural).
_RAND_GENERAL_AFTER = re.compile(r"(?i)^[\s,-]*(?:(?:controlled|clinical|double[\s-]blind\w*|placebo[\s-]controlled)"
                                 r"[\s,-]+){0,3}(?:trials|studies|RCTs)\b")
# a randomized part of something else: 'the randomized withdrawal phase' is still randomization; 'randomized
# in the parent study' is caught by about_other_study.

# ---- crossover -------------------------------------------------------------------------------
_CROSSOVER = re.compile(
    r"(?i)(?<!non-)(?<!non)\bcross[\s-]?over\b(?=(?:[\s,]+(?:(?!to\b|from\b|after\b|at\b|upon\b|extension\b|"
    r"phase\b(?!\s*(?:[0-4]|i{1,3}|iv)[ab]?\b))[\w-]+)){0,4}?[\s,]+(?:design|study|trial|fashion|manner|format|mode|"
    r"protocol|clinical\s+trial|pilot|evaluation|comparison)\b)|"
    r"\b(?:in|using|with|as)\s+an?\s+(?:[\w-]+\s+){0,3}?cross[\s-]?over\b(?![\s-]+(?:to|from|after|at|upon|extension|"
    r"phase|period|option)\b)|"
    r"\b(?:\d|two|three|four|2x2|2\s*x\s*2)[\s-]*(?:period|way|sequence|treatment|arm)s?[\s,-]+cross[\s-]?over\b")
# ---- masking ---------------------------------------------------------------------------------
_BLIND = re.compile(
    r"(?i)(?<![-\w])(?P<lvl>single|double|triple|quadruple)[\s-]*(?:blind(?:ed)?|mask(?:ed)?|dummy)\b|"
    r"\b(?:blind(?:ed)?|mask(?:ed)?)\s+(?:independent\s+)?(?:outcomes?\s+)?(?:assessors?|assessments?|evaluators?|"
    r"raters?|observers?|readers?|reviewers?|adjudicat\w+|endpoint\s+committee|investigators?)\b|"
    r"\b(?:assessors?|evaluators?|raters?|observers?|outcomes?\s+assessors?|radiologists?|investigators?|participants?|"
    r"patients?|subjects?|adjudicators?|pathologists?|examiners?|readers?|statisticians?|analysts?)\s+"
    r"(?:will\s+be|are|were|was|is|remain(?:ed)?)\s+(?:kept\s+)?(?:blind(?:ed)?|masked|unaware)\b|"
    r"\b(?:assessor|evaluator|rater|observer|investigator|participant|patient|subject|outcome)[\s-]+(?:blind(?:ed)?|"
    r"mask(?:ed)?)\b|"
    # 'a multi-centre, blinded, randomized controlled trial', 'in a blinded manner', 'fully blinded'
    r"(?<![-\w])(?:fully\s+|full\s+)?(?:blinded|masked)(?=(?:[\s,]+[\w-]+){0,4}?[\s,]+(?:study|trial|design|manner|fashion)\b)|"
    r"\b(?:study|trial|treatment|allocation|assignment)\s+(?:will\s+be|is|was)\s+(?:fully\s+|double[\s-]|"
    r"single[\s-])?(?:blinded|masked)\b")
_OPEN = re.compile(
    r"(?i)(?<![-\w])(?:open[\s-]?label(?:l?ed)?|un-?blinded|non-?blinded|un-?masked)\b(?=(?:[\s,]+(?:(?!extension\b|"
    r"phase\b(?!\s*(?:[0-4]|i{1,3}|iv)[ab]?\b)|period\b|part\b|follow|continuation\b|rescue\b)[\w()/-]+)){0,6}?"
    r"[\s,]+(?:study|trial|design|protocol)\b)")
_OPEN_WORD = re.compile(r"(?i)(?<![-\w])(?:open[\s-]?label(?:l?ed)?|un-?blinded|non-?blinded|un-?masked)\b")
_ROLE_BEFORE = re.compile(r"(?i)(?:party|sponsor|pharmac\w*|investigators?|assessors?|patients?|participants?|subjects?|"
                          r"raters?|evaluators?|statisticians?|staff)[\s-]*$")
_STUDY_NOUN = re.compile(r"(?i)\b(?:study|trial|design|protocol|comparison|evaluation|investigation)\b")
_BLIND_TO_DATA = re.compile(r"(?i)\s+(?:to|from)\s+(?:the\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:results?|values?|readings?|"
                            r"levels?|data|scores?|measurements?|glucose)\b")
_NOT_BEFORE = re.compile(r"(?i)\b(?:not|no|never|neither|nor|without|instead\s+of|rather\s+than)\s+(?:\w+\s+){0,2}$")
_NOT_AFTER = re.compile(r"(?i)^\s+(?:will\s+)?not\b")
# A blinded or open part of another design: 'double-blind phase', 'after the open-label period'.
_PART_AFTER = re.compile(r"(?i)^[\s,-]*(?:\w+[\s-]+)?(?:phase(?!\s*(?:[0-4]|i{1,3}|iv)[ab]?\b)|period|part|extension|portion|"
                         r"stage|treatment\s+period|"
                         r"run[\s-]?in|lead[\s-]?in|follow[\s-]?up)\b")

# ---- enrolled numbers ------------------------------------------------------------------------
_PEOPLE = (r"(?:patients|participants|subjects|individuals|people|persons|children|adults|women|men|volunteers|"
           r"infants|neonates|newborns|mothers|students|smokers|veterans|residents|cases|pairs|couples|"
           r"adolescents|girls|boys|athletes|workers|employees|nurses|physicians|survivors|users|recipients|"
           r"donors|families|dyads|eyes)")
_NUM = rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}}|{NUMBER})"
_ENROLL_VERB = r"(?:enrol(?:l)?ed|recruited|included|randomi[sz]ed|enrolled\s+and\s+\w+)"
_ENROLLED = [
    # 'A total of 60 patients will be enrolled', '120 healthy volunteers were recruited'
    re.compile(rf"(?i)(?<![\d.,/-])\b(?P<total>a\s+total\s+of\s+|total\s+of\s+)?{_NUM}\s+(?:[\w-]+\s+){{0,3}}?{_PEOPLE}\s+"
               rf"(?:\([^)]{{0,30}}\)\s+)?(?:(?!will\b|were\b|are\b|was\b|have\b|had\b|is\b)[\w,-]+\s+){{0,8}}?(?P<verb>will\s+be|are\s+to\s+be|were|have\s+been|had\s+been|was|are|"
               rf"is\s+planned\s+to\s+be|are\s+planned\s+to\s+be|are\s+expected\s+to\s+be)\s+{_ENROLL_VERB}\b"),
    # 'of the 48 patients enrolled', 'Of 48 patients enrolled'
    re.compile(rf"(?i)\b(?:of|among)\s+(?:the\s+|all\s+|these\s+)?{_NUM}\s+(?:[\w-]+\s+){{0,2}}?{_PEOPLE}\s+"
               rf"(?P<verb>)(?:who\s+were\s+)?{_ENROLL_VERB}\b"),
    # 'We will enroll 60 patients', 'plan to recruit a total of 60 subjects', 'enrolled 48 patients'
    re.compile(rf"(?i)\b(?P<verb>will|plan\s+to|planned\s+to|aim\s+to|intend\s+to|we|investigators|study)\s+"
               rf"(?:\w+\s+)?(?:enrol(?:l)?|recruit|enrolled|recruited)\s+(?P<total>a\s+total\s+of\s+)?{_NUM}\s+"
               rf"(?:[\w-]+\s+){{0,3}}?{_PEOPLE}\b"),
]
# Numbers that are not the study's whole enrollment: a part of it, a rate, or an approximation.
_NOT_WHOLE = re.compile(
    r"(?i)\b(?:per|each|every|group|groups|arm|arms|cohort|cohorts|part|stage|phase\s+(?:[12]|i|ii|one|two)\b|"
    r"site|sites|cent(?:er|re)s?|countr\w+|first|initial(?:ly)?|additional|further|another|"
    r"remaining|more|up\s+to|at\s+least|approximately|approx|about|around|roughly|nearly|minimum|maximum|"
    r"estimated|expected|target\w*|screen\w*|evaluable|complet\w+|withdr\w*|dropp?\w*|lost|died|subgroup|"
    r"substudy|sub-study|secondary\s+(?:investigation|stud\w+|analys\w+)|ancillary|sample|pilot|interim|so\s+far|to\s+date|currently|already|randomi[sz]ed\s+to|"
    r"respectively|\d+\s*%|plus|including|dose|doses|dosage|of\s+whom|whom|within|new|so\s+far)\b|~|±|%|/\s*(?:year|month|week|day)")
# What happened to a count ('40 completed', 'evaluable', 'were screened') concerns the statement's own
# clause; a part of the study ('In the pilot phase, 20 were enrolled') may stand anywhere before it.
_COUNT_KIND = re.compile(
    r"(?i)\b(?:screen\w*|evaluable|complet\w+|withdr\w*|dropp?\w*|lost|died|randomi[sz]ed\s+to|respectively|"
    r"dose|doses|dosage|of\s+whom|whom|within)\b")
_CLAUSE_START = re.compile(r"[,;:]\s+(?:and\s+|but\s+|so\s+)?(?=[^,;:]*$)")
_FUTURE = re.compile(r"(?i)\b(?:will|shall|plan\w*|to\s+be|aim\w*|intend\w*|expected)\b")
_PART_NUMBER = re.compile(r"(?i)(?:hundred|thousand)[\s-]*(?:and\s+)?$|(?:\d|\))\s*(?:to|-|–|or)\s*$")
# Several counted groups in one sentence ('20 GAD patients and 20 healthy controls'): no single total.
_COUNTED = re.compile(rf"(?i)(?<![\d.,])\b(?:\d+|{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?:{_PEOPLE[3:-1]}|controls)\b")
_AND_MORE = re.compile(rf"(?i)[^.;]{{0,60}}?\b(?:and|plus)\s+(?:\d+|{NUMBER})\s+[a-z]")

# ---- recruitment period -------------------------------------------------------------------
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d|"
         r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])(?:[-/.](?:0?[1-9]|[12]\d|3[01]))?|"
         r"(?:0?[1-9]|1[0-2])[/.](?:19|20)\d\d|(?:19|20)\d\d)")
_RECRUIT = re.compile(
    rf"(?i)\b(?:recruit\w*|enrol\w*|accrual|inclusion\s+period|inclusion\s+of\s+(?:patients|participants|subjects))"
    rf"(?:\s+(?!follow|treat|visit|data|analys)[\w,()-]+){{0,8}}?\s*:?\s+(?:from|between|during|since)?\s*"
    rf"(?P<start>{_DATE})\s*(?:-|–|—|to|until|till|through|thru|and)\s*(?P<end>{_DATE})(?![\d/-])(?!\.\d)")
# ---- stopped early -----------------------------------------------------------------------------
_STOPPED = re.compile(
    r"(?i)\b(?:the\s+|this\s+)(?:study|trial)\s+(?:was|has\s+been|had\s+been|were)\s+(?:\w+\s+)?"
    r"(?:terminated|stopped|halted|discontinued|closed|ended|suspended)\s*(?:early|prematurely|before\s+completion)?|"
    r"\b(?:study|trial)\s+(?:was\s+|has\s+been\s+)?(?:terminated|stopped|halted|closed|ended)\s+(?:early|prematurely)\b|"
    r"\b(?:early|premature)\s+termination\s+of\s+(?:the|this)\s+(?:study|trial)\b|"
    r"\b(?:terminated|stopped|halted)\s+(?:early|prematurely)\s+(?:due|because|for|after|owing)\b")
# 'the study was stopped early' is plain; 'the study was terminated as planned / after the last visit' is not.
_STOPPED_NORMAL = re.compile(r"(?i)\b(?:as\s+planned|as\s+scheduled|per\s+protocol|according\s+to\s+(?:the\s+)?"
                             r"(?:plan|protocol)|last\s+(?:patient|participant|subject|visit)|normally|successfully|"
                             r"when\s+|once\s+|after\s+(?:the\s+)?(?:target|planned|required|last|completion))\b")
_STOPPED_REASON = re.compile(r"(?i)\b(?:early|prematur\w*|futility|safety|slow|poor|interim|harm\w*|toxicit\w*|"
                             r"adverse|efficacy|benefit|low\s+(?:recruitment|enrol\w*|"
                             r"accrual)|lack\s+of|insufficient|sponsor|funding|terminated)\b")


# A study to come or one this study prepares: 'a subsequent cluster-randomized trial', 'to propose a
# randomized controlled study', 'a go vs. no-go decision on performing a randomized trial'.
_LATER_STUDY = re.compile(
    r"(?i)\b(?:subsequent|future|larger|definitive|full[\s-]?scale|upcoming|later|follow-on)\b|"
    r"\b(?:to\s+propose|perform(?:ing)?\s+an?|plan(?:ning)?\s+an?|prepar\w*|inform\w*|basis\s+for|feasibility\s+of|"
    r"precursor|no-go|justify|design\s+of\s+an?)\b|\bhad\s+been\b")
# A named study as the subject: 'BARGE was a 54-week randomized, double-blind, crossover study'.
_NAMED_SUBJECT = re.compile(r"^\W*(?:the\s+)?(?:[\w-]+\s+){0,12}?\(?(?P<name>[A-Z][A-Z0-9-]{2,})\)?\s+"
                            r"(?:study\s+|trial\s+)?(?:was|is|will\s+be)\s+(?:an?|the)\b")


# 'completed the study' / 'this trial' speak of this study, though controls.about_other_study reads
# 'completed the' as a sign of a parent study.
_THIS_STUDY = re.compile(r"(?i)\bcompleted\s+(?:the|this)\s+(?:study|trial)\b(?!\s+(?:of|in|NCT))")


def _sentence_ok(sent: str) -> bool:
    return not about_other_study(_THIS_STUDY.sub("finished", sent)) and not _OTHER_ID.search(sent)


def named_subject(sent: str) -> str | None:
    """The acronym a sentence describes ('BARGE was a ... study' -> 'BARGE'), to tell the record's
    own study from others it describes."""
    m = _NAMED_SUBJECT.match(sent)
    return m.group("name") if m else None


def _date(text: str) -> DateValue | None:
    t = re.sub(r"(?i)(\d)(?:st|nd|rd|th)\b", r"\1", text.strip()).replace(".", " ").replace(",", " ")
    t = re.sub(r"\s+", " ", t).strip()
    m = re.fullmatch(r"(0?[1-9]|1[0-2])/((?:19|20)\d\d)", t)
    if m:
        t = f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"((?:19|20)\d\d)[-/ ](\d{1,2})(?:[-/ ](\d{1,2}))?", t)
    if m:
        t = "-".join([m.group(1), f"{int(m.group(2)):02d}"] + ([f"{int(m.group(3)):02d}"] if m.group(3) else []))
    try:
        return parse_date(t)
    except Exception:   # noqa: BLE001 - record text is untrusted; an unreadable date is no statement
        return None


def _not_whole(sent: str, start: int, end: int) -> bool:
    """A count of part of the study, a rate or an approximation (see _NOT_WHOLE); words about what
    happened to participants ('completed', 'withdrew') count only in the count's own clause
    ('Enrollment has been completed, a total of 135 subjects were enrolled' is whole)."""
    c = _CLAUSE_START.search(sent, 0, start)
    clause_start = c.end() if c else 0
    for w in _NOT_WHOLE.finditer(sent, 0, end):
        if w.start() >= clause_start or not _COUNT_KIND.fullmatch(w.group(0)):
            return True
    return False


# Words without which a family's patterns cannot match (checked on the lower-cased sentence): most
# sentences that pass _CHEAP hold one family's word, so the others' costly patterns are not run.
_NEEDS = {"non_randomized": ("randomi",), "randomized": ("random",), "crossover": ("cross",),
          "blinded": ("blind", "mask", "dummy", "unaware"), "open_label": ("open", "blind", "mask"),
          "enrolled": ("enrol", "recruit", "included", "randomi"), "recruitment": ("recruit", "enrol", "accrual", "inclusion"),
          "stopped": ("terminat", "stopped", "halted", "discontinued", "closed", "ended", "suspended")}


def _families(sent: str) -> set[str]:
    """The kinds whose words occur in sent. Lower-casing differs from the patterns' (?i) matching
    only for the letters of _ODD_CASE: such sentences get every kind."""
    if not sent.isascii() and any(c in sent for c in _ODD_CASE):
        return set(_NEEDS)
    low = sent.lower()
    return {kind for kind, words in _NEEDS.items() if any(w in low for w in words)}


def find_statements(text: str, title: bool = False) -> list[Statement]:
    """Every statement of the kinds above in text, in text order. A title (title=True) names its own
    study, so its words are not tested for other studies ('A Randomized Efficacy Trial of X')."""
    if not text or not _cheap(text):
        return []
    out: list[Statement] = []
    for s0, s1 in sentence_spans(text):
        sent = text[s0:s1]
        if not _cheap(sent):
            continue
        kinds = _families(sent)
        if not kinds or not (title or _sentence_ok(sent)):
            continue
        # (only the kinds that heed them need these two tests)
        heeds = not title and not kinds <= {"non_randomized", "recruitment"}
        hypothetical = heeds and bool(_HYPOTHETICAL.search(sent))
        later = heeds and bool(_LATER_STUDY.search(sent))

        def add(kind: str, m: re.Match, value=None, future: bool = False, group: int | str = 0) -> None:
            a, b = m.span(group)
            out.append(Statement(kind, (s0 + a, s0 + b), (s0, s1), m.group(group), value, future))

        if "non_randomized" in kinds:
            for m in _NON_RAND.finditer(sent):
                add("non_randomized", m)
        if not hypothetical and not later and "randomized" in kinds:
            for m in _RAND.finditer(sent):
                if _RAND_GENERAL_AFTER.match(sent[m.end():]) or _NOT_BEFORE.search(sent[max(0, m.start() - 30):m.start()]):
                    continue
                if _NOT_AFTER.match(sent[m.end():]) or re.match(r"(?i)\s+(?:will\s+)?not\b", sent[m.end():]):
                    continue
                add("randomized", m)
                break
        if not hypothetical and not later and "crossover" in kinds:
            for m in _CROSSOVER.finditer(sent):
                if later or _NOT_BEFORE.search(sent[max(0, m.start() - 30):m.start()]):
                    continue
                add("crossover", m)
                break
        for m in (_BLIND.finditer(sent) if "blinded" in kinds else ()):
            if _NOT_BEFORE.search(sent[max(0, m.start() - 30):m.start()]) or _PART_AFTER.match(sent[m.end():]) or \
                    re.search(r"(?i)\b(?:not|no)\s*$", sent[max(0, m.start() - 5):m.start()]) or \
                    re.match(r"(?i)[\s-]*(?:not|un)\b", sent[m.end():m.end() + 8]) or hypothetical or later:
                continue
            if _BLIND_TO_DATA.match(sent, m.end()):
                continue    # 'blinded to CGMS results': a measurement hidden, not the allocation
            add("blinded", m)
            break
        for m in ((_OPEN_WORD if title else _OPEN).finditer(sent) if "open_label" in kinds else ()):
            if hypothetical or later or _PART_AFTER.match(sent[m.end():]):
                continue
            # A title names its own study: 'A Randomized, Open-Label, Placebo-Controlled, ..., Multicenter
            # Phase 2b Study' may list many words between 'open-label' and 'study'.
            if title and (not _STUDY_NOUN.search(sent, m.end()) or _ROLE_BEFORE.search(sent, max(0, m.start() - 30), m.start())):
                continue    # ('Third-party Unblinded': one role's state, not the design)
            add("open_label", m)
            break
        if not hypothetical and "enrolled" in kinds:
            for pat in _ENROLLED:
                m = pat.search(sent)
                if m is None:
                    continue
                n = to_int(m.group("n").replace(",", ""))
                if n is None or n < 2:
                    continue
                # Only a sentence giving one number for the whole study: no parts, rates or approximations
                # (read up to just after the statement: 'Of the 48 patients enrolled, 40 completed' is whole).
                # 'One-hundred and forty', 'Three (3) to 6': a number or range the pattern only partly read.
                if _PART_NUMBER.search(sent[:m.start("n")]):
                    break
                reach = 0 if pat is _ENROLLED[1] else 60
                if _not_whole(sent, m.start(), min(len(sent), m.end() + reach)) or len(_COUNTED.findall(sent)) > 1 or \
                        _AND_MORE.match(sent, m.end()):
                    break
                add("enrolled", m, n, bool(_FUTURE.search(m.group(0)) or _FUTURE.search(sent[:m.start()])))
                break
        for m in (_RECRUIT.finditer(sent) if "recruitment" in kinds else ()):
            end = _date(m.group("end"))
            start = _date(m.group("start"))
            if end is None or start is None or start.iso > end.iso:
                continue
            add("recruitment", m, end, group="end")
            break
        if "stopped" in kinds and not hypothetical and not re.search(r"(?i)\b(?:will|shall|to\s+be)\b", sent):
            for m in _STOPPED.finditer(sent):
                if _STOPPED_NORMAL.search(sent) or not _STOPPED_REASON.search(sent):
                    continue
                add("stopped", m)
                break
    out.sort(key=lambda s: s.span)
    return out
