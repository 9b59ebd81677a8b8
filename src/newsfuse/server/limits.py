"""ASGI middleware for the two per-request limits: body size and rate per client.

Both answer with the service's JSON error shape before the application sees the request.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def error_json(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


async def send_error(
    send: Send, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
) -> None:
    body = error_json(code, message)
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    # A refused body is not read: closing the connection is the only safe way to go on.
    if status == 413:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses a body above ``max_bytes`` with 413, from Content-Length without reading it,
    or, for a chunked body, as soon as the bytes received pass the limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"the request body is larger than {self.max_bytes} bytes; send less at once"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if declared > self.max_bytes:
                await send_error(send, 413, "too_large", message)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await send_error(send, 413, "too_large", message)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """One token bucket per client key; the least recently seen keys are forgotten first."""

    def __init__(self, *, rate: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, *, now: float) -> float:
        """0.0 when the request may go ahead, else the seconds until a token is available."""
        with self._lock:
            bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


class RateLimitMiddleware:
    """429 with Retry-After when a client (by address) spends its bucket; health is exempt."""

    def __init__(self, app: ASGIApp, *, rate: float, burst: int) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate=rate, burst=burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/api/health":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        key = client[0] if client else "unknown"
        wait = self.buckets.take(key, now=time.monotonic())
        if wait > 0:
            seconds = max(1, round(wait + 0.5))
            await send_error(
                send,
                429,
                "rate_limited",
                f"too many requests from {key}; retry after {seconds} s",
                headers={"retry-after": str(seconds)},
            )
            return
        await self.app(scope, receive, send)
