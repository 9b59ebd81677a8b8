"""Framing: how each document names the main actors, in its own words, counted per document.

The main actors are the people, organisations and groups most of the reports name. A term is
a noun phrase of a document that refers to one of them: its head noun with the modifiers that
say what kind of group it is ("rebels", "insurgent forces", "islamist faction", "regime",
"government"), lower case, counted per document. ``naming`` finds the phrases and the ones the
parse ties to an actor's name; ``attribute`` carries the reference to the other phrases. A
small lexicon only says which nouns can name an actor at all: nouns for events ("offensive",
"advance", "push") never can.

Referents. A person actor is named through the institutions he or she heads ("Assad's
regime", "the Syrian military"), so the referent reads "Bashar Assad's side". A group named
through a coalition it leads or belongs to ("insurgents led by HTS", "rebel groups, including
HTS") reads "Hayat Tahrir al-Sham and allied groups": the reports name the whole rebel side
that way, and HTS is the named actor that heads it. Otherwise the referent is the actor's name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from newsfuse.fusion.frames import parse_texts
from newsfuse.fusion.framing.attribute import UNNAMED, ActorMention, attribute, unnamed_side
from newsfuse.fusion.framing.lexicon import CROWD_NOUNS, EXTRA_FORMS, INSTITUTION_NOUNS
from newsfuse.fusion.framing.naming import NAMING_NOUNS, Naming, SentenceNames, sentence_names
from newsfuse.models import Article, DocAnalysis, Entity, Framing

__all__ = ["MAX_REFERENTS", "find_framing"]

_ACTOR_TYPES = {"ORG", "PERSON", "NORP"}
_NATIONAL_TYPES = {"NORP", "GPE"}
MAX_REFERENTS = 4
_CANDIDATES = 8
_PLACES = 4
# A sentence is parsed only if it has a word that can name an actor, or names a person (who
# may be described by any agent noun): the cheap filter that keeps the parser's share small.
_WORDS = re.compile(
    r"\b(?:"
    + "|".join(sorted(NAMING_NOUNS | EXTRA_FORMS, key=len, reverse=True))
    + r"|\w+ist)s?\b",
    re.IGNORECASE,
)


def find_framing(
    articles: Sequence[Article],
    analyses: Sequence[DocAnalysis],
    entities: Sequence[Entity],
    *,
    nlp: Any,
) -> list[Framing]:
    """For up to MAX_REFERENTS main actors, each document's terms for them with counts.

    ``analyses`` are in the order of ``articles``; ``nlp`` is the packaged spaCy pipeline.
    Guarantees: every term is the document's own words (lower case) for a phrase that refers
    to the actor; every count is >= 1; a referent with no term is left out; deterministic.
    """
    actors = _main_actors(entities, len(articles))
    if not actors and not _crowded(articles):
        return []
    types = {a.id: a.type for a in actors}
    national = frozenset(e.id for e in entities if e.type in _NATIONAL_TYPES)
    found = _read(articles, analyses, entities, types, nlp=nlp)
    mentions = _actor_mentions(actors, analyses)
    nations: dict[str, set[str]] = defaultdict(set)
    for actor, nation in found.nations:
        if nation in national:
            nations[actor].add(nation)
    refs = attribute(
        found.namings, actor_types=types, mentions=mentions, nations=nations, national=national
    )
    refs.update((i, UNNAMED) for i in unnamed_side(found.namings, refs, len(articles)))
    return _framings(actors, found.namings, refs, [a.id for a in articles])


def _crowded(articles: Sequence[Article]) -> bool:
    """Whether half the documents have a word for a crowd or armed opponents: the cheap test
    before parsing a story with no main named actor for a side with no name."""
    hits = sum(1 for a in articles if _CROWD.search(a.text))
    return hits * 2 >= len(articles) and hits >= min(2, len(articles))


_CROWD = re.compile(
    r"\b(?:" + "|".join(sorted(CROWD_NOUNS | {"militiamen", "gunmen"})) + r")s?\b", re.IGNORECASE
)


def _main_actors(entities: Sequence[Entity], n_docs: int) -> list[Entity]:
    """The most named people, organisations and groups; and a few places, in case the tagger
    took a group for one ("Hamas" as GPE): those count only if a group noun names them."""
    main = [e for e in entities if len(e.doc_ids) * 2 >= n_docs]
    main.sort(key=lambda e: (-len(e.doc_ids), -len(e.mentions), e.id))
    actors = [e for e in main if e.type in _ACTOR_TYPES][:_CANDIDATES]
    return actors + [e for e in main if e.type == "GPE"][:_PLACES]


def _read(
    articles: Sequence[Article],
    analyses: Sequence[DocAnalysis],
    entities: Sequence[Entity],
    types: dict[str, str],
    *,
    nlp: Any,
) -> SentenceNames:
    """Parse the sentences that can name an actor and collect their namings."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entities:
        for m in e.mentions:
            spans[m.doc].append((m.start, m.end, e.id))
    wanted: list[tuple[str, int, int, str]] = []  # doc, sentence index, offset, text
    people = {a for a, t in types.items() if t == "PERSON"}
    for article, analysis in zip(articles, analyses, strict=True):
        spans[article.id].sort()
        starts = sorted(s for s, _, e in spans[article.id] if e in people)
        for sentence in analysis.sentences:
            text = article.text[sentence.start : sentence.end]
            k = bisect_right(starts, sentence.start - 1)
            if (k < len(starts) and starts[k] < sentence.end) or _WORDS.search(text):
                wanted.append((article.id, sentence.index, sentence.start, text))
    # Copies repeat sentences word for word: each distinct text is parsed once.
    unique = list(dict.fromkeys(w[3] for w in wanted))
    parsed = dict(zip(unique, parse_texts(unique, nlp=nlp), strict=True))
    out = SentenceNames()
    for doc_id, index, offset, text in wanted:
        names = sentence_names(
            parsed[text],
            doc_id=doc_id,
            sentence=index,
            offset=offset,
            spans=spans[doc_id],
            actors=types,
        )
        out.namings.extend(names.namings)
        out.nations.update(names.nations)
    return out


def _actor_mentions(
    actors: Sequence[Entity], analyses: Sequence[DocAnalysis]
) -> list[ActorMention]:
    starts = {a.article_id: [s.start for s in a.sentences] for a in analyses}
    out = []
    for actor in actors:
        for m in actor.mentions:
            sentence = bisect_right(starts.get(m.doc, []), m.start) - 1
            out.append(ActorMention(actor=actor.id, doc=m.doc, sentence=sentence, start=m.start))
    return out


def _framings(
    actors: Sequence[Entity],
    namings: Sequence[Naming],
    refs: dict[int, str],
    doc_ids: Sequence[str],
) -> list[Framing]:
    """Counts per actor, document and term; a term shows as the document's most common
    wording of it ("rebels" for "rebels" x3 and "the rebel's" x1)."""
    counts: dict[str, dict[str, dict[str, Counter[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Counter))
    )
    for i, actor_id in refs.items():
        n = namings[i]
        counts[actor_id][n.doc][n.key][n.surface] += 1
    out = []
    for actor in [*actors, None]:
        actor_id = actor.id if actor else UNNAMED
        if actor_id not in counts:
            continue
        terms = {}
        for d in doc_ids:
            shown = [(_wording(c), sum(c.values())) for c in counts[actor_id][d].values()]
            if shown:
                terms[d] = dict(sorted(shown, key=_order))
        out.append(Framing(referent=_referent(actor, namings, refs, terms), terms=terms))
    return out[:MAX_REFERENTS]


def _wording(surfaces: Counter[str]) -> str:
    return min(surfaces.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _order(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _referent(
    actor: Entity | None,
    namings: Sequence[Naming],
    refs: dict[int, str],
    terms: dict[str, dict[str, int]],
) -> str:
    if actor is None:  # a side with no proper name: its most used term
        totals: Counter[str] = Counter()
        for counts in terms.values():
            totals.update(counts)
        return "the " + min(totals.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    mine = [namings[i] for i, a in refs.items() if a == actor.id]
    if actor.type == "PERSON" and any(n.head in INSTITUTION_NOUNS for n in mine):
        return f"{actor.name}'s side"
    if any(n.coalition for n in mine):
        return f"{actor.name} and allied groups"
    return actor.name
