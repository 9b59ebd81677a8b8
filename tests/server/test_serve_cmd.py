"""`newsfuse serve` in its own process: the generated token is printed once and works."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from newsfuse.cli import app


def test_serve_prints_a_generated_token_once_and_accepts_it(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEWSFUSE_API_TOKEN"}
    run = "from newsfuse.cli import main; main()"
    cmd = [sys.executable, "-c", run, "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd + ["--no-poll-feeds"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "API token" in line, line
        token = line.rsplit(" ", 1)[-1].strip()
        url = f"http://127.0.0.1:{port}"
        _wait(url)
        text = "Rebels took two towns on Thursday.\nThe army withdrew north of the city."
        ok = httpx.post(
            f"{url}/api/articles",
            json={"text": text},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert ok.status_code == 201, ok.text
        assert token not in Path(f"{db}.token.sha256").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_help_lists_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--db", "--host", "--port", "--private"):
        assert option in result.output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not become healthy in 60 s")
