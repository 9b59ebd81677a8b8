"""The API over loopback: articles in and out, the error shape, auth and the limits."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

Auth = dict[str, str]


def seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def count(client: httpx.Client) -> int:
    return int(client.get("/api/health").json()["articles"])


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message"} and error["message"]
    if code is not None:
        assert error["code"] == code


def test_health_and_openapi(live: Any) -> None:
    with live.client() as client:
        health = client.get("/api/health").json()
        assert health["status"] == "ok" and health["store"] == "sqlite"
        assert health["articles"] == 0 and health["models_loaded"] is False
        spec = client.get("/openapi.json").json()
        assert {"/api/articles", "/api/articles/{article_id}", "/api/health"} <= set(spec["paths"])
        body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
        assert {"application/json", "text/plain", "text/html"} <= set(body)
        assert "ArticleIn" in spec["components"]["schemas"]
        assert "swagger" in client.get("/docs").text.lower()


def test_post_one_text_article_then_read_it(live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    with live.client(headers=auth) as client:
        response = client.post("/api/articles", json={"text": seed(seed_paths[1])})
        assert response.status_code == 201, response.text
        result = response.json()
        assert result["added"] == 1 and result["present"] == 0 and result["skipped"] == []
        article_id = result["articles"][0]["id"]
        story_id = result["articles"][0]["story_id"]
        assert story_id and client.get("/api/stories").json()["stories"][0]["id"] == story_id
        article = client.get(f"/api/articles/{article_id}").json()
        assert article["byline"] == "J. Mansour" and article["outlet"] == "Newslooks"
        assert "Talbiseh" in article["text"]
        again = client.post("/api/articles", json={"text": seed(seed_paths[1])})
        assert again.status_code == 200
        assert again.json()["articles"] == [
            {"id": article_id, "status": "present", "story_id": story_id}
        ]
        assert count(client) == 1


def test_batch_forms_and_metadata(live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    texts = [seed(p) for p in seed_paths]
    with live.client(headers=auth) as client:
        batch = {"articles": [{"text": texts[0], "outlet": "AP", "id": "ext-0"}]}
        assert client.post("/api/articles", json=batch).json()["added"] == 1
        listed = [{"text": t, "published": "2024-12-06"} for t in texts[1:3]]
        assert client.post("/api/articles", json=listed).json()["added"] == 2
        assert count(client) == 3
        first = client.post("/api/articles", json={"text": texts[0]}).json()["articles"][0]
        stored = client.get(f"/api/articles/{first['id']}").json()
        assert stored["outlet"] == "AP" and stored["external_id"] == "ext-0"


def test_raw_text_and_html_bodies(live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    text = seed(seed_paths[2])
    other = seed(seed_paths[3])
    paragraphs = "".join(f"<p>{line}</p>" for line in other.splitlines()[1:] if line.strip())
    html = f"<html><head><title>Rebels advance</title></head><body><article>{paragraphs}"
    html += "</article></body></html>"
    with live.client(headers=auth) as client:
        raw = client.post(
            "/api/articles",
            content=text.encode("utf-8"),
            params={"outlet": "Raw Outlet", "published": "2024-12-07"},
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        assert raw.status_code == 201, raw.text
        stored = client.get(f"/api/articles/{raw.json()['articles'][0]['id']}").json()
        assert stored["outlet"] == "Raw Outlet" and stored["published"] == "2024-12-07"
        posted = client.post("/api/articles", content=html, headers={"Content-Type": "text/html"})
        assert posted.status_code == 201, posted.text
        page = client.get(f"/api/articles/{posted.json()['articles'][0]['id']}").json()
        assert "Homs" in page["text"] and "<p>" not in page["text"]
        assert page["id"] != stored["id"]


def test_batch_keeps_good_items_and_reports_bad_ones(
    live: Any, auth: Auth, seed_paths: list[Path]
) -> None:
    with live.client(headers=auth) as client:
        body = [{"text": seed(seed_paths[0])}, {"text": "   \n  "}]
        result = client.post("/api/articles", json=body).json()
        assert result["added"] == 1 and len(result["skipped"]) == 1
        assert result["skipped"][0]["index"] == 1 and result["skipped"][0]["reason"]


def test_writes_need_the_token_reads_do_not(live: Any) -> None:
    with live.client() as client:
        assert_error(client.post("/api/articles", json={"text": "x"}), 401, "unauthorized")
        wrong = {"Authorization": "Bearer nope"}
        assert_error(client.post("/api/articles", json={"text": "x"}, headers=wrong), 401)
        assert client.get("/api/health").status_code == 200
        assert count(client) == 0


def test_private_server_needs_the_token_for_reads(start_server: Any, auth: Auth) -> None:
    with start_server(private=True).client() as client:
        assert_error(client.get("/api/articles/abc"), 401)
        assert_error(client.get("/api/articles/abc", headers=auth), 404, "not_found")


MALFORMED: list[tuple[dict[str, Any], int, str]] = [
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "bad_json"),
    ({"json": {"text": 42}}, 422, "invalid_request"),
    ({"json": {"text": "Some words.", "colour": "red"}}, 422, "invalid_request"),
    ({"json": {"text": "a", "html": "<p>b</p>"}}, 422, "invalid_request"),
    ({"json": {"articles": []}}, 422, "invalid_request"),
    ({"json": ["not an object"]}, 422, "invalid_request"),
    ({"json": {"text": "x", "url": "not a url"}}, 422, "invalid_request"),
    ({"content": b"\x00\x01binary", "headers": {"Content-Type": "text/plain"}}, 400, "bad_input"),
    ({"content": b"<p></p>", "headers": {"Content-Type": "text/html"}}, 400, "bad_input"),
    ({"content": b"a,b", "headers": {"Content-Type": "text/csv"}}, 415, "unsupported_media_type"),
]


@pytest.mark.parametrize(("request_kwargs", "status", "code"), MALFORMED)
def test_malformed_requests_are_4xx_and_change_nothing(
    live: Any, auth: Auth, request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    with live.client(headers=auth) as client:
        assert_error(client.post("/api/articles", **request_kwargs), status, code)
        assert count(client) == 0


def test_404_and_405_are_json(live: Any, auth: Auth) -> None:
    with live.client(headers=auth) as client:
        assert_error(client.get("/api/nothing-here"), 404, "not_found")
        assert_error(client.get("/api/articles/0123456789abcdef"), 404, "not_found")
        assert_error(client.delete("/api/articles/0123456789abcdef"), 405, "method_not_allowed")


def test_50_mb_body_refused_from_its_length_without_being_read(live: Any, auth: Auth) -> None:
    size = 50 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as sock:
        head = (
            f"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: {auth['Authorization']}"
            f"\r\nContent-Type: text/plain\r\nContent-Length: {size}\r\n\r\n"
        )
        sock.sendall(head.encode() + b"x" * 65536)  # a first slice only: the rest never goes
        reply = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):  # the server answers, then closes the connection
                reply += chunk
    reply_text = reply.decode()
    assert reply_text.startswith("HTTP/1.1 413"), reply_text[:200]
    assert '"too_large"' in reply_text
    with live.client() as client:
        assert count(client) == 0


def test_chunked_body_over_the_limit_is_refused(start_server: Any, auth: Auth) -> None:
    def chunks() -> Any:
        for _ in range(50):
            yield b"word " * 2000

    with start_server(max_body_bytes=100_000).client(headers=auth) as client:
        response = client.post(
            "/api/articles", content=chunks(), headers={"Content-Type": "text/plain"}
        )
        assert_error(response, 413, "too_large")
        assert count(client) == 0


def test_rate_limit_answers_429_with_retry_after(start_server: Any) -> None:
    with start_server(rate_per_s=1.0, rate_burst=5).client() as client:
        statuses = [client.get("/api/articles/abc").status_code for _ in range(8)]
        assert statuses[:5] == [404] * 5 and statuses[-1] == 429
        limited = client.get("/api/articles/abc")
        assert_error(limited, 429, "rate_limited")
        assert int(limited.headers["retry-after"]) >= 1
        assert client.get("/api/health").status_code == 200  # health stays reachable
