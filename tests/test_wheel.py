"""A built wheel, installed into a fresh virtualenv, serves the web UI.

An editable install reads templates from the source tree and so hides files that package-data
leaves out; only a real wheel shows them missing. The heavy dependencies are not installed again:
the new environment sees this one's site-packages after its own, so the `newsfuse` it imports is
the wheel's (checked), never the source tree or another checkout's editable install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsfuse"

# Runs inside the new environment: one UI page and one UI error page, through the app itself.
CHECK = """
import json, sys
from fastapi.testclient import TestClient
import newsfuse
from newsfuse.server import ServerSettings, create_app
settings = ServerSettings(db=sys.argv[1], api_token="wheel-test-token-0123", feed_workers=False)
with TestClient(create_app(settings)) as client:
    home = client.get("/")
    missing = client.get("/articles/0000000000000000", headers={"Accept": "text/html"})
print(json.dumps({
    "file": newsfuse.__file__,
    "home": [home.status_code, home.headers.get("content-type", ""), home.text],
    "missing": [missing.status_code, missing.headers.get("content-type", ""), missing.text],
}))
"""


def _run(*cmd: str | Path, timeout: float = 120) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, env=env
    )
    assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _runtime_files() -> set[str]:
    """Every file under src/newsfuse that Python does not compile: what the wheel must carry."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and "__pycache__" not in path.parts
        and not path.name.startswith(".")
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the tree (a build in place would leave build/ behind)."""
    pytest.importorskip("setuptools", reason="building a wheel needs setuptools in this venv")
    tree = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(PACKAGE, tree / "src" / "newsfuse", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", dist, tree)  # fmt: skip
    (built,) = dist.glob("newsfuse-*.whl")
    return built


def test_the_wheel_carries_every_non_python_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = _runtime_files()
    assert "newsfuse/server/templates/base.html" in expected  # the check itself sees the tree
    assert expected - names == set()


def test_an_installed_wheel_serves_the_web_ui(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "-q", wheel)  # fmt: skip
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own = Path(_run(python, "-c", purelib).strip())
    # a bare path line: appended after the venv's own site-packages, its .pth files not run
    (own / "shared-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    seen = json.loads(_run(python, "-c", CHECK, tmp_path / "news.db", timeout=180))

    assert Path(seen["file"]).resolve().is_relative_to(venv.resolve()), seen["file"]
    status, ctype, text = seen["home"]
    assert status == 200 and ctype.startswith("text/html"), text[:500]
    assert "<html" in text.lower() and "No stories yet" in text
    status, ctype, text = seen["missing"]
    assert status == 404 and ctype.startswith("text/html") and "no article" in text
    assert "newsfuse" in _run(venv / "bin" / "newsfuse", "--help").lower()
