"""A bounded schemathesis run against the server's own OpenAPI document: no 5xx anywhere."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

Auth = dict[str, str]
# Examples per operation: enough to hit every parameter's edge cases, bounded in time. Fusion
# is the expensive one (each example runs the whole pipeline), so it gets fewer.
EXAMPLES = {"POST /api/fuse": 5}
DEFAULT_EXAMPLES = 25


def operations(url: str) -> list[Any]:
    spec = httpx.get(f"{url}/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(spec)
    return [result.ok() for result in schema.get_all_operations()]


def test_openapi_document_lists_every_route(live: Any) -> None:
    labels = {op.label for op in operations(live.url)}
    assert {"POST /api/articles", "GET /api/articles/{article_id}", "GET /api/health"} <= labels


def no_server_error(
    operation: Any, mode: GenerationMode, url: str, auth: Auth, seen: list[str]
) -> Any:
    """A hypothesis test that sends generated requests (valid or invalid) for one operation;
    each answer's status goes into `seen` as "LABEL STATUS"."""

    @settings(
        max_examples=EXAMPLES.get(operation.label, DEFAULT_EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(mode))
        response = case.call(base_url=url, headers=auth, timeout=300)
        seen.append(f"{operation.label} {response.status_code} {response.text[:200]}")

    return run


@pytest.mark.slow
def test_schemathesis_finds_no_server_error(live: Any, auth: Auth) -> None:
    seen: list[str] = []
    labels = set()
    for operation in operations(live.url):
        labels.add(operation.label)
        no_server_error(operation, GenerationMode.POSITIVE, live.url, auth, seen)()
        try:
            no_server_error(operation, GenerationMode.NEGATIVE, live.url, auth, seen)()
        except Unsatisfiable:
            pass  # nothing in this operation can be made invalid (GET /api/health)
    assert {entry.rsplit(" ", 1)[0] for entry in seen} and len(seen) > 2 * len(labels)
    assert [entry for entry in seen if entry.split(" ")[2].startswith("5")] == []
