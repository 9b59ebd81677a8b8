"""The web UI over loopback: pages without JavaScript, everything shown escaped."""

from __future__ import annotations

import re
from typing import Any

Auth = dict[str, str]
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def test_story_list_and_story_page(seeded: Any) -> None:
    with seeded.client() as client:
        home = client.get("/")
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        assert "script-src" not in home.headers["content-security-policy"]
        links = re.findall(r'href="/stories/([^"]+)"', home.text)
        assert len(links) == 1 and "5 reports" in home.text
        story = client.get(f"/stories/{links[0]}")
        assert story.status_code == 200
        # The report is part of the page (no frame), with its sections and citations.
        assert "<iframe" not in story.text and 'id="what-we-know"' in story.text
        assert 'class="cite" href="#' in story.text
        assert len(set(re.findall(r'href="/articles/([0-9a-f]+)"', story.text))) == 5
        assert f'href="/api/stories/{links[0]}"' in story.text
        assert "<script" not in home.text + story.text
        assert "frame-src" not in story.headers["content-security-policy"]


def test_article_page_escapes_everything(live: Any, auth: Auth) -> None:
    body = f"{HOSTILE}\n\nRebels said on Friday {HOSTILE} that they held the town of Rastan."
    with live.client(headers=auth) as client:
        posted = client.post(
            "/api/articles",
            content=body.encode(),
            params={"title": HOSTILE, "outlet": HOSTILE, "url": "javascript:alert(1)"},
            headers={"Content-Type": "text/plain"},
        )
        assert posted.status_code == 201, posted.text
        article_id = posted.json()["articles"][0]["id"]
        page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert "<script" not in page.text and "<img" not in page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text
    assert 'href="javascript:' not in page.text


def test_ui_errors_are_pages_for_browsers_and_json_otherwise(live: Any) -> None:
    with live.client() as client:
        page = client.get("/articles/0000000000000000", headers={"Accept": "text/html"})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "no article" in page.text
        api = client.get("/articles/0000000000000000")
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
        empty = client.get("/", headers={"Accept": "text/html"})
        assert "No stories yet" in empty.text


def test_search_finds_stories_and_articles(seeded: Any) -> None:
    with seeded.client() as client:
        found = client.get("/search", params={"q": "Talbiseh"})
        assert found.status_code == 200
        hits = re.findall(r'href="/articles/([0-9a-f]+)"', found.text)
        assert hits and "Talbiseh" in found.text
        for article_id in hits:
            assert "Talbiseh" in client.get(f"/api/articles/{article_id}").json()["text"]
        story = client.get("/api/stories").json()["stories"][0]
        by_title = client.get("/search", params={"q": story["title"].split()[0]})
        assert f'href="/stories/{story["id"]}"' in by_title.text
        for odd in ('"Homs" OR (', "NEAR(a b)", "*", "-", "Homs'; DROP TABLE articles;--"):
            response = client.get("/search", params={"q": odd})
            assert response.status_code == 200, odd
        nothing = client.get("/search", params={"q": "zzqxnotaword"})
        assert "No article matches." in nothing.text and "No story matches." in nothing.text
        assert "Type words" in client.get("/search").text
        assert client.get("/api/health").json()["articles"] == 5
