"""Stories kept up to date as articles are ingested: the stream clusterer behind the store.

``StoryAssigner`` is the ``on_batch`` hook of ``ingest_sources``: after each committed batch it
places the newly stored articles, writes the stories they changed (and those that froze) to the
store, and saves the clusterer's live state so the next ingest run continues the same stream.
``story_report`` renders a story's fused report, cached by the story's member set.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

from newsfuse.cluster.features import extract_features
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer, StorySummary
from newsfuse.errors import InputError, StoreError
from newsfuse.models import Article
from newsfuse.store import AddResult, Store, StoryRecord

# Bumped when the pickled clusterer's layout changes: an old state is then rebuilt, not loaded.
STATE_VERSION = 1


class StoryAssigner:
    """Assigns each newly stored article to a story and writes the changed stories.

    Names (NER) are off unless ``nlp`` is given: ingest stays fast, and names add little
    beyond words, numbers and days (bench/results/cluster.md).
    """

    def __init__(
        self, store: Store, *, nlp: Any | None = None, options: ClusterOptions | None = None
    ) -> None:
        self.store = store
        self.nlp = nlp
        self.clusterer = _load_state(store) or StoryClusterer(options=options)

    def __call__(self, articles: Sequence[Article], result: AddResult) -> None:
        """Place the batch's newly added articles (those already stored were placed before).

        Raises:
            StoreError: the stories cannot be written.
        """
        added = set(result.added)
        fresh = [a for a in articles if a.id in added]
        if not fresh:
            return
        changed: dict[str, None] = {}
        removed: set[str] = set()
        frozen: list[StorySummary] = []
        for features in extract_features(fresh, nlp=self.nlp):
            assignment = self.clusterer.add(features)
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
        self.store.put_stories(records, removed=sorted(gone))
        self.store.save_cluster_state(pickle.dumps((STATE_VERSION, self.clusterer)))


def _load_state(store: Store) -> StoryClusterer | None:
    blob = store.load_cluster_state()
    if blob is None:
        return None
    try:
        version, clusterer = pickle.loads(blob)
    except Exception as exc:  # a corrupt blob: say so rather than silently restart
        raise StoreError(
            f"the saved clustering state cannot be read ({exc}); delete the cluster_state row "
            "to start the story stream afresh"
        ) from exc
    if version != STATE_VERSION or not isinstance(clusterer, StoryClusterer):
        return None
    return clusterer


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
