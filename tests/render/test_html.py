"""The HTML report, checked with a parser: sections, citations, exact spans, escaping, CSP."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from types import ModuleType

import pytest

from newsfuse.models import (
    Article,
    BriefSentence,
    Evidence,
    Fact,
    Report,
    ReportQuote,
    StoryInfo,
)
from newsfuse.render import render_report
from newsfuse.render.citations import collect_citations
from newsfuse.render.html import render_html

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "a", "header", "p", "nav", "ul",
    "li", "main", "section", "h1", "h2", "h3", "div", "span", "ol", "article", "blockquote",
    "footer", "figure", "svg", "desc", "text", "rect", "figcaption", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "details", "summary", "mark", "script", "button",
}  # fmt: skip


def test_every_section_has_its_h2_in_order(seed_report: Report, helpers: ModuleType) -> None:
    page = helpers.Page(render_html(seed_report))
    assert [h.strip() for h in page.h2] == helpers.SECTIONS


def test_every_citation_points_at_an_element_of_the_page(
    seed_report: Report, helpers: ModuleType
) -> None:
    page = helpers.Page(render_html(seed_report))
    links = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "")[:1] == "#"]
    cites = [a for tag, a in page.elements if tag == "a" and "cite" in (a.get("class") or "")]
    assert len(cites) > 20
    assert all(str(h)[1:] in page.ids for h in links)
    # brief, facts, conflicts, quotes and timeline cite exact spans, not just documents
    assert all(a.get("data-span") for a in cites)


def test_each_cited_span_reads_exactly_as_the_source(
    seed_report: Report, helpers: ModuleType
) -> None:
    page = helpers.Page(render_html(seed_report))
    docs = {d.id: d for d in seed_report.documents}
    spans = collect_citations(seed_report).spans
    assert len(spans) > 30
    for span in spans:
        assert page.ids[span.key] == "mark"
        assert page.span_text[span.key] == docs[span.doc_id].text[span.start : span.end]


def test_the_full_text_of_every_document_is_shown(seed_report: Report) -> None:
    html = render_html(seed_report)
    text = re.sub(r"<[^>]+>", "", html)
    for doc in seed_report.documents:
        for line in doc.text.splitlines():
            escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped.replace('"', "&#34;").replace("'", "&#39;") in text


def test_the_page_loads_nothing_and_runs_only_its_own_hashed_code(
    seed_report: Report, helpers: ModuleType
) -> None:
    html = render_html(seed_report)
    page = helpers.Page(html)
    csp = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in str(csp)
    assert len(page.scripts) == 1 and len(page.styles) == 1
    for body in (page.scripts[0], page.styles[0]):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in str(csp)
    assert not [a for _, a in page.elements if "src" in a]
    assert [a["href"] for t, a in page.elements if t == "link"] == ["data:,"]
    assert "url(" not in page.styles[0] and "@import" not in page.styles[0]


def test_hostile_text_adds_no_markup_and_no_script(
    hostile_report: Report, helpers: ModuleType
) -> None:
    html = render_html(hostile_report)
    page = helpers.Page(html)
    assert {t for t, _ in page.elements} <= ALLOWED_TAGS
    assert len(page.scripts) == 1 and "__pwned" not in page.scripts[0]
    assert len(page.styles) == 1 and "display:none" not in page.styles[0]
    for _, attrs in page.elements:
        assert not [k for k in attrs if k.startswith("on")]
        assert not str(attrs.get("href", "")).lower().startswith("javascript")
    assert "\u2028" not in page.scripts[0]
    # the payloads are still there, as text, for the reader to see
    assert page.span_text and any("<script>" in t for t in page.span_text.values())


def test_a_javascript_source_is_not_a_link_but_a_web_source_is(
    hostile_report: Report, helpers: ModuleType
) -> None:
    web = "https://example.org/news/1?a=1&b=2"
    doc = replace(hostile_report.documents[0], source=web, url=web)
    page = helpers.Page(render_html(replace(hostile_report, documents=(doc,))))
    assert web in [a.get("href") for t, a in page.elements if t == "a"]
    page = helpers.Page(render_html(hostile_report))
    assert not [a for t, a in page.elements if t == "a" and "javascript" in str(a.get("href"))]


def test_evidence_with_wrong_offsets_is_shown_unlinked_and_flagged(
    seed_report: Report, helpers: ModuleType
) -> None:
    doc = seed_report.documents[0]
    wrong = Evidence(doc.id, 0, 10, "not the text there")
    fact = Fact("bad", "A claim with a broken span.", (wrong,), (doc.id,), 1, "single_source")
    report = replace(seed_report, facts=(*seed_report.facts, fact))
    html = render_html(report)
    page = helpers.Page(html)
    assert "s1-0-10" not in page.ids
    cites = [a for t, a in page.elements if t == "a" and "cite" in (a.get("class") or "")]
    assert all(str(a["href"])[1:] in page.ids for a in cites)
    assert any(a["href"] == "#doc-1" for a in cites)


def test_an_empty_report_still_renders_every_section(helpers: ModuleType) -> None:
    empty = Report(StoryInfo("s", "Nothing yet"), (), (), (), (), (), (), (), (), ())
    page = helpers.Page(render_html(empty))
    assert [h.strip() for h in page.h2] == helpers.SECTIONS


@pytest.mark.parametrize("title", ["Ünïcode — “quotes” & <tags>", "x" * 300])
def test_titles_are_escaped_in_head_and_body(title: str, helpers: ModuleType) -> None:
    doc = Article(id="d1", source="a.txt", text="Body.", title=title)
    report = Report(StoryInfo("s", title), (doc,), (), (), (), (), (), (), (), ())
    html = render_report(report, "html")
    assert "<tags>" not in html
    assert helpers.Page(html).ids["h-doc-1"] == "h3"


def test_a_fact_in_dispute_links_to_the_disagreement(
    seed_report: Report, helpers: ModuleType
) -> None:
    disputed = {fid for c in seed_report.conflicts for fid in c.fact_ids}
    assert disputed
    page = helpers.Page(render_html(seed_report))
    links = [a["href"] for t, a in page.elements if t == "a" and a.get("class") == "see-conflict"]
    assert len(links) == len(disputed)
    assert all(page.ids[str(h)[1:]] == "article" for h in links)


def test_a_quote_cites_every_report_it_appears_in(seed_report: Report, helpers: ModuleType) -> None:
    d1, d2 = seed_report.documents[:2]
    word = "Homs"
    first = Evidence(d1.id, d1.text.index(word), d1.text.index(word) + 4, word)
    again = Evidence(d2.id, d2.text.index(word), d2.text.index(word) + 4, word)
    quote = ReportQuote("qx", word, "Someone Quoted", None, first, also=(again,))
    page = helpers.Page(render_html(replace(seed_report, quotes=(quote,))))
    cited = {a.get("data-span") for t, a in page.elements if t == "a" and a.get("data-span")}
    assert {f"s1-{first.start}-{first.end}", f"s2-{again.start}-{again.end}"} <= cited
    assert "Someone Quoted" in [h.strip() for h in page.h3]


def test_a_brief_sentence_on_a_disputed_fact_links_to_the_disagreement(
    seed_report: Report, helpers: ModuleType
) -> None:
    conflict = seed_report.conflicts[0]
    fact = next(f for f in seed_report.facts if f.id in conflict.fact_ids)
    sentence = BriefSentence(fact.statement, (fact.id,), fact.doc_ids)
    page = helpers.Page(render_html(replace(seed_report, brief=(sentence,))))
    marks = [a for t, a in page.elements if t == "a" and a.get("class") == "disputed-mark"]
    assert [a["href"] for a in marks] == ["#conflict-1"]
    assert page.ids["conflict-1"] == "article"
