"""Turn a name as written into typed, comparable tokens.

``analyze_name("MACHINE SAZI ARAK CO. LTD.", NameKind.ORG)`` gives the tokens
``machine sazi arak`` (words) and ``coltd`` (a legal form, code ``ltd``); ``ماشین سازی تبریز``
gives ``mashyn sazy tbryz`` marked *consonantal* (compared on consonant skeletons, because
Persian does not write short vowels); ``"AL BEN ALI, Isa Ben Tarif"`` gives the person name in
"First LAST" order with ``al`` and ``ben`` as particles.

Pipeline: :func:`~exportctl.text.normalize.clean` → person-name order → Han/Hangul syllables
split → chunks (Arabic article split off in the original script, where it is unambiguous) →
transliteration (:func:`~exportctl.text.translit.to_ascii`) → ASCII tokens → kinds (legal form,
particle/title/stop word, initial, number, word) → variant groups and phonetic keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from exportctl.text.normalize import clean, fold_letters
from exportctl.text.phonetic import (
    SUN_LETTERS,
    consonant_skeleton,
    letters_skeleton_parts,
    letters_skeletons,
    phonetic_key,
)
from exportctl.text.scripts import has_consonantal, is_syllable_char, space_syllabic
from exportctl.text.tables import PARTICLE_CANON, tables
from exportctl.text.translit import to_ascii

__all__ = [
    "SKELETON_KINDS",
    "AnalyzedName",
    "NameKind",
    "NameSkeleton",
    "Token",
    "TokenKind",
    "analyze_name",
    "name_skeletons",
    "reorder_person",
]


class NameKind(StrEnum):
    """What the name names: decides whether legal forms are looked for."""

    PERSON = "person"
    ORG = "org"  # organisations, vessels, aircraft: anything that is not a person
    ANY = "any"


class TokenKind(StrEnum):
    WORD = "word"
    LEGAL = "legal"  # a legal form (Co. Ltd, GmbH, PJSC); text is the joined form
    PARTICLE = "particle"  # al-, bin, van; titles (Sheikh, Dr); stop words (and, of)
    INITIAL = "initial"  # one Latin letter in a person name
    NUMBER = "number"  # contains a digit: must match exactly


class Token(NamedTuple):
    """One comparable token. Equal tokens are interchangeable (the index interns them).

    A named tuple rather than a dataclass: an index holds tens of thousands and builds them
    in a tight loop.
    """

    text: str
    kind: TokenKind
    #: transliterated from a script that does not write short vowels (Arabic, Hebrew ...)
    consonantal: bool = False
    #: variant-group keys (given names), the legal-form code, or the canonical particle
    groups: tuple[str, ...] = ()
    phon: str = ""
    skel: str = ""
    #: how the word begins: "v" with a vowel (Latin a e i o u; alef, ayn or hamza in Arabic
    #: script, which romanisations write as a vowel), "c" with a consonant, "" either way
    #: (y, w; ي و). A transliteration keeps it: احمد is not HAMID, گل is not OKOLU.
    lead: str = ""
    #: how it ends, likewise: "v" with a vowel (Latin a i o u y; Arabic script writes a final
    #: vowel as ا ى ي ی و), "c" with a consonant, "" either way (Latin e h w, often silent;
    #: ة ه ء). حسن is not HOUSNI, متين not MUTHANA.
    tail: str = ""
    #: consonantal-script words: for each pair of neighbouring skeleton consonants, "1" if a
    #: long vowel letter (ا و ي) is written between them (``phonetic.letters_skeleton_parts``): a
    #: romanisation writes a vowel there, so نذير (Nazir) is not NASR. "" for Latin words.
    gaps: str = ""
    #: consonantal-script words: for each skeleton symbol, "1" if a letter romanised two ways
    #: gave it (ث ذ ض ظ: t/dh or s/z; ج: j or g): only there may a romanisation have the
    #: other class (ظاهر is ZAHIR, but صمد is not CHAMS). "" for Latin words.
    readings: str = ""

    @property
    def key(self) -> str:
        """Interning key: kind, script class and text (``w:mashin``, ``wc:mshyn``, ``l:coltd``)."""
        if self.kind is TokenKind.NUMBER and self.groups:
            return "n:" + self.groups[0]  # "1st", "first" and "1" are one number
        if self.consonantal:
            # The skeleton comes from the original letters: two words can transliterate
            # alike ("th": ث or ط+ه) and still differ; so can the initial letter (عمر, مر).
            return (
                _KEY_PREFIX_C[self.kind]
                + self.text
                + "/"
                + self.skel
                + self.lead
                + self.tail
                + self.gaps
                + "/"
                + self.readings
            )
        return _KEY_PREFIX[self.kind] + self.text


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """A name's tokens, with the surface form (as written) each token came from."""

    raw: str
    tokens: tuple[Token, ...]
    surfaces: tuple[str, ...]

    @property
    def words(self) -> tuple[Token, ...]:
        """Tokens that identify (not legal forms or particles)."""
        return tuple(t for t in self.tokens if t.kind in _IDENTIFYING)


_IDENTIFYING = frozenset({TokenKind.WORD, TokenKind.NUMBER, TokenKind.INITIAL})
_KEY_PREFIX = {k: k.value[0] + ":" for k in TokenKind}
_KEY_PREFIX_C = {k: k.value[0] + "c:" for k in TokenKind}

# Apostrophes and ayn/hamza signs: deleted inside a word (O'Brien = OBrien, Ka'bi = Kabi).
_APOSTROPHES = str.maketrans({c: None for c in "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4"})
_SPLIT_RE = re.compile(r"[^a-z0-9]+")
_ARTICLE = "\u0627\u0644"  # ال
# لا (la, as in LALA) transliterates like the article, but the article is written alef-lam.
_LAM_ALEF = "\u0644\u0627"
# Words that begin with the letters of the article but where it is not an article.
_NOT_ARTICLE = frozenset({"\u0627\u0644\u0644\u0647", "\u0627\u0644\u0647"})  # الله, اله
# Consonantal transliterations of particles written as separate words in Arabic script.
_CONSONANTAL_PARTICLES = {
    "bn": "bin",
    "bw": "abu",
    "abw": "abu",
    "bnt": "bint",
    "l": "al",
    "al": "al",
}
# Kinship words and titles written as words in Arabic script that the Latin-script lists
# treat as particles (OULD, HAJJI, MULLAH ...), keyed by their folded spelling.
_SCRIPT_PARTICLES = {
    fold_letters(k): v
    for k, v in {
        "ولد": "ould",
        "ملا": "mullah",
        "شيخ": "sheikh",
        "حاجي": "haji",
        "حاجى": "haji",
        "حجي": "haji",
        "حاج": "haji",
        "مولوي": "mawlawi",
        "قاري": "qari",
        "ابن": "bin",
        "اغ": "ag",  # Tuareg "son of" (إياد أغ غالي = IYAD AG GHALI)
    }.items()
}
# Persian ezafe written as a suffix in romanisations ("Sherkat-e Sahami-ye Khass"): a grammatical
# link, not part of any word; dropping it lets the legal form and the words meet their
# unlinked spellings.
_EZAFE_RE = re.compile(r"(?<=[A-Za-z])-(?:e|ye|yi|i)\b", re.IGNORECASE)
# "son of" written out in English, or abbreviated s/o and d/o as in Pakistani and Afghan
# records ("Akhter Mohmad son of Noor Mohmad" on the UN list), is the filiation particle that
# Arabic script writes بن or ولد and other romanisations BIN or OULD.
_FILIATION_RE = re.compile(r"\b(?:(son)|daughter) of\b|\b(?:(s)|d)/o\b", re.IGNORECASE)


def _filiation(m: re.Match[str]) -> str:
    return "bin" if m.group(1) or m.group(2) else "bint"


def reorder_person(name: str) -> str:
    """``"LAST, First"`` → ``"First LAST"``; anything else is returned unchanged.

    Only one comma, and words on both sides; a trailing legal form (``"Acme, Inc."``) is not a
    given name and is left alone.
    """
    if name.count(",") != 1:
        return name
    last, first = (p.strip() for p in name.split(","))
    if not last or not first:
        return name
    first_tokens = tuple(_SPLIT_RE.split(to_ascii(first.translate(_APOSTROPHES))))
    first_tokens = tuple(t for t in first_tokens if t)
    if first_tokens in tables().legal.forms:
        return name
    return f"{first} {last}"


_APOSTROPHE_CHARS = frozenset("'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4")
_ASCII_CHUNK_RE = re.compile(r"([A-Za-z0-9'`]+)([^A-Za-z0-9'`]?)")
_LEET = str.maketrans("013457890", "oieastbgo")
_LEET_RE = re.compile(r"^[a-z]+(?:[0-9][a-z]+)+$")
_ORDINAL_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Arabic article forms assimilated to the next consonant (at-Tikriti, ash-Shami): particles only
# when a hyphen joins them to the next word; alone, "AT" or "AS" are far more often acronyms.
_ASSIMILATED = frozenset({"ud", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "ur"})


class _Piece(NamedTuple):
    text: str  # ASCII, lower case
    surface: str  # as written (after clean-up)
    consonantal: bool
    hyphen_after: bool
    skel: str = ""  # consonantal pieces: skeleton from the original letters
    gaps: str = ""  # ... where long vowels are written (see Token.gaps)
    readings: str = ""  # ... and which symbols a letter read two ways gave (Token.readings)


def _split_chunks(text: str) -> list[tuple[str, str]]:
    """Maximal runs of letters, digits, marks and apostrophes, with the character after each."""
    if text.isascii():
        return [(m.group(1), m.group(2)) for m in _ASCII_CHUNK_RE.finditer(text)]
    out: list[tuple[str, str]] = []
    cur: list[str] = []
    for ch in text:
        # Marks (M*) belong to their word: Thai and Devanagari vowel signs are marks.
        if unicodedata.category(ch)[0] in "LNM" or ch in _APOSTROPHE_CHARS:
            cur.append(ch)
        elif cur:
            out.append(("".join(cur), ch))
            cur = []
    if cur:
        out.append(("".join(cur), ""))
    return out


_ASCII_WORD_RE = re.compile(r"([a-z0-9]+)(-?)")


def _pieces(text: str) -> list[_Piece]:
    """Cleaned text → ASCII pieces with their surface and script class."""
    if text.isascii():
        # Fast path (most list names): no transliteration, surfaces are slices of the input.
        low = text.lower()
        if "'" in low or "`" in low:
            low = low.translate(_APOSTROPHES)
            text = text.translate(_APOSTROPHES)
        return [
            _Piece(m.group(1), text[m.start(1) : m.end(1)], False, m.group(2) == "-")
            for m in _ASCII_WORD_RE.finditer(low)
        ]
    out: list[_Piece] = []
    for chunk, sep in _split_chunks(text):
        consonantal = not chunk.isascii() and has_consonantal(chunk)
        parts: list[str] = [chunk]
        if (
            consonantal
            and chunk.startswith(_ARTICLE)
            and len(chunk) >= 4
            and chunk not in _NOT_ARTICLE
        ):
            # The article is written joined to the word in Arabic script; split it off as the
            # Latin lists do (al-Tikriti), so the rest compares with TIKRITI.
            parts = [_ARTICLE, chunk[2:]]
        for k, part in enumerate(parts):
            bare = part.translate(_APOSTROPHES)
            ascii_ = to_ascii(bare).translate(_APOSTROPHES)
            words = [w for w in _SPLIT_RE.split(ascii_) if w]
            skel, gaps, readings = (
                letters_skeleton_parts(bare, to_ascii)
                if consonantal and len(words) == 1
                else ("", "", "")
            )
            for m, w in enumerate(words):
                last = k == len(parts) - 1 and m == len(words) - 1
                hyphen = sep == "-" if last else True
                out.append(_Piece(w, part, consonantal, hyphen, skel, gaps, readings))
    return out


@lru_cache(maxsize=1 << 17)
def _make_token(text: str, kind: TokenKind, consonantal: bool) -> Token:
    """Words and initials with their variant groups and phonetic keys (cached: names repeat
    their words far more often than they introduce new ones)."""
    groups = tables().variants.get(text, ()) if kind is TokenKind.WORD else ()
    return Token(
        text,
        kind,
        consonantal,
        groups,
        phonetic_key(text),
        consonant_skeleton(text),
        _lead(text),
        _tail(text),
    )


# Letters that begin a word romanised with a vowel: alef (all forms), ayn, hamza (Arabic
# script); alef and ayin (Hebrew). Waw and yeh are either (Ould / Walid, Yusuf / Iyad).
_LEAD_VOWEL = frozenset("\u0627\u0623\u0625\u0622\u0671\u0639\u0621\u0626\u0624\u05d0\u05e2")
_LEAD_EITHER = frozenset("\u0648\u064a\u0649\u06cc\u05d5\u05d9yw")


_SIBILANTS = frozenset("\u0633\u0634")  # س ش
_LONG_VOWELS = frozenset("\u0627\u0648\u064a\u06cc\u0649")  # ا و ي ی ى


_TAIL_VOWEL = frozenset("\u064a\u0649\u06cc\u0648\u0627aiouy")
# Ayn and hamza end words romanised with a vowel, an apostrophe or nothing (ربيع Rabi').
_TAIL_EITHER = frozenset("\u0629\u0647\u0621\u0639\u0623\u0625\u0626\u0624ehw")


def _tail(text: str) -> str:
    """``v``, ``c`` or ``""``: see :attr:`Token.tail` (Latin text or original letters)."""
    last = text[-1:]
    if not last.isalpha() or last in _TAIL_EITHER:
        return ""
    if last in _TAIL_VOWEL:
        return "v"
    if not last.isascii() and not has_consonantal(last):
        return ""  # Hebrew, Syriac ...: not classified
    return "c"


def _lead(text: str) -> str:
    """``v``, ``c`` or ``""``: see :attr:`Token.lead` (Latin text or original letters)."""
    first = text[:1]
    if not first.isalpha() or first in _LEAD_EITHER:
        return ""
    if first.isascii():
        return "v" if first in "aeiou" else "c"
    if first == "\u0627" and text[1:2] in _SIBILANTS and text[2:3] not in _LONG_VOWELS:
        # Persian writes a vowel before s + consonant (استانکزی, استاد) that romanisations
        # may leave out (STANEKZAI) or keep (ISTANAKZAI).
        return ""
    return "v" if first in _LEAD_VOWEL else "c"


def _number(text: str, kind: NameKind) -> str | None:
    """The canonical digits a token stands for, if it is a number."""
    if text.isdigit():
        return text.lstrip("0") or "0"
    if not text.isalpha():
        m = _ORDINAL_RE.match(text)
        return m.group(1).lstrip("0") or "0" if m else None
    entry = tables().numbers.get(text)
    if entry is not None and (entry[1] != "roman" or kind is NameKind.ORG):
        return entry[0]
    return None


def _legal_words(text: str) -> list[str]:
    """The legal-form words ``text`` misspells by one edit (``compnay`` -> ``company``)."""
    by_del = tables().legal.words_by_deletion
    out: list[str] = []
    for key in (text, *(text[:k] + text[k + 1 :] for k in range(len(text)))):
        word = by_del.get(key)
        if (
            word is not None
            and word != text
            and word not in out
            and OSA.distance(word, text, score_cutoff=1) <= 1
        ):
            out.append(word)
    return out


def _form_length(texts: list[str], i: int) -> int:
    """Words in the longest legal form that starts at ``texts[i]`` (0: none)."""
    tbl = tables()
    return max(
        (
            size
            for size, _code in tbl.legal.by_first.get(texts[i], ())
            if tuple(texts[i : i + size]) in tbl.legal.forms
        ),
        default=0,
    )


def _correct_legal_words(pieces: list[_Piece]) -> list[str]:
    """Token texts with words that misspell a legal-form word by one edit corrected.

    The corrections are only *candidates*: the legal-form scan uses them, and a corrected
    word that does not complete a legal form keeps its own spelling ("Stick Company" stays).
    Of several candidates, the one that completes the longest form wins: LIMITAD LIABILITY
    COMPANY is a limited liability company, not a Spanish limitada.
    """
    tbl = tables()
    texts = [p.text for p in pieces]
    legal_words = tbl.legal.words_by_deletion
    for i in range(len(pieces) - 1, -1, -1):
        p = pieces[i]
        t = p.text
        if p.consonantal or len(t) < 5 or not t.isalpha() or legal_words.get(t) == t:
            continue
        candidates = _legal_words(t)
        if not candidates:
            continue
        best = (0, candidates[0])
        for word in candidates:
            texts[i] = word
            size = _form_length(texts, i)
            if size > best[0]:
                best = (size, word)
        texts[i] = best[1]
    return texts


def _classify(pieces: list[_Piece], kind: NameKind) -> tuple[list[Token], list[str]]:
    """Pieces → typed tokens (legal forms, particles, numbers, initials, words) and surfaces."""
    tbl = tables()
    tokens: list[Token] = []
    surfaces: list[str] = []
    texts = _correct_legal_words(pieces) if kind is not NameKind.PERSON else []
    i = 0
    n = len(pieces)
    while i < n:
        piece = pieces[i]
        text = piece.text
        if kind is not NameKind.PERSON and not piece.consonantal:
            code = None
            # Longest legal form starting here (legal forms are multi-word: "co ltd").
            for size, _code in tbl.legal.by_first.get(texts[i], ()):
                if tuple(texts[i : i + size]) in tbl.legal.forms:
                    j = i + size
                    code = tbl.legal.forms[tuple(texts[i:j])]
                    tokens.append(Token("".join(texts[i:j]), TokenKind.LEGAL, False, (code,)))
                    surfaces.append(" ".join(p.surface for p in pieces[i:j]))
                    i = j
                    break
            if code is not None:
                continue
            # A run of single letters is an acronym in an organisation's name (A.B.C. = ABC).
            j = i
            while j < n and len(texts[j]) == 1 and texts[j].isalpha() and not pieces[j].consonantal:
                j += 1
            if j - i >= 2:
                joined = "".join(texts[i:j])
                tokens.append(_make_token(joined, TokenKind.WORD, False))
                surfaces.append(" ".join(p.surface for p in pieces[i:j]))
                i = j
                continue
        if not text.isalpha() and not text.isdigit() and _LEET_RE.match(text):
            # Digits written for letters inside a word (Ig0r, Sech1n, I9or): a disguise, not
            # a number. Digits at the edges (AHL2, A320) stay part of a code.
            text = text.translate(_LEET)
            piece = piece._replace(text=text)
        number = None if piece.consonantal else _number(text, kind)
        if number is not None or not text.isalpha():
            tok = Token(text, TokenKind.NUMBER, False, (number,) if number else ())
        elif piece.consonantal and (
            (text in _CONSONANTAL_PARTICLES and not piece.surface.startswith(_LAM_ALEF))
            or piece.surface in _SCRIPT_PARTICLES
        ):
            canon = _CONSONANTAL_PARTICLES.get(text) or _SCRIPT_PARTICLES[piece.surface]
            tok = Token(canon, TokenKind.PARTICLE, True, (canon,))
        elif (
            not piece.consonantal
            and text in tbl.particles
            and (text not in _ASSIMILATED or piece.hyphen_after)
        ):
            tok = Token(
                text, TokenKind.PARTICLE, piece.consonantal, (PARTICLE_CANON.get(text, text),)
            )
        elif (
            len(text) == 1
            and text.isalpha()
            and not is_syllable_char(piece.surface)
            and (
                not piece.consonantal
                or (kind is not NameKind.ORG and len(piece.surface) == 1 and text != "w")
            )
        ):
            # One letter: an initial, in Latin or Arabic script (عدنان س. حسن = ADNAN S.
            # HASAN; not و, "and", nor a word whose long vowel anyascii drops, ما). A Hangul
            # syllable read as one letter (이 = I, Lee) is a word.
            tok = _make_token(text, TokenKind.INITIAL, False)
        elif piece.consonantal:
            skel = piece.skel or consonant_skeleton(text)
            groups = tbl.variants_by_skeleton.get(skel, ())
            surface = piece.surface
            consistent = len(piece.gaps) == len(skel) - 1 and len(piece.readings) == len(skel)
            tok = Token(
                text,
                TokenKind.WORD,
                True,
                groups,
                "",
                skel,
                _lead(surface),
                _tail(surface),
                piece.gaps if consistent else "",
                piece.readings if consistent else "",
            )
        else:
            tok = _make_token(text, TokenKind.WORD, False)
        tokens.append(tok)
        surfaces.append(piece.surface)
        i += 1
    return _join_compound_numbers(tokens, surfaces)


_TENS = frozenset(str(n) for n in range(20, 100, 10))
_UNITS = frozenset(str(n) for n in range(1, 10))


def _join_compound_numbers(
    tokens: list[Token], surfaces: list[str]
) -> tuple[list[Token], list[str]]:
    """``forty four`` / ``Forty-Four`` / ``forty 4`` → one number token ``44``."""
    k = 0
    while k < len(tokens) - 1:
        a, b = tokens[k], tokens[k + 1]
        if (
            a.kind is TokenKind.NUMBER
            and b.kind is TokenKind.NUMBER
            and a.text.isalpha()
            and a.groups
            and b.groups
            and a.groups[0] in _TENS
            and b.groups[0] in _UNITS
        ):
            value = str(int(a.groups[0]) + int(b.groups[0]))
            tokens[k : k + 2] = [Token(a.text + b.text, TokenKind.NUMBER, False, (value,))]
            surfaces[k : k + 2] = [surfaces[k] + " " + surfaces[k + 1]]
        k += 1
    return tokens, surfaces


@lru_cache(maxsize=1 << 14)
def analyze_name(name: str, kind: NameKind = NameKind.ANY) -> AnalyzedName:
    """Analyse one name. Never raises; an unusable name yields no tokens (callers decide).

    >>> [t.text for t in analyze_name("Mashin Sazi Arak Co. Ltd.", NameKind.ORG).tokens]
    ['mashin', 'sazi', 'arak', 'coltd']
    """
    text = clean(name)
    if "-" in text:
        text = _EZAFE_RE.sub("", text)
    if kind is not NameKind.ORG:
        if "," in text:
            text = reorder_person(text)
        if "/" in text or " of " in text.lower():
            text = _FILIATION_RE.sub(_filiation, text)
    text = space_syllabic(text)
    tokens, surfaces = _classify(_pieces(text), kind)
    return AnalyzedName(name, tuple(tokens), tuple(surfaces))


#: tokens that make up a whole-name skeleton (legal forms and numbers do not)
SKELETON_KINDS = (TokenKind.WORD, TokenKind.PARTICLE, TokenKind.INITIAL)


class NameSkeleton(NamedTuple):
    """A whole name's consonant skeleton and, for each of its symbols, the token it came from."""

    text: str
    owners: tuple[int, ...]


@lru_cache(maxsize=1 << 12)
def name_skeletons(name: AnalyzedName, limit: int = 8) -> tuple[NameSkeleton, ...]:
    """Consonant skeletons of the whole name: its words and particles run together, in order.

    Arabic and Persian names split and join words differently from their romanisations
    (عبدالرحمان / ABDUL RAHMAN, جلال الدين / JALALUDDIN), so the whole name is compared as one
    string when one side is in a consonantal script. A Latin name has one skeleton; a
    consonantal-script name has one per reading of its ambiguous letters and of an article
    before a sun letter (at most ``limit``). Legal forms and numbers are left out. A
    consonant repeated across a word boundary is kept twice: DAD TAYEB (``TTB``) must not
    read as one word طيب (``TB``).

    >>> [s.text for s in name_skeletons(analyze_name("ABDUR REHMAN", NameKind.PERSON))]
    ['BTRRHMN']
    >>> abd_al_rahman = "\u0639\u0628\u062f \u0627\u0644\u0631\u062d\u0645\u0646"
    >>> [s.text for s in name_skeletons(analyze_name(abd_al_rahman, NameKind.PERSON))]
    ['BTLRHMN', 'BTRHMN']
    """
    readings: list[list[tuple[int, str]]] = [[]]
    toks = name.tokens
    surfaces = name.surfaces
    for k, tok in enumerate(toks):
        if tok.kind not in SKELETON_KINDS:
            continue
        surface = surfaces[k] if k < len(surfaces) else ""
        options: list[str]
        if not tok.consonantal:
            options = [tok.skel or consonant_skeleton(tok.text)]
        elif tok.kind is TokenKind.PARTICLE:
            options = [consonant_skeleton(tok.text)]
            nxt = surfaces[k + 1] if k + 1 < len(surfaces) else ""
            if surface == _ARTICLE and nxt[:1] in SUN_LETTERS:
                options.append("")
        elif surface and " " not in surface and not surface.isascii():
            options = letters_skeletons(surface.translate(_APOSTROPHES), to_ascii)
        else:
            options = [tok.skel]
        readings = [[*r, (k, o)] for r in readings for o in options][:limit]
    out: list[NameSkeleton] = []
    for r in readings:
        text: list[str] = []
        owners: list[int] = []
        for k, piece in r:
            text.append(piece)
            owners.extend([k] * len(piece))
        skel = NameSkeleton("".join(text), tuple(owners))
        if skel.text and all(skel.text != o.text for o in out):
            out.append(skel)
    return tuple(out)
