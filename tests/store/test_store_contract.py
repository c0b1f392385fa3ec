"""The store contract, run on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from exportctl.errors import NotFound
from exportctl.model import Address, EntryName, ListEntry, NameQuality, Schema
from exportctl.store import Store


def entry(
    native: str, name: str, *, source: str = "test", country: str = "IR", **kw: object
) -> ListEntry:
    return ListEntry(
        entity_id=f"{source}:{native}",
        source=source,
        native_id=native,
        schema_=Schema.ORGANIZATION,
        names=(EntryName(value=name, quality=NameQuality.PRIMARY),),
        countries=(country,),
        addresses=(Address(text="Arak", country=country),),
        **kw,
    )


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    s = Store(database_url)
    yield s
    s.close()


def test_first_load_becomes_active_with_counts(store: Store) -> None:
    res = store.save_list_version(
        "test", "fmt", [entry("1", "A"), entry("2", "B")], published=None, origin="x"
    )
    assert res.created
    [v] = store.list_versions()
    assert (v.source, v.entries, v.names, v.active) == ("test", 2, 2, True)
    assert len(v.version) == 12 and v.content_hash.startswith(v.version)


def test_identical_content_is_a_noop(store: Store) -> None:
    es = [entry("1", "A"), entry("2", "B")]
    first = store.save_list_version("test", "fmt", es, published=None, origin="x")
    again = store.save_list_version("test", "fmt", list(reversed(es)), published=None, origin="y")
    assert not again.created
    assert again.version.version == first.version.version
    assert len(store.list_versions(all_versions=True)) == 1


def test_new_content_supersedes_but_old_version_stays_queryable(store: Store) -> None:
    v1 = store.save_list_version(
        "test", "fmt", [entry("1", "A")], published=None, origin=None
    ).version
    v2 = store.save_list_version(
        "test", "fmt", [entry("1", "A2")], published=None, origin=None
    ).version
    assert v1.version != v2.version
    versions = store.list_versions(all_versions=True)
    assert [(v.version, v.active) for v in versions] == [(v1.version, False), (v2.version, True)]
    assert [e.name for e in store.active_entries()] == ["A2"]
    old = store.entries_by_hash(store.version_hashes("test", v1.version).values())
    assert [e.name for e in old.values()] == ["A"]


def test_reloading_an_older_edition_reactivates_it(store: Store) -> None:
    v1 = store.save_list_version(
        "test", "fmt", [entry("1", "A")], published=None, origin=None
    ).version
    store.save_list_version("test", "fmt", [entry("1", "B")], published=None, origin=None)
    again = store.save_list_version("test", "fmt", [entry("1", "A")], published=None, origin=None)
    assert again.version.version == v1.version
    assert [v.version for v in store.list_versions()] == [v1.version]
    assert len(store.list_versions(all_versions=True)) == 2


def test_sources_are_independent(store: Store) -> None:
    store.save_list_version("a", "fmt", [entry("1", "A", source="a")], published=None, origin=None)
    store.save_list_version("b", "fmt", [entry("1", "B", source="b")], published=None, origin=None)
    assert {e.entity_id for e in store.active_entries()} == {"a:1", "b:1"}
    assert [e.entity_id for e in store.active_entries(["b"])] == ["b:1"]
    assert store.get_entry("a:1").name == "A"


def test_entries_round_trip_every_field(store: Store) -> None:
    e = entry(
        "7",
        "X",
        birth_dates=("1961",),
        programs=("IRAN",),
        remarks="r",
        end_use_concerns=("missile",),
    )
    store.save_list_version("test", "fmt", [e], published=None, origin=None)
    assert store.get_entry("test:7") == e


def test_unknown_source_and_version_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound) as exc:
        store.resolve_version("nope", None)
    assert exc.value.code == "source_not_found"
    store.save_list_version("test", "fmt", [entry("1", "A")], published=None, origin=None)
    with pytest.raises(NotFound) as exc2:
        store.resolve_version("test", "ffffffff")
    assert exc2.value.code == "version_not_found"
    with pytest.raises(NotFound):
        store.get_entry("test:999")


def test_shared_blobs_are_stored_once(store: Store) -> None:
    from sqlalchemy import func, select

    from exportctl.store.schema import EntryBlob

    store.save_list_version(
        "test", "fmt", [entry("1", "A"), entry("2", "B")], published=None, origin=None
    )
    store.save_list_version(
        "test", "fmt", [entry("1", "A"), entry("2", "C")], published=None, origin=None
    )
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EntryBlob)).scalar_one() == 3


def test_alerts_get_case_ids_and_read_back(store: Store) -> None:
    a = store.add_alert(
        document_id="09STATE124113",
        file="seed.txt",
        file_sha256="0" * 64,
        kind="investigation",
        data='{"x": 1}',
    )
    b = store.add_alert(
        document_id=None, file="n.eml", file_sha256="1" * 64, kind="investigation", data="{}"
    )
    assert a.case_id != b.case_id and a.case_id.startswith("A-")
    assert [r.case_id for r in store.list_alerts()] == [a.case_id, b.case_id]
    assert store.get_alert(a.case_id).data == '{"x": 1}'
    with pytest.raises(NotFound):
        store.get_alert("A-1999-00001")
