"""The default verifier: typed value comparison and stance rules, no model beyond the parser.

Values are compared in two places. Inside aligned statements, values of one family pair up when
their predicates match (or, in near-copies, when they sit at the same place). Across facts,
frames pair up when family, predicate, preposition and subject all match ("the conflict began
in 2011" / "the civil war, which erupted in 2012"), and counts and quantities must also share a
named thing or an object, so that two unrelated numbers in one story are never set against
each other. Stances pair up when one holder is said to welcome and to oppose the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from newsfuse.fusion.frames import ValueFrame, parse, value_frames, values_of
from newsfuse.fusion.slots import Slot, is_time_anchor, matching_pairs, slots_of
from newsfuse.fusion.stance import StanceFrame, may_hold_stance, stance_frames
from newsfuse.fusion.statements import Statement
from newsfuse.fusion.topics import stance_topic, value_topic
from newsfuse.fusion.values import agree
from newsfuse.fusion.verify import Finding, Pair, Side

# Verbs that name the start or end of something are one predicate for this purpose.
_CLASSES = {
    **dict.fromkeys(
        "begin start erupt break launch commence ignite spark outbreak trigger".split(), "#start"
    ),
    **dict.fromkeys("end finish conclude cease stop".split(), "#end"),
}
_LINKING = {"", "in", "on", "at", "during"}
# MiniLM cosine of two lemmas at or above which they count as one predicate / subject (flee and
# escape 0.67, conflict and war 0.62; unrelated verbs stay below 0.45 on the seeds).
WORD_MATCH = 0.6
# Statements carrying opposite stances of one holder must be about the same matter.
STANCE_CONTEXT = 0.4
# In near-copies (aligned at this similarity) values pair by position even without a predicate.
NEAR_COPY = 0.9
MAX_BUCKET = 300
# Values across facts and stances are compared only between reports that share this many
# aligned statements: every pair of seed reports shares more than 5; unrelated dev articles
# fused as one story share 0-1 (bench/conflicts.py, scale rows).
RELATED = 2
# Reports that align too few statements still tell one story, for slot matching, when they
# name this many of the same resolved entities (three outlets' reports of one NeuS story
# often align none of their few sentences).
SHARED_NAMES = 3
# rapidfuzz ratio of two statements with their digits masked, at or above which they are one
# sentence with different numbers.
SAME_WORDS = 90.0
_DIGITS = re.compile(r"[\d.,]*\d")
_WORDS = re.compile(r"[^\W\d]{3,}")
# A line with fewer words of three letters or more than this, and no verb, is a dateline.
DATELINE_WORDS = 6


class RuleVerifier:
    """Typed values and stances, compared by rule. ``nlp`` parses; ``encoder`` compares words."""

    def __init__(
        self,
        *,
        nlp: Any,
        encoder: Any,
        names: Mapping[str, str] | None = None,
        slots: bool = False,
    ) -> None:
        # ``slots`` turns on claim-level matching of unaligned values (slots.py). Off by
        # default: on the 771-article scale story it set 25 values of different events
        # against each other (3.1 per 1,000 facts; 0 without it), bench/results/conflicts.md.
        self._use_slots = slots
        self._nlp = nlp
        self._names = dict(names or {})
        self._encoder = encoder
        self._words: dict[str, Any] = {}
        self._reps: list[str] = []
        self._related: dict[tuple[str, str], int] = {}
        self._shared: dict[tuple[str, str], int] = {}
        self._classes: dict[str, str] = {}  # lemma -> its rep (first similar one)

    def verify(self, statements: Sequence[Statement], pairs: Sequence[Pair]) -> list[Finding]:
        wanted = [
            k for k, s in enumerate(statements) if values_of(s) or s.times or may_hold_stance(s)
        ]
        docs = parse(statements, wanted, nlp=self._nlp)
        frames: dict[int, list[ValueFrame]] = {}
        stances: list[StanceFrame] = []
        slots: list[Slot] = []
        for k, doc in docs.items():
            frames[k] = [
                f
                for f in value_frames(k, statements[k], doc)
                if not is_time_anchor(f, statements[k], doc)
            ]
            stances += stance_frames(k, statements[k], doc)
            if self._use_slots:
                slots += slots_of(k, statements[k], doc)
        self._learn_words(frames)
        self._related = _related(statements, pairs)
        self._shared = _shared_names(statements)
        found: dict[tuple[int, int, int, int], Finding] = {}
        for pair in pairs:
            for f in self._aligned(
                pair, frames.get(pair.a, []), frames.get(pair.b, []), statements
            ):
                found.setdefault(_key(f), f)
        for f in self._across(statements, frames):
            found.setdefault(_key(f), f)
        for f in self._stances(statements, stances):
            found.setdefault(_key(f), f)
        for f in self._by_slot(statements, slots):
            found.setdefault(_key(f), f)
        return list(found.values())

    def _by_slot(self, statements: Sequence[Statement], slots: Sequence[Slot]) -> list[Finding]:
        """Values of reports that worded one claim differently: their slots match (slots.py)."""
        slots = [s for s in slots if not s.frame.value.family.startswith("number:")]

        def related(i: int, j: int) -> bool:
            a, b = statements[slots[i].frame.statement], statements[slots[j].frame.statement]
            one = self._about_one_story(a, b) or (
                a.doc != b.doc and self._shared.get(_doc_pair(a.doc, b.doc), 0) >= SHARED_NAMES
            )
            return one and not agree(slots[i].frame.value, slots[j].frame.value)

        by_doc: dict[str, list[Slot]] = {}
        for s in slots:
            by_doc.setdefault(statements[s.frame.statement].doc, []).append(s)
        out = []
        for i, j in matching_pairs(slots, self._encoder, related):
            x, y = slots[i], slots[j]
            if _lists(by_doc, statements, x, y) or _lists(by_doc, statements, y, x):
                continue
            out.append(_value_finding(x.frame, y.frame, statements))
        return out

    # --- values ---------------------------------------------------------------------------

    def _aligned(
        self,
        pair: Pair,
        fa: Sequence[ValueFrame],
        fb: Sequence[ValueFrame],
        statements: Sequence[Statement],
    ) -> list[Finding]:
        copy = pair.similarity >= NEAR_COPY and _same_words(statements[pair.a], statements[pair.b])
        out = []
        for family in {f.value.family for f in fa} & {f.value.family for f in fb}:
            xs = [f for f in fa if f.value.family == family and _claims(f, statements)]
            ys = [f for f in fb if f.value.family == family and _claims(f, statements)]
            if not copy and family.startswith("number:"):
                continue  # a bare number means nothing without the words around it
            for x, y in self._match(xs, ys, copy=copy):
                if not agree(x.value, y.value):
                    out.append(_value_finding(x, y, statements))
        return out

    def _match(
        self, xs: Sequence[ValueFrame], ys: Sequence[ValueFrame], *, copy: bool
    ) -> list[tuple[ValueFrame, ValueFrame]]:
        if copy and len(xs) == len(ys):
            return list(zip(xs, ys, strict=True))
        if len(xs) == len(ys) == 1 and xs[0].subject == ys[0].subject == "#value":
            return [(xs[0], ys[0])]  # the one count that acts in each of two aligned statements
        out = []
        for x in xs:
            hits = [y for y in ys if x.predicate and self._same_predicate(x, y)]
            if len(hits) == 1:
                out.append((x, hits[0]))
        return out

    def _across(
        self, statements: Sequence[Statement], frames: dict[int, list[ValueFrame]]
    ) -> list[Finding]:
        buckets: dict[tuple[str, str, str], list[ValueFrame]] = {}
        for group in frames.values():
            for f in group:
                if f.predicate and f.subject and not f.value.family.startswith("number:"):
                    key = (f.value.family, self._predicate_class(f.predicate), _link(f))
                    buckets.setdefault(key, []).append(f)
        out = []
        for bucket in buckets.values():
            bucket = bucket[:MAX_BUCKET]
            for i, x in enumerate(bucket):
                for y in bucket[i + 1 :]:
                    sx, sy = statements[x.statement], statements[y.statement]
                    if not self._about_one_story(sx, sy) or agree(x.value, y.value):
                        continue
                    if not (self._same_subject(x, y) and _anchored(x, y, sx, sy)):
                        continue
                    if self._also_states(bucket, statements, sx.doc, y) or self._also_states(
                        bucket, statements, sy.doc, x
                    ):
                        continue
                    out.append(_value_finding(x, y, statements))
        return out

    def _also_states(
        self, bucket: Sequence[ValueFrame], statements: Sequence[Statement], doc: str, f: ValueFrame
    ) -> bool:
        """A report that itself gives the other value for the same predicate and subject ("hit
        in 1985 and in 2017") lists several, and does not contradict either."""
        return any(
            statements[g.statement].doc == doc
            and agree(g.value, f.value)
            and self._same_subject(g, f)
            for g in bucket
        )

    def _about_one_story(self, a: Statement, b: Statement) -> bool:
        """Two reports evidently about one event: they state at least RELATED facts in
        common. Values and stances of unrelated reports that happen to be fused together (two
        earthquakes, two boxers' fights) describe different things."""
        return a.doc != b.doc and self._related.get(_doc_pair(a.doc, b.doc), 0) >= RELATED

    def _learn_words(self, frames: dict[int, list[ValueFrame]]) -> None:
        words = {w for group in frames.values() for f in group for w in (f.predicate, f.subject)}
        new = sorted(w for w in words if w and not w.startswith("#") and w not in self._words)
        if new:
            vectors = self._encoder.encode(new, normalize_embeddings=True, show_progress_bar=False)
            self._words.update(zip(new, np.asarray(vectors), strict=True))

    def _similar(self, a: str, b: str) -> bool:
        if a == b:
            return True
        va, vb = self._words.get(a), self._words.get(b)
        return va is not None and vb is not None and float(va @ vb) >= WORD_MATCH

    def _predicate_class(self, lemma: str) -> str:
        if lemma in _CLASSES:
            return _CLASSES[lemma]
        # Reps are only appended, so a lemma's first similar rep never changes: look it up once.
        known = self._classes.get(lemma)
        if known is not None:
            return known
        for rep in self._reps:
            if self._similar(lemma, rep):
                self._classes[lemma] = rep
                return rep
        self._reps.append(lemma)
        self._classes[lemma] = lemma
        return lemma

    def _same_predicate(self, x: ValueFrame, y: ValueFrame) -> bool:
        return _CLASSES.get(x.predicate, x.predicate) == _CLASSES.get(
            y.predicate, y.predicate
        ) or self._similar(x.predicate, y.predicate)

    def _same_subject(self, x: ValueFrame, y: ValueFrame) -> bool:
        if "#pronoun" in (x.subject, y.subject):
            return False
        if x.subject == "#value" or y.subject == "#value":
            return x.subject == y.subject
        return self._similar(x.subject, y.subject)

    # --- stances --------------------------------------------------------------------------

    def _stances(
        self, statements: Sequence[Statement], stances: Sequence[StanceFrame]
    ) -> list[Finding]:
        if len(stances) < 2:
            return []
        texts = [statements[s.statement].text for s in stances]
        vectors = np.asarray(
            self._encoder.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        )
        out = []
        for i, x in enumerate(stances):
            for j in range(i + 1, len(stances)):
                y = stances[j]
                if x.polarity == y.polarity or not (x.holders & y.holders):
                    continue
                if not self._about_one_story(statements[x.statement], statements[y.statement]):
                    continue
                if not _same_target(x, y) or float(vectors[i] @ vectors[j]) < STANCE_CONTEXT:
                    continue
                out.append(_stance_finding(x, y, self._names))
        return out


def _lists(
    by_doc: Mapping[str, Sequence[Slot]], statements: Sequence[Statement], x: Slot, y: Slot
) -> bool:
    """x's report also gives y's value for a slot worded like y's: it lists several values
    ("hit in 1985 and in 2017"), and contradicts neither."""
    return any(
        agree(s.frame.value, y.frame.value) and s.measured == y.measured
        for s in by_doc[statements[x.frame.statement].doc]
    )


def _claims(f: ValueFrame, statements: Sequence[Statement]) -> bool:
    """A value no verb governs in a line of few words ("June 13, 2013 4:59 PM EDT", a
    dateline) claims nothing; in a long line the parser may just have missed the verb."""
    return bool(f.predicate) or len(_WORDS.findall(statements[f.statement].text)) >= DATELINE_WORDS


def _doc_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _related(statements: Sequence[Statement], pairs: Sequence[Pair]) -> dict[tuple[str, str], int]:
    """For each pair of documents, how many aligned statement pairs they share."""
    out: dict[tuple[str, str], int] = {}
    for p in pairs:
        key = _doc_pair(statements[p.a].doc, statements[p.b].doc)
        out[key] = out.get(key, 0) + 1
    return out


def _shared_names(statements: Sequence[Statement]) -> dict[tuple[str, str], int]:
    """For each pair of documents, how many resolved entities both mention."""
    named: dict[str, set[str]] = {}
    for s in statements:
        named.setdefault(s.doc, set()).update(s.entities)
    docs = sorted(named)
    return {(a, b): len(named[a] & named[b]) for x, a in enumerate(docs) for b in docs[x + 1 :]}


def _same_words(a: Statement, b: Statement) -> bool:
    """The same sentence but for its numbers: values at the same place mean the same thing."""
    return fuzz.ratio(_DIGITS.sub("#", a.text), _DIGITS.sub("#", b.text)) >= SAME_WORDS


def _same_target(x: StanceFrame, y: StanceFrame) -> bool:
    """Both about the matter at hand (no named target), or about the same named thing."""
    if not x.target_entities and not y.target_entities:
        return True
    return bool(x.target_entities & y.target_entities)


def _link(f: ValueFrame) -> str:
    return "" if f.preposition in _LINKING else f.preposition


def _anchored(x: ValueFrame, y: ValueFrame, sx: Statement, sy: Statement) -> bool:
    """Dates need only predicate and subject; amounts also a shared named thing or object."""
    if x.value.family == "date":
        return True
    return bool(sx.entities & sy.entities) or (bool(x.object) and x.object == y.object)


def _value_finding(x: ValueFrame, y: ValueFrame, statements: Sequence[Statement]) -> Finding:
    kind = _kind(x.value.family)
    return Finding(
        kind=kind,
        topic=value_topic(x, y),
        a=_side(x),
        b=_side(y),
        reason=_reason(kind, x, y),
    )


def _side(f: ValueFrame) -> Side:
    v = f.value
    return Side(f.statement, v.text, v.start, v.end, v.normalized, main=f.main)


def _kind(family: str) -> str:
    head = family.split(":", 1)[0]
    return {"date": "date", "count": "count", "quantity": "quantity"}.get(head, "number")


def _reason(kind: str, x: ValueFrame, y: ValueFrame) -> str:
    a, b = x.value, y.value
    if kind == "date":
        return f"{a.normalized} and {b.normalized} do not overlap, so both cannot be right"
    if kind == "count":
        return (
            f"“{a.text}” means {a.normalized} and “{b.text}” {b.normalized}; "
            "the ranges do not overlap"
        )
    return (
        f"{a.normalized} and {b.normalized} differ by more than rounding or unit conversion "
        "can explain"
    )


def _stance_finding(x: StanceFrame, y: StanceFrame, names: Mapping[str, str]) -> Finding:
    def side(s: StanceFrame) -> Side:
        label = "supports" if s.polarity > 0 else "opposes or regrets"
        return Side(s.statement, s.text, s.start, s.end, label)

    holders = sorted({names.get(h, "") for h in x.holders & y.holders} - {""})
    who = " and ".join(holders) if holders else "the same actor"
    return Finding(
        kind="stance",
        topic=stance_topic((x, y), who),
        a=side(x),
        b=side(y),
        reason="One report has the same actor welcoming what another says they regretted or "
        "opposed",
    )


def _key(f: Finding) -> tuple[int, int, int, int]:
    return (f.a.statement, f.a.start, f.b.statement, f.b.start)
