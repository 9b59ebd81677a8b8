"""Outlet profiles from a user's file, a story's coverage and blindspot, and the pictures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsfuse.errors import InputError
from newsfuse.models import Article
from newsfuse.server.outlets import coverage, load_profiles
from newsfuse.server.pictures import Dot, copy_graph, reports_over_time

Auth = dict[str, str]
# Made up for the tests: newsfuse ships no ratings.
CSV = """domain,name,country,owner,lean,factuality,state_affiliated
leftpaper.example,The Left Paper,Freedonia,Left Media Group,left,high,no
www.rightpost.example,Right Post,Freedonia,Right Holdings,lean right,mixed,false
statewire.example,State Wire,Sylvania,Government of Sylvania,center,low,yes
"""


def _article(outlet: str | None = None, url: str | None = None) -> Article:
    return Article(id="x", source="t", text="t", outlet=outlet, url=url)


def test_profiles_from_csv_and_json_match_domains_and_names(tmp_path: Path) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text(CSV, encoding="utf-8")
    profiles = load_profiles(path)
    left = profiles.find(_article(url="https://news.leftpaper.example/a/1"))
    assert left is not None and left.name == "The Left Paper" and left.side == "left"
    right = profiles.find(_article(outlet="right post"))
    assert right is not None and right.side == "right" and right.state_affiliated is False
    state = profiles.find(_article(url="http://statewire.example/x"))
    assert state is not None and state.state_affiliated is True and state.side is None
    assert profiles.find(_article(outlet="Unknown Daily")) is None
    as_json = tmp_path / "outlets.json"
    as_json.write_text(json.dumps([{"domain": "leftpaper.example", "lean": "left"}]))
    assert load_profiles(as_json).find(_article(url="https://leftpaper.example/")) is not None
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"country": "Freedonia"}]))
    with pytest.raises(InputError, match="neither domain nor name"):
        load_profiles(bad)


def test_one_sided_coverage_is_a_blindspot(tmp_path: Path) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text(CSV, encoding="utf-8")
    p = load_profiles(path)
    domains = ("leftpaper.example", "rightpost.example", "statewire.example")
    left, right, state = (p.by_domain[d] for d in domains)
    assert coverage([left, left, state, None]).blindspot == "right"
    assert coverage([left, right]).blindspot is None
    assert coverage([left, None]).blindspot is None  # one profiled report is too few
    assert coverage([state, left, left]).state_affiliated == 1


def test_pictures_are_svg_with_escaped_labels() -> None:
    dots = [Dot("<b>Left</b>", "2024-12-06", 1), Dot("Right", "2024-12-08T10:00", 2)]
    timeline = str(reports_over_time(dots))
    assert timeline.count("<circle") == 2 and "&lt;b&gt;Left" in timeline and "<b>" not in timeline
    assert str(reports_over_time(dots[:1])) == ""
    pairs = [{"a": "a", "b": "b", "relation": "near_duplicate", "similarity": 0.8},
             {"a": "a", "b": "c", "relation": "shares_content", "similarity": 0.3}]  # fmt: skip
    graph = str(copy_graph({"a": "1. A", "b": "2. B", "c": "3. C"}, pairs))
    assert graph.count("<path") == 1 and "near copy" in graph and "3. C" not in graph


def test_story_page_shows_profiles_blindspot_and_pictures(
    start_server: Any, auth: Auth, tmp_path: Path, seed_paths: list[Path]
) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text(CSV, encoding="utf-8")
    text = seed_paths[0].read_text("utf-8")
    bodies = [
        {"text": text, "url": "https://leftpaper.example/a", "published": "2024-12-06"},
        {"text": text + "\nThis copy adds one closing line.", "url": "https://leftpaper.example/b",
         "published": "2024-12-07"},
    ]  # fmt: skip
    live = start_server(outlets=path)
    with live.client(headers=auth) as client:
        ids = [client.post("/api/articles", json=b).json()["articles"][0] for b in bodies]
        assert ids[0]["story_id"] == ids[1]["story_id"]
        page = client.get(f"/stories/{ids[0]['story_id']}").text
    assert "Blindspot" in page and "none from the right" in page
    assert '<th scope="col">Lean</th>' in page and ">left<" in page
    assert "Reports over time, by outlet" in page and "Who copied whom" in page
    assert "<script" not in page
