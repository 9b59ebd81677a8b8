"""Marking spans in a document's text: exact, well-formed, escaped, whatever the spans do."""

from __future__ import annotations

from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.render.citations import SpanRef
from newsfuse.render.marks import mark_text


def _spans(text: str, bounds: list[tuple[int, int]]) -> list[SpanRef]:
    out = {}
    for a, b in bounds:
        lo, hi = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        if lo < hi:
            out[(lo, hi)] = SpanRef(f"s1-{lo}-{hi}", 1, "d", lo, hi, text[lo:hi])
    return list(out.values())


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <>&\"'\n/é"), min_size=1, max_size=60),
    bounds=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=8),
)
def test_every_span_reads_back_exactly_and_the_text_survives(
    text: str, bounds: list[tuple[int, int]], helpers: ModuleType
) -> None:
    spans = _spans(text, bounds)
    html = str(mark_text(text, spans))
    page = helpers.Page(html)
    texts = "".join(helpers.Page(f"<div>{html}</div>").text_chunks)
    assert texts == text
    for span in spans:
        assert page.span_text[span.key] == span.text
        assert page.ids[span.key] == "mark"
    assert html.count('id="') == len(spans)


def test_nested_and_crossing_spans_become_well_formed_fragments(helpers: ModuleType) -> None:
    text = "one two three\nfour five"
    spans = _spans(text, [(0, 13), (4, 7), (8, 19)])
    html = str(mark_text(text, spans))
    assert html.count("<mark") == html.count("</mark>")
    # the crossing span continues after its neighbour closes and after the line break
    assert html.count('data-span="s1-8-19"') == 3
    assert helpers.Page(html).span_text["s1-8-19"] == text[8:19] == "three\nfour "


def test_markup_in_the_text_stays_text() -> None:
    text = '<script>alert(1)</script> & "x"'
    html = str(mark_text(text, _spans(text, [(0, 8)])))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
