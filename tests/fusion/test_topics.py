"""Conflict wording: topics a reader understands, reports named as the reader sees them, and
which facts a conflicting value disputes (main claim) or only links to (subordinate clause)."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.fusion.frames import ValueFrame, parse_texts, value_frames
from newsfuse.fusion.stance import StanceFrame, stance_frames
from newsfuse.fusion.statements import Statement
from newsfuse.fusion.topics import past_tense, plural, stance_topic, value_topic
from newsfuse.fusion.verify import mark_disputed, reader_labels
from newsfuse.ingest import article_from_text
from newsfuse.models import Conflict, Fact, Quantity, TimeExpr


def year_in(text: str, year: str) -> TimeExpr:
    at = text.index(year)
    return TimeExpr(at, at + len(year), year, year, "year")


def crowd_in(text: str, words: str, low: float, high: float) -> Quantity:
    at = text.index(words)
    return Quantity(
        at, at + len(words), words, "count", None, low, high, None, "people", low, high, vague=True
    )


def frames_of(nlp: Any, text: str, **values: Any) -> list[ValueFrame]:
    s = Statement("d", 0, 0, 0, len(text), text, **values)
    return value_frames(0, s, parse_texts([text], nlp=nlp)[0])


@pytest.mark.parametrize(
    ("text", "main"),
    [
        ("The conflict began in 2011 after protests were crushed.", True),
        ("The pound plunged 25% in a week, against 47 before the conflict began in 2011.", False),
        ("The civil war, which erupted in 2011, has drawn in many foreign powers.", False),
        ("Officials said the conflict began in 2011.", True),
    ],
)
def test_a_value_is_the_main_claim_only_outside_subordinate_clauses(
    nlp: Any, text: str, main: bool
) -> None:
    (frame,) = frames_of(nlp, text, times=(year_in(text, "2011"),))
    assert frame.main is main


def test_count_topic_asks_how_many_with_a_past_tense_verb(nlp: Any) -> None:
    a = "Thousands began fleeing Homs as the rebels advanced."
    b = "Tens of thousands fled Homs on Friday."
    (x,) = frames_of(nlp, a, quantities=(crowd_in(a, "Thousands", 1000, 9999),))
    (y,) = frames_of(nlp, b, quantities=(crowd_in(b, "Tens of thousands", 10000, 99999),))
    assert value_topic(x, y) == value_topic(y, x) == "how many people fled Homs"


def test_date_topic_names_subject_and_verb(nlp: Any) -> None:
    a = "The conflict began in 2011 after protests were crushed."
    (x,) = frames_of(nlp, a, times=(year_in(a, "2011"),))
    assert value_topic(x, x) == "when the conflict began"


def test_past_tense_and_plural() -> None:
    assert [past_tense(w) for w in ("flee", "carry", "stop", "displace", "kill", "strike")] == [
        "fled",
        "carried",
        "stopped",
        "displaced",
        "killed",
        "struck",
    ]
    assert [plural(w) for w in ("town", "city", "people", "church")] == [
        "towns",
        "cities",
        "people",
        "churches",
    ]


def stance(target: str, polarity: int) -> StanceFrame:
    return StanceFrame(0, frozenset({"e1"}), polarity, 0, 1, "x", target, frozenset())


def test_stance_topic_says_what_the_stance_is_about() -> None:
    frames = [stance("such developments", -1), stance("the push", 1)]
    assert stance_topic(frames, "Recep Tayyip Erdogan") == (
        "Recep Tayyip Erdogan's stance on the push"
    )
    assert stance_topic([stance("such developments", -1)], "Turkey") == "Turkey's stance"


def test_a_light_stance_verb_is_about_what_its_noun_is_about(nlp: Any) -> None:
    text = "Erdogan voiced unease over the offensive on Friday."
    s = Statement("d", 0, 0, 0, len(text), text, frozenset({"e1"}), ((0, 7, "e1"),))
    (frame,) = stance_frames(0, s, parse_texts([text], nlp=nlp)[0])
    assert frame.polarity == -1 and frame.target == "the offensive"


def test_reader_labels_outlet_then_title_then_number() -> None:
    body = "Rebels seized two towns near the city on Friday, officials said in a statement."
    docs = [
        article_from_text(body + " One.", source="/x/000_965d54c24aec485c.txt", outlet="Reuters"),
        article_from_text(
            body + " Two.", source="/x/001_7c3a2310d0271744.txt", title="Rebels Advance"
        ),
        article_from_text(body + " Three.", source="/x/002_d096c3cf09c4f1c6.txt"),
        article_from_text(body + " Four.", source="/x/003.txt", outlet="Reuters"),
    ]
    labels = reader_labels(docs)
    assert [labels[d.id] for d in docs] == [
        "Reuters (report 1)",
        "“Rebels Advance”",
        "report 3",
        "Reuters (report 4)",
    ]


def test_linked_facts_keep_their_status() -> None:
    def fact(fid: str) -> Fact:
        return Fact(fid, "s", (), ("d",), 1, "single_source")

    conflict = Conflict("c", "date", "t", (), "e", fact_ids=("f1", "f2"), linked_fact_ids=("f2",))
    marked = {f.id: f.status for f in mark_disputed([fact("f1"), fact("f2")], [conflict])}
    assert marked == {"f1": "disputed", "f2": "single_source"}


def test_a_prefixed_irregular_verb_and_a_quantity_topic(nlp: Any) -> None:
    assert past_tense("undergo") == "underwent" and past_tense("withhold") == "withheld"
    text = "The rebels advanced 5 km on Friday."
    at = text.index("5 km")
    km = Quantity(at, at + 4, "5 km", "quantity", 5, 5, 5, "km", "km", 5, 5)
    (x,) = frames_of(nlp, text, quantities=(km,))
    assert value_topic(x, x) == "the distance (the rebels advanced)"


def test_a_denied_value_a_pronoun_subject_and_a_counted_object(nlp: Any) -> None:
    text = "Teixeira has never hit fewer than 26 homers in a season."
    at = text.index("fewer than 26 homers")
    homers = Quantity(at, at + 20, text[at : at + 20], "count", 26, 26, 26, "homers", "homer")
    assert frames_of(nlp, text, quantities=(homers,)) == []  # a value denied claims nothing
    text = "She left a California hospital in 1992."
    (frame,) = frames_of(nlp, text, times=(year_in(text, "1992"),))
    assert frame.subject == "#pronoun" and frame.subject_text == "She"
    text = "The gunman killed four people at the mall."
    (frame,) = frames_of(nlp, text, quantities=(crowd_in(text, "four people", 4, 4),))
    assert frame.object == "" and frame.subject == "gunman"


def test_values_across_facts_are_compared_only_between_related_reports(
    nlp: Any, encoder: Any
) -> None:
    from newsfuse.fusion.rules import RELATED, RuleVerifier
    from newsfuse.fusion.verify import Pair

    def statement(doc: str, k: int, text: str) -> Statement:
        times = (year_in(text, "2011"),) if "2011" in text else ()
        times = (year_in(text, "2012"),) if "2012" in text else times
        return Statement(doc, k, k, 0, len(text), text, times=times)

    war = [
        statement("a", 0, "The civil war began in 2011."),
        statement("b", 0, "The civil war began in 2012."),
    ]
    shared = [
        statement(doc, k, text)
        for k, text in enumerate(["Rebels seized two towns.", "Thousands fled the city."], 1)
        for doc in ("a", "b")
    ]
    statements = war + shared
    verifier = RuleVerifier(nlp=nlp, encoder=encoder)
    assert verifier.verify(statements, []) == []  # two reports with nothing in common
    pairs = [Pair(2 + 2 * k, 3 + 2 * k, 0.9) for k in range(RELATED)]
    (found,) = verifier.verify(statements, pairs)
    assert {found.a.value, found.b.value} == {"2011", "2012"}
