from __future__ import annotations

from newsfuse.cluster.index import CandidateIndex, top_keys


def test_candidates_rank_by_shared_keys_and_postings_are_capped() -> None:
    index = CandidateIndex(max_postings=3)
    index.add("s1", ["e:rahman", "w:boxing"])
    index.add("s2", ["e:thompson", "w:boxing"])
    for i in range(3, 7):
        index.add(f"s{i}", ["w:boxing"])
    assert len(index.postings["w:boxing"]) == 3  # only the most recent stories
    assert index.candidates(["e:rahman", "w:boxing"], limit=2)[0] == "s1"
    index.remove("s1", ["e:rahman", "w:boxing"])
    assert "e:rahman" not in index.postings
    assert index.candidates(["e:rahman"], limit=5) == []


def test_top_keys_are_the_heaviest_terms_in_a_stable_order() -> None:
    assert top_keys({"b": 0.5, "a": 0.5, "c": 0.9, "d": 0.1}, k=3) == ["c", "a", "b"]
