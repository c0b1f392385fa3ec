"""SQLAlchemy table definitions. Changes go through an Alembic migration in ``migrations/``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "EntryBlob", "ListSource", "ListVersionRow", "VersionEntry"]


class Base(DeclarativeBase):
    pass


class ListVersionRow(Base):
    """One immutable load of one source."""

    __tablename__ = "list_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(40))
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    entries: Mapped[int] = mapped_column(Integer)
    names: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str | None] = mapped_column(Text, nullable=True)
    # JSON: {"warnings": [...], "stats": {...}, "accepted_shrink": "..."} (migration i12).
    meta: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (Index("ix_list_versions_source_hash", "source", "content_hash"),)


class ListSource(Base):
    """Which version of a source is active. Switched in the same transaction as a load."""

    __tablename__ = "list_sources"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    active_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"))


class EntryBlob(Base):
    """A normalized entry's canonical JSON, stored once per distinct content."""

    __tablename__ = "entry_blobs"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    data: Mapped[str] = mapped_column(Text)


class VersionEntry(Base):
    """Membership of an entry (by content hash) in a list version."""

    __tablename__ = "version_entries"

    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    entry_hash: Mapped[str] = mapped_column(ForeignKey("entry_blobs.hash"))


class AlertRow(Base):
    """A taken-in alert document with its extracted facts and screening results.

    Stored as an investigation record that the case workflow adopts; never updated in place.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(40), unique=True)
    document_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    file: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[str] = mapped_column(Text)
