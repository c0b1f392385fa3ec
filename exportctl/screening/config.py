"""Scoring settings: thresholds, token weights and evidence adjustments.

Every number here is documented in docs/screening.md, which says how it was chosen. A caller
that wants other thresholds passes its own :class:`ScoringConfig`; nothing reads globals.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_CONFIG", "ScoringConfig"]


@dataclass(frozen=True)
class ScoringConfig:
    """Tunables of :func:`exportctl.screening.scorer.score` and the screener."""

    #: score at or above which a candidate is a ``match``
    match_threshold: float = 0.80
    #: score at or above which a candidate needs ``review``; below: ``no_match``
    review_threshold: float = 0.70

    #: token pairs less similar than this are not aligned at all
    min_token_similarity: float = 0.70
    #: joined tokens (``jin ping`` = ``jinping``) must be at least this similar to align
    min_merge_similarity: float = 0.80
    #: exponent of the query side's coverage in the name score (the list side gets the rest)
    query_side_share: float = 0.5
    #: a distinctive word on each side with no counterpart (ARAK vs TABRIZ) is evidence of a
    #: different party, beyond the coverage lost: the score is multiplied by
    #: ``1 - conflict_penalty * min(weight of the two)``
    conflict_penalty: float = 0.35
    #: the conflict weight is at least this (common given names replaced still conflict)
    conflict_floor: float = 0.6
    #: both names carry legal forms and they disagree (AG vs GmbH): the score is multiplied
    legal_conflict_factor: float = 0.85
    #: a consonantal-script name is also compared with Latin names as one consonant skeleton
    #: (see ``align_skeletons``) when both skeletons have at least this many consonants
    min_skeleton_length: int = 5
    #: ... and when the two skeletons are at least this similar (normalised Indel)
    min_skeleton_similarity: float = 0.7
    #: both names chain names with bin/ibn/bint in another order: the score is multiplied
    order_conflict_factor: float = 0.65
    #: a query in a consonantal script holds a word of at least ``query_extra_min_weight``
    #: that the list name lacks (and the list name nothing the query lacks): the score is
    #: multiplied (words matched by consonants alone make a listed name inside a longer
    #: query weaker evidence than in Latin script)
    query_extra_factor: float = 0.9
    query_extra_min_weight: float = 0.35

    # Precision rules (``screening.precision``; measured on ``benchmarks.population``).
    #: a cross-script word met by its consonant skeleton is informative with this many
    #: consonants or more (القاعدة is Q-D: two, and meets KADE and GUYOT alike)
    min_informative_consonants: int = 3
    #: words of at most this many letters are "short": a one-word name of a short word met
    #: by a loose reading that changes its length is no alert (KRAUSE/CRAS, KADE/KADEK), and
    #: a name of short words met loosely twice, or loosely and in part, is none either
    #: (CHEN YANG / YOUNG-CHUN)
    short_word_max_letters: int = 4
    #: the common-name rule covers names of at most this many words (three common names
    #: together, Mohammad Reza Mohammadi, are already rarer)
    common_name_max_words: int = 2
    #: names of at most this many distinctive words met across scripts (Arabic script and
    #: Latin) must read letter by letter (``screening.readings``), not only by consonant class
    letter_reading_max_words: int = 2
    #: a one-word name inside a longer one is no alert when the word left over weighs this much
    one_word_extra_min_weight: float = 0.5

    # Token weights (an IDF weight in (0, 1] for words; fixed, low weights for the rest).
    legal_form_weight: float = 0.08
    particle_weight: float = 0.10
    initial_weight: float = 0.35
    number_weight: float = 0.6
    #: cap for words of ``data/generic_words.tsv`` (machine, sazi, trading ...) as evidence
    #: *for* identity: two names sharing "machine" say little
    generic_word_cap: float = 0.25
    #: cap for the same words as evidence *against* identity when only one name has them:
    #: "Tabriz Machine ..." vs "Tabriz Petrochemical ..." differ in what the firms do
    generic_mismatch_cap: float = 0.5
    #: cost of a person's patronymic (Viktorovich, Ivanovna) missing from the other name: Russian
    #: and Ukrainian names carry one between given name and surname, and many records leave
    #: it out ("Sergey Lavrov" is Sergey Viktorovich LAVROV)
    patronymic_miss_weight: float = 0.5
    #: floor for any word weight (a word in every name still counts a little)
    min_word_weight: float = 0.05
    #: weight of a word the lists do not contain (so no IDF); distinctive by definition
    unknown_word_weight: float = 1.0

    # Secondary evidence: added to (or taken from) the name score.
    country_match_bonus: float = 0.03
    country_mismatch_penalty: float = 0.05
    birth_date_match_bonus: float = 0.05
    birth_date_mismatch_penalty: float = 0.15
    identifier_match_bonus: float = 0.30

    # Candidate generation (the screener; the scorer itself does not use these).
    #: at most this many names are scored in full per query
    max_candidates: int = 60
    #: candidate names generated per query at most (rarest words first); beyond that,
    #: commoner words only add to names already found
    max_generated: int = 2000
    #: distinct list-name skeletons a consonantal-script query takes candidates from
    max_skeleton_candidates: int = 10


DEFAULT_CONFIG = ScoringConfig()
