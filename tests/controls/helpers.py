"""Test helpers: a minimal text PDF writer and a loopback HTTP server with scripted faults."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "controls"

#: A Wassenaar-like list in three pages: the page header, Category 2 with two entries.
WASSENAAR_PAGES: list[list[str]] = [
    ["WA-LIST (25) 1 Corr.", "15-01-2026", "LIST OF DUAL-USE GOODS AND TECHNOLOGIES"],
    [
        "DUAL-USE LIST - CATEGORY 2",
        "WA-LIST (25) 1 Corr.",
        "2. B. 1. Machine tools and any combination thereof, for removing metals,",
        "as follows:",
        "a. Machine tools for turning;",
        "b. Machine tools for milling;",
    ],
    [
        "DUAL-USE LIST - CATEGORY 2",
        "2. B. 8. Assemblies or units, specially designed for machine tools, as follows:",
        "a. Tilting spindles;",
    ],
]


def text_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF whose pages show ``pages`` line by line (Helvetica, no compression)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 10 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


class Route:
    """What the server answers for one path: a body, a status, or a cut-off body."""

    def __init__(self, body: bytes = b"", status: int = 200, truncate_to: int | None = None):
        self.body, self.status, self.truncate_to = body, status, truncate_to


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route]
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.status != 200:
            self.send_error(route.status)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        body = route.body if route.truncate_to is None else route.body[: route.truncate_to]
        self.wfile.write(body)
        if route.truncate_to is not None:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, list[str]]]:
    """Serve ``routes`` on 127.0.0.1 (a free port); yields the base URL and the hit log."""
    hits: list[str] = []
    handler = type("H", (_Handler,), {"routes": routes, "hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
