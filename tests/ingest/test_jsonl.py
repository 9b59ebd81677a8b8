"""JSON and JSONL records: fields, kept ids, a broken line, HTML content, real dev data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest.jsonl import articles_from_json, articles_from_jsonl
from newsfuse.models import Article, Skipped

TEXT = "The central bank raised rates by half a point on Thursday, its governor said."


def test_jsonl_broken_line_is_reported_with_its_number_and_the_rest_is_read() -> None:
    lines = [
        json.dumps({"id": "a-1", "title": "Rates rise", "text": TEXT, "url": "https://x.org/1"}),
        '{"id": "a-2", "text": "unterminated',
        "",
        json.dumps(
            {"id": 7, "body": TEXT + " Markets fell.", "outlet": "Daily", "date": "2024-01-02"}
        ),
    ]
    items = list(articles_from_jsonl("\n".join(lines), source="feed.jsonl"))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.external_id for a in articles] == ["a-1", "7"]
    assert articles[0].title == "Rates rise" and articles[0].url == "https://x.org/1"
    assert (articles[1].outlet, articles[1].published) == ("Daily", "2024-01-02")
    assert [s.source for s in skipped] == ["feed.jsonl:2"]
    assert skipped[0].reason.startswith("line 2: invalid JSON")


def test_record_without_text_or_not_an_object_is_skipped() -> None:
    items = list(articles_from_jsonl('{"title": "only a title"}\n[1, 2]\n', source="x.jsonl"))
    assert all(isinstance(i, Skipped) for i in items)
    assert "no text/body/content field" in items[0].reason  # type: ignore[union-attr]
    assert "not an object" in items[1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "document",
    [
        {"articles": [{"content": TEXT}, {"content": TEXT + " Again."}]},
        [{"text": TEXT}, {"text": TEXT + " Again."}],
    ],
)
def test_json_list_or_wrapped_list(document: object) -> None:
    items = list(articles_from_json(json.dumps(document), source="x.json"))
    assert [i.source for i in items] == ["x.json#0", "x.json#1"]
    assert all(isinstance(i, Article) for i in items)


def test_html_in_a_content_field_is_extracted() -> None:
    html = (
        "<html><body><article>"
        + f"<p>{TEXT}</p>" * 2
        + "<script>x()</script></article></body></html>"
    )
    (item,) = articles_from_json(json.dumps({"id": "h", "content": html}), source="h.json")
    assert isinstance(item, Article)
    assert TEXT in item.text and "<p>" not in item.text and "x()" not in item.text
    assert item.external_id == "h"


def test_invalid_json_document_is_an_input_error() -> None:
    with pytest.raises(InputError, match="invalid JSON at line 1"):
        list(articles_from_json("{nope", source="bad.json"))


def test_real_clustering_dev_set_is_read_whole(data_dir: Path) -> None:
    path = data_dir / "clustering" / "mmds_dev.jsonl"
    items = list(articles_from_jsonl(path.read_text(encoding="utf-8"), source=str(path)))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [i.external_id for i in items if isinstance(i, Article)] == [r["id"] for r in records]


def test_a_parser_fault_in_one_record_keeps_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str, *, source: str, url: str | None = None) -> Article:
        raise ValueError("lxml could not build a tree")

    monkeypatch.setattr("newsfuse.ingest.jsonl.article_from_html", broken)
    lines = [
        json.dumps({"content": "<html><body><p>x</p></body></html>"}),
        json.dumps({"text": TEXT}),
    ]
    bad, good = articles_from_jsonl("\n".join(lines), source="mixed.jsonl")
    assert isinstance(bad, Skipped) and "ValueError" in bad.reason
    assert isinstance(good, Article) and good.text == TEXT
