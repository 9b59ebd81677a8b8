"""Verify: find where reports disagree, behind a small Verifier interface.

The default RuleVerifier compares typed values (dates with their granularity, quantities after
unit conversion with a rounding tolerance, vague counts as ranges, money, percentages) and
stances (welcomed / endorsed against regretted / opposed, with negation). A user with an NLI
model or an LLM endpoint implements ``Verifier.verify`` and passes it to ``find_conflicts``.
Precision matters more than recall: a value is compared only with values that describe the same
thing (aligned statements, or the same predicate and subject), and ranks are never compared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from newsfuse.fusion.statements import Statement
from newsfuse.models import Conflict, ConflictSide, Evidence, Fact


@dataclass(frozen=True, slots=True)
class Pair:
    """Two statements from different documents that state the same fact."""

    a: int
    b: int
    similarity: float


@dataclass(frozen=True, slots=True)
class Side:
    """One report's exact words in a disagreement (document offsets)."""

    statement: int
    value: str
    start: int
    end: int
    normalized: str  # sides with the same normalized value are merged


@dataclass(frozen=True, slots=True)
class Finding:
    """Two statements that cannot both be true."""

    kind: str  # number, quantity, date, count, stance or claim
    topic: str
    a: Side
    b: Side
    reason: str  # why they disagree, one clause ("2011 and 2012 are different years")


class Verifier(Protocol):
    """Finds disagreements among statements. ``pairs`` are the aligned statement pairs; a
    verifier may also look beyond them (the rule verifier matches predicates across facts)."""

    def verify(self, statements: Sequence[Statement], pairs: Sequence[Pair]) -> list[Finding]:
        """Every disagreement found; each side's span lies inside its statement."""
        ...


def aligned_pairs(
    statements: Sequence[Statement], facts: Sequence[Fact], similarity: object = None
) -> list[Pair]:
    """Pairs of statements from different documents within each fact."""
    index = {(s.doc, s.start, s.end): k for k, s in enumerate(statements)}
    sim = similarity if callable(similarity) else (lambda i, j: 0.0)
    pairs = []
    for fact in facts:
        members = [index[(e.doc, e.start, e.end)] for e in fact.evidence]
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if statements[i].doc != statements[j].doc:
                    pairs.append(Pair(i, j, float(sim(i, j))))
    return pairs


def find_conflicts(
    statements: Sequence[Statement],
    facts: Sequence[Fact],
    *,
    verifier: Verifier,
    pairs: Sequence[Pair] | None = None,
    doc_labels: dict[str, str] | None = None,
) -> list[Conflict]:
    """Conflicts: findings about one topic merged, sides grouped by value.

    Guarantees: every conflict has at least two sides, each with exact evidence; conflict ids
    depend only on the evidence; ``fact_ids`` name the facts whose statements are involved.
    """
    found = verifier.verify(
        statements, aligned_pairs(statements, facts) if pairs is None else pairs
    )
    fact_of = {}
    for fact in facts:
        for e in fact.evidence:
            fact_of[(e.doc, e.start, e.end)] = fact.id
    conflicts = []
    for group in _group(found):
        conflict = _conflict(group, statements, fact_of, doc_labels or {})
        if conflict is not None:
            conflicts.append(conflict)
    return sorted(conflicts, key=lambda c: (c.kind, c.topic, c.id))


def mark_disputed(facts: Sequence[Fact], conflicts: Sequence[Conflict]) -> list[Fact]:
    """The facts, with status "disputed" for every fact a conflict involves."""
    disputed = {f for c in conflicts for f in c.fact_ids}
    out = []
    for fact in facts:
        if fact.id in disputed and fact.status != "disputed":
            fact = Fact(
                fact.id, fact.statement, fact.evidence, fact.doc_ids, fact.support, "disputed"
            )
        out.append(fact)
    return out


def _group(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings that share a side (the same words in the same report) describe one conflict."""
    parent = list(range(len(findings)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[tuple[int, int, int], int] = {}
    for k, f in enumerate(findings):
        for side in (f.a, f.b):
            key = (side.statement, side.start, side.end)
            if key in owner:
                parent[find(k)] = find(owner[key])
            else:
                owner[key] = k
    groups: dict[int, list[Finding]] = {}
    for k, f in enumerate(findings):
        groups.setdefault(find(k), []).append(f)
    return list(groups.values())


def _conflict(
    group: Sequence[Finding],
    statements: Sequence[Statement],
    fact_of: dict[tuple[str, int, int], str],
    labels: dict[str, str],
) -> Conflict | None:
    sides: dict[str, dict[tuple[int, int, int], Side]] = {}
    for f in group:
        for side in (f.a, f.b):
            sides.setdefault(side.normalized, {})[(side.statement, side.start, side.end)] = side
    if group[0].kind == "stance":
        sides = _mixed(sides, statements)
    if len(sides) < 2:
        return None
    out_sides = []
    for normalized, members in sorted(sides.items(), key=lambda kv: min(kv[1])):
        ordered = sorted(members.values(), key=lambda s: (s.statement, s.start))
        evidence = tuple(
            Evidence(statements[s.statement].doc, s.start, s.end, s.value) for s in ordered
        )
        out_sides.append(
            ConflictSide(value=ordered[0].value, evidence=evidence, normalized=normalized)
        )
    first = group[0]
    fact_ids = tuple(
        dict.fromkeys(
            fid
            for f in group
            for side in (f.a, f.b)
            if (fid := _fact(statements[side.statement], fact_of)) is not None
        )
    )
    key = "|".join(sorted(f"{e.doc}:{e.start}:{e.end}" for s in out_sides for e in s.evidence))
    return Conflict(
        id="c-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        kind=first.kind,
        topic=first.topic,
        sides=tuple(out_sides),
        explanation=_explain(first, out_sides, labels),
        fact_ids=fact_ids,
    )


def _mixed(
    sides: dict[str, dict[tuple[int, int, int], Side]], statements: Sequence[Statement]
) -> dict[str, dict[tuple[int, int, int], Side]]:
    """A report that gives both stances ("voiced unease but welcomed ...") is its own side."""
    labels: dict[str, set[str]] = {}
    for label, members in sides.items():
        for side in members.values():
            labels.setdefault(statements[side.statement].doc, set()).add(label)
    out: dict[str, dict[tuple[int, int, int], Side]] = {}
    for label, members in sides.items():
        for key, side in members.items():
            doc = statements[side.statement].doc
            target = "mixed" if len(labels[doc]) > 1 else label
            out.setdefault(target, {})[key] = side
    return out


def _fact(s: Statement, fact_of: dict[tuple[str, int, int], str]) -> str | None:
    return fact_of.get((s.doc, s.start, s.end))


def _explain(first: Finding, sides: Sequence[ConflictSide], labels: dict[str, str]) -> str:
    parts = []
    for side in sides:
        docs = list(dict.fromkeys(labels.get(e.doc, e.doc) for e in side.evidence))
        who = docs[0] if len(docs) == 1 else f"{len(docs)} reports ({', '.join(docs)})"
        parts.append(f"{who} say{'s' if len(docs) == 1 else ''} “{side.value}”")
    reason = first.reason[:1].upper() + first.reason[1:]
    return f"The reports disagree on {first.topic}: {'; '.join(parts)}. {reason}."
