"""The HTML report in a real browser: sections, citations that highlight the exact span,
no console errors, no network, readable on a phone, and hostile articles that run nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from newsfuse.models import Evidence, Report
from newsfuse.render.html import render_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Watched:
    """A page with everything the browser reports about it recorded."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "warning"):
            self.errors.append(f"{msg.type}: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


def _write(report: Report, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(render_html(report), encoding="utf-8")
    return path


def _shot(page: Any, tmp_path: Path, output_dir: Path, name: str, **kw: Any) -> None:
    page.screenshot(path=str(tmp_path / name), **kw)
    shutil.copy(tmp_path / name, output_dir / name)


def test_seeds_report_citations_highlight_the_exact_span(
    browser: Any, seed_report: Report, tmp_path: Path, output_dir: Path, sections: list[str]
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"),
                viewport={"width": 1100, "height": 900})  # fmt: skip
    page = w.page
    assert page.locator("h2").all_inner_texts() == sections

    index, cite = _cited_brief_sentence(page)
    doc_no, start, end = map(int, str(cite.get_attribute("data-span"))[1:].split("-"))
    key = f"s{doc_no}-{start}-{end}"
    doc = seed_report.documents[doc_no - 1]
    facts = {f.id: f for f in seed_report.facts}
    evidence = Evidence(doc.id, start, end, doc.text[start:end])
    # the citation points at evidence of one of the facts this brief sentence rests on
    assert evidence in {e for f in seed_report.brief[index].fact_ids for e in facts[f].evidence}

    cite.hover()
    popover = page.locator("#popover")
    assert popover.is_visible()
    assert popover.locator(".popover-quote").inner_text() == f"“{evidence.text.strip()}”"

    cite.click()
    active = page.locator("mark.is-active")
    assert "".join(active.all_text_contents()) == evidence.text
    assert page.locator(f"mark#{key}").is_visible()
    box, view = page.locator(f"mark#{key}").bounding_box(), page.viewport_size
    assert 0 <= box["y"] and box["y"] + box["height"] <= view["height"]  # scrolled into view
    assert popover.is_visible() and page.evaluate("document.activeElement.id") == key
    _shot(page, tmp_path, output_dir, "seeds-citation.png")

    page.keyboard.press("Escape")
    assert not popover.is_visible()
    assert w.errors == [] and w.dialogs == []
    assert [u for u in w.requests if u != w.url] == []
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, tmp_path, output_dir, "seeds-report.png", full_page=True)
    w.close()


def _cited_brief_sentence(page: Any) -> tuple[int, Any]:
    """The first brief sentence with a span citation, and that citation."""
    sentences = page.locator(".brief .brief-sentence")
    for i in range(sentences.count()):
        cites = sentences.nth(i).locator("a.cite[data-span]")
        if cites.count():
            return i, cites.first
    raise AssertionError("no brief sentence cites a span")


def test_every_citation_target_holds_its_evidence_text(
    browser: Any, seed_report: Report, tmp_path: Path
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"))
    found = w.page.evaluate(
        """() => {
            const out = {};
            for (const a of document.querySelectorAll('a.cite[data-span]')) {
                const key = a.dataset.span;
                out[key] = [...document.querySelectorAll(`mark[data-span="${key}"]`)]
                    .map(m => m.textContent).join('');
            }
            return out;
        }"""
    )
    assert len(found) > 20
    for key, text in found.items():
        doc_no, start, end = map(int, key[1:].split("-"))
        assert text == seed_report.documents[doc_no - 1].text[start:end]
    w.close()


def test_keyboard_only_reader_can_follow_a_citation(
    browser: Any, seed_report: Report, tmp_path: Path
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"))
    page = w.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    key = page.evaluate("document.activeElement.dataset.span")
    assert key and page.locator("#popover").is_visible()  # focus shows the quote
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == key
    assert page.locator(f"mark#{key}.is-active").count() == 1
    assert w.errors == []
    w.close()


def test_citations_work_without_javascript(
    browser: Any, seed_report: Report, tmp_path: Path
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"), java_script_enabled=False)
    cite = w.page.locator(".brief a.cite").first
    key = cite.get_attribute("data-span")
    cite.click()
    assert w.page.url.endswith(f"#{key}")
    assert w.page.locator("mark:target").get_attribute("id") == key
    w.close()


def test_phone_width_has_no_horizontal_scroll(
    browser: Any, seed_report: Report, tmp_path: Path, output_dir: Path
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"),
                viewport={"width": 360, "height": 740}, is_mobile=True)  # fmt: skip
    sizes = w.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1]
    _shot(w.page, tmp_path, output_dir, "seeds-phone.png")
    w.page.emulate_media(media="print")
    assert w.page.locator("nav").is_hidden()
    w.close()


@pytest.mark.parametrize("made_by", ["hostile_report", "hostile_fused_report"])
def test_hostile_article_runs_nothing(
    browser: Any, made_by: str, request: Any, tmp_path: Path, output_dir: Path
) -> None:
    w = Watched(browser, _write(request.getfixturevalue(made_by), tmp_path, "hostile.html"))
    page = w.page
    for summary in page.locator("summary").all():
        summary.click()  # opens every <details>, and would fire an injected ontoggle
    for i in range(page.locator("a.cite").count()):
        page.locator("a.cite").nth(i).hover()
        page.locator("a.cite").nth(i).click()
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("iframe, img, object, embed").count() == 0
    assert page.locator("script").count() == 1
    assert w.dialogs == []
    # an injected script blocked by the CSP would still log a violation: there is none
    assert w.errors == []
    assert [u for u in w.requests if u != w.url] == []
    assert "<script>window.__pwned = 1</script>" in page.locator("#sources").inner_text()
    _shot(page, tmp_path, output_dir, f"{made_by.replace('_', '-')}.png", full_page=True)
    w.close()


CONTRAST = """() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const bg = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const bad = [];
  let checked = 0;
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || el.closest("svg")) continue;
    seen.add(el);
    const st = getComputedStyle(el);
    if (!el.getClientRects().length) continue;
    const a = lum(parse(st.color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    checked += 1;
    if (ratio < (large ? 3 : 4.5)) bad.push([el.tagName, el.className, ratio.toFixed(2)]);
  }
  return { checked, bad };
}"""


def test_all_text_meets_wcag_aa_contrast(browser: Any, seed_report: Report, tmp_path: Path) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"))
    w.page.locator(".brief a.cite").first.click()  # the active highlight and popover too
    result = w.page.evaluate(CONTRAST)
    assert result["checked"] > 100
    assert result["bad"] == []
    w.close()


def test_a_link_into_the_collapsed_facts_opens_them(
    browser: Any, seed_report: Report, tmp_path: Path
) -> None:
    w = Watched(browser, _write(seed_report, tmp_path, "seeds.html"))
    page = w.page
    hidden = page.locator("details.more-facts li.fact").first
    anchor = hidden.get_attribute("id")
    assert not hidden.is_visible()
    page.locator(f'svg.matrix a[href="#{anchor}"]').click()
    assert hidden.is_visible()
    assert w.errors == []
    w.close()
