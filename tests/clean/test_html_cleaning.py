"""HTML pages: a page written for this test, and real benchmark pages from ../shared."""

from __future__ import annotations

import gzip
import json

from shareddata import shared_path

from newsdesk.clean.article import clean_page
from newsdesk.eval.extraction import page_counts
from newsdesk.model import RawPage

PARAGRAPHS = [
    "Rivers in the northern valleys burst their banks on Tuesday after three days of heavy rain, forcing "
    "the closure of two mountain passes and the evacuation of several hundred residents, officials said.",
    "The regional governor said emergency crews had reached most of the villages cut off by the water, but "
    "that the roads into the upper valley would stay closed until engineers had checked the bridges.",
    "Forecasters expect the rain to ease on Thursday, although they warned that the ground was already "
    "saturated and that further flooding could not be ruled out in the lower valleys.",
]
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Floods close mountain passes | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Floods close mountain passes">
<meta name="description" content="Heavy rain swept across the northern valleys for a third day.">
<meta property="article:published_time" content="2020-03-03T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Floods close mountain passes</h1>
<p class="byline">By Jane Doe</p>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Storm damage costs rise</a></li>
<li><a href="/b">Roads reopen</a></li></ul></aside>
</main>
<footer><p>© 2020 Example News Ltd. All rights reserved.</p><a href="/privacy">Privacy Policy</a></footer>
</body></html>"""


def test_own_html_page() -> None:
    article = clean_page(RawPage(id="floods.html", kind="html", content=PAGE, source="test"))
    for paragraph in PARAGRAPHS:
        assert paragraph in article.body
    for junk in ("Home", "Storm damage", "Privacy Policy", "All rights reserved"):
        assert junk not in article.body
    assert article.title == "Floods close mountain passes"
    assert article.summary == "Heavy rain swept across the northern valleys for a third day."
    assert article.outlet == "Example News"
    assert article.published == "2020-03-03"
    assert article.language == "en"


def test_real_html_pages_match_their_true_bodies() -> None:
    folder = shared_path("eval", "article-extraction-benchmark")
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[::15]  # a sample keeps the test fast; `newsdesk eval` scores them all
    f1 = []
    for key in keys:
        markup = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        article = clean_page(RawPage(id=key, kind="html", content=markup, source=key))
        tp, fp, fn = page_counts(truth[key]["articleBody"], article.body)
        f1.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    assert sum(f1) / len(f1) > 0.85
    assert sorted(f1)[len(f1) // 2] > 0.9
