"""Screening: find the list entries a party may be, and explain why.

``Index.build(entries)`` analyses every list name once; ``Screener(index).screen(query)``
returns :class:`~exportctl.model.screening.Match` objects, best first; ``score(query, entry)``
is the pure scorer both use. See docs/screening.md.
"""

from exportctl.screening.config import DEFAULT_CONFIG, ScoringConfig
from exportctl.screening.index import Index
from exportctl.screening.scorer import score
from exportctl.screening.screener import Screener, make_query

__all__ = ["DEFAULT_CONFIG", "Index", "ScoringConfig", "Screener", "make_query", "score"]
