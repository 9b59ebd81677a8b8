"""Timeline, quotes and unique details on the seeds (one module each, one report)."""

from __future__ import annotations

from newsfuse.models import Report

# Framing on the seeds, against hand counts: tests/fusion/test_framing.py.


def test_timeline_is_dated_and_in_order(seed_report: Report) -> None:
    # Undated events sit where the reports' order cues put them (tests/fusion/test_timeline.py).
    whens = [e.when for e in seed_report.timeline if e.when]
    assert whens == sorted(whens)
    assert {"2011", "2012", "2014"} <= set(whens)
    texts = {d.id: d.text for d in seed_report.documents}
    for event in seed_report.timeline:
        assert event.when_text is None or event.when_text in event.event
        for e in event.evidence:
            assert texts[e.doc][e.start : e.end] == e.text


def test_quotes_have_speakers_and_exact_spans(seed_report: Report) -> None:
    texts = {d.id: d.text for d in seed_report.documents}
    assert seed_report.quotes
    for quote in seed_report.quotes:
        for e in (quote.evidence, *quote.also):
            assert texts[e.doc][e.start : e.end] == e.text
    speakers = {q.speaker for q in seed_report.quotes}
    assert "Rami Abdurrahman" in speakers
    resolved = [q for q in seed_report.quotes if q.speaker_entity]
    assert len(resolved) >= len(seed_report.quotes) // 2


def test_unique_details_belong_to_one_document(seed_report: Report) -> None:
    by_id = {f.id: f for f in seed_report.facts}
    assert set(seed_report.unique) == {d.id for d in seed_report.documents}
    for doc, ids in seed_report.unique.items():
        assert ids
        for fid in ids:
            assert by_id[fid].doc_ids == (doc,)
