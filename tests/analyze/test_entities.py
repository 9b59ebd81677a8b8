from __future__ import annotations

from typing import Any

from newsfuse.models import Article, DocAnalysis


def _types(analysis: DocAnalysis) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in analysis.mentions:
        out.setdefault(m.text, set()).add(m.type)
    return out


def _seed_types(seed_analyses: list[DocAnalysis]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in seed_analyses:
        for name, kinds in _types(a).items():
            out.setdefault(name, set()).update(kinds)
    return out


def test_seed_types_are_corrected(seed_analyses: list[DocAnalysis]) -> None:
    types = _seed_types(seed_analyses)
    for name, kind in {
        "Homs": "GPE",
        "Hama": "GPE",
        "Rastan": "GPE",
        "Talbiseh": "GPE",
        "Talbisseh": "GPE",
        "Aleppo": "GPE",
        "Tartus": "GPE",
        "HTS": "ORG",
        "Hayat Tahrir al-Sham": "ORG",
        "Syrian Observatory for Human Rights": "ORG",
        "Syrian National Army": "ORG",
        "Alawite": "NORP",
        "Bashar Assad": "PERSON",
        "Ali Mahmoud Abbas": "PERSON",
    }.items():
        assert types.get(name) == {kind}, (name, types.get(name))


def test_seed_edges_are_clean(seed_analyses: list[DocAnalysis]) -> None:
    names = set(_seed_types(seed_analyses))
    assert "Aleppo and" not in names and "Assad’s" not in names
    assert not any(n.startswith(("the ", "The ")) or n.endswith("’s") for n in names)
    assert "Defense" not in names  # a title alone is not a name


def test_seed_headings_do_not_make_names(seed_analyses: list[DocAnalysis]) -> None:
    names = set(_seed_types(seed_analyses))
    assert not names & {"Hama Falls", "Insurgent Forces Approach Homs", "Seize", "North"}


def test_seed_mentions_slice_the_text(
    seed_articles: list[Article], seed_analyses: list[DocAnalysis]
) -> None:
    for article, analysis in zip(seed_articles, seed_analyses, strict=True):
        for m in analysis.mentions:
            assert article.text[m.start : m.end] == m.text


def test_acronym_takes_the_name_and_its_type(analyze_one: Any) -> None:
    text = "The National Liberation Front (NLF) seized the port. NLF fighters then moved north."
    types = _types(analyze_one(text))
    assert types == {"National Liberation Front": {"ORG"}, "NLF": {"ORG"}}


def test_org_cue_word_makes_an_organisation(analyze_one: Any) -> None:
    types = _types(analyze_one("Fighters of the Jaish al-Izza group shelled the base."))
    assert types.get("Jaish al-Izza") == {"ORG"}


def test_place_cue_and_coordination_make_places(analyze_one: Any) -> None:
    types = _types(analyze_one("Rebels took the towns of Kafr Zita and Morek overnight."))
    assert types.get("Morek") == {"GPE"}


def test_a_surname_that_is_also_a_place_stays_a_person(analyze_one: Any) -> None:
    text = "Defense Minister Ali Mahmoud Abbas spoke. Abbas said the army would hold."
    types = _types(analyze_one(text))
    assert types.get("Ali Mahmoud Abbas") == {"PERSON"}
    assert types.get("Abbas", {"PERSON"}) == {"PERSON"}


def test_known_places_in_other_news(analyze_one: Any) -> None:
    types = _types(analyze_one("He traveled from Vienna to Sydney, then to Austria and Australia."))
    assert all(types[n] == {"GPE"} for n in ("Vienna", "Sydney", "Austria", "Australia"))


def test_capitals_are_organisations_not_airport_codes(analyze_one: Any) -> None:
    types = _types(analyze_one("The DPP told the court that CNA had reported the case."))
    assert types.get("DPP", {"ORG"}) == {"ORG"} and types.get("CNA", {"ORG"}) == {"ORG"}


def test_surname_alone_follows_the_full_name(analyze_one: Any) -> None:
    text = "Poet Amanda Gorman spoke at the UN. Gorman urged leaders to act."
    assert _types(analyze_one(text)).get("Gorman") == {"PERSON"}
