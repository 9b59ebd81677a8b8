"""Stories kept up to date as articles are ingested: the stream clusterer behind the store.

``StoryAssigner`` is the ``on_batch`` hook of ``ingest_sources`` (and of the service's POST
/api/articles): after each committed batch it places the stored articles no story holds yet
(the store lists them as unplaced from the moment they are stored) and, in one locked
transaction, writes the stories they changed (and those that froze) together with only the
clusterer state the batch changed (newsfuse.cluster.state), and takes them off the list. An
article stored by a process that died before placing it is placed by the next batch or by
``recover`` on start, each exactly once. Several processes may assign on one database: each
reloads the stored state when another wrote since its own last write, so all of them continue
one stream. A store whose live stories the saved state lacks (upgraded from before schema 4)
has its state rebuilt from the stored articles (newsfuse.cluster.rebuild). ``story_report``
renders a story's fused report, cached by the story's member set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from newsfuse.cluster.features import Analyzer, ArticleFeatures, extract_features
from newsfuse.cluster.rebuild import Progress, rebuild_state
from newsfuse.cluster.state import StateTracker, catch_up, full_delta, restore, tracker_for
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer, StorySummary
from newsfuse.errors import StoreError
from newsfuse.models import Article
from newsfuse.store import AddResult, Store, StoryRecord, StreamTransaction

# Unplaced articles placed per transaction: a backlog (after a crash or an upgrade) is placed
# in steps, so other writers get the lock in between.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Recovery:
    """What ``StoryAssigner.recover`` did: whether it rebuilt the state (and how many live
    stories that holds), and how many articles left unplaced it placed."""

    rebuilt: bool
    live_stories: int
    placed: int


class StoryAssigner:
    """Assigns each stored article to a story and writes the changed stories.

    Names come from ``analyze`` (`newsfuse.session.Session.analyze`) when it is given, and are
    off without it; the entry points pass one when ``Settings.cluster_names`` is on.
    ``reloads`` counts how often the stored state had to be read (once at the start, then
    after other writers); ``rebuilds`` how often it was rebuilt from the stored articles,
    with ``progress(done, total)`` called as articles are replayed.
    """

    def __init__(
        self,
        store: Store,
        *,
        analyze: Analyzer | None = None,
        options: ClusterOptions | None = None,
        attempts: int = 3,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.analyze = analyze
        self.options = options
        self.attempts = attempts
        self.progress = progress
        self.clusterer = StoryClusterer(options=options)
        self.version = -1  # the stored version the clusterer matches (-1: not loaded)
        self.reloads = 0
        self.rebuilds = 0
        self._tracker = StateTracker()

    def __call__(self, articles: Sequence[Article], result: AddResult) -> None:
        """Place the stored articles no story holds yet, in arrival order: the batch's new
        ones, and any a process left unplaced (those already stored were placed before).

        Guarantees: an article leaves the unplaced list in the transaction that writes its
        story and the clusterer state, after catching up with any other writer, so every
        stored article ends in exactly one story. The batch's features are extracted before
        the write lock is taken.

        Raises:
            StoreError: the stories cannot be written (after ``attempts`` tries).
        """
        added = set(result.added)
        fresh = list({a.id: a for a in articles if a.id in added}.values())  # once each
        if not fresh and not self.store.unplaced(limit=1):
            return
        ready = {f.article_id: f for f in self._features(fresh)}
        while self._transact(partial(self._place_unplaced, ready=ready)) == CHUNK:
            pass  # a backlog: place the next chunk in a new transaction

    def recover(self) -> Recovery:
        """Load the stored state (rebuilding it when it lacks stored live stories) and place
        every article left unplaced; run on start, before new articles come.

        Raises:
            StoreError: the state cannot be read or the stories cannot be written.
        """
        before = self.rebuilds
        self.load()
        placed = 0
        while ids := self.store.unplaced(limit=CHUNK):  # featurised outside the lock
            stored = self.store.get_articles(ids)
            ready = {f.article_id: f for f in self._features(stored)}
            placed += self._transact(partial(self._place_unplaced, ready=ready))
        return Recovery(self.rebuilds > before, len(self.clusterer), placed)

    def rebuild(self) -> int:
        """Rebuild the saved state from the stored stories, whatever it holds now (after an
        upgrade, or when it cannot be read); returns how many live stories it holds.

        Raises:
            StoreError: the rebuilt state cannot be written.
        """
        return self._transact(self._rebuild, sync=False)

    def load(self) -> StoryClusterer:
        """The clusterer as stored now (reloading only when another writer moved it on)."""
        self._transact(lambda tx: 0)
        return self.clusterer

    def _transact(self, work: Callable[[StreamTransaction], int], *, sync: bool = True) -> int:
        """``work`` in one locked transaction, after catching up; retried on a store error."""
        attempt = 1
        while True:
            try:
                with self.store.stream_transaction() as tx:
                    if sync:
                        self._sync(tx)
                    return work(tx)
            except StoreError:
                self.version = -1  # memory may be ahead of the store: reload before retrying
                if attempt >= self.attempts:
                    raise
                attempt += 1
            except BaseException:
                self.version = -1  # rolled back mid-batch: memory is ahead of the store
                raise

    def _sync(self, tx: StreamTransaction) -> None:
        """Catch up with the stored state: nothing to do when this process wrote it last, the
        rows another writer changed when this one is loaded, everything otherwise (rebuilt
        from the stored articles when it lacks stored live stories)."""
        if tx.version == self.version:
            return
        if self.version >= 0 and tx.rebuilt_at() <= self.version:
            rows = tx.load(since=self.version)
            catch_up(self.clusterer, self._tracker, rows, tx.terms)
        elif tx.lost_stories():
            self._rebuild(tx)
        else:
            rows = tx.load()
            self.clusterer = restore(rows, options=self.options)
            self._tracker = tracker_for(self.clusterer, rows)
        self.version = tx.version
        self.reloads += 1

    def _rebuild(self, tx: StreamTransaction) -> int:
        clusterer = rebuild_state(
            tx, analyze=self.analyze, options=self.options, progress=self.progress
        )
        delta, tracker = full_delta(clusterer)
        tx.clear()
        self.version = tx.write(delta, [])
        self.clusterer, self._tracker = clusterer, tracker
        self.rebuilds += 1
        return len(clusterer)

    def _place_unplaced(self, tx: StreamTransaction, ready: dict[str, ArticleFeatures]) -> int:
        """Place the first ``CHUNK`` unplaced articles; returns how many there were."""
        ids = tx.take_unplaced(limit=CHUNK)
        if not ids:
            return 0
        missing = [i for i in ids if i not in ready]
        if missing:  # stored by a process that died before placing them, or by another writer
            stored = self._features(tx.articles(missing))
            ready.update((f.article_id, f) for f in stored)
        records, gone = self._place([ready[i] for i in ids if i in ready])
        delta = self._tracker.delta(self.clusterer)
        self.version = tx.write(delta, records, removed=gone)
        return len(ids)

    def _features(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        """The clustering features of ``articles``, with names when ``analyze`` is given."""
        found = self.analyze(articles) if self.analyze is not None and articles else None
        return extract_features(articles, analyses=found)

    def _place(self, features: list[ArticleFeatures]) -> tuple[list[StoryRecord], list[str]]:
        changed: dict[str, None] = {}
        removed: set[str] = set()
        frozen: list[StorySummary] = []
        for item in features:
            assignment = self.clusterer.add(item)
            self._tracker.observe(assignment, item.terms)
            changed.update(dict.fromkeys(assignment.changed))
            removed.update(assignment.removed)
            frozen.extend(assignment.frozen)
        records = [_record(s, frozen=True) for s in frozen]
        for story_id in changed:
            summary = self.clusterer.story(story_id)
            if summary is not None:
                records.append(_record(summary, frozen=False))
        # A story merged away is gone unless it came back (or froze) later in the batch.
        gone = {r for r in removed if self.clusterer.story(r) is None} - {s.id for s in frozen}
        return records, sorted(gone)


def _record(summary: StorySummary, *, frozen: bool) -> StoryRecord:
    return StoryRecord(
        id=summary.id,
        title=summary.title,
        article_ids=summary.article_ids,
        outlets=summary.outlets,
        first_published=summary.first_published.isoformat() if summary.first_published else None,
        last_published=summary.last_published.isoformat() if summary.last_published else None,
        frozen=frozen,
    )
