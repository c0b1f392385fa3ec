"""Score pairs with nomenklatura's matchers; runs in benchmarks/.venv-peers, not exportctl's.

Input (stdin), one JSON object per line::

    {"id": "...", "query": {"schema": "Person", "names": ["..."], "countries": ["ir"],
     "birth_dates": ["1961"]}, "candidate": {...same keys...}}

Output (stdout), one line per input line::

    {"id": "...", "logic-v1": 0.42, "name-based": 0.77}

and a last line ``{"timing": {"logic-v1": seconds, "name-based": seconds, "pairs": n}}``.
The peers run offline: nomenklatura and followthemoney need no network to compare entities.

    benchmarks/.venv-peers/bin/python benchmarks/screening/peers.py < pairs.jsonl
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from followthemoney import model
from nomenklatura.matching import LogicV1, NameMatcher

_SCHEMA = {
    "Person": "Person",
    "Organization": "Organization",
    "Vessel": "Vessel",
    "Aircraft": "Airplane",
    "Any": "LegalEntity",
    "Unknown": "LegalEntity",
}
ALGORITHMS = (LogicV1, NameMatcher)


def make(data: dict[str, Any], ident: str) -> Any:
    entity = model.make_entity(_SCHEMA.get(data.get("schema") or "Any", "LegalEntity"))
    entity.id = ident
    entity.add("name", data.get("names") or [])
    if data.get("countries"):
        entity.add("country", [c.lower() for c in data["countries"]])
    if data.get("birth_dates") and entity.schema.is_a("Person"):
        entity.add("birthDate", data["birth_dates"])
    return entity


def main() -> None:
    timing = {a.NAME: 0.0 for a in ALGORITHMS}
    configs = {a.NAME: a.default_config() for a in ALGORITHMS}
    n = 0
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        q = make(row["query"], "q-" + row["id"])
        c = make(row["candidate"], "c-" + row["id"])
        result: dict[str, Any] = {"id": row["id"]}
        for algo in ALGORITHMS:
            t0 = time.process_time()
            try:
                score = float(algo.compare(q, c, configs[algo.NAME]).score)
            except Exception as exc:  # a peer failing on one pair must not stop the run
                score = 0.0
                result.setdefault("errors", {})[algo.NAME] = repr(exc)[:200]
            timing[algo.NAME] += time.process_time() - t0
            result[algo.NAME] = score
        n += 1
        out.write(json.dumps(result) + "\n")
    out.write(json.dumps({"timing": {**timing, "pairs": n}}) + "\n")


if __name__ == "__main__":
    main()
