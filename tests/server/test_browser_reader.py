"""The reader's path through the web UI in a real browser (Debian chromium + Playwright):
list -> story -> member report -> JSON, the list's filters, an update arriving while the story
page is open, and article text that tries to run script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Auth = dict[str, str]
HOSTILE = (
    'Rebels <script>window.__pwned = 1</script> enter Homs <img src=x onerror="window.__pwned=2">'
    '\nRebels seized Rastan on Friday, officials said <svg onload="window.__pwned=3">.'
    '\n"</main><script>window.__pwned = 4</script> We will hold Homs," said Colonel Ahmed Khalil.'
    "\nThousands fled toward Damascus, the Syrian Observatory for Human Rights said on Friday."
)


class Watched:
    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        # A story page fuses its report on the first view: minutes on two busy shared cores.
        self.page.set_default_timeout(300_000)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def test_list_story_member_and_json(seeded: Any, browser: Any) -> None:
    w = Watched(browser)
    page = w.page
    page.goto(f"{seeded.url}/")
    assert page.locator("ol.stories li").count() == 1
    meta = page.locator("ol.stories .meta").inner_text()
    assert "5 reports" in meta
    page.locator("ol.stories a.title").first.click()
    page.wait_for_url("**/stories/*")
    story_url = page.url
    assert page.locator("iframe").count() == 0
    page.locator("#what-we-know").wait_for(timeout=300_000)
    assert page.locator("table.members tbody tr").count() == 5
    member = page.locator("table.members a.member").first
    href = str(member.get_attribute("href"))
    member.click()
    page.wait_for_url(f"**{href}")
    assert page.locator(".article-text p").count() > 0
    page.locator("a", has_text="the fused story").click()
    page.wait_for_url(story_url)
    page.locator("a.json-link").click()
    page.wait_for_url("**/api/stories/*")
    report = json.loads(page.locator("body").inner_text())
    assert report["story"]["id"] == story_url.rsplit("/", 1)[1] and len(report["documents"]) == 5
    assert w.errors == [] and w.dialogs == []
    w.context.close()


def test_list_filters(live: Any, auth: Auth, browser: Any) -> None:
    with live.client(headers=auth) as client:
        for n, outlet in enumerate(("Daily Planet", "Daily Planet", "Gotham Gazette")):
            text = f"Harbour bridge number {n} closed for repairs after storm damage on Monday."
            body = {"text": text + " " * n, "outlet": outlet, "published": f"2024-0{n + 1}-05"}
            assert client.post("/api/articles", json=body).status_code == 201
        total = len(client.get("/api/stories").json()["stories"])
    w = Watched(browser)
    page = w.page
    page.goto(f"{live.url}/")
    assert page.locator("ol.stories li").count() == total
    page.fill("input[name=outlet]", "gotham gazette")
    page.click("form.filters button")
    page.wait_for_url("**outlet=gotham*")
    assert all("Gotham Gazette" in t for t in page.locator("ol.stories .meta").all_inner_texts())
    assert page.locator("ol.stories li").count() >= 1
    page.fill("input[name=outlet]", "")
    page.fill("input[name=since]", "2024-03-01")
    page.click("form.filters button")
    page.wait_for_url("**since=2024-03-01*")
    dates = page.locator("ol.stories .dates").all_inner_texts()
    assert dates and all("2024-03" in d for d in dates)
    page.fill("input[name=since]", "")
    page.fill("input[name=min_size]", "50")
    page.click("form.filters button")
    page.wait_for_url("**min_size=50*")
    assert page.locator("ol.stories li").count() == 0
    assert "No story matches" in page.locator("main").inner_text()
    assert w.errors == []
    w.context.close()


def test_update_arrives_while_the_page_is_open(
    live: Any, auth: Auth, browser: Any, seed_paths: list[Path]
) -> None:
    with live.client(headers=auth) as client:
        for path in seed_paths[:3]:
            posted = client.post("/api/articles", json={"text": path.read_text("utf-8")})
        story = posted.json()["articles"][0]["story_id"]
        w = Watched(browser)
        page = w.page
        page.goto(f"{live.url}/stories/{story}")
        assert "first version" in page.locator("section.updates").inner_text()
        for path in seed_paths[3:]:  # while the reader has the page open
            client.post("/api/articles", json={"text": path.read_text("utf-8")})
    page.reload()
    updates = page.locator("li.update")
    assert updates.count() == 2
    latest = updates.first.inner_text()
    assert "5 reports" in latest and "new fact" in latest
    assert page.locator("table.members tbody tr").count() == 5
    assert w.errors == []
    w.context.close()


def test_no_script_runs_from_article_text(live: Any, auth: Auth, browser: Any) -> None:
    body = {"text": HOSTILE, "outlet": "<script>window.__pwned=5</script>Evil Times",
            "byline": '<img src=x onerror="window.__pwned=6">'}  # fmt: skip
    with live.client(headers=auth) as client:
        posted = client.post("/api/articles", json=body).json()["articles"][0]
    w = Watched(browser)
    page = w.page
    for path in ("/", f"/stories/{posted['story_id']}", f"/articles/{posted['id']}"):
        page.goto(f"{live.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("script").count() == 0, path
    page.goto(f"{live.url}/stories/{posted['story_id']}")
    assert "Evil Times" in page.locator("table.members").inner_text()
    assert "We will hold Homs" in page.locator(".report").inner_text()
    assert w.dialogs == []
    w.context.close()
