"""Fixtures for the renderer tests: reports built from the seeds, and a hostile one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsfuse.models import Report


def _load_reports() -> ModuleType:
    path = Path(__file__).with_name("reports.py")
    spec = importlib.util.spec_from_file_location("render_test_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reports = _load_reports()


@pytest.fixture(scope="session")
def seed_report(seed_paths: list[Path]) -> Report:
    report: Report = reports.build_report(reports.articles_from_paths(seed_paths))
    return report


@pytest.fixture(scope="session")
def hostile_report() -> Report:
    report: Report = reports.hostile_report()
    return report


@pytest.fixture(scope="session")
def helpers() -> ModuleType:
    """The report builders and the HTML page checker in reports.py."""
    return reports
