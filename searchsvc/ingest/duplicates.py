"""Near-duplicate grouping (first version: none)."""


def merge_duplicates(articles):
    return list(articles)
