"""Timeline: events from facts and clauses, dates of their own clause, order from cues."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.analyze import analyze_articles, resolve_entities
from newsfuse.fusion.frames import parse_texts
from newsfuse.fusion.statements import Statement, extract_statements
from newsfuse.fusion.timeline import build_timeline
from newsfuse.fusion.timeline.clauses import Cue, read_statement
from newsfuse.fusion.timeline.order import Item, order_events
from newsfuse.models import Article, Evidence, Fact, Report, TimelineEvent

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _index(timeline: Sequence[TimelineEvent], *words: str, without: str = "") -> int:
    """Position of the first event whose text has every word (and not ``without``)."""
    for i, e in enumerate(timeline):
        if all(w in e.event for w in words) and not (without and without in e.event):
            return i
    raise AssertionError(f"no event with {words}: {[e.event for e in timeline]}")


# --- the seeds ----------------------------------------------------------------------------


def test_seeds_capture_of_aleppo_then_hama_then_rastan(seed_report: Report) -> None:
    timeline = seed_report.timeline
    aleppo = _index(timeline, "Aleppo", without="Hama")
    hama = _index(timeline, "capture of Hama")
    rastan = _index(timeline, "Rastan", "Talbiseh")
    assert aleppo < hama < rastan


def test_seeds_dated_events_in_order_and_dates_of_their_own_clause(seed_report: Report) -> None:
    dated = [e for e in seed_report.timeline if e.when]
    assert {"2011", "2012", "2014"} <= {e.when for e in dated}
    assert [e.when for e in dated] == sorted(e.when for e in dated if e.when)
    began = next(e for e in dated if e.when == "2011")
    assert "pound" not in began.event and re.search(r"began|war|conflict", began.event)
    for e in seed_report.timeline:
        assert e.when is None or _ISO.match(e.when)
        if e.when_text:
            assert e.when_text in e.event


def test_seeds_undated_events_placed_by_cues(seed_report: Report) -> None:
    timeline = seed_report.timeline
    assert any(e.when is None for e in timeline)
    # 002: "The Syrian civil war, which erupted in 2012 after a severe crackdown on ..."
    assert _index(timeline, "crackdown", without="erupted") < _index(timeline, "erupted in 2012")
    # 003: "Following the fall of Hama, loyalists of Assad from Homs were seen fleeing ..."
    assert _index(timeline, "capture of Hama") < _index(timeline, "Following the fall of Hama")


def test_seeds_evidence_exact_and_report_valid(seed_report: Report, shared_dir: Path) -> None:
    texts = {d.id: d.text for d in seed_report.documents}
    for event in seed_report.timeline:
        assert event.evidence
        for e in event.evidence:
            assert texts[e.doc][e.start : e.end] == e.text
    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(seed_report.to_dict()))
    assert not errors, errors[:3]


# --- connectives, one sentence each -------------------------------------------------------


def _cues(text: str, nlp: Any) -> list[Cue]:
    s = Statement(doc="d", position=0, sentence=0, start=0, end=len(text), text=text)
    return list(read_statement(s, parse_texts([text], nlp=nlp)[0]).cues)


@pytest.mark.parametrize(
    ("text", "first", "then"),
    [
        ("After capturing Aleppo, the rebels seized Hama.", "capturing Aleppo", "seized Hama"),
        ("The strike on Hama came a week after the rebels took Aleppo.", "took Aleppo", "strike"),
        ("Before the vote, the party expelled two members.", "expelled", "the vote"),
        ("Following the fall of Hama, residents fled Homs.", "fall of Hama", "fled Homs"),
        ("This incursion followed the capture of Hama.", "capture of Hama", "This incursion"),
        ("They began by capturing Aleppo, followed by Hama.", "capturing Aleppo", "Hama"),
        ("The rebels seized Aleppo and then took Hama.", "seized Aleppo", "took Hama"),
        ("Prices have doubled since the blockade began.", "blockade", "Prices"),
    ],
)
def test_connective_gives_the_order(text: str, first: str, then: str, nlp: Any) -> None:
    cues = _cues(text, nlp)
    assert any(first in c.first.text and then in c.then.text for c in cues), cues
    for c in cues:
        assert text[c.first.start : c.first.end] == c.first.text


def test_a_value_compared_before_an_event_is_no_cue(nlp: Any) -> None:
    text = "The pound fell to 900, compared to 47 pounds before the war began in 2011."
    assert _cues(text, nlp) == []


# --- whole timelines from short reports ---------------------------------------------------


def _timeline(texts: Sequence[str], nlp: Any, *, published: str | None = None) -> Any:
    articles = [
        Article(id=f"d{i}", source=f"d{i}", text=t, published=published)
        for i, t in enumerate(texts)
    ]
    analyses = analyze_articles(articles, nlp=nlp)
    entities = resolve_entities(articles, analyses)
    statements = extract_statements(articles, analyses, entities)
    facts = [
        Fact(f"f{i}", s.text, (Evidence(s.doc, s.start, s.end, s.text),), (s.doc,), 1, "x")
        for i, s in enumerate(statements)
    ]
    return build_timeline(facts, statements, nlp=nlp, entities=entities), articles


def test_undated_event_placed_before_the_one_it_preceded(nlp: Any) -> None:
    timeline, _ = _timeline(
        [
            "Residents of Hama said the city was calm. The capture of Hama came a week after "
            "the rebels seized the city of Aleppo.",
            "Government forces withdrew from Hama after the rebels entered its northern districts.",
        ],
        nlp,
    )
    assert _index(timeline, "seized the city of Aleppo") < _index(timeline, "capture of Hama")
    assert _index(timeline, "entered its northern") < _index(timeline, "withdrew from Hama")
    assert all(e.when is None for e in timeline)


def test_relative_dates_resolved_and_ordered(nlp: Any) -> None:
    # Published on a Saturday: "on Friday" is 2024-12-06, "on Tuesday" 2024-12-03.
    timeline, articles = _timeline(
        [
            "Rebel fighters captured the town of Rastan on Friday, witnesses said.",
            "The army pulled out of the city of Hama on Tuesday. The war began in 2011.",
        ],
        nlp,
        published="2024-12-07",
    )
    assert [e.when for e in timeline] == ["2011", "2024-12-03", "2024-12-06"]
    texts = {a.id: a.text for a in articles}
    for e in timeline:
        assert e.when_text in e.event
        assert all(texts[x.doc][x.start : x.end] == x.text for x in e.evidence)


def test_a_date_after_a_connective_dates_the_clause(nlp: Any) -> None:
    timeline, _ = _timeline(
        ["The rebels have seized twelve towns in the province of Idlib since Nov. 27."],
        nlp,
        published="2024-12-07",
    )
    assert [(e.when, e.when_text) for e in timeline] == [("2024-11-27", "Nov. 27")]


def test_dev_set_articles_give_an_ordered_timeline(data_dir: Path, nlp: Any) -> None:
    lines = (data_dir / "clustering/ecbplus_dev.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    by_event = itertools.groupby(sorted(rows, key=lambda r: r["event"]), key=lambda r: r["event"])
    stories = [list(group)[:4] for _, group in itertools.islice(by_event, 3)]
    for story in stories:
        # ECB+ keeps no publication dates: a fixed one makes "on Thursday" resolve to a day.
        timeline, articles = _timeline([r["text"] for r in story], nlp, published="2010-06-15")
        texts = {a.id: a.text for a in articles}
        days = []
        for e in timeline:
            assert e.evidence and e.event
            assert all(texts[x.doc][x.start : x.end] == x.text for x in e.evidence)
            if e.when is not None:
                assert _ISO.match(e.when), e.when
                days.append(e.when)
        assert days == sorted(days) or _nested(days)


def _nested(days: list[str]) -> bool:
    """Dates of mixed granularity are in order when each starts no earlier than the last."""
    return all(a[: len(b)] <= b[: len(a)] for a, b in itertools.pairwise(days))


# --- the order itself ---------------------------------------------------------------------


def test_order_breaks_contradictory_cues_and_keeps_dates() -> None:
    items = [
        Item(None, None, (0,)),
        Item(None, None, (1,)),
        Item(10.0, 10.0, (2,)),
        Item(5.0, 5.0, (3,)),
    ]
    # 0 before 1 (two documents) and 1 before 0 (one): the better-supported one wins.
    # 3 before 2 by date; a cue "2 before 3" contradicts the dates and is dropped.
    cues = {(0, 1): 2, (1, 0): 1, (2, 3): 3, (1, 3): 1}
    order = order_events(items, cues)
    assert sorted(order) == [0, 1, 2, 3]
    assert order.index(0) < order.index(1) < order.index(3) < order.index(2)
    assert order_events(items, cues) == order


@settings(max_examples=60, deadline=None)
@given(
    dates=st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=1, max_size=12),
    cues=st.dictionaries(
        st.tuples(st.integers(0, 11), st.integers(0, 11)), st.integers(1, 3), max_size=30
    ),
)
def test_order_is_a_permutation_that_keeps_dates(
    dates: list[int | None], cues: dict[tuple[int, int], int]
) -> None:
    items = [
        Item(d, d, (i,)) if d is not None else Item(None, None, (i,)) for i, d in enumerate(dates)
    ]
    cues = {(a, b): n for (a, b), n in cues.items() if a < len(items) and b < len(items)}
    order = order_events(items, cues)
    assert sorted(order) == list(range(len(items)))
    days = [dates[i] for i in order if dates[i] is not None]
    assert days == sorted(days)
    assert order_events(items, cues) == order
