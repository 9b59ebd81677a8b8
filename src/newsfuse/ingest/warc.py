"""WARC archives: one article per HTML response record."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsfuse.errors import InputError
from newsfuse.ingest.html import article_from_html, decode_html
from newsfuse.models import Article, Skipped


def articles_from_warc(data: bytes, *, source: str) -> Iterator[Article | Skipped]:
    """Articles from the HTML responses of a WARC file (gzipped or not), in archive order.

    Guarantees: requests, metadata and non-HTML responses are passed over silently; an HTML
    response with no article text is a `Skipped` naming its URL.

    Raises:
        InputError: the data is not a WARC archive, or holds no HTML response.
    """
    if not _starts_like_warc(data):
        raise InputError(f"{source}: not a WARC archive (no WARC/1.x header); check the file")
    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            found += 1
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{found}"
            yield _record_article(record.content_stream().read(), ctype, url=url)
    except ArchiveLoadFailed as exc:
        raise InputError(f"{source}: not a WARC archive ({exc}); check the file") from exc
    if found == 0:
        raise InputError(f"{source}: the WARC archive holds no HTML responses")


def _starts_like_warc(data: bytes) -> bool:
    head = data[:4096]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def _record_article(payload: bytes, content_type: str, *, url: str) -> Article | Skipped:
    charset = None
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=")[-1].split(";")[0].strip()
    try:
        html = decode_html(payload, source=url, encoding=charset)
        return article_from_html(html, source=url, url=url)
    except InputError as exc:
        return Skipped(url, str(exc))
    except Exception as exc:  # one record's parser fault must not lose the other records
        return Skipped(url, f"could not be parsed ({type(exc).__name__}: {exc}); skipped")
