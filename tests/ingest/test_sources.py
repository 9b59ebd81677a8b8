"""read_sources: folders of mixed kinds, standard input, sniffing, and every bad input skipped."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import read_sources
from newsfuse.ingest.sources import kind_of
from newsfuse.models import Article, Skipped

SENTENCE = "The council approved the new budget on Wednesday after a long debate, the mayor said."
PAGE = f"<html><body><article><p>{SENTENCE}</p><p>{SENTENCE} It passed.</p></article></body></html>"


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(f"Budget approved\n{SENTENCE}\n", encoding="utf-8")
    (root / "b.md").write_text(f"# Budget passes\n\n**{SENTENCE}**\n", encoding="utf-8")
    (root / "sub" / "c.html").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "d.jsonl").write_text(
        json.dumps({"id": "r1", "text": SENTENCE + " One."}) + "\n{broken\n", encoding="utf-8"
    )
    (root / "sub" / "deeper" / "e.html.gz").write_bytes(
        gzip.compress(PAGE.replace("It", "It also").encode())
    )
    (root / "sub" / "f.json").write_text(
        json.dumps([{"body": SENTENCE + " Two."}]), encoding="utf-8"
    )
    (root / "noext").write_text(PAGE.replace("It", "Then it"), encoding="utf-8")
    (root / ".hidden.txt").write_text("not read", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)))


def test_folder_is_read_recursively_every_kind(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(read_sources([tmp_path]))
    articles = {
        Path(i.source.split("#")[0].rsplit(":", 1)[0]).name: i
        for i in items
        if isinstance(i, Article)
    }
    skipped = {
        Path(i.source.rsplit(":", 1)[0]).name: i.reason for i in items if isinstance(i, Skipped)
    }
    assert set(articles) == {"a.txt", "b.md", "c.html", "d.jsonl", "e.html.gz", "f.json", "noext"}
    assert (
        articles["a.txt"].title == "Budget approved" and articles["b.md"].title == "Budget passes"
    )
    assert articles["d.jsonl"].external_id == "r1"
    assert set(skipped) == {"d.jsonl", "empty.txt", "photo.jpg"}
    assert "line 2" in skipped["d.jsonl"]
    assert "empty" in skipped["empty.txt"] and "JPEG" in skipped["photo.jpg"]
    assert not any(".hidden" in i.source for i in items)


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PAGE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    (item,) = read_sources(["-"])
    assert isinstance(item, Article) and item.source == "<stdin>" and SENTENCE in item.text


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = "Le conseil a approuvé le budget mercredi après un long débat, a déclaré le maire."
    (tmp_path / "fr.txt").write_bytes(text.encode("latin-1"))
    (item,) = read_sources([tmp_path / "fr.txt"])
    assert isinstance(item, Article) and item.text == text


def test_oversized_and_missing_inputs_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(SENTENCE * 100, encoding="utf-8")
    items = list(read_sources([tmp_path / "big.txt", tmp_path / "nope.txt"],
                              settings=Settings(max_input_bytes=1000)))  # fmt: skip
    assert all(isinstance(i, Skipped) for i in items)
    assert "input limit" in items[0].reason and "no such file" in items[1].reason


def test_wrong_forced_encoding_is_skipped_with_advice(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_bytes("déclaré".encode("latin-1") + b" " + SENTENCE.encode())
    (item,) = read_sources([tmp_path / "fr.txt"], encoding="utf-8")
    assert isinstance(item, Skipped) and "--encoding" in item.reason


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("x.warc.gz", b"", "warc"),
        ("x.HTML", b"", "html"),
        ("x.xml", b"", "feed"),
        ("x.ndjson", b"", "jsonl"),
        ("noext", b"  <rss version='2.0'>", "feed"),
        ("noext", b"<?xml version='1.0'?><feed xmlns='x'>", "feed"),
        ("noext", b"<!doctype html><html>", "html"),
        ("noext", b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        ("noext", b'{\n  "a": 1\n}\n', "json"),
        ("noext", b"WARC/1.0\r\n", "warc"),
        ("noext", b"Plain words.", "text"),
    ],
)
def test_kind_from_suffix_or_content(name: str, data: bytes, kind: str) -> None:
    assert kind_of(name, data) == kind


def test_a_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    (item,) = read_sources([tmp_path / "saved.txt"])
    assert isinstance(item, Article) and "<p>" not in item.text and SENTENCE in item.text


def test_a_parser_fault_on_one_input_does_not_end_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Budget approved\n{SENTENCE}\n", encoding="utf-8")

    def broken(html: str, *, source: str, url: str | None = None) -> Article:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("newsfuse.ingest.html.article_from_html", broken)  # imported on use
    skipped, article = read_sources([tmp_path])
    assert isinstance(skipped, Skipped) and "RecursionError" in skipped.reason
    assert isinstance(article, Article) and article.title == "Budget approved"
