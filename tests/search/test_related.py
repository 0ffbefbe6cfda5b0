"""Related stories: each story's related stories are of its own topic, itself and its versions left out."""

import pytest

from searchsvc.articles import Article, Version
from tests.query.test_likeness import COFFEE, FOOTBALL

STORIES = [Article(id=i, title=t, body=b) for i, t, b in COFFEE + FOOTBALL]


@pytest.fixture
def index(make_index, open_index):
    return open_index(make_index(STORIES))


def test_related_stories_are_of_the_storys_own_topic(index):
    related = {story.id: [hit.id for hit in index.related(story.id, limit=2).hits] for story in STORIES}
    topics = {story.id: story.id[0] for story in STORIES}
    # "London" is in one story of each topic (k4, f1), and rarer than either topic's words; it ranks the
    # other topic third for them, below two stories of their own.
    assert {story: [topics[hit] for hit in hits] for story, hits in related.items()} == {
        story: [topics[story]] * 2 for story in related
    }
    assert [hit.id for hit in index.related("k4", limit=3).hits] == ["k1", "k2", "f1"]


def test_related_leaves_out_the_story_and_its_versions_and_finds_it_by_a_version_id(make_index, open_index):
    merged = Article(
        id="k1",
        title=COFFEE[0][1],
        body=COFFEE[0][2],
        versions=(Version(id="k1"), Version(id="k1-copy")),
    )
    index = open_index(make_index([merged] + STORIES[1:]))
    by_version = [hit.id for hit in index.related("k1-copy", limit=10).hits]
    assert by_version == [hit.id for hit in index.related("k1", limit=10).hits]
    assert "k1" not in by_version and sorted(by_version[:3]) == ["k2", "k3", "k4"]
    assert index.related("nope") is None
