"""Slots: what a typed value measures, of whom, by which predicate, and when.

Two reports that word one claim differently ("the jobless rate climbed to 4.9% in May" /
"unemployment rose last month to 4.1%") rarely align as sentences, but their values fill the
same slot: the thing measured and its owner ("jobless rate" / "unemployment"), the predicate
("climb" / "rise") and the time anchor ("May" / "last month", resolved against the publication
date). A slot is read from the statement's dependency parse and compared by the encoder: its
words, never the value itself, decide whether two values answer one question.

Guards: slots whose time anchors do not meet ("grew 7% in 2021" / "5% in 2022"), a part against
a whole ("12 of the 30 victims"), and values of different kinds are never paired.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsfuse.fusion.frames import ValueFrame, frame_of, values_of
from newsfuse.fusion.statements import Statement
from newsfuse.fusion.values import Value, from_time

# Verbs that report speech: the slot of a value they govern holds what was said.
SPEECH = frozenset(
    "say tell announce state declare confirm report add insist claim warn vow pledge".split()
)
# Near-synonyms news uses for one predicate or one measure: each word maps to its group's
# first word before slots are compared (the encoder alone rates "jobless" and "unemployment"
# 0.39, "reopened" and "closed" 0.89).
_GROUPS = (
    "rise increase grow climb jump surge soar swell mount",
    "fall decrease decline drop slide plunge sink shrink dip",
    "open reopen",
    "close shut",
    "resign quit",
    "approve pass adopt endorse back",
    "reject veto block",
    "kill die dead",
    "injure wound hurt",
    "strike hit",
    "arrest detain",
    "unemployment jobless joblessness",
    "port harbour harbor",
    "fund package",
    "price cost",
    "say announce state declare tell",
    "begin start launch",
    "end finish conclude",
)
SYNONYMS = {w: g.split()[0] for g in _GROUPS for w in g.split()}
# Predicate groups that name opposite events: slots with one of each never match.
_OPPOSED = ({"rise", "fall"}, {"open", "close"}, {"approve", "reject"}, {"begin", "end"})
_RATE = re.compile(
    r"\b(?:(?:each|per|a|every) (?:day|week|month|year)|daily|weekly|annually|on average)\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PARTITIVE = frozenset("including among of".split())
_SKIP_POS = frozenset({"DET", "PUNCT", "CCONJ", "SCONJ", "PART", "NUM", "SYM", "ADP", "SPACE"})
_SKIP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "npadvmod", "tmod"})


@dataclass(frozen=True, slots=True)
class Slot:
    """One value and the question it answers."""

    frame: ValueFrame
    measured: str  # the words naming what is measured and of whom, with the predicate
    said: str  # for a value of a speech act: what was said ("she would resign"), else ""
    anchor: tuple[float, float] | None  # days of the time the value holds for, when stated
    part: bool  # the value counts a part of a stated whole ("12 of the 30 victims")
    rate: bool = False  # a rate ("1,400 a day", "on average"), not a total
    owners: frozenset[str] = frozenset()  # resolved entities of the statement


def slots_of(index: int, s: Statement, doc: Any) -> list[Slot]:
    """A slot for every comparable value of statement ``s`` (parsed as ``doc``), weekdays
    included: resolved to a day when the publication date is known, else by name."""
    out = []
    for value in [*values_of(s), *_weekdays(s)]:
        span = doc.char_span(value.start - s.start, value.end - s.start, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        frame = frame_of(index, value, span.root)
        if frame is None or is_time_anchor(frame, s, doc):
            continue
        covered = _covered(s)
        out.append(
            Slot(
                frame=frame,
                measured=_with_unit(value, _measured(span, covered, s.start)),
                said=_said(span, covered, s.start),
                anchor=_anchor(s, value),
                part=_part(span),
                rate=_RATE.search(s.text, max(0, value.start - s.start - 30)) is not None,
                owners=s.entities,
            )
        )
    return out


def _with_unit(value: Value, measured: str) -> str:
    """A count's slot names what is counted ("pirates"), whatever the clause says of them."""
    head, _, unit = value.family.partition(":")
    if head != "count" or unit == "people" or not measured or unit in measured.split():
        return measured
    return f"{unit} {measured}"


def is_time_anchor(frame: ValueFrame, s: Statement, doc: Any) -> bool:
    """A date that only says when another value of its clause holds ("grew 7% in 2021")."""
    if not frame.value.family.startswith("date") or not frame.predicate:
        return False
    for q in s.quantities:
        span = doc.char_span(q.start - s.start, q.end - s.start, alignment_mode="expand")
        if span is not None and len(span) and q.kind not in ("number", "rank"):
            verb = _verb_above(span.root)
            if verb is not None and verb.lemma_.lower() == frame.predicate:
                return True
    return False


def anchors_meet(a: Slot, b: Slot) -> bool:
    """Both hold for the same time, or either does not say when."""
    if a.anchor is None or b.anchor is None:
        return True
    return a.anchor[0] <= b.anchor[1] and b.anchor[0] <= a.anchor[1]


def _weekdays(s: Statement) -> list[Value]:
    out = []
    for t in s.times:
        name = t.text.casefold().split()[-1] if t.text.strip() else ""
        if not t.relative or name not in _WEEKDAYS:
            continue
        resolved = from_time(t, resolved_relative=True) if t.value else None
        if resolved is not None:
            out.append(resolved)
            continue
        day = float(_WEEKDAYS.index(name))
        out.append(Value("date:weekday", day, day, t.text, t.start, t.end, name.capitalize()))
    return out


def _covered(s: Statement) -> list[tuple[int, int]]:
    """Character spans (statement offsets) of values and dates: never slot words."""
    spans = [(q.start, q.end) for q in s.quantities] + [(t.start, t.end) for t in s.times]
    return [(a - s.start, b - s.start) for a, b in spans]


def _words(tokens: Sequence[Any], covered: Sequence[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        if t.dep_ == "prt":  # "step down" is "resign"
            if t.lower_ == "down" and t.head.lemma_.lower() == "step" and out[-1:] == ["step"]:
                out[-1] = "resign"
            else:
                out.append(t.lower_)
            continue
        if t.pos_ in _SKIP_POS or t.dep_ in _SKIP_DEPS or t.is_stop and t.pos_ != "VERB":
            continue
        if any(a <= t.idx < b for a, b in covered):
            continue
        word = t.lemma_.lower() or t.lower_
        out.append(SYNONYMS.get(word, word))
    return out


def _measured(span: Any, covered: Sequence[tuple[int, int]], offset: int) -> str:
    """The noun the value quantifies or belongs to, its modifiers and the clause that
    describes it ("the fund ... that the council approved"), the governing verb, and that
    verb's subject and object."""
    root = span.root
    tokens: list[Any] = []
    holder = None
    if root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN"):
        holder = root.head  # "a $45 million package"
    elif root.head.pos_ == "ADP" and root.head.head.pos_ in ("NOUN", "PROPN"):
        holder = root.head.head  # "the fund of $120 million", "a rate of 4%"
    if holder is not None:
        tokens += [t for t in holder.subtree if t.i <= holder.i][-6:]
    # A clause that describes the value or its noun ("... $120 million that the council
    # approved") is its predicate, not the verb of the whole sentence.
    clauses = [
        c for t in (root, holder) if t is not None for c in t.children if c.dep_ in ("relcl", "acl")
    ]
    if holder is not None and not clauses and holder.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        # "ahead of the 2016 election": the noun phrase is what the value measures
        return " ".join(dict.fromkeys(_words(sorted(set(tokens), key=lambda t: t.i), covered)))
    verb = clauses[0] if clauses else _verb_above(holder if holder is not None else root)
    if verb is not None:
        tokens.append(verb)
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
                tokens += [t for t in c.subtree if t.i <= c.i][-6:]
            if c.dep_ == "prt":
                tokens.append(c)
    seen = dict.fromkeys(_words(sorted(set(tokens), key=lambda t: t.i), covered))
    return " ".join(seen)


def _said(span: Any, covered: Sequence[tuple[int, int]], offset: int) -> str:
    verb = _verb_above(span.root)
    if verb is None or verb.lemma_.lower() not in SPEECH:
        return ""
    clause = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj")]
    tokens = [t for c in clause for t in c.subtree]
    return " ".join(_words(tokens, covered))


def _verb_above(token: Any) -> Any | None:
    while True:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return token
        if token.head.i == token.i:
            return None
        token = token.head


def _anchor(s: Statement, value: Value) -> tuple[float, float] | None:
    """The days of the date nearest the value in its statement (not the value itself)."""
    if value.family.startswith("date"):
        return None
    best: tuple[int, tuple[float, float]] | None = None
    for t in s.times:
        v = from_time(t, resolved_relative=True)
        if v is None:
            continue
        gap = max(t.start - value.end, value.start - t.end, 0)
        if best is None or gap < best[0]:
            best = (gap, (v.low, v.high))
    return best[1] if best is not None else None


def _part(span: Any) -> bool:
    """ "12 of the 30 victims", "including 4 children", "30 victims, 12 of them"."""
    root = span.root
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
        return True
    previous = span.doc[span.start - 1] if span.start > 0 else None
    return previous is not None and previous.lower_ in _PARTITIVE and root.head.lower_ != "of"


# Encoder cosine of two slots' words (near-synonyms mapped to one word) at or above which they
# name one measure, and of two speech acts' contents (tuned on the tuning half of the planted
# set, bench/conflicts.py).
SLOT_MATCH = 0.55
SAID_MATCH = 0.6


def matching_pairs(
    slots: Sequence[Slot], encoder: Any, related: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Index pairs of slots of one kind of value whose words name one measure at one time;
    ``related(i, j)`` says whether the two slots' reports may be compared at all."""
    texts = sorted({t for s in slots for t in (s.measured, s.said) if t})
    if not texts:
        return []
    vectors = np.asarray(encoder.encode(texts, normalize_embeddings=True, show_progress_bar=False))
    row = {t: k for k, t in enumerate(texts)}

    def close(a: str, b: str, floor: float) -> bool:
        return a == b or float(vectors[row[a]] @ vectors[row[b]]) >= floor

    families: dict[str, list[int]] = {}
    for k, slot in enumerate(slots):
        if slot.measured and not slot.part:
            families.setdefault(slot.frame.value.family, []).append(k)
    out = []
    for members in families.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                x, y = slots[i], slots[j]
                if _opposed(x, y) or x.rate != y.rate or _other_owners(x, y):
                    continue
                if not (related(i, j) and anchors_meet(x, y)):
                    continue
                if not close(x.measured, y.measured, SLOT_MATCH):
                    continue
                if (x.said or y.said) and not (
                    x.said and y.said and close(x.said, y.said, SAID_MATCH)
                ):
                    continue
                out.append((i, j))
    return out


def _other_owners(x: Slot, y: Slot) -> bool:
    """Both statements name someone, and no one in common: the values are of different
    subjects ("Cheeks spent 11 seasons" / "DiLeo has spent 19 seasons")."""
    return bool(x.owners) and bool(y.owners) and not x.owners & y.owners


def _opposed(x: Slot, y: Slot) -> bool:
    """One slot's predicate names the opposite event of the other's ("reopened" / "closed")."""
    a, b = set(x.measured.split()), set(y.measured.split())
    return any(a & pair and b & pair and a & pair != b & pair for pair in _OPPOSED)
