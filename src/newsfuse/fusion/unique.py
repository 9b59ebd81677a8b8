"""Unique details: what each document says that no independent document does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsfuse.models import Fact


def unique_facts(
    facts: Sequence[Fact], *, doc_ids: Sequence[str], families: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Document id -> ids of the facts only it (or its own copies) states, in fact order.

    Guarantees: every document in ``doc_ids`` has an entry (possibly empty); a fact stated by a
    document and its copy is unique to the first of them (the family's representative).
    """
    fam = families or {}
    out: dict[str, list[str]] = {d: [] for d in doc_ids}
    for fact in facts:
        owners = {fam.get(d, d) for d in fact.doc_ids}
        if len(owners) != 1:
            continue
        owner = next(iter(owners))
        target = owner if owner in out else fact.doc_ids[0]
        out.setdefault(target, []).append(fact.id)
    return {d: tuple(ids) for d, ids in out.items()}
