"""Several processes opening one fresh store at once all get a migrated store.

Seen in CI: two `lists update` runs on a new home raced to create the tables and one failed
with "table list_versions already exists".
"""

from __future__ import annotations

import subprocess
import sys

_OPEN = "import sys; from exportctl.store.database import Store; Store(sys.argv[1]).close()"


def test_concurrent_first_opens_all_succeed(database_url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    failed = [err for p, (_, err) in zip(procs, outs, strict=True) if p.returncode != 0]
    assert failed == []
