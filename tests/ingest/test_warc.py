"""WARC archives written with warcio: HTML responses become articles, the rest is passed over."""

from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.errors import InputError
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
