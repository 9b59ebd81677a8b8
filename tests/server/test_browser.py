"""The web UI in a real browser (Debian chromium + Playwright): story list, click into the
story, click a citation in its inline report, land on the exact span; screenshots."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    shutil.copy(path, out / name)
    return path


def test_story_list_story_and_citation(seeded: Any, browser: Any, tmp_path: Path) -> None:
    with seeded.client() as client:
        story = client.get("/api/stories").json()["stories"][0]
        story_id = story["id"]
        report = client.get(f"/api/stories/{story_id}").json()  # fused once, then cached
    texts = [d["text"] for d in report["documents"]]

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{seeded.url}/")
    assert page.locator("ol.stories li").count() == 1
    shot(page, tmp_path, "service-stories.png")

    page.locator("ol.stories a.title").first.click()
    page.wait_for_url(f"**/stories/{story_id}")
    assert page.locator("h1").inner_text() == story["title"]
    # The report is inline (no frame) and has no script: a citation is an anchor to the span,
    # which the browser scrolls to and the stylesheet marks as the target.
    assert page.locator("iframe").count() == 0
    cite = page.locator(".report .brief a.cite[data-span]").first
    cite.wait_for(timeout=60_000)
    doc_no, start, end = map(int, str(cite.get_attribute("data-span"))[1:].split("-"))
    cite.click()
    key = str(cite.get_attribute("href"))[1:]
    assert page.evaluate("location.hash") == f"#{key}"
    assert page.locator(":target").get_attribute("data-span") == key
    fragments = page.locator(f'mark[data-span="{key}"]')
    assert "".join(fragments.all_text_contents()) == texts[doc_no - 1][start:end]
    shot(page, tmp_path, "service-story-citation.png")
    assert errors == []
    context.close()
