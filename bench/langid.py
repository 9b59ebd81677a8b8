"""Language identification on short news text: CLD2 (pycld2), py3langid and lingua.

MMDS dev has no language labels, so the gold is made here by a transparent rule on the whole
text (never the sample the detectors see): mostly CJK characters is Chinese; else Malay when
Malay function words outnumber English ones (every Latin article is far from a tie). Malay and
Indonesian count as one (the file mixes both; the rule cannot tell them apart). Detectors read
the title alone, and the title with the first 300 characters (what ingest gives them).

Run: .venv/bin/python bench/langid.py [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import DATA, md_table, write_results  # noqa: E402

MALAY = set("yang dan di ke dari untuk dengan ini itu pada dalam tidak akan oleh telah".split())
ENGLISH = set("the and of to in that is was for with on by he said".split())


def gold(record: dict[str, str]) -> str:
    text = f"{record['title']} {record['text']}"
    words = re.findall(r"[a-z]+", text.lower())
    if len(re.findall(r"[\u3400-\u9fff]", text)) > len(words):
        return "zh"
    return "ms" if sum(w in MALAY for w in words) > sum(w in ENGLISH for w in words) else "en"


def same(code: str | None) -> str:
    code = (code or "none").lower().split("-")[0]
    return "ms" if code == "id" else code


def detectors() -> dict[str, Callable[[str], str | None]]:
    import py3langid
    from lingua import LanguageDetectorBuilder

    from newsfuse.ingest.language import detect_language

    lingua = LanguageDetectorBuilder.from_all_languages().build()

    def lingua_code(text: str) -> str | None:
        found = lingua.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return {
        "pycld2 (newsfuse.ingest.language)": lambda t: detect_language(t, ""),
        "py3langid": lambda t: str(py3langid.classify(t)[0]),
        "lingua (all languages, high accuracy)": lingua_code,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", type=Path, default=None)
    args = parser.parse_args()
    path = DATA / "clustering" / "mmds_dev.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    labels = [gold(r) for r in records]
    samples = {
        "title": [r["title"] for r in records],
        "title + 300 chars": [f"{r['title']}\n{r['text'][:300]}" for r in records],
    }
    rows = []
    for name, detect in detectors().items():
        for kind, texts in samples.items():
            detect(texts[0])  # load lazily held models before timing
            started = time.process_time()
            found = [same(detect(t)) for t in texts]
            cpu = time.process_time() - started
            right = sum(f == g for f, g in zip(found, labels, strict=True))
            wrong = sorted({f"{g}->{f}" for f, g in zip(found, labels, strict=True) if f != g})
            rows.append([name, kind, f"{right / len(texts):.3f}",
                         f"{1000 * cpu / len(texts):.3f}", ", ".join(wrong) or "-"])  # fmt: skip
    counts = {lang: labels.count(lang) for lang in sorted(set(labels))}
    body = (
        f"## MMDS dev, {len(records)} articles ({counts}; ms includes Indonesian)\n\n"
        + md_table(["detector", "input", "accuracy", "ms CPU per text", "errors"], rows)
        + "\n\nGold by the rule in the module docstring (whole text; checked by reading the "
        "Latin-script titles). The machine is shared: CPU times, not wall."
    )
    out = write_results("langid", "Language identification on short news text", body,
                        out_dir=args.out_dir)  # fmt: skip
    print(body)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
