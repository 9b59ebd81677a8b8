"""Claims read from the parse of a statement: what is done (predicates) and to what (arguments).

Two independently written reports state one fact in different words: "Lori Lightfoot won the
Chicago mayor's race" and "Chicago elected Lori Lightfoot as mayor". Their sentence vectors are
only fairly close, and one of them often names a detail the other leaves out, so the anchor test
of align.py keeps them apart. What they share is the claim: the same things (Lightfoot, Chicago,
mayor) taking part in it, weighed by how rare each is in the story. ``same_claim`` decides such
grey-zone pairs, with the guard that two events of one kind name *different* rare things on
*both* sides (another date, another place, another count), while a restatement with more detail
adds on one side only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Verbs that report or link rather than state the claim ("X said that ...", "is", "has").
_LIGHT = {"say", "tell", "report", "be", "have", "do", "add", "according", "accord", "state"}
_CONTENT = {"NOUN", "PROPN", "NUM", "VERB", "ADJ"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Claim:
    """The content of one statement: verb lemmas, and lemmas of what takes part."""

    predicates: frozenset[str]
    terms: frozenset[str]  # lemmas of nouns, names, numbers, adjectives and verbs


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Thresholds of the claim test, chosen on the tune half of bench/align_pairs.jsonl."""

    floor: float = 0.62  # below this cosine no claim test: the wordings say other things
    cover: float = 0.45  # share of the smaller claim's term weight the other must share
    cover_no_predicate: float = 0.6  # the same, when no predicate lemma is shared
    sure: float = 0.7  # this close, sharing under a third of the terms is enough
    sure_cover: float = 0.3
    apart: float = 1.5  # rarity mass each side may name alone beyond what both name


def parse_claims(texts: Sequence[str], *, nlp: Any) -> list[Claim]:
    """One Claim per text, from a tagged, parsed and lemmatised spaCy Doc.

    Entity recognition is left out and the lemmatizer applied after, as the verifier parses
    statements: through a ``CachedParser`` each text is parsed once for both.
    """
    disable = [p for p in ("ner",) if p in nlp.pipe_names]
    docs = list(nlp.pipe(texts, disable=disable, batch_size=64))
    if "lemmatizer" in nlp.component_names and "lemmatizer" not in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        docs = [lemmatizer(doc) for doc in docs]
    return [claim_of(doc) for doc in docs]


def claim_of(doc: Any) -> Claim:
    predicates = set()
    terms = set()
    for token in doc:
        lemma = (token.lemma_ or token.text).lower()
        if token.pos_ not in _CONTENT or not _WORD.search(lemma) or lemma in _LIGHT:
            continue
        terms.add(lemma)
        if token.pos_ == "VERB":
            predicates.add(lemma)
    return Claim(frozenset(predicates), frozenset(terms))


def term_weights(texts: Iterable[str]) -> dict[str, float]:
    """Rarity of each lower-cased word in the story: log((1 + n) / (1 + df)), at least 0.5."""
    df: dict[str, int] = {}
    n = 0
    for text in texts:
        n += 1
        for w in {w.lower() for w in _WORD.findall(text)}:
            df[w] = df.get(w, 0) + 1
    return {w: max(0.5, math.log((1 + n) / (1 + c))) for w, c in df.items()}


def cover(a: Claim, b: Claim, weight: Mapping[str, float]) -> float:
    """Share of the smaller claim's term weight that both claims hold."""

    def mass(terms: Iterable[str]) -> float:
        return sum(weight.get(t, 1.0) for t in terms)

    smaller = min(mass(a.terms), mass(b.terms))
    return mass(a.terms & b.terms) / smaller if smaller > 0 else 0.0


def same_claim(
    sim: float,
    a: Claim,
    b: Claim,
    weight: Mapping[str, float],
    *,
    shared_anchors: float,
    exclusive_a: float,
    exclusive_b: float,
    options: ClaimOptions,
) -> bool:
    """Whether two statements close in meaning state one claim in different words.

    ``exclusive_a``/``exclusive_b`` are the rarity mass of anchors (names, numbers, dates) only
    one side names: when both sides name rare things the other does not, and more than they
    share, they tell of two events of one kind (two earthquakes, two shootings) and never merge.
    """
    if sim < options.floor:
        return False
    if min(exclusive_a, exclusive_b) > shared_anchors + options.apart:
        return False
    share = cover(a, b, weight)
    acts = bool(a.predicates & b.predicates) or not (a.predicates and b.predicates)
    if sim >= options.sure and share >= options.sure_cover and acts:
        return True
    return share >= (options.cover if acts else options.cover_no_predicate)
