"""A headless Debian chromium driven by Playwright, and the reports the browser tests open."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsfuse.ingest import read_sources
from newsfuse.models import Article, Report

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# Without the background-networking flags chromium keeps calling home, which floods a closed
# network; the rest keep a headless run quiet and reproducible.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _load_reports() -> ModuleType:
    path = ROOT / "tests" / "render" / "reports.py"
    spec = importlib.util.spec_from_file_location("browser_test_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reports = _load_reports()


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "install-chromium.sh")], check=False)
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing and cannot be installed without root; "
            "run `sudo bash scripts/install-chromium.sh`"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def seed_report(seeds_dir: Path) -> Report:
    """The seeds' report: the seeds as ingest reads them, every section filled from their words."""
    articles = [a for a in read_sources([seeds_dir]) if isinstance(a, Article)]
    report: Report = reports.build_report(articles)
    return report


@pytest.fixture(scope="session")
def hostile_report() -> Report:
    report: Report = reports.hostile_report()
    return report


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """test-output/ in the repository (git-ignored): screenshots to look at after a run."""
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    return out
