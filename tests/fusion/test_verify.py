from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newsfuse.fusion.embed import EmbeddingCache
from newsfuse.fusion.perturb import EDITS, Edit
from newsfuse.models import Conflict, Report


def conflicts_about(report: Report, *words: str) -> list[Conflict]:
    return [
        c
        for c in report.conflicts
        if any(w.casefold() in s.value.casefold() for s in c.sides for w in words)
    ]


def docs_of(conflict: Conflict, value: str) -> set[str]:
    side = next(s for s in conflict.sides if s.value.casefold() == value.casefold())
    return {e.doc for e in side.evidence}


def test_war_start_2011_against_2012(seed_report: Report, seed_ids: dict[str, str]) -> None:
    found = [c for c in seed_report.conflicts if c.kind == "date"]
    assert len(found) == 1
    conflict = found[0]
    assert conflict.topic == "when the conflict began"
    assert docs_of(conflict, "2011") == {seed_ids["001"]}
    assert docs_of(conflict, "2012") == {seed_ids["002"]}
    assert "2011" in conflict.explanation and "2012" in conflict.explanation


def test_thousands_against_tens_of_thousands(seed_report: Report, seed_ids: dict[str, str]) -> None:
    found = [c for c in seed_report.conflicts if c.kind == "count"]
    assert len(found) == 1
    conflict = found[0]
    assert conflict.topic == "how many people fled Homs"
    assert docs_of(conflict, "Tens of thousands") == {seed_ids["004"]}
    thousands = docs_of(conflict, "Thousands")
    assert {seed_ids["000"], seed_ids["001"], seed_ids["003"]} <= thousands
    assert seed_ids["004"] not in thousands


def test_turkey_stance(seed_report: Report, seed_ids: dict[str, str]) -> None:
    found = [c for c in seed_report.conflicts if c.kind == "stance"]
    assert len(found) == 1
    conflict = found[0]
    assert conflict.topic == "Recep Tayyip Erdogan's stance on the push"
    by_doc = {e.doc: s.normalized for s in conflict.sides for e in s.evidence}
    assert by_doc[seed_ids["000"]] == "opposes or regrets"
    assert by_doc[seed_ids["004"]] == "supports"
    assert by_doc[seed_ids["001"]] == "mixed"
    words = {s.value for s in conflict.sides}
    assert "had not wished for such developments" in words
    assert "has publicly endorsed the push" in words


def test_no_false_conflicts_on_the_seeds(seed_report: Report) -> None:
    assert not conflicts_about(seed_report, "miles", "km", "kilometers")
    assert not conflicts_about(seed_report, "largest")
    assert len(seed_report.conflicts) == 3


def test_conflict_evidence_is_exact_and_facts_are_disputed(seed_report: Report) -> None:
    texts = {d.id: d.text for d in seed_report.documents}
    disputed = {f.id for f in seed_report.facts if f.status == "disputed"}
    for conflict in seed_report.conflicts:
        assert len(conflict.sides) >= 2 and conflict.explanation.endswith(".")
        for side in conflict.sides:
            for e in side.evidence:
                assert texts[e.doc][e.start : e.end] == e.text == side.value or e.text
        assert set(conflict.linked_fact_ids) <= set(conflict.fact_ids)
        assert set(conflict.fact_ids) - set(conflict.linked_fact_ids) <= disputed


def test_explanations_name_reports_as_a_reader_sees_them(seed_report: Report) -> None:
    """Outlet, else title, else "report N" (the number the rendered reports cite it by)."""
    for conflict in seed_report.conflicts:
        assert ".txt" not in conflict.explanation
        assert not re.search(r"[0-9a-f]{16}", conflict.explanation), conflict.explanation
    count = next(c for c in seed_report.conflicts if c.kind == "count")
    assert "Newslooks" in count.explanation  # 001 names its outlet
    assert "report 5 says “Tens of thousands”" in count.explanation  # 004: no outlet, no title


def test_a_value_in_a_subordinate_clause_does_not_dispute_its_fact(seed_report: Report) -> None:
    """The pound fact carries "before the conflict began in 2011" but claims the pound's fall:
    it stays single-source, linked to the 2011/2012 conflict."""
    pound = next(f for f in seed_report.facts if "18,000 pounds" in f.statement)
    assert pound.status == "single_source"
    war = next(c for c in seed_report.conflicts if c.kind == "date")
    assert pound.id in war.fact_ids and pound.id in war.linked_fact_ids


def dev_cases(data_dir: Any, edit: Any, n: int) -> list[tuple[str, Edit]]:
    cases = []
    with (data_dir / "clustering" / "mmds_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            change = edit(text)
            if change is not None:
                cases.append((text, change))
            if len(cases) == n:
                break
    return cases


def fuse_pair(text: str, change: Edit, nlp: Any, encoder: Any, cache: EmbeddingCache) -> Report:
    from newsfuse.ingest import article_from_text
    from newsfuse.pipeline import fuse_articles

    original = article_from_text(text, source="original")
    edited = article_from_text(change.apply(text), source="edited")
    return fuse_articles([original, edited], nlp=nlp, encoder=encoder, cache=cache)


@pytest.mark.parametrize("edit", [e for e in EDITS if e.__name__.startswith("alter")])
def test_an_altered_year_or_count_in_a_copy_is_a_conflict(
    edit: Any, data_dir: Any, nlp: Any, encoder: Any, embedding_cache: EmbeddingCache
) -> None:
    for text, change in dev_cases(data_dir, edit, 1):
        report = fuse_pair(text, change, nlp, encoder, embedding_cache)
        values = {s.value for c in report.conflicts for s in c.sides}
        assert any(change.new in v for v in values), (change, values)


@pytest.mark.parametrize("edit", [e for e in EDITS if not e.__name__.startswith("alter")])
def test_a_distance_restated_or_rounded_is_not_a_conflict(
    edit: Any, data_dir: Any, nlp: Any, encoder: Any, embedding_cache: EmbeddingCache
) -> None:
    for text, change in dev_cases(data_dir, edit, 1):
        report = fuse_pair(text, change, nlp, encoder, embedding_cache)
        assert report.conflicts == (), (change, report.conflicts)


def test_a_day_of_a_month_is_not_a_count_to_alter() -> None:
    from newsfuse.fusion.perturb import alter_count

    text = "On Jun 28 this year, the agent was paid. Police questioned 30 officials."
    edit = alter_count(text)
    assert edit is not None and edit.old == "30"
