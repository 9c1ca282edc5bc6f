"""The story index's buckets: capped for stories with many copies, consistent on removal."""

from __future__ import annotations

from newsdesk.store import dedup

TEXT = (
    "Norway and Chile met in Oslo on Tuesday for a third round of talks on fishing quotas in the "
    "southern Pacific, officials said, after the previous round ended without an agreement on "
    "how many boats each fleet may send."
)


def copies(n: int) -> list[str]:
    return [f"{TEXT} Additional reporting by staff. (Item {i}.)" for i in range(n)]


def test_a_story_with_many_copies_fills_its_buckets_only_to_the_cap():
    index = dedup.StoryIndex(bucket_cap=8)
    stories = [index.add(i, text) for i, text in enumerate(copies(40))]
    assert set(stories) == {0}  # every copy joined the first
    assert len(index) == 40
    assert max(len(b) if isinstance(b, set) else 1 for t in index._tables for b in t.values()) <= 8
    assert len(index._candidates(dedup.signature(TEXT))) <= 8 * len(index._tables)
    assert index.add("late", TEXT) == 0  # a later copy still finds the story


def test_removing_keys_left_out_of_full_buckets():
    index = dedup.StoryIndex(bucket_cap=4)
    for i, text in enumerate(copies(12)):
        index.add(i, text)
    index.remove(range(12))
    assert len(index) == 0
    assert all(not t for t in index._tables)


def test_uncapped_index_keeps_every_key():
    index = dedup.StoryIndex(bucket_cap=None)
    for i, text in enumerate(copies(20)):
        index.add(i, text)
    assert len(index._candidates(dedup.signature(TEXT))) == 20
