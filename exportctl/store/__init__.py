"""Persistence: SQLAlchemy 2 models, Alembic migrations; SQLite default, PostgreSQL for teams."""

from exportctl.store.database import SaveResult, Store

__all__ = ["SaveResult", "Store"]
