"""Partitions: every JSONL line in exactly one range, stable ids, folders and globs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.batch.plan import discover, line_ranges, plan_partitions


def _read_ranges(path: Path, lines: int) -> list[tuple[int, list[bytes]]]:
    data = path.read_bytes()
    out = []
    for r in line_ranges(path, lines=lines):
        assert r.stop is not None
        out.append((r.first_line, data[r.start : r.stop].splitlines(keepends=True)))
    return out


@settings(max_examples=40, deadline=None)
@given(
    lengths=st.lists(st.integers(min_value=0, max_value=30), min_size=0, max_size=60),
    per=st.integers(min_value=1, max_value=9),
    final_newline=st.booleans(),
)
def test_line_ranges_cover_every_line_once(
    tmp_path_factory: pytest.TempPathFactory, lengths: list[int], per: int, final_newline: bool
) -> None:
    folder = tmp_path_factory.mktemp("ranges")
    lines = [("x" * n + f"{i}") for i, n in enumerate(lengths)]
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    path = folder / "shard.jsonl"
    path.write_text(text)
    ranges = _read_ranges(path, per)
    got = [line.rstrip(b"\n").decode() for _, chunk in ranges for line in chunk]
    assert got == lines
    # Each range starts at the line its first_line names, and holds at most `per` lines.
    number = 1
    for first, chunk in ranges:
        assert first == number
        assert 0 < len(chunk) <= per
        number += len(chunk)


def test_plan_is_stable_and_cuts_jsonl_shards(tmp_path: Path, seeds_dir: Path) -> None:
    shard = tmp_path / "a.jsonl"
    shard.write_text("".join(f'{{"id": {i}, "text": "t{i}"}}\n' for i in range(25)))
    first = plan_partitions([shard, seeds_dir], lines_per_partition=10, files_per_partition=2)
    again = plan_partitions([shard, seeds_dir], lines_per_partition=10, files_per_partition=2)
    assert first == again
    # 25 lines in ranges of 10 -> 3 partitions; 5 seed files in groups of 2 -> 3 partitions.
    assert len(first.partitions) == 6
    assert len({p.id for p in first.partitions}) == 6
    assert [r.first_line for p in first.partitions[:3] for r in p.ranges] == [1, 11, 21]
    seeds = [r.path for p in first.partitions[3:] for r in p.ranges]
    assert seeds == [str(p.resolve()) for p in sorted(seeds_dir.glob("*.txt"))]


def test_discover_globs_folders_and_missing(tmp_path: Path, seeds_dir: Path) -> None:
    files, missing = discover([f"{seeds_dir}/00[01]_*.txt", seeds_dir, tmp_path / "nope*.jsonl"])
    assert len(files) == 5  # the glob's two files are not listed twice by the folder
    assert files[0].name.startswith("000_") and files[1].name.startswith("001_")
    assert len(missing) == 1 and "nope" in missing[0].source
    assert "no such file" in missing[0].reason
