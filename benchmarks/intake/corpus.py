"""The intake evaluation corpus: documents with hand-written expectations, in three sets.

``dev``: the development documents (``benchmarks/intake/corpus/dev``, the fixtures under
``tests/fixtures/alerts`` and the seed cable when ``../shared`` is present). ``heldout``:
``benchmarks/intake/corpus/heldout``, written without reading the extractor, scored only to
report. A document ``NAME.pdf.txt`` is rendered into a PDF before it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = HERE / "corpus"
FIXTURE_FOLDERS = [
    REPO / "tests/fixtures/alerts",
    REPO / "tests/fixtures/alerts/batch2",
    REPO / "tests/fixtures/alerts/batch3",
]


@dataclass(frozen=True)
class Case:
    """One document and its expectation."""

    name: str
    document: Path
    expected: dict[str, Any]
    kind: str

    @property
    def is_pdf(self) -> bool:
        return self.document.name.endswith(".pdf.txt")


def _kind(name: str) -> str:
    stem = name.split("_", 2)
    word = stem[1] if len(stem) > 1 and stem[0][:1] in "dh" and stem[0][1:].isdigit() else stem[0]
    return "pdf" if name.endswith(".pdf.txt") else word


def cases_in(folder: Path) -> list[Case]:
    """Every ``*.expected.yaml`` in ``folder`` with its document."""
    out = []
    for expected in sorted(folder.glob("*.expected.yaml")):
        stem = expected.name.removesuffix(".expected.yaml")
        docs = [
            p
            for p in folder.iterdir()
            if p.is_file() and not p.name.endswith(".yaml") and p.name.split(".")[0] == stem
        ]
        if len(docs) != 1:
            raise ValueError(f"{expected}: expected one document named {stem}.*, found {docs}")
        data = yaml.safe_load(expected.read_text("utf-8"))
        out.append(Case(stem, docs[0], data, _kind(docs[0].name)))
    return out


def dev_cases(shared: Path | None) -> list[Case]:
    cases = cases_in(CORPUS / "dev")
    for folder in FIXTURE_FOLDERS:
        cases += cases_in(folder)
    seed = CORPUS / "seed.expected.yaml"
    if shared is not None and (shared / "seed").is_dir():
        doc = shared / "seed" / "000_91099075322b9750.txt"
        if doc.exists():
            cases.append(Case("seed", doc, yaml.safe_load(seed.read_text("utf-8")), "cable"))
    return cases


def heldout_cases() -> list[Case]:
    return cases_in(CORPUS / "heldout")


def render_pdf(text: str, out: Path) -> Path:
    """Print plain text into a one-column PDF with a text layer (as a printed alert)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        safe = line.encode("latin-1", "replace").decode("latin-1")
        if safe.strip():
            pdf.multi_cell(0, 5, safe, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(5)
    pdf.output(str(out))
    return out
