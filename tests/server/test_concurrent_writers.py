"""Two writers on one SQLite file: a real `newsfuse serve` process taking POSTs and a real
`newsfuse ingest` process, at the same time, continue one story stream between them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from newsfuse.cluster.live import StoryAssigner
from newsfuse.store import open_store

Auth = dict[str, str]


def _interleaved_topics(data_dir: Path, n: int) -> list[dict[str, str]]:
    """``n`` distinct ECB+ dev articles, taken round-robin over topics so both halves share
    topics (the two writers' articles then belong to the same stories)."""
    rows = [
        json.loads(line)
        for line in (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text().splitlines()
    ]
    unique = {r["text"].strip(): r for r in rows if len(r["text"].strip()) > 200}
    by_topic: dict[str, list[dict[str, str]]] = {}
    for row in unique.values():
        by_topic.setdefault(row["id"].split("_")[0], []).append(row)
    topics = [group for group in by_topic.values() if len(group) >= 6][:4]
    picked = [group[i] for i in range(6) for group in topics][:n]
    return [{"id": r["id"], "title": r["title"], "text": r["text"]} for r in picked]


def test_a_server_and_an_ingest_process_share_one_story_stream(
    tmp_path: Path, auth: Auth, data_dir: Path, serve_subprocess: Any, free_port: Any
) -> None:
    items = _interleaved_topics(data_dir, 24)
    posted, ingested = items[0::2], items[1::2]
    source = tmp_path / "half.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in ingested), encoding="utf-8")
    db = tmp_path / "shared.db"
    port = free_port()
    serve_subprocess(str(db), port)
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    run = "from newsfuse.cli import main; main()"
    cmd = [sys.executable, "-c", run, "ingest", str(source), "--db", str(db), "--batch-size", "1"]
    ingest = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors: list[str] = []

    def post_all() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=auth, timeout=60) as c:
            for item in posted:
                response = c.post("/api/articles", json=item)
                if response.status_code != 201:
                    errors.append(response.text)

    poster = threading.Thread(target=post_all)
    poster.start()
    _, err = ingest.communicate(timeout=300)
    poster.join(timeout=300)
    assert ingest.returncode == 0, err.decode()
    assert not errors
    with open_store(db) as store:
        articles = store.list_articles()
        origin = {a.id: ("posted" if a.external_id in {p["id"] for p in posted} else "ingested")
                  for a in articles}  # fmt: skip
        stories = store.list_stories()
        clusterer = StoryAssigner(store).load()
    assert len(articles) == len(items)  # no article lost
    placed = Counter(a for story in stories for a in story.article_ids)
    assert set(placed) == set(origin) and set(placed.values()) == {1}  # each in one story
    # The saved stream state holds every live story exactly as the store lists it: neither
    # writer's assignments were overwritten by the other's.
    live = {s.id: s.article_ids for s in clusterer.stories()}
    assert live == {s.id: s.article_ids for s in stories if not s.frozen}
    # Each writer saw the other's stories: reports of one event from both joined one story.
    mixed = [s for s in stories if {origin[a] for a in s.article_ids} == {"posted", "ingested"}]
    assert mixed
