"""The plain-text reader on the five seed reports: the named behaviours, and no lost text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest import article_from_text
from newsfuse.ingest.text import article_from_markdown
from newsfuse.models import Article, content_id


def _seed(seed_paths: list[Path], prefix: str) -> Article:
    path = next(p for p in seed_paths if p.name.startswith(prefix))
    return article_from_text(path.read_text(encoding="utf-8"), source=str(path))


def test_001_tag_line_gives_byline_and_outlet_and_leaves_the_text(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "001")
    assert article.byline == "J. Mansour"
    assert article.outlet == "Newslooks"
    assert "Homs conflict updates/" not in article.text
    assert "Morning Edition" not in article.text
    assert article.text.startswith("Syrian insurgents have seized two towns near Homs")
    assert any("Homs conflict updates" in piece for piece in article.boilerplate)


def test_001_section_labels_go_but_real_headings_stay(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "001")
    lines = article.text.splitlines()
    assert "Deep Look" not in lines
    assert not any(line.endswith("Quick Looks") for line in lines)
    assert "Syrian Rebels Close In on Homs" in lines
    assert "Strategic Importance of Homs" in lines
    assert {"Quick Looks", "Deep Look"} <= set(article.boilerplate)
    # a heading that carries the summary-box label is the headline of this format
    assert article.title == "Syrian Rebels Close In on Homs"


def test_000_credits_associated_press(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "000")
    assert article.credited_sources == ("Associated Press",)
    assert "Source: Apnews" not in article.text


def test_003_credits_associated_press_and_reuters(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "003")
    assert article.credited_sources == ("Associated Press", "Reuters")
    assert "This report includes information" not in article.text
    assert article.title == "Syrian Insurgency Strengthens as Rebels Seize Two Towns North of Homs"


def test_004_see_also_link_moves_to_boilerplate(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "004")
    assert "South Korean markets" not in article.text
    assert "Also, see:" not in article.text
    assert any("South Korean markets" in piece for piece in article.boilerplate)


def test_002_headline_becomes_title(seed_paths: list[Path]) -> None:
    article = _seed(seed_paths, "002")
    assert article.title is not None and article.title.startswith("Escalating Conflict")
    assert not article.text.startswith("Escalating Conflict")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text) if len(s.split()) >= 6]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_story_sentence_survives(seed_paths: list[Path], prefix: str) -> None:
    path = next(p for p in seed_paths if p.name.startswith(prefix))
    raw = path.read_text(encoding="utf-8")
    article = article_from_text(raw, source=str(path))
    removed = [*article.boilerplate, article.title or ""]
    flat = " ".join(article.text.split())
    for line in raw.splitlines():
        for sentence in _sentences(line.split("/ ")[-1]):
            if any(sentence in piece or piece in sentence for piece in removed if piece):
                continue
            assert " ".join(sentence.split()) in flat, sentence
    assert article.id == content_id(article.text)


def test_explicit_metadata_wins_and_a_repeated_title_line_is_dropped() -> None:
    article = article_from_text(
        "Storm hits coast\nA storm hit the coast on Monday, officials said.\n",
        title="Storm hits coast",
        published="2024-12-06",
        outlet="Daily Example",
    )
    assert article.title == "Storm hits coast"
    assert article.text == "A storm hit the coast on Monday, officials said."
    assert (article.published, article.outlet) == ("2024-12-06", "Daily Example")


def test_only_metadata_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        article_from_text("   \n\n", source="blank.txt")


def test_markdown_front_matter_heading_and_links() -> None:
    md = (
        "---\ntitle: Flood warning\ndate: March 1, 2024\nauthor: Ana Silva\n---\n"
        "# Flood warning\n\nThe river rose **two metres** overnight, "
        "[officials](https://example.org) said.\n\n## Evacuations\n\nSchools were closed.\n"
    )
    article = article_from_markdown(md, source="flood.md")
    assert article.title == "Flood warning"
    assert article.published == "2024-03-01" and article.byline == "Ana Silva"
    assert "The river rose two metres overnight, officials said." in article.text
    assert "Evacuations" in article.text.splitlines()
    assert "#" not in article.text and "](" not in article.text


def test_one_sentence_article_equal_to_its_title_keeps_its_text() -> None:
    sentence = "A bomb exploded Friday at a bank branch in Woodburn, Oregon, killing two officers."
    article = article_from_text(sentence, title=sentence)
    assert article.text == sentence and article.title == sentence


def test_reuters_style_wire_copy() -> None:
    raw = (
        "Syrian rebels reach outskirts of Homs\n"
        "By Maya Gebeily and Timour Azhari\n"
        "December 6, 2024 4:52 PM GMT\n\n"
        "BEIRUT (Reuters) - Syrian rebels said on Friday they had reached the outskirts of Homs.\n"
        "Thousands of people fled the city overnight, residents said.\n\n"
        "(Reporting by Maya Gebeily; Editing by Frances Kerry)\n"
        "Read more: Who are the rebels advancing on Homs?\n"
    )
    article = article_from_text(raw, source="reuters.txt")
    assert article.title == "Syrian rebels reach outskirts of Homs"
    assert article.byline == "Maya Gebeily and Timour Azhari"
    assert article.published == "2024-12-06"
    assert article.credited_sources == ("Reuters",)
    assert article.text == (
        "BEIRUT (Reuters) - Syrian rebels said on Friday they had reached the outskirts of Homs.\n"
        "Thousands of people fled the city overnight, residents said."
    )
    assert len(article.boilerplate) == 4
