"""Run the intake corpus and scorer: ``python -m benchmarks.intake [--write] [--no-lists]``."""

from __future__ import annotations

from benchmarks.intake.run import main

if __name__ == "__main__":
    main()
