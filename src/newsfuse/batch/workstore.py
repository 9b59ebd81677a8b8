"""The job's working state in DIR/.work: analysed articles in SQLite and the resume manifest.

A partition's articles are written in one transaction keyed by (partition, position), so
redoing a partition replaces its rows instead of adding them again; the manifest of finished
partitions is replaced atomically (temp file, then rename) only after that transaction commits.
Duplicate articles (the same content id in several records) are all stored; the one earliest in
input order is the one the job uses, whatever order the partitions finished in.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsfuse.batch.stages import AnalyzedArticle, AnalyzedPartition
from newsfuse.errors import StoreError
from newsfuse.models import Skipped

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    part INTEGER NOT NULL, pos INTEGER NOT NULL, partition TEXT NOT NULL,
    id TEXT NOT NULL, published TEXT, source TEXT NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (part, pos));
CREATE INDEX IF NOT EXISTS articles_id ON articles (id, part, pos);
CREATE TABLE IF NOT EXISTS skipped (
    part INTEGER NOT NULL, partition TEXT NOT NULL, pos INTEGER NOT NULL,
    source TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (partition, pos));
"""
# Whether row `a` is a later copy of an article stored earlier in input order (uses the index
# on (id, part, pos), so finding the kept copies stays O(n log n)).
_EARLIER = (
    "EXISTS (SELECT 1 FROM articles b WHERE b.id = a.id "
    "AND (b.part < a.part OR (b.part = a.part AND b.pos < a.pos)))"
)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a reader (or a killed job) never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class WorkStore:
    """Analysed articles and skipped records of one job directory."""

    def __init__(self, out: Path) -> None:
        self.dir = out / ".work"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest_path = out / "manifest.json"
        try:
            self.db = sqlite3.connect(self.dir / "work.db")
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.dir / 'work.db'}: {exc}; delete {self.dir} to start over"
            ) from exc

    def close(self) -> None:
        self.db.close()

    # --- manifest ----------------------------------------------------------------------------

    def manifest(self) -> dict[str, object]:
        """The manifest of an earlier run of this job, or an empty one."""
        if not self.manifest_path.is_file():
            return {"partitions": []}
        data: dict[str, object] = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return data

    def finished(self) -> set[str]:
        found = self.manifest().get("partitions", [])
        return set(found) if isinstance(found, list) else set()

    def save_manifest(self, data: dict[str, object]) -> None:
        write_atomic(self.manifest_path, json.dumps(data, indent=1, sort_keys=True))

    # --- partitions --------------------------------------------------------------------------

    def add_partition(self, part: int, result: AnalyzedPartition) -> None:
        """Store one partition's results, replacing whatever an interrupted run left of it."""
        rows = [
            (part, pos, result.id, item.article.id, item.article.published,
             item.article.source, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
            for pos, item in enumerate(result.items)
        ]  # fmt: skip
        skipped = [
            (part, result.id, pos, s.source, s.reason) for pos, s in enumerate(result.skipped)
        ]
        with self.db:
            self.db.execute("DELETE FROM articles WHERE partition = ?", (result.id,))
            self.db.execute("DELETE FROM skipped WHERE partition = ?", (result.id,))
            self.db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO skipped VALUES (?, ?, ?, ?, ?)", skipped)

    def forget_partitions(self, keep: Sequence[str]) -> None:
        """Drop rows of partitions no longer in the plan (the inputs changed between runs)."""
        with self.db:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM keep")
            self.db.executemany("INSERT INTO keep VALUES (?)", [(k,) for k in keep])
            for table in ("articles", "skipped"):
                self.db.execute(f"DELETE FROM {table} WHERE partition NOT IN (SELECT id FROM keep)")

    # --- reading -----------------------------------------------------------------------------

    def dates(self) -> list[tuple[str, str | None]]:
        """(id, published) of every kept article, in input order."""
        query = f"SELECT id, published FROM articles a WHERE NOT {_EARLIER} ORDER BY part, pos"
        return [(row[0], row[1]) for row in self.db.execute(query)]

    def load(self, ids: Sequence[str]) -> list[AnalyzedArticle]:
        """The kept copy of each article id, in the order given."""
        found: dict[str, AnalyzedArticle] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT id, payload FROM articles WHERE id IN ({marks}) "
                "ORDER BY part DESC, pos DESC"
            )
            for article_id, payload in self.db.execute(query, chunk):
                found[article_id] = pickle.loads(payload)  # the last assigned is the first copy
        return [found[i] for i in ids]

    def kept(self) -> Iterator[AnalyzedArticle]:
        """Every kept article, in input order."""
        query = f"SELECT payload FROM articles a WHERE NOT {_EARLIER} ORDER BY part, pos"
        for (payload,) in self.db.execute(query):
            yield pickle.loads(payload)

    def skipped(self) -> Iterator[Skipped]:
        """Skipped records, then duplicates (a later copy of an article already kept)."""
        for source, reason in self.db.execute(
            "SELECT source, reason FROM skipped ORDER BY part, pos"
        ):
            yield Skipped(source, reason)
        query = f"SELECT source, id FROM articles a WHERE {_EARLIER} ORDER BY part, pos"
        for source, article_id in self.db.execute(query):
            yield Skipped(source, f"same text as article {article_id}, which is kept; left out")
