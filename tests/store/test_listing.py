"""The story list's summaries: kept by the store when a story is written, read in one query."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsfuse.models import Article, content_id
from newsfuse.store import MIGRATIONS, StoryFilter, StoryRecord, open_store
from newsfuse.store.summary import Member, pick_headline

ECB = Path(__file__).parents[2] / ".." / "shared" / "data" / "clustering" / "ecbplus_dev.jsonl"


def _article(text: str, **fields: object) -> Article:
    return Article(id=content_id(text), source="test", text=text, **fields)  # type: ignore[arg-type]


def _records(n: int) -> list[dict[str, str]]:
    lines = ECB.read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line) for line in lines]


def test_headline_is_the_title_most_members_share_never_an_address() -> None:
    members = [
        Member("a", "http: / / www. nydailynews. com / lohan - rehab", None, None, None, "1",
               first_line="Lindsay Lohan checks into rehab at Betty Ford Center"),
        Member("b", "Lohan checks into Betty Ford rehab center", None, None, None, "2"),
        Member("c", "Court news roundup for Thursday and Friday", None, None, None, "3"),
        Member("d", None, None, None, None, "4", first_line="x " * 200),
    ]  # fmt: skip
    headline = pick_headline(members)
    assert headline in ("Lindsay Lohan checks into rehab at Betty Ford Center",
                        "Lohan checks into Betty Ford rehab center")  # fmt: skip
    assert pick_headline(members[3:]) is None  # a long first line is never cut into a title


def test_summary_outlets_copies_dates_and_order(tmp_path: Path) -> None:
    wire = " ".join(r["text"] for r in _records(2))
    a = _article(wire, title="Rehab: Reid checks in", outlet="Wire One", published="2013-05-02")
    copy = _article(wire + " Editor's note added.", url="https://www.example.org/x",
                    published="2013-05-03T10:00:00")  # fmt: skip
    other = _article(_records(3)[2]["text"], title="Reid enters rehab", outlet="wire one")
    undated = _article("A short undated report about something else entirely, said the officials.")
    with open_store(tmp_path / "news.db") as store:
        store.add_articles([a, copy, other, undated])
        store.put_stories(
            [
                StoryRecord("s1", "cut tit", (a.id, copy.id, other.id)),
                StoryRecord("s2", "undated", (undated.id,)),
            ]
        )
        page, more = store.page_stories(limit=10)
        assert [s.id for s in page] == ["s1", "s2"] and not more
        s1 = page[0]
        assert s1.title in ("Rehab: Reid checks in", "Reid enters rehab")
        assert s1.outlets == ("Wire One", "example.org")  # one spelling, then the domain
        assert s1.independent == 2  # the copy with an added note counts once
        assert (s1.first_published, s1.last_published) == ("2013-05-02", "2013-05-03T10:00:00")
        assert s1.first_seen and s1.last_seen and s1.first_seen <= s1.last_seen
        by_outlet, _ = store.page_stories(limit=10, filters=StoryFilter(outlet="WIRE ONE"))
        assert [s.id for s in by_outlet] == ["s1"]
        assert store.page_stories(limit=10, filters=StoryFilter(min_size=2))[0][0].id == "s1"
        assert store.page_stories(limit=10, filters=StoryFilter(max_size=1))[0][0].id == "s2"
        dated, _ = store.page_stories(limit=10, filters=StoryFilter(until="2013-05-02"))
        assert [s.id for s in dated] == ["s1"]
        assert store.page_stories(limit=10, filters=StoryFilter(since="2013-05-04"))[0] == []


def test_undated_stories_follow_in_order_of_last_arrival(tmp_path: Path) -> None:
    texts = [f"Report number {k} about a quiet local council meeting on roads." for k in range(3)]
    items = [_article(t) for t in texts]
    with open_store(tmp_path / "news.db") as store:
        for k, item in enumerate(items):  # one at a time: arrival times increase
            store.add_articles([item])
            store.put_stories([StoryRecord(f"s{k}", texts[k], (item.id,))])
        page, _ = store.page_stories(limit=2)
        second, more = store.page_stories(limit=2, offset=2)
    assert [s.id for s in page + second] == ["s2", "s1", "s0"] and not more


def test_migration_8_summarises_stories_written_before_it(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    older = [m for m in MIGRATIONS if m.version < 8]
    a = _article("Reid checks into rehab, her representative said on Tuesday.", title="Reid")
    with open_store(db) as store:
        store.add_articles([a])
        store.put_stories([StoryRecord("s1", "Reid", (a.id,))])
    con = sqlite3.connect(db)  # back to a version-6 database: no summary columns filled
    con.execute("UPDATE stories SET independent = NULL, sort_key = NULL, title = 'Rei'")
    con.execute("DELETE FROM schema_version WHERE version >= 8")
    con.commit()
    con.close()
    assert max(m.version for m in older) < 8
    with open_store(db) as store:
        story = store.page_stories(limit=1)[0][0]
    assert (story.title, story.independent) == ("Reid", 1)


def test_a_story_without_a_whole_headline_is_named_by_its_outlets(tmp_path: Path) -> None:
    long_line = " ".join(["word"] * 60) + "."
    a = _article(long_line, url="https://news.example.com/a")
    with open_store(tmp_path / "news.db") as store:
        store.add_articles([a])
        store.put_stories([StoryRecord("s1", long_line[:80], (a.id,))])
        story = store.get_story("s1")
    assert story.title == "Report from news.example.com"
