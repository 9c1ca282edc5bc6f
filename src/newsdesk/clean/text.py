"""Clean a plain-text scrape: the article's paragraphs, headline, standfirst, captions.

The line classifier (:mod:`.classifier`) decides which lines are article text; the
lines just before the first article line form the header, where the headline, the
standfirst and the byline/dateline sit. Captions (image alt text, photo credits) near
the article are kept apart, and paywall text right after the last paragraph marks the
article as cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..tuning import weights
from .classifier import LineClassifier, best_run, load
from .features import ENDS_SENTENCE, cue_hits
from .lines import Line, split_lines
from .metadata import bylines_from_header, outlet_from_lines, parse_date, published_from_header

_TOKEN = re.compile(r"\w+")
# The thresholds (run and gap floors, the fallback share, header and paywall reach, headline
# length) are the clean stage's tuning weights: data/clean/weights.json, read through
# tuning.weights("clean") so that Stage(config=...) can override them.
#: Explicit photo credits ("REUTERS/Name", "Photo: AFP", "(Getty Images)").
_CREDIT = re.compile(r"\b(?:REUTERS|AFP|AP|EPA|Getty Images|Shutterstock|Reuters TV)\s*/|"
                     r"/\s*(?:REUTERS|AFP|AP|EPA|Getty Images)\b|\b(?:Photo|Image|Picture)s? (?:credit|by)\b|"
                     r"^(?:FILE PHOTO|Photo|Image|Credit|Above|Caption)\s*:", re.I)


#: E-mail addresses, links and "Name/Agency" credits are never headlines.
_NOT_TITLE = re.compile(r"@|https?:|www\.|\w/\w")
_BYLINE = re.compile(r"(?:by|from|posted by|written by|words by|von|por|par|di)\s", re.I)


@dataclass
class CleanText:
    body: str
    title: str | None = None
    summary: str | None = None
    captions: list[str] = field(default_factory=list)
    paywalled: bool = False
    outlet: str | None = None
    published: str | None = None
    #: Names of the byline (people and agency alike; ``declared.authors_and_agency`` parts them).
    bylines: list[str] = field(default_factory=list)


def _tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def is_caption(line: Line) -> bool:
    return bool(_CREDIT.search(line.text)) or (cue_hits(line.text, "caption") > 0 and _tokens(line.text) < 60
                                              and not ENDS_SENTENCE.search(line.text))


BOILERPLATE = ("navigation", "share", "subscribe", "legal", "paywall", "related")


def _boilerplate(line: Line) -> bool:
    return any(cue_hits(line.text, c) for c in BOILERPLATE)


def _headline(line: Line) -> bool:
    """Shaped like a headline: a few words, no final full stop, not a credit, byline or widget."""
    text = line.text
    n = len([t for t in _TOKEN.findall(text) if not t.isdigit()])
    w = weights("clean")
    return (w.min_title_words <= n <= w.max_title_tokens and not text.endswith((".", ":", ","))
            and text[:1].isalnum() and not _NOT_TITLE.search(text) and not is_caption(line)
            and not _boilerplate(line) and not cue_hits(text, "byline") and not _BYLINE.match(text)
            and parse_date(text) is None)


def _standfirst(line: Line) -> bool:
    return _tokens(line.text) >= 8 and bool(ENDS_SENTENCE.search(line.text)) and not is_caption(line) \
        and not _boilerplate(line)


def _split_header(lines: list[Line], kept: list[int]) -> tuple[int | None, int | None, list[int]]:
    """Headline and standfirst at the top of the kept run, if the classifier kept them.

    A headline is short and unpunctuated; a standfirst is a sentence set apart from the
    paragraphs by non-article lines (captions, byline). Both are taken out of the body.
    """
    title = summary = None
    longest = weights("clean").max_title_tokens
    if len(kept) > 2 and _headline(lines[kept[0]]) and _tokens(lines[kept[0]].text) <= longest:
        title, kept = kept[0], kept[1:]
        if len(kept) > 2 and kept[1] > kept[0] + 1 and _standfirst(lines[kept[0]]):
            summary, kept = kept[0], kept[1:]
    return title, summary, kept


def article_lines(lines: list[Line], scores: np.ndarray, threshold: float) -> np.ndarray:
    """Which lines are the article's, from the classifier's scores: lines over the threshold
    inside the page's best run of lines, and the less sure lines between them."""
    w = weights("clean")
    floor, gap = w.run_floor, w.gap_floor
    top = float(scores.max())
    if 0 < top < threshold:  # nothing sure: the page's relatively best lines, scaled alike
        scale = top * w.text_fallback_share / threshold
        threshold, floor, gap = threshold * scale, floor * scale, gap * scale
    keep = scores >= threshold
    # The article is one run of lines: drop kept lines outside the page's best run (comments
    # and teasers far below it), where the run's gain weighs each line by its length.
    sizes = np.array([_tokens(line.text) for line in lines], dtype=float)
    start, end = best_run((scores - floor) * (np.sqrt(sizes) + 1))
    keep[:start] = False
    keep[end + 1:] = False
    kept = np.flatnonzero(keep)
    if len(kept) >= 2:
        keep[kept[0]:kept[-1] + 1] |= scores[kept[0]:kept[-1] + 1] >= gap
    return keep


def clean_text(text: str, classifier: LineClassifier | None = None) -> CleanText:
    lines = split_lines(text)
    if not lines:
        return CleanText(body="")
    w = weights("clean")
    if len(lines) < w.min_model_lines:
        short = w.short_line_tokens
        keep = np.array([_tokens(line.text) > short or not _boilerplate(line) for line in lines])
    else:
        model = classifier or load()
        keep = article_lines(lines, model.scores(lines), model.threshold)
    # A paywall prompt is never article text, whatever its neighbours look like.
    kept = [int(i) for i in np.flatnonzero(keep)
            if not (cue_hits(lines[i].text, "paywall") and _tokens(lines[i].text) < 25)]
    outlet = outlet_from_lines(lines)
    if not kept:
        return CleanText(body="", outlet=outlet)
    first, last = kept[0], kept[-1]
    zone = range(max(first - w.header_lines, 0), min(last + 4, len(lines)))
    captions = [i for i in zone if is_caption(lines[i])]
    caption_set = set(captions)
    kept = [i for i in kept if i not in caption_set]
    title_index, summary_index, kept = _split_header(lines, kept)
    if not kept:
        return CleanText(body="", outlet=outlet, captions=[lines[i].text for i in captions])
    start = kept[0] if title_index is None else title_index
    header = [i for i in range(max(start - w.header_lines, 0), start) if i not in caption_set]
    if title_index is None:
        title_index = next((i for i in reversed(header) if _headline(lines[i])), None)
        header = [i for i in header if title_index is None or i > title_index]
    if summary_index is None:
        summary_index = next((i for i in header if _standfirst(lines[i])), None)
    between = [lines[i] for i in range(start + 1, kept[0]) if i not in caption_set]
    tail = lines[last + 1:last + 1 + w.paywall_lines]
    return CleanText(
        body="\n\n".join(lines[i].text for i in kept),
        title=lines[title_index].text if title_index is not None else None,
        summary=lines[summary_index].text if summary_index is not None else None,
        captions=[lines[i].text for i in captions],
        paywalled=any(cue_hits(line.text, "paywall") for line in tail),
        outlet=outlet,
        published=published_from_header([lines[i] for i in header] + between),
        bylines=bylines_from_header([lines[i] for i in header] + between),
    )
