from __future__ import annotations

from pathlib import Path

import pytest

import newsfuse
from newsfuse.errors import InputError
from newsfuse.models import Article, Skipped, content_id
from newsfuse.pipeline import articles_from_sources

TEXT_A = (
    "Rebels seized the towns of Rastan and Talbiseh on Friday, advancing to within three miles "
    "of Homs. Thousands of residents fled the city as the fighters approached."
)
TEXT_B = (
    "Insurgents captured Rastan and Talbiseh, just 5 km from Homs, on Friday. Thousands of "
    "civilians fled Homs as the insurgents approached, witnesses said."
)


def test_sources_can_be_paths_text_and_articles(seed_paths: list[Path]) -> None:
    article = Article(id=content_id(TEXT_B), source="given", text=TEXT_B)
    got = articles_from_sources([seed_paths[0], TEXT_A, article, str(seed_paths[0])])
    assert len(got) == 3  # the same file twice counts once
    assert got[0].source.endswith(seed_paths[0].name)
    assert TEXT_A.startswith(got[1].text[:40])
    assert got[2] is article


def test_nothing_to_fuse_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pass article files"):
        articles_from_sources([tmp_path / "missing.txt"])
    with pytest.raises(InputError):
        articles_from_sources([])


def test_records_are_read_like_jsonl_lines() -> None:
    records = [
        {"title": "Rebels take Rastan", "text": TEXT_A, "url": "https://a.example/1",
         "outlet": "Desk A", "published": "2024-12-06", "id": 7},
        {"headline": "Towns fall", "body": f"<html><body><article><p>{TEXT_B}</p></article>"},
        {"title": "no text here"},
    ]  # fmt: skip
    skipped: list[Skipped] = []
    got = articles_from_sources(records, on_skip=skipped.append)
    assert [a.title for a in got] == ["Rebels take Rastan", "Towns fall"]
    assert got[0].text == TEXT_A and got[0].outlet == "Desk A" and got[0].external_id == "7"
    assert got[0].published == "2024-12-06" and got[0].url == "https://a.example/1"
    assert "Insurgents captured Rastan" in got[1].text
    assert [s.source for s in skipped] == ["<record 2>"] and "no text" in skipped[0].reason
    (one,) = articles_from_sources({"text": TEXT_B})  # a single record
    assert one.text == TEXT_B


@pytest.mark.parametrize(
    ("sources", "named"),
    [([TEXT_A, b"bytes of text"], "source 1 is bytes"), (b"bytes", "sources is bytes"),
     ([None], "source 0 is NoneType"), (42, "sources is int"),
     ([TEXT_A, 3.5], "source 1 is float")],
)  # fmt: skip
def test_other_sources_are_a_type_error_that_names_them(sources: object, named: str) -> None:
    with pytest.raises(TypeError, match=f"{named}; pass paths, URLs, article text"):
        articles_from_sources(sources)  # type: ignore[arg-type]


def test_fuse_takes_records() -> None:
    report = newsfuse.fuse([{"text": TEXT_A, "title": "Rebels take Rastan"}, {"text": TEXT_B}])
    assert [d.title for d in report.documents] == ["Rebels take Rastan", None]
    assert any(f.support == 2 and "Rastan" in f.statement for f in report.facts)


def test_fuse_two_texts() -> None:
    report = newsfuse.fuse([TEXT_A, TEXT_B], brief_words=40)
    assert len(report.documents) == 2
    assert report.conflicts == ()  # three miles and 5 km agree
    both = [f for f in report.facts if f.support == 2]
    assert any("Rastan" in f.statement for f in both)
    assert report.brief and all(b.doc_ids for b in report.brief)
    assert report.to_dict()["schema_version"] == "1"


def test_repeated_articles_with_their_analyses_count_once(nlp: object, encoder: object) -> None:
    from newsfuse.analyze import analyze_articles
    from newsfuse.pipeline import fuse_articles

    a = Article(id=content_id(TEXT_A), source="a", text=TEXT_A)
    b = Article(id=content_id(TEXT_B), source="b", text=TEXT_B)
    analyses = analyze_articles([a, b, a], nlp=nlp)
    report = fuse_articles([a, b, a], nlp=nlp, encoder=encoder, analyses=analyses)
    assert [d.id for d in report.documents] == [a.id, b.id]
