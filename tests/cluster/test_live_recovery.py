"""Articles stored but never placed (a process that died between storing and assigning) are
placed by the next process, each exactly once, as if it had never died: real SQLite files and
real ECB+ dev articles (tests/server/test_recovery.py races two processes, on PostgreSQL too)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from newsfuse.cluster import ClusterOptions
from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.live import StoryAssigner
from newsfuse.models import Article
from newsfuse.store import Store, open_store

# Small windows, so that the short stream also freezes stories and decays its DF.
OPTIONS = ClusterOptions(freeze_after_articles=40, df_half_life=25, split_min_size=4)


@pytest.fixture(scope="module")
def ecb_articles(data_dir: Path) -> list[Article]:
    return list(load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl").articles[:90])


def _placements(store: Store) -> dict[str, str]:
    """Each stored article's story; fails when an article is in two stories."""
    counts = Counter(a for s in store.list_stories() for a in s.article_ids)
    assert not [a for a, n in counts.items() if n > 1], "an article is in two stories"
    return {a: s.id for s in store.list_stories() for a in s.article_ids}


def _reference(path: Path, batches: list[list[Article]]) -> dict[str, str]:
    """The stories of a run that never stopped: each batch stored, then placed."""
    with open_store(path) as store:
        assigner = StoryAssigner(store, options=OPTIONS)
        for batch in batches:
            assigner(batch, store.add_articles(batch))
        return _placements(store)


def _unplaced(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT article_id FROM unplaced_articles")]


def test_articles_left_unplaced_by_a_crash_are_placed_on_start_as_if_it_never_happened(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    head, lost, tail = ecb_articles[:40], ecb_articles[40:60], ecb_articles[60:]
    expected = _reference(tmp_path / "reference.db", [head, lost, tail])
    db = tmp_path / "news.db"
    with open_store(db) as store:
        StoryAssigner(store, options=OPTIONS)(head, store.add_articles(head))
        # Stored (and acknowledged) in one transaction; the process dies before placing them.
        store.add_articles(lost)
        assert set(_unplaced(db)) == {a.id for a in lost}
        assert not {a.id for a in lost} & set(_placements(store))
    with open_store(db) as store:  # the next process
        assigner = StoryAssigner(store, options=OPTIONS)
        recovery = assigner.recover()
        assert recovery.placed == len(lost) and not recovery.rebuilt
        assert assigner.recover().placed == 0  # nothing left: each placed once
        assigner(tail, store.add_articles(tail))
        final = _placements(store)
        stored = {a.id: a for a in store.get_articles([a.id for a in ecb_articles])}
    assert set(final) == {a.id for a in ecb_articles} and not _unplaced(db)
    assert final == expected
    assert all(stored[a.id] == a for a in ecb_articles)  # the articles themselves untouched


def test_the_next_batch_of_any_process_places_what_another_left_unplaced_first(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    head, lost, tail = ecb_articles[:30], ecb_articles[30:45], ecb_articles[45:70]
    expected = _reference(tmp_path / "reference.db", [head, lost, tail])
    db = tmp_path / "news.db"
    with open_store(db) as store:
        running = StoryAssigner(store, options=OPTIONS)  # a live process, loaded before
        running(head, store.add_articles(head))
        with open_store(db) as other:  # another process stores, then dies before placing
            other.add_articles(lost)
        running(tail, store.add_articles(tail))  # its next batch: the lost ones go first
        assert _placements(store) == expected
        assert running.recover().placed == 0
    assert not _unplaced(db)


def test_a_database_older_than_stories_gets_every_article_placed_on_upgrade(
    ecb_articles: list[Article], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.store import MIGRATIONS

    db = tmp_path / "old.db"
    articles = ecb_articles[:30]
    monkeypatch.setattr("newsfuse.store.MIGRATIONS", MIGRATIONS[:1])  # articles only
    with open_store(db) as store, store.engine.begin() as conn:
        from newsfuse.store.records import article_row
        from newsfuse.store.schema import articles as table

        # Stored one second apart, so that arrival order is the list's order.
        rows = [article_row(a) | {"added_at": f"2024-12-01T00:{i // 60:02d}:{i % 60:02d}"}
                for i, a in enumerate(articles)]  # fmt: skip
        conn.execute(table.insert(), rows)
    monkeypatch.undo()
    expected = _reference(tmp_path / "reference.db", [articles])
    with open_store(db) as store:
        assert len(_unplaced(db)) == len(articles)  # migration 6 lists them, oldest first
        assert StoryAssigner(store, options=OPTIONS).recover().placed == len(articles)
        assert _placements(store) == expected
