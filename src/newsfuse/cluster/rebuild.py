"""The stream clusterer's state rebuilt from the stored stories, when the saved state is lost.

Migration 4 dropped the session-1 pickled state: the stories stored before it stay listed, but
a clusterer that does not hold them never lets a new article join them. ``rebuild_state``
replays every stored article in arrival order with the features the live path extracts
(``extract_features``, with names from the assigner's ``analyze``): a member of a live (not
frozen) story joins that story under its stored id, a member of a frozen story counts only in
the arrivals and document frequencies, and an article in no story is left for the assigner to
place. The stored partition does not change; afterwards new articles can join every live story
again.
"""

from __future__ import annotations

from collections.abc import Callable

from newsfuse.cluster.features import Analyzer, extract_features
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer
from newsfuse.store import StreamTransaction

# Articles read and featurised at a time: bounds memory, whatever the size of the store.
CHUNK = 500

Progress = Callable[[int, int], None]


def rebuild_state(
    tx: StreamTransaction,
    *,
    analyze: Analyzer | None = None,
    options: ClusterOptions | None = None,
    progress: Progress | None = None,
) -> StoryClusterer:
    """A clusterer holding every live stored story, as if the live path had built them.

    Guarantees: each live story keeps its id and members (in arrival order); the document
    frequencies, arrivals and latest date count every article in a story; memory holds one
    chunk of articles at a time. ``progress(done, total)`` is called after each chunk.
    Runs inside ``tx`` (holding the write lock), so no other writer moves the stories meanwhile.
    """
    clusterer = StoryClusterer(options=options)
    total = tx.count_articles()
    done = 0
    after: tuple[str, str] | None = None
    while rows := tx.placements(after=after, limit=CHUNK):
        held = [row for row in rows if row.story_id is not None]
        articles = [row.article for row in held]
        found = analyze(articles) if analyze is not None and articles else None
        features = extract_features(articles, analyses=found)
        for row, item in zip(held, features, strict=True):
            clusterer.replay(item, None if row.frozen else row.story_id)
        done += len(rows)
        after = (rows[-1].added_at, rows[-1].article.id)
        if progress is not None:
            progress(done, total)
    return clusterer
