from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app

runner = CliRunner()


def test_analyze_seeds_as_json(seed_paths: list[Path]) -> None:
    result = runner.invoke(app, ["analyze", *map(str, seed_paths[:2]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["documents"]) == 2
    doc = data["documents"][1]
    for key in ("sentences", "mentions", "quotes", "quantities", "times", "attributions"):
        assert doc[key], key
    quote = next(q for q in doc["quotes"] if q["text"].startswith("We are in a good position"))
    assert quote["speaker"] == "Ali Mahmoud Abbas" and quote["speaker_entity"]
    assad = next(e for e in data["entities"] if "Assad" in e["aliases"])
    assert assad["name"] == "Bashar Assad" and len(assad["doc_ids"]) == 2


def test_unreadable_input_fails_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "no article could be read" in result.output
