"""Bytes to text: empty, binary, oversized, legacy charsets, undecodable."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest.decode import decode_bytes, read_limited

FRENCH = (
    "Le président a déclaré que la situation était « très grave », selon l'agence. "
    "Les habitants ont fui vers la côte après la prise de la ville."
)
GERMAN = "Müller sagte, die Lage sei „sehr ernst“. Die Bürger flohen über die Brücke – in Eile…"


@pytest.mark.parametrize(("text", "encoding"), [(FRENCH, "latin-1"), (GERMAN, "cp1252")])
def test_legacy_western_charsets_are_detected(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), source="legacy.txt")
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_cyrillic_code_page_is_detected() -> None:
    text = "Москва заявила, что ситуация очень серьёзная, жители бегут из города."
    assert decode_bytes(text.encode("cp1251"), source="ru.txt").text == text


def test_utf8_with_bom_and_utf16() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + FRENCH.encode(), source="a").text == FRENCH
    assert decode_bytes(FRENCH.encode("utf-16"), source="b").text == FRENCH


def test_explicit_encoding_wins_and_a_wrong_one_says_so() -> None:
    assert decode_bytes(FRENCH.encode("latin-1"), source="a", encoding="latin-1").text == FRENCH
    with pytest.raises(InputError, match="not valid utf-8.*--encoding"):
        decode_bytes(FRENCH.encode("latin-1"), source="a", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", source="a", encoding="no-such-codec")


def test_undetectable_bytes_ask_for_an_encoding() -> None:
    # high bytes in a quadratic pattern: no code page (single- or multi-byte) reads them as text
    noise = bytes((i * i * 31) % 128 + 128 for i in range(3000))
    with pytest.raises(InputError, match="no charset could be detected; pass --encoding"):
        decode_bytes(noise, source="noise.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"text then \x00\x01\x02\x00 binary" * 20, "NUL"),
    ],
)
def test_binary_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=f"binary.*{kind}"):
        decode_bytes(data, source="file.bin")


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    for name, data in (("empty.txt", b""), ("blank.txt", b"  \n\t\n")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError, match="empty file"):
            read_limited(tmp_path / name, max_bytes=1000)


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 2**20)  # sparse: 100 MiB on paper, nothing to read
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"100\.0 MiB is over the 50\.0 MiB input limit"):
        read_limited(big, max_bytes=50 * 2**20)
    assert time.perf_counter() - start < 1.0


def test_gzip_is_unpacked_and_its_size_capped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(FRENCH.encode()))
    assert read_limited(path, max_bytes=10_000) == FRENCH.encode()
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 200_000))
    with pytest.raises(InputError, match="over the"):
        read_limited(bomb, max_bytes=100_000)


def test_control_characters_are_refused_even_when_valid_utf8() -> None:
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 100, source="ctrl.txt")


def test_truncated_gzip_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(FRENCH.encode() * 20)[:40])
    with pytest.raises(InputError, match="corrupt or truncated gzip"):
        read_limited(path, max_bytes=10_000)
