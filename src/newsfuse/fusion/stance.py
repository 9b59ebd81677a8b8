"""Stances: who is said to welcome or oppose what, with negation.

"Erdogan has publicly endorsed the push" is a positive stance of Erdogan; "Turkey had not wished
for such developments" a negative one (a wish, negated); "voiced unease" a negative one with no
object. The holder is every resolved entity that is the subject of the stance verb or of a verb
it depends on ("Erdogan commented ..., expressing that Turkey had not wished": Erdogan and
Turkey), so reported stances keep their speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsfuse.fusion.statements import Statement

POSITIVE = frozenset(
    "welcome endorse support back praise approve applaud hail embrace favor favour wish "
    "celebrate accept tolerate commend".split()
)
NEGATIVE = frozenset(
    "oppose regret condemn criticize criticise reject denounce deplore decry object blame "
    "fear lament protest resist".split()
)
# "voiced unease", "expressed support": a light verb whose object carries the stance.
_LIGHT = frozenset("voice express signal show state".split())
_NOUNS_POS = frozenset("support approval welcome endorsement backing praise".split())
_NOUNS_NEG = frozenset("unease concern concerns opposition regret alarm dismay disapproval".split())
LEXICON = POSITIVE | NEGATIVE | _LIGHT


@dataclass(frozen=True, slots=True)
class StanceFrame:
    statement: int
    holders: frozenset[str]  # resolved entity ids
    polarity: int  # +1 welcomes / supports, -1 regrets / opposes
    start: int  # the stance words, document offsets
    end: int
    text: str
    target: str  # the object's words ("" when none)
    target_entities: frozenset[str]


def may_hold_stance(s: Statement) -> bool:
    """Cheap filter before parsing: a stance word and at least one entity."""
    if not s.entities:
        return False
    low = s.text.casefold()
    return any(word in low for word in _STEMS)


_STEMS = tuple({w[:5] if len(w) > 5 else w for w in LEXICON | _NOUNS_NEG | _NOUNS_POS})


def stance_frames(index: int, s: Statement, doc: Any) -> list[StanceFrame]:
    """Every stance in statement ``s`` whose holder is a resolved entity."""
    frames = []
    for token in doc:
        polarity, obj = _polarity(token)
        if polarity == 0 or _hedged(token):
            continue
        holders = _holders(token, s)
        if not holders:
            continue
        if any(c.dep_ == "neg" for c in token.children):
            polarity = -polarity
        end_token = obj if obj is not None else token
        last = max(t.i for t in end_token.subtree) if obj is not None else token.i
        first = min([token.i] + [c.i for c in token.children if c.dep_ in ("neg", "aux")])
        span = doc[first : last + 1]
        about = _about(token, obj)
        target_span = doc[about.left_edge.i : about.right_edge.i + 1] if about is not None else None
        target_entities: frozenset[str] = frozenset()
        if target_span is not None:
            lo, hi = s.start + target_span.start_char, s.start + target_span.end_char
            target_entities = frozenset(e for a, b, e in s.mentions if a >= lo and b <= hi)
        frames.append(
            StanceFrame(
                statement=index,
                holders=holders,
                polarity=polarity,
                start=s.start + span.start_char,
                end=s.start + span.end_char,
                text=span.text,
                target=target_span.text if target_span is not None else "",
                target_entities=target_entities,
            )
        )
    return frames


def _polarity(token: Any) -> tuple[int, Any | None]:
    """(+1 / -1 / 0, the object token) for a stance verb."""
    if token.pos_ != "VERB":
        return 0, None
    lemma = token.lemma_.lower()
    obj = _object(token)
    if lemma in _LIGHT:
        if obj is None:
            return 0, None
        noun = obj.lemma_.lower()
        if noun in _NOUNS_NEG:
            return -1, obj
        if noun in _NOUNS_POS:
            return 1, obj
        return 0, None
    if lemma in POSITIVE:
        return 1, obj
    if lemma in NEGATIVE:
        return -1, obj
    return 0, None


def _about(verb: Any, obj: Any | None) -> Any | None:
    """What the stance is about: the object ("endorsed the push"), or for a light verb what
    its stance noun is about ("voiced unease over the offensive"; None for "voiced unease")."""
    if obj is None or verb.lemma_.lower() not in _LIGHT:
        return obj
    prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in _ABOUT), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None


_ABOUT = frozenset("about over on at for with regarding toward towards".split())


def _hedged(token: Any) -> bool:
    """ "must have tolerated", "may back": a guess about a stance, not a report of one."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ != "will" for c in token.children)


def _object(token: Any) -> Any | None:
    for child in token.children:
        if child.dep_ in ("dobj", "attr"):
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _holders(token: Any, s: Statement) -> frozenset[str]:
    """Entities that are subjects of the stance verb or of the verbs it hangs from; for a
    passive ("supported by Russia"), the agent only."""
    found: set[str] = set()
    passive = any(c.dep_ in ("auxpass", "agent") for c in token.children)
    if passive or (token.tag_ == "VBN" and token.dep_ == "acl"):
        for agent in (c for c in token.children if c.dep_ == "agent"):
            _add_entities(agent, s, found)
        return frozenset(found)
    current = token
    for _ in range(5):
        for child in current.children:
            if child.dep_ == "nsubj":
                _add_entities(child, s, found)
        if current.head.i == current.i:
            break
        current = current.head
    return frozenset(found)


def _add_entities(token: Any, s: Statement, found: set[str]) -> None:
    """Entities named by the subject itself: "Turkish President Erdogan", not the "Assad" of
    "Assad's allies" or of "Turkey, which opposes the Assad government"."""
    left_out = {
        t.i
        for child in token.children
        if child.dep_ in ("relcl", "appos", "acl", "poss", "prep")
        for t in child.subtree
    }
    for t in token.subtree:
        if t.i in left_out:
            continue
        lo, hi = s.start + t.idx, s.start + t.idx + len(t)
        found.update(e for a, b, e in s.mentions if a < hi and lo < b)
