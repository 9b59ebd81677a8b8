"""A small OpenAI-compatible chat endpoint on 127.0.0.1 for the judge tests.

The first path segment picks how it answers ``POST /<mode>/v1/chat/completions``:
``confirm`` (every pair contradicts), ``reject-dates`` (date pairs do not, the rest do),
``reject`` (nothing contradicts), ``malformed`` (prose instead of the JSON verdict), ``slow``
(answers after the client has given up), ``error`` (HTTP 500) and ``denied`` (HTTP 401).
Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Prose a judge might add; it must never appear in a report.
JUDGE_WORDS = "JUDGE-SAYS: these reports clearly contradict each other"


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class JudgeServer:
    base: str
    requests: list[Recorded] = field(default_factory=list)

    def url(self, mode: str) -> str:
        return f"{self.base}/{mode}/v1"

    def calls(self, mode: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(f"/{mode}/")]


def _verdict(mode: str, body: dict[str, Any]) -> bool:
    question = json.loads(body["messages"][-1]["content"])
    if mode == "reject-dates":
        return bool(question["kind"] != "date")
    return mode == "confirm"


def _handler(server: JudgeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server name)
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.loads(raw)
            server.requests.append(Recorded(self.path, dict(self.headers), body))
            mode = self.path.strip("/").split("/", 1)[0]
            if not self.path.endswith("/v1/chat/completions"):
                self._send(404, {"error": "not found"})
            elif mode == "error":
                self._send(500, {"error": "overloaded"})
            elif mode == "denied":
                self._send(401, {"error": "bad key"})
            elif mode == "slow":
                time.sleep(1.0)
                self._send(200, _completion('{"contradiction": true}'))
            elif mode == "malformed":
                self._send(200, _completion(JUDGE_WORDS))
            else:
                answer = json.dumps({"contradiction": _verdict(mode, body)})
                self._send(200, _completion(answer))

        def _send(self, status: int, data: dict[str, Any]) -> None:
            payload = json.dumps(data).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


def start() -> tuple[JudgeServer, ThreadingHTTPServer]:
    state = JudgeServer(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return state, httpd
