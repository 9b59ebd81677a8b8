from __future__ import annotations

from typing import Any

import pytest

from newsfuse.analyze import resolve_entities
from newsfuse.errors import InputError
from newsfuse.fusion.brief import build_brief, sentence_facts
from newsfuse.models import Article, Conflict, ConflictSide, DocAnalysis, Entity, Evidence, Fact

Seeds = tuple[list[Article], list[DocAnalysis], list[Entity]]


@pytest.fixture(scope="module")
def seeds(seed_story: tuple[list[Article], list[DocAnalysis]]) -> Seeds:
    articles, analyses = seed_story  # analysed once per run (tests/conftest.py)
    return articles, analyses, resolve_entities(articles, analyses)


def _words(brief: tuple[Any, ...]) -> int:
    return sum(len(s.text.split()) for s in brief)


def test_every_sentence_cites_facts_and_documents(seeds: Any) -> None:
    articles, analyses, entities = seeds
    facts = sentence_facts(articles, analyses)
    brief = build_brief(facts, articles=articles, entities=entities, conflicts=[])
    assert brief
    known = {f.id for f in facts}
    doc_ids = {a.id for a in articles}
    for sentence in brief:
        assert sentence.doc_ids and set(sentence.doc_ids) <= doc_ids
        assert sentence.fact_ids and set(sentence.fact_ids) <= known


@pytest.mark.parametrize("words", [30, 60, 120])
def test_length_stops_at_the_closest_sentence_boundary(seeds: Any, words: int) -> None:
    articles, analyses, entities = seeds
    facts = sentence_facts(articles, analyses)
    brief = build_brief(facts, articles=articles, entities=entities, conflicts=[], words=words)
    total = _words(brief)
    last = len(brief[-1].text.split())
    assert abs(total - words) <= last
    assert total >= words / 2 or len(brief) == 1


def test_non_positive_length_is_refused(seeds: Any) -> None:
    articles, analyses, entities = seeds
    with pytest.raises(InputError, match="positive"):
        build_brief([], articles=articles, entities=entities, conflicts=[], words=0)


def test_no_facts_gives_an_empty_brief() -> None:
    assert build_brief([], articles=[], entities=[], conflicts=[]) == ()


def _fact(article: Article, sentence: str, fid: str) -> Fact:
    start = article.text.index(sentence)
    ev = Evidence(article.id, start, start + len(sentence), sentence)
    return Fact(fid, sentence, (ev,), (article.id,), 1, "single_source")


def test_a_disputed_fact_is_told_as_a_disagreement_citing_both_sides() -> None:
    a = Article("a", "a.txt", "Thousands fled Homs on Friday as rebels advanced on the city.")
    b = Article("b", "b.txt", "Tens of thousands fled Homs on Friday as rebels neared it.")
    fa = _fact(a, a.text, "fa")
    fb = _fact(b, b.text, "fb")
    side_a = ConflictSide("thousands", (Evidence("a", 0, 9, "Thousands"),))
    side_b = ConflictSide("tens of thousands", (Evidence("b", 0, 17, "Tens of thousands"),))
    conflict = Conflict("c1", "count", "how many fled Homs", (side_a, side_b), "", ("fa", "fb"))
    brief = build_brief([fa, fb], articles=[a, b], entities=[], conflicts=[conflict])
    assert len(brief) == 1
    (sentence,) = brief
    assert sentence.text == (
        "Reports differ on how many fled Homs: “thousands” (1 report) or “tens of thousands” (1)."
    )
    assert set(sentence.doc_ids) == {"a", "b"}
    assert set(sentence.fact_ids) == {"fa", "fb"}


def test_near_duplicates_from_two_reports_appear_once() -> None:
    same = "Rebels seized the towns of Rastan and Talbiseh on Friday, advancing on Homs."
    close = "Rebels seized the towns of Rastan and Talbiseh on Friday, advancing toward Homs."
    other = "Turkey's president said he had not wished for such developments in Syria."
    a = Article("a", "a.txt", f"{same} {other}")
    b = Article("b", "b.txt", close)
    facts = [_fact(a, same, "f1"), _fact(b, close, "f2"), _fact(a, other, "f3")]
    brief = build_brief(facts, articles=[a, b], entities=[], conflicts=[], words=40)
    texts = [s.text for s in brief]
    assert sum(t in (same, close) for t in texts) == 1
    assert other in texts


def test_sentences_lifted_from_the_seeds_read_on_their_own(seeds: Any) -> None:
    articles, analyses, entities = seeds
    facts = sentence_facts(articles, analyses)
    brief = build_brief(facts, articles=articles, entities=entities, conflicts=[], words=400)
    assert len(brief) >= 8
    for sentence in brief:
        first = sentence.text.split()[0].strip(",")
        assert first not in {"However", "Meanwhile", "Additionally", "He", "She", "They"}
        assert sentence.text[0].isupper() or sentence.text[0] in "“\"'‘"
        assert sentence.text.count("“") == sentence.text.count("”")


def test_the_brief_follows_the_order_of_the_reports(seeds: Any) -> None:
    articles, analyses, entities = seeds
    facts = sentence_facts(articles, analyses)
    by_id = {f.id: f for f in facts}
    brief = build_brief(facts, articles=articles, entities=entities, conflicts=[], words=120)
    texts = {a.id: a.text for a in articles}

    def position(fact_id: str) -> float:
        ev = by_id[fact_id].evidence[0]
        return ev.start / len(texts[ev.doc])

    order = [position(s.fact_ids[0]) for s in brief]
    assert order == sorted(order)


def test_a_fact_worded_by_a_headline_is_briefed_by_its_full_sentence(seeds: Any) -> None:
    """A canonical statement that is a title-case headline never enters the brief; the fact
    is stated by the full sentence of its evidence instead."""
    articles, _, entities = seeds
    doc = next(a for a in articles if "Thousands Flee Amid Offensive" in a.text)

    def span(words: str) -> Evidence:
        start = doc.text.index(words)
        return Evidence(doc.id, start, start + len(words), words)

    headline = span("Syrian Insurgents Near Homs, Thousands Flee Amid Offensive")
    sentence = span("As insurgents approached, thousands of civilians, particularly Assad")
    full = doc.text[sentence.start : doc.text.index("fled Homs.", sentence.start) + 10]
    sentence = span(full)
    fact = Fact("f-headline", headline.text, (headline, sentence), (doc.id,), 1, "single_source")
    brief = build_brief([fact], articles=articles, entities=entities, conflicts=[])
    assert [s.text for s in brief] == [full]
