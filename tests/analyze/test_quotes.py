from __future__ import annotations

from typing import Any

from newsfuse.analyze import link_speakers
from newsfuse.models import Article, DocAnalysis, Entity, Quote


def _seed_quotes(seed_analyses: list[DocAnalysis]) -> list[Quote]:
    return [q for a in seed_analyses for q in a.quotes]


def _by_start(quotes: list[Quote], start: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, (start, quotes)
    return found[0]


def test_seed_direct_quotes_and_speakers(seed_analyses: list[DocAnalysis]) -> None:
    quotes = _seed_quotes(seed_analyses)
    expected = {
        "The battle of Homs is the mother": "Rami Abdurrahman",
        "We are in a good position on the ground": "Ali Mahmoud Abbas",
        "We had made a call to Assad": "Erdogan",
        "Your time has come.": "Abu Mohammed al-Jawlani",
    }
    for start, speaker in expected.items():
        quote = _by_start(quotes, start)
        assert quote.direct and quote.speaker == speaker, quote


def test_unclosed_quote_stops_at_its_sentence(seed_analyses: list[DocAnalysis]) -> None:
    quote = _by_start(_seed_quotes(seed_analyses), "Your time has come.")
    assert quote.text == "Your time has come."


def test_seed_reported_speech(seed_analyses: list[DocAnalysis]) -> None:
    quotes = _seed_quotes(seed_analyses)
    hussein = _by_start(quotes, "serious threat to regional security")
    assert (hussein.direct, hussein.speaker) == (False, "Fuad Hussein")
    erdogan = _by_start(quotes, "Turkey had not wished for such developments")
    assert (erdogan.direct, erdogan.speaker) == (False, "Recep Tayyip Erdogan")
    minister = _by_start(quotes, "the retreat from Hama was a tactical decision")
    assert not minister.direct and minister.speaker is not None
    assert "defense minister" in minister.speaker


def test_seed_scare_quotes_are_left_out(seed_analyses: list[DocAnalysis]) -> None:
    texts = {q.text for q in _seed_quotes(seed_analyses)}
    assert "smash" not in texts and "takfiri" not in texts


def test_seed_spans_slice_the_text(
    seed_articles: list[Article], seed_analyses: list[DocAnalysis]
) -> None:
    for article, analysis in zip(seed_articles, seed_analyses, strict=True):
        for q in analysis.quotes:
            assert article.text[q.start : q.end] == q.text
            for span in (q.speaker_span, q.speaker_ref):
                if span is not None:
                    assert article.text[span.start : span.end] == span.text


def test_seed_speakers_link_to_entities(
    seed_analyses: list[DocAnalysis], seed_entities: list[Entity]
) -> None:
    linked = _seed_quotes(link_speakers(seed_analyses, seed_entities))
    names = {e.id: e.name for e in seed_entities}
    quote = _by_start(linked, "We had made a call to Assad")
    assert quote.speaker_entity is not None
    assert names[quote.speaker_entity] == "Recep Tayyip Erdogan"
    jawlani = _by_start(linked, "Your time has come.")
    assert jawlani.speaker_entity is not None
    assert names[jawlani.speaker_entity] == "Abu Mohammed al-Jawlani"


def _quotes(analyze_one: Any, text: str) -> list[tuple[str, bool, str | None]]:
    return [(q.text, q.direct, q.speaker) for q in analyze_one(text).quotes]


def test_said_after_the_quote(analyze_one: Any) -> None:
    text = '"We will not retreat," said John Smith, the chief of the regional council.'
    assert _quotes(analyze_one, text) == [("We will not retreat", True, "John Smith")]


def test_name_said_after_curly_quote(analyze_one: Any) -> None:
    text = "“The talks failed,” Maria Lopez said on Tuesday."
    assert _quotes(analyze_one, text) == [("The talks failed", True, "Maria Lopez")]


def test_colon_introduction_drops_titles(analyze_one: Any) -> None:
    text = "Prime Minister Kevin Rudd told reporters: “We have the numbers.”"
    assert _quotes(analyze_one, text) == [("We have the numbers.", True, "Kevin Rudd")]


def test_pronoun_speaker_refers_to_the_named_person(analyze_one: Any) -> None:
    text = "The minister, Sarah Jones, was defiant. “Nothing has changed,” she said."
    (quote,) = analyze_one(text).quotes
    assert quote.speaker_span is not None and quote.speaker_span.text == "she"
    assert quote.speaker_ref is not None and quote.speaker_ref.text == "Sarah Jones"


def test_role_refers_to_the_named_person(analyze_one: Any) -> None:
    text = (
        "Health Minister Anna Berg visited the hospital. "
        "Later the health minister said that the ward would reopen next month."
    )
    (quote,) = analyze_one(text).quotes
    assert quote.text == "the ward would reopen next month" and not quote.direct
    assert quote.speaker_ref is not None and quote.speaker_ref.text == "Anna Berg"


def test_voiced_concern_that(analyze_one: Any) -> None:
    text = "The union voiced concern that wages were falling behind prices."
    assert _quotes(analyze_one, text) == [("wages were falling behind prices", False, "union")]


def test_quote_continued_in_next_paragraph(analyze_one: Any) -> None:
    text = 'Officials spoke. "This is the first part.\n"And this continues it," said Tom Reed.'
    assert _quotes(analyze_one, text) == [
        ("This is the first part.", True, "Tom Reed"),
        ("And this continues it", True, "Tom Reed"),
    ]


def test_speaker_of_previous_sentence(analyze_one: Any) -> None:
    text = '"We are ready," said Ana Diaz. "The vote is tomorrow and we will win."'
    quotes = _quotes(analyze_one, text)
    assert quotes[1] == ("The vote is tomorrow and we will win.", True, "Ana Diaz")


def test_no_quotes_in_plain_narrative(analyze_one: Any) -> None:
    text = "The so-called “experts” disagreed. Reports indicate that the town fell."
    assert _quotes(analyze_one, text) == []


def test_it_said_refers_to_the_organisation(analyze_one: Any) -> None:
    text = "The World Bank cut its forecast. “Growth will slow sharply,” it said."
    (quote,) = analyze_one(text).quotes
    assert quote.speaker == "World Bank"


def test_pronoun_without_referent_has_no_speaker(analyze_one: Any) -> None:
    (quote,) = analyze_one("“We will rebuild the town,” they said.").quotes
    assert quote.speaker is None


def test_speaker_introduced_by_the_previous_sentence(analyze_one: Any) -> None:
    text = "Mayor Ana Ruiz told reporters about the flood on Monday. “The water is still rising.”"
    assert _quotes(analyze_one, text) == [("The water is still rising.", True, "Ana Ruiz")]


def test_role_links_to_the_person_another_report_names(
    seed_articles: list[Article], seed_analyses: list[DocAnalysis], seed_entities: list[Entity]
) -> None:
    linked = _seed_quotes(link_speakers(seed_analyses, seed_entities, articles=seed_articles))
    minister = _by_start(linked, "the retreat from Hama was a tactical decision")
    names = {e.id: e.name for e in seed_entities}
    assert minister.speaker_entity is not None
    assert names[minister.speaker_entity] == "Ali Mahmoud Abbas"
    officer = _by_start(linked, "reinforcements are being dispatched")
    assert officer.speaker_entity is None  # "a Syrian army officer" names nobody


def test_voiced_stance_without_clause(seed_analyses: list[DocAnalysis], analyze_one: Any) -> None:
    hussein = _by_start(_seed_quotes(seed_analyses), "deep concerns about regional security")
    assert (hussein.direct, hussein.speaker) == (False, "Fuad Hussein")
    assert _quotes(analyze_one, "Erdogan voiced unease on Friday.") == []  # too short
