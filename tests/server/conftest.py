"""A real server on 127.0.0.1: uvicorn in a thread (in-process app) or `newsfuse serve` in a
subprocess (for kill -9). Every wait here is bounded."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
import uvicorn

from newsfuse.server import ServerSettings, create_app

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving `app` on a free loopback port in a daemon thread."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=5
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)

    def client(self, **kwargs: Any) -> httpx.Client:
        # Fusing on two busy shared cores can take minutes; the timeout still bounds every call.
        return httpx.Client(base_url=self.url, timeout=300, **kwargs)


def settings_for(tmp_path: Path, **overrides: Any) -> ServerSettings:
    values: dict[str, Any] = {
        "db": str(tmp_path / "news.db"),
        "api_token": TOKEN,
        "rate_per_s": 1000.0,
        "rate_burst": 1000,
        "feed_workers": False,
    }
    values.update(overrides)
    return ServerSettings(**values)


@pytest.fixture
def auth() -> dict[str, str]:
    return dict(AUTH)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """start_server(**settings) -> a running LiveServer (stopped after the test); settings
    default to a fresh SQLite file in tmp_path, token TOKEN, generous limits, no poller."""
    running: list[LiveServer] = []

    def start(**overrides: Any) -> LiveServer:
        server = LiveServer(create_app(settings_for(tmp_path, **overrides))).__enter__()
        running.append(server)
        return server

    yield start
    for server in running:
        server.__exit__()


@pytest.fixture(autouse=True)
def _no_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Servers here (in-process and subprocesses, which inherit the environment) cluster
    without names: these tests are about storage, durability and the API, and with names each
    POST would load spaCy and analyse its articles on two shared cores first (tests/cli and
    tests/cluster cover names)."""
    monkeypatch.setenv("NEWSFUSE_CLUSTER_NAMES", "false")


@pytest.fixture
def live(start_server: Callable[..., LiveServer]) -> LiveServer:
    """A server over a fresh SQLite file, token TOKEN, generous rate limits, no poller."""
    return start_server()


def _serve(db: str, port: int, *, token: str = TOKEN) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NEWSFUSE_API_TOKEN=token, NEWSFUSE_RATE_PER_S="1000")
    env["NEWSFUSE_RATE_BURST"] = "1000"
    run = "from newsfuse.cli import main; main()"
    cmd = [sys.executable, "-c", run, "serve", "--db", db, "--port", str(port), "--no-poll-feeds"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], *, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {err}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} not healthy within {timeout} s")


@pytest.fixture(name="free_port")
def free_port_fixture() -> Callable[[], int]:
    return free_port


@pytest.fixture
def serve_subprocess() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """serve_subprocess(db, port) -> `newsfuse serve` in its own process, healthy; every
    process still running at the end is terminated."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(db: str, port: int) -> subprocess.Popen[bytes]:
        proc = _serve(db, port)
        procs.append(proc)
        _wait_healthy(f"http://127.0.0.1:{port}", proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.fixture
def seeded(live: LiveServer, seed_paths: list[Path]) -> LiveServer:
    """The live server after the five seeds were posted one by one."""
    with live.client(headers=AUTH) as client:
        for path in seed_paths:
            response = client.post("/api/articles", json={"text": path.read_text("utf-8")})
            assert response.status_code == 201, response.text
    return live


LAST_MODIFIED = formatdate(1733500000, usegmt=True)


def rss(paths: list[Path]) -> bytes:
    items = []
    for index, path in enumerate(paths):
        lines = path.read_text(encoding="utf-8").strip().splitlines()
        body = "\n".join(lines[1:])
        items.append(
            f"<item><title>{escape(lines[0])}</title><link>https://example.org/{index}</link>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Seeds</title>'
        f"<link>https://example.org/</link>{''.join(items)}</channel></rss>"
    ).encode()


class FeedSite:
    """Serves one RSS document with an ETag and Last-Modified; can be switched to fail."""

    def __init__(self, body: bytes, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.body = body
        self.etag = '"v1"'
        self.last_modified = LAST_MODIFIED
        self.fail_status: int | None = None
        self.requests: list[dict[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.requests.append(dict(self.headers))
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", "/feed.xml")
                    self.end_headers()
                    return
                if site.fail_status:
                    self.send_response(site.fail_status)
                    self.send_header("Retry-After", "120")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == site.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", site.etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(site.body)))
                self.end_headers()
                self.wfile.write(site.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://{host}:{self.port}/feed.xml"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def site(seed_paths: list[Path]) -> Iterator[FeedSite]:
    """A local HTTP server with an RSS feed of three seeds (ETag, Last-Modified, 304s)."""
    feed_site = FeedSite(rss(seed_paths[:3]))
    feed_site.thread.start()
    yield feed_site
    feed_site.server.shutdown()
    feed_site.server.server_close()


SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/start-postgres.sh), installed by
    scripts/install-postgres.sh when missing; skipped only when it cannot be installed."""
    install = subprocess.run(
        ["bash", str(SCRIPTS / "install-postgres.sh")], capture_output=True, text=True
    )
    if install.returncode != 0:
        pytest.skip(f"PostgreSQL cannot be installed here: {install.stderr.strip()}")
    root = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    root.chmod(0o755)  # the server runs as user postgres when the tests run as root
    data = root / "data"
    start = subprocess.run(
        ["bash", str(SCRIPTS / "start-postgres.sh"), "start", str(data), str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert start.returncode == 0, start.stderr
    try:
        yield start.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPTS / "start-postgres.sh"), "stop", str(data)], timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    base = pg_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_server.rsplit("/", 1)[0] + f"/{name}"
