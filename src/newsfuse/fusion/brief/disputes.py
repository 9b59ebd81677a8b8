"""A disputed fact is never stated as settled: the brief says the reports differ, both sides."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsfuse.models import BriefSentence, Conflict, ConflictSide, Evidence, Fact

_QUOTES = "\"'“”‘’"
_WORD = re.compile(r"[^\W\d_]{3,}")
# Words of a topic ("how many people fled Homs", "when the conflict began") that name no thing.
_STOP = frozenset(
    "the and for how many much what when where who whom whose which why did does was were "
    "are has have had its his her their they them this that those these with from into onto "
    "over under about after before than then there said says say stance".split()
)
_SUFFIX = re.compile(r"(?:ing|ed|es|s|e)$")


def _side_docs(side: ConflictSide) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ev.doc for ev in side.evidence))


def _quoted(value: str) -> str:
    inner = value.strip().strip(_QUOTES).strip()
    return f"“{inner}”"


def _side_words(side: ConflictSide) -> str:
    """The side's value in quotes; a report that takes both stances is quoted on both."""
    if side.normalized != "mixed":
        return _quoted(side.value)
    said = dict.fromkeys(_quoted(ev.text) for ev in side.evidence)
    return " and ".join(said) if said else _quoted(side.value)


def _reports(count: int, *, first: bool) -> str:
    if not first:
        return str(count)
    return f"{count} report" if count == 1 else f"{count} reports"


def dispute_sentence(conflict: Conflict, *, fact_ids: Sequence[str] = ()) -> BriefSentence:
    """One sentence saying the reports differ on the conflict's topic, with every side.

    Sides are listed by how many reports hold them (most first), each in its own words with its
    count: 'Reports differ on how many fled: “thousands” (3 reports) or “tens of thousands” (1).'
    Guarantees: cites the documents of every side (non-empty when any side has evidence) and
    ``fact_ids`` plus the conflict's own fact ids.
    """
    sides = sorted(conflict.sides, key=lambda s: -len(_side_docs(s)))
    parts = [
        f"{_side_words(side)} ({_reports(len(_side_docs(side)), first=i == 0)})"
        for i, side in enumerate(sides)
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    topic = conflict.topic.strip().rstrip(":.")
    text = f"Reports differ on {topic}: {listed}." if topic else f"Reports differ: {listed}."
    docs = tuple(dict.fromkeys(d for side in sides for d in _side_docs(side)))
    facts = tuple(dict.fromkeys([*fact_ids, *conflict.fact_ids]))
    return BriefSentence(text=text, fact_ids=facts, doc_ids=docs)


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def conflicts_by_fact(facts: Sequence[Fact], conflicts: Sequence[Conflict]) -> dict[str, Conflict]:
    """Which conflict, if any, each fact belongs to.

    A fact belongs to a conflict that names it in ``fact_ids``, or whose sides' evidence lies
    inside the fact's evidence (the conflicting value is part of the sentence the fact states),
    or that it restates: its words hold one side's value ("2007") and share a word with the
    topic ("when she hosted": "after hosting the 2007 ceremony"), so that the brief never
    states a disputed value as settled. Stances are matched by their spans only.
    A fact with status "disputed" that no conflict covers is not in the mapping.
    """
    out: dict[str, Conflict] = {}
    for conflict in conflicts:
        for fact_id in conflict.fact_ids:
            out.setdefault(fact_id, conflict)
    sides: dict[str, list[tuple[int, Evidence]]] = {}  # document -> (conflict, side span)
    for k, conflict in enumerate(conflicts):
        for side in conflict.sides:
            for ev in side.evidence:
                sides.setdefault(ev.doc, []).append((k, ev))
    for fact in facts:
        if fact.id in out:
            continue
        hits = [k for a in fact.evidence for k, b in sides.get(a.doc, ()) if _overlaps(a, b)]
        hits = hits or [k for k, c in enumerate(conflicts) if _restates(fact, c)]
        if hits:
            out[fact.id] = conflicts[min(hits)]  # the first conflict, in the given order
    return out


def _restates(fact: Fact, conflict: Conflict) -> bool:
    """Whether the fact states one of the conflict's values about the conflict's topic."""
    if conflict.kind == "stance":
        return False
    topic = _stems(conflict.topic)
    for ev in fact.evidence:
        text = ev.text.casefold()
        for side in conflict.sides:
            for value in {side.value, *(e.text for e in side.evidence)}:
                found = _has_value(text, value.casefold())
                if found and topic & (_stems(text) - _stems(value)):
                    return True
    return False


def _has_value(text: str, value: str) -> bool:
    value = value.strip()
    if not value:
        return False
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text) is not None


def _stems(text: str) -> set[str]:
    """Content words, their common endings cut: "hosted" and "hosting" are both "host"."""
    words = (w.casefold() for w in _WORD.findall(text))
    return {_SUFFIX.sub("", w) if len(w) > 4 else w for w in words if w not in _STOP}
