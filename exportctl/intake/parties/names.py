"""Step 1: names. Runs of capitalised words cut out of each sentence and typed as
organisation, person or authority by the words they carry and the words around them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from exportctl.intake.countries import resolve_country
from exportctl.intake.parties.vocab import (
    AND_WORDS,
    CONNECTORS,
    HONORIFICS,
    MAX_RUN,
    NATIONAL_AFTER_RE,
    ORG_NOUNS_AFTER_RE,
    ORG_NOUNS_BEFORE_RE,
    REGIME_NAMES,
    TITLE_AFTER_RE,
    TITLE_BEFORE_RE,
    TITLES,
    TOKEN_RE,
    vocabulary,
)
from exportctl.intake.places import place_country
from exportctl.intake.sentences import ABBREVIATIONS, Sentence
from exportctl.model.alert import AlertRole, GazetteerHit
from exportctl.text.countries import country_name


@dataclass
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.lower().replace(".", "")


@dataclass
class Candidate:
    """A name found in one sentence, before merging."""

    name: str
    schema: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    gazetteer: list[GazetteerHit] = field(default_factory=list)
    title_role: AlertRole | None = None
    titled: bool = False  # a person given a job title: speaks for a firm


# "X, Iranian national Hamid Reza Tavakoli", "Turkish businessman Erkan Yildiz": a person.
_NATIONAL_BEFORE_RE = re.compile(
    r"\b(?:national|citizen|businessman|businesswoman|resident|individual)\s*,?\s*$", re.I
)
# A job title before "of" at the start of a run: "General Manager of Dandong ..." names the
# firm, not a person called General Manager.
_TITLE_OF_RE = re.compile(rf"^(?:(?:[\w\-]+\s+){{0,2}}?(?:{TITLES}))\s+(?:of|at)\s+", re.I)


# --- step 1: names ---------------------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        word, end = m.group(0), m.end()
        if word.endswith(".") and len(word) > 1:
            bare = word[:-1].lower()
            # Keep the period of abbreviations and dotted acronyms ("Co.", "S.p.A."); drop a
            # sentence's final period from an ordinary word.
            if bare not in ABBREVIATIONS and "." not in bare and len(bare) > 1:
                word, end = word[:-1], end - 1
        tokens.append(Token(word, m.start(), end))
    return tokens


def _is_name_word(tok: Token, upper: bool) -> bool:
    if not tok.text[0].isalpha():
        return False
    if upper:
        w = vocabulary()
        if "." in tok.text and tok.key in w.legal_forms:
            return True  # "A.S." is a legal form, not the word "AS"
        return tok.key not in w.caps_stop and tok.key not in CONNECTORS and tok.key not in AND_WORDS
    return tok.text[0].isupper()


# Words of a legal form written in brackets inside a name: "X (Private) Limited", "Y (Pvt) Ltd".
_BRACKETED_FORMS = frozenset({"private", "pvt", "pte", "pty", "smc-pvt"})


def name_runs(tokens: list[Token], upper: bool) -> list[list[Token]]:
    """Maximal runs of name words, joined by connectors ("of", "and") and by ", Ltd."."""
    runs: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_word(tokens[i], upper):
            i += 1
            continue
        run = [tokens[i]]
        i += 1
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                _place_descriptor(run)
                and _is_name_word(tok, upper)
                and tok.key not in vocabulary().legal_forms  # "Dubai Trading Company LLC"
            ):
                # "THE ISTANBUL COMPANY KARADENIZ ...": a place and "company" introduce the
                # name that follows; they are not a name of their own.
                run = [tok]
                i += 1
                continue
            if (
                run[-1].key in vocabulary().legal_forms
                and tok.text != ","
                and tok.key not in vocabulary().legal_forms  # "Sdn. Bhd.", "Pte Ltd"
                # "JSC Izhevsk ...", "OAO Minsk Gear Works": a form before the name opens it.
                and not all(t.key in vocabulary().leading_forms for t in run)
            ):
                break  # a legal form ends the name: "X GmbH of Vienna" is X GmbH, in Vienna
            if _is_name_word(tok, upper):
                run.append(tok)
                i += 1
            elif (
                tok.text == "("
                and i + 2 < len(tokens)
                and tokens[i + 1].key in _BRACKETED_FORMS
                and tokens[i + 2].text == ")"
            ):
                run.extend(tokens[i : i + 3])  # "(Private) Limited", "(Pvt) Ltd"
                i += 3
            elif (
                (tok.key in CONNECTORS or tok.key in AND_WORDS)
                # In capitals "FOR" is more often "destined FOR X" than "Center for X".
                and not (upper and tok.key == "for")
                and nxt is not None
                and _is_name_word(nxt, upper)
            ) or (tok.text == "," and nxt is not None and nxt.key in vocabulary().legal_forms):
                run.extend([tok, nxt])
                i += 2
            else:
                break
        if len(run) <= MAX_RUN:
            runs.extend(_split_and(run))
    return runs


def _place_descriptor(run: list[Token]) -> bool:
    """A place or country and a noun that introduces a firm ("Istanbul company")."""
    return (
        2 <= len(run) <= 3
        and run[-1].key in ("company", "firm", "entity", "companies", "firms", "house")
        and all(t.key in vocabulary().generic_tail for t in run[1:-1])
        and (place_or_country(run[0].text) is not None or _is_demonym(run[0].text))
    )


def _split_and(run: list[Token]) -> list[list[Token]]:
    """Split a run at "and" where it joins two names rather than being part of one.

    "Roundtop and Machine Sazi Tabriz" and "Koehler GmbH and Dalian Sunrise Co." are two
    names (the left part is one word, or ends in a legal form); "Ministry of Justice and
    Investigations Bureau" is two authorities; "Iran Electronics and Communications Company"
    and "Bureau of Industry and Security" stay whole.
    """
    for n, tok in enumerate(run):
        if tok.key not in AND_WORDS or n == 0:
            continue
        left, right = run[:n], run[n + 1 :]
        left_keys = [t.key.rstrip(",") for t in left]
        right_words = [t.text for t in right]
        two_names = (
            len(left) == 1
            or left_keys[-1] in vocabulary().org_suffixes
            or (is_authority([t.text for t in left]) and is_authority(right_words))
        )
        if two_names:
            return [left, *_split_and(right)]
    return [run]


def text_of(sentence: str, run: Sequence[Token]) -> str:
    return sentence[run[0].start : run[-1].end]


def _is_demonym(word: str) -> bool:
    hit = resolve_country(word)
    if hit is None or hit[1] != "name":
        return False
    name = (country_name(hit[0]) or "").lower()
    return word.lower() != name and bool(re.search(r"(?:ian|ese|ish|ch|an|i)$", word.lower()))


def trim_run(run: list[Token], upper: bool) -> tuple[list[Token], str | None]:
    """Drop leading noise words, possessive countries and demonyms; return the country."""
    country: str | None = None
    first, last = 0, len(run)
    while first < last:
        head = run[first]
        hit = resolve_country(head.text, upper_text=upper)
        if (
            hit is not None
            and last - first > 1
            and (hit[1] == "possessive" or _is_demonym(head.text))
        ):
            country = hit[0]
        elif head.key.endswith("-based") and last - first > 1:
            # "the Minsk-based company X", "a Tehran-based agent, X"
            country = place_or_country(head.text[: -len("-based")]) or country
        elif head.key in ("al", "el") and last - first > 1:
            break  # the Arabic article starts the name: "Al Safwa Industrial Equipment LLC"
        elif head.key not in vocabulary().leading_noise and head.key not in CONNECTORS:
            break
        first += 1
    while last > first and (
        run[last - 1].key in CONNECTORS
        or run[last - 1].key in AND_WORDS
        or run[last - 1].text == ","
    ):
        last -= 1
    # "Second Economic Committee of North Korea": the country after "of" places the party
    # when the words before it already end in an organisation noun (two words at least, so
    # "University of Tehran" stays whole).
    for k in range(last - 2, first + 1, -1):
        # "Second Academy of Natural Sciences of North Korea": an organisation noun anywhere
        # before the "of".
        if run[k].key != "of" or not any(t.key in vocabulary().org_nouns for t in run[first:k]):
            continue
        tail = " ".join(t.text for t in run[k + 1 : last])
        hit = resolve_country(tail, upper_text=upper)
        if hit is not None and hit[1] == "name":
            country = country or hit[0]
            last = k
        break
    return run[first:last], country


def place_or_country(word: str) -> str | None:
    """The country a country word or a city (GeoNames) names, or None."""
    hit = resolve_country(word)
    return hit[0] if hit else place_country(word)


def strip_introducers(run: list[Token], upper: bool) -> tuple[list[Token], bool]:
    """Drop the words that introduce a name in capitals ("FIRM NPO URALSPETSMASH",
    "MANUFACTURER TALLERES ...", "NATIONAL MOHAMMAD HOSSEIN JAFARI") and a job title before
    "of" ("General Manager of Dandong ..."). True when an introducer says it is a person."""
    w = vocabulary()
    person = False
    while (
        upper
        and len(run) > 1
        and (run[0].key in w.introducers or run[0].key in w.person_introducers)
    ):
        person = person or run[0].key in w.person_introducers
        run = run[1:]
    joined = " ".join(t.text for t in run)
    title = _TITLE_OF_RE.match(joined)
    if title:
        consumed = len(title.group(0).split())
        if consumed < len(run):
            run = run[consumed:]
    return run, person


def is_authority(words: list[str]) -> bool:
    """A government body: an authority acronym, or an authority noun in a name of two or more
    words that does not end in a legal form (a company is a company)."""
    if not words:
        return False
    keys = [w.lower().replace(".", "").rstrip(",") for w in words]
    if keys[-1] in vocabulary().legal_forms or keys[-1] in vocabulary().instruments:
        return False
    if any(part in vocabulary().authority_acronyms for w in words for part in w.split("/")):
        return True
    return len(words) > 1 and any(k in vocabulary().authority_heads for k in keys)


def _authority_name(sentence: str, run: list[Token]) -> str | None:
    """The authority a run names, without leading sentence words ("Request AIT Taipei") or a
    possessive country ("Malaysia's Strategic Trade Controller")."""
    while run and (
        run[0].key in vocabulary().leading_noise
        or run[0].key in CONNECTORS
        or (len(run) > 1 and (resolve_country(run[0].text) or ("", ""))[1] == "possessive")
    ):
        run = run[1:]
    if run and is_authority([t.text for t in run]):
        return text_of(sentence, run)
    return None


def org_evidence(words: list[str]) -> bool:
    keys = [w.lower().replace(".", "").rstrip(",") for w in words]
    if len(keys) < 2 or " ".join(keys) in REGIME_NAMES or keys[-1] in vocabulary().non_org_heads:
        return False
    if keys[-1] in vocabulary().org_suffixes:
        return True
    # "Second Academy of Natural Sciences", "Institute of Applied Physics"
    if any(k in vocabulary().org_nouns and nxt in ("of", "for") for k, nxt in pairwise(keys)):
        return True
    return any(k in vocabulary().org_words for k in keys)


def _person(
    run: list[Token], before: str, after: str, *, introduced: bool = False
) -> tuple[list[Token], AlertRole | None] | None:
    """The person a run names, if it is one, with the role a job title gives."""
    words = [t.text for t in run]
    if run[0].key in HONORIFICS and 1 < len(run) <= 5:
        return run[1:], None
    # "Hamid Reza Tavakoli", and as designation notices write it, "WANG Jianhua" (SURNAME
    # Given names); in capitals only with an introducer ("NATIONAL MOHAMMAD HOSSEIN JAFARI").
    shaped = all(w[:1].isupper() and w[1:].islower() for w in words[1:]) and (
        (words[0][:1].isupper() and words[0][1:].islower())
        or (words[0].isupper() and words[0].isalpha() and len(words[0]) > 1)
        or introduced
    )
    plain_name = (
        2 <= len(run) <= 4
        and not org_evidence(words)
        and (shaped or (introduced and all(w.isupper() for w in words)))
        and all(resolve_country(w) is None for w in words)
        and not any(w.lower() in vocabulary().non_org_heads for w in words)
    )
    if not plain_name:
        return None
    if (
        introduced
        or NATIONAL_AFTER_RE.match(after)
        or _NATIONAL_BEFORE_RE.search(before)
        or TITLE_BEFORE_RE.search(before)
    ):
        return run, None
    title = TITLE_AFTER_RE.match(after)
    if title:
        broker = re.search(r"agent|broker", title.group(0), re.I)
        return run, AlertRole.INTERMEDIATE if broker else None
    return None


def find_candidates(
    sentences: Sequence[Sentence], all_upper: bool
) -> tuple[list[Candidate], list[str]]:
    """Names found in the sentences (step 1) and the authorities met on the way."""
    found: list[Candidate] = []
    authorities: list[str] = []
    for sent in sentences:
        if (sent.upper and not all_upper) or (sent.paragraph == -1 and title_case(sent.text)):
            # Capitals carry no signal in an upper-case or title-case subject line ("Chinese
            # National Charged with ..."); known names are still matched there in step 3.
            continue
        for raw_run in name_runs(tokenize(sent.text), sent.upper):
            authority = _authority_name(sent.text, raw_run)
            if authority is not None:
                authorities.append(authority)
                continue
            run, country = trim_run(list(raw_run), sent.upper)
            if (
                len(run) > 2
                and not sent.text[: run[0].start].strip(" \t\"'“(0123456789.")
                and run[1].key == "of"
                and run[0].key not in vocabulary().org_nouns
                and org_evidence([t.text for t in run[2:]])
            ):
                # "Screening of Eastbridge Technology Co., Ltd." opening a sentence or a subject
                # line: the first word is the sentence's, not the name's.
                run = run[2:]
            run, introduced = strip_introducers(run, sent.upper)
            if not run:
                continue
            words = [t.text for t in run]
            text = text_of(sent.text, run)
            before = sent.text[: raw_run[0].start]
            after = sent.text[run[-1].end :]
            person = _person(run, before, after, introduced=introduced)
            if person is not None:
                name = text_of(sent.text, person[0])
                titled = bool(TITLE_BEFORE_RE.search(before) or TITLE_AFTER_RE.match(after))
                found.append(
                    Candidate(name, "Person", country, title_role=person[1], titled=titled)
                )
                continue
            is_org = org_evidence(words) and plausible_name(words)
            if not is_org and len(run) <= 6 and words[-1].lower() not in vocabulary().non_org_heads:
                possessive = country is not None and raw_run[0].text != run[0].text
                described = bool(ORG_NOUNS_BEFORE_RE.search(before)) or bool(
                    ORG_NOUNS_AFTER_RE.match(after)
                )
                is_org = (possessive or described) and plausible_name(words)
            if is_org:
                cand = Candidate(text, "Organization", country)
                acronym = re.match(r"^\s*\(([A-Z][A-Z0-9\-]{1,9})\)", after)
                if acronym:
                    cand.aliases.append(acronym.group(1))
                found.append(cand)
    return found, authorities


def title_case(text: str) -> bool:
    """A headline in title case: most words of four letters or more are capitalised."""
    long_words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", text) if len(w) >= 4]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.7


def plausible_name(words: list[str]) -> bool:
    """Not a month, a country, a heading or a description ("DPRK front company")."""
    w = vocabulary()
    keys = [word.lower().replace(".", "").rstrip(",") for word in words]
    if all(k in w.leading_noise or k in w.months for k in keys):
        return False
    if len(words) == 1 and resolve_country(words[0]) is not None:
        return False
    generic = w.generic_tail | w.descriptors
    described = any(k in w.descriptors for k in keys)
    return not all(
        k in generic or (described and _country_word(word))
        for k, word in zip(keys, words, strict=True)
    )


def _country_word(word: str) -> bool:
    """A country's name, code or demonym (not a place: "Ohio" distinguishes a firm)."""
    hit = resolve_country(word, upper_text=word.isupper() and len(word) > 3)
    return (hit is not None and hit[1] != "place") or word.upper() in {"DPRK", "ROK", "PRC"}
