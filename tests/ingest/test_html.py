"""HTML pages: real pages from the extraction dev set, scripts, malformed markup, no article."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest.html import article_from_html, decode_html, extract_body
from newsfuse.models import content_id

PARAGRAPHS = [
    "Rescue teams reached the flooded villages on Tuesday after two days of heavy rain.",
    "Officials said more than 3,000 people had been moved to schools and sports halls.",
    "The river is expected to fall slowly over the weekend, forecasters said on Monday.",
]


def _page(body: str) -> str:
    return (
        "<html><head><title>Floods force thousands from homes</title>"
        '<meta property="og:site_name" content="Example Times">'
        '<meta name="author" content="Ana Silva">'
        '<meta property="article:published_time" content="2024-12-06T08:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>Floods force thousands from homes</h1>{body}</article>"
        "<footer>Copyright Example Times</footer></body></html>"
    )


def test_article_fields_from_a_page() -> None:
    html = _page("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    article = article_from_html(html, source="page.html", url="https://example.org/floods")
    assert article.title == "Floods force thousands from homes"
    assert article.outlet == "Example Times"
    assert article.byline == "Ana Silva"
    assert article.published == "2024-12-06"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.id == content_id(article.text)


def test_scripts_and_styles_never_reach_the_text() -> None:
    body = (
        "<script>var secret = 'tracking-code'; document.write('injected');</script>"
        "<style>.x { color: red }</style>"
        + "".join(f"<p>{p}</p><script>alert('x')</script>" for p in PARAGRAPHS)
    )
    article = article_from_html(_page(body), source="scripts.html")
    assert "tracking-code" not in article.text and "alert" not in article.text
    assert "color: red" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_malformed_markup_still_gives_the_text() -> None:
    broken = "<html><body><div><p>" + "<p>".join(PARAGRAPHS) + "<div><b>unclosed <i>tags</p></span>"
    article = article_from_html(broken, source="broken.html")
    assert all(p in article.text for p in PARAGRAPHS)


@pytest.mark.parametrize("html", ["", "<html><body></body></html>", "<html><body><nav>x</nav>"])
def test_page_without_an_article_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError, match="no article text"):
        article_from_html(html, source="empty.html")


def test_declared_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'
    assert "Москва" in decode_html(html.encode("cp1251"), source="ru.html")


def test_real_benchmark_pages_give_most_of_their_true_body(data_dir: Path) -> None:
    truth = json.loads((data_dir / "extraction" / "ground-truth.json").read_text("utf-8"))
    for path in sorted((data_dir / "extraction" / "html").glob("*.html.gz"))[:5]:
        key = path.name.removesuffix(".html.gz")
        html = decode_html(gzip.decompress(path.read_bytes()), source=path.name)
        body = extract_body(html)
        true_words = set(truth[key]["articleBody"].split())
        assert len(true_words & set(body.split())) >= 0.8 * len(true_words), key


def test_recall_pass_rescues_a_page_the_precise_pass_empties() -> None:
    # Every paragraph is a link: the precision-oriented pass drops them all; the text is still
    # the only content of the page, so the recall-oriented pass is used.
    html = (
        "<html><body><div>"
        + "".join(f"<p><a href='/story/{i}'>{PARAGRAPHS[i % 3]}</a></p>" for i in range(6))
        + "</div></body></html>"
    )
    article = article_from_html(html, source="links.html")
    assert all(p in article.text for p in PARAGRAPHS)
