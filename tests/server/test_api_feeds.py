"""Feeds over loopback: registered, polled in the background, each entry stored once."""

from __future__ import annotations

import time
from typing import Any

Auth = dict[str, str]


def wait_for(check: Any, *, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_private_feed_address_refused_by_default(live: Any, auth: Auth, site: Any) -> None:
    with live.client(headers=auth) as client:
        refused = client.post("/api/feeds", json={"url": site.url})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "fetch_failed"
        assert "non-public" in refused.json()["error"]["message"]
        assert client.get("/api/feeds").json() == []
        unknown = client.post("/api/feeds", json={"url": site.url, "every": 5})
        assert unknown.status_code == 422
        assert (
            client.post(
                "/api/feeds", json={"url": site.url}, headers={"Authorization": ""}
            ).status_code
            == 401
        )


def test_feed_polled_in_background_and_entries_stored_once(
    start_server: Any, auth: Auth, site: Any
) -> None:
    live = start_server(allow_private=True, feed_workers=True)
    with live.client(headers=auth) as client:
        added = client.post("/api/feeds", json={"url": site.url, "interval_s": 60})
        assert added.status_code == 201, added.text
        assert client.post("/api/feeds", json={"url": site.url}).status_code == 200
        feed = wait_for(lambda: [f for f in client.get("/api/feeds").json() if f["added"] == 3])
        assert feed[0]["last_status"] == "3 new" and feed[0]["failures"] == 0
        assert client.get("/api/health").json()["articles"] == 3
        assert client.get("/api/stories").json()["stories"]

        service = live.server.config.app.state.service
        poller = service.feed_poller()
        later = time.time() + 3600
        assert poller.poll_due(now=later)[0].last_status == "not modified"
        site.etag = '"v2"'  # same entries under a new validator: fetched, nothing new stored
        assert poller.poll_due(now=later + 3600)[0].last_status == "0 new"
        site.fail_status = 500
        failed = poller.poll_due(now=later + 7200)[0]
        assert failed.failures == 1 and failed.last_status.startswith("error")
        listed = client.get("/api/feeds").json()[0]
        assert listed["failures"] == 1 and listed["added"] == 3
        assert client.get("/api/health").json()["articles"] == 3
        assert site.requests[1]["If-None-Match"] == '"v1"'
        default = client.post("/api/feeds", json={"url": site.url + "?second"})
        assert default.status_code == 201 and default.json()["interval_s"] == 900
