"""The same service over PostgreSQL (a real server from scripts/start-postgres.sh)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

Auth = dict[str, str]


@pytest.fixture
def pg_live(start_server: Any, pg_url: str) -> Any:
    return start_server(db=pg_url)


def test_articles_round_trip_on_postgres(pg_live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    with pg_live.client(headers=auth) as client:
        assert client.get("/api/health").json()["store"] == "postgresql"
        posted = client.post("/api/articles", json={"text": seed_paths[1].read_text()})
        assert posted.status_code == 201, posted.text
        article_id = posted.json()["articles"][0]["id"]
        again = client.post("/api/articles", json={"text": seed_paths[1].read_text()})
        assert again.json()["present"] == 1
        article = client.get(f"/api/articles/{article_id}").json()
        assert article["byline"] == "J. Mansour"
        bad = client.post("/api/articles", json={"text": "x", "extra": 1})
        assert bad.status_code == 422
        assert client.get("/api/health").json()["articles"] == 1


def test_twenty_clients_on_postgres_lose_nothing(pg_live: Any, auth: Auth, data_dir: Path) -> None:
    lines = (data_dir / "clustering" / "mmds_dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts = list(dict.fromkeys(json.loads(line)["text"].strip() for line in lines))[:60]
    barrier = threading.Barrier(20, timeout=30)

    def post(batch: list[str]) -> list[str]:
        with pg_live.client(headers=auth) as client:
            barrier.wait()
            return [
                client.post("/api/articles", json={"text": t}).json()["articles"][0]["id"]
                for t in batch
            ]

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = [i for got in pool.map(post, [texts[k::20] for k in range(20)]) for i in got]
    assert len(set(ids)) == len(texts)
    with pg_live.client() as client:
        assert client.get("/api/health").json()["articles"] == len(texts)


def test_search_and_stories_on_postgres(pg_live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    with pg_live.client(headers=auth) as client:
        for path in seed_paths:
            assert client.post("/api/articles", json={"text": path.read_text()}).status_code == 201
        stories = client.get("/api/stories").json()["stories"]
        assert len(stories) == 1 and stories[0]["size"] == 5
        found = client.get("/search", params={"q": "Talbiseh rebels"})
        assert found.status_code == 200 and found.text.count('href="/articles/') >= 1
        odd = client.get("/search", params={"q": "'); DROP TABLE articles; --"})
        assert odd.status_code == 200
        assert client.get("/api/health").json()["articles"] == 5
