"""Derivation: which documents copy or rewrite which.

- duplicate: the same words (equal content ids, or word-shingle Jaccard >= 0.9);
- near_duplicate: MinHash-estimated Jaccard of 5-word shingles >= 0.5 (light edits of one text);
- rewrite: most statements of the shorter document are aligned with statements of the other
  (share >= 0.6, at least 3 statements);
- shares_content: at least a fifth of the shorter document's statements are aligned.

Candidate pairs for the text relations come from MinHash LSH, so a 1,000-document story is not
compared all-pairs. Documents joined by duplicate, near_duplicate or rewrite form a family:
they count once as support for a fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from newsfuse.fusion.statements import Statement
from newsfuse.models import Article, Derivation, Fact

_WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 64


@dataclass(frozen=True, slots=True)
class DeriveOptions:
    duplicate: float = 0.9
    near_duplicate: float = 0.5
    rewrite: float = 0.6
    shares_content: float = 0.2
    min_statements: int = 3  # a rewrite needs this many aligned statements


def derive(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    facts: Sequence[Fact],
    *,
    options: DeriveOptions | None = None,
) -> list[Derivation]:
    """Pairs of documents that share text, strongest relation per pair, sorted by (a, b).

    Guarantees: a < b in document order; similarity in [0, 1]; each pair at most once.
    """
    opts = options or DeriveOptions()
    order = {a.id: k for k, a in enumerate(articles)}
    found: dict[tuple[str, str], Derivation] = {}
    for d in textual(articles, options=opts):
        found[(d.a, d.b)] = d
    for d in by_alignment(statements, facts, options=opts):
        if (d.a, d.b) not in found:
            found[(d.a, d.b)] = d
    return sorted(found.values(), key=lambda d: (order.get(d.a, 0), order.get(d.b, 0)))


def textual(articles: Sequence[Article], *, options: DeriveOptions) -> list[Derivation]:
    """Duplicates and near-duplicates from word shingles (MinHash LSH for candidates)."""
    lsh = MinHashLSH(threshold=options.near_duplicate, num_perm=PERMUTATIONS)
    hashes: dict[str, MinHash] = {}
    shingles: dict[str, set[str]] = {}
    order = {a.id: k for k, a in enumerate(articles)}
    out = []
    for article in articles:
        if article.id in hashes:
            continue
        sh = _shingles(article.text)
        mh = MinHash(num_perm=PERMUTATIONS, seed=1)
        mh.update_batch([s.encode("utf-8") for s in sh])
        for other in lsh.query(mh):
            exact = _jaccard(sh, shingles[other])
            if exact < options.near_duplicate:
                continue
            relation = "duplicate" if exact >= options.duplicate else "near_duplicate"
            a, b = sorted((other, article.id), key=order.__getitem__)
            out.append(Derivation(a, b, relation, round(exact, 4)))
        lsh.insert(article.id, mh)
        hashes[article.id] = mh
        shingles[article.id] = sh
    return out


def by_alignment(
    statements: Sequence[Statement], facts: Sequence[Fact], *, options: DeriveOptions
) -> list[Derivation]:
    """Rewrites and shared content from the share of aligned statements."""
    per_doc: dict[str, int] = {}
    for s in statements:
        per_doc[s.doc] = per_doc.get(s.doc, 0) + 1
    order = {d: k for k, d in enumerate(per_doc)}
    shared: dict[tuple[str, str], int] = {}
    for fact in facts:
        counts: dict[str, int] = {}
        for e in fact.evidence:
            counts[e.doc] = counts.get(e.doc, 0) + 1
        docs = sorted(counts, key=lambda d: order.get(d, 0))
        for x, a in enumerate(docs):
            for b in docs[x + 1 :]:
                shared[(a, b)] = shared.get((a, b), 0) + min(counts[a], counts[b])
    out = []
    for (a, b), n in shared.items():
        share = min(1.0, n / max(1, min(per_doc.get(a, 0), per_doc.get(b, 0))))
        if share >= options.rewrite and n >= options.min_statements:
            out.append(Derivation(a, b, "rewrite", round(share, 4)))
        elif share >= options.shares_content:
            out.append(Derivation(a, b, "shares_content", round(share, 4)))
    return out


def families(doc_ids: Sequence[str], derivations: Sequence[Derivation]) -> dict[str, str]:
    """Each document's family: the first document (in the given order) of its group of
    copies. Only duplicate, near_duplicate and rewrite join families."""
    parent = {d: d for d in doc_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = {d: k for k, d in enumerate(doc_ids)}
    for d in derivations:
        if d.relation == "shares_content" or d.a not in parent or d.b not in parent:
            continue
        ra, rb = find(d.a), find(d.b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=order.__getitem__)
            parent[drop] = keep
    return {d: find(d) for d in doc_ids}


def _shingles(text: str) -> set[str]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else {""}
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0
