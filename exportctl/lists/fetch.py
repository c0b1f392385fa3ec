"""Getting a source's files: download from the official URL, or find them in a mirror folder."""

from __future__ import annotations

import fnmatch
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from exportctl.errors import SourceError
from exportctl.lists.sources import OfficialSource, SourceFile

__all__ = ["Limits", "Progress", "download_source", "find_in_mirror"]

#: Progress callback: (label, bytes done, bytes total or None).
Progress = Callable[[str, int, int | None], None]

_MAX_DEPTH = 2


def _candidates(root: Path, pattern: str) -> list[Path]:
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        depth = len(path.relative_to(root).parts)
        if (
            depth <= _MAX_DEPTH + 1
            and path.is_file()
            and fnmatch.fnmatch(path.name.lower(), pattern.lower())
        ):
            found.append(path)
    return found


def find_in_mirror(source: OfficialSource, root: Path) -> list[Path] | None:
    """The files of ``source`` in a local mirror folder, or None if its required file is absent.

    A mirror may hold several editions (sub-folders). The primary (required) file chosen is the
    largest candidate, i.e. the most complete edition; optional files come from the same folder
    when it has them, else from the largest candidate elsewhere (e.g. OFAC alias files published
    separately). The choice is reported by the caller so the operator can see it.
    """
    if not root.is_dir():
        raise SourceError(f"{root}: mirror folder not found", code="mirror_not_found")
    chosen: list[Path] = []
    primary_dir: Path | None = None
    for f in source.files:
        cands = _candidates(root, f.pattern)
        if f.required:
            if not cands:
                return None
            best = max(cands, key=lambda p: (p.stat().st_size, str(p)))
            primary_dir = best.parent
            chosen.append(best)
            continue
        if not cands:
            continue
        same = [c for c in cands if c.parent == primary_dir]
        chosen.append(same[0] if same else max(cands, key=lambda p: (p.stat().st_size, str(p))))
    return chosen


@dataclass(frozen=True)
class Limits:
    """Bounds on one download: bytes after decompression, seconds per read, seconds in all."""

    max_bytes: int
    timeout: float
    deadline: float


class _Refused(Exception):
    """A download that retrying cannot help (too large, too slow, cut short)."""

    def __init__(self, error: SourceError) -> None:
        super().__init__(error.detail)
        self.error = error


class _Inflate:
    """Bounded decompression of a gzip/deflate body: each call yields at most ``room + 1``
    bytes, so a gzip bomb never expands in memory beyond what the size limit allows."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected

    def feed(self, chunk: bytes, room: int) -> bytes:
        return self._d.decompress(self._d.unconsumed_tail + chunk, max(room, 0) + 1)

    @property
    def pending(self) -> bool:
        return bool(self._d.unconsumed_tail)

    @property
    def eof(self) -> bool:
        return self._d.eof


def _decoder(encoding: str, url: str) -> _Inflate | None:
    """The decompressor for the response's Content-Encoding (None: identity)."""
    enc = encoding.strip().lower()
    if enc in ("", "identity"):
        return None
    if enc not in ("gzip", "x-gzip", "deflate"):
        raise _Refused(
            SourceError(f"{url}: unsupported Content-Encoding {enc!r}", code="download_failed")
        )
    return _Inflate()


def _too_large(url: str, limit: int) -> _Refused:
    return _Refused(
        SourceError(
            f"{url}: larger than the {limit / 1024 / 1024:g} MB allowed for this source "
            "(EXPORTCTL_DOWNLOAD_LIMITS); refused and deleted",
            code="download_too_large",
        )
    )


def _stream_to(
    client: httpx.Client,
    url: str,
    out: BinaryIO,
    limits: Limits,
    progress: Progress | None,
    label: str,
) -> None:
    """Write the body of ``GET url`` to ``out`` within ``limits``."""
    started = time.monotonic()
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip, deflate"}) as resp:
        resp.raise_for_status()
        decode = _decoder(resp.headers.get("content-encoding", ""), url)
        stated = resp.headers.get("content-length")
        total = int(stated) if stated and stated.isdigit() else None
        if decode is None and total is not None and total > limits.max_bytes:
            raise _too_large(url, limits.max_bytes)
        received = written = 0
        for chunk in resp.iter_raw():  # as received: a chunk size would wait to fill it
            received += len(chunk)
            data = chunk if decode is None else decode.feed(chunk, limits.max_bytes - written)
            while True:
                written += len(data)
                if written > limits.max_bytes:
                    raise _too_large(url, limits.max_bytes)
                out.write(data)
                if decode is None or not decode.pending:
                    break
                data = decode.feed(b"", limits.max_bytes - written)
            if progress:
                progress(label, received, total)
            if time.monotonic() - started > limits.deadline:
                raise _Refused(
                    SourceError(
                        f"{url}: not complete after {limits.deadline:g} s "
                        "(EXPORTCTL_HTTP_DEADLINE); refused",
                        code="download_deadline",
                    )
                )
        if total is not None and received < total:
            raise _Refused(
                SourceError(
                    f"{url}: short read: {received} of the {total} bytes the server announced "
                    "(Content-Length)",
                    code="download_truncated",
                )
            )
        if decode is not None and not decode.eof:
            raise _Refused(
                SourceError(
                    f"{url}: the compressed stream ends before its end marker",
                    code="download_truncated",
                )
            )


def _download_one(
    client: httpx.Client,
    f: SourceFile,
    dest: Path,
    retries: int,
    progress: Progress | None,
    limits: Limits,
) -> Path:
    """Download ``f`` into the folder ``dest`` (private to this process); retries transient
    failures with back-off. A partial file never survives a failure."""
    target = dest / f.filename
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            with target.open("wb") as out:
                _stream_to(client, f.url, out, limits, progress, f.filename)
            return target
        except _Refused as exc:
            target.unlink(missing_ok=True)
            raise exc.error from None
        except httpx.HTTPStatusError as exc:
            last = exc
            target.unlink(missing_ok=True)
            if exc.response.status_code == 404:
                raise SourceError(f"{f.url}: not published (404)", code="not_published") from None
        except (httpx.HTTPError, OSError) as exc:
            last = exc
            target.unlink(missing_ok=True)
        if attempt < retries:
            time.sleep(min(2.0**attempt * 0.5, 8.0))
    raise SourceError(
        f"{f.url}: download failed after {retries + 1} attempt(s): {last}", code="download_failed"
    )


def download_source(
    source: OfficialSource,
    dest: Path,
    *,
    timeout: float,
    retries: int,
    progress: Progress | None = None,
    mirror_url: str | None = None,
    max_bytes: int | None = None,
    deadline: float = 600.0,
) -> list[Path]:
    """Download every file of ``source`` into ``dest``; optional files may be missing (404).

    With ``mirror_url`` each file is fetched from ``<mirror_url>/<source>/<file name>``. The
    files go first into a temporary folder unique to this process and move into ``dest``
    only when every file of the source has arrived whole, so ``dest`` never holds a mix of
    two editions or a partial file; the temporary folder is removed on every path out.
    """
    limits = Limits(max_bytes or source.max_bytes, timeout, deadline)
    dest.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".download-", dir=dest))
    try:
        fetched: list[str] = []
        with httpx.Client(timeout=timeout, follow_redirects=True) as client:
            for f in source.files:
                if mirror_url:
                    f = SourceFile(
                        f"{mirror_url}/{source.name}/{f.filename}",
                        f.filename,
                        f.pattern,
                        f.required,
                    )
                try:
                    _download_one(client, f, work, retries, progress, limits)
                except SourceError as exc:
                    # An optional file that is simply not published is a warning on the
                    # version (see integrity.missing_optional); any other failure stops it.
                    if f.required or exc.code != "not_published":
                        raise
                    continue
                fetched.append(f.filename)
        for f in source.files:  # an optional file not published now must not linger
            if f.filename not in fetched:
                (dest / f.filename).unlink(missing_ok=True)
        paths = []
        for name in fetched:
            (work / name).replace(dest / name)
            paths.append(dest / name)
        return paths
    finally:
        shutil.rmtree(work, ignore_errors=True)
