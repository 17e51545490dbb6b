"""Spelling: misspelt words, doubled words and common wrong-word forms in free text.

Pure functions on strings. A word is judged against the word sources of lexicon.py and the project's
own words (config.yaml `typo.words`). An unknown word is reported only with a confident correction:
a misspelling codespell lists, or a common word of registry text one slip away (lexicon.Lexicon.suggest).
Words with digits, ALL-CAPS abbreviations, CamelCase (HBsAg), words without a vowel, URLs, e-mail
addresses, short words, names (cited, titled, beside other capitalized words), rare inflections of a
common word and compounds or derivations of known words are never reported.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .lexicon import Lexicon, default_lexicon

MIN_LEN = 4               # shorter words are too often abbreviations or names to judge
GUESS_MIN_LEN = 5         # ... and words no misspelling list names need this many letters
COMMON_COUNT = 250        # an English word this frequent counts as common (parts of glued words)
FOREIGN_SHARE = 0.4       # a text with this share of unknown words is not checked (not English, names)
COMMON_FIX_DOCS = 50      # a correction this many corpus documents use is a common term ('Diabetes')
CAPITAL_TWO_EDITS_LEN = 9 # a capitalized word this long may be two edits from a common term

# Known words with a common prefix, or two glued known words, are accepted: registry text coins
# them freely (nonrenal, reinfused, timepoints).
_PREFIXES = ("non", "re", "pre", "post", "anti", "sub", "inter", "intra", "extra", "multi", "hyper", "hypo",
             "micro", "macro", "neuro", "immuno", "cyto", "bio", "co", "de", "dis", "un", "over", "under",
             "peri", "trans", "semi", "pseudo", "poly", "mono", "auto", "self", "counter", "mid", "ultra",
             "cardio", "hepato", "nephro", "gastro", "radio", "chemo", "pharmaco", "psycho", "electro",
             "myo", "ortho", "pro", "des", "bi", "tri", "hemi", "para", "endo", "epi", "peri", "neo", "pan")
# ... and so are dictionary words with a derivation ending: (ending, what the stem lost to it,
# how the restored stem must end): genomic-ally, relapse-rs, verruca-l, endocrine-al, comminute-ion.
_DERIVATIONS = (("ally", "", "ic"), ("ers", "e", ""), ("er", "e", ""), ("al", "a", ""), ("al", "e", "ine"),
                ("ions", "e", "ate"), ("ions", "e", "ute"), ("ion", "e", "ate"), ("ion", "e", "ute"),
                ("ness", "", ""), ("ity", "", ""), ("s", "", ""))

# A word: letters, with inner apostrophes and hyphens (patient's, placebo-controlled).
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*")
_MASK = re.compile(r"(?i)(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GLUE = frozenset("_@/\\#&=~")
_JOIN = frozenset(".-;:,(")   # glue too when a letter or digit stands right behind it (e.g.the, c;ould)
_VOWEL = re.compile("[aeiouyAEIOUY]")
# A word cut short: 'excp. stage 1', 'Transpl. in', '(includ...)'.
_ABBREVIATED = re.compile(r"\.(?:\.\.|[ \t]+[a-z])|…")
_PREV_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z.:;!?\n]{0,3}$")
_NAME_AFTER = re.compile(r"(?:'s)?(?:\s+et\.?\s+al\b|\s*\\?&|\s+and\s+colleagues\b|[,\s(]+(?:19|20)\d\d\b"
                         r"|\s*[™®©])")
_NAME_BEFORE = re.compile(r"\b(?:dr|doctor|prof|professor|mr|mrs|ms|mme|sir)\.?\s+$", re.I)
_NEXT_WORD = re.compile(r"[^A-Za-z.:;!?\n]{0,3}([A-Za-z]+)")


@dataclass(frozen=True, slots=True)
class Misspelling:
    """Text that looks wrong, where it stands and what it should probably be."""
    kind: str          # 'spelling', 'repeat' or 'wrong-word'
    found: str         # as written: 'safty', 'stem stem', 'has ben'
    suggestion: str    # 'placebo', 'stem', 'has been'
    start: int         # offsets of `found` in the text
    end: int


# ---------------------------------------------------------------------------------------------
# One word


class Speller:
    """Judges words, one verdict per distinct word (cached). `words` are the project's own words."""

    def __init__(self, words: Iterable[str] = (), lexicon: Lexicon | None = None):
        self.words = frozenset(w.strip().lower() for w in words if w.strip())
        self.lex = lexicon or default_lexicon()
        self._verdicts: dict[str, str | None] = {}
        self._unknown: dict[str, bool] = {}
        # Chunks (see _chunks) judged fine, for the fast path: most texts hold nothing else.
        self.fine: set[str] = set()

    def _known(self, lower: str) -> bool:
        lex = self.lex
        return lower in self.words or lower in lex.corpus or lower in lex.medical or lower in lex.english

    def _compound(self, lower: str) -> bool:
        """A known word with a common prefix or a derivation ending, or two common words glued together."""
        for p in _PREFIXES:
            if lower.startswith(p) and len(lower) - len(p) >= 4 and self._dictionary(lower[len(p):]):
                return True
        for end, lost, tail in _DERIVATIONS:
            if lower.endswith(end) and len(lower) - len(end) >= 5:
                stem = lower[:-len(end)] + lost
                if stem.endswith(tail) and self._dictionary(stem):
                    return True
        return any(self._common(lower[:i]) and self._common(lower[i:]) for i in range(4, len(lower) - 3))

    def _dictionary(self, lower: str) -> bool:
        """In a dictionary (the corpus list holds abbreviations and names too: not enough for a stem)."""
        lex = self.lex
        return (lower in lex.english or lower in lex.medical or lower in self.words) and lower not in lex.misspellings

    def in_dictionary(self, word: str) -> bool:
        """A word (any case) an English or medical dictionary knows: 'Type', 'Carcinoma'."""
        lower = _base(word)
        return self._dictionary(lower) or self.lex.hunspell_knows(word)

    def _common(self, lower: str) -> bool:
        """A common English word (timepoint = time + point; not hematopoetic = hemato + poetic)."""
        return self.lex.english.get(lower, 0) >= COMMON_COUNT and lower not in self.lex.misspellings

    def unknown(self, word: str) -> bool:
        """True when no word source knows the word (whatever the confidence of a correction)."""
        v = self._unknown.get(word)
        if v is None:
            lower = _base(word)
            v = self._unknown[word] = not (len(lower) < MIN_LEN or self._known(lower) or self._compound(lower))
        return v

    def verdict(self, word: str) -> str | None:
        """The suggested correction when `word` (as written) is misspelt, else None."""
        if word in self._verdicts:
            return self._verdicts[word]
        v = self._verdicts[word] = self._judge(word)
        return v

    def _judge(self, word: str) -> str | None:
        lower = _base(word)
        lex = self.lex
        if "'" in lower or len(lower) < MIN_LEN or lower in self.words or lower in lex.medical \
                or lower in lex.corpus and not lex.corpus_slip(lower):
            return None
        fix = lex.misspellings.get(lower)
        if fix is not None:
            # codespell knows the slip; a closer correction that registry text uses more may still be better
            # ('dyas': days rather than dryas).
            ours = lex.suggest(lower, maxd=1)
            if ours is not None and lex.corpus.get(ours, 0) > lex.corpus.get(fix, 0):
                fix = ours
        else:
            if len(lower) < GUESS_MIN_LEN or lower in lex.english or self._compound(lower) \
                    or word[0].isupper() and lex.abbreviates(lower):
                return None
            # A capitalized unknown word is as often a name or a brand: one edit only, two for a
            # long word close to a very common term (Title Case 'Schizopherina').
            fix = lex.suggest(lower, maxd=1 if word[0].isupper() else 2)
            if fix is None and word[0].isupper() and len(lower) >= CAPITAL_TWO_EDITS_LEN:
                fix = lex.suggest(lower, maxd=2)
                if fix is not None and lex.corpus.get(fix, 0) < COMMON_FIX_DOCS:
                    fix = None
            if fix is None:
                return None
        if lex.hunspell_knows(word):
            return None
        return fix.capitalize() if word[0].isupper() else fix

    def suspects(self, chunks: Iterable[str]) -> list[str]:
        """The chunks that may be misspelt (a confident correction exists); the others are
        remembered as fine."""
        out = []
        for w in set(chunks).difference(self.fine):
            if w.isascii() and not skip_word(w) and self.verdict(w) is not None:
                out.append(w)
            else:
                self.fine.add(w)
        return out


def _base(word: str) -> str:
    """Lower case, possessive dropped: "Wharton's" -> "wharton"."""
    lower = word.lower().replace("’", "'")
    return lower[:-2] if lower.endswith("'s") else lower


@lru_cache(maxsize=8)
def speller(words: tuple[str, ...] = ()) -> Speller:
    """A shared Speller per project word list, so its cache lives across records."""
    return Speller(words)


# ---------------------------------------------------------------------------------------------
# Texts


def skip_word(word: str) -> bool:
    """Words never judged: short ones, ALL-CAPS abbreviations, CamelCase (HBsAg, McDonald), words
    without a vowel (dmfs, mmHg)."""
    if len(word) < MIN_LEN:
        return True
    core = word.replace("'", "").replace("’", "")
    rest = core[1:]
    # (in ASCII, a capital is exactly what lower() changes)
    inner_capital = rest != rest.lower() if rest.isascii() else any(c.isupper() for c in rest)
    return core.isupper() or inner_capital or not _VOWEL.search(core)


def iter_words(text: str) -> Iterator[tuple[str, int, str | None]]:
    """(word, offset, the hyphenated compound it is part of, if any) for every plain word of a text:
    words glued to digits, symbols or non-ASCII letters (CD34-positive, TNF-αand, e.g) and the
    insides of URLs and e-mail addresses are left out."""
    if "@" in text or "//" in text or "www." in text or "WWW." in text:
        text = _MASK.sub(lambda m: " " * len(m.group(0)), text)
    n = len(text)
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        b = text[s - 1] if s else " "
        a = text[e] if e < n else " "
        if _glued(b) or _glued(a):
            continue
        if b in _JOIN and s > 1 and text[s - 2].isalnum() or a in _JOIN and e + 1 < n and text[e + 1].isalnum():
            continue
        tok = m.group(0)
        if "-" not in tok:
            yield tok, s, None
            continue
        parts = tok.split("-")
        if any(len(p) > 1 and p.isupper() for p in parts):
            continue  # a code or product name: LCP-Tacro, GM-CSF-in-Adjuvant
        for part in parts:
            yield part, s, tok
            s += len(part) + 1


def _glued(c: str) -> bool:
    """A neighbour that makes a run of letters part of something else: a letter or digit (any
    script), a combining accent (decomposed 'Södertälje'), or a symbol of code and addresses."""
    return c.isalnum() or c in _GLUE or (c > "\x7f" and unicodedata.category(c)[0] == "M")


def _in_name(text: str, s: int, e: int, sp: Speller | None = None, fix: str | None = None) -> bool:
    """True when the capitalized word at s..e reads as a name rather than a stray capital ('and
    Hematopoetic stem cells'): beside another capitalized word of the same sentence ('Institut
    Gustave Roussy'), cited ('Windus et al', 'Laher 2014', 'Patalay &'), titled ('doctor Bakri'),
    or trademarked ('Kyprolis™'). Capitalized neighbours that are dictionary words do not make a
    name of a slip of a common term: 'Type 2 Diabates', 'in Hepatocelular Carcinoma' (Title Case)."""
    if _NAME_AFTER.match(text, e, e + 30) or _NAME_BEFORE.search(text, max(0, s - 20), s):
        return True
    prev = _PREV_WORD.search(text, max(0, s - 40), s)
    nxt = _NEXT_WORD.match(text, e, e + 40)
    caps = [m.group(1) for m in (prev, nxt) if m and m.group(1)[0].isupper()]
    if not caps:
        return False
    if sp is not None and fix is not None and sp.lex.corpus.get(fix.lower(), 0) >= COMMON_FIX_DOCS:
        return not all(sp.in_dictionary(c) for c in caps)
    return True


def misspellings(text: str, sp: Speller, *, label: bool = False) -> list[Misspelling]:
    """Misspelt words of one text. `label` marks titles and names, often in Title Case, where a
    capital letter says nothing; in free text a capitalized word beside another capitalized word is
    taken for a name and left alone. A text with many unknown words (not English, a list of names)
    is left alone."""
    if not text:
        return []
    out: list[Misspelling] = []
    checked = unknown = 0
    for word, off, compound in iter_words(text):
        if skip_word(word):
            continue
        checked += 1
        unknown += sp.unknown(word)
        fix = sp.verdict(word)
        if fix is None:
            continue
        end = off + len(word)
        if _ABBREVIATED.match(text, end):
            continue
        if compound is not None:
            # A word broken by a hyphen (esca-lating) is fine; inside a compound only the head word is
            # judged in full, a leading part must be a listed misspelling.
            if not sp.unknown(compound.replace("-", "")):
                continue
            if not compound.endswith(word) and _base(word) not in sp.lex.misspellings:
                continue
        if not label and word[0].isupper() and _in_name(text, off, end, sp, fix):
            continue
        out.append(Misspelling("spelling", word, fix, off, end))
    if out and unknown >= 2 and unknown >= FOREIGN_SHARE * checked:
        return []
    return out


# Letters stay, ASCII non-letters and common Unicode punctuation and spaces become spaces: a cheap
# split into candidate words. Runs holding other non-ASCII letters stay whole and are never judged.
_SPLIT_UNICODE = "\u00a0\u2009\u202f\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022" \
                 "\u00b7\u00ab\u00bb\u00d7\u00b1\u2264\u2265\u00b0\u00ae\u2122\u00a9"
# The ASCII part as a byte table (bytes.translate is a plain table lookup, str.translate a dict
# lookup per character); UTF-8 bytes of other characters are left as they are.
_SPLIT_BYTES = bytes(32 if i < 128 and not chr(i).isalpha() else i for i in range(256))
_SPLIT_OTHER = re.compile(f"[{_SPLIT_UNICODE}]")


def _chunks(text: str) -> list[str]:
    """The candidate words of a text (see _SPLIT_BYTES): runs of letters between ASCII
    non-letters, the punctuation of _SPLIT_UNICODE and white space."""
    out = text.encode("utf-8", "surrogatepass").translate(_SPLIT_BYTES).decode("utf-8", "surrogatepass")
    if not text.isascii():
        out = _SPLIT_OTHER.sub(" ", out)
    return out.split()


def slips(text: str, sp: Speller, *, label: bool = False) -> list[Misspelling]:
    """Every slip of one text, by position: misspelt words, doubled words, wrong-word forms.
    A cheap split finds candidates first; the exact (slower) passes run only on texts that have some."""
    if not text:
        return []
    chunks = _chunks(text)
    return _found(text, sp, label, not sp.fine.issuperset(chunks) and bool(sp.suspects(chunks)),
                  any(map(str.__eq__, chunks, chunks[1:])), True)


def _found(text: str, sp: Speller, label: bool, spelling: bool, repeats: bool, wrong: bool) -> list[Misspelling]:
    """The slips of a text whose chunks hold a suspect word (spelling) or a word twice in a row
    (repeats); wrong=False when no wrong-word form can stand in it."""
    out: list[Misspelling] = []
    if spelling:
        out.extend(misspellings(text, sp, label=label))
    if repeats:
        out.extend(repeated_words(text))
    if wrong:
        low = text.lower()
        if any(has(low) for has in _WRONG_NEED):
            out.extend(wrong_words(text))
    return sorted(out, key=lambda m: (m.start, m.kind))


# Stands between the texts of a record joined for record_slips: a chunk of its own (a non-ASCII
# non-letter, not a space), so no two texts' words are adjacent, and one no text holds (that is
# checked). A Latin-1 character keeps the joined text in Python's compact one-byte form.
_SEP = "\x80"


def record_slips(texts: list[tuple[str, bool]], sp: Speller) -> list[list[Misspelling]]:
    """slips() of each (text, label) of one record, the texts non-empty. The texts are split once,
    joined, and the cheap tests of slips() run over the whole record: most records have no slip at
    all, and in the others only the texts holding a suspect word or a word twice are read again."""
    joined = f"\n{_SEP}\n".join(t for t, _ in texts)
    if joined.count(_SEP) != len(texts) - 1:
        return [slips(t, sp, label=label) for t, label in texts]
    chunks = _chunks(joined)
    sp.fine.add(_SEP)      # judged fine anyway: not ASCII
    # The chunks of a text are a run of the record's; a text's suspect words are the record's
    # suspect words it holds (a suspect is a chunk, its verdict its own).
    suspect = set() if sp.fine.issuperset(chunks) else set(sp.suspects(chunks))
    same = list(map(str.__eq__, chunks, chunks[1:]))
    low = joined.lower()
    wrong = any(has(low) for has in _WRONG_NEED)
    if not (suspect or wrong or True in same):
        return [[] for _ in texts]
    out = []
    start = 0
    for text, label in texts:
        end = chunks.index(_SEP, start) if len(out) < len(texts) - 1 else len(chunks)
        twice = end - start > 1 and True in same[start:end - 1]
        spelt = bool(suspect) and not suspect.isdisjoint(chunks[start:end])
        out.append(_found(text, sp, label, spelt, twice, wrong) if spelt or twice or wrong else [])
        start = end + 1
    return out


# The same word twice ('stem stem'); across a line break only in lower case (a capital starts a list item).
# (The word is possessive: only a whole run of letters can be followed by a space, so backtracking
# into it could never match.)
_REPEAT = re.compile(r"(?<![\w'’/-])([A-Za-z]++)(?:[ \t]+|[ \t]*\r?\n[ \t]*)\1(?![\w'’/-])")
# Doubled words that are right: 'had had', 'very very', and names (Loa loa, Moya Moya, Bora Bora).
_REPEAT_OK = frozenset({"had", "very", "bye", "do", "so", "no", "ha", "tut", "tom", "knock", "chop", "dum",
                        "loa", "moya", "bora", "walla", "baden", "mahi", "sing", "duran", "dance"})


def repeated_words(text: str) -> list[Misspelling]:
    """The same word written twice in a row ('stem stem', 'of of'), a classic slip."""
    out = []
    for m in _REPEAT.finditer(text or ""):
        w = m.group(1)
        if len(w) < 2 or w.isupper() or w.lower() in _REPEAT_OK or (w[0].isupper() and "\n" in m.group(0)):
            continue
        out.append(Misspelling("repeat", m.group(0), w, m.start(), m.end()))
    return out


# Real words in the wrong place: (words the pattern needs, pattern, fix). Group 1 is the wrong word.
_WRONG_WORDS: tuple[tuple[tuple[str, ...], re.Pattern, str], ...] = tuple(
    (need, re.compile(p, re.I), fix) for need, p, fix in (
        (("ben ", "ben\n", "ben\r"), r"\b(?:has|have|had|having)\s+(ben)\b", "been"),
        (("could of", "would of", "should of", "must of", "might of"),
         r"\b(?:could|would|should|must|might)\s+(of)\b(?!\s+(?:course|note))", "have"),
        (("re then", "ss then", "er then"),
         r"\b(?:more|less|greater|fewer|higher|lower|larger|smaller|older|younger|longer|shorter)"
         r"\s+(then)(?=\s*(?:\d|[<>≤≥=]|or\s+equal))", "than"),
        (("principle",), r"\b(principle)\s+investigators?\b", "principal"),
        (("inform consent", "inform\n", "inform\r"), r"(?<!\bto\s)\b(inform)\s+consent\b", "informed"),
        (("prostrate",), r"\b(prostrate)\s+(?:cancer|carcinoma|gland|biopsy|specific|enlargement|tumou?r)",
         "prostate"),
        ((" affects",), r"\b(?:side|adverse|toxic|harmful)\s+(affects)\b", "effects"),
        ((" asses ",), r"\b(asses)\s+(?:the|whether|if|how|their|patients?|safety|efficacy)\b", "assess"),
        (("sever ",), r"(?<!\bto\s)\b(sever)\s+(?!(?:the|a|an|any|all|both|each|his|her|their|its|this|that|"
                     r"these|those|them|it|off|ties|relations|links?|connections?|contacts?|nerves?|cords?|"
                     r"tendons?|arter\w*|vessels?)\b)[a-z]+", "severe"),
    ))


def _common_prefix(words: tuple[str, ...]) -> str:
    n = 0
    while all(len(w) > n and w[n] == words[0][n] for w in words):
        n += 1
    return words[0][:n]


def _needs(need: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of lower-case text: does any of these strings stand in it? Strings sharing a start
    ('ben ', 'ben\\n') or an end ('could of', 'must of') are found in one pass, the engine scanning
    for the shared part; others by plain substring search."""
    if len(need) == 1:
        return lambda low: need[0] in low
    head = _common_prefix(need)
    tail = _common_prefix(tuple(w[::-1] for w in need))[::-1]
    if len(head) >= len(tail):
        rx = re.compile(re.escape(head) + "(?:" + "|".join(re.escape(w[len(head):]) for w in need) + ")")
    else:
        rx = re.compile(re.escape(tail) + "(?:" + "|".join(f"(?<={re.escape(w)})" for w in need) + ")")
    return lambda low: rx.search(low) is not None


_WRONG_NEED = tuple(_needs(need) for need, _rx, _fix in _WRONG_WORDS)


def wrong_words(text: str) -> list[Misspelling]:
    """Common wrong-word forms: 'has ben shown' (been), 'more then 6 months' (than),
    'principle investigator' (principal), 'prostrate cancer' (prostate)."""
    out = []
    low = (text or "").lower()
    for (_need, rx, fix), has in zip(_WRONG_WORDS, _WRONG_NEED):
        if not has(low):
            continue
        for m in rx.finditer(text):
            s, e = m.span(1)
            fixed = fix.capitalize() if m.group(1)[0].isupper() else fix
            phrase = m.group(0)
            rel = s - m.start()
            out.append(Misspelling("wrong-word", phrase, phrase[:rel] + fixed + phrase[rel + e - s:],
                                   m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)
