"""Align statements across documents into facts.

Two statements from different documents state the same fact when their vectors are very close,
or fairly close AND they name the same things (resolved entities, numbers, dates). Sentences
that merely share a topic ("Homs is strategically important" / "Homs lies on the M5") are kept
apart by the anchor test. Candidate pairs come from a k-nearest-neighbour search (exact numpy
top-k on small stories, a faiss HNSW index on large ones), never from all pairs.

Reports written independently state one claim in their own words: such pairs are only fairly
close and often one names a detail the other lacks. With a parser, pairs the anchor test turns
down but that are close enough get the claim test of claims.py (what is done, to what, weighed by
rarity), which keeps two events of one kind apart by the anchors each side names alone.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.fusion.claims import ClaimOptions, parse_claims, same_claim, term_weights
from newsfuse.fusion.embed import Vectors
from newsfuse.fusion.neighbours import nearest
from newsfuse.fusion.statements import Statement
from newsfuse.models import Evidence, Fact

# Codes name things as surely as names do: roads (M5), flights (MH17), models (F-16).
_CODE = re.compile(r"\b[A-Z]{1,3}-?\d{1,4}[A-Z]?\b")


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Thresholds on cosine similarity of MiniLM vectors.

    Tuned on the seeds: restatements of one claim across reports score 0.65-0.9; sentences on
    the same topic but different claims score 0.45-0.65, and share fewer anchors.
    """

    copy: float = 0.92  # this close: one wording copied from the other
    same: float = 0.80  # this close and not naming more than it shares: the same claim
    anchored: float = 0.62  # this close and sharing some rare anchors: the same claim
    loose: float = 0.48  # this close and sharing several rare anchors: the same claim
    weak_anchors: float = 2.0  # idf mass of shared anchors (one rare name ~ 2.5)
    strong_anchors: float = 4.0
    neighbours: int = 12
    linkage: float = 0.3  # share of cross pairs that must be linked to merge two groups
    claims: ClaimOptions = field(default_factory=ClaimOptions)


def align(
    statements: Sequence[Statement],
    vectors: Vectors,
    *,
    families: Mapping[str, str] | None = None,
    options: AlignOptions | None = None,
    nlp: Any | None = None,
) -> list[Fact]:
    """Facts: groups of statements that say the same thing, in order of first appearance.

    Every statement belongs to exactly one fact. ``families`` maps a document id to its
    family (documents that copy one another share one); support counts families, so copies
    count once. Fact ids depend only on the evidence spans, so they are stable for the same
    input. Status is consensus, corroborated or single_source (verify marks disputed ones).
    ``nlp`` (spaCy, best a ``CachedParser``) turns on the claim test for other wordings.
    """
    groups = group_statements(statements, vectors, options=options or AlignOptions(), nlp=nlp)
    return facts_from_groups(statements, vectors, groups, families=families)


def group_statements(
    statements: Sequence[Statement],
    vectors: Vectors,
    *,
    options: AlignOptions,
    nlp: Any | None = None,
) -> list[list[int]]:
    """Indices of statements grouped by claim (average linkage over the candidate links)."""
    links = candidate_links(statements, vectors, options=options, nlp=nlp)
    parent = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    linked: dict[int, set[int]] = {}
    for _, i, j in links:
        linked.setdefault(i, set()).add(j)
        linked.setdefault(j, set()).add(i)
    for _, i, j in links:
        a, b = _find(parent, i), _find(parent, j)
        if a == b:
            continue
        ma, mb = members[a], members[b]
        cross = sum(len(linked.get(x, set()).intersection(mb)) for x in ma)
        # Pairs within one document are never linked: count only pairs that could be.
        possible = sum(1 for x in ma for y in mb if statements[x].doc != statements[y].doc)
        if cross < options.linkage * possible:
            continue
        parent[b] = a
        members[a] = ma + mb
        del members[b]
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def candidate_links(
    statements: Sequence[Statement],
    vectors: Vectors,
    *,
    options: AlignOptions,
    nlp: Any | None = None,
) -> list[tuple[float, int, int]]:
    """Pairs (score, i, j), i < j, from different documents that pass the alignment test
    (or, with ``nlp``, the claim test), best first."""
    if len(statements) < 2:
        return []
    sims, idx = nearest(vectors, k=min(options.neighbours, len(statements)))
    anchors = [_anchors(s) for s in statements]
    weight = _idf(anchors)
    seen: set[tuple[int, int]] = set()
    links: list[tuple[float, int, int]] = []
    grey: list[tuple[float, int, int]] = []
    for i in range(len(statements)):
        for sim, j in zip(sims[i], idx[i], strict=True):
            j = int(j)
            if j < 0 or j == i or statements[i].doc == statements[j].doc:
                continue
            pair = (min(i, j), max(i, j))
            if pair in seen:
                continue
            seen.add(pair)
            score = link_score(float(sim), anchors[i], anchors[j], weight, options=options)
            if score is not None:
                links.append((score, *pair))
            elif nlp is not None and float(sim) >= options.claims.floor:
                grey.append((float(sim), *pair))
    if grey and nlp is not None:
        links += claim_links(statements, grey, anchors, weight, nlp=nlp, options=options.claims)
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    return links


def claim_links(
    statements: Sequence[Statement],
    grey: Sequence[tuple[float, int, int]],
    anchors: Sequence[frozenset[str]],
    weight: Mapping[str, float],
    *,
    nlp: Any,
    options: ClaimOptions,
) -> list[tuple[float, int, int]]:
    """The grey-zone pairs (cosine, i, j) that state one claim; only their statements are
    parsed."""
    wanted = sorted({k for _, i, j in grey for k in (i, j)})
    texts = [statements[k].text for k in wanted]
    claims = dict(zip(wanted, parse_claims(texts, nlp=nlp), strict=True))
    terms = term_weights(s.text for s in statements)
    out = []
    for sim, i, j in grey:
        a, b = anchors[i], anchors[j]
        if same_claim(
            sim,
            claims[i],
            claims[j],
            terms,
            shared_anchors=sum(weight[x] for x in a & b),
            exclusive_a=sum(weight[x] for x in a - b),
            exclusive_b=sum(weight[x] for x in b - a),
            options=options,
        ):
            out.append((sim, i, j))
    return out


def link_score(
    sim: float,
    a: frozenset[str],
    b: frozenset[str],
    weight: Mapping[str, float],
    *,
    options: AlignOptions,
) -> float | None:
    """The strength of the link between two statements, or None when they state different
    things.

    Anchors (entities, numbers, dates) are weighted by rarity in the story: sharing "Rastan"
    and "Talbiseh" says more than sharing "Homs", which every sentence of a Homs story names.
    """
    if sim >= options.copy:
        return sim
    if sim < options.loose:
        return None
    shared = sum(weight[x] for x in a & b)
    # A statement naming more (rare) things than it shares carries a detail the other lacks
    # ("the Rustan bridge along the M5" against "a bridge in Rastan"): a fact of its own.
    # Loosely similar statements must share much more than either adds.
    exclusive = max(sum(weight[x] for x in a - b), sum(weight[x] for x in b - a))
    if exclusive > shared or (sim < options.anchored and exclusive > 0.75 * shared):
        return None
    if sim >= options.same:
        return sim
    smaller = min(sum(weight[x] for x in a), sum(weight[x] for x in b))
    if shared < 0.5 * smaller:
        return None
    if shared >= options.strong_anchors or (
        sim >= options.anchored and shared >= options.weak_anchors
    ):
        return sim + 0.02 * shared
    return None


def _anchors(s: Statement) -> frozenset[str]:
    out = set(s.entities)
    out.update(f"id:{m.group(0)}" for m in _CODE.finditer(s.text))
    out.update(f"t:{t.value}" for t in s.times if t.value and not t.relative)
    for q in s.quantities:
        if q.kind != "rank" and q.norm_low is not None:
            out.add(f"q:{q.norm_unit}:{q.norm_low:g}")
    return frozenset(out)


def _idf(anchors: Sequence[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = {}
    for group in anchors:
        for x in group:
            df[x] = df.get(x, 0) + 1
    n = len(anchors)
    # Floored at 1: in a story of two short reports every name is "common", yet sharing three
    # names still says more than sharing none.
    return {x: max(1.0, math.log((1 + n) / (1 + c))) for x, c in df.items()}


def facts_from_groups(
    statements: Sequence[Statement],
    vectors: Vectors,
    groups: Sequence[Sequence[int]],
    *,
    families: Mapping[str, str] | None = None,
) -> list[Fact]:
    """One Fact per group, with canonical wording, exact evidence and support."""
    fam = families or {}
    all_families = {fam.get(s.doc, s.doc) for s in statements}
    facts = []
    for group in groups:
        members = [statements[i] for i in group]
        canonical = members[_canonical(group, vectors, members)]
        doc_ids = tuple(dict.fromkeys(s.doc for s in members))
        support = len({fam.get(d, d) for d in doc_ids})
        facts.append(
            Fact(
                id=fact_id(members),
                statement=canonical.text,
                evidence=tuple(Evidence(s.doc, s.start, s.end, s.text) for s in members),
                doc_ids=doc_ids,
                support=support,
                status=fact_status(support, len(all_families)),
            )
        )
    return facts


def fact_status(support: int, families: int) -> str:
    if support < 2:
        return "single_source"
    return "consensus" if support >= families else "corroborated"


def fact_id(members: Sequence[Statement]) -> str:
    key = "|".join(sorted(f"{s.doc}:{s.start}:{s.end}" for s in members))
    return "f-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _canonical(group: Sequence[int], vectors: Vectors, members: Sequence[Statement]) -> int:
    """The clearest, most complete wording: central in the group, naming most of what the
    group's statements commonly name, a full sentence, long enough to carry the claim but not
    padded with others."""
    if len(group) == 1:
        return 0
    sub = vectors[list(group)]
    centrality = (sub @ sub.T).mean(axis=1)
    counts: dict[str, int] = {}
    for s in members:
        for e in s.entities:
            counts[e] = counts.get(e, 0) + 1
    common = {e for e, c in counts.items() if c * 2 >= len(members)}
    best, best_score = 0, -np.inf
    for k, s in enumerate(members):
        words = s.words
        score = float(centrality[k]) + 0.15 * min(words, 25) / 25 - 0.01 * max(words - 35, 0)
        if common:
            score += 0.3 * len(common & s.entities) / len(common)
        if s.text[:1].isupper() and s.text.rstrip()[-1:] in '.!?"”':
            score += 0.05
        elif headline_like(s.text):
            score -= 0.5  # "Syrian Rebels Close In on Homs": a title, never the wording
        if score > best_score:
            best, best_score = k, score
    return best


def headline_like(text: str) -> bool:
    """A title-case line with no closing punctuation ("Syrian Rebels Close In on Homs")."""
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    if not words or text.rstrip()[-1:] in '.!?"”':
        return False
    return sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _docs(statements: Sequence[Statement], members: Sequence[int]) -> set[str]:
    return {statements[i].doc for i in members}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
