"""Entity resolution within and across articles: every spelling of one referent, one Entity.

Mentions are merged when
1. their names normalise to the same key: case, accents, possessives, a leading "the", Arabic
   articles ("al-", "el-"), hyphens and doubled letters do not count ("Bashar al-Assad" =
   "Bashar Assad", "Talbisseh" = "Talbiseh");
2. an article defines one as the other's acronym ("Hayat Tahrir al-Sham (HTS)");
3. a person's shorter name ends the longer one ("Assad" -> "Bashar Assad", "al-Jawlani" ->
   "Abu Mohammed al-Jawlani"); with several longer candidates, the most mentioned wins;
4. they are transliteration variants of the same kind of thing (places with places, people with
   people): same consonant skeleton and a rapidfuzz ratio of at least 80, both at least 5
   letters ("Rastan"/"Rustan"). Two different known gazetteer places are never merged this way
   (Iran/Iraq, Homs/Hama, Austria/Australia), and names under 5 letters only merge exactly;
5. both name exactly one known place, the same one ("UK"/"Britain", "U.S."/"United States").

Guarantees: every input mention is in exactly one entity; an entity's id depends only on its
type and canonical name, so the same input gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsfuse.analyze.gazetteer import Gazetteer, fold, load_gazetteer
from newsfuse.models import Article, DocAnalysis, Entity, EntityMention

_PLACES = frozenset({"GPE", "LOC", "FAC"})
_ARTICLE = re.compile(r"\b(?:(?:al|el|ad|an|ar|as|ash|at|az)[-‑]|(?:al|el) )(?=\w)")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOUBLE = re.compile(r"(\w)\1+")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Z&]{1,7})\s*\)")
_MIN_FUZZY_LEN = 5
_MIN_RATIO = 80.0


def name_key(name: str) -> str:
    """The comparison key of a name: "Bashar al-Assad’s" -> "bashar asad"."""
    key = _POSSESSIVE.sub("", fold(name).strip(" .,"))
    key = re.sub(r"^the\s+", "", key)
    key = _ARTICLE.sub("", key)
    key = re.sub(r"[-‑'’.]", " ", key)
    return _DOUBLE.sub(r"\1", " ".join(key.split()))


def _skeleton(key: str) -> str:
    return key[:1] + re.sub(r"[aeiouy\s]", "", key[1:])


@dataclass
class _Node:
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    mentions: list[EntityMention] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0]

    @property
    def family(self) -> str:
        return "PLACE" if self.type in _PLACES else self.type


class _Union:
    def __init__(self, keys: Sequence[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_entities(
    articles: Sequence[Article],
    analyses: Sequence[DocAnalysis],
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Entity]:
    """The entities behind the mentions of `analyses`, most mentioned first.

    `articles` supplies the texts (for acronym definitions); an analysis whose article is not
    given still contributes its mentions.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    nodes = _nodes(analyses)
    union = _Union(sorted(nodes))
    texts = {a.id: a.text for a in articles}
    for a, b in _acronym_pairs(analyses, texts):
        if a in nodes and b in nodes:
            union.union(a, b)
    _merge_surnames(nodes, union)
    _merge_variants(nodes, union, gaz)
    _merge_same_place(nodes, union, gaz)
    clusters: dict[str, list[_Node]] = defaultdict(list)
    for key, node in nodes.items():
        clusters[union.find(key)].append(node)
    entities = [_entity(group) for group in clusters.values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return _unique_ids(entities)


def _nodes(analyses: Sequence[DocAnalysis]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for analysis in analyses:
        for m in analysis.mentions:
            key = name_key(m.text)
            if not key:
                continue
            node = nodes.setdefault(key, _Node(key))
            node.forms[_POSSESSIVE.sub("", m.text)] += 1
            node.types[m.type] += 1
            node.mentions.append(EntityMention(analysis.article_id, m.start, m.end, m.text))
    return nodes


def _acronym_pairs(analyses: Sequence[DocAnalysis], texts: dict[str, str]) -> list[tuple[str, str]]:
    pairs = []
    for analysis in analyses:
        text = texts.get(analysis.article_id)
        if text is None:
            continue
        for m in analysis.mentions:
            match = _ACRONYM_AFTER.match(text, m.end)
            if match:
                pairs.append((name_key(m.text), name_key(match.group(1))))
    return pairs


def _merge_surnames(nodes: dict[str, _Node], union: _Union) -> None:
    people = [n for n in nodes.values() if n.type == "PERSON"]
    by_last: dict[str, list[_Node]] = defaultdict(list)
    for n in people:
        by_last[n.key.split()[-1]].append(n)
    for n in people:
        words = n.key.split()
        longer = [
            m
            for m in by_last[words[-1]]
            if len(m.key.split()) > len(words) and m.key.split()[-len(words) :] == words
        ]
        if longer:
            best = max(longer, key=lambda m: (len(m.mentions), m.key))
            union.union(n.key, best.key)


def _merge_variants(nodes: dict[str, _Node], union: _Union, gaz: Gazetteer) -> None:
    buckets: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for n in nodes.values():
        if len(n.key) >= _MIN_FUZZY_LEN:
            buckets[(n.family, _skeleton(n.key))].append(n)
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if fuzz.ratio(a.key, b.key) < _MIN_RATIO:
                    continue
                if _distinct_known(a, b, gaz):
                    continue
                union.union(a.key, b.key)


def _merge_same_place(nodes: dict[str, _Node], union: _Union, gaz: Gazetteer) -> None:
    """Names of exactly one known place, the same one, are one entity ("UK" and "Britain")."""
    by_place: dict[str, str] = {}
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if node.family != "PLACE":
            continue
        places = gaz.places(node.forms.most_common(1)[0][0])
        if len(places) == 1:
            (place,) = places
            if place in by_place:
                union.union(by_place[place], node.key)
            else:
                by_place[place] = node.key


def _distinct_known(a: _Node, b: _Node, gaz: Gazetteer) -> bool:
    name_a, name_b = a.forms.most_common(1)[0][0], b.forms.most_common(1)[0][0]
    return gaz.distinct_places(name_a, name_b)


def _entity(group: list[_Node]) -> Entity:
    forms: Counter[str] = Counter()
    types: Counter[str] = Counter()
    mentions: list[EntityMention] = []
    for node in group:
        forms.update(node.forms)
        types.update(node.types)
        mentions.extend(node.mentions)
    name = max(forms, key=lambda f: (len(name_key(f).split()), forms[f], len(f), f))
    kind = max(types, key=lambda t: (types[t], t))
    aliases = tuple(sorted(forms, key=lambda f: (-forms[f], f)))
    mentions.sort(key=lambda m: (m.doc, m.start))
    digest = hashlib.sha1(f"{kind}:{name_key(name)}".encode()).hexdigest()[:12]
    return Entity(
        id=f"ent-{digest}", name=name, type=kind, aliases=aliases, mentions=tuple(mentions)
    )


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    seen: Counter[str] = Counter()
    out = []
    for e in entities:
        seen[e.id] += 1
        if seen[e.id] > 1:
            e = Entity(f"{e.id}-{seen[e.id]}", e.name, e.type, e.aliases, e.mentions)
        out.append(e)
    return out
