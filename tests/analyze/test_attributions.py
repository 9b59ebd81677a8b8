from __future__ import annotations

from typing import Any

from newsfuse.models import DocAnalysis


def _sources(analysis: DocAnalysis) -> list[str]:
    return [a.source for a in analysis.attributions]


def test_seed_attributions(seed_analyses: list[DocAnalysis]) -> None:
    by_doc = [set(_sources(a)) for a in seed_analyses]
    assert "Syrian Observatory for Human Rights" in by_doc[2]  # according to reports from
    assert {"local media outlets", "Syrian Observatory for Human Rights"} <= by_doc[3]
    assert {"Rami Abdurrahman", "Ali Mahmoud Abbas", "Erdogan"} <= by_doc[1]


def test_according_to(analyze_one: Any) -> None:
    analysis = analyze_one("According to the World Health Organization, cases rose 12%.")
    assert _sources(analysis) == ["World Health Organization"]
    assert analysis.attributions[0].sentence == 0


def test_as_reported_by(analyze_one: Any) -> None:
    text = "The town fell. Troops are now 5 km away, as reported by the state news agency SANA."
    analysis = analyze_one(text)
    assert _sources(analysis) == ["state news agency SANA"]
    assert analysis.attributions[0].sentence == 1


def test_said_gives_its_subject(analyze_one: Any) -> None:
    assert _sources(analyze_one("Police said two men were arrested.")) == ["Police"]


def test_not_attributions(analyze_one: Any) -> None:
    text = (
        "The army withdrew, citing the need to protect civilians. This adds to the pressure. "
        "Their authenticity cannot be confirmed."
    )
    assert _sources(analyze_one(text)) == []
