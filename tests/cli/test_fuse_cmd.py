from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app

TEXT = (
    "Rebels seized the towns of Rastan and Talbiseh on Friday, advancing to within three miles "
    "of Homs. Thousands of residents fled the city as the fighters approached.\n"
)


def test_fuse_writes_json_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT.replace("Friday", "Friday morning"), encoding="utf-8")
    result = CliRunner().invoke(app, ["fuse", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1" and len(data["documents"]) == 2


def test_fuse_infers_the_format_from_the_output_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["fuse", str(tmp_path / "a.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output.replace("\n", "")
    assert json.loads(out.read_text(encoding="utf-8"))["facts"]


def test_fuse_fails_with_one_line_for_a_missing_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["fuse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "error:" in result.output


def test_fuse_refuses_an_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["fuse", str(tmp_path / "a.txt"), "-o", str(tmp_path / "r.pdf")]
    )
    assert result.exit_code == 1
    assert "--format" in result.output


def test_fuse_names_each_input_it_leaves_out(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["fuse", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["documents"]) == 1
    told = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(told) == 2, result.stderr
    assert any("empty.txt" in line for line in told) and any("noise.bin" in line for line in told)
