"""Golden cases: a query name against one list name, the expected decision, and why.

Scored with the pure scorer (no IDF: every word weighs 1 except generic words, legal forms
and particles), so each row states a rule of the matcher, not a property of today's lists.
"""

from __future__ import annotations

import pytest

from exportctl.model import Decision, ListEntry, ScreeningQuery
from exportctl.model.entry import Schema
from exportctl.screening import score
from tests.screening.conftest import entry

M, R, N = Decision.MATCH, Decision.REVIEW, Decision.NO_MATCH
P, ORG, U = Schema.PERSON, Schema.ORGANIZATION, Schema.UNKNOWN

CASES: list[tuple[str, str, Schema, set[Decision], str]] = [
    # identity and spelling
    ("Bank Melli Iran", "BANK MELLI IRAN", ORG, {M}, "exact, case-insensitive"),
    ("Bank Meli Iran", "BANK MELLI IRAN", ORG, {M}, "one edit in a 5-letter word"),
    ("Tabris Petrochemical", "TABRIZ PETROCHEMICAL COMPANY", ORG, {M}, "typo and legal form"),
    ("Mashin Sazi Arak", "MACHINE SAZI ARAK CO. LTD.", ORG, {M}, "phonetic mashin/machine"),
    ("Bank Saderat Iran", "BANK MELLI IRAN", ORG, {N, R}, "the distinctive word differs"),
    ("Machine Sazi Tabriz", "MACHINE SAZI ARAK CO. LTD.", ORG, {N}, "generic words only"),
    ("Tabriz Machine Company", "TABRIZ PETROCHEMICAL COMPANY", ORG, {N, R}, "what they do differs"),
    # legal forms
    ("Acme Trading GmbH", "ACME TRADING", ORG, {M}, "a legal form on one side only costs nothing"),
    ("Acme Trading Co. Ltd", "Acme Trading Company Limited", ORG, {M}, "equivalent legal forms"),
    ("Siemens AG", "Siemens Aktiengesellschaft", ORG, {M}, "abbreviated legal form"),
    (
        "PJSC Rosneft",
        "ROSNEFT OIL COMPANY PUBLIC JOINT STOCK COMPANY",
        ORG,
        {M, R},
        "legal form at the front",
    ),
    ("Co. Ltd", "ACME CO. LTD", ORG, set(), "only a legal form: the query is rejected"),
    # persons
    ("Saddam Hussein", "HUSSEIN, Saddam", P, {M}, "LAST, First order"),
    ("Hussein Saddam", "Saddam HUSSEIN", P, {M}, "order is not identity"),
    ("Muhammad Ali", "MOHAMMAD ALI", P, {R}, "a variant spelling; a common name: review"),
    ("Hossein Rezaei", "Husayn REZAEI", P, {R}, "Hossein/Husayn; a common name: review"),
    ("Hossein Zahedifar", "Husayn ZAHEDIFAR", P, {M}, "Hossein/Husayn"),
    ("Yuri Ivanov", "Yuriy IVANOV", P, {R}, "Yuri/Yuriy; a common name: review"),
    ("Yuri Kovalchuk", "Yuriy KOVALCHUK", P, {M}, "Yuri/Yuriy"),
    ("Hassan Rezaei", "Hossein REZAEI", P, {N, R}, "Hassan and Hossein are different names"),
    ("Hans J Friedrich", "Hans Joachim FRIEDRICH", P, {M}, "an initial meets its name"),
    ("Hans O Friedrich", "Hans Joachim FRIEDRICH", P, {N, R}, "a different initial"),
    ("Olaf Scholz", "Octavian SCHOLZ", P, {N}, "same surname, different given name"),
    ("Abdul Rahman Yasin", "ABDULRAHMAN YASIN", P, {M}, "a name written joined"),
    ("Usama bin Ladin", "BIN LADEN, Usama", P, {M}, "particles and a vowel variant"),
    ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", P, {M, R}, "patronymic missing"),
    ("Putin", "PUTIN, Vladimir Vladimirovich", P, {R, N}, "surname alone is not a hit"),
    # scripts
    ("ماشین سازی تبریز", "Machine Sazi Tabriz", ORG, {M}, "Persian script vs Latin"),
    ("صدام حسين التكريتي", "SADDAM HUSSEIN AL-TIKRITI", P, {M}, "Arabic script vs Latin"),
    ("محمد علي", "Mohamed Ali", P, {R}, "watchman pair: Arabic; a common name: review"),
    ("محمد الزواهري", "Mohamed ZAWAHIRI", P, {M}, "Arabic script vs Latin"),
    ("Владимир Путин", "Vladimir Putin", P, {M}, "Cyrillic"),
    ("习近平", "Xi Jinping", P, {M}, "Chinese characters vs pinyin written joined"),
    ("김정은", "KIM Jong Un", P, {R}, "Hangul vs McCune-Reischauer; common surname"),
    ("Νικόλαος", "Nikolaos", P, {M}, "Greek"),
    ("משה", "Moshe", P, {M}, "Hebrew"),
    ("هدايت الله", "HIDAYATULLAH", P, {M}, "two Arabic words, one Latin word"),
    ("عبدالرحمان زاهد", "ABDUL RAHMAN ZAHED", P, {M}, "one Arabic word, two Latin words"),
    ("فضل محمد مظلوم", "FAZL MOHAMMAD MAZLOOM", P, {M}, "ظ romanised z (Persian reading)"),
    ("高石早苗", "高市早苗", P, {R, N}, "other Han character, same reading"),
    ("김종은", "김정은", P, {R, N}, "other Hangul syllable"),
    # conflicts
    ("Deutsche Bank AG", "Deutsche Bank GmbH", ORG, {R, N}, "the legal forms disagree"),
    (
        "Salman bin Muhammad al-Rawi",
        "MUHAMMAD BIN SALMAN AL-RAWI",
        P,
        {R, N},
        "X bin Y is Y's son: the order of a bin chain matters",
    ),
    (
        "AYMAN SABAWI IBRAHIM HASAN AL-DULAIMI",
        "AYMAN SABAWI IBRAHIM HASAN AL-TIKRITI",
        P,
        {R, N},
        "one family name replaced by another",
    ),
    (
        "SALMAN BIN MUHAMMAD AL-RAWI",
        "MUHAMMAD BIN SALMAN AL-RAWI",
        P,
        {N},
        "father and son swapped is not even a review",
    ),
    ("bin Salman Mohammed", "Mohammed bin Salman", P, {M}, "one generation, any order"),
    ("Frost, William G.", "William W Frost", P, {N, R}, "different middle initials"),
    ("Hans O Friedrich", "Hans Joachim Friedrich", P, {N, R}, "an initial for another name"),
    ("Ted Doe", "Theodore Doe", P, {M}, "a nickname"),
    ("Sergejs Lavrovs", "Sergey Viktorovich LAVROV", P, {R, M}, "a patronymic left out"),
    ("Roman Abramovich", "Roman Arkadyevich ABRAMOVICH", P, {M}, "a patronymic left out"),
    ("Bill Gates", "William Henry Gates", P, {R, M}, "a nickname, a middle name missing"),
    ("Boris Johnson", "Alexandre Boris de Pfeffel Johnson", P, {R}, "a particle costs nothing"),
    ("مسعود پزشک‌فر", "مسعود پزشکیان", P, {N, R}, "two letters differ in a vowel-less word"),
    (
        "Societatea cu Răspundere Limitată PRO TRAFFIC",
        "SRL PRO TRAFFIC",
        ORG,
        {M},
        "a Romanian legal form written out",
    ),
    ("faberlick", "FABERLIC EUROPE Sp. z o.o.", ORG, {R, M}, "a region is a generic word"),
    ("Ig0r Sech1n", "Igor Sechin", P, {M}, "digits written for letters"),
    # numbers
    ("Snow Storm 1", "SNOW STORM 2", U, {N, R}, "numbers must agree"),
    ("1st International Bank", "First International Bank", ORG, {M}, "ordinal spelled out"),
]


@pytest.mark.parametrize(("query", "listed", "schema", "expected", "reason"), CASES)
def test_golden(
    query: str, listed: str, schema: Schema, expected: set[Decision], reason: str
) -> None:
    target: ListEntry = entry("test:1", [listed], schema)
    q = ScreeningQuery(name=query, schema=schema.value if schema is not U else "Any")
    if not expected:
        from exportctl.errors import InvalidInput

        with pytest.raises(InvalidInput):
            score(q, target)
        return
    m = score(q, target)
    assert m.decision in expected, f"{reason}: {m.score} {m.decision.value} {m.summary}"
