"""Articles acknowledged but not yet placed in a story when the process dies are placed by the
next one, each exactly once: two processes recovering at once on one SQLite file or one real
PostgreSQL database, and a real `newsfuse serve` killed with SIGKILL between storing a POST and
placing it.

The server is held between the two steps deterministically: the test takes the row lock on
the stream's counters row (as another writer would), so the POST's article commits and its
assignment then waits on the lock; the test sees the article stored and kills the server.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.live import StoryAssigner
from newsfuse.models import Article
from newsfuse.store import Store, open_store

Auth = dict[str, str]


@pytest.fixture(scope="module")
def ecb_articles(data_dir: Path) -> list[Article]:
    return list(load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl").articles[:60])


def _placements(store: Store) -> dict[str, str]:
    counts = Counter(a for s in store.list_stories() for a in s.article_ids)
    assert set(counts.values()) <= {1}, "an article is in two stories"
    return {a: s.id for s in store.list_stories() for a in s.article_ids}


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or one on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return str(request.getfixturevalue("pg_url"))


def test_articles_left_unplaced_are_placed_once_by_two_processes_recovering_at_once(
    db_url: str, ecb_articles: list[Article], tmp_path: Path
) -> None:
    head, lost = ecb_articles[:20], ecb_articles[20:]
    with open_store(tmp_path / "reference.db") as store:  # a run that never stopped
        assigner = StoryAssigner(store)
        for batch in (head, lost):
            assigner(batch, store.add_articles(batch))
        expected = _placements(store)
    with open_store(db_url) as store:
        StoryAssigner(store)(head, store.add_articles(head))
        store.add_articles(lost)  # committed; the process dies before placing them
        assert _count(store, "unplaced_articles") == len(lost)
    stores = [open_store(db_url), open_store(db_url)]  # two processes' connections
    placed: list[int] = []
    barrier = threading.Barrier(2, timeout=30)

    def recover(store: Store) -> None:
        barrier.wait()
        placed.append(StoryAssigner(store).recover().placed)

    threads = [threading.Thread(target=recover, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for store in stores:
        store.close()
    assert len(placed) == 2 and sum(placed) == len(lost)  # one placed them, once
    with open_store(db_url) as store:
        assert _placements(store) == expected
        assert store.get_articles([a.id for a in ecb_articles]) == ecb_articles
        assert _count(store, "unplaced_articles") == 0


def test_a_server_killed_between_storing_and_placing_a_post_places_it_on_restart(
    pg_url: str, auth: Auth, data_dir: Path, serve_subprocess: Any, free_port: Any
) -> None:
    lines = (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text("utf-8").splitlines()
    items = [{k: json.loads(line)[k] for k in ("id", "title", "text")} for line in lines[:4]]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = serve_subprocess(pg_url, port)
    with httpx.Client(base_url=url, headers=auth, timeout=60) as client:
        first = client.post("/api/articles", json=items[:3])
        assert first.status_code == 201, first.text
    store = open_store(pg_url)
    placed_before = _placements(store)
    assert len(placed_before) == 3
    lock = store.engine.connect()
    lock.begin()
    lock.execute(sa.text("SELECT version FROM cluster_meta WHERE key = 'stream' FOR UPDATE"))
    answered: list[int] = []

    def post() -> None:
        try:
            with httpx.Client(base_url=url, headers=auth, timeout=60) as client:
                answered.append(client.post("/api/articles", json=items[3]).status_code)
        except httpx.HTTPError:
            pass  # the server died under this request

    poster = threading.Thread(target=post)
    poster.start()
    deadline = time.monotonic() + 60
    while _count(store, "articles") < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _count(store, "articles") == 4, "the POST's article was not stored in time"
    time.sleep(0.2)  # its assignment waits on the lock (or is about to: it cannot pass it)
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    poster.join(timeout=30)
    lock.rollback()
    lock.close()
    assert answered == []  # never acknowledged with a story: the process died first
    assert len(_placements(store)) == 3 and _count(store, "unplaced_articles") == 1
    again = serve_subprocess(pg_url, port)  # healthy only after its start-up recovery
    try:
        placed = _placements(store)
        assert len(placed) == 4 and set(placed_before) < set(placed)
        assert _count(store, "unplaced_articles") == 0
        with httpx.Client(base_url=url, timeout=30) as client:
            (article_id,) = set(placed) - set(placed_before)
            found = client.get(f"/api/articles/{article_id}").json()
            assert found["story_id"] == placed[article_id]
    finally:
        again.terminate()
        again.wait(timeout=30)
        store.close()
