"""The Markdown report: same sections, resolvable footnotes quoting exact spans, inert text."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import replace
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsfuse.models import BriefSentence, Report
from newsfuse.render import render_report
from newsfuse.render.markdown import md_escape, render_markdown

_REF = re.compile(r"\[\^(\d+)\](?!:)")
_DEF = re.compile(r"^\[\^(\d+)\]: (.*)$", re.M)
_SPAN_NOTE = re.compile(r"^\\\[(\d+)\\\] .*, characters (\d+)–(\d+): “(.*)”$")


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def test_the_sections_are_h2_headings_in_order(seed_report: Report, helpers: ModuleType) -> None:
    md = render_markdown(seed_report)
    assert re.findall(r"^## (.+)$", md, re.M) == helpers.SECTIONS


def test_every_footnote_resolves_and_quotes_its_exact_span(seed_report: Report) -> None:
    md = render_report(seed_report, "md")
    refs = set(_REF.findall(md))
    defs = dict(_DEF.findall(md))
    assert len(defs) > 30
    assert refs == set(defs)
    assert len(_DEF.findall(md)) == len(defs)  # each label defined once
    docs = list(seed_report.documents)
    for note in defs.values():
        m = _SPAN_NOTE.match(note)
        assert m, note
        doc = docs[int(m.group(1)) - 1]
        assert m.group(4) == md_escape(doc.text[int(m.group(2)) : int(m.group(3))])


def test_hostile_text_renders_as_text_in_a_markdown_renderer(
    hostile_report: Report, helpers: ModuleType
) -> None:
    rendered = _markdown().render(render_markdown(hostile_report))
    page = helpers.Page(rendered)
    tags = {t for t, _ in page.elements}
    assert tags <= {"h1", "h2", "h3", "p", "em", "strong", "ul", "li", "table", "thead",
                    "tbody", "tr", "th", "td", "blockquote"}  # fmt: skip
    # no attribute but the table's own alignment: no href, no src, no onerror
    attrs = [a for _, a in page.elements if a]
    assert all(set(a) == {"style"} and str(a["style"]).startswith("text-align") for a in attrs)
    assert "<script>" in "".join(page.text_chunks)  # shown to the reader, as text


_ANY = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_PUNCT = st.sampled_from(list("#+-=*_`[]()!<>&|~$\\ .1):;\"'a") + ["&amp;", "http://x.y", "www."])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet=_ANY, max_size=40), st.lists(_PUNCT, max_size=25).map("".join)))
def test_escaped_text_renders_as_itself(text: str) -> None:
    expected = " ".join(text.split())
    out = _markdown().render(md_escape(text)).strip()
    if not expected:
        assert out == ""
        return
    assert out.startswith("<p>") and out.endswith("</p>"), out
    assert htmllib.unescape(out[3:-4]) == expected


def test_a_brief_sentence_on_a_disputed_fact_says_so(seed_report: Report) -> None:
    conflict = seed_report.conflicts[0]
    fact = next(f for f in seed_report.facts if f.id in conflict.fact_ids)
    sentence = BriefSentence(fact.statement, (fact.id,), fact.doc_ids)
    md = render_markdown(replace(seed_report, brief=(sentence,)))
    assert f"*(disputed: see “{md_escape(conflict.topic)}” below)*" in md
