from __future__ import annotations

import json
from pathlib import Path

from newsfuse.cluster import ClusterOptions
from newsfuse.cluster.live import StoryAssigner
from newsfuse.ingest import ingest_sources
from newsfuse.session import Session
from newsfuse.store import StoryRecord, open_store


def _ecb_file(data_dir: Path, tmp_path: Path, prefix: str, limit: int) -> Path:
    rows = [
        json.loads(line)
        for line in (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text().splitlines()
    ]
    picked = [r for r in rows if r["id"].startswith(prefix)][:limit]
    path = tmp_path / f"ecb{prefix}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in picked) + "\n", encoding="utf-8")
    return path


def test_ingest_assigns_stories_and_a_later_run_continues_them(
    seeds_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        ingest_sources([seeds_dir], store=store, on_batch=StoryAssigner(store))
        (story,) = store.list_stories()
        assert len(story.article_ids) == 5  # five reports of one event, one story
    with open_store(db) as store:  # a new process: the clusterer state comes from the store
        source = _ecb_file(data_dir, tmp_path, "12_", 12)
        ingest_sources([source], store=store, on_batch=StoryAssigner(store))
        records = store.list_stories()
        seed_story = store.get_story(story.id)
    assert seed_story.article_ids == story.article_ids
    members = [a for r in records for a in r.article_ids]
    assert len(members) == len(set(members)) == 5 + 12
    assert len(records) >= 2  # the seeds' story is not mixed with the navy-vs-pirates news


def test_frozen_stories_leave_memory_but_stay_in_the_store(data_dir: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store:
        assigner = StoryAssigner(store, options=ClusterOptions(freeze_after_articles=3))
        for prefix in ("1_", "7_", "12_"):
            ingest_sources(
                [_ecb_file(data_dir, tmp_path, prefix, 4)], store=store, on_batch=assigner
            )
        stored = store.list_stories()
        frozen = [r for r in stored if r.frozen]
        assert frozen, "stories quiet for more than 3 arrivals should have frozen"
        live = {s.id for s in assigner.clusterer.stories()}
        assert not live & {r.id for r in frozen}
        assert sum(len(r.article_ids) for r in stored) == 12


def test_report_is_cached_until_the_story_changes(seeds_dir: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store:
        ingest_sources([seeds_dir], store=store, on_batch=StoryAssigner(store))
        (story,) = store.list_stories()
        session = Session()
        first = session.story_report(store, story.id, "md")
        assert not first.cached and "Homs" in first.body
        again = session.story_report(store, story.id, "md")
        assert again.cached and again.body == first.body
        # Every format was rendered and cached by the one fusion.
        html = session.story_report(store, story.id, "html")
        assert html.cached and "Homs" in html.body
        smaller = StoryRecord(story.id, story.title, story.article_ids[:4])
        store.put_stories([smaller])
        assert store.cached_report(story.id, "md", smaller.members_key) is None
        assert store.get_story(story.id).article_ids == story.article_ids[:4]
