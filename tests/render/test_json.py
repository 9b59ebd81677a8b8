from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsfuse.models import Report
from newsfuse.render.json import report_to_dict, report_to_json


@pytest.fixture(scope="module")
def seeds_report(fused_seeds: Report) -> Report:
    return fused_seeds  # the seeds fused once per run (tests/conftest.py)


def spans(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        found = [obj] if {"doc", "start", "end", "text"} <= obj.keys() else []
        return found + [s for v in obj.values() for s in spans(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in spans(v)]
    return []


def test_seeds_report_is_valid_against_the_contract(seeds_report: Report, shared_dir: Path) -> None:
    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    data = json.loads(report_to_json(seeds_report))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []
    assert data == report_to_dict(seeds_report) == seeds_report.to_dict()
    # Languages are additions the schema allows: per document, and for the story.
    assert data["story"]["languages"] == ["en"]
    assert {d["language"] for d in data["documents"]} == {"en"}


def test_every_span_slices_its_document_exactly(seeds_report: Report) -> None:
    data = report_to_dict(seeds_report)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    found = spans(data)
    assert len(found) > 50
    for s in found:
        assert texts[s["doc"]][s["start"] : s["end"]] == s["text"]


def test_brief_cites_documents(seeds_report: Report) -> None:
    data = report_to_dict(seeds_report)
    assert data["brief"]
    assert all(s["doc_ids"] for s in data["brief"])
