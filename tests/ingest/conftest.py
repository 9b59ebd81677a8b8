"""A real HTTP server on 127.0.0.1 for the URL and feed readers (no mocks of httpx)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PARAGRAPH = "Firefighters contained the blaze near the harbour on Sunday after a night of work."

ARTICLE_HTML = (
    "<html><head><title>Harbour fire contained</title></head><body><article>"
    f"<h1>Harbour fire contained</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH} Nobody was hurt.</p>"
    "</article></body></html>"
)

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour News</title><link>http://example.org/</link><description>d</description>
<item><title>Fire contained</title><link>http://example.org/fire</link>
<guid>fire-1</guid><pubDate>Sun, 08 Dec 2024 10:00:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{p}</p><p>{p} Nobody was hurt.</p>]]></content:encoded></item>
<item><title>Ferry resumes</title><link>http://example.org/ferry</link>
<description>The ferry to the islands resumed service on Monday morning, the operator said.
</description>
</item>
<item><title>Empty</title><link>http://example.org/empty</link></item>
</channel></rss>""".replace("{p}", PARAGRAPH)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id>
<updated>2024-12-08T10:00:00Z</updated>
<entry><title>Storm warning</title><id>urn:storm</id><link href="http://example.org/storm"/>
<updated>2024-12-08T09:00:00Z</updated>
<content type="text">Forecasters issued a storm warning for the coast on Sunday evening.</content>
</entry></feed>"""

EMPTY_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>
<link>http://example.org/</link><description>nothing</description></channel></rss>"""

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode()),
    "/plain.txt": (200, {"Content-Type": "text/plain; charset=utf-8"},
                   f"Harbour fire\n{PARAGRAPH}\nSource: AP\n".encode()),
    "/feed.rss": (200, {"Content-Type": "application/rss+xml"}, RSS.encode()),
    "/atom": (200, {"Content-Type": "application/atom+xml"}, ATOM.encode()),
    "/empty.rss": (200, {"Content-Type": "application/rss+xml"}, EMPTY_RSS.encode()),
    "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 100),
    "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 300_000 + b"</p>"),
    "/redirect": (302, {"Location": "/article"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data"}, b""),
    "/missing": (404, {"Content-Type": "text/html"}, b"not found"),
}  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, headers, body = ROUTES.get(self.path, (404, {}, b"no route"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if self.path != "/big":  # streamed without a length: the reader must stop by itself
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def http_base() -> Iterator[str]:
    """Base URL of a server on 127.0.0.1 serving ROUTES."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()
