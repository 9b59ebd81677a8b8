"""Precision and recall of conflicts on a generated set: real articles and edited copies.

For each article of the clustering dev sets that has a year, a count or a distance, a story of
two reports is fused: the article and a copy with one edit (newsfuse.fusion.perturb). An altered
year or count must be reported as a conflict that quotes the new value (a hit; otherwise a
miss); a distance restated in other units or rounded must not be reported. Every conflict that
does not quote the altered value counts as a false alarm. Unchanged copies (the baseline: a
verifier must stay silent on them) are fused too.

usage: python bench/conflicts.py [--quick] [--per-kind N] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import DATA, md_table, write_results  # noqa: E402


def cases(per_kind: int) -> list[tuple[str, str, Any]]:
    """(kind, original text, edit or None) for each edit kind, first articles that allow it."""
    from newsfuse.fusion.perturb import EDITS

    texts: list[str] = []
    for name in ("mmds_dev.jsonl", "ecbplus_dev.jsonl"):
        with (DATA / "clustering" / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    out: list[tuple[str, str, Any]] = []
    for edit in EDITS:
        found = [(t, e) for t in texts if (e := edit(t)) is not None][:per_kind]
        out += [(edit.__name__, t, e) for t, e in found]
    out += [("unchanged", t, None) for t in texts[:per_kind]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1 case per kind (smoke test)")
    parser.add_argument("--per-kind", type=int, default=8)
    parser.add_argument("--out-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    per_kind = 1 if args.quick else args.per_kind

    from newsfuse.errors import NewsfuseError
    from newsfuse.fusion.embed import EmbeddingCache
    from newsfuse.ingest import article_from_text
    from newsfuse.nlp import load_encoder, load_spacy
    from newsfuse.pipeline import fuse_articles

    nlp, encoder, cache = load_spacy(), load_encoder(), EmbeddingCache()
    stats: dict[str, list[int]] = {}  # kind -> [cases, hits, misses, false alarms]
    start = time.perf_counter()
    for kind, text, edit in cases(per_kind):
        copy_text = edit.apply(text) if edit else text + "\n\nReporting by a second desk."
        try:
            original = article_from_text(text, source="original")
            copy = article_from_text(copy_text, source="copy")
        except NewsfuseError as exc:  # a text ingest does not accept: not a case
            print(kind, "skipped:", exc, flush=True)
            continue
        report = fuse_articles([original, copy], nlp=nlp, encoder=encoder, cache=cache)
        row = stats.setdefault(kind, [0, 0, 0, 0])
        row[0] += 1
        quoting = [
            c for c in report.conflicts if edit and any(edit.new in s.value for s in c.sides)
        ]
        if edit is not None and edit.conflict:
            row[1 if quoting else 2] += 1
        row[3] += len(report.conflicts) - len(quoting if edit and edit.conflict else [])
        print(kind, edit.old if edit else "", "->", edit.new if edit else "", row, flush=True)
    seconds = time.perf_counter() - start

    hits = sum(r[1] for r in stats.values())
    misses = sum(r[2] for r in stats.values())
    false = sum(r[3] for r in stats.values())
    precision = hits / (hits + false) if hits + false else 1.0
    recall = hits / (hits + misses) if hits + misses else 1.0
    rows = [[k, *v] for k, v in stats.items()]
    rows.append(["all", sum(r[0] for r in stats.values()), hits, misses, false])
    table = md_table(["edit", "cases", "conflict found", "missed", "false alarms"], rows)
    body = (
        f"{table}\n\nPrecision {precision:.3f}, recall {recall:.3f} "
        f"(conflicts that must be found: altered years and counts; false alarms: any other "
        f"conflict, including every conflict on restated, rounded or unchanged copies). "
        f"{len(rows) - 1} kinds, {seconds:.0f} s."
    )
    print(body)
    out = write_results(
        "conflicts", "Conflicts on generated edits of real articles", body, out_dir=args.out_dir
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
