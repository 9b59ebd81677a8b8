"""Tag lines and "By ..." bylines, on variants of the conventions (not only the seeds)."""

from __future__ import annotations

import pytest

from newsfuse.ingest.taglines import parse_byline, parse_tag_line


def test_tag_line_with_outlet_author_edition_and_run_on_body() -> None:
    tag = parse_tag_line(
        "Floods in Kerala/ Monsoon season 2024/ Relief efforts/ Daily Planet/ A. Kumar/ "
        "Evening Edition/ Heavy rain has flooded dozens of villages in the south of the state."
    )
    assert tag is not None
    assert tag.tags == ("Floods in Kerala", "Monsoon season 2024", "Relief efforts")
    assert (tag.outlet, tag.byline, tag.edition) == ("Daily Planet", "A. Kumar", "Evening Edition")
    assert tag.body.startswith("Heavy rain has flooded")


def test_name_outlet_edition_order() -> None:
    tag = parse_tag_line(
        "Election night/ Vote count/ Recount fears/ Jane Doe/ Herald/ Late Edition/"
    )
    assert tag is not None
    assert (tag.byline, tag.outlet, tag.edition) == ("Jane Doe", "Herald", "Late Edition")
    assert tag.body == ""


def test_keyword_tags_alone_give_no_outlet() -> None:
    tag = parse_tag_line("Economy/ Inflation fears/ Central bank/ Syria/ ")
    assert tag is not None
    assert tag.outlet is None and tag.byline is None
    assert "Syria" in tag.tags


def test_agency_among_tags_is_the_outlet() -> None:
    tag = parse_tag_line("Quake/ Rescue work/ Aftershocks/ Reuters/ Rescuers dug through rubble.")
    assert tag is not None and tag.outlet == "Reuters"


@pytest.mark.parametrize(
    "line",
    [
        "The service runs 24/7 and serves 300 km/h trains between the two cities every day.",
        "He said the choice was between war and/or peace, and/or a long stalemate.",
        "Read the report at https://example.org/a/b/c for details.",
        "Rain/ snow",
        "This line/ has two/ slashes but then a very long ordinary sentence after it runs on.",
    ],
)
def test_ordinary_lines_are_not_tag_lines(line: str) -> None:
    assert parse_tag_line(line) is None


def test_byline_with_agency_and_outlet() -> None:
    byline = parse_byline("By Jane Doe and John Roe, Associated Press")
    assert byline is not None
    assert byline.names == "Jane Doe and John Roe"
    assert byline.credits == ("Associated Press",) and byline.outlet is None
    other = parse_byline("By SARAH EL-AMIN | The Daily Planet")
    assert (
        other is not None and other.names == "SARAH EL-AMIN" and other.outlet == "The Daily Planet"
    )


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the day, rebels had taken the town.",
        "By Friday the army had withdrawn from Hama and several nearby towns in the province.",
        "Bystanders said the convoy passed at dawn.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "outlet", "byline"),
    [
        (
            "War/ Talks/ Ceasefire/ Jane Doe/ Daily Planet/ Late Edition/",
            "Daily Planet",
            "Jane Doe",
        ),
        ("War/ Talks/ Ceasefire/ Daily Planet/ J. Doe/ Late Edition/", "Daily Planet", "J. Doe"),
        ("War/ Talks/ Ceasefire/ Truce talks/ Daily Planet/ Late Edition/", "Daily Planet", None),
        ("War/ Talks/ Ceasefire/ Central Bank/", None, None),
        ("War/ Talks/ Ceasefire/ AP/ Jane Doe/", "Associated Press", "Jane Doe"),
    ],
)
def test_outlet_and_author_in_either_order(line: str, outlet: str, byline: str | None) -> None:
    tag = parse_tag_line(line)
    assert tag is not None
    assert (tag.outlet, tag.byline) == (outlet, byline)
    assert tag.tags[:3] == ("War", "Talks", "Ceasefire")
