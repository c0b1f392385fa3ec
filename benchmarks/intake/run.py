"""Score intake over the evaluation corpus, without and with screening lists loaded.

The development and held-out sets are scored side by side; the held-out set is only reported.
Figures per fact kind (see ``tests/intake/scoring.py``): party = name and country together
(``party.country``), roles, header fields, countries, item models and parameters, and false
parties, those that are a place or a common word counted apart.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.intake.corpus import REPO, Case, dev_cases, heldout_cases, render_pdf
from benchmarks.results import write_section
from exportctl.intake import intake_file
from exportctl.intake.places import is_place_name
from exportctl.model.alert import Alert, GazetteerHit
from tests.intake.scoring import Score, norm, score_alert

Gazetteer = Callable[[str], Sequence[GazetteerHit]]
SHARED = Path(os.environ.get("EXPORTCTL_SHARED", REPO.parent / "shared"))
QUICK_LISTS = ("ofac_sdn_matched_2021-07", "un")
FULL_LISTS = (*QUICK_LISTS, "uk_ofsi_conlist_2018-04-13", "bis_dpl")

TARGETS = {"party": 0.85, "role": 0.8, "header": 0.95, "item.model": 0.9}
TARGET_LABELS = {
    "party": "party (name and country)",
    "role": "role",
    "header": "header fields",
    "item.model": "item models",
}
# The same corpus scored before the extractor was changed for it (commit 1312c15, no lists):
# the honest estimate of how the old rules did on documents they had not seen.
FIRST_RUN = {
    "development": {"party": (0.56, 0.56), "role": (0.54, 0.53), "header": (0.98, 0.97),
                    "countries": (0.99, 0.96), "item.model": (0.70, 0.58),
                    "item.parameter": (0.96, 0.96), "overall": (0.84, 0.83)},
    "held-out": {"party": (0.38, 0.35), "role": (0.24, 0.22), "header": (0.96, 0.89),
                 "countries": (1.00, 1.00), "item.model": (0.00, 0.00),
                 "item.parameter": (0.73, 0.92), "overall": (0.70, 0.66)},
}  # fmt: skip
# Second round (branch h-intake): the rules as they were at commit 270e9ce, run on the corpus
# as it is now (43 development documents, 16 of them added in this round), no lists.
ROUND_TWO_BEFORE = {
    "development": {"party": (0.83, 0.82), "role": (0.70, 0.70), "header": (0.99, 0.99),
                    "item.model": (0.85, 0.85), "overall": (0.90, 0.90)},
    "held-out": {"party": (0.77, 0.73), "role": (0.54, 0.52), "header": (1.00, 1.00),
                 "item.model": (0.90, 1.00), "overall": (0.85, 0.85)},
}  # fmt: skip


def _read(case: Case, tmp: Path, gazetteer: Gazetteer | None) -> Alert:
    path = case.document
    if case.is_pdf:
        path = render_pdf(path.read_text("utf-8"), tmp / (case.name + ".pdf"))
    return intake_file(path, gazetteer)


def _false_parties(alert: Alert, expected: dict[str, Any]) -> tuple[list[str], list[str]]:
    gold = {norm(p["name"]) for p in expected.get("parties") or []}
    extra = [p.name for p in alert.parties if norm(p.name) not in gold]
    bad = [n for n in extra if is_place_name(n) or (len(n.split()) == 1 and n.lower() == n)]
    bad += [n for n in extra if len(n.split()) == 1 and n.isupper() and n.isalpha()]
    return extra, sorted(set(bad))


def _ratio(score: Score, kinds: Sequence[str]) -> tuple[float, float]:
    tp = sum(score.tp[k] for k in kinds)
    fp = sum(score.fp[k] for k in kinds)
    fn = sum(score.fn[k] for k in kinds)
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def evaluate(cases: Sequence[Case], gazetteer: Gazetteer | None, tmp: Path) -> dict[str, Any]:
    score = Score()
    extra: list[str] = []
    bad: list[str] = []
    for case in cases:
        alert = _read(case, tmp, gazetteer)
        score_alert(case.name, alert, case.expected, score)
        e, b = _false_parties(alert, case.expected)
        extra += [f"{case.name}: {n}" for n in e]
        bad += [f"{case.name}: {n}" for n in b]
    header = [k for k in set(score.tp) | set(score.fn) | set(score.fp) if k.startswith("document.")]
    figures = {
        "party": _ratio(score, ["party.country"]),
        "party name": _ratio(score, ["party"]),
        "role": _ratio(score, ["party.role"]),
        "schema": _ratio(score, ["party.schema"]),
        "header": _ratio(score, [*header, "partial"]),
        "countries": _ratio(score, ["countries"]),
        "item": _ratio(score, ["item"]),
        "item.model": _ratio(score, ["item.model"]),
        "item.parameter": _ratio(score, ["item.parameter"]),
        "overall": (score.precision, score.recall),
    }
    return {
        "documents": len(cases),
        "kinds": sorted({c.kind for c in cases}),
        "figures": figures,
        "false_parties": extra,
        "place_or_word_parties": bad,
        "misses": score.misses,
    }


def _list_gazetteer(home: Path, lists: Sequence[str]) -> Gazetteer | None:
    from exportctl.config import Settings
    from exportctl.engine import Engine

    folder = SHARED / "data" / "lists"
    if not folder.is_dir():
        print(f"lists not found at {folder}: scoring without lists only", file=sys.stderr)
        return None
    engine: Any = Engine(Settings.for_home(home))
    # The engine's list loading and intake gazetteer, before and after the services split
    # (where list files are read by exportctl.files and loaded by engine.lists).
    try:
        read_list_files = importlib.import_module("exportctl.files").read_list_files
    except (ImportError, AttributeError):
        read_list_files = None
    for name in lists:
        if read_list_files is not None:
            engine.lists.load(read_list_files(folder / name), allow_partial=True)
        else:
            engine.load_list(folder / name, allow_partial=True)
    gazetteer: Gazetteer = (
        getattr(getattr(engine, "intake", None), "_gazetteer", None) or engine._gazetteer
    )
    return gazetteer  # the gazetteer the engine's intake uses


def _fmt(pr: tuple[float, float]) -> str:
    return f"{pr[0]:.2f} / {pr[1]:.2f}"


def render(results: dict[str, dict[str, Any]], lists: Sequence[str], seconds: float) -> str:
    runs = list(results)
    lines = [
        "## Intake",
        "",
        "Alert intake (`exportctl/intake`) over the evaluation corpus in `benchmarks/intake/corpus`"
        " (`python -m benchmarks.intake --write`). Expectations were written by hand before the"
        " extractor was run on the documents; `heldout/` was never used for tuning. Figures are"
        " precision / recall of facts (`tests/intake/scoring.py`): *party* is name and country"
        " together; *header* the header fields and `partial`. Lists loaded: "
        + ", ".join(f"`{n}`" for n in lists)
        + f". Run took {seconds:.0f} s.",
        "",
        "| figure | " + " | ".join(runs) + " |",
        "| --- | " + " | ".join("---" for _ in runs) + " |",
        "| documents (kinds) | "
        + " | ".join(f"{r['documents']} ({len(r['kinds'])})" for r in results.values())
        + " |",
    ]
    for key in next(iter(results.values()))["figures"]:
        lines.append(
            f"| {key} | " + " | ".join(_fmt(r["figures"][key]) for r in results.values()) + " |"
        )
    lines.append(
        "| false parties | "
        + " | ".join(str(len(r["false_parties"])) for r in results.values())
        + " |"
    )
    lines.append(
        "| of which place or common word | "
        + " | ".join(str(len(r["place_or_word_parties"])) for r in results.values())
        + " |"
    )
    lines += [
        "",
        "Before this work (first run of the old extractor on the same corpus, no lists):",
        "",
        "| figure | development | held-out |",
        "| --- | --- | --- |",
    ]
    for key, dev_first in FIRST_RUN["development"].items():
        lines.append(f"| {key} | {_fmt(dev_first)} | {_fmt(FIRST_RUN['held-out'][key])} |")
    lines += [
        "",
        "The first run covered the 24 development documents then written (three were added"
        " later, each scored before any rule was changed for it). The held-out set was written"
        " by the engineer who then changed the extractor, in one sitting before any change and"
        " never looked at afterwards (its misses are not printed by `--misses`); no second"
        " author who never saw the extractor was available, so it is less independent than the"
        " issue asks. The gap between development and held-out figures for parties and roles"
        " is the honest measure of how far the rules generalise.",
        "",
        "Second round (sixteen more development documents, d18-d33, each with its expectation"
        " written before the extractor was run on it; the rules fixed the failure classes they"
        " showed, each with a unit test). Same corpus, no lists, rules of commit 270e9ce"
        " → rules now:",
        "",
        "| figure | development before | development now | held-out before | held-out now |",
        "| --- | --- | --- | --- | --- |",
    ]
    now_dev = results["development"]["figures"]
    now_held = results["held-out"]["figures"]
    for key, dev_before in ROUND_TWO_BEFORE["development"].items():
        lines.append(
            f"| {key} | {_fmt(dev_before)} | {_fmt(now_dev[key])} |"
            f" {_fmt(ROUND_TWO_BEFORE['held-out'][key])} | {_fmt(now_held[key])} |"
        )
    lines += [
        "",
        "Three later batches were scored before any rule was changed for them, as estimates for"
        " unseen documents: adding d27-d29 took the development party figure from 0.91 / 0.91"
        " to 0.89 / 0.88 and roles from 0.91 / 0.91 to 0.88 / 0.88; adding d30-d31 took party"
        " from 0.90 / 0.89 to 0.89 / 0.86 and roles from 0.91 / 0.91 to 0.90 / 0.88; adding"
        " d32-d33 took party from 0.91 / 0.90 to 0.88 / 0.89 and roles from 0.91 / 0.91 to"
        " 0.88 / 0.89. New"
        " documents still score below the ones the rules were made on. Held-out misses were"
        " not read in this round either; its header figure fell from 1.00 to 0.99, which is"
        " reported, not chased.",
        "",
        "### Against the targets (held-out set)",
        "",
    ]
    lines += ["| target | without lists | with lists | met |", "| --- | --- | --- | --- |"]
    plain = results.get("held-out")
    listed = results.get("held-out, lists")
    for key, floor in TARGETS.items():
        a = plain["figures"][key] if plain else (0.0, 0.0)
        b = listed["figures"][key] if listed else None
        ok = min(a) >= floor and (b is None or min(b) >= floor)
        label = f"{TARGET_LABELS[key]} precision and recall >= {floor}"
        lines.append(
            f"| {label} | {_fmt(a)} | {_fmt(b) if b else 'n/a'} | {'yes' if ok else 'no'} |"
        )
    if plain:
        n_bad = len(plain["place_or_word_parties"]) + (
            len(listed["place_or_word_parties"]) if listed else 0
        )
        listed_bad = len(listed["place_or_word_parties"]) if listed else "n/a"
        lines.append(
            f"| no place or common word as a party | {len(plain['place_or_word_parties'])} |"
            f" {listed_bad} | {'yes' if n_bad == 0 else 'no'} |"
        )
        if listed:
            worse = [
                k
                for k in plain["figures"]
                if sum(listed["figures"][k]) < sum(plain["figures"][k]) - 1e-9
            ]
            lines.append(
                "| lists loaded no worse than without | | "
                + (", ".join(worse) + " worse" if worse else "none worse")
                + f" | {'no' if worse else 'yes'} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__)
    ap.add_argument(
        "--write", action="store_true", help="write the ## Intake section of RESULTS.md"
    )
    ap.add_argument("--no-lists", action="store_true", help="skip the runs with lists loaded")
    ap.add_argument("--full-lists", action="store_true", help="load four lists, not two")
    ap.add_argument("--misses", action="store_true", help="print the development set's misses")
    ap.add_argument(
        "--heldout-misses", action="store_true", help="print held-out misses (report only)"
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    shared = SHARED if SHARED.is_dir() else None
    dev, held = dev_cases(shared), heldout_cases()
    lists = FULL_LISTS if args.full_lists else QUICK_LISTS
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results["development"] = evaluate(dev, None, tmp)
        results["held-out"] = evaluate(held, None, tmp)
        gazetteer = None if args.no_lists else _list_gazetteer(tmp / "home", lists)
        if gazetteer is not None:
            results["development, lists"] = evaluate(dev, gazetteer, tmp)
            results["held-out, lists"] = evaluate(held, gazetteer, tmp)
    section = render(results, lists if gazetteer else (), time.perf_counter() - t0)
    print(section)
    for name, r in results.items():
        if r["place_or_word_parties"]:
            print(f"{name}: place/common-word parties: {r['place_or_word_parties']}")
    if args.misses:
        for name in ("development", "development, lists"):
            if name in results:
                print(f"\n{name} misses:")
                print("\n".join("  " + m for m in results[name]["misses"]))
                print("  false parties:", results[name]["false_parties"])
    if args.heldout_misses:
        for name in ("held-out", "held-out, lists"):
            if name in results:
                print(f"\n{name} misses:")
                print("\n".join("  " + m for m in results[name]["misses"]))
    if args.write:
        write_section("## Intake", section)
    return results
