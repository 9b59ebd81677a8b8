from __future__ import annotations

from newsfuse.analyze import name_key, resolve_entities
from newsfuse.models import Article, DocAnalysis, Entity, Mention


def _entity_of(entities: list[Entity], alias: str) -> Entity:
    found = [e for e in entities if alias in e.aliases]
    assert len(found) == 1, (alias, found)
    return found[0]


def test_seed_spellings_merge(seed_entities: list[Entity]) -> None:
    for group in [
        ("Assad", "Bashar Assad", "Bashar al-Assad"),
        ("al-Jawlani", "Abu Mohammed al-Jawlani"),
        ("HTS", "Hayat Tahrir al-Sham"),
        ("Talbiseh", "Talbisseh"),
        ("Rastan", "Rustan"),
    ]:
        ids = {_entity_of(seed_entities, alias).id for alias in group}
        assert len(ids) == 1, group


def test_seed_distinct_names_stay_apart(seed_entities: list[Entity]) -> None:
    for a, b in [("Iran", "Iraq"), ("Homs", "Hama")]:
        assert _entity_of(seed_entities, a).id != _entity_of(seed_entities, b).id


def test_seed_canonical_names_and_types(seed_entities: list[Entity]) -> None:
    expected = {
        "Assad": ("Bashar Assad", "PERSON"),
        "HTS": ("Hayat Tahrir al-Sham", "ORG"),
        "al-Jawlani": ("Abu Mohammed al-Jawlani", "PERSON"),
        "Talbisseh": ("Talbiseh", "GPE"),
        "Homs": ("Homs", "GPE"),
        "Erdogan": ("Recep Tayyip Erdogan", "PERSON"),
        "Alawite": ("Alawite", "NORP"),
    }
    for alias, (name, kind) in expected.items():
        entity = _entity_of(seed_entities, alias)
        assert (entity.name, entity.type) == (name, kind)


def test_mentions_point_into_articles(
    seed_articles: list[Article], seed_entities: list[Entity]
) -> None:
    texts = {a.id: a.text for a in seed_articles}
    for entity in seed_entities:
        for m in entity.mentions:
            assert texts[m.doc][m.start : m.end] == m.text


def _doc(doc_id: str, *names: tuple[str, str]) -> tuple[Article, DocAnalysis]:
    text = " and ".join(n for n, _ in names)
    mentions, pos = [], 0
    for name, kind in names:
        start = text.index(name, pos)
        mentions.append(Mention(start, start + len(name), name, kind))
        pos = start + len(name)
    article = Article(id=doc_id, source=doc_id, text=text)
    return article, DocAnalysis(article_id=doc_id, sentences=(), mentions=tuple(mentions))


def test_known_places_never_merge() -> None:
    pairs = [("Austria", "Australia"), ("Iran", "Iraq"), ("Homs", "Hama")]
    for a, b in pairs:
        art1, an1 = _doc("d1", (a, "GPE"))
        art2, an2 = _doc("d2", (b, "GPE"))
        assert len(resolve_entities([art1, art2], [an1, an2])) == 2, (a, b)


def test_short_names_need_exact_match() -> None:
    art, an = _doc("d1", ("Hasan", "PERSON"), ("Husein", "PERSON"))
    assert len(resolve_entities([art], [an])) == 2


def test_ids_are_stable_and_order_free() -> None:
    a1, n1 = _doc("d1", ("Bashar al-Assad", "PERSON"), ("Damascus", "GPE"))
    a2, n2 = _doc("d2", ("Assad", "PERSON"))
    first = {e.id for e in resolve_entities([a1, a2], [n1, n2])}
    second = {e.id for e in resolve_entities([a2, a1], [n2, n1])}
    assert first == second and len(first) == 2


def test_name_key_folds_spelling() -> None:
    assert name_key("Bashar al-Assad’s") == name_key("Bashar Assad")
    assert name_key("Talbisseh") == name_key("Talbiseh")
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert name_key("Iran") != name_key("Iraq")


def test_two_names_of_one_known_place_merge() -> None:
    art, an = _doc("d1", ("UK", "GPE"), ("Britain", "GPE"), ("United States", "GPE"))
    art2, an2 = _doc("d2", ("U.S.", "GPE"))
    entities = resolve_entities([art, art2], [an, an2])
    assert sorted(len(e.aliases) for e in entities) == [2, 2]
