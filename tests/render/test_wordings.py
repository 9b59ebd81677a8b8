"""Reading a conflict and a fact: each side's sentences with the value marked and who says it,
and every wording of a fact, in the JSON, Markdown and HTML reports, hostile text kept inert."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import jsonschema
from markdown_it import MarkdownIt

from newsfuse.models import Report
from newsfuse.render.html import render_html
from newsfuse.render.json import report_to_dict
from newsfuse.render.markdown import md_escape, render_markdown
from newsfuse.render.wordings import conflict_sides, fact_wordings

HTML_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "a", "header", "p", "nav", "ul",
    "li", "main", "section", "h1", "h2", "h3", "div", "span", "ol", "article", "blockquote",
    "footer", "figure", "svg", "desc", "text", "rect", "figcaption", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "details", "summary", "mark", "script", "button",
}  # fmt: skip


def _side(fused_seeds: Report, kind: str) -> list[dict[str, object]]:
    data = report_to_dict(fused_seeds)
    conflict = next(c for c in data["conflicts"] if c["kind"] == kind)
    sides: list[dict[str, object]] = conflict["sides"]
    return sides


def test_each_side_quotes_its_sentences_with_the_value_and_names_its_outlets(
    fused_seeds: Report,
) -> None:
    data = report_to_dict(fused_seeds)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    outlets = {d["id"]: d["outlet"] for d in data["documents"]}
    assert data["conflicts"]
    for conflict in data["conflicts"]:
        for side in conflict["sides"]:
            assert side["doc_ids"] == list(dict.fromkeys(e["doc"] for e in side["evidence"]))
            assert len(side["outlets"]) == len(side["doc_ids"])
            for doc, label in zip(side["doc_ids"], side["outlets"], strict=True):
                assert outlets[doc] is None or label.startswith(outlets[doc])
            values = {(e["doc"], e["start"], e["end"]) for e in side["evidence"]}
            marked = set()
            for s in side["sentences"]:
                assert texts[s["doc"]][s["start"] : s["end"]] == s["text"]
                for v in s["values"]:
                    assert s["start"] <= v["start"] < v["end"] <= s["end"]
                    marked.add((s["doc"], v["start"], v["end"]))
            assert marked == values


def test_the_years_conflict_shows_both_sentences(fused_seeds: Report) -> None:
    a, b = _side(fused_seeds, "date")
    assert "began in 2011" in a["sentences"][0]["text"]  # type: ignore[index]
    assert "erupted in 2012" in b["sentences"][0]["text"]  # type: ignore[index]
    assert a["outlets"] == ["Newslooks"]


def test_a_fact_lists_each_wording_that_supports_it(fused_seeds: Report) -> None:
    data = report_to_dict(fused_seeds)
    shared = [f for f in data["facts"] if len(f["doc_ids"]) > 1]
    assert shared
    for fact in data["facts"]:
        words = fact["wordings"]
        distinct = {" ".join(e["text"].split()) for e in fact["evidence"]}
        assert len(words) == len(distinct)
        if " ".join(fact["statement"].split()) in distinct:
            assert words[0]["text"].split() == fact["statement"].split()
        spans = [e for w in words for e in w["evidence"]]
        assert sorted(map(json.dumps, spans)) == sorted(map(json.dumps, fact["evidence"]))
        assert all(e["text"] == w["text"] for w in words for e in w["evidence"][:1])


def test_the_seeds_report_with_its_new_fields_meets_the_contract(
    fused_seeds: Report, shared_dir: Path
) -> None:
    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    assert (
        list(jsonschema.Draft202012Validator(schema).iter_errors(report_to_dict(fused_seeds))) == []
    )


def test_markdown_shows_the_value_in_bold_inside_its_sentence(fused_seeds: Report) -> None:
    md = render_markdown(fused_seeds)
    assert "erupted in **2012** after" in md
    assert "the conflict began in **2011**" in md
    assert "In each report's own words:" in md
    fact = next(f for f in fused_seeds.facts if len(fact_wordings(f)) > 2)
    for w in fact_wordings(fact):
        assert f"“{md_escape(w.text)}”" in md


def test_html_marks_the_value_inside_each_sentence(
    fused_seeds: Report, helpers: ModuleType
) -> None:
    html = render_html(fused_seeds)
    page = helpers.Page(html)
    marked = page.span_text.get("None", "")  # value marks carry no span key
    for c in fused_seeds.conflicts:
        for side in conflict_sides(fused_seeds, c):
            for w in side.wordings:
                assert all(v.text in marked for v in w.values)
    assert html.count('class="wordings"') == sum(
        1 for f in fused_seeds.facts if len(fact_wordings(f)) > 1
    )
    assert "Stated by 4 reports: report 1; Newslooks;" in html


def test_hostile_sentences_and_wordings_add_no_markup(
    hostile_wordings: Report, helpers: ModuleType
) -> None:
    page = helpers.Page(render_html(hostile_wordings))
    assert {t for t, _ in page.elements} <= HTML_TAGS
    assert len(page.scripts) == 1 and "__pwned" not in page.scripts[0]
    for _, attrs in page.elements:
        assert not [k for k in attrs if k.startswith("on")]
        assert not str(attrs.get("href", "")).lower().startswith("javascript")
    assert "</script><script>window.__pwned = 3</script>" in page.span_text["None"]
    text = "".join(page.text_chunks)
    assert "Paragraph 1: <img src=x" in text  # the second wording, shown as text


def test_hostile_sentences_stay_text_in_markdown(
    hostile_wordings: Report, helpers: ModuleType
) -> None:
    rendered = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .render(render_markdown(hostile_wordings))
    )
    page = helpers.Page(rendered)
    assert {t for t, _ in page.elements} <= {
        "h1", "h2", "h3", "p", "em", "strong", "ul", "li", "table", "thead", "tbody", "tr",
        "th", "td", "blockquote",
    }  # fmt: skip
    assert all(set(a) <= {"style"} for _, a in page.elements)
    assert "</script><script>window.__pwned = 3</script>" in "".join(page.text_chunks)


def test_hostile_sentences_are_exact_spans_in_json(hostile_wordings: Report) -> None:
    data = report_to_dict(hostile_wordings)
    text = data["documents"][0]["text"]
    sentences = [s for side in data["conflicts"][0]["sides"] for s in side["sentences"]]
    assert len(sentences) == 2
    assert all(text[s["start"] : s["end"]] == s["text"] for s in sentences)
    assert len(data["facts"][0]["wordings"]) == 3
