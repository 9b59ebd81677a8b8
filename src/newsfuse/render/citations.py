"""Citation numbering shared by the HTML and Markdown reports.

Documents are numbered 1..n in report order (the reader's "[2]" is always the second source).
Every piece of evidence the report shows (brief, facts, conflicts, quotes, timeline) becomes a
``SpanRef`` with a stable key, so both renderers point at the same exact character spans.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsfuse.models import Article, BriefSentence, Evidence, Fact, Report, ReportQuote


@dataclass(frozen=True, slots=True)
class SpanRef:
    """One exact span of one document: ``doc.text[start:end] == text``.

    ``key`` ("s2-104-187": document number, start, end) is unique per span, safe as an HTML id
    and as a Markdown footnote label.
    """

    key: str
    doc_no: int
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation of one document, pointing at a span in it when one is known."""

    doc_no: int
    doc_id: str
    span: SpanRef | None


@dataclass(frozen=True, slots=True)
class Citations:
    """The numbering of documents and every span that the report cites, in first-cited order."""

    doc_numbers: dict[str, int]
    spans: tuple[SpanRef, ...]
    by_position: dict[tuple[str, int, int], SpanRef]

    def ref(self, evidence: Evidence) -> SpanRef | None:
        """The span for this evidence, or None when its offsets do not match its document."""
        return self.by_position.get((evidence.doc, evidence.start, evidence.end))

    def for_doc(self, doc_id: str) -> tuple[SpanRef, ...]:
        """The spans inside one document, by position."""
        return tuple(sorted((s for s in self.spans if s.doc_id == doc_id), key=_position))


def _position(span: SpanRef) -> tuple[int, int]:
    return (span.start, -span.end)


def evidence_in_order(report: Report) -> Iterator[Evidence]:
    """Every piece of evidence the report shows, in the order a reader meets it."""
    facts = {f.id: f for f in report.facts}
    for sentence in report.brief:
        for fact_id in sentence.fact_ids:
            if fact_id in facts:
                yield from facts[fact_id].evidence
    for fact in report.facts:
        yield from fact.evidence
    for conflict in report.conflicts:
        for side in conflict.sides:
            yield from side.evidence
    for quote in report.quotes:
        yield from quote_evidence(quote)
    for event in report.timeline:
        yield from event.evidence


def quote_evidence(quote: ReportQuote) -> tuple[Evidence, ...]:
    """Where a quote occurs: its first occurrence, then the same words in other reports."""
    return (quote.evidence, *quote.also)


def span_is_exact(evidence: Evidence, document: Article) -> bool:
    """True when the evidence's offsets select exactly its text in the document."""
    ok_range = 0 <= evidence.start < evidence.end <= len(document.text)
    return ok_range and document.text[evidence.start : evidence.end] == evidence.text


def collect_citations(report: Report) -> Citations:
    """Number the documents and register every exact span the report cites.

    Evidence whose offsets do not select its text (or whose document is not in the report) is
    left out: renderers show its words without a link and say that the span was not found.
    """
    docs = {d.id: d for d in report.documents}
    numbers = {d.id: i for i, d in enumerate(report.documents, start=1)}
    spans: dict[tuple[str, int, int], SpanRef] = {}
    for ev in evidence_in_order(report):
        doc = docs.get(ev.doc)
        if doc is None or (ev.doc, ev.start, ev.end) in spans or not span_is_exact(ev, doc):
            continue
        key = f"s{numbers[ev.doc]}-{ev.start}-{ev.end}"
        spans[(ev.doc, ev.start, ev.end)] = SpanRef(
            key, numbers[ev.doc], ev.doc, ev.start, ev.end, ev.text
        )
    return Citations(doc_numbers=numbers, spans=tuple(spans.values()), by_position=spans)


def cites_for(
    evidence: Sequence[Evidence], doc_ids: Sequence[str], citations: Citations
) -> list[Cite]:
    """One citation per document, in document order, each at that document's first span.

    Documents in ``doc_ids`` with no exact span in ``evidence`` are still cited (without a
    span), so a statement never loses a source it rests on.
    """
    first: dict[str, SpanRef] = {}
    for ev in evidence:
        ref = citations.ref(ev)
        if ref is not None and ref.doc_id not in first:
            first[ref.doc_id] = ref
    wanted = dict.fromkeys([*doc_ids, *(ev.doc for ev in evidence)])
    cites = [
        Cite(citations.doc_numbers[d], d, first.get(d))
        for d in wanted
        if d in citations.doc_numbers
    ]
    return sorted(cites, key=lambda c: c.doc_no)


def brief_cites(
    sentence: BriefSentence, facts: dict[str, Fact], citations: Citations
) -> list[Cite]:
    """The citations of one brief sentence: its documents, at the spans of its facts."""
    evidence = [ev for fid in sentence.fact_ids if fid in facts for ev in facts[fid].evidence]
    return cites_for(evidence, sentence.doc_ids, citations)


def doc_label(doc: Article) -> str:
    """A short human name for a document: its outlet, else its title, else its source."""
    return doc.outlet or doc.title or doc.source.rsplit("/", 1)[-1] or doc.id
