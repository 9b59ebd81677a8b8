"""Concurrency and crashes over loopback: nothing acknowledged is ever lost.

Real articles from the ECB+ dev set, posted by 20 clients at once, and into a server that is
killed with SIGKILL in the middle of ingesting.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

Auth = dict[str, str]


@pytest.fixture(scope="module")
def dev_articles(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / "clustering" / "ecbplus_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    unique = {row["text"].strip(): row for row in rows if len(row["text"].strip()) > 200}
    return [{"text": r["text"], "title": r["title"], "id": r["id"]} for r in unique.values()]


def test_twenty_clients_posting_at_once_lose_nothing(
    live: Any, auth: Auth, dev_articles: list[dict[str, str]]
) -> None:
    batches = [dev_articles[i * 5 : i * 5 + 5] for i in range(20)]
    barrier = threading.Barrier(20, timeout=30)

    def client_posts(batch: list[dict[str, str]]) -> list[str]:
        ids = []
        with live.client(headers=auth) as client:
            barrier.wait()
            for item in batch:
                response = client.post("/api/articles", json=item)
                assert response.status_code == 201, response.text
                ids.append(response.json()["articles"][0]["id"])
        return ids

    with ThreadPoolExecutor(max_workers=20) as pool:
        acknowledged = [i for ids in pool.map(client_posts, batches) for i in ids]
    assert len(set(acknowledged)) == 100
    with live.client() as client:
        assert client.get("/api/health").json()["articles"] == 100
        for article_id in acknowledged:
            assert client.get(f"/api/articles/{article_id}").status_code == 200


def test_kill_9_mid_ingest_loses_no_acknowledged_article(
    tmp_path: Path,
    auth: Auth,
    dev_articles: list[dict[str, str]],
    serve_subprocess: Any,
    free_port: Any,
) -> None:
    db = tmp_path / "crash.db"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = serve_subprocess(str(db), port)
    acknowledged: list[str] = []
    stop = threading.Event()

    def writer(items: list[dict[str, str]]) -> None:
        with httpx.Client(base_url=url, headers=auth, timeout=10) as client:
            for index in range(0, len(items), 3):
                if stop.is_set():
                    return
                try:
                    response = client.post("/api/articles", json=items[index : index + 3])
                except httpx.HTTPError:
                    return  # the server died under this request: it was never acknowledged
                if response.status_code in (200, 201):
                    acknowledged.extend(a["id"] for a in response.json()["articles"])

    threads = [threading.Thread(target=writer, args=(dev_articles[k::4],)) for k in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) >= 60, "the server acknowledged too little before the kill"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in conn.execute("SELECT id FROM articles")}
    assert set(acknowledged) <= stored

    again = serve_subprocess(str(db), port)
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            for article_id in acknowledged:
                assert client.get(f"/api/articles/{article_id}").status_code == 200
    finally:
        again.terminate()
        again.wait(timeout=30)
