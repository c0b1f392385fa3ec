"""A throwaway HTTP server on 127.0.0.1 serving a folder, optionally failing first requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Handler(SimpleHTTPRequestHandler):
    fail_first: dict[str, int]

    def do_GET(self) -> None:
        left = self.fail_first.get(self.path, 0)
        if left:
            self.fail_first[self.path] = left - 1
            self.send_error(503, "try again")
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(root: Path, fail_first: dict[str, int] | None = None) -> Iterator[str]:
    handler = partial(_Handler, directory=str(root))
    _Handler.fail_first = dict(fail_first or {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
