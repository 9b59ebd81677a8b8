"""Noun phrases that can name an actor, and the ones the parse ties to an actor's name.

A naming is a noun phrase whose head is a group, institution or person noun (``lexicon``): its
term is the document's own words, lower case, the head with the modifiers that say what kind
of group it is ("islamist faction", "rebel forces", "government forces"). A word modifying
another noun names a group too ("opposition advances": the opposition), but the noun it
modifies is never a term, so events ("offensive", "advance") never are.

A person's description keeps every qualifying word ("white nationalist leader", "right-wing
conspiracy theorist"). The ties to an actor's name come from ``ties``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsfuse.fusion.framing.lexicon import (
    GROUP_ADJECTIVES,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    PERSON_NOUNS,
)
from newsfuse.fusion.framing.ties import OWNER_DEPS, descriptions, person_like, tied

NAMING_NOUNS = GROUP_NOUNS | INSTITUTION_NOUNS | PERSON_NOUNS
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_MODIFIER_DEPS = {"amod", "compound", "nmod"}
_POINTERS = {"the", "this", "that", "these", "those", "his", "her", "its", "their"}


@dataclass(frozen=True, slots=True)
class Naming:
    """One noun phrase of a document that can name an actor."""

    doc: str
    sentence: int  # index of the sentence in its DocAnalysis
    start: int  # character offset of the head in the document
    key: str  # modifiers and head lemma, what is counted: "rebel force"
    surface: str  # the document's words, lower case: "rebel forces"
    head: str  # head lemma
    tie: str = ""  # id of the actor the parse ties the phrase to
    coalition: bool = False  # names a group the actor leads or belongs to
    owners: frozenset[str] = frozenset()  # entities that own or qualify it ("Russian forces")
    pointer: str = ""  # "the", "his", "its", ... when the phrase points back to a mention
    person: bool = False  # describes one person ("white nationalist leader")


@dataclass(slots=True)
class SentenceNames:
    """The namings of one sentence and the nations its actors are named with."""

    namings: list[Naming] = field(default_factory=list)
    nations: set[tuple[str, str]] = field(default_factory=set)  # (actor id, NORP/GPE id)


def head_lemma(token: Any) -> str:
    """Singular lower-case lemma; title-case headline words ("Rebels") included."""
    if token.pos_ == "NOUN" and token.lemma_:
        return str(token.lemma_).lower()
    word = str(token.lower_).rstrip("’'")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men") and word[:-3] + "man" in NAMING_NOUNS:
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def sentence_names(
    doc: Any,
    *,
    doc_id: str,
    sentence: int,
    offset: int,
    spans: Sequence[tuple[int, int, str]],
    actors: Mapping[str, str],
) -> SentenceNames:
    """The namings in one parsed sentence, with the ties the parse gives them.

    ``spans`` are the document's entity mentions as (start, end, entity id), sorted, with
    ``offset`` the sentence's start in the document; ``actors`` maps the ids of the main
    actors to their entity type.
    Guarantees: one naming per head token; a tie only to an actor mentioned in the sentence.
    """
    token_entity = {t.i: _covering(spans, offset + t.idx) for t in doc}
    heads = {t.i: t for t in doc if _is_head(t, token_entity)}
    lemmas = {t.i: head_lemma(t) for t in doc}
    out = SentenceNames()
    ties, described = _ties(doc, token_entity, heads, lemmas, actors, out)
    for i, head in sorted(heads.items()):
        actor, coalition = ties.get(i, ("", False))
        person = i in described or is_person_noun(head)
        words = _person_words(head, token_entity) if person else _modifiers(head, token_entity)
        out.namings.append(
            Naming(
                doc=doc_id,
                sentence=sentence,
                start=offset + head.idx,
                key=_phrase([*words, head], lemma=lemmas[i]),
                surface=_phrase([*words, head], lemma=""),
                head=lemmas[i],
                tie=actor,
                coalition=coalition,
                owners=frozenset(_owners(head, token_entity)),
                pointer=_pointer(head),
                person=person,
            )
        )
    return out


def _ties(
    doc: Any,
    token_entity: Mapping[int, str],
    heads: dict[int, Any],
    lemmas: Mapping[int, str],
    actors: Mapping[str, str],
    out: SentenceNames,
) -> tuple[dict[int, tuple[str, bool]], set[int]]:
    """Head index -> (actor, coalition), and the heads that describe a person (added to
    ``heads``); the actors' nations go into ``out``."""
    common = {
        t.i: t
        for t in doc
        if t.pos_ == "NOUN" and not token_entity[t.i] and person_like(lemmas[t.i])
    }
    ties: dict[int, tuple[str, bool]] = {}
    described: set[int] = set()
    for actor, span in _actor_spans(doc, token_entity, actors):
        out.nations.update((actor, e) for e in _nations(span, token_entity, actor))
        if actors[actor] == "PERSON":
            for head in descriptions(span, common):
                ties.setdefault(head.i, (actor, False))
                heads[head.i] = head
                described.add(head.i)
        for head, coalition in tied(span, heads, lemmas, actors[actor]):
            ties.setdefault(head.i, (actor, coalition))
    return ties, described


def is_person_noun(token: Any) -> bool:
    """A noun for one person: "leader", "dictator", and singular "-ist" nouns
    ("supremacist", "theorist") that are not group nouns ("jihadist")."""
    lemma = head_lemma(token)
    if lemma in PERSON_NOUNS:
        return True
    return token.tag_ == "NN" and lemma.endswith("ist") and lemma not in GROUP_NOUNS


def _phrase(tokens: Sequence[Any], *, lemma: str) -> str:
    """The words as the document spells them, lower case, quotes and possessives dropped;
    with ``lemma``, the last word replaced by it (the counted key)."""
    words = [str(t.lower_) for t in tokens[:-1]] + [lemma or str(tokens[-1].lower_).rstrip("’'")]
    text = words[0]
    for before, token, word in zip(tokens, tokens[1:], words[1:], strict=False):
        text += (" " if token.idx > before.idx + len(before.text) else "") + word
    for quote in _QUOTES:
        text = text.replace(quote, " ")
    return " ".join(text.split())


def _person_words(head: Any, token_entity: Mapping[int, str]) -> list[Any]:
    """Every word before a person noun that qualifies it ("white nationalist and alt-right
    leader", "right-wing conspiracy theorist"), names and determiners left out."""
    words: list[Any] = []
    for child in head.lefts:
        if child.dep_ not in _MODIFIER_DEPS | {"npadvmod"} or child.pos_ == "PROPN":
            continue
        subtree = list(child.subtree)
        if not any(token_entity[t.i] or t.pos_ in ("DET", "PRON", "NUM") for t in subtree):
            words.extend(subtree)
    return sorted(words, key=lambda t: t.i)


def _covering(spans: Sequence[tuple[int, int, str]], offset: int) -> str:
    i = bisect_right(spans, (offset, 1 << 62, "")) - 1
    return spans[i][2] if i >= 0 and spans[i][0] <= offset < spans[i][1] else ""


def _is_head(token: Any, token_entity: Mapping[int, str]) -> bool:
    if token_entity[token.i] or token.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    lemma = head_lemma(token)
    if lemma not in NAMING_NOUNS and not is_person_noun(token):
        return False
    if token.pos_ == "ADJ" and (token.dep_ not in _MODIFIER_DEPS or lemma in INSTITUTION_NOUNS):
        return False  # "rebel advances" names the rebels; "military support" names no one
    # A modifier of another naming noun belongs to that phrase ("rebel forces").
    parent = token.head
    return not (
        token.dep_ in _MODIFIER_DEPS
        and parent.i != token.i
        and head_lemma(parent) in NAMING_NOUNS
        and not token_entity[parent.i]
    )


def describes_group(token: Any) -> bool:
    """A modifier that says what kind of group a noun is: "islamist", "rebel", "armed"."""
    word = str(token.lower_)
    return (
        word in GROUP_ADJECTIVES
        or word.endswith(("ist", "ists"))
        or word == "jihadi"
        or head_lemma(token) in GROUP_NOUNS
    )


def _modifiers(head: Any, token_entity: Mapping[int, str]) -> list[Any]:
    """The children that say what kind of group the head is, in text order. The tagger
    sometimes makes "Islamist" a NORP name; it is still a description."""
    out = []
    for child in head.children:
        if child.dep_ not in _MODIFIER_DEPS or child.i > head.i:
            continue
        if describes_group(child) or (
            not token_entity[child.i] and head_lemma(child) in INSTITUTION_NOUNS
        ):
            out.append(child)
    return out


def _owners(head: Any, token_entity: Mapping[int, str]) -> set[str]:
    """Entities that own or qualify the phrase: "Russian forces", "Assad's regime"."""
    out = set()
    for child in head.children:
        if describes_group(child):
            continue
        if child.dep_ in OWNER_DEPS | {"amod"} and token_entity[child.i]:
            out.add(token_entity[child.i])
            out.update(token_entity[c.i] for c in child.conjuncts if token_entity[c.i])
    return out


def _pointer(head: Any) -> str:
    for child in head.children:
        if child.dep_ in ("det", "poss") and child.lower_ in _POINTERS:
            return str(child.lower_)
    return ""


def _actor_spans(
    doc: Any, token_entity: Mapping[int, str], actors: Mapping[str, str]
) -> Iterator[tuple[str, list[Any]]]:
    """Each run of tokens inside one actor's mention, as (actor id, tokens)."""
    run: list[Any] = []
    for token in doc:
        entity = token_entity[token.i]
        if run and (entity != token_entity[run[0].i]):
            yield token_entity[run[0].i], run
            run = []
        if entity in actors:
            run.append(token)
    if run:
        yield token_entity[run[0].i], run


def _nations(span: Sequence[Any], token_entity: Mapping[int, str], actor: str) -> set[str]:
    """Entities modifying a mention or its title ("Syrian President Bashar Assad", "Syria's
    Assad"): the actor's nation, when the caller finds them to be NORP or GPE."""
    inside = {t.i for t in span}
    titles = [c for t in span for c in t.children if c.dep_ == "compound" and c.i not in inside]
    return {
        token_entity[c.i]
        for t in [*span, *titles]
        for c in t.children
        if c.i not in inside and c.dep_ in ("amod", "compound", "poss") and token_entity[c.i]
        if token_entity[c.i] != actor
    }
