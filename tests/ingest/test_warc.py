"""WARC archives written with warcio: HTML responses become articles, the rest is passed over."""

from __future__ import annotations

import gzip as gzip_module
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.ingest import read_sources
from newsfuse.ingest.warc import articles_from_warc
from newsfuse.models import Article, Skipped

PARAGRAPH = "The mayor opened the new bridge on Saturday, ending two years of detours for drivers."


def _warc(records: list[tuple[str, str, bytes]], *, gzip: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                           http_headers=headers)  # fmt: skip
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the payload to a temporary file
    request = writer.create_warc_record("https://x.org/a", "request", payload=io.BytesIO(b"GET /"))
    writer.write_record(request)
    request.raw_stream.close()
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles(gzip: bool) -> None:
    page = f"<html><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    data = _warc(
        [
            ("https://x.org/a", "text/html; charset=utf-8", page.encode()),
            ("https://x.org/logo.png", "image/png", b"\x89PNG...."),
            ("https://x.org/empty", "text/html", b"<html><body></body></html>"),
        ],
        gzip=gzip,
    )
    items = list(articles_from_warc(data, source="crawl.warc.gz"))
    assert isinstance(items[0], Article) and PARAGRAPH in items[0].text
    assert items[0].url == "https://x.org/a" and items[0].source == "https://x.org/a"
    assert isinstance(items[1], Skipped) and items[1].source == "https://x.org/empty"
    assert len(items) == 2


def test_not_a_warc_and_no_html_are_input_errors() -> None:
    with pytest.raises(InputError, match="not a WARC"):
        list(articles_from_warc(b"hello, this is not an archive\n" * 5, source="x.warc"))
    only_png = _warc([("https://x.org/p.png", "image/png", b"\x89PNG")])
    with pytest.raises(InputError, match="no HTML responses"):
        list(articles_from_warc(only_png, source="x.warc"))


def _pages(count: int) -> tuple[bytes, list[int]]:
    """A per-record gzipped WARC of `count` HTML reports, and the offset where each record ends."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    ends = []
    for n in range(count):
        page = f"<html><body><article><p>Report {n}. {PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(page.encode())
        record = writer.create_warc_record(f"https://x.org/{n}", "response", payload=payload,
                                           http_headers=headers)  # fmt: skip
        writer.write_record(record)
        record.raw_stream.close()
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


def _read(path: Path, data: bytes) -> list[Article | Skipped]:
    path.write_bytes(data)
    return list(read_sources([path]))


@pytest.mark.parametrize("where", [0.1, 0.5, 0.95])
def test_an_archive_cut_mid_record_keeps_every_record_before_the_cut(
    tmp_path: Path, where: float
) -> None:
    data, ends = _pages(4)
    cut = ends[2] + int((ends[3] - ends[2]) * where)  # inside the fourth record
    *articles, last = _read(tmp_path / "crawl.warc.gz", data[:cut])
    assert [a.url for a in articles if isinstance(a, Article)] == [
        f"https://x.org/{n}" for n in range(3)
    ]
    assert isinstance(last, Skipped) and last.source.endswith("crawl.warc.gz")
    assert "cut off after 3 complete records" in last.reason


@pytest.mark.parametrize("packing", ["whole-file gzip", "plain"])
def test_a_cut_is_found_however_the_archive_is_packed(tmp_path: Path, packing: str) -> None:
    data, ends = _pages(4)
    plain = gzip_module.decompress(data)  # every member
    packed = gzip_module.compress(plain) if packing != "plain" else plain
    whole = _read(tmp_path / "whole.warc.gz", packed)
    assert [type(i) for i in whole] == [Article] * 4
    *articles, last = _read(tmp_path / "cut.warc.gz", packed[: len(packed) * 7 // 8])
    assert len(articles) >= 2 and all(isinstance(a, Article) for a in articles)
    assert isinstance(last, Skipped) and "cut off after" in last.reason


def test_an_archive_cut_in_its_first_record_is_skipped_with_the_reason(tmp_path: Path) -> None:
    data, ends = _pages(2)
    (item,) = _read(tmp_path / "crawl.warc.gz", data[: ends[0] // 2])
    assert isinstance(item, Skipped) and "cut off in its first record" in item.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body><p>A page saved under the wrong name.</p></body></html>",
         "named .gz but neither gzip nor a WARC archive"),
        (bytes(range(256)) * 4, "named .gz but neither gzip nor a WARC archive"),
        (gzip_module.compress(b"<html><body><p>A gzipped page.</p></body></html>"),
         "gzip, but not of a WARC archive"),
        (b"\x1f\x8b" + bytes(range(200)), "not a valid gzip file"),
        # a plain WARC named .gz whose response names no target URI: warcio fails inside
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\n"
         b"Content-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n\r\n\r\n",
         "WARC record 1 is malformed and cannot be read"),
    ],
    ids=["html", "binary", "gzipped-html", "bad-gzip", "no-target-uri"],
)  # fmt: skip
def test_a_warc_gz_that_is_not_gzip_or_not_warc_gets_a_clear_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    (item,) = _read(tmp_path / "crawl.warc.gz", data)
    assert isinstance(item, Skipped) and reason in item.reason
    assert "AttributeError" not in item.reason and "NoneType" not in item.reason


def test_an_archive_that_unpacks_past_the_input_limit_is_refused(tmp_path: Path) -> None:
    bomb = gzip_module.compress(b"WARC/1.0\r\n" + b"\0" * 500_000)
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(bomb)
    (item,) = read_sources([path], settings=Settings(max_input_bytes=100_000))
    assert isinstance(item, Skipped) and "over the 0.1 MiB input limit" in item.reason
