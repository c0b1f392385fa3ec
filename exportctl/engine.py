"""Composition root: ``Engine(settings)`` wires the store, list loading and the domain."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from exportctl.classification import (
    ControlCatalogue,
    RuleSet,
    classify,
    find_parent,
    load_items,
    load_rules,
    parse_item,
)
from exportctl.config import Settings
from exportctl.determination import (
    RegimeSet,
    assess_transaction,
    item_controls_from_classification,
    load_regimes,
    party_hits_from_matches,
)
from exportctl.determination.inputs import ItemControls, PartyHit
from exportctl.errors import ExportctlError, InvalidInput, NotFound, SourceError
from exportctl.intake import intake_file
from exportctl.lists.detect import detect_format, list_files
from exportctl.lists.diff import diff_versions
from exportctl.lists.fetch import Progress, download_source, find_in_mirror
from exportctl.lists.formats import ListFormat, ParsedList, format_by_name
from exportctl.lists.sources import SOURCES, Source
from exportctl.model import ListDiff, ListEntry, ListVersion
from exportctl.model.alert import Alert, AlertRole, GazetteerHit
from exportctl.model.classification import Classification, JurisdictionFilter
from exportctl.model.determination import Determination, TransactionParty
from exportctl.model.entry import EntryName, NameQuality, Schema
from exportctl.model.screening import Match, ScreeningQuery, ScreeningResult
from exportctl.screening import Index, Screener
from exportctl.store import Store
from exportctl.store.database import AlertRecord

__all__ = ["ALERTS_WATCHLIST", "Engine", "LoadReport"]

#: The watch list that ``intake --open-case`` adds parties of concern to.
ALERTS_WATCHLIST = "watch:alerts"
# Roles whose holder is the subject of concern in an alert (the exporter is the one alerted).
_CONCERN_ROLES = frozenset(
    {
        AlertRole.END_USER,
        AlertRole.PURCHASER,
        AlertRole.CONSIGNEE,
        AlertRole.INTERMEDIATE,
        AlertRole.REQUESTER,
    }
)


@dataclass(frozen=True)
class LoadReport:
    """What one list load did."""

    source: str
    version: ListVersion | None  # the version now active (None: the source has none)
    created: bool
    files: tuple[str, ...]
    warnings: tuple[str, ...]
    error: str | None = None


class Engine:
    """The library's front door; adapters (CLI, API) call only this."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._screener: Screener | None = None
        self._screener_key: str | None = None
        self._rules: RuleSet | None = None
        self._regimes: RegimeSet | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.database_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    # -- lists -----------------------------------------------------------------------------

    def _base_for(self, parser: ListFormat, source: str) -> list[ListEntry] | None:
        """The active entries of ``source`` for a format that merges onto them, else None."""
        if not parser.merges_onto_base:
            return None
        return list(self.store.active_entries([source])) or None

    def _save(self, parsed: ParsedList, origin: str) -> LoadReport:
        result = self.store.save_list_version(
            parsed.source,
            parsed.format,
            parsed.entries,
            published=parsed.published,
            origin=origin,
        )
        return LoadReport(
            source=parsed.source,
            version=result.version,
            created=result.created,
            files=tuple(str(p) for p in parsed.files),
            warnings=parsed.warnings,
        )

    @staticmethod
    def _tolerant(fmt_name: str, allow_partial: bool) -> ListFormat:
        """The format's parser, or its ``-partial`` variant (drops a cut-off last record)."""
        if allow_partial:
            try:
                return format_by_name(f"{fmt_name}-partial")
            except InvalidInput:
                pass
        return format_by_name(fmt_name)

    def load_list(
        self,
        path: Path,
        *,
        source: str | None = None,
        fmt: str | None = None,
        allow_partial: bool = False,
    ) -> LoadReport:
        """Parse a file or folder of an official list and store it as the new active version.

        The format is detected unless ``fmt`` names it. Nothing is stored unless the whole
        edition parsed; the previous version then stays active.
        """
        files = list_files(path)
        parser = detect_format(files, path) if not fmt else format_by_name(fmt)
        parser = self._tolerant(parser.name, allow_partial)
        src = source or parser.default_source
        parsed = parser.parse(files, source=src, base=self._base_for(parser, src))
        return self._save(parsed, str(path))

    def update_lists(
        self,
        *,
        from_dir: Path | None = None,
        sources: Iterable[str] | None = None,
        progress: Progress | None = None,
        allow_partial: bool = False,
    ) -> list[LoadReport]:
        """Fetch every configured source (or those named) and load it.

        With ``from_dir`` the files are taken from a local mirror folder instead of the
        official URLs. ``allow_partial`` accepts a file cut off inside its last record (that
        record is dropped, with a warning) for formats that have a tolerant variant. A source
        that fails is reported and leaves its previous version active; the others still load.
        """
        wanted = set(sources or self.settings.sources or ())
        unknown = wanted - {s.name for s in SOURCES}
        if unknown:
            raise NotFound(
                f"unknown source(s): {', '.join(sorted(unknown))}", code="source_not_found"
            )
        reports: list[LoadReport] = []
        for src in SOURCES:
            if wanted and src.name not in wanted:
                continue
            try:
                files = self._fetch(src, from_dir, progress)
            except SourceError as exc:
                reports.append(self._failed(src, str(exc)))
                continue
            if files is None:  # not in the mirror: nothing to do for this source
                continue
            try:
                parser = self._tolerant(src.format, allow_partial)
                parsed = parser.parse(files, source=src.name, base=self._base_for(parser, src.name))
                origin = str(from_dir) if from_dir else src.files[0].url
                reports.append(self._save(parsed, origin))
            except (InvalidInput, SourceError) as exc:
                reports.append(self._failed(src, exc.detail))
        return reports

    def _fetch(
        self, src: Source, from_dir: Path | None, progress: Progress | None
    ) -> list[Path] | None:
        if from_dir is not None:
            return find_in_mirror(src, from_dir)
        return download_source(
            src,
            self.settings.home / "downloads" / src.name,
            timeout=self.settings.http_timeout,
            retries=self.settings.http_retries,
            progress=progress,
            mirror_url=self.settings.mirror_url,
        )

    def _failed(self, src: Source, message: str) -> LoadReport:
        try:
            current: ListVersion | None = self.store.resolve_version(src.name, None)
        except NotFound:
            current = None
        return LoadReport(src.name, current, False, (), (), error=message)

    def list_status(
        self, *, all_versions: bool = False, source: str | None = None
    ) -> list[ListVersion]:
        """One row per source (its active version), or every version."""
        return self.store.list_versions(source, all_versions=all_versions)

    def list_diff(
        self, source: str, *, from_version: str | None = None, to_version: str | None = None
    ) -> ListDiff:
        """Entries added, removed and changed between two versions of ``source``.

        Defaults: ``to`` is the active version, ``from`` the version loaded before ``to``.
        """
        to_v = self.store.resolve_version(source, to_version)
        from_v = (
            self.store.resolve_version(source, from_version)
            if from_version
            else self.store.previous_version(source, to_v.version)
        )
        old: Mapping[str, str] = self.store.version_hashes(source, from_v.version) if from_v else {}
        new = self.store.version_hashes(source, to_v.version)
        return diff_versions(
            source,
            from_v.version if from_v else None,
            to_v.version,
            old,
            new,
            self.store.entries_by_hash,
        )

    def active_entries(self, sources: Iterable[str] | None = None) -> list[ListEntry]:
        return list(self.store.active_entries(sources))

    # -- screening -------------------------------------------------------------------------

    def _versions_key(self) -> tuple[str, dict[str, str]]:
        versions = {v.source: v.version for v in self.store.list_versions()}
        digest = hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:16]
        return digest, versions

    def screening_index(self) -> Index:
        """The index over every active list version, cached on disk per set of versions.

        Raises NotFound (``no_lists_loaded``) when nothing is loaded, so that a screen
        against nothing never reads as "no match".
        """
        return self._get_screener().index

    def _get_screener(self) -> Screener:
        key, versions = self._versions_key()
        if not versions:
            raise NotFound(
                "no restricted-party lists are loaded: run `exportctl lists update` or `lists load`",  # noqa: E501
                code="no_lists_loaded",
            )
        if self._screener is not None and self._screener_key == key:
            return self._screener
        cache = self.settings.home / "index" / f"screening-{key}.json.gz"
        index: Index | None = None
        if cache.exists():
            try:
                index = Index.load(cache)
            except InvalidInput:
                index = None  # built by another analyser version: rebuild below
            if index is not None and index.meta.get("versions") != versions:
                index = None
        if index is None:
            index = Index.build(self.store.active_entries(), meta={"versions": versions})
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".part")
            index.save(tmp)
            tmp.replace(cache)
        self._screener, self._screener_key = Screener(index), key
        return self._screener

    def screen(
        self,
        query: ScreeningQuery | Mapping[str, Any] | str,
        limit: int = 10,
        include_all: bool = False,
    ) -> list[Match]:
        """Screen one party against every active list; matches best first, explained."""
        return self._get_screener().screen(query, limit=limit, include_all=include_all)

    def screen_many(
        self,
        queries: Iterable[ScreeningQuery | Mapping[str, Any] | ExportctlError],
        limit: int = 10,
        include_all: bool = False,
    ) -> Iterator[ScreeningResult]:
        """Screen a stream of queries; one result (matches or error) per query, in order."""
        return self._get_screener().screen_many(queries, limit=limit, include_all=include_all)

    # -- classification and determination -------------------------------------------------

    def classification_rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = load_rules()
        return self._rules

    def controls(self, folder: Path | None = None) -> ControlCatalogue:
        """The control-list catalogue (CCL and Wassenaar Category 2) from the controls folder."""
        return ControlCatalogue.load(folder or self.settings.controls_dir)

    def classify_file(
        self,
        path: Path,
        *,
        jurisdiction: JurisdictionFilter | str = JurisdictionFilter.ALL,
        vary: Sequence[str] | None = None,
        item_id: str | None = None,
        rules_dir: Path | None = None,
    ) -> list[Classification]:
        """Classify the item(s) of an item or transaction file (``item_id``: only that one).

        A part (``part_of``) is classified together with the machine it serves.
        """
        rules = RuleSet.load(rules_dir) if rules_dir else self.classification_rules()
        items = load_items(path)
        if item_id is not None and item_id not in items:
            raise NotFound(
                f"{path}: no item {item_id!r} (items: {', '.join(items)})", code="item_not_found"
            )
        chosen = [items[item_id]] if item_id is not None else list(items.values())
        return [
            classify(
                item,
                rules,
                jurisdiction,
                parent=find_parent(item, items, path.parent),
                vary=vary or None,
            )
            for item in chosen
        ]

    def regimes(self) -> RegimeSet:
        if self._regimes is None:
            us = self.settings.controls_dir / "us"
            self._regimes = load_regimes(us_controls=us if us.is_dir() else None)
        return self._regimes

    def _classify_item(
        self, spec: Mapping[str, Any], specs: Mapping[str, Mapping[str, Any]]
    ) -> ItemControls:
        try:
            item = parse_item(dict(spec), source=f"items.{spec.get('id')}")
            parent_spec = specs.get(item.part_of) if item.part_of else None
            parent = (
                parse_item(dict(parent_spec), source=f"items.{item.part_of}")
                if parent_spec
                else None
            )
        except ValidationError as exc:
            raise InvalidInput(f"items.{spec.get('id')}: {exc.errors()[0]['msg']}") from exc
        result = classify(item, self.classification_rules(), parent=parent)
        category = spec.get("category")
        return item_controls_from_classification(
            result, category=category if isinstance(category, str) else None
        )

    def _screen_party(self, party: TransactionParty) -> Sequence[PartyHit]:
        matches = self.screen({"name": party.name, "country": party.country}, limit=10)
        entries = {m.entity_id: self.store.get_entry(m.entity_id) for m in matches}
        return party_hits_from_matches(matches, party=0, entries=entries)

    def assess(
        self, path: Path, *, jurisdiction: str | None = None, as_of: date | None = None
    ) -> Determination:
        """Determine the licence requirement of a transaction file (see docs/determination.md)."""
        return assess_transaction(
            path,
            classify_item=self._classify_item,
            screen_party=self._screen_party,
            regimes=self.regimes(),
            jurisdictions=[jurisdiction] if jurisdiction else None,
            as_of=as_of,
        )

    # -- alert intake ----------------------------------------------------------------------

    def _gazetteer(self, name: str) -> list[GazetteerHit]:
        # A bare acronym in running text ("CNC" machine tools) is not evidence of a listed
        # party: acronyms collide with list acronyms (CNNC) far more often than they identify.
        if sum(c.isalpha() for c in name) < 5:
            return []
        try:
            matches = self.screen(name, limit=3)
        except (InvalidInput, NotFound):
            return []
        return [
            GazetteerHit(
                entity_id=m.entity_id,
                name=m.name,
                score=m.score,
                decision=m.decision,
                source=m.source,
                matched_name=m.matched_name,
            )
            for m in matches
        ]

    def intake(self, path: Path, *, open_case: bool = False) -> Alert:
        """Read an alert document, extract its facts and screen its parties.

        With ``open_case`` the alert is stored as an investigation record and its parties of
        concern join the ``watch:alerts`` watch list with the document as the reason, so a
        later ``assess`` naming them raises the catch-all.
        """
        have_lists = bool(self.store.list_versions())
        alert = intake_file(path, self._gazetteer if have_lists else None)
        if have_lists:
            parties = []
            for p in alert.parties:
                try:
                    matches = self.screen(
                        {"name": p.name, "country": p.country}, limit=5, include_all=True
                    )
                except InvalidInput:
                    matches = []
                hits = [
                    GazetteerHit(
                        entity_id=m.entity_id,
                        name=m.name,
                        score=m.score,
                        decision=m.decision,
                        source=m.source,
                        matched_name=m.matched_name,
                    )
                    for m in matches
                ]
                parties.append(p.model_copy(update={"matches": hits}))
            alert = alert.model_copy(update={"parties": parties})
        if not open_case:
            return alert
        raw = path.read_bytes()
        taken = alert
        record = self.store.add_alert(
            document_id=alert.document.id,
            file=str(path),
            file_sha256=hashlib.sha256(raw).hexdigest(),
            kind="investigation",
            data=lambda case_id: taken.model_copy(update={"case_id": case_id}).model_dump_json(
                by_alias=True
            ),
        )
        alert = alert.model_copy(update={"case_id": record.case_id})
        self._watch_parties(alert, record.case_id)
        return alert

    def _watch_parties(self, alert: Alert, case_id: str) -> None:
        concern = [
            p
            for p in alert.parties
            if _CONCERN_ROLES.intersection(p.roles or ([p.role] if p.role else []))
        ]
        if not concern:
            return
        current = {e.entity_id: e for e in self.store.active_entries([ALERTS_WATCHLIST])}
        doc = alert.document
        when = doc.date.isoformat() if doc.date else "undated"
        reference = f"{doc.id or Path(alert.source or '').name} ({when}), case {case_id}"
        reason = (doc.subject or "alert document") + (
            f"; end-use concern: {', '.join(alert.end_use_concerns)}"
            if alert.end_use_concerns
            else ""
        )
        for p in concern:
            key = re.sub(r"[^a-z0-9]+", "-", p.name.lower()).strip("-") or "party"
            names = [EntryName(value=p.name, quality=NameQuality.PRIMARY)]
            names += [
                EntryName(value=a, quality=NameQuality.STRONG) for a in p.aliases if a != p.name
            ]
            schema = Schema.PERSON if p.schema_ == "Person" else Schema.ORGANIZATION
            current[f"{ALERTS_WATCHLIST}:{key}"] = ListEntry(
                entity_id=f"{ALERTS_WATCHLIST}:{key}",
                source=ALERTS_WATCHLIST,
                native_id=key,
                schema_=schema,
                names=tuple(names),
                countries=(p.country,) if p.country else (),
                reason=reason,
                reference=reference,
                end_use_concerns=tuple(alert.end_use_concerns),
            )
        self.store.save_list_version(
            ALERTS_WATCHLIST,
            "watchlist",
            list(current.values()),
            published=None,
            origin=f"intake {case_id}",
        )

    def alerts(self) -> list[AlertRecord]:
        return self.store.list_alerts()

    def alert(self, case_id: str) -> AlertRecord:
        return self.store.get_alert(case_id)
