"""A loopback HTTP mirror (127.0.0.1 only) whose files can be served with injected faults.

``serve_faults(files, faults)`` serves ``files`` (URL path -> bytes) as the mirror layout
``/<source>/<file name>``; ``faults`` maps a path to how it misbehaves:

- ``Status(code)``: answer with that HTTP status;
- ``Short(keep)``: announce the whole length but send only ``keep`` bytes, then close;
- ``Drip(interval, limit)``: send one byte every ``interval`` seconds (at most ``limit``);
- ``Stall(seconds)``: send the headers, then nothing for ``seconds``;
- ``Gzip()``: send the body gzip-compressed with ``Content-Encoding: gzip``;
- ``Encoded(encoding)``: send the stored (already compressed) bytes with that encoding;
- ``Endless(chunk, limit)``: stream junk without a length, up to ``limit`` bytes.

Every loop is bounded, and the server thread stops when the block ends.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Status:
    code: int


@dataclass(frozen=True)
class Short:
    keep: int


@dataclass(frozen=True)
class Drip:
    interval: float = 0.2
    limit: int = 100


@dataclass(frozen=True)
class Stall:
    seconds: float = 5.0


@dataclass(frozen=True)
class Gzip:
    pass


@dataclass(frozen=True)
class Encoded:
    """Send the stored bytes as they are, labelled ``Content-Encoding: <encoding>``."""

    encoding: str = "gzip"


@dataclass(frozen=True)
class Endless:
    chunk: bytes = b"junk," * 13107  # 64 KiB
    limit: int = 64 * 1024 * 1024


Fault = Status | Short | Drip | Stall | Gzip | Encoded | Endless


class _Handler(BaseHTTPRequestHandler):
    files: dict[str, bytes]
    faults: dict[str, Fault]
    hits: dict[str, int]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _head(self, length: int | None, extra: Mapping[str, str] | None = None) -> None:
        self.send_response(200)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        self.hits[path] = self.hits.get(path, 0) + 1
        fault = self.faults.get(path)
        body = self.files.get(path)
        try:
            if isinstance(fault, Status):
                self.send_error(fault.code)
            elif isinstance(fault, Endless):
                self._head(None, {"Connection": "close"})
                sent = 0
                while sent < fault.limit:
                    self.wfile.write(fault.chunk)
                    sent += len(fault.chunk)
            elif body is None:
                self.send_error(404)
            elif isinstance(fault, Short):
                self._head(len(body), {"Connection": "close"})
                self.wfile.write(body[: fault.keep])
                self.wfile.flush()
                self.close_connection = True
            elif isinstance(fault, Drip):
                self._head(len(body))
                for i in range(min(fault.limit, len(body))):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(fault.interval)
            elif isinstance(fault, Stall):
                self._head(len(body))
                self.wfile.flush()
                time.sleep(fault.seconds)
            elif isinstance(fault, Encoded):
                self._head(len(body), {"Content-Encoding": fault.encoding})
                self.wfile.write(body)
            elif isinstance(fault, Gzip):
                packed = gzip.compress(body, compresslevel=9)
                self._head(len(packed), {"Content-Encoding": "gzip"})
                self.wfile.write(packed)
            else:
                self._head(len(body))
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@contextmanager
def serve_faults(
    files: Mapping[str, bytes], faults: Mapping[str, Fault] | None = None
) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve on 127.0.0.1; yields (base URL, hits per path)."""
    hits: dict[str, int] = {}
    handler = type(
        "Handler", (_Handler,), {"files": dict(files), "faults": dict(faults or {}), "hits": hits}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
