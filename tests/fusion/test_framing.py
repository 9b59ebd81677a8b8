"""Framing: each document's own words for the main actors, counted per document.

The seed expectations below are hand counts from reading each seed's cleaned text (the body
`newsfuse` reads; the 001 tag line and the 002/003 titles are not part of it). Short made-up
sentences check each syntactic route on its own.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from newsfuse.analyze import analyze_articles, resolve_entities
from newsfuse.fusion.framing import find_framing
from newsfuse.ingest import article_from_text
from newsfuse.models import Framing, Report

EVENT_WORDS = {"offensive", "advance", "advances", "push", "campaign", "assault"}


def _rebels(report: Report) -> Framing:
    return next(f for f in report.framing if "Tahrir" in f.referent)


def _assad(report: Report) -> Framing:
    return next(f for f in report.framing if "Assad" in f.referent)


def test_rebel_terms_are_each_documents_own_words(
    seed_report: Report, seed_ids: dict[str, str]
) -> None:
    terms = _rebels(seed_report).terms
    # 000 (AP): "insurgents seized", "the insurgents' successes", "The insurgents' momentum",
    # "insurgent pressure"; "insurgent forces" three times; "the Hayat Tahrir al-Sham group";
    # "the opposition advances".
    assert terms[seed_ids["000"]] == {
        "insurgents": 4,
        "insurgent forces": 3,
        "group": 1,
        "opposition": 1,
    }
    # 001: eight "insurgents" (headings included), "rebels" in two headings, "Rebel advances"
    # and "The rebels began" (the sentence after "HTS, a jihadi group, leads ...").
    assert terms[seed_ids["001"]] == {"insurgents": 8, "rebels": 4, "jihadi group": 1}
    # 002: "rebel forces, particularly the Islamist faction ..." and "the rebel forces
    # continue"; "the rebels' progress", "the rebels having taken"; "the insurgents'
    # advancing presence"; HTS "has emerged as a formidable force"; Idlib, "the last major
    # opposition bastion".
    assert terms[seed_ids["002"]] == {
        "rebel forces": 2,
        "rebels": 2,
        "insurgents": 1,
        "islamist faction": 1,
        "force": 1,
        "opposition": 1,
    }
    # 003: four "insurgents"; "held by rebels until 2014", "the rebels entered"; "rebel
    # groups, including the jihadist group Hayat Tahrir al-Sham"; the minister "labeled the
    # insurgents as 'takfiri' extremists".
    assert terms[seed_ids["003"]] == {
        "insurgents": 4,
        "rebels": 2,
        "rebel groups": 1,
        "jihadist group": 1,
        "extremists": 1,
    }
    # 004 never says "insurgents": "The rebel's speedy advances", "rebels advance through",
    # "the rebels reportedly push", "the rebels' advance"; "rebel groups" twice; Erdogan
    # criticised Assad for failing to engage "with the opposition".
    assert terms[seed_ids["004"]] == {"rebels": 4, "rebel groups": 2, "opposition": 1}


def test_assad_side_terms_are_each_documents_own_words(
    seed_report: Report, seed_ids: dict[str, str]
) -> None:
    terms = _assad(seed_report).terms
    # 000: "Assad's regime", "a severe blow to the regime" (after "Assad's support network");
    # "the Syrian military" twice; "government concessions".
    assert terms[seed_ids["000"]] == {"regime": 2, "military": 2, "government": 1}
    # 001 says "government" ("Assad's government", "his government"), never "regime".
    assert terms[seed_ids["001"]]["government"] == 2
    assert "regime" not in terms[seed_ids["001"]]
    # 002: "government-held", "government defenses", "the Assad government" twice;
    # "Assad's regime"; "A Syrian army officer".
    assert terms[seed_ids["002"]] == {"government": 4, "regime": 1, "army": 1}
    # 003: "Assad's regime", "the regime remains determined"; "Assad's government";
    # "government forces remain in a strong position".
    assert terms[seed_ids["003"]]["regime"] == 2
    assert terms[seed_ids["003"]]["government forces"] == 1
    # 004: "Assad's army", "his forces", "the Syrian military", "pay raise for soldiers".
    assert terms[seed_ids["004"]] == {"army": 1, "forces": 1, "military": 1, "soldiers": 1}


def test_every_term_is_in_its_document_and_never_an_event(seed_report: Report) -> None:
    texts = {d.id: d.text.lower() for d in seed_report.documents}
    assert seed_report.framing
    for framing in seed_report.framing:
        for doc, counts in framing.terms.items():
            for term, n in counts.items():
                assert n >= 1
                assert term not in EVENT_WORDS
                # The head may be singular in the text ("the rebel's"): stem match.
                assert re.search(re.escape(term[:-1]), texts[doc]), (doc, term)
    words = {t for f in seed_report.framing for c in f.terms.values() for t in c}
    assert not words & {"loyalist", "loyalists", "hold", "refusal", "ability", "offensive"}


def test_documents_differ_in_how_they_name_the_rebels(
    seed_report: Report, seed_ids: dict[str, str]
) -> None:
    terms = _rebels(seed_report).terms
    assert "insurgents" in terms[seed_ids["000"]] and "rebels" not in terms[seed_ids["000"]]
    assert "rebels" in terms[seed_ids["004"]] and "insurgents" not in terms[seed_ids["004"]]


def test_referents_are_readable(seed_report: Report) -> None:
    names = [f.referent for f in seed_report.framing]
    assert "Hayat Tahrir al-Sham and allied groups" in names
    assert "Bashar Assad's side" in names


@pytest.fixture(scope="module")
def frame(nlp: Any) -> Any:
    def run(*texts: str) -> dict[str, dict[str, int]]:
        """Referent -> term -> count over all the given one-paragraph documents."""
        articles = [article_from_text(t, source=f"<t{i}>") for i, t in enumerate(texts)]
        analyses = analyze_articles(articles, nlp=nlp)
        entities = resolve_entities(articles, analyses)
        out: dict[str, dict[str, int]] = {}
        for f in find_framing(articles, analyses, entities, nlp=nlp):
            merged = out.setdefault(f.referent, {})
            for counts in f.terms.values():
                for term, n in counts.items():
                    merged[term] = merged.get(term, 0) + n
        return out

    return run


def _terms_for(found: dict[str, dict[str, int]], name: str) -> dict[str, int]:
    return next(terms for referent, terms in found.items() if name in referent)


def test_apposition_names_the_group(frame: Any) -> None:
    found = frame("Hayat Tahrir al-Sham, a jihadist group, captured Aleppo on Friday.")
    assert _terms_for(found, "Tahrir") == {"jihadist group": 1}


def test_copula_names_the_group(frame: Any) -> None:
    found = frame("Hayat Tahrir al-Sham is a former affiliate of al-Qaeda based in Idlib.")
    assert _terms_for(found, "Tahrir") == {"former affiliate": 1}


def test_possessive_and_compound_name_the_persons_side(frame: Any) -> None:
    found = frame(
        "Bashar Assad's regime lost Aleppo this week. "
        "The Assad government said the army would hold Homs."
    )
    terms = _terms_for(found, "Assad")
    assert terms["regime"] == 1 and terms["government"] == 1


def test_led_by_names_the_coalition(frame: Any) -> None:
    found = frame("Insurgents led by Hayat Tahrir al-Sham seized Hama after a swift offensive.")
    assert _terms_for(found, "Tahrir") == {"insurgents": 1}
    assert "allied groups" in next(iter(found))


def test_following_definite_phrase_points_back(frame: Any) -> None:
    found = frame(
        "Hayat Tahrir al-Sham, an Islamist faction, took Aleppo last week. "
        "The rebels then pushed south toward Hama. "
        "Officials in Damascus met on Sunday. Observers said rebels were nearby."
    )
    # "The rebels" follows the mention; the later bare "rebels" is the same document's word
    # for the same side.
    assert _terms_for(found, "Tahrir") == {"islamist faction": 1, "rebels": 2}


def test_events_and_other_entities_are_not_terms(frame: Any) -> None:
    found = frame(
        "Hayat Tahrir al-Sham, a jihadist group, launched an offensive on Hama. "
        "The offensive stunned Russian forces, and the push continued."
    )
    assert _terms_for(found, "Tahrir") == {"jihadist group": 1}


def test_a_person_is_described_in_each_documents_words(frame: Any) -> None:
    found = frame(
        "White nationalist leader Richard Spencer was stopped in Poland.",
        "Richard Spencer, an alt-right activist, was sent home from Sweden.",
    )
    terms = _terms_for(found, "Spencer")
    assert terms == {"white nationalist leader": 1, "alt-right activist": 1}


def test_seeds_report_framing_keeps_the_contract(seed_report: Report, shared_dir: Any) -> None:
    import json

    import jsonschema

    from newsfuse.render.json import report_to_dict

    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    data = report_to_dict(seed_report)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    assert data["framing"] and all(f["terms"] for f in data["framing"])


def test_a_side_with_no_proper_name_is_its_own_referent(frame: Any) -> None:
    found = frame(
        "Protesters stormed the legislature in Hong Kong on Monday. "
        "Police fired tear gas at the protesters.",
        "Demonstrators broke into the building in Hong Kong on Monday night.",
        "Hundreds of rioters smashed windows at the Hong Kong legislature.",
    )
    assert found == {"the protesters": {"protesters": 2, "demonstrators": 1, "rioters": 1}}


def test_unrelated_crowd_words_in_few_documents_make_no_side(frame: Any) -> None:
    found = frame(
        "Protesters gathered in Hong Kong on Monday.",
        "The legislature in Hong Kong debated the bill on Monday.",
        "Lawmakers in Hong Kong voted on the bill after a long debate.",
    )
    assert found == {}


def test_a_group_is_named_whatever_type_the_tagger_gives_it(frame: Any) -> None:
    # The small model tags "Hamas" here as a place; the apposition still names the group. A
    # place-typed name takes no phrase that points back ("the group"): after a real place,
    # that phrase is usually someone else.
    found = frame(
        "Hamas, the Islamist movement that rules Gaza, fired rockets on Monday. "
        "The Israeli military said the group had fired 200 rockets."
    )
    assert found == {"Hamas": {"islamist movement": 1}}
