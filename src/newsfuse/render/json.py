"""The report as contract JSON (contracts/report.schema.json, version 1)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from newsfuse.models import Article, Conflict, Entity, Evidence, Fact, Report, ReportQuote
from newsfuse.render.wordings import SideWords, Wording, conflict_sides, fact_wordings

SCHEMA_VERSION = "1"


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready data valid against the report schema; offsets refer to each document's text.

    Guarantees: the keys the schema requires are always present; extra keys (``unique``, a
    quote's ``also``, a fact's ``wordings``, a conflict side's ``doc_ids``, ``outlets`` and
    ``sentences``) are additions the schema allows. Every span they hold is exact.
    """
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "story": {
            "id": report.story.id,
            "title": report.story.title,
            "first_published": report.story.first_published,
            "last_published": report.story.last_published,
            # The documents' languages, most common first (an addition the schema allows).
            "languages": _languages(report.documents),
        },
        "documents": [_document(d) for d in report.documents],
        "brief": [
            {"text": b.text, "fact_ids": list(b.fact_ids), "doc_ids": list(b.doc_ids)}
            for b in report.brief
        ],
        "facts": [_fact(f) for f in report.facts],
        "conflicts": [_conflict(c, report) for c in report.conflicts],
        "entities": [_entity(e) for e in report.entities],
        "quotes": [_quote(q) for q in report.quotes],
        "timeline": [
            {
                "when": t.when,
                "when_text": t.when_text,
                "event": t.event,
                "evidence": [_evidence(e) for e in t.evidence],
            }
            for t in report.timeline
        ],
        "framing": [
            {"referent": f.referent, "terms": {d: dict(t) for d, t in f.terms.items()}}
            for f in report.framing
        ],
        "derivation": [
            {"a": d.a, "b": d.b, "relation": d.relation, "similarity": float(d.similarity)}
            for d in report.derivation
        ],
        "unique": {d: list(ids) for d, ids in report.unique.items()},
    }
    if report.generated_at:
        out["generated_at"] = report.generated_at
    return out


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    """``report_to_dict`` as JSON text (UTF-8, non-ASCII kept)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"doc": e.doc, "start": e.start, "end": e.end, "text": e.text}


def _languages(documents: Sequence[Article]) -> list[str]:
    counts = Counter(d.language for d in documents if d.language)
    return [code for code, _ in counts.most_common()]


def _document(d: Article) -> dict[str, Any]:
    return {
        "id": d.id,
        "source": d.source,
        "text": d.text,
        "outlet": d.outlet,
        "byline": d.byline,
        "published": d.published,
        "title": d.title,
        "credited_sources": list(d.credited_sources),
        "boilerplate": list(d.boilerplate),
        "url": d.url,
        "language": d.language,
    }


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "id": f.id,
        "statement": f.statement,
        "evidence": [_evidence(e) for e in f.evidence],
        "doc_ids": list(f.doc_ids),
        "support": f.support,
        "status": f.status,
        # each report's own words for the fact; identical words (copies) once, with every span
        "wordings": [
            {
                "text": w.text,
                "doc_ids": list(w.doc_ids),
                "evidence": [_evidence(e) for e in w.evidence],
            }
            for w in fact_wordings(f)
        ],
    }


def _conflict(c: Conflict, report: Report) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "topic": c.topic,
        "sides": [_side(s) for s in conflict_sides(report, c)],
        "explanation": c.explanation,
        "fact_ids": list(c.fact_ids),
    }


def _side(s: SideWords) -> dict[str, Any]:
    """A side: its value and exact words, who says it, and each value in its sentence."""
    return {
        "value": s.side.value,
        "normalized": _plain(s.side.normalized),
        "evidence": [_evidence(e) for e in s.side.evidence],
        "doc_ids": list(s.doc_ids),
        "outlets": list(s.labels),
        "sentences": [_sentence(w) for w in s.wordings],
    }


def _sentence(w: Wording) -> dict[str, Any]:
    """The sentence span holding the side's value; ``values`` are its document offsets."""
    values = [{"start": v.start, "end": v.end} for v in w.values]
    return {**_evidence(w.sentence), "values": values}


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "doc_ids": list(e.doc_ids),
        "mentions": max(1, len(e.mentions)),
    }


def _quote(q: ReportQuote) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_entity": q.speaker_entity,
        "direct": q.direct,
        "evidence": _evidence(q.evidence),
        "also": [_evidence(e) for e in q.also],
    }


def _plain(value: object) -> Any:
    """A normalized value as JSON: numbers, strings, lists and dicts as they are, else str."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
