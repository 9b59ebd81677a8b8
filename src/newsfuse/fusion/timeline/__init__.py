"""Timeline: the events of a story in order, dated where a report dates them.

Events come from the fused facts (a fact is an event when its statement reports a past
happening with an actor or a place), from dated subordinate clauses ("before the conflict began
in 2011"), and from the event phrases named inside order cues ("following the fall of Hama").
Dates are the analysis's time expressions that belong to the event's own clause; relative ones
count once resolved against the publication date, and stay as text (``when`` None) otherwise.
Undated events are placed by the reports' cues ("after", "following", "before", "since",
"X followed Y", "X, followed by Y", "then"), merged over all documents (see ``order``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsfuse.fusion.frames import parse_texts
from newsfuse.fusion.statements import Statement
from newsfuse.fusion.timeline.clauses import Reading, read_statement
from newsfuse.fusion.timeline.events import Events
from newsfuse.fusion.timeline.order import order_events
from newsfuse.fusion.timeline.words import CUE_WORDS
from newsfuse.models import Entity, Fact, TimelineEvent

# Statements parsed again for the timeline, at most. Parsing (with lemmas) is the timeline's
# only real cost: 120 statements took 0.86 s of CPU in a 1,000-article story on the shared
# 2-core machine. The ones that carry a date or an order cue come first, then one wording of
# each best-supported fact; the seeds need 39.
MAX_PARSED = 120
# Events in a timeline, at most: dated events first, then events placed by a cue, then the
# best-supported undated ones.
MAX_EVENTS = 40


def build_timeline(
    facts: Sequence[Fact],
    statements: Sequence[Statement],
    *,
    nlp: Any,
    entities: Sequence[Entity] = (),
    max_events: int = MAX_EVENTS,
) -> list[TimelineEvent]:
    """The story's events in chronological order: at most ``max_events`` (40 by default:
    dated events first, then those an order cue places, then the best-supported undated facts).

    Guarantees: every event has at least one evidence span, and every span slices its
    document's text exactly; ``when`` is an ISO date, year-month or year, or None when only the
    order is known; dated events whose dates do not overlap are in date order; the result is
    the same for the same input. Cost: one parse of at most ``MAX_PARSED`` (120) statements,
    and a pass over the statements, so it grows no faster than the story.
    """
    fact_of = {(e.doc, e.start, e.end): f for f in facts for e in f.evidence}
    picked = _pick(statements, fact_of)
    docs = parse_texts([s.text for s in picked], nlp=nlp)
    readings: dict[tuple[str, int], tuple[Statement, Reading]] = {
        (s.doc, s.position): (s, read_statement(s, d)) for s, d in zip(picked, docs, strict=True)
    }
    doc_rank = {doc: i for i, doc in enumerate(dict.fromkeys(s.doc for s in statements))}
    places = frozenset(e.id for e in entities if e.type in ("GPE", "LOC", "FAC"))
    events = Events(readings, fact_of, doc_rank=doc_rank, places=places)
    nodes, cues = events.collect()
    chosen = events.choose(nodes, cues, limit=max_events)
    index = {key: i for i, key in enumerate(chosen)}
    kept = {(index[a], index[b]): n for (a, b), n in cues.items() if a in index and b in index}
    placed = {i for pair in kept for i in pair}
    items = [nodes[key].item(placed=i in placed) for i, key in enumerate(chosen)]
    return [nodes[chosen[i]].event() for i in order_events(items, kept)]


def _pick(
    statements: Sequence[Statement], fact_of: dict[tuple[str, int, int], Fact]
) -> list[Statement]:
    """The statements worth parsing, best first, at most ``MAX_PARSED``, in text order."""
    position = {(s.doc, s.position): s for s in statements}
    scored: dict[tuple[str, int], tuple[int, int]] = {}
    seen: set[str] = set()
    for s in statements:
        fact = fact_of.get((s.doc, s.start, s.end))
        support = fact.support if fact is not None else 0
        if s.times or CUE_WORDS.search(s.text):
            scored[(s.doc, s.position)] = (0, -support)
            before = position.get((s.doc, s.position - 1))
            if before is not None:  # "This incursion followed ...": the event of the one before
                scored.setdefault((before.doc, before.position), (1, -support))
        elif fact is not None and support >= 2 and fact.id not in seen:
            seen.add(fact.id)  # one wording is enough to tell whether a fact is an event
            scored.setdefault((s.doc, s.position), (2, -support))
    best = sorted(scored, key=lambda k: (scored[k], k[1], k[0]))[:MAX_PARSED]
    return sorted((position[k] for k in best), key=lambda s: (s.doc, s.position))


__all__ = ["MAX_EVENTS", "MAX_PARSED", "build_timeline"]
