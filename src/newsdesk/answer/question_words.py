"""The words questions are read with (``data/answer/questions.json``), read once per process.

Stop words that never name an actor, the cue words of each relation a question can ask about,
and the words after which a question names its pair ("between"): the actor lookup and ``ask``
both read them from here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def question_cues() -> dict:
    """The file's contents: ``stopwords``, ``relations`` (cue words by relation), ``pair_after``
    (and ``about``, what the file is)."""
    return json.loads(resources.files("newsdesk").joinpath("data/answer/questions.json").read_text("utf-8"))
