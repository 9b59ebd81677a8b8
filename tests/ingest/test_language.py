"""Language detection on real short news text (MMDS dev titles and openings)."""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.ingest import read_sources
from newsfuse.ingest.language import detect_language
from newsfuse.models import Article


def _records(data_dir: Path) -> dict[str, dict[str, str]]:
    path = data_dir / "clustering" / "mmds_dev.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def test_titles_and_leads_of_four_languages(data_dir: Path) -> None:
    records = _records(data_dir)
    expected = {
        "mmds-dev-29": "zh",  # simplified Chinese
        "mmds-dev-30": "ms",  # Malay
        "mmds-dev-33": "en",
        "mmds-dev-607": "id",  # Indonesian (Bareskrim Polri)
    }
    for record_id, language in expected.items():
        record = records[record_id]
        assert detect_language(record["title"], record["text"]) == language, record_id


def test_traditional_chinese_is_zh_and_nothing_to_read_is_none() -> None:
    assert detect_language("俄羅斯換俘接回蒲亭盟友梅維楚克 前烏克蘭政壇要角淪叛國賊", "") == "zh"
    assert detect_language(None, "") is None
    assert detect_language("2022", "12,000 / 45") is None


def test_ingest_sets_the_language_unless_the_record_gives_one(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    rows = [
        {"id": "a", "title": "Taufan Fiona cecah Kategori 4, menuju ke arah Bermuda",
         "text": "Taufan Fiona semakin kuat dan kini menuju ke arah Bermuda selepas melanda."},
        {"id": "b", "title": "Hurricane Fiona heads to Bermuda", "language": "en-GB",
         "text": "Taufan Fiona semakin kuat dan kini menuju ke arah Bermuda selepas melanda."},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    articles = [a for a in read_sources([path]) if isinstance(a, Article)]
    assert [a.language for a in articles] == ["ms", "en"]
