"""Framing: how each document names the main actors.

The terms come from the documents: nouns and group adjectives the parse ties to a main actor's
name (apposition "HTS, a jihadi group"; modifier "the Islamist faction Hayat Tahrir al-Sham";
"insurgents led by HTS"; "rebel groups, including HTS"; possessive "Assad's regime", compound
"the Assad government"). Each term found for an actor anywhere is then counted in every
document, so a report that never ties "rebels" to HTS still shows how often it says "rebels".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsfuse.fusion.frames import parse_texts
from newsfuse.models import Article, DocAnalysis, Entity, Framing

# Actors are organisations, groups and people; places are not framed.
_ACTOR_TYPES = {"ORG", "PERSON", "NORP"}
MAX_REFERENTS = 3
_LINK_VERBS = {"lead", "include", "back", "support", "head", "command"}
_GROUP_ADJ = ("ist", "i")
_SKIP = {"city", "town", "leader", "president", "minister", "official", "people", "part"}


def find_framing(
    articles: Sequence[Article],
    analyses: Sequence[DocAnalysis],
    entities: Sequence[Entity],
    *,
    nlp: Any,
) -> list[Framing]:
    """For up to MAX_REFERENTS main actors (named in most documents), term counts per document.

    Guarantees: every count is >= 1; a referent with no term found is left out.
    """
    actors = _main_actors(entities, len(articles))
    if not actors:
        return []
    terms_of: dict[str, set[str]] = {a.id: set() for a in actors}
    agents: set[str] = set()
    texts = {a.id: a.text for a in articles}
    for analysis in analyses:
        text = texts[analysis.article_id]
        for actor in actors:
            spans = [(m.start, m.end) for m in actor.mentions if m.doc == analysis.article_id]
            sentences = [
                s for s in analysis.sentences if any(s.start <= a < s.end for a, _ in spans)
            ]
            docs = parse_texts([text[s.start : s.end] for s in sentences], nlp=nlp)
            for sentence, doc in zip(sentences, docs, strict=True):
                local = [(a - sentence.start, b - sentence.start) for a, b in spans]
                terms_of[actor.id].update(_linked_terms(doc, local))
                agents.update(_singular(t.lower_) for t in doc if _agent(t))
    claimed: set[str] = set()
    out = []
    for actor in actors:
        # A name for an actor is something that acts somewhere in the reports ("the regime
        # remains determined"), not a thing it has ("Assad's hold"); group adjectives stay.
        found = {t for t in terms_of[actor.id] if t in agents or t.endswith(_GROUP_ADJ)}
        terms = sorted(found - claimed)
        claimed.update(terms)
        counts = {a.id: _count(a.text, terms) for a in articles}
        counts = {d: c for d, c in counts.items() if c}
        if counts:
            out.append(Framing(referent=actor.name, terms=counts))
    return out


def _main_actors(entities: Sequence[Entity], n_docs: int) -> list[Entity]:
    actors = [e for e in entities if e.type in _ACTOR_TYPES and len(e.doc_ids) * 2 >= n_docs]
    actors.sort(key=lambda e: (-len(e.doc_ids), -len(e.mentions), e.id))
    return actors[:MAX_REFERENTS]


def _linked_terms(doc: Any, spans: Sequence[tuple[int, int]]) -> set[str]:
    terms: set[str] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        heads = []
        if root.dep_ == "appos" or root.dep_ in ("compound", "poss"):
            heads.append(root.head)
        heads += [c for c in root.children if c.dep_ == "appos"]
        heads += _led_or_included(root)
        for head in heads:
            terms.update(_words(head, span))
    return terms


def _led_or_included(root: Any) -> list[Any]:
    """ "insurgents led by HTS", "Led by HTS, insurgents seized", "rebel groups, including
    HTS": the noun the name leads or belongs to."""
    prep = root.head
    if root.dep_ != "pobj" or prep.i == root.i:
        return []
    if prep.lower_ in ("including", "like") or prep.lemma_.lower() == "include":
        return [prep.head]
    verb = prep.head
    if prep.lower_ != "by" or verb.lemma_.lower() not in _LINK_VERBS:
        return []
    if verb.dep_ in ("acl", "relcl"):
        return [verb.head]
    if verb.dep_ == "advcl":
        return [c for c in verb.head.children if c.dep_ == "nsubj"]
    return []


def _agent(token: Any) -> bool:
    if token.pos_ != "NOUN":
        return False
    return token.dep_ in ("nsubj", "nsubjpass") or (
        token.dep_ == "pobj" and token.head.dep_ == "agent"
    )


def _words(head: Any, name: Any) -> set[str]:
    """The head noun and its group-describing modifiers, lower case and singular."""
    out: set[str] = set()
    if head.pos_ not in ("NOUN", "PROPN") or head.i in range(name.start, name.end):
        return out
    noun = _singular(head.lower_)
    if noun not in _SKIP and head.pos_ == "NOUN":
        out.add(noun)
    for child in head.children:
        if child.i in range(name.start, name.end):
            continue
        if child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "NOUN"):
            word = child.lower_
            if word.endswith(("ist", "i", "ic", "el", "ent")) or child.pos_ == "NOUN":
                out.add(_singular(word))
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _count(text: str, terms: Sequence[str]) -> dict[str, int]:
    counts = {}
    for term in terms:
        stem = re.escape(term[:-1]) + "(?:y|ies)" if term.endswith("y") else re.escape(term) + "s?"
        n = len(re.findall(rf"\b{stem}\b", text, flags=re.IGNORECASE))
        if n:
            counts[term] = n
    return counts
