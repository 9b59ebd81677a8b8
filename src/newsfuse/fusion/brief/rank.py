"""What makes a fact worth a place in the brief: support, centrality, position, key actors.

Every score is a plain function of the facts, their documents and the entities; the sentence
encoder (MiniLM) gives the similarity when it is passed, TF-IDF cosine otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.models import Article, Entity, Fact

Matrix = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts in a fact's relevance (each signal is scaled to 0..1).

    Chosen on the NeuS dev set (bench/summarize.py), kept round: support across documents and
    centrality matter most, then the lead position of news writing. (Key actors count during
    selection, as what a sentence adds: see ``Selection.actors``.)
    """

    support: float = 1.0
    centrality: float = 1.0
    position: float = 1.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Per-fact signals, aligned with the facts they were computed from."""

    similarity: Matrix  # fact x fact cosine similarity
    relevance: NDArray[np.float64]  # weighted sum of the scaled signals, without actors
    position: NDArray[np.float64]  # mean relative position of the evidence, 0 = top
    actors: tuple[frozenset[str], ...]  # ids of the key entities each fact mentions
    actor_weight: Mapping[str, float]  # share of the documents that mention each key entity


def embed(texts: Sequence[str], *, encoder: Any | None) -> Matrix:
    """Unit-length vectors for ``texts``: the encoder's, or TF-IDF when it is None."""
    if encoder is not None:
        vectors = encoder.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float64)
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # every text is stop words only: no vocabulary
        return np.zeros((len(texts), 1))
    return np.asarray(matrix.toarray(), dtype=np.float64)


def scaled(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Min-max scaled to 0..1; all zeros when the values do not vary."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return np.zeros_like(values)
    return (values - low) / (high - low)


def fact_docs(fact: Fact) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*fact.doc_ids, *(ev.doc for ev in fact.evidence)]))


def positions(facts: Sequence[Fact], docs: Mapping[str, Article]) -> NDArray[np.float64]:
    """Mean relative offset of each fact's evidence in its documents (0 = first character)."""
    out = np.full(len(facts), 0.5)
    for i, fact in enumerate(facts):
        rel = [ev.start / max(1, len(docs[ev.doc].text)) for ev in fact.evidence if ev.doc in docs]
        if rel:
            out[i] = float(np.mean(rel))
    return out


def support(facts: Sequence[Fact], similarity: Matrix, doc_order: Sequence[str]) -> Matrix:
    """Soft independent support: the share of documents that state the fact or something close.

    A document the fact cites counts fully (up to ``fact.support``, so copies count once);
    another document counts by its most similar fact.
    """
    n_docs = max(1, len(doc_order))
    members = [set(fact_docs(f)) for f in facts]
    out = np.zeros(len(facts))
    for d in doc_order:
        in_doc = np.array([d in m for m in members])
        if not in_doc.any():
            continue
        closest = similarity[:, in_doc].max(axis=1).clip(0.0, 1.0)
        out += np.where(in_doc, 0.0, closest)
    own = np.array([min(max(f.support, 1), len(m)) for f, m in zip(facts, members, strict=True)])
    return np.asarray((out + own) / n_docs, dtype=np.float64)


def centrality(vectors: Matrix, facts: Sequence[Fact], doc_order: Sequence[str]) -> Matrix:
    """Cosine to the story's centroid, where every document weighs the same."""
    rows: dict[str, list[int]] = {}  # document -> its facts, built once (not per document)
    for i, f in enumerate(facts):
        for d in set(fact_docs(f)):
            rows.setdefault(d, []).append(i)
    centroids = [vectors[rows[d]].mean(axis=0) for d in doc_order if d in rows]
    centroid = np.mean(centroids, axis=0) if centroids else vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm < 1e-12:
        return np.zeros(len(facts))
    return np.asarray(vectors @ (centroid / norm), dtype=np.float64)


def key_actors(
    facts: Sequence[Fact], entities: Sequence[Entity], n_docs: int
) -> tuple[tuple[frozenset[str], ...], dict[str, float]]:
    """The entities each fact mentions that several documents name, and their weights."""
    floor = 2 if n_docs > 1 else 1
    weight = {e.id: len(e.doc_ids) / n_docs for e in entities if len(e.doc_ids) >= floor}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        if entity.id in weight:
            for m in entity.mentions:
                spans.setdefault(m.doc, []).append((m.start, m.end, entity.id))
    actors = tuple(
        frozenset(
            eid
            for ev in fact.evidence
            for start, end, eid in spans.get(ev.doc, ())
            if ev.start <= start and end <= ev.end
        )
        for fact in facts
    )
    return actors, weight


def score(
    facts: Sequence[Fact],
    *,
    articles: Sequence[Article],
    entities: Sequence[Entity],
    encoder: Any | None,
    weights: Weights,
) -> Scores:
    """All signals for ``facts`` (non-empty)."""
    docs = {a.id: a for a in articles}
    doc_order = list(dict.fromkeys([*docs, *(d for f in facts for d in fact_docs(f))]))
    vectors = embed([f.statement for f in facts], encoder=encoder)
    similarity = np.asarray(vectors @ vectors.T, dtype=np.float64)
    pos = positions(facts, docs)
    relevance = (
        weights.support * scaled(support(facts, similarity, doc_order))
        + weights.centrality * scaled(centrality(vectors, facts, doc_order))
        + weights.position * (1.0 - pos)
    )
    actors, actor_weight = key_actors(facts, entities, len(doc_order))
    return Scores(similarity, relevance, pos, actors, actor_weight)
