"""Stories kept up to date as articles are ingested: the stream clusterer behind the store.

``StoryAssigner`` is the ``on_batch`` hook of ``ingest_sources`` (and of the service's POST
/api/articles): after each committed batch it places the newly stored articles and, in one
locked transaction, writes the stories they changed (and those that froze) together with only
the clusterer state the batch changed (newsfuse.cluster.state). Several processes may assign on
one database: each reloads the stored state when another wrote since its own last write, so all
of them continue one stream. ``story_report`` renders a story's fused report, cached by the
story's member set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsfuse.cluster.features import ArticleFeatures, extract_features
from newsfuse.cluster.state import StateTracker, catch_up, restore, tracker_for
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer, StorySummary
from newsfuse.errors import InputError, StoreError
from newsfuse.models import Article
from newsfuse.store import AddResult, Store, StoryRecord, StreamTransaction


class StoryAssigner:
    """Assigns each newly stored article to a story and writes the changed stories.

    Names (NER) are off unless ``nlp`` is given: ingest stays fast, and names add little
    beyond words, numbers and days (bench/results/cluster.md). ``reloads`` counts how often
    the stored state had to be read (once at the start, then after other writers).
    """

    def __init__(
        self,
        store: Store,
        *,
        nlp: Any | None = None,
        options: ClusterOptions | None = None,
        attempts: int = 3,
    ) -> None:
        self.store = store
        self.nlp = nlp
        self.options = options
        self.attempts = attempts
        self.clusterer = StoryClusterer(options=options)
        self.version = -1  # the stored version the clusterer matches (-1: not loaded)
        self.reloads = 0
        self._tracker = StateTracker()

    def __call__(self, articles: Sequence[Article], result: AddResult) -> None:
        """Place the batch's newly added articles (those already stored were placed before).

        Guarantees: the stories and the clusterer state are written in one transaction, after
        catching up with any other writer, so every article ends in exactly one story.

        Raises:
            StoreError: the stories cannot be written (after ``attempts`` tries).
        """
        added = set(result.added)
        fresh = list({a.id: a for a in articles if a.id in added}.values())  # once each
        if not fresh:
            return
        features = list(extract_features(fresh, nlp=self.nlp))  # outside the lock
        for attempt in range(1, self.attempts + 1):
            try:
                with self.store.stream_transaction() as tx:
                    self._sync(tx)
                    records, gone = self._place(features)
                    delta = self._tracker.delta(self.clusterer)
                    self.version = tx.write(delta, records, removed=gone)
                return
            except StoreError:
                self.version = -1  # memory may be ahead of the store: reload before retrying
                if attempt == self.attempts:
                    raise
            except BaseException:
                self.version = -1  # rolled back mid-batch: memory is ahead of the store
                raise

    def load(self) -> StoryClusterer:
        """The clusterer as stored now (reloading only when another writer moved it on)."""
        with self.store.stream_transaction() as tx:
            self._sync(tx)
        return self.clusterer

    def _sync(self, tx: StreamTransaction) -> None:
        """Catch up with the stored state: nothing to do when this process wrote it last, the
        rows another writer changed when this one is loaded, everything otherwise."""
        if tx.version == self.version:
            return
        if self.version < 0:
            rows = tx.load()
            self.clusterer = restore(rows, options=self.options)
            self._tracker = tracker_for(self.clusterer, rows)
        else:
            rows = tx.load(since=self.version)
            catch_up(self.clusterer, self._tracker, rows, tx.terms)
        self.version = tx.version
        self.reloads += 1

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


def story_report(
    store: Store,
    story_id: str,
    fmt: str,
    *,
    nlp: Any | None = None,
    encoder: Any | None = None,
    brief_words: int = 120,
) -> tuple[str, bool]:
    """The rendered report of a stored story, and whether it came from the cache.

    The cache is keyed by the story's member set: a story that gained, lost or swapped an
    article is fused again; otherwise the stored rendering is returned unchanged. The models
    are loaded (once per process) only when the story must be fused and none were passed.

    Raises:
        NotFoundError: no story has this id.
        InputError: the story's articles are no longer in the store.
    """
    from newsfuse.pipeline import fuse_articles
    from newsfuse.render import render_report

    record = store.get_story(story_id)
    cached = store.cached_report(story_id, fmt, record.members_key)
    if cached is not None:
        return cached, True
    from newsfuse.nlp import load_encoder, load_spacy

    articles = store.get_articles(record.article_ids)
    if not articles:
        raise InputError(f"story {story_id}: its articles are not in the store; ingest them again")
    nlp = nlp if nlp is not None else load_spacy()
    encoder = encoder if encoder is not None else load_encoder()
    report = fuse_articles(
        articles, nlp=nlp, encoder=encoder, brief_words=brief_words, story_id=story_id
    )
    body = render_report(report, fmt)  # type: ignore[arg-type]
    store.cache_report(story_id, fmt, record.members_key, body)
    return body, False
