"""Run every benchmark and update benchmarks/RESULTS.md: ``python -m benchmarks``."""

from __future__ import annotations

import sys

from benchmarks import api_load, audit_append, lists_load, web_pages
from benchmarks.intake import run as intake
from benchmarks.screening import bench


def main() -> None:
    lists_load.main(["--write", *sys.argv[1:]])
    bench.main(["--write"])
    intake.main(["--write"])
    audit_append.main(["--write"])
    api_load.main(["--write"])
    web_pages.main(["--write", "--screenshot", "docs/img/screen.png"])


if __name__ == "__main__":
    main()
