"""Which transliteration library to use: anyascii, PyICU, normality or rigour.

Every backend gets the same input (``exportctl.text.normalize.clean`` + Han/Hangul syllables
spaced) and its output is compared with the Latin spelling the source gives for the same
person or entity:

* watchman: moov-io/watchman's 22 cross-script pairs (Arabic, Cyrillic, Chinese, Korean,
  Japanese, Greek, Hebrew, Thai), ``../shared/data/name_matching/watchman_cross_script_pairs.csv``;
* UN: every UN consolidated-list entry that has a ``NAME_ORIGINAL_SCRIPT`` (Arabic, Cyrillic)
  against its FIRST..FOURTH_NAME.

Per script, two figures: ``tok`` = share of the Latin tokens that find a transliterated token
(or two adjacent ones joined) with the same consonant skeleton (consonantal scripts) or
phonetic key, or a Levenshtein similarity ≥ 0.8 — i.e. what the matcher can use; ``chr`` =
rapidfuzz ``ratio`` of the two space-free strings, a library-neutral closeness. ``us`` is the
mean time per name.

    python -m benchmarks.screening.translit_eval [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from exportctl.text.normalize import clean
from exportctl.text.phonetic import consonant_skeleton, phonetic_key
from exportctl.text.scripts import has_consonantal, space_syllabic

REPO = Path(__file__).resolve().parents[2]
Backend = Callable[[str], str]


def _backends() -> dict[str, Backend]:
    out: dict[str, Backend] = {}
    from anyascii import anyascii

    out["anyascii"] = anyascii
    try:
        import icu

        tr = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
        out["pyicu"] = tr.transliterate
    except ImportError:  # pragma: no cover - optional in this harness
        pass
    try:
        import normality

        out["normality"] = normality.ascii_text
    except ImportError:  # pragma: no cover
        pass
    try:
        from rigour.text.translit import ascii_text

        out["rigour"] = ascii_text
    except ImportError:  # pragma: no cover
        pass
    return out


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            for key in ("ARABIC", "CYRILLIC", "CJK", "HANGUL", "GREEK", "HEBREW", "THAI"):
                if name.startswith(key):
                    return key.lower()
    return "latin"


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("`", ""))


def token_hits(translit: str, latin: str, consonantal: bool) -> float:
    got = _tokens(translit)
    cands = got + [a + b for a, b in itertools.pairwise(got)]
    want = _tokens(latin)
    if not want:
        return 0.0
    hits = 0
    for w in want:
        for g in cands:
            if consonantal:
                ok = consonant_skeleton(g) == consonant_skeleton(w)
            else:
                ok = phonetic_key(g) == phonetic_key(w)
            if ok or Levenshtein.normalized_similarity(g, w) >= 0.8:
                hits += 1
                break
    return hits / len(want)


def load_pairs(shared: Path) -> list[tuple[str, str, str]]:
    """(dataset, original-script name, Latin name)."""
    pairs: list[tuple[str, str, str]] = []
    path = shared / "data/name_matching/watchman_cross_script_pairs.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(line for line in f if line.strip() and not line.startswith("#")):
            pairs.append(("watchman", row[0], row[1]))
    xml = (shared / "data/lists/un/consolidated.xml").read_text(encoding="utf-8")
    for block in re.findall(r"<(?:INDIVIDUAL|ENTITY)>(.*?)</(?:INDIVIDUAL|ENTITY)>", xml, re.S):
        orig = re.search(r"<NAME_ORIGINAL_SCRIPT>([^<]+)<", block)
        if not orig:
            continue
        parts = [
            m.group(1)
            for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            if (m := re.search(rf"<{tag}>([^<]+)<", block))
        ]
        if parts and script_of(orig.group(1)) != "latin":
            pairs.append(("un", orig.group(1), " ".join(parts)))
    return pairs


def evaluate(shared: Path) -> list[dict[str, object]]:
    pairs = load_pairs(shared)
    rows: list[dict[str, object]] = []
    for name, fn in _backends().items():
        agg: dict[tuple[str, str], list[float]] = defaultdict(list)
        chars: dict[tuple[str, str], list[float]] = defaultdict(list)
        prepared = [space_syllabic(clean(orig)) for _ds, orig, _latin in pairs]
        for text in prepared:
            # Warm-up (ICU loads its rules on first use of each script) on reversed strings,
            # so that libraries with a result cache (normality) get no head start.
            fn(text[::-1])
        t0 = time.process_time()
        outs = [fn(text) for text in prepared]
        per_name_us = (time.process_time() - t0) / len(pairs) * 1e6
        for (ds, orig, latin), out in zip(pairs, outs, strict=True):
            key = (ds, script_of(orig))
            agg[key].append(token_hits(out, latin, has_consonantal(orig)))
            chars[key].append(
                fuzz.ratio(out.lower().replace(" ", ""), latin.lower().replace(" ", "")) / 100
            )
        for key in sorted(agg):
            vals = agg[key]
            rows.append(
                {
                    "backend": name,
                    "dataset": key[0],
                    "script": key[1],
                    "n": len(vals),
                    "tok": sum(vals) / len(vals),
                    "chr": sum(chars[key]) / len(chars[key]),
                    "us": per_name_us,
                }
            )
    return rows


def render(rows: list[dict[str, object]]) -> str:
    backends = sorted({str(r["backend"]) for r in rows})
    keys = sorted({(str(r["dataset"]), str(r["script"]), int(str(r["n"]))) for r in rows})
    idx = {(r["backend"], r["dataset"], r["script"]): r for r in rows}
    head = "| dataset | script | n | " + " | ".join(f"{b} tok / chr" for b in backends) + " |"
    lines = [head, "|" + "---|" * (3 + len(backends))]
    for ds, sc, n in keys:
        cells = []
        for b in backends:
            r = idx[(b, ds, sc)]
            cells.append(f"{float(str(r['tok'])):.2f} / {float(str(r['chr'])):.2f}")
        lines.append(f"| {ds} | {sc} | {n} | " + " | ".join(cells) + " |")
    speed = {str(r["backend"]): float(str(r["us"])) for r in rows}
    lines.append(
        "| all | time per name (µs) | | " + " | ".join(f"{speed[b]:.1f}" for b in backends) + " |"
    )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args()
    print(render(evaluate(args.shared)))


if __name__ == "__main__":
    main()
