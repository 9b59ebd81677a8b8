from __future__ import annotations

from typing import Any

import numpy as np

from newsfuse.fusion.align import align
from newsfuse.fusion.statements import Statement
from newsfuse.models import Fact, Report


def facts_with(report: Report, *words: str) -> list[Fact]:
    return [f for f in report.facts if any(all(w in e.text for w in words) for e in f.evidence)]


def test_seizure_of_rastan_and_talbiseh_is_one_fact_of_all_five(
    seed_report: Report, seed_ids: dict[str, str]
) -> None:
    facts = facts_with(seed_report, "Rastan", "seized")
    assert len(facts) == 1
    fact = facts[0]
    assert set(fact.doc_ids) == set(seed_ids.values())
    assert fact.support == 5
    assert fact.status in ("consensus", "disputed")
    assert "Rastan" in fact.statement


def test_details_only_one_report_has_are_single_source_facts_of_that_report(
    seed_report: Report, seed_ids: dict[str, str]
) -> None:
    for words, prefix in [
        (("18,000",), "001"),
        (("50%", "pay raise"), "004"),
        (("bridge", "M5"), "002"),
        (("partly held by rebels until 2014",), "003"),
    ]:
        facts = facts_with(seed_report, *words)
        assert len(facts) == 1, words
        assert facts[0].doc_ids == (seed_ids[prefix],), words
        assert facts[0].support == 1
        assert facts[0].id in seed_report.unique[seed_ids[prefix]]


def test_every_evidence_span_slices_its_document(seed_report: Report) -> None:
    texts = {d.id: d.text for d in seed_report.documents}
    for fact in seed_report.facts:
        assert fact.evidence
        for e in fact.evidence:
            assert texts[e.doc][e.start : e.end] == e.text
        assert fact.statement in {e.text for e in fact.evidence}


def test_support_counts_documents_and_status_follows(seed_report: Report) -> None:
    for fact in seed_report.facts:
        assert fact.support == len(set(fact.doc_ids))  # the seeds are five independent reports
        if fact.status != "disputed":
            expected = {1: "single_source", 5: "consensus"}.get(fact.support, "corroborated")
            assert fact.status == expected


def test_topic_sharing_sentences_stay_apart(encoder: Any) -> None:
    texts = [
        ("a", "Homs holds substantial strategic importance for the government."),
        ("b", "Homs was partly held by rebels until 2014 and is important for the government."),
        ("c", "The rebels seized Rastan and Talbiseh, advancing within three miles of Homs."),
        ("d", "Insurgents captured Rastan and Talbiseh, just 5 km from Homs."),
    ]
    entities = {"Homs": "homs", "Rastan": "rastan", "Talbiseh": "talbiseh"}
    statements = [
        Statement(
            doc=d,
            position=0,
            sentence=0,
            start=0,
            end=len(t),
            text=t,
            entities=frozenset(v for k, v in entities.items() if k in t),
        )
        for d, t in texts
    ]
    vectors = np.asarray(encoder.encode([t for _, t in texts], normalize_embeddings=True))
    facts = align(statements, vectors)
    groups = sorted(sorted(f.doc_ids) for f in facts)
    assert ["c", "d"] in groups
    assert ["a", "b"] not in groups


def test_fact_ids_are_stable(encoder: Any) -> None:
    t = "Insurgents captured Rastan and Talbiseh near Homs on Friday."
    statements = [
        Statement(doc=d, position=0, sentence=0, start=0, end=len(t), text=t) for d in "xy"
    ]
    vectors = np.asarray(encoder.encode([t, t], normalize_embeddings=True))
    first, second = align(statements, vectors), align(statements, vectors)
    assert [f.id for f in first] == [f.id for f in second]
    assert len(first) == 1 and first[0].support == 2
