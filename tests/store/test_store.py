"""The SQLite store: migrations, idempotent adds, batches all-or-nothing, round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.ingest import article_from_text
from newsfuse.models import Article, content_id
from newsfuse.store import MIGRATIONS, Migration, open_store


def _article(text: str, **fields: object) -> Article:
    return Article(id=content_id(text), source="test", text=text, **fields)  # type: ignore[arg-type]


def test_new_store_is_migrated_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        assert store.version == max(m.version for m in MIGRATIONS)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [row[0] for row in con.execute("SELECT version FROM schema_version")]
    assert versions == sorted(m.version for m in MIGRATIONS)


def test_same_content_is_stored_once(tmp_path: Path, seed_paths: list[Path]) -> None:
    seeds = [article_from_text(p.read_text(encoding="utf-8"), source=str(p)) for p in seed_paths]
    with open_store(tmp_path / "news.db") as store:
        first = store.add_articles(seeds)
        again = store.add_articles([*seeds[:2], *seeds[:1]])
        assert set(first.added) == {a.id for a in seeds} and first.present == ()
        assert again.added == () and again.present == (seeds[0].id, seeds[1].id, seeds[0].id)
        assert store.count_articles() == len(seeds)


def test_duplicate_inside_one_batch_is_present(tmp_path: Path) -> None:
    a = _article("One body of text.")
    with open_store(tmp_path / "news.db") as store:
        result = store.add_articles([a, a])
    assert (result.added, result.present) == ((a.id,), (a.id,))


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    a = _article(
        "Body text here.",
        title="T",
        outlet="O",
        byline="B",
        published="2024-12-06",
        credited_sources=("Associated Press", "Reuters"),
        boilerplate=("Source: Apnews",),
        external_id="ext-1",
        url="https://example.org/a",
        language="ms",
    )
    with open_store(tmp_path / "news.db") as store:
        store.add_articles([a])
        assert store.get_article(a.id) == a
        assert store.get_articles(["nope", a.id]) == [a]
        assert store.has_articles([a.id, "nope"]) == {a.id}


def test_unknown_id_is_not_found(tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store, pytest.raises(NotFoundError, match="nope"):
        store.get_article("nope")


def test_list_is_newest_first_with_limit(tmp_path: Path) -> None:
    items = [_article(f"Article number {i}.") for i in range(5)]
    with open_store(tmp_path / "news.db") as store:
        for item in items:
            store.add_articles([item])
        listed = store.list_articles(limit=3)
        assert [a.id for a in listed] == [a.id for a in reversed(items)][:3]
        assert len(store.list_articles(newest_first=False)) == 5


def test_failed_batch_writes_nothing(tmp_path: Path) -> None:
    good = _article("A good article.")
    bad = Article(id=None, source="x", text="no id")  # type: ignore[arg-type]
    with open_store(tmp_path / "news.db") as store:
        with pytest.raises(StoreError, match="nothing was written"):
            store.add_articles([good, bad])
        assert store.count_articles() == 0


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    open_store(db).close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (999, 'future', 'now')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this newsfuse"):
        open_store(db)


def test_appended_migration_runs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "news.db"
    open_store(db).close()
    calls: list[int] = []

    def upgrade(conn: object) -> None:
        calls.append(1)

    extra = Migration(max(m.version for m in MIGRATIONS) + 1, "extra", upgrade)  # type: ignore[arg-type]
    monkeypatch.setattr("newsfuse.store.MIGRATIONS", [*MIGRATIONS, extra])
    open_store(db).close()
    open_store(db).close()
    assert calls == [1]


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        open_store(tmp_path / "missing-dir" / "news.db")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40).filter(str.strip), max_size=12))
def test_count_equals_distinct_contents(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    db = tmp_path_factory.mktemp("hyp") / "news.db"
    with open_store(db) as store:
        result = store.add_articles([_article(t) for t in texts])
        assert (
            store.count_articles() == len(set(result.added)) == len({content_id(t) for t in texts})
        )
        assert len(result.added) + len(result.present) == len(texts)


def test_schema_and_inserts_compile_for_postgresql() -> None:
    # The PostgreSQL backend is not run here (no server), but every table of every migration
    # and the insert-or-ignore statement must be valid PostgreSQL, so it can be added later.
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from newsfuse.store import METADATA, articles, insert_ignore

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    for table in METADATA.sorted_tables:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=dialect))

    class _Conn:
        class dialect:  # noqa: N801 (mimics Connection.dialect)
            name = "postgresql"

    statement = insert_ignore(_Conn(), articles, ["id"])  # type: ignore[arg-type]
    assert "ON CONFLICT (id) DO NOTHING" in str(statement.compile(dialect=dialect))
