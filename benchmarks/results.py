"""Writing one section of benchmarks/RESULTS.md, leaving the other sections as they are."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading: str, section: str, path: Path = RESULTS) -> None:
    """Replace the section that starts with ``heading`` (a ``## `` line), or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = text.find(heading)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        nxt = text.find("\n## ", start + 1)
        end = len(text) if nxt < 0 else nxt + 1
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end:] if nxt >= 0 else "")
    path.write_text(text, encoding="utf-8")
