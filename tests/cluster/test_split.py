from __future__ import annotations

from newsfuse.cluster.split import find_split
from newsfuse.cluster.vectors import normalize


def _vec(*terms: str) -> dict[str, float]:
    return normalize({t: 1.0 for t in terms})


def test_two_events_sharing_the_topic_words_are_split() -> None:
    shared = ("w:klitschko", "w:heavyweight", "w:title", "w:round")
    rahman = [_vec(*shared, "e:rahman", "e:mannheim", f"w:x{i}") for i in range(4)]
    thompson = [_vec(*shared, "e:thompson", "e:bern", f"w:y{i}") for i in range(4)]
    decision = find_split(rahman + thompson)
    assert decision is not None
    assert {frozenset(decision.first), frozenset(decision.second)} == {
        frozenset(range(4)),
        frozenset(range(4, 8)),
    }
    assert decision.between < decision.within


def test_one_event_told_in_varied_words_stays_whole() -> None:
    shared = ("w:quake", "e:chile", "n:8.8", "d:02-27")
    members = [_vec(*shared, f"w:detail{i}", f"w:detail{(i + 1) % 6}") for i in range(6)]
    assert find_split(members) is None


def test_too_small_a_story_is_never_split() -> None:
    assert find_split([_vec("w:a"), _vec("w:b"), _vec("w:c")]) is None


def test_the_cut_finds_the_two_events_not_one_odd_member() -> None:
    """An average-link tree cut would cut off the odd report alone; the normalized cut does not."""
    shared = ("w:pirates", "w:navy", "w:gulf", "w:aden")
    first = [_vec(*shared, "n:23", "e:tabar", f"w:x{i}") for i in range(5)]
    second = [_vec(*shared, "n:2011", "d:11-12", f"w:y{i}") for i in range(3)]
    odd = [_vec("w:pirates", "w:ransom", "w:kenya", "w:mombasa", "w:court")]
    decision = find_split(first + odd + second)
    assert decision is not None
    assert set(decision.second) == {6, 7, 8}
    assert 0 in decision.first
    # The session-1 cut (kept as the bench's peer) cuts off the odd report and so finds nothing.
    assert find_split(first + odd + second, cut="average") is None
