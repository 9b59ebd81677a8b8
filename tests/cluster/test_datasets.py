"""Labelled sets are read through ingest, and a file ingest cannot fully read is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.cluster.datasets import load_labelled
from newsfuse.errors import InputError


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_articles_are_read_as_ingest_reads_them(tmp_path: Path) -> None:
    title = "Quake hits Qeshm"
    text = f"{title}\nMay 03, 2013\nA quake hit the island of Qeshm on Friday."
    record = {"id": "a1", "title": title, "event": "e1", "text": text}
    other = {"id": "a2", "title": "Flood", "text": "Rivers rose.", "event": "e2"}
    data = load_labelled(_write(tmp_path / "set.jsonl", [json.dumps(record), json.dumps(other)]))
    assert [a.id for a in data.articles] == ["a1", "a2"] and data.events == ("e1", "e2")
    first = data.articles[0]
    assert first.published is not None and first.published.startswith("2013-05-03")
    assert not first.text.startswith(title)  # the repeated headline line is dropped


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "text": "x"}'], "missing field 'event'"),
        (["{not json"], "invalid JSON"),
        (['["a", "b"]'], "not a JSON object"),
        (['{"id": "a", "text": "x y", "event": "1"}'] * 2, "used twice"),
        (['{"id": "a", "text": "", "event": "1"}'], "ingest skipped a labelled record"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, lines: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_labelled(_write(tmp_path / "bad.jsonl", lines))


def test_missing_and_binary_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_labelled(tmp_path / "absent.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 100)
    with pytest.raises(InputError, match="not UTF-8"):
        load_labelled(binary)
