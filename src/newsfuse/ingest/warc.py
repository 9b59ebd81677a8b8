"""WARC archives: one article per HTML response record, every complete record kept.

A gzipped archive (one gzip member per record, or the whole file in one) is unpacked here, member
by member, so an archive cut off mid-record (an interrupted crawl or download) still gives every
record before the cut; the cut, or a malformed record, ends the reading and is reported as a
`Skipped` naming how many records came before it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsfuse.errors import InputError
from newsfuse.ingest.html import article_from_html, decode_html
from newsfuse.models import Article, Skipped

_GZIP = b"\x1f\x8b"
# The library's default input limit (Settings.max_input_bytes): the most an archive unpacks to.
_MAX_BYTES = 50 * 2**20
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Unpacked:
    """An archive's bytes, gunzipped when they were gzip; `cut` when the gzip stream ended early."""

    data: bytes
    cut: bool = False


@dataclass(slots=True)
class _Progress:
    records: int = 0  # complete records read
    articles: int = 0  # HTML responses yielded (articles or per-record skips)


def articles_from_warc(
    data: bytes, *, source: str, max_bytes: int | None = None
) -> Iterator[Article | Skipped]:
    """Articles from the HTML responses of a WARC file (gzipped or not), in archive order.

    Guarantees: requests, metadata and non-HTML responses are passed over silently; an HTML
    response with no article text is a `Skipped` naming its URL; when the archive is cut off
    or a record is malformed, every complete record before it is still read and the cut is
    one last `Skipped(source, reason)`; nothing unpacks to more than `max_bytes` (the
    library's default input limit when None).

    Raises:
        InputError: the data is not gzip or WARC, is over `max_bytes` unpacked, or yields no
            HTML response (then the reason for a cut or malformed record is the message).
    """
    max_bytes = max_bytes or _MAX_BYTES
    archive = unpack(data, source=source, max_bytes=max_bytes)
    progress = _Progress()
    stop: str | None = None
    iterator = ArchiveIterator(io.BytesIO(archive.data))
    try:
        for record in iterator:
            item = _read_record(record, source=source, found=progress.articles, max_bytes=max_bytes)
            if not _complete(record):
                stop = _cut(source, progress)
                break
            progress.records += 1
            if item is not None:
                progress.articles += 1
                yield item
    except Exception as exc:  # noqa: BLE001 (warcio's parse errors include AttributeError)
        # past the end of a cut gzip stream a record is only a fragment, not malformed
        stop = _cut(source, progress) if archive.cut else _malformed(source, progress, exc)
    if stop is None and (archive.cut or archive.data[_offset(iterator) :].strip()):
        stop = _cut(source, progress)
    if stop is not None and progress.articles == 0:
        raise InputError(stop)
    if stop is not None:
        yield Skipped(source, stop)
    elif progress.articles == 0:
        raise InputError(f"{source}: the WARC archive holds no HTML responses")


def unpack(data: bytes, *, source: str, max_bytes: int) -> Unpacked:
    """`data` gunzipped member by member (as it is when not gzip), checked to start like WARC.

    Guarantees: a gzip stream that ends early gives what came before the cut, with `cut` set.

    Raises:
        InputError: gzip that is corrupt from its start, more than `max_bytes` unpacked, or
            data that is neither gzip nor a WARC/ARC archive.
    """
    archive = _gunzip(data, source=source, max_bytes=max_bytes) if data[:2] == _GZIP else None
    head = (archive.data if archive else data)[:4096].lstrip()
    if head.startswith((b"WARC/", b"filedesc://")):
        return archive or Unpacked(data)
    if archive is not None:
        what = "gzip, but not of a WARC archive"
    elif source.lower().split("?")[0].endswith(".gz"):
        what = "named .gz but neither gzip nor a WARC archive"
    else:
        what = "not a WARC archive"
    raise InputError(f"{source}: {what} (no WARC/1.x header); check the file")


def _gunzip(data: bytes, *, source: str, max_bytes: int) -> Unpacked:
    out = bytearray()
    rest = data
    while rest.strip(b"\0\r\n "):
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += unzip.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            if not out:
                raise InputError(f"{source}: not a valid gzip file ({exc}); check it") from exc
            return Unpacked(bytes(out), cut=True)  # a damaged member: keep what came before
        if len(out) > max_bytes:
            raise InputError(
                f"{source}: unpacks to over the {max_bytes / 2**20:.1f} MiB input limit; "
                "raise NEWSFUSE_MAX_INPUT_BYTES or split the archive"
            )
        if not unzip.eof:
            return Unpacked(bytes(out), cut=True)
        rest = unzip.unused_data
    return Unpacked(bytes(out))


def _read_record(
    record: Any, *, source: str, found: int, max_bytes: int
) -> Article | Skipped | None:
    """The article of an HTML response (None for any other record), the record read to its end."""
    item: Article | Skipped | None = None
    if record.rec_type == "response" and record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
        if "html" in ctype.lower():
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{found + 1}"
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                item = Skipped(url, f"{url}: the record is over the input limit; skipped")
            else:
                item = _record_article(payload, ctype, url=url)
    while record.raw_stream.read(_CHUNK):
        pass  # the rest of the record, so that a cut inside it shows
    return item


def _complete(record: Any) -> bool:
    """The record's whole declared length was there (warcio's reader counts down to 0)."""
    return getattr(record.raw_stream, "limit", None) == 0


def _offset(iterator: ArchiveIterator) -> int:
    return int(getattr(iterator, "offset", 0))


def _cut(source: str, progress: _Progress) -> str:
    done = progress.records
    where = f"after {done} complete records, which were read" if done else "in its first record"
    return (
        f"{source}: the WARC archive is cut off {where} (an interrupted download or crawl?); "
        "fetch the file again for the rest"
    )


def _malformed(source: str, progress: _Progress, exc: Exception) -> str:
    done = progress.records
    detail = f" ({exc})" if isinstance(exc, ArchiveLoadFailed) else ""
    before = f"; the {done} records before it were read" if done else ""
    return (
        f"{source}: WARC record {done + 1} is malformed and cannot be read{detail}{before}; "
        "check the file"
    )


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
