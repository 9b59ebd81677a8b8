"""The brief: a short fused account of the story, every sentence cited.

``build_brief`` ranks facts (independent support, centrality, lead position, key actors),
picks them with maximal marginal relevance under a word budget, puts them in the order the
reports tell the story, repairs sentences lifted out of context, and states a disputed fact
only as a disagreement with both sides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from newsfuse.errors import InputError
from newsfuse.fusion.brief.disputes import conflicts_by_fact, dispute_sentence
from newsfuse.fusion.brief.rank import Weights, fact_docs, score
from newsfuse.fusion.brief.repair import NamedSpan, preceding_sentence_start, repair
from newsfuse.fusion.brief.select import Candidate, Selection, reading_order, select
from newsfuse.fusion.brief.sentences import sentence_facts
from newsfuse.models import Article, BriefSentence, Conflict, Entity, Evidence, Fact

__all__ = ["Selection", "Weights", "build_brief", "sentence_facts"]

# Fragments (a byline, "Read more") and questions (a rhetorical lead) do not belong in a brief,
# nor headings: a sentence ends with a full stop or "!", perhaps inside a closing quote.
MIN_WORDS = 4
_ENDS_SENTENCE = re.compile(r"[.!][\"'”’)]*$")


def _names_by_doc(entities: Sequence[Entity]) -> dict[str, list[NamedSpan]]:
    out: dict[str, list[NamedSpan]] = {}
    for entity in entities:
        for m in entity.mentions:
            out.setdefault(m.doc, []).append(NamedSpan(m.start, m.end, entity.name, entity.type))
    return out


def _primary(fact: Fact) -> Evidence | None:
    for ev in fact.evidence:
        if ev.text.strip() == fact.statement.strip():
            return ev
    return fact.evidence[0] if fact.evidence else None


def _names_before(
    fact: Fact, docs: Mapping[str, Article], names: Mapping[str, list[NamedSpan]]
) -> list[NamedSpan]:
    ev = _primary(fact)
    if ev is None or ev.doc not in docs:
        return []
    start = preceding_sentence_start(docs[ev.doc].text, ev.start)
    if start is None:
        return []
    return [n for n in names.get(ev.doc, ()) if start <= n.start and n.end <= ev.start]


def _as_sentence(fact: Fact) -> Fact:
    """The fact worded by a full sentence of its evidence when its canonical wording is not
    one (a headline, "Syrian Insurgents Near Homs, Thousands Flee Amid Offensive")."""
    if _ENDS_SENTENCE.search(fact.statement.rstrip()):
        return fact
    sentences = [e.text for e in fact.evidence if _ENDS_SENTENCE.search(e.text.rstrip())]
    if not sentences:
        return fact
    return replace(fact, statement=min(sentences, key=lambda t: abs(len(t.split()) - 25)))


def _candidates(
    facts: Sequence[Fact],
    docs: Mapping[str, Article],
    entities: Sequence[Entity],
    conflicts: Sequence[Conflict],
) -> list[Candidate]:
    disputed = conflicts_by_fact(facts, conflicts)
    names = _names_by_doc(entities)
    out: list[Candidate] = []
    for i, fact in enumerate(facts):
        fact = _as_sentence(fact)
        conflict = disputed.get(fact.id)
        if conflict is not None:
            sentence = dispute_sentence(conflict, fact_ids=(fact.id,))
            group = conflict.id
        elif fact.status == "disputed":
            continue  # disputed, but no conflict says between what: cannot be told fairly
        else:
            text = repair(fact.statement, _names_before(fact, docs, names))
            if text is None or not _ENDS_SENTENCE.search(text.rstrip()):
                continue
            sentence = BriefSentence(text, (fact.id,), fact_docs(fact))
            group = fact.id
        n_words = len(sentence.text.split())
        if sentence.doc_ids and n_words >= MIN_WORDS:
            out.append(Candidate(i, group, sentence, n_words))
    return out


def build_brief(
    facts: Sequence[Fact],
    *,
    articles: Sequence[Article],
    entities: Sequence[Entity],
    conflicts: Sequence[Conflict],
    words: int = 120,
    encoder: Any | None = None,
    weights: Weights | None = None,
    selection: Selection | None = None,
) -> tuple[BriefSentence, ...]:
    """The brief for one story: about ``words`` words of cited sentences, in reading order.

    Guarantees: every sentence cites at least one document and the facts it states; a fact
    in a conflict appears only as "Reports differ on ...: “a” (n reports) or “b” (m)." citing
    both sides; no sentence is cut; the word count stops at the sentence that crosses
    ``words`` or just before, whichever is closer. With no usable fact the brief is empty.
    ``encoder`` (MiniLM from ``newsfuse.nlp.load_encoder()``) sharpens similarity; without it
    TF-IDF is used.

    Raises:
        InputError: ``words`` is not positive.
    """
    if words < 1:
        raise InputError(f"brief length {words} words: pass a positive number of words")
    if not facts:
        return ()
    docs = {a.id: a for a in articles}
    scores = score(
        facts, articles=articles, entities=entities, encoder=encoder, weights=weights or Weights()
    )
    pool = _candidates(facts, docs, entities, conflicts)
    chosen = select(pool, scores, words=words, how=selection or Selection())
    return tuple(c.sentence for c in reading_order(chosen, scores))
