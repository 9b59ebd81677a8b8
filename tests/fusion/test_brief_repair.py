from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.fusion.brief.repair import (
    NamedSpan,
    balance_quotes,
    preceding_sentence_start,
    repair,
    resolve_pronoun,
    strip_opener,
)

ASSAD = NamedSpan(0, 5, "Bashar al-Assad", "PERSON")
HTS = NamedSpan(10, 13, "Hayat Tahrir al-Sham", "ORG")


def test_dangling_openers_are_removed_and_capitalised() -> None:
    assert strip_opener("However, there has been no counteroffensive.") == (
        "There has been no counteroffensive."
    )
    assert strip_opener("Meanwhile, the army denied it.") == "The army denied it."
    assert strip_opener("Additionally, prices fell.") == "Prices fell."
    assert strip_opener("But the rebels advanced.") == "The rebels advanced."
    assert strip_opener("In addition, the pound fell.") == "The pound fell."


def test_openers_that_are_ordinary_words_stay() -> None:
    assert strip_opener("Still images showed the town.") == "Still images showed the town."
    assert strip_opener("Butina was convicted.") == "Butina was convicted."
    assert strip_opener("Andrew Cuomo spoke.") == "Andrew Cuomo spoke."


def test_pronoun_subject_takes_the_entity_of_the_preceding_sentence() -> None:
    assert resolve_pronoun("He criticised the refusal.", [HTS, ASSAD]) == (
        "Bashar al-Assad criticised the refusal."
    )
    assert resolve_pronoun("Its fighters advanced.", [ASSAD, HTS]) == (
        "Hayat Tahrir al-Sham’s fighters advanced."
    )


def test_pronoun_without_fitting_antecedent_drops_the_sentence() -> None:
    assert resolve_pronoun("He criticised the refusal.", [HTS]) is None
    assert resolve_pronoun("They fled.", []) is None


def test_expletive_it_and_ordinary_subjects_are_kept() -> None:
    text = "It is unclear whether the army will hold Homs."
    assert resolve_pronoun(text, []) == text
    assert resolve_pronoun("Homs is strategic.", []) == "Homs is strategic."
    assert resolve_pronoun("Hezbollah fighters left.", []) == "Hezbollah fighters left."


def test_open_quote_is_closed_and_orphan_closing_quote_drops() -> None:
    assert balance_quotes("He said: “we will win.") == "He said: “we will win.”"
    assert balance_quotes("we will win,” he said.") is None
    assert balance_quotes('He said: "we will win.') == 'He said: "we will win."'
    assert balance_quotes('we will win," he said.') is None
    assert balance_quotes("“Yes,” she said.") == "“Yes,” she said."


def test_repair_applies_every_rule_in_order() -> None:
    assert repair("However, he said “no.", [ASSAD]) == "Bashar al-Assad said “no.”"
    assert repair("Meanwhile, they left.", []) is None


def test_preceding_sentence_start_finds_the_sentence_before() -> None:
    text = "Rebels took Rastan. Assad's army left. He fled."
    assert preceding_sentence_start(text, text.index("He")) == text.index("Assad")
    assert preceding_sentence_start(text, text.index("Assad")) == 0
    assert preceding_sentence_start(text, 0) is None


def test_datelines_are_removed() -> None:
    assert strip_opener("WASHINGTON (AP) — The court ruled.") == "The court ruled."
    assert strip_opener("BAGHDAD — Lawmakers voted.") == "Lawmakers voted."
    assert strip_opener("NEW YORK, Dec. 6 (Reuters) - Stocks fell.") == "Stocks fell."
    assert strip_opener("NATO allies met.") == "NATO allies met."


def test_bullets_and_their_labels_are_removed() -> None:
    text = "- Mass Exodus: Thousands flee Homs."
    assert strip_opener(text) == "Thousands flee Homs."
    assert strip_opener("• Rebels took Rastan.") == "Rebels took Rastan."


@given(st.text(alphabet=st.sampled_from(list('ab “”".,')), max_size=30))
def test_balanced_or_dropped(text: str) -> None:
    out = balance_quotes(text)
    if out is not None:
        assert out.startswith(text)
        assert out.count("“") == out.count("”")
        assert out.count('"') % 2 == 0


@given(st.sampled_from(["However, ", "Meanwhile, ", "But ", "In addition, ", ""]), st.text())
def test_strip_opener_keeps_the_rest_of_the_sentence(opener: str, rest: str) -> None:
    sentence = "rebels " + rest
    out = strip_opener(opener + sentence)
    assert out[1:] == sentence[1:] or out[1:] == (opener + sentence)[1:]
