"""Which actor each naming refers to, from the parse's ties outwards.

In order, each rule only for namings the earlier ones left open:
1. the parse ties it to a mention of the actor (``naming``);
2. a state institution qualified by the person's nation: "the Syrian military" when the
   documents say "Syrian President Bashar Assad";
3. a phrase that points back ("the rebels", "his government") names the actor mentioned last,
   earlier in the same sentence or in the sentence before, if that actor is of a kind the
   phrase can name (a person owns institutions, a group is named by group nouns) and the
   documents tie such a phrase to it somewhere;
4. inside one document, a term tied to one actor names it wherever the document uses it;
5. across the story, a specific term (not a bare generic head like "group" or "government")
   tied to one actor names it in every document that mentions the actor: one story has one
   set of rebels, and a report that calls them "rebels" without ever tying the word to HTS
   still frames the same side that way;
6. an unowned state institution ("government forces") names the one actor tied to state
   institutions, and
7. an unowned bare word for armed opponents ("the opposition") the one actor tied to group
   nouns, when there is exactly one such actor;
8. what is left of words for crowds and armed opponents is a side with no proper name
   ("the protesters") if half the documents name it so.
A place the tagger took for a group ("Hamas" as GPE) takes part in rules 1, 4 and 5 only.
A naming owned by another named entity ("Russian forces", "Turkey's government") is left to
rule 1. A phrase keeps its first actor; a term tied to two actors is not carried by rules 4-5.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsfuse.fusion.framing.lexicon import (
    AMBIGUOUS,
    GENERIC,
    GROUP_ADJECTIVES,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    OPPONENT_NOUNS,
    PROTEST_NOUNS,
    TITLES,
)
from newsfuse.fusion.framing.naming import Naming

_PERSON_POINTERS = {"his", "her"}
_GROUP_POINTERS = {"its", "their"}


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: str
    doc: str
    sentence: int
    start: int


def attribute(
    namings: Sequence[Naming],
    *,
    actor_types: Mapping[str, str],
    mentions: Sequence[ActorMention],
    nations: Mapping[str, set[str]],
    national: frozenset[str],
) -> dict[int, str]:
    """The actor id of each naming that refers to a main actor, by index into ``namings``.

    ``nations`` gives each person actor the NORP/GPE entities named with them ("Syrian
    President ..."); ``national`` is the set of all NORP/GPE entity ids.

    Guarantees: deterministic; every value is a key of ``actor_types``.
    """
    found = {i: n.tie for i, n in enumerate(namings) if n.tie}
    for i, n in enumerate(namings):
        if i not in found and n.head in INSTITUTION_NOUNS and n.owners:
            owner = [a for a, ns in nations.items() if n.owners <= ns | {a}]
            if len(owner) == 1:
                found[i] = owner[0]
    found.update(_pointed(namings, found, actor_types, mentions))
    in_doc = {(m.doc, m.actor) for m in mentions}
    found.update(_carried(namings, found, in_doc, lambda n, a: _free(n, a, nations, national)))
    places = {a for a, t in actor_types.items() if t == "GPE"}
    found.update(_sole_side(namings, found, in_doc, places=places))
    return found


def _carried(
    namings: Sequence[Naming],
    found: Mapping[int, str],
    in_doc: set[tuple[str, str]],
    free: Callable[[Naming, str], bool],
) -> dict[int, str]:
    """Rules 4 and 5: a term, or the naming noun inside it ("insurgent forces": the
    insurgents), tied to one actor in the document, or in the story if it is specific."""
    ties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, actor in found.items():
        n = namings[i]
        for word in {n.key, core(n)}:
            ties[(n.doc, word)].add(actor)
            ties[("", word)].add(actor)
    out = {}
    for i, n in enumerate(namings):
        if i in found:
            continue
        for where, word in ((n.doc, n.key), (n.doc, core(n)), ("", n.key), ("", core(n))):
            actors = ties.get((where, word), set())
            if len(actors) != 1 or (not where and word in GENERIC):
                continue
            actor = next(iter(actors))
            if (n.doc, actor) in in_doc and free(n, actor):
                out[i] = actor
                break
    return out


def core(naming: Naming) -> str:
    """The naming noun a phrase is built on: "rebel" in "rebel groups", else its head."""
    for word in naming.key.split()[:-1]:
        if word in GROUP_NOUNS or word in INSTITUTION_NOUNS:
            return word
    return naming.head


def _sole_side(
    namings: Sequence[Naming],
    found: Mapping[int, str],
    in_doc: set[tuple[str, str]],
    *,
    places: set[str],
) -> dict[int, str]:
    """Rules 6 and 7: when one actor alone is tied to state institutions anywhere in the
    story, an institution no named entity owns ("government forces", "troops", "the
    military") is that actor's in every document that mentions it; when one actor alone is
    tied to group nouns, so is a bare word for armed opponents no one owns ("the opposition",
    "extremists"): one story has one such side."""
    out: dict[int, str] = {}
    for kind, fits in (("institution", _unowned_institution), ("group", _bare_opponents)):
        side = {a for i, a in found.items() if kinds_of(namings[i]) == {kind}} - places
        if len(side) != 1:
            continue
        actor = next(iter(side))
        out.update(
            (i, actor)
            for i, n in enumerate(namings)
            if i not in found and i not in out and fits(n) and (n.doc, actor) in in_doc
        )
    return out


UNNAMED = "unnamed-side"


def unnamed_side(namings: Sequence[Naming], found: Mapping[int, str], n_docs: int) -> list[int]:
    """Rule 8: the namings of a side no named actor stands for ("the protesters", "the
    gunman"): words of one family (crowds, or armed opponents) that no rule gave to an actor
    and no entity owns, when at least half the documents use them (a main actor)."""
    best: list[int] = []
    for family in (PROTEST_NOUNS, OPPONENT_NOUNS):
        left = [
            i
            for i, n in enumerate(namings)
            if i not in found and not n.owners and core(n) in family and n.head not in GENERIC
        ]
        docs = {namings[i].doc for i in left}
        if len(docs) * 2 >= n_docs and len(docs) >= min(2, n_docs) and len(left) > len(best):
            best = left
    return best


def _unowned_institution(naming: Naming) -> bool:
    return not naming.owners and kinds_of(naming) == {"institution"}


def _bare_opponents(naming: Naming) -> bool:
    return not naming.owners and naming.key == naming.head and naming.head in OPPONENT_NOUNS


def _free(
    naming: Naming, actor: str, nations: Mapping[str, set[str]], national: frozenset[str]
) -> bool:
    """No other named entity owns the phrase; a nationality does not own a group ("Syrian
    insurgents"), but does own an institution ("Russian forces")."""
    others = naming.owners - {actor} - nations.get(actor, set())
    return not others or (naming.head not in INSTITUTION_NOUNS and others <= national)


def _pointed(
    namings: Sequence[Naming],
    found: Mapping[int, str],
    actor_types: Mapping[str, str],
    mentions: Sequence[ActorMention],
) -> dict[int, str]:
    """Rule 3: "the rebels" after a mention of HTS, "his government" after Assad."""
    kinds = Counter((a, k) for i, a in found.items() for k in kinds_of(namings[i]))
    by_doc: dict[str, list[ActorMention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc].append(m)
    out = {}
    for i, n in enumerate(namings):
        if i in found or not n.pointer or n.owners or n.head in AMBIGUOUS | TITLES:
            continue
        earlier = [
            m
            for m in by_doc[n.doc]
            if n.sentence - 1 <= m.sentence <= n.sentence
            and m.start < n.start
            and actor_types[m.actor] != "GPE"
            and _fits(n, m.actor, actor_types[m.actor], kinds)
        ]
        if earlier:
            out[i] = max(earlier, key=lambda m: m.start).actor
    return out


def kinds_of(naming: Naming) -> set[str]:
    """ "group", "institution" or both ("forces"); a group word in the phrase makes it a
    group ("insurgent forces"), an institution word an institution ("government forces")."""
    if naming.person:
        return {"person"}
    words = naming.key.split()[:-1]
    if any(w in GROUP_NOUNS or w in GROUP_ADJECTIVES or w.endswith("ist") for w in words):
        return {"group"}
    if any(w in INSTITUTION_NOUNS for w in words):
        return {"institution"}
    lexicons = (("group", GROUP_NOUNS), ("institution", INSTITUTION_NOUNS))
    return {k for k, nouns in lexicons if naming.head in nouns}


def _fits(naming: Naming, actor: str, actor_type: str, kinds: Counter[tuple[str, str]]) -> bool:
    """A person owns institutions and is "his"/"her"; a group is "its"/"their"; and the actor
    must have such a phrase tied to it somewhere in the story."""
    # A "person" the documents name as a group ("X, a jihadist group") is a group.
    person = actor_type == "PERSON" and kinds[(actor, "group")] == 0
    if naming.pointer in _PERSON_POINTERS and not person:
        return False
    if naming.pointer in _GROUP_POINTERS and person:
        return False
    if naming.pointer in _PERSON_POINTERS and naming.person:
        return False  # "his leader" is someone else
    wanted = kinds_of(naming) & ({"institution", "person"} if person else {"group", "institution"})
    return any(kinds[(actor, k)] > 0 for k in wanted)
