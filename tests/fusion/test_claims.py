from __future__ import annotations

from typing import Any

from newsfuse.fusion.claims import ClaimOptions, parse_claims, same_claim, term_weights
from newsfuse.fusion.parses import CachedParser

LIGHTFOOT = "Lori Lightfoot won the Chicago mayor's race on Tuesday, the city said."
WINS = "Lightfoot easily won the race for mayor of Chicago, defeating a longtime insider."
RUNNER = "Toni Preckwinkle conceded the race to her rival on Tuesday night in Chicago."


def _decide(nlp: Any, a: str, b: str, sim: float, **anchors: float) -> bool:
    claims = parse_claims([a, b], nlp=CachedParser(nlp))
    weights = term_weights([a, b, RUNNER])
    kw = {"shared_anchors": 2.0, "exclusive_a": 0.0, "exclusive_b": 0.0} | anchors
    return same_claim(sim, *claims, weights, options=ClaimOptions(), **kw)


def test_one_claim_in_other_words_is_the_same_claim(nlp: Any) -> None:
    claims = parse_claims([LIGHTFOOT, WINS], nlp=CachedParser(nlp))
    assert {"lightfoot", "mayor", "chicago"} <= claims[0].terms & claims[1].terms
    assert _decide(nlp, LIGHTFOOT, WINS, 0.8)


def test_another_claim_on_the_topic_is_not(nlp: Any) -> None:
    assert not _decide(nlp, WINS, RUNNER, 0.63)


def test_both_sides_naming_their_own_rare_things_are_two_events(nlp: Any) -> None:
    # Two earthquakes: each sentence names a place and a magnitude the other does not.
    assert not _decide(nlp, LIGHTFOOT, WINS, 0.8, exclusive_a=5.0, exclusive_b=4.0)
    # A restatement with more detail on one side only still merges.
    assert _decide(nlp, LIGHTFOOT, WINS, 0.8, exclusive_a=5.0)


def test_below_the_floor_nothing_merges(nlp: Any) -> None:
    assert not _decide(nlp, LIGHTFOOT, WINS, ClaimOptions().floor - 0.01)
