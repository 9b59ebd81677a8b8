"""Bytes to text: size limits, binary detection, and charset detection for non-UTF-8 input."""

from __future__ import annotations

import codecs
import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from newsfuse.errors import InputError

# File signatures of formats that are certainly not text.
_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
_GZIP = b"\x1f\x8b"
# More control characters than this share of the first 8 KiB means the data is binary.
_MAX_CONTROL_SHARE = 0.05
_SAMPLE = 8192
# Chaos and coherence scores closer than this count as a tie between two charsets.
_TIE = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def read_limited(path: Path, *, max_bytes: int, gunzip: bool = True) -> bytes:
    """The bytes of `path` (gunzipped when it is gzip and `gunzip`), refusing anything over
    `max_bytes`.

    Guarantees: a file over the limit is refused from its size alone, without being read; a
    gzip file is decompressed in a stream that stops one byte past the limit.

    Raises:
        InputError: the file is empty, too large, or unreadable.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_big(str(path), size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if gunzip and data[:2] == _GZIP:
            with gzip.open(path, "rb") as unzipped:
                data = unzipped.read(max_bytes + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"{path}: corrupt or truncated gzip file ({exc}); fetch it again") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc}); check the path and permissions") from exc
    if len(data) > max_bytes:
        raise InputError(_too_big(str(path), len(data), max_bytes))
    if not data.strip():
        raise InputError(f"{path}: empty file; nothing to read")
    return data


def _too_big(source: str, size: int, max_bytes: int) -> str:
    return (
        f"{source}: {size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.1f} MiB input limit; "
        "split it, or raise NEWSFUSE_MAX_INPUT_BYTES"
    )


def decode_bytes(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    """Text from bytes: the given encoding, else UTF-8 (BOM honoured), else a detected charset.

    Raises:
        InputError: the data is binary, empty, not valid in the given encoding, or not UTF-8
            with no charset detectable.
    """
    if not data.strip():
        raise InputError(f"{source}: empty input; nothing to read")
    if encoding is not None:
        return _decode_as(data, source=source, encoding=encoding)
    _refuse_binary(data, source=source)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return _decode_as(data, source=source, encoding=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_control_text(text, source=source)
        return Decoded(text, "utf-8")
    detected = _detect(data[: 1024 * 1024])
    if detected is None:
        raise InputError(f"{source}: not UTF-8 and no charset could be detected; pass --encoding")
    return _decode_as(data, source=source, encoding=detected)


def _detect(data: bytes) -> str | None:
    """The charset of non-UTF-8 bytes. Among equally plausible single-byte code pages
    charset-normalizer picks the first it tried (often cp1250 for French or German text);
    Windows-1252, the most common legacy charset of Western news sites, wins such ties."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        tied = (
            abs(match.chaos - best.chaos) <= _TIE and abs(match.coherence - best.coherence) <= _TIE
        )
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _decode_as(data: bytes, *, source: str, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except LookupError as exc:
        raise InputError(
            f"{source}: unknown encoding {encoding!r}; pass a valid --encoding"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not valid {encoding} (byte {exc.start}); pass the right --encoding"
        ) from exc
    _refuse_control_text(text, source=source)
    return Decoded(text.lstrip("\ufeff"), codecs.lookup(encoding).name)


def _refuse_binary(data: bytes, *, source: str) -> None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{source}: binary file ({kind}), not text; skip it or convert it")
    head = data[:_SAMPLE]
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in head and not utf16:
        raise InputError(f"{source}: binary file (contains NUL bytes), not text; skip it")


def _refuse_control_text(text: str, *, source: str) -> None:
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(f"{source}: looks binary (control characters), not text; skip it")
