"""Getting a source's files: download from the official URL, or find them in a mirror folder."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from exportctl.errors import SourceError
from exportctl.lists.sources import OfficialSource, SourceFile

__all__ = ["Progress", "download_source", "find_in_mirror"]

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


def _download_one(
    client: httpx.Client, f: SourceFile, dest: Path, retries: int, progress: Progress | None
) -> Path:
    target = dest / f.filename
    part = target.with_name(target.name + ".part")
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            with client.stream("GET", f.url) as resp:
                resp.raise_for_status()
                total = (
                    int(resp.headers["content-length"])
                    if "content-length" in resp.headers
                    else None
                )
                done = 0
                with part.open("wb") as out:
                    for chunk in resp.iter_bytes():
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(f.filename, done, total)
            part.replace(target)  # only a complete download replaces the previous file
            return target
        except httpx.HTTPStatusError as exc:
            last = exc
            part.unlink(missing_ok=True)
            if exc.response.status_code == 404:
                raise SourceError(f"{f.url}: not published (404)", code="not_published") from exc
            if attempt < retries:
                time.sleep(min(2.0**attempt * 0.5, 8.0))
        except (httpx.HTTPError, OSError) as exc:
            last = exc
            part.unlink(missing_ok=True)
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
) -> list[Path]:
    """Download every file of ``source`` into ``dest``; optional files may be missing (404).

    With ``mirror_url`` each file is fetched from ``<mirror_url>/<source>/<file name>``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for f in source.files:
            if mirror_url:
                f = SourceFile(
                    f"{mirror_url}/{source.name}/{f.filename}", f.filename, f.pattern, f.required
                )
            try:
                paths.append(_download_one(client, f, dest, retries, progress))
            except SourceError as exc:
                # An optional file that is simply not published is fine; any other failure
                # would load the list without its aliases or addresses, so it stops the update.
                if f.required or exc.code != "not_published":
                    raise
    return paths
