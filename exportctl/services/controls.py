"""Control-list data (``engine.controls``): which version classify, assess and ``controls
search|show`` use; ``controls update``, ``status`` and ``diff``.

Which content a command uses, in order: the folder named by ``EXPORTCTL_CONTROLS_DIR`` (an
explicit override), else the store's active version of each dataset (or, with ``as_of``, the
version in force on that date), else the public-domain US snapshot shipped inside the package.
A dataset found nowhere is an error naming ``exportctl controls update``: determinations never
fall back to a weaker outcome for want of data.

``update`` fetches the official sources (the eCFR versioner API for 15 CFR 738, 740 and 774;
the Wassenaar list PDF, checked by SHA-256) or takes datasets read from a folder
(``exportctl.files.read_control_data``), parses everything before it stores anything, and
saves the US datasets together (they are one eCFR issue) and the Wassenaar list on its own,
each as one transaction: a failure keeps the previous versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from exportctl.classification.catalogue import ControlCatalogue, wassenaar_items
from exportctl.config import Settings
from exportctl.controls.diff import ControlDiff, dataset_items, diff_datasets
from exportctl.controls.ecfr import ECFR_PARTS, parse_ecfr
from exportctl.controls.folder import read_folder
from exportctl.controls.snapshot import bundled
from exportctl.controls.wassenaar import wassenaar_from_pdf
from exportctl.determination.uscontrols import USControls, us_controls_from_data
from exportctl.errors import ExportctlError, InvalidInput, NotFound, SourceError
from exportctl.model.controls import DATASETS, US_DATASETS, ControlData
from exportctl.store import Store
from exportctl.store.controls import StoredControlVersion

__all__ = ["ControlDataService", "ControlUpdateReport", "DatasetOutcome"]

# The catalogue's warning when the Wassenaar list is absent (it is never shipped).
_NO_WASSENAAR = (
    "the Wassenaar list is not loaded (its terms do not allow shipping it): "
    "run `exportctl controls update` to fetch it"
)

_MAX_BYTES = 64 * 1024 * 1024  # the Wassenaar PDF is ~1.4 MB, part 774 XML ~10 MB


@dataclass(frozen=True)
class DatasetOutcome:
    """What ``controls update`` did with one dataset."""

    dataset: str
    version: str | None  # the version now active (None: the dataset has none)
    created: bool
    issued: date | None = None
    source: str | None = None
    error: str | None = None
    error_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "version": self.version,
            "created": self.created,
            "issued": self.issued.isoformat() if self.issued else None,
            "source": self.source,
            "error": self.error,
            "code": self.error_code,
        }


@dataclass(frozen=True)
class ControlUpdateReport:
    outcomes: tuple[DatasetOutcome, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        return any(o.error for o in self.outcomes)


class ControlDataService:
    """Control data for one Engine: resolution, update, status and diff."""

    def __init__(
        self,
        settings: Settings,
        store: Callable[[], Store],
        *,
        on_change: Callable[[str, str, dict[str, object]], None] | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        # Records each new stored version in the audit trail: determinations rest on it.
        self._on_change = on_change
        self._folder_cache: dict[str, ControlData] | None = None

    # -- resolution ------------------------------------------------------------------------

    def _from_folder(self) -> dict[str, ControlData]:
        # The configured override folder is settings, like the list mirror: the service reads
        # it itself (paths an adapter is handed go through exportctl.files instead).
        folder = self.settings.controls_dir
        assert folder is not None
        if self._folder_cache is None:
            if not folder.is_dir():
                raise NotFound(
                    f"{folder}: no such controls folder (EXPORTCTL_CONTROLS_DIR)",
                    code="controls_not_found",
                )
            self._folder_cache = {d.dataset: d for d in read_folder(folder)}
        return self._folder_cache

    def find(self, dataset: str, *, as_of: date | None = None) -> ControlData | None:
        """The content of ``dataset`` to use (see the module docstring), or None."""
        if self.settings.controls_dir is not None:
            return self._from_folder().get(dataset)
        stored = self._store().controls.get(dataset, as_of=as_of)
        if stored is not None:
            return stored
        shipped = bundled().get(dataset)
        if shipped is not None and (
            as_of is None or shipped.issued is None or shipped.issued <= as_of
        ):
            return shipped
        return None

    def require(self, dataset: str, *, as_of: date | None = None) -> ControlData:
        """Like :meth:`find`, but a missing dataset is an error that names the fix."""
        found = self.find(dataset, as_of=as_of)
        if found is not None:
            return found
        where = (
            f"in {self.settings.controls_dir} (EXPORTCTL_CONTROLS_DIR)"
            if self.settings.controls_dir is not None
            else f"in force on {as_of}"
            if as_of
            else "in the store"
        )
        raise NotFound(
            f"control data {dataset} ({DATASETS[dataset]}) is not loaded {where}: "
            "run `exportctl controls update` (or `controls update --from FOLDER`)",
            code="controls_missing",
        )

    def us_controls(self, *, as_of: date | None = None) -> USControls:
        """Country Chart, CCL and Country Groups for US licence requirements."""
        return us_controls_from_data(
            self.require("us-country-chart", as_of=as_of),
            self.require("us-ccl", as_of=as_of),
            self.require("us-country-groups", as_of=as_of),
        )

    def catalogue(self, *, as_of: date | None = None) -> ControlCatalogue:
        """The searchable catalogue; its ``warnings`` name the datasets it lacks."""
        ccl = self.require("us-ccl", as_of=as_of)
        wassenaar = self.find("wassenaar", as_of=as_of)
        catalogue = ControlCatalogue.from_data(ccl, wassenaar)
        catalogue.warnings = [] if wassenaar is not None else [_NO_WASSENAAR]
        return catalogue

    def versions(self, datasets: Sequence[str], *, as_of: date | None = None) -> dict[str, str]:
        """dataset -> version used, for the datasets that are available."""
        out: dict[str, str] = {}
        for name in datasets:
            found = self.find(name, as_of=as_of)
            if found is not None:
                out[name] = found.version
        return out

    # -- update ----------------------------------------------------------------------------

    def _get(self, client: httpx.Client, url: str) -> bytes:
        last = ""
        for _ in range(self.settings.http_retries + 1):
            try:
                with client.stream("GET", url) as resp:
                    if resp.status_code >= 400:
                        last = f"HTTP {resp.status_code}"
                        if resp.status_code < 500:
                            break
                        continue
                    expected = resp.headers.get("content-length")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > _MAX_BYTES:
                            raise SourceError(
                                f"{url}: larger than {_MAX_BYTES:,} bytes; refused",
                                code="download_failed",
                            )
                        chunks.append(chunk)
                    if expected is not None and size != int(expected):
                        last = f"truncated ({size:,} of {int(expected):,} bytes)"
                        continue
                    return b"".join(chunks)
            except httpx.RemoteProtocolError as exc:
                last = f"truncated: {exc}"
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise SourceError(f"{url}: download failed ({last})", code="download_failed")

    def _issue_date(self, client: httpx.Client) -> str:
        url = f"{self.settings.ecfr_url}/api/versioner/v1/titles.json"
        try:
            titles = json.loads(self._get(client, url))
            return str(next(t for t in titles["titles"] if t["number"] == 15)["latest_issue_date"])
        except (ValueError, KeyError, TypeError, StopIteration) as exc:
            raise SourceError(
                f"{url}: no latest issue date for title 15 ({exc!r})", code="download_failed"
            ) from None

    def _fetch_official(self, wanted: set[str]) -> tuple[list[ControlData], list[DatasetOutcome]]:
        got: list[ControlData] = []
        failed: list[DatasetOutcome] = []
        with httpx.Client(timeout=self.settings.http_timeout, follow_redirects=True) as client:
            us_wanted = [p for p, d in ECFR_PARTS.items() if d in wanted]
            if us_wanted:
                try:
                    day = self._issue_date(client)
                    for part in us_wanted:
                        url = (
                            f"{self.settings.ecfr_url}/api/versioner/v1/full/{day}/"
                            f"title-15.xml?part={part}"
                        )
                        got.append(
                            parse_ecfr(
                                self._get(client, url), part, url, issued=date.fromisoformat(day)
                            )
                        )
                except (SourceError, InvalidInput, ValueError) as exc:
                    msg = exc.detail if isinstance(exc, ExportctlError) else str(exc)
                    code = exc.code if isinstance(exc, ExportctlError) else "controls_invalid"
                    failed += [self._failed(d, msg, code) for d in US_DATASETS if d in wanted]
                    got = [g for g in got if g.dataset not in US_DATASETS]
            if "wassenaar" in wanted:
                url = self.settings.wassenaar_url
                try:
                    raw = self._get(client, url)
                    got.append(wassenaar_from_pdf(raw, url, self.settings.wassenaar_sha256))
                except (SourceError, InvalidInput) as exc:
                    failed.append(self._failed("wassenaar", exc.detail, exc.code))
        return got, failed

    def _failed(self, dataset: str, message: str, code: str) -> DatasetOutcome:
        current = self._store().controls.get(dataset)
        return DatasetOutcome(
            dataset,
            current.version if current else None,
            False,
            current.issued if current else None,
            current.source if current else None,
            error=f"{message}; the previous version stays active",
            error_code=code,
        )

    def update(
        self,
        *,
        data: Sequence[ControlData] | None = None,
        datasets: Sequence[str] | None = None,
    ) -> ControlUpdateReport:
        """Fetch, parse and store every wanted dataset; with ``data`` (read from a folder by
        ``exportctl.files.read_control_data``), store those instead of fetching.

        The US datasets are stored together or not at all; the Wassenaar list on its own.
        """
        wanted = set(datasets or DATASETS)
        unknown = wanted - set(DATASETS)
        if unknown:
            raise NotFound(
                f"unknown control dataset(s): {', '.join(sorted(unknown))} "
                f"(known: {', '.join(DATASETS)})",
                code="dataset_not_found",
            )
        if data is not None:
            got = [d for d in data if d.dataset in wanted]
            failed: list[DatasetOutcome] = []
            if not got:
                raise NotFound(
                    f"none of {', '.join(sorted(wanted))} in the control data given "
                    "(see docs/controls.md)",
                    code="controls_not_found",
                )
        else:
            got, failed = self._fetch_official(wanted)
        outcomes = list(failed)
        groups = [
            [d for d in got if d.dataset in US_DATASETS],
            [d for d in got if d.dataset not in US_DATASETS],
        ]
        for group in groups:
            if not group:
                continue
            for meta, created in self._store().controls.save(group):
                saved = next(d for d in group if d.dataset == meta.dataset)
                outcomes.append(
                    DatasetOutcome(meta.dataset, meta.version, created, meta.issued, saved.source)
                )
                if created and self._on_change is not None:
                    self._on_change(
                        "controls.loaded",
                        meta.dataset,
                        {
                            "version": meta.version,
                            "issued": meta.issued.isoformat() if meta.issued else None,
                            "source": saved.source,
                        },
                    )
        order = list(DATASETS)
        return ControlUpdateReport(tuple(sorted(outcomes, key=lambda o: order.index(o.dataset))))

    # -- status and diff -------------------------------------------------------------------

    def status(self, *, all_versions: bool = False) -> list[StoredControlVersion]:
        """Per dataset its active version (or every version), the shipped snapshot where the
        store has none, and the override folder's content when one is set."""
        if self.settings.controls_dir is not None:
            return [
                StoredControlVersion(d.dataset, d.version, d.issued, d.source, d.size, None, True)
                for d in self._from_folder().values()
            ]
        stored = self._store().controls.versions()
        rows = [v for v in stored if all_versions or v.active]
        have = {v.dataset for v in stored}
        for name, d in bundled().items():
            if name not in have:
                rows.append(
                    StoredControlVersion(name, d.version, d.issued, d.source, d.size, None, True)
                )
        order = list(DATASETS)
        return sorted(rows, key=lambda v: (order.index(v.dataset), v.loaded_at is not None))

    def diff(
        self, dataset: str, *, from_version: str | None = None, to_version: str | None = None
    ) -> ControlDiff:
        """Items added, removed and changed between two stored versions of ``dataset``.

        Defaults: ``to`` is the active version, ``from`` the one stored before it (for the
        first stored version of a US dataset: the shipped snapshot).
        """
        if dataset not in DATASETS:
            raise NotFound(f"unknown control dataset {dataset!r}", code="dataset_not_found")
        store = self._store().controls
        new = store.get(dataset, to_version)
        if new is None:
            raise NotFound(
                f"no stored version of {dataset}: run `exportctl controls update`",
                code="controls_missing",
            )
        old = (
            store.get(dataset, from_version)
            if from_version
            else store.previous(dataset, new.version)
        )
        if old is None and from_version is None:
            old = bundled().get(dataset)
        return diff_datasets(
            dataset,
            old.version if old else None,
            new.version,
            _items(old) if old else {},
            _items(new),
        )


def _items(data: ControlData) -> Mapping[str, Any]:
    if data.dataset == "wassenaar":
        return wassenaar_items(str(data.payload["text"]))
    return dataset_items(data.dataset, data.payload)
