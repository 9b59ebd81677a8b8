"""Calls to action, pitches and JavaScript notices leave the body; reported sentences stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest import read_sources
from newsfuse.ingest.conventions import apply_conventions
from newsfuse.ingest.html import article_from_html
from newsfuse.ingest.promo import is_promo
from newsfuse.ingest.text import article_from_text
from newsfuse.models import Article, Skipped

BODY = (
    "The central bank raised its main rate to 4.5 percent on Thursday, officials said.\n"
    "Markets had expected the move after inflation rose for a third month."
)

# A client-side app's whole HTML, as the usual project generators write it.
REACT_SHELL = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"/>'
    '<meta name="viewport" content="width=device-width,initial-scale=1"/>'
    '<meta name="description" content="Latest news and analysis"/><title>Daily Ledger</title>'
    '<script defer="defer" src="/static/js/main.8f2d41c3.js"></script>'
    '<link href="/static/css/main.0b1e9a2f.css" rel="stylesheet"></head><body>'
    '<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>'
    "</body></html>"
)
VUE_SHELL = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Harbour Times | Ferry service resumes after storm</title>
    <script defer src="/js/chunk-vendors.3c1d7b.js"></script><script defer src="/js/app.91ab02.js">
    </script><link href="/css/app.5fd0e1.css" rel="stylesheet">
  </head>
  <body>
    <noscript>
      <strong>We're sorry but harbour-times doesn't work properly without JavaScript enabled.
      Please enable it to continue.</strong>
    </noscript>
    <div id="app"></div>
  </body>
</html>"""


@pytest.mark.parametrize(
    "promo",
    ["READ MORE HERE", "Read more", "Read the full story here.", "Click here to read more.",
     "Watch the video here", "Sign up for our daily newsletter",
     "Get the latest updates right in your inbox. Subscribe to our newsletters.",
     "Follow our full coverage of the election at https://example.org/election",
     "Download our app for breaking news alerts.", "Like us on Facebook",
     "If you enjoyed this article, become a member: join today.",
     "Have a tip? Reach the newsroom at tips@example.org.", "Tell us what you think...",
     "SEE MORE: Rates rise again", "DON'T MISS", "Please enable JavaScript to view the comments."],
)  # fmt: skip
def test_a_promo_line_goes_to_boilerplate(promo: str) -> None:
    cleaned = apply_conventions(f"{BODY}\n{promo}\n{BODY}", head=False)
    assert cleaned.text == f"{BODY}\n{BODY}"
    assert promo in cleaned.boilerplate


@pytest.mark.parametrize(
    "sentence",
    ["Like other towns, Homs receives earthquake alerts on a phone app.",
     "Support for the measure grew after the app was launched.",
     "Get-out-the-vote efforts moved to Facebook and Instagram this year.",
     '"Subscribe to our newsletter," the banner read.',
     "Officials said residents should sign up for text alerts.",
     "The newsletter, which has 2 million subscribers, said the strike would go on.",
     "Join the queue, police told drivers at the border on Friday.",
     "Follow-up inspections found no damage to the bridge.",
     "JavaScript is required for the voting portal, officials said.",
     "The site uses JavaScript to track readers across pages, the report found.",
     "More than 200 people were arrested, and more protests are planned."],
)  # fmt: skip
def test_a_reported_sentence_is_never_taken_for_promotion(sentence: str) -> None:
    assert not is_promo(sentence)
    assert apply_conventions(f"{BODY}\n{sentence}", head=False).text == f"{BODY}\n{sentence}"


def test_a_call_stuck_to_a_sentence_is_cut_and_the_sentence_kept() -> None:
    raw = f"{BODY} READ MORE HERE\nRates last rose in 2023.'Click To Tweet"
    article = article_from_text(raw, source="wire.txt", title="Bank raises rates")
    assert article.text == f"{BODY}\nRates last rose in 2023.'"
    assert "READ MORE HERE" in article.boilerplate and "Click To Tweet" in article.boilerplate


def test_no_line_of_the_clustering_dev_articles_is_taken_for_promotion(data_dir: Path) -> None:
    # 622 real reports (ECB+ and MMDS): every line flagged here would be a lost sentence
    lines = 0
    for name in ("ecbplus_dev.jsonl", "mmds_dev.jsonl"):
        for record in (data_dir / "clustering" / name).read_text(encoding="utf-8").splitlines():
            for line in json.loads(record)["text"].splitlines():
                lines += 1
                assert not is_promo(line), line
    assert lines > 5000


@pytest.mark.parametrize("shell", [REACT_SHELL, VUE_SHELL], ids=["react", "vue"])
def test_a_javascript_only_page_is_skipped_with_the_reason(shell: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="only says it needs JavaScript"):
        article_from_html(shell, source="app.html")
    page = tmp_path / "app.html"
    page.write_text(shell, encoding="utf-8")
    (item,) = read_sources([page])
    assert isinstance(item, Skipped) and "needs JavaScript" in item.reason
    assert "print or AMP page" in item.reason


def test_a_record_holding_only_the_notice_is_skipped(tmp_path: Path) -> None:
    records = tmp_path / "scraped.jsonl"
    notice = {"title": "Daily Ledger", "text": "You need to enable JavaScript to run this app."}
    real = {"title": "Bank raises rates", "text": BODY}
    records.write_text(json.dumps(notice) + "\n" + json.dumps(real) + "\n", encoding="utf-8")
    skipped, article = read_sources([records])
    assert isinstance(skipped, Skipped) and "needs JavaScript" in skipped.reason
    assert isinstance(article, Article) and article.text == BODY


def test_an_article_with_a_comments_notice_keeps_its_body() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY.splitlines())
    html = (
        "<html><head><title>Bank raises rates</title></head><body><article>"
        f"<h1>Bank raises rates</h1>{paragraphs}"
        "<p>Please enable JavaScript to view the comments powered by Disqus.</p>"
        "</article></body></html>"
    )
    article = article_from_html(html, source="bank.html")
    assert article.text.endswith(BODY) and "JavaScript" not in article.text
