"""A run's plan: the stories' fingerprints are those of the stories, wherever they were taken."""

from searchsvc.store.manifest import fingerprint
from searchsvc.store.plan import make_plan
from tests.store.reindex_helpers import write_story


def test_fingerprints_taken_in_the_parsing_pool_equal_the_stories_own(tmp_path):
    # Six files in a pool of two: single stories are fingerprinted where they were parsed, the merged
    # story (two copies of one text) here; both must be what fingerprint() says of the story itself.
    for number in range(5):
        write_story(tmp_path, f"story-{number}.txt", f"Harbour story {number}", words=f"word{number}")
    write_story(
        tmp_path, "copy.txt", "Harbour story 0", body=(tmp_path / "story-0.txt").read_text().split("\n\n", 1)[1]
    )
    plan = make_plan([tmp_path], None, incremental=False, workers=2, progress=False)
    assert all(entry.fingerprints for entry in plan.parsed)
    assert plan.merged == 1 and len(plan.stories) == 5
    assert {
        story.id: (fingerprint(story), plan.fingerprints[story.id][1]) for story in plan.stories
    } == plan.fingerprints
