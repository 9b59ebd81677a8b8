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
from newsfuse.cluster import ArticleFeatures
from newsfuse.cluster.features import FEATURES_VERSION
from newsfuse.errors import StoreError
from newsfuse.models import Skipped

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    part INTEGER NOT NULL, pos INTEGER NOT NULL, partition TEXT NOT NULL,
    id TEXT NOT NULL, published TEXT, source TEXT NOT NULL, payload BLOB NOT NULL,
    features BLOB NOT NULL, PRIMARY KEY (part, pos));
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


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _item(payload: bytes, features: bytes) -> AnalyzedArticle:
    article, analysis = pickle.loads(payload)
    return AnalyzedArticle(article, analysis, pickle.loads(features))


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
            self._upgrade()
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.dir / 'work.db'}: {exc}; delete {self.dir} to start over"
            ) from exc

    def close(self) -> None:
        self.db.close()

    def _upgrade(self) -> None:
        """A work store of an older newsfuse (no ``features`` column, or features of another
        `FEATURES_VERSION`) is started afresh: its partitions are analysed again, since their
        rows lack what clustering reads now or would mix two kinds of features."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        stale = self.manifest().get("features") != FEATURES_VERSION
        if columns and ("features" not in columns or stale):
            with self.db:
                self.db.execute("DROP TABLE articles")
                self.db.execute("DROP TABLE IF EXISTS skipped")
            data = self.manifest()
            data["partitions"] = []
            self.save_manifest(data)

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
            (part, pos, result.id, item.article.id, item.article.published, item.article.source,
             _dumps((item.article, item.analysis)), _dumps(item.features))
            for pos, item in enumerate(result.items)
        ]  # fmt: skip
        skipped = [
            (part, result.id, pos, s.source, s.reason) for pos, s in enumerate(result.skipped)
        ]
        with self.db:
            self.db.execute("DELETE FROM articles WHERE partition = ?", (result.id,))
            self.db.execute("DELETE FROM skipped WHERE partition = ?", (result.id,))
            self.db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
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

    def features(self) -> Iterator[ArticleFeatures]:
        """The clustering features of every kept article, in input order (read lazily: the
        analyses are not unpickled)."""
        query = f"SELECT features FROM articles a WHERE NOT {_EARLIER} ORDER BY part, pos"
        for (blob,) in self.db.execute(query):
            yield pickle.loads(blob)

    def load(self, ids: Sequence[str]) -> list[AnalyzedArticle]:
        """The kept copy of each article id, in the order given."""
        return [_item(payload, features) for payload, features in self._rows(ids)]

    def load_features(self, ids: Sequence[str]) -> list[ArticleFeatures]:
        """The clustering features of the kept copy of each article id, in the order given."""
        return [pickle.loads(f) for _, f in self._rows(ids, payload=False)]

    def _rows(self, ids: Sequence[str], *, payload: bool = True) -> list[tuple[bytes, bytes]]:
        found: dict[str, tuple[bytes, bytes]] = {}
        column = "payload" if payload else "NULL"
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT id, {column}, features FROM articles WHERE id IN ({marks}) "
                "ORDER BY part DESC, pos DESC"
            )
            for article_id, blob, features in self.db.execute(query, chunk):
                found[article_id] = (blob, features)  # the last assigned is the first copy
        return [found[i] for i in ids]

    def kept(self) -> Iterator[AnalyzedArticle]:
        """Every kept article, in input order."""
        query = f"SELECT payload, features FROM articles a WHERE NOT {_EARLIER} ORDER BY part, pos"
        for payload, features in self.db.execute(query):
            yield _item(payload, features)

    def skipped(self) -> Iterator[Skipped]:
        """Skipped records, then duplicates (a later copy of an article already kept)."""
        for source, reason in self.db.execute(
            "SELECT source, reason FROM skipped ORDER BY part, pos"
        ):
            yield Skipped(source, reason)
        query = f"SELECT source, id FROM articles a WHERE {_EARLIER} ORDER BY part, pos"
        for source, article_id in self.db.execute(query):
            yield Skipped(source, f"same text as article {article_id}, which is kept; left out")
