"""What a batch job reads, cut into partitions: the unit of parallel work and of resuming.

Inputs are paths, folders (recursively) and glob patterns. A JSON Lines shard is cut into
ranges of lines (a byte range that starts and ends on a line boundary), so one large shard
spreads over many workers; any other file (text, HTML, JSON, WARC, gzip) is read whole, and
small files are grouped so that a partition holds a useful amount of work.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.ingest.sources import walk_folder
from newsfuse.models import Skipped

_LINE_SPLIT_SUFFIXES = (".jsonl", ".ndjson")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class FileRange:
    """Part of one file: bytes ``start``..``stop`` (whole lines), whose first line is
    ``first_line`` (1-based). ``stop`` is None for a file read whole."""

    path: str
    start: int = 0
    stop: int | None = None
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class PartitionSpec:
    """One partition: an id stable for the same inputs, and the file ranges it reads."""

    id: str
    ranges: tuple[FileRange, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """Every partition of a job, in input order, and the inputs that could not be found."""

    partitions: tuple[PartitionSpec, ...]
    missing: tuple[Skipped, ...] = ()


def discover(inputs: Sequence[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """The files named by ``inputs`` (paths, folders, globs), each once, in input order.

    Guarantees: files inside a folder or matched by a glob are sorted; hidden files in folders
    are left out; an input that names nothing becomes a `Skipped` with what to do.
    """
    files: dict[Path, None] = {}
    missing: list[Skipped] = []
    for item in inputs:
        name = str(item)
        matched = _expand(name)
        if not matched:
            missing.append(Skipped(name, f"{name}: no such file or folder, and no glob match"))
        for path in matched:
            files.setdefault(path.resolve(), None)
    return list(files), missing


def _expand(name: str) -> list[Path]:
    if _GLOB_CHARS & set(name) and not Path(name).exists():
        found = sorted(Path(p) for p in glob.glob(name, recursive=True))
        return [f for p in found for f in ([p] if p.is_file() else walk_folder(p))]
    path = Path(name)
    if path.is_dir():
        return list(walk_folder(path))
    return [path] if path.is_file() else []


def plan_partitions(
    inputs: Sequence[str | Path],
    *,
    lines_per_partition: int = 500,
    files_per_partition: int = 64,
) -> Plan:
    """Cut the inputs into partitions.

    Guarantees: the same inputs (same files, same sizes) give the same partitions with the
    same ids; every line of a JSONL shard is in exactly one partition.
    """
    files, missing = discover(inputs)
    parts: list[PartitionSpec] = []
    group: list[FileRange] = []
    for path in files:
        if path.name.lower().endswith(_LINE_SPLIT_SUFFIXES):
            parts.extend(_partition(r) for r in line_ranges(path, lines=lines_per_partition))
            continue
        group.append(FileRange(str(path)))
        if len(group) >= files_per_partition:
            parts.append(_partition(*group))
            group = []
    if group:
        parts.append(_partition(*group))
    return Plan(tuple(parts), tuple(missing))


def line_ranges(path: Path, *, lines: int) -> Iterator[FileRange]:
    """Ranges of ``lines`` whole lines of a file, found by one buffered scan for newlines."""
    start, offset, count, first = 0, 0, 0, 1
    with path.open("rb") as handle:
        for line in handle:
            offset += len(line)
            count += 1
            if count % lines == 0:
                yield FileRange(str(path), start, offset, first)
                start, first = offset, count + 1
    if offset > start:
        yield FileRange(str(path), start, offset, first)


def _partition(*ranges: FileRange) -> PartitionSpec:
    key = "\n".join(f"{r.path}|{r.start}|{r.stop}|{_size(r.path)}" for r in ranges)
    return PartitionSpec("p-" + hashlib.sha256(key.encode()).hexdigest()[:16], ranges)


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return -1
