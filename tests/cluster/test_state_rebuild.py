"""A store upgraded from schema 3 (whose pickled clusterer migration 4 dropped) gets its
clusterer state rebuilt from the stored articles, so new reports of an old story join it.

The schema-3 file is built for real: migrations 1-3 only, then the seeds and ECB+ dev
articles stored with the stories a stream clusterer made of them (as session 1 stored them,
its pickled state beside them).
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.cluster import StoryClusterer, extract_features
from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.live import Recovery, StoryAssigner
from newsfuse.errors import StoreError
from newsfuse.ingest import article_from_text
from newsfuse.models import Article
from newsfuse.store import MIGRATIONS, Store, StoryRecord, open_store
from newsfuse.store.records import article_row, now_iso
from newsfuse.store.schema import articles as articles_table
from newsfuse.store.schema import cluster_state
from newsfuse.store.sql import write_story

EVENTS = ("13_ecb", "12_ecb", "18_ecb")
HELD = 4  # the last reports of each event arrive after the upgrade


@pytest.fixture(scope="module")
def stream(data_dir: Path, seed_paths: list[Path]) -> tuple[list[Article], list[Article], dict]:
    """(stored before the upgrade, arriving after, event of each article)."""
    data = load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl")
    seeds = [article_from_text(p.read_text("utf-8"), source=str(p)) for p in seed_paths]
    event = {a.id: "seeds" for a in seeds}
    by_event: dict[str, list[Article]] = {}
    for article, label in zip(data.articles, data.events, strict=True):
        if label in EVENTS:
            by_event.setdefault(label, []).append(article)
            event[article.id] = label
    before = seeds + [a for e in EVENTS for a in by_event[e][:-HELD]]
    after = [a for i in range(HELD) for e in EVENTS for a in by_event[e][-HELD + i : None][:1]]
    return before, after, event


def _schema3_store(
    db: Path, articles: list[Article], mp: pytest.MonkeyPatch
) -> tuple[list[StoryRecord], StoryClusterer]:
    """A schema-3 file as session 1 left it; returns its stories (the seeds' one frozen) and
    the clusterer that made them (the state migration 4 drops)."""
    clusterer = StoryClusterer()
    for item in extract_features(articles):
        clusterer.add(item)
    frozen = clusterer.freeze(clusterer.stories()[0].id)  # the seeds came first: quiet since
    records = [StoryRecord(s.id, s.title, s.article_ids) for s in clusterer.stories()]
    records.append(StoryRecord(frozen.id, frozen.title, frozen.article_ids, frozen=True))
    mp.setattr("newsfuse.store.MIGRATIONS", MIGRATIONS[:3])
    # Schema 3 had no story summaries (migration 8 computes them for stories stored before it).
    mp.setattr("newsfuse.store.listing.refresh_summary", lambda conn, story_id: None)
    with open_store(db) as store, store.engine.begin() as conn:
        assert store.version == 3
        # One second apart, so that arrival order is the list's order.
        rows = [article_row(a) | {"added_at": f"2024-12-01T00:{i // 60:02d}:{i % 60:02d}"}
                for i, a in enumerate(articles)]  # fmt: skip
        conn.execute(articles_table.insert(), rows)
        for record in records:
            write_story(conn, record)
        state = {"key": "stream", "state": pickle.dumps(clusterer), "saved_at": now_iso()}
        conn.execute(cluster_state.insert().values(**state))
    mp.undo()
    return records, clusterer


def _placements(store: Store) -> dict[str, str]:
    counts = Counter(a for s in store.list_stories() for a in s.article_ids)
    assert set(counts.values()) == {1}, "an article is in two stories"
    return {a: s.id for s in store.list_stories() for a in s.article_ids}


def test_new_reports_of_a_story_stored_before_schema_4_join_it_after_the_upgrade(
    stream: tuple[list[Article], list[Article], dict], tmp_path: Path
) -> None:
    before, after, event = stream
    db = tmp_path / "old.db"
    with pytest.MonkeyPatch.context() as mp:
        records, lost = _schema3_store(db, before, mp)
    old = {a: r.id for r in records for a in r.article_ids}
    shown: list[tuple[int, int]] = []
    with open_store(db) as store:  # migrations 4-6 run here
        assert store.version == max(m.version for m in MIGRATIONS)
        assigner = StoryAssigner(store, progress=lambda done, total: shown.append((done, total)))
        recovery = assigner.recover()
        assert recovery.rebuilt and recovery.placed == 0
        assert recovery.live_stories == len(records) - 1  # all but the frozen one
        assert shown[-1] == (len(before), len(before))
        assert assigner.clusterer.dfs.n_docs == len(before)  # the frozen story's too
        assigner(after, store.add_articles(after))
        placed = _placements(store)
        assert StoryAssigner(store).recover() == Recovery(False, len(assigner.clusterer), 0)
    # Every article is where the lost clusterer would have put it, had it never been lost;
    # the new reports mostly join the old story of their event (without the rebuild, every
    # one started a new story).
    for item in extract_features(after):
        lost.add(item)
    expected = {a: s.id for s in lost.stories() for a in s.article_ids}
    assert placed == expected | {a: s for a, s in old.items() if a not in expected}
    joined = [a for a in after if placed[a.id] in set(old.values())]
    assert len(joined) >= len(after) - 2
    for article in joined:
        assert {event[m] for m, s in old.items() if s == placed[article.id]} == {event[article.id]}


def test_stories_rebuild_command_rebuilds_an_unreadable_state(
    stream: tuple[list[Article], list[Article], dict], tmp_path: Path
) -> None:
    before, _, _ = stream
    db = tmp_path / "news.db"
    with open_store(db) as store:
        assigner = StoryAssigner(store)
        assigner(before[:20], store.add_articles(before[:20]))
        live = {s.id: set(s.article_ids) for s in assigner.clusterer.stories()}
        listed = store.list_stories()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE cluster_meta SET state = x'00ff' WHERE key = 'stream'")
    with open_store(db) as store, pytest.raises(StoreError, match="stories --rebuild"):
        StoryAssigner(store).load()
    result = CliRunner().invoke(app, ["stories", "--db", str(db), "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    assert f"{len(live)} live stories" in result.output
    with open_store(db) as store:
        assert store.list_stories() == listed
        rebuilt = StoryAssigner(store).load()
    assert {s.id: set(s.article_ids) for s in rebuilt.stories()} == live


def test_a_writer_loaded_before_another_rebuilt_the_state_continues_from_the_rebuilt_one(
    stream: tuple[list[Article], list[Article], dict], tmp_path: Path
) -> None:
    before, after, _ = stream
    with open_store(tmp_path / "news.db") as store:
        running = StoryAssigner(store)
        running(before, store.add_articles(before))
        assert StoryAssigner(store).rebuild() == len(running.clusterer)  # another process
        running(after, store.add_articles(after))  # reloads the rebuilt state, then places
        fresh = StoryAssigner(store).load()
        assert running.reloads == 2 and running.version == _stored_version(store)
    assert running.clusterer.stories() == fresh.stories()
    assert running.clusterer.dfs.df == fresh.dfs.df
    postings = {k: list(v.items()) for k, v in fresh.index.postings.items()}
    assert {k: list(v.items()) for k, v in running.clusterer.index.postings.items()} == postings


def _stored_version(store: Store) -> int:
    with store.stream_transaction() as tx:
        return tx.version
