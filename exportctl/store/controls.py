"""Control-data versions in the store: one immutable row per load of a dataset.

``controls update`` saves every dataset it read in one transaction and switches their
active pointers in the same transaction, so a failure leaves every previous version active.
A payload is stored once per content (xz-compressed canonical JSON); loading identical
content again re-activates the version that has it.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, select
from sqlalchemy import Engine as SAEngine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from exportctl.errors import NotFound, StoreError
from exportctl.model.controls import ControlData, canonical_json
from exportctl.store.schema import Base

__all__ = ["ControlActive", "ControlStore", "ControlVersionRow", "StoredControlVersion"]


class ControlVersionRow(Base):
    """One load of one control dataset."""

    __tablename__ = "control_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    issued: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class ControlActive(Base):
    """Which version of a dataset is active."""

    __tablename__ = "control_active"

    dataset: Mapped[str] = mapped_column(String(40), primary_key=True)
    active_version_id: Mapped[int] = mapped_column(ForeignKey("control_versions.id"))


@dataclass(frozen=True)
class StoredControlVersion:
    """A stored version's metadata (``controls status``)."""

    dataset: str
    version: str
    issued: date | None
    source: str
    items: int
    loaded_at: datetime | None
    active: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "version": self.version,
            "issued": self.issued.isoformat() if self.issued else None,
            "source": self.source,
            "items": self.items,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "active": self.active,
        }


def _meta(row: ControlVersionRow, active: bool) -> StoredControlVersion:
    loaded = row.loaded_at if row.loaded_at.tzinfo else row.loaded_at.replace(tzinfo=UTC)
    return StoredControlVersion(
        row.dataset, row.version, row.issued, row.source, row.items, loaded, active
    )


def _data(row: ControlVersionRow) -> ControlData:
    payload = json.loads(lzma.decompress(row.payload))
    return ControlData(row.dataset, payload, row.issued, row.source)


class ControlStore:
    """Control-data versions on the store's database engine."""

    def __init__(self, engine: SAEngine) -> None:
        self.engine = engine

    def save(self, datasets: Sequence[ControlData]) -> list[tuple[StoredControlVersion, bool]]:
        """Store every dataset as its new active version, all in one transaction.

        Returns (version, created) per dataset; ``created`` is False when that content was
        already active.
        """
        out: list[tuple[StoredControlVersion, bool]] = []
        now = datetime.now(UTC)
        try:
            with Session(self.engine) as session, session.begin():
                for data in datasets:
                    digest = data.content_hash
                    ptr = session.get(ControlActive, data.dataset)
                    active = session.get(ControlVersionRow, ptr.active_version_id) if ptr else None
                    if active is not None and active.content_hash == digest:
                        out.append((_meta(active, True), False))
                        continue
                    row = session.scalars(
                        select(ControlVersionRow).where(
                            ControlVersionRow.dataset == data.dataset,
                            ControlVersionRow.content_hash == digest,
                        )
                    ).first()
                    if row is None:
                        row = ControlVersionRow(
                            dataset=data.dataset,
                            version=data.version,
                            content_hash=digest,
                            issued=data.issued,
                            source=data.source,
                            items=data.size,
                            loaded_at=now,
                            payload=lzma.compress(canonical_json(data.payload)),
                        )
                        session.add(row)
                        session.flush()
                    if ptr is None:
                        session.add(ControlActive(dataset=data.dataset, active_version_id=row.id))
                    else:
                        ptr.active_version_id = row.id
                    out.append((_meta(row, True), True))
        except SQLAlchemyError as exc:
            raise StoreError(
                f"saving control data failed; the previous versions stay active: {exc}"
            ) from exc
        return out

    def versions(self, dataset: str | None = None) -> list[StoredControlVersion]:
        """Every stored version (oldest first per dataset), marked active or not."""
        with Session(self.engine) as session:
            active = {p.active_version_id for p in session.scalars(select(ControlActive))}
            q = select(ControlVersionRow).order_by(ControlVersionRow.dataset, ControlVersionRow.id)
            if dataset is not None:
                q = q.where(ControlVersionRow.dataset == dataset)
            return [_meta(r, r.id in active) for r in session.scalars(q)]

    def get(
        self, dataset: str, version: str | None = None, *, as_of: date | None = None
    ) -> ControlData | None:
        """A dataset's content: the active version, a version by (prefix of) its id, or the
        one in force on ``as_of`` (the latest issued on or before it). None: nothing stored.

        Raises:
            NotFound: ``version`` is not a stored version of ``dataset``.
        """
        with Session(self.engine) as session:
            row: ControlVersionRow | None
            if version is not None:
                row = session.scalars(
                    select(ControlVersionRow)
                    .where(
                        ControlVersionRow.dataset == dataset,
                        ControlVersionRow.version.startswith(version),
                    )
                    .order_by(ControlVersionRow.id.desc())
                ).first()
                if row is None:
                    raise NotFound(
                        f"control dataset {dataset!r} has no version {version!r}",
                        code="version_not_found",
                    )
            elif as_of is not None:
                row = session.scalars(
                    select(ControlVersionRow)
                    .where(
                        ControlVersionRow.dataset == dataset,
                        ControlVersionRow.issued.is_not(None),
                        ControlVersionRow.issued <= as_of,
                    )
                    .order_by(ControlVersionRow.issued.desc(), ControlVersionRow.id.desc())
                ).first()
            else:
                ptr = session.get(ControlActive, dataset)
                row = session.get(ControlVersionRow, ptr.active_version_id) if ptr else None
            return None if row is None else _data(row)

    def previous(self, dataset: str, version: str) -> ControlData | None:
        """The version of ``dataset`` stored just before ``version``."""
        with Session(self.engine) as session:
            row = session.scalars(
                select(ControlVersionRow).where(
                    ControlVersionRow.dataset == dataset,
                    ControlVersionRow.version.startswith(version),
                )
            ).first()
            if row is None:
                return None
            prev = session.scalars(
                select(ControlVersionRow)
                .where(ControlVersionRow.dataset == dataset, ControlVersionRow.id < row.id)
                .order_by(ControlVersionRow.id.desc())
            ).first()
            return None if prev is None else _data(prev)
