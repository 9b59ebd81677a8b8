"""Plain-text conventions on variants written for each rule, and a no-loss invariant."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.ingest.conventions import apply_conventions

BODY = (
    "Rescuers searched the rubble for a second day on Tuesday, officials said.\n"
    "At least 40 people were killed when the quake struck before dawn."
)


def test_headline_byline_and_trailing_links() -> None:
    cleaned = apply_conventions(
        "Quake kills dozens in mountain region\nBy Maria Lopez, Reuters\n\n"
        f"{BODY}\n\nRead more: Earlier quake hit the same valley in 2019\n"
        "Related: How quakes are measured\n"
    )
    assert cleaned.title == "Quake kills dozens in mountain region"
    assert cleaned.byline == "Maria Lopez"
    assert cleaned.credited_sources == ("Reuters",)
    assert cleaned.text == BODY
    assert "Read more: Earlier quake hit the same valley in 2019" in cleaned.boilerplate


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    cleaned = apply_conventions(BODY)
    assert cleaned.title is None and cleaned.text == BODY


def test_single_line_is_never_taken_for_a_title() -> None:
    cleaned = apply_conventions("Quake kills dozens in mountain region")
    assert cleaned.title is None and cleaned.text == "Quake kills dozens in mountain region"


@pytest.mark.parametrize(
    ("credit", "agencies"),
    [
        ("Source: AFP", ("Agence France-Presse",)),
        ("Sources: Reuters, AP", ("Reuters", "Associated Press")),
        ("This article contains reporting from Agence France-Presse.", ("Agence France-Presse",)),
        ("This story includes material from Reuters and dpa",
         ("Reuters", "Deutsche Presse-Agentur")),
        ("Associated Press writer Jane Doe in Beirut contributed to this report.",
         ("Associated Press",)),
    ],
)  # fmt: skip
def test_credit_lines_become_credited_sources(credit: str, agencies: tuple[str, ...]) -> None:
    cleaned = apply_conventions(f"{BODY}\n{credit}")
    assert cleaned.credited_sources == agencies
    assert cleaned.text == BODY
    assert credit in cleaned.boilerplate


@pytest.mark.parametrize("dateline", ["BEIRUT (Reuters) - ", "HANOI, Vietnam (AP) — "])
def test_dateline_credits_the_agency_and_stays_in_the_text(dateline: str) -> None:
    cleaned = apply_conventions(dateline + BODY)
    assert len(cleaned.credited_sources) == 1
    assert cleaned.text == dateline + BODY


def test_parenthesised_names_that_are_not_agencies_credit_nothing() -> None:
    text = "Hayat Tahrir al-Sham (HTS) - the group leading the offensive - took Rastan."
    cleaned = apply_conventions(text)
    assert cleaned.credited_sources == () and cleaned.text == text


def test_section_labels_go_and_headings_stay() -> None:
    raw = (
        f"{BODY}\nKey Takeaways\nWhy the valley shakes: Deep Look\nThe valley sits on a fault.\n"
        "ADVERTISEMENT\nAftermath and Relief\nAid arrived by road."
    )
    cleaned = apply_conventions(raw)
    lines = cleaned.text.splitlines()
    assert "Key Takeaways" not in lines and "ADVERTISEMENT" not in lines
    assert "Why the valley shakes" in lines and "Aftermath and Relief" in lines
    assert {"Key Takeaways", "Deep Look", "ADVERTISEMENT"} <= set(cleaned.boilerplate)


def test_a_sentence_mentioning_see_or_source_is_kept() -> None:
    raw = (
        f"{BODY}\nSee the map below for the worst-hit areas.\nThe source of the quake was shallow."
    )
    cleaned = apply_conventions(raw)
    assert cleaned.text == raw and cleaned.boilerplate == ()


def test_windows_and_old_mac_line_endings() -> None:
    cleaned = apply_conventions("Quake kills dozens\r\n" + BODY.replace("\n", "\r"))
    assert cleaned.title == "Quake kills dozens" and cleaned.text == BODY


_WORD = st.sampled_from(
    ["rebels", "Homs", "said", "By", "Source:", "Read", "more:", "(AP)", "—", "Deep", "Look",
     "Quick", "Looks", "/", "the", "AFP", "3", "miles", "Reuters", "see:", "Also,", "Edition"]
)  # fmt: skip
_LINE = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)
_PUNCT = st.sampled_from(["", ".", ":", "?"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_LINE, _PUNCT).map("".join), min_size=1, max_size=8))
def test_no_word_is_lost(lines: list[str]) -> None:
    cleaned = apply_conventions("\n".join(lines))
    kept = " ".join([cleaned.text, cleaned.title or "", *cleaned.boilerplate]).split()
    for word in "\n".join(lines).replace("/", " ").split():
        if not any(ch.isalnum() for ch in word):
            continue  # separators such as "—" before a removed label may go with it
        assert word.rstrip("/") in kept or word.rstrip(".:?/") in " ".join(kept), word


def test_a_headline_starting_with_sources_is_not_a_credit() -> None:
    raw = f"{BODY}\nSources: Sox May Not Be Out Of Teixeira Chase"
    cleaned = apply_conventions(raw)
    assert cleaned.credited_sources == () and cleaned.text == raw


@pytest.mark.parametrize(
    "date_line",
    ["Published: Friday, December 6, 2024", "Dec. 6, 2024 10:32 AM EST", "Updated on 2024-12-06",
     "6 December 2024"],
)  # fmt: skip
def test_date_line_gives_published_before_or_after_the_headline(date_line: str) -> None:
    for raw in (f"Storm hits coast\n{date_line}\n{BODY}", f"{date_line}\nStorm hits coast\n{BODY}"):
        cleaned = apply_conventions(raw)
        assert cleaned.published == "2024-12-06"
        assert cleaned.title == "Storm hits coast" and cleaned.text == BODY


def test_a_sentence_that_starts_with_a_date_is_not_a_date_line() -> None:
    raw = f"Storm hits coast\nDecember 2024 was the wettest month on record.\n{BODY}"
    cleaned = apply_conventions(raw)
    assert cleaned.published is None
    assert cleaned.text.startswith("December 2024 was the wettest")


@pytest.mark.parametrize(
    ("trailer", "agencies"),
    [
        ("Copyright 2024 The Associated Press. All rights reserved.", ("Associated Press",)),
        ("© 2024 Reuters", ("Reuters",)),
        ("Copyright Inexhibit 2019 - ISSN: 2283-5474", ()),
        ("(Reporting by Maria Lopez; Editing by John Roe)", ()),
    ],
)
def test_trailers_go_and_an_agency_copyright_is_a_credit(
    trailer: str, agencies: tuple[str, ...]
) -> None:
    cleaned = apply_conventions(f"{BODY}\n{trailer}")
    assert cleaned.text == BODY
    assert cleaned.credited_sources == agencies
    assert trailer in cleaned.boilerplate


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_LINE, _PUNCT).map("".join), min_size=1, max_size=8))
def test_nothing_is_invented(lines: list[str]) -> None:
    # every line of the body is (part of) an input line, in input order
    cleaned = apply_conventions("\n".join(lines))
    position = 0
    for kept in filter(None, cleaned.text.splitlines()):
        while position < len(lines) and kept.strip() not in lines[position]:
            position += 1
        assert position < len(lines), kept


def test_agency_in_a_tag_line_is_outlet_and_credit() -> None:
    cleaned = apply_conventions(f"Quake/ Rescue work/ Aftershocks/ Reuters/ {BODY}")
    assert cleaned.outlet == "Reuters" and cleaned.credited_sources == ("Reuters",)
    assert cleaned.text == BODY


@pytest.mark.parametrize("pad", [" ", "\t"])
def test_a_line_padded_with_a_long_run_of_spaces_is_read_in_linear_time(pad: str) -> None:
    # quadratic patterns took minutes on such a line (20,000 spaces: 23 s); now well under one
    raw = f"{BODY}\nBy Jane Doe{pad * 100_000}/ staff writers contributed.\n{BODY}"
    start = time.perf_counter()
    cleaned = apply_conventions(raw)
    assert time.perf_counter() - start < 10
    assert cleaned.text.startswith(BODY) and cleaned.text.endswith(BODY)
