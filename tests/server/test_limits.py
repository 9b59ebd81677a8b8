"""The per-client token bucket (the middleware itself is tested over HTTP in test_api)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.server.limits import TokenBuckets


def test_burst_then_refusal_then_refill() -> None:
    buckets = TokenBuckets(rate=2.0, burst=3)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = buckets.take("a", now=0.0)
    assert wait == 0.5
    assert buckets.take("b", now=0.0) == 0.0  # another client has its own bucket
    assert buckets.take("a", now=0.5) == 0.0


def test_forgets_least_recent_clients_beyond_the_cap() -> None:
    buckets = TokenBuckets(rate=1.0, burst=1, max_clients=2)
    buckets.take("a", now=0.0)
    buckets.take("b", now=0.0)
    buckets.take("c", now=0.0)
    assert buckets.take("a", now=0.0) == 0.0  # "a" was forgotten: a fresh bucket


@given(
    rate=st.floats(min_value=0.1, max_value=1000),
    burst=st.integers(min_value=1, max_value=200),
    gaps=st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=200),
)
def test_never_more_than_burst_plus_rate_times_elapsed(
    rate: float, burst: int, gaps: list[float]
) -> None:
    buckets = TokenBuckets(rate=rate, burst=burst)
    now, allowed = 0.0, 0
    for gap in gaps:
        now += gap
        allowed += buckets.take("k", now=now) == 0.0
    assert allowed <= burst + rate * now + 1e-6
