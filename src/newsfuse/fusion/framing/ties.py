"""The parse's ties between an actor's mention and the noun phrases that name it.

Apposition ("HTS, a jihadi group"; "the Islamist faction HTS"), copula ("HTS is a former
al-Qaeda affiliate"; "emerged as a force"), ownership ("Assad's regime", "the Assad
government", "the HTS group"), leadership ("insurgents led by HTS", "HTS-led rebels", "Led by
HTS, insurgents seized") and membership ("rebel groups, including HTS"; "rebel forces,
particularly HTS"). The last two name the coalition the actor leads or belongs to. A person's
own descriptions ("white nationalist leader Richard Spencer") are ``descriptions``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from newsfuse.fusion.framing.lexicon import (
    AS_COPULAS,
    COPULAS,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    LEAD_VERBS,
    MEMBERSHIP,
    PERSON_ENDINGS,
    PERSON_NOUNS,
    PERSON_OTHERS,
)

OWNER_DEPS = {"poss", "compound", "nmod", "npadvmod"}


def person_like(lemma: str) -> bool:
    """Whether a noun can describe a person ("adviser", "aide"; not "gamble")."""
    return lemma in PERSON_NOUNS or lemma in PERSON_OTHERS or lemma.endswith(PERSON_ENDINGS)


def descriptions(span: Sequence[Any], common: Mapping[int, Any]) -> Iterator[Any]:
    """Common nouns that describe a person's mention: a title-like compound ("white
    nationalist leader Richard Spencer"), an apposition ("Spencer, an alt-right leader") or a
    copula ("Spencer is a white supremacist"). ``common`` holds the sentence's common nouns
    that can name a person (``person_like``)."""
    inside = {t.i for t in span}
    for t in span:
        for c in t.children:
            if c.i not in inside and c.dep_ in ("compound", "appos") and c.i in common:
                yield c
        parent = t.head
        if parent.i in inside or parent.i == t.i:
            continue
        if t.dep_ == "appos" and parent.i in common:
            yield parent
        if t.dep_ == "nsubj":
            yield from _predicates(parent, common)


def _allowed(lemma: str, actor_type: str, *, owned: bool) -> bool:
    """A person owns institutions ("Assad's regime", not "Assad's group"; descriptions of a
    person are found apart); otherwise group and institution nouns name an actor, and a
    name the tagger took for a person's ("Hayat Tahrir al-Sham, a jihadist group") too. A
    name the tagger took for a place is named only by a group noun ("Hamas, the Islamist
    movement"); "Turkey's forces" stays Turkey's."""
    if actor_type == "PERSON" and owned:
        return lemma in INSTITUTION_NOUNS
    if actor_type == "GPE":  # a place is an actor only as a group the tagger took for one
        return not owned and lemma in GROUP_NOUNS - INSTITUTION_NOUNS
    return lemma in GROUP_NOUNS | INSTITUTION_NOUNS


def tied(
    span: Sequence[Any], heads: Mapping[int, Any], lemmas: Mapping[int, str], actor_type: str
) -> Iterator[tuple[Any, bool]]:
    """Naming heads tied to a mention, directly or through a tied phrase (two hops)."""
    frontier: list[tuple[Sequence[Any], bool]] = [(span, False)]
    seen: set[int] = {t.i for t in span}
    for _hop in range(3):
        following: list[tuple[Sequence[Any], bool]] = []
        for tokens, coalition in frontier:
            for head, via_coalition, owned in _links(tokens, heads):
                if head.i in seen or not _allowed(lemmas[head.i], actor_type, owned=owned):
                    continue
                seen.add(head.i)
                yield head, coalition or via_coalition
                following.append(([head], coalition or via_coalition))
        frontier = following


def _links(tokens: Sequence[Any], heads: Mapping[int, Any]) -> Iterator[tuple[Any, bool, bool]]:
    """(naming head, names a coalition, owned by the tokens) for every link out of them."""
    inside = {t.i for t in tokens}
    for token in tokens:
        parent = token.head
        for child in token.children:
            if child.i not in inside and child.dep_ == "appos" and child.i in heads:
                yield child, _member(child), False
        if parent.i in inside or parent.i == token.i:
            continue
        if token.dep_ == "appos" and parent.i in heads:
            yield parent, _member(token), False
        elif token.dep_ in OWNER_DEPS and parent.i in heads:
            yield parent, False, True
        elif token.dep_ == "nsubj":
            yield from ((h, False, False) for h in _predicates(parent, heads))
        yield from ((h, True, False) for h in _led_or_included(token, heads))


def _member(token: Any) -> bool:
    """ "rebel forces, particularly the faction HTS": the apposition is one member."""
    return any(c.dep_ in ("advmod", "prep") and c.lower_ in MEMBERSHIP for c in token.children)


def _predicates(verb: Any, heads: Mapping[int, Any]) -> Iterator[Any]:
    lemma = str(verb.lemma_).lower()
    for child in verb.children:
        if lemma in COPULAS and child.dep_ == "attr" and child.i in heads:
            yield child
        if lemma in AS_COPULAS and child.dep_ == "prep" and child.lower_ == "as":
            yield from (c for c in child.children if c.dep_ == "pobj" and c.i in heads)


def _led_or_included(token: Any, heads: Mapping[int, Any]) -> Iterator[Any]:
    """ "insurgents led by HTS", "Led by HTS, insurgents seized", "HTS-led rebels",
    "rebel groups, including HTS": the phrase for the coalition."""
    link = token.head
    if token.dep_ == "npadvmod" and link.lemma_.lower() in LEAD_VERBS and link.head.i in heads:
        yield link.head
    if token.dep_ != "pobj":
        return
    if (link.lower_ in MEMBERSHIP or link.lemma_.lower() == "include") and link.head.i in heads:
        yield link.head
    verb = link.head
    if link.lower_ != "by" or verb.lemma_.lower() not in LEAD_VERBS:
        return
    if verb.dep_ in ("acl", "relcl") and verb.head.i in heads:
        yield verb.head
    if verb.dep_ == "advcl":
        yield from (c for c in verb.head.children if c.dep_ == "nsubj" and c.i in heads)
