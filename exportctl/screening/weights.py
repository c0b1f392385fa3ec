"""How much each token says about identity.

Words get an inverse-document-frequency weight over the loaded lists: a word found in one
entry weighs 1, a word in every entry weighs ``min_word_weight``::

    w(t) = ln((N + 1) / (df(t) + 0.5)) / ln((N + 1) / 1.5)

``N`` is the number of entries and ``df(t)`` the number of entries with ``t`` in any name.
"company" (in ~4,300 of the OFAC SDN list's entries) weighs ~0.25, "Arak" ~0.85. Words of
``data/generic_words.tsv`` are capped at ``generic_word_cap`` whatever their frequency, because
the lists are too small for IDF to see that "sazi" (making) or "machine" say nothing about
*which* firm; missing from one name they still cost up to ``generic_mismatch_cap``
(:meth:`TokenWeights.miss_weight`), because what a firm does distinguishes firms that share a
place name. Legal forms, particles, initials and numbers have fixed weights. A word absent
from the lists weighs ``unknown_word_weight``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from exportctl.screening.config import DEFAULT_CONFIG, ScoringConfig
from exportctl.text.names import NameKind, Token, TokenKind
from exportctl.text.tables import tables

__all__ = ["TokenWeights", "is_patronymic"]

# East Slavic patronymic endings: Russian -ovich/-evich (-ovna/-evna), Ukrainian -ovych/-evych
# (-ivna, -yivna), Belarusian -avich, and -ichna (Ilyinichna). Wikipedia, "East Slavic naming
# customs" § Patronymic (retrieved 2025).
_PATRONYMIC_RE = re.compile(r"(?:ovich|evich|avich|ovych|evych|ovna|evna|ivna|ichna)$")


def is_patronymic(token: Token) -> bool:
    """A Latin word with an East Slavic patronymic ending (at least seven letters)."""
    return (
        token.kind is TokenKind.WORD
        and not token.consonantal
        and len(token.text) >= 7
        and _PATRONYMIC_RE.search(token.text) is not None
    )


class TokenWeights:
    """Token weights from document frequencies (keyed by :attr:`Token.key`)."""

    __slots__ = ("_config", "_df", "_generic", "_log_norm", "_n", "_skeleton_df")

    def __init__(
        self,
        df: Mapping[str, int] | None = None,
        n_entries: int = 0,
        config: ScoringConfig = DEFAULT_CONFIG,
        skeleton_df: Mapping[str, int] | None = None,
    ) -> None:
        self._df: Mapping[str, int] = df or {}
        # A word in Arabic/Hebrew script weighs what its commonest Latin reading weighs
        # (محمد as much as MOHAMMAD), not as an unknown word.
        self._skeleton_df: Mapping[str, int] = skeleton_df or {}
        self._n = n_entries
        self._config = config
        self._log_norm = math.log((n_entries + 1) / 1.5) if n_entries > 0 else 0.0
        self._generic = tables().generic

    def idf(self, df: int) -> float:
        """The IDF weight of a word found in ``df`` entries (0: not in the lists)."""
        cfg = self._config
        if df <= 0 or self._log_norm <= 0:
            return cfg.unknown_word_weight
        w = math.log((self._n + 1) / (df + 0.5)) / self._log_norm
        return min(1.0, max(cfg.min_word_weight, w))

    def weight(self, token: Token, df: int | None = None) -> float:
        """The weight of ``token``; ``df`` overrides the looked-up document frequency."""
        cfg = self._config
        kind = token.kind
        if kind is TokenKind.LEGAL:
            return cfg.legal_form_weight
        if kind is TokenKind.PARTICLE:
            return cfg.particle_weight
        if kind is TokenKind.INITIAL:
            return cfg.initial_weight
        if kind is TokenKind.NUMBER:
            return cfg.number_weight
        w = self.idf(self._df_of(token) if df is None else df)
        if token.text in self._generic:
            w = min(w, cfg.generic_word_cap)
        return w

    def _df_of(self, token: Token) -> int:
        df = self._df.get(token.key, 0)
        if token.consonantal and len(token.skel) >= 2:
            df = max(df, self._skeleton_df.get(token.skel, 0))
        return df

    def name_miss(
        self, tokens: Sequence[Token], miss: tuple[float, ...], kind: NameKind
    ) -> tuple[float, ...]:
        """A name's miss weights with a person's patronymic lowered (see
        ``ScoringConfig.patronymic_miss_weight``). A patronymic stands between given name and
        surname, so only a word inside the name counts: a name's last word ending in -ovich
        (Roman ABRAMOVICH) is a surname."""
        if kind is NameKind.ORG:
            return miss
        out: list[float] | None = None
        for i in range(1, len(tokens) - 1):
            if is_patronymic(tokens[i]):
                out = out or list(miss)
                out[i] = min(out[i], self._config.patronymic_miss_weight)
        return miss if out is None else tuple(out)

    def miss_weight(self, token: Token, df: int | None = None) -> float:
        """What an unaligned ``token`` costs: its weight, except generic words, which cost
        more missing than they earn matching (see ``ScoringConfig.generic_mismatch_cap``)."""
        if token.kind is TokenKind.WORD and token.text in self._generic:
            idf = self.idf(self._df_of(token) if df is None else df)
            return min(idf, self._config.generic_mismatch_cap)
        return self.weight(token, df)
