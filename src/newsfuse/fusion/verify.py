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

from newsfuse.disjoint import DisjointSets
from newsfuse.fusion.statements import Statement
from newsfuse.models import Article, Conflict, ConflictSide, Evidence, Fact


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
    main: bool = True  # the value is its statement's main claim, not a subordinate mention


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
    labels = doc_labels or {
        doc: f"report {no}" for no, doc in enumerate(dict.fromkeys(s.doc for s in statements), 1)
    }
    conflicts = []
    for group in _group(found):
        conflict = _conflict(group, statements, fact_of, labels)
        if conflict is not None:
            conflicts.append(conflict)
    return sorted(conflicts, key=lambda c: (c.kind, c.topic, c.id))


def reader_labels(docs: Sequence[Article]) -> dict[str, str]:
    """How an explanation names each document: its outlet, else its title in quotes, else
    "report N" (N its place among ``docs``, the number the HTML and Markdown reports cite it
    by). Never a file name. A label two documents would share gets the number added."""
    names = [
        d.outlet or (f"“{d.title.strip()}”" if d.title and d.title.strip() else "") for d in docs
    ]
    out: dict[str, str] = {}
    for no, (doc, name) in enumerate(zip(docs, names, strict=True), start=1):
        if not name:
            out[doc.id] = f"report {no}"
        else:
            out[doc.id] = name if names.count(name) == 1 else f"{name} (report {no})"
    return out


def mark_disputed(facts: Sequence[Fact], conflicts: Sequence[Conflict]) -> list[Fact]:
    """The facts, with status "disputed" for every fact a conflict involves through its main
    claim; facts in ``linked_fact_ids`` keep their status."""
    disputed = {f for c in conflicts for f in c.fact_ids if f not in c.linked_fact_ids}
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
    sets = DisjointSets(len(findings))
    owner: dict[tuple[int, int, int], int] = {}
    for k, f in enumerate(findings):
        for side in (f.a, f.b):
            key = (side.statement, side.start, side.end)
            if key in owner:
                sets.join(k, owner[key])
            else:
                owner[key] = k
    groups: dict[int, list[Finding]] = {}
    for k, f in enumerate(findings):
        groups.setdefault(sets.find(k), []).append(f)
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
    main: dict[str, bool] = {}
    for side in (side for f in group for side in (f.a, f.b)):
        fid = _fact(statements[side.statement], fact_of)
        if fid is not None:
            main[fid] = main.get(fid, False) or side.main
    key = "|".join(sorted(f"{e.doc}:{e.start}:{e.end}" for s in out_sides for e in s.evidence))
    topic = max((f.topic for f in group), key=[f.topic for f in group].count)
    return Conflict(
        id="c-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        kind=first.kind,
        topic=topic,
        sides=tuple(out_sides),
        explanation=_explain(topic, first.reason, out_sides, labels),
        fact_ids=tuple(main),
        linked_fact_ids=tuple(fid for fid, is_main in main.items() if not is_main),
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


def _explain(topic: str, reason: str, sides: Sequence[ConflictSide], labels: dict[str, str]) -> str:
    parts = []
    for side in sides:
        docs = list(dict.fromkeys(labels.get(e.doc, "another report") for e in side.evidence))
        who = docs[0] if len(docs) == 1 else f"{len(docs)} reports ({', '.join(docs)})"
        parts.append(f"{who} say{'s' if len(docs) == 1 else ''} “{side.value}”")
    reason = reason[:1].upper() + reason[1:]
    return f"The reports disagree on {topic}: {'; '.join(parts)}. {reason}."
