"""Timeline events gathered over all documents, and the order cues between them.

A fact whose statement reports a happening is one event (its evidence is the fact's evidence,
every document that states it). A dated clause is an event keyed by its class, date and places,
so "the conflict began in 2011" in one report and "the war began in 2011" in another meet. An
event phrase inside a cue ("the capture of Hama") is matched to an event of the same class about
the same places; failing that it becomes an event of its own, shared by the reports that name it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsfuse.fusion.statements import Statement
from newsfuse.fusion.timeline.clauses import Phrase, Reading
from newsfuse.fusion.timeline.order import Item
from newsfuse.fusion.values import from_time
from newsfuse.models import Evidence, Fact, TimeExpr, TimelineEvent

Key = tuple[str, ...]


@dataclass(slots=True)
class Node:
    """One event while the timeline is built (mutable; turned into a TimelineEvent at the end)."""

    key: Key
    text: str
    cls: str
    evidence: list[Evidence]
    support: int
    first: tuple[int, int]
    entities: set[str] = field(default_factory=set)
    times: list[tuple[TimeExpr, str]] = field(default_factory=list)  # (time, its phrase text)

    def add(self, phrase: Phrase, first: tuple[int, int]) -> None:
        self.entities |= phrase.entities
        self.first = min(self.first, first)
        if phrase.time is not None:
            self.times.append((phrase.time, phrase.text))

    def when(self) -> tuple[str | None, str | None, tuple[float, float] | None, str]:
        """(when, when_text, its days as ordinals, the text of the phrase that dates it)."""
        resolved = [(t, txt, d) for t, txt in self.times if (d := _days(t)) is not None]
        if resolved:
            counts = Counter(_iso(t) or t.value for t, _, _ in resolved)
            best = max(counts, key=lambda v: (counts[v], len(v or "")))
            t, txt, days = next(r for r in resolved if (_iso(r[0]) or r[0].value) == best)
            return _iso(t), t.text, days, txt
        if self.times:
            counts = Counter(t.text.casefold() for t, _ in self.times)
            common = counts.most_common(1)[0][0]
            t, txt = next(x for x in self.times if x[0].text.casefold() == common)
            return None, t.text, None, txt
        return None, None, None, self.text

    def item(self, *, placed: bool) -> Item:
        """The event for ordering. Among events free to come at the same point, those a cue
        places come first; then undated ones no cue places (news leads with the latest
        happening, so these are rarely background); last, those dated only relative to an
        unknown publication day ("on Friday"), the latest of the story."""
        _, when_text, days, _ = self.when()
        recent = 2 if days is None and when_text is not None else int(not placed and not days)
        return Item(days[0] if days else None, days[1] if days else None, (recent, *self.first))

    def event(self) -> TimelineEvent:
        when, when_text, _, text = self.when()
        if when_text is not None and when_text not in text:
            text = self.text
        return TimelineEvent(when, when_text, text, tuple(dict.fromkeys(self.evidence)))


class Events:
    """Events and cues from the readings of the parsed statements."""

    def __init__(
        self,
        readings: Mapping[tuple[str, int], tuple[Statement, Reading]],
        fact_of: Mapping[tuple[str, int, int], Fact],
        *,
        doc_rank: Mapping[str, int],
        places: frozenset[str],
    ) -> None:
        self.readings, self.fact_of = readings, fact_of
        self.doc_rank, self.places = doc_rank, places
        self.nodes: dict[Key, Node] = {}

    def collect(self) -> tuple[dict[Key, Node], dict[tuple[Key, Key], int]]:
        """The events, and the cues as (earlier, later) -> number of documents stating it."""
        for s, reading in self.readings.values():
            first = (s.position, self.doc_rank.get(s.doc, 0))
            fact = self.fact_of.get((s.doc, s.start, s.end))
            if reading.main is not None and fact is not None:
                node = self._fact_node(fact, reading.main)
                node.add(reading.main, first)
                if s.text == fact.statement:  # the canonical wording, when it is an event
                    node.text = s.text
            for clause in reading.clauses:
                self._span_node(self._clause_key(clause), clause).add(clause, first)
        said: dict[tuple[Key, Key], set[str]] = {}
        for s, reading in self.readings.values():
            for cue in reading.cues:
                a, b = self._resolve(cue.first, s), self._resolve(cue.then, s)
                if a is not None and b is not None and a != b:
                    said.setdefault((a, b), set()).add(s.doc)
        return self.nodes, {pair: len(docs) for pair, docs in said.items()}

    def choose(
        self, nodes: Mapping[Key, Node], cues: Mapping[tuple[Key, Key], int], *, limit: int
    ) -> list[Key]:
        """The events worth showing, at most ``limit``: dated ones, then those a cue places,
        then those with a relative date, then facts that two or more documents support."""
        in_cue = {k for pair in cues for k in pair}

        def rank(key: Key) -> tuple[int, int, tuple[int, int]]:
            node = nodes[key]
            when = node.when()
            level = 0 if when[2] else 1 if key in in_cue else 2 if when[1] else 3
            return level, -node.support, node.first

        keep = [k for k in nodes if rank(k)[0] < 3 or (k[0] == "fact" and nodes[k].support >= 2)]
        return sorted(keep, key=rank)[:limit]

    def _fact_node(self, fact: Fact, main: Phrase) -> Node:
        key = ("fact", fact.id)
        if key not in self.nodes:
            self.nodes[key] = Node(
                key, main.text, main.cls, list(fact.evidence), fact.support, (1 << 30, 0)
            )
        return self.nodes[key]

    def _span_node(self, key: Key, phrase: Phrase) -> Node:
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key, phrase.text, phrase.cls, [], 0, (1 << 30, 0))
        ev = Evidence(phrase.doc, phrase.start, phrase.end, phrase.text)
        if ev not in node.evidence:
            node.evidence.append(ev)
            node.support = len({e.doc for e in node.evidence})
        return node

    def _clause_key(self, clause: Phrase) -> Key:
        t = clause.time
        when = (t.value or t.text.casefold()) if t is not None else ""
        return ("clause", clause.cls, when, *sorted(clause.entities & self.places))

    def _resolve(self, phrase: Phrase, s: Statement) -> Key | None:
        if phrase.kind == "main":
            fact = self.fact_of.get((s.doc, s.start, s.end))
            return ("fact", fact.id) if fact is not None else None
        if phrase.kind == "clause":
            return self._clause_key(phrase)
        if phrase.kind == "previous":
            before = self.readings.get((s.doc, s.position - 1))
            if before is None or before[1].main is None:
                return None
            return self._resolve(before[1].main, before[0])
        return self._match(phrase, s)

    def _match(self, phrase: Phrase, s: Statement) -> Key:
        """The event a cue's phrase names: one of the same class about the same places (or
        naming the same entities when it names no place), the best supported; else its own."""
        places = phrase.entities & self.places
        found = [
            n
            for n in self.nodes.values()
            if n.cls == phrase.cls and self._same(phrase.entities, n, places=places)
        ]
        best = max(found, key=lambda n: (n.support, [-x for x in n.first]), default=None)
        if best is not None and best.key[0] != "phrase":
            return best.key
        own = ("phrase", phrase.cls, *sorted(places or phrase.entities))
        key = best.key if best is not None else own
        node = self._span_node(key, phrase)
        if len(phrase.text) > len(node.text):
            node.text = phrase.text  # "the capture of Hama" reads better than "Hama"
        node.add(phrase, (s.position, self.doc_rank.get(s.doc, 0)))
        return key

    def _same(self, entities: frozenset[str], node: Node, *, places: frozenset[str]) -> bool:
        """Whether a phrase naming ``entities`` can be ``node``'s event: the same places;
        without places, entities all named by the node (or nested either way between two
        phrases: "drone attack" and "an American drone attack")."""
        if places:
            return node.entities & self.places == places
        if node.entities & self.places:
            return False
        if node.key[0] == "phrase":
            return entities <= node.entities or node.entities <= entities
        return bool(entities) and entities <= node.entities


def _days(t: TimeExpr) -> tuple[float, float] | None:
    value = from_time(t, resolved_relative=True)
    if value is not None:
        return value.low, value.high
    if t.value is None or t.granularity not in ("week", "weekend"):
        return None
    try:
        if t.granularity == "week":
            year, week = t.value.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            return float(monday.toordinal()), float(monday.toordinal() + 6)
        saturday = dt.date.fromisoformat(t.value)
    except ValueError:
        return None
    return float(saturday.toordinal()), float(saturday.toordinal() + 1)


def _iso(t: TimeExpr) -> str | None:
    """``when`` for a resolved expression: its value for a year, month or day; the month of a
    week or weekend that lies in one month; else None (its text still places it)."""
    if t.granularity in ("year", "month", "day"):
        return t.value
    days = _days(t)
    if days is None:
        return None
    lo, hi = (dt.date.fromordinal(int(d)) for d in days)
    return f"{lo.year}-{lo.month:02d}" if (lo.year, lo.month) == (hi.year, hi.month) else None
